import ArgumentParser
import Foundation
import ThinlineRunner

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract:
      "The cron job: take the settled files from the inbox into the ledger, archive or quarantine them, decide, and write one batch for the debtors newly ripe for handover.",
    discussion: """
      Safe to run again and again: an input leaves the inbox only after its content is in the ledger, the same \
      content is recognised under any name, and an invoice handed over is never in a second batch (unless \
      released with thinline release). Exit 65 when a file was quarantined, 75 when another run holds the lock.
      """)

  @Option(help: "The configuration file (YAML).")
  var config: String

  @OptionGroup var asOf: AsOfOption

  @Flag(name: .customLong("dry-run"), help: "Read and decide, but write, move and record nothing.")
  var dryRun = false

  @Option(help: "text (the summary line on stderr) or json (the summary as JSON on stdout as well).")
  var format: SummaryFormat = .text

  /// The first spelling of --format json, kept for scripts.
  @Flag(name: .customLong("json"), help: .hidden)
  var json = false

  @Flag(
    name: [.short, .long],
    help: "For cron: print the summary only when something needs attention (a quarantined file, a batch, a recovery).")
  var quiet = false

  @Option(help: "The language of the summary line: en (default) or nl. The JSON summary is the same in both.")
  var lang: Language = .en

  @Flag(
    name: .customLong("init-ledger"),
    help: "Start a new ledger although the outbox holds batches (after the ledger was lost); their invoices are taken in as handed over.")
  var initLedger = false

  func run() throws {
    let date = asOf.date
    let configuration = try Configuration.load(config)
    let outcome = try CronRun.run(CronRun.Options(configuration: configuration, asOf: date, dryRun: dryRun, initLedger: initLedger))
    keepUntilExit(outcome)
    outcome.messages.forEach(printError)
    for recovered in outcome.recovered { printError("recovered batch \(recovered)") }
    if !quiet || outcome.isNotable { printError(outcome.summaryLine(lang)) }
    if json || format == .json { FileHandle.standardOutput.write(Data(outcome.json.rendered().utf8)) }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
