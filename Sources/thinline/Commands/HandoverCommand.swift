import ArgumentParser
import Foundation
import ThinlineRunner

struct HandoverCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "handover",
    abstract: "Reconcile and decide over files and folders (one-off: no ledger, nothing moved); write decisions.json into --out.",
    discussion: """
      Inputs: UBL invoices and credit notes, billing CSV exports (invoices, open items, lines, payments, reminders). \
      Agreements and approvals come from --agreements/--approvals or the config. A summary goes to stderr.
      """)

  @OptionGroup var decision: DecisionInputOptions

  @Option(
    name: [.short, .customLong("output"), .customLong("out")],
    help: "The folder to write decisions.json and the dossiers into (created when missing); --out is the same.")
  var out: String

  @Flag(name: [.short, .long], help: "Print only warnings and errors, not the summary and the files written.")
  var quiet = false

  @Option(help: "The language of the summary on stderr: en (default) or nl.")
  var lang: Language = .en

  @Argument(help: "Files, folders or - for stdin.")
  var inputs: [String]

  func run() throws {
    let date = decision.date()
    let configuration = try decision.configuration()
    let files = try expandInputs(inputs)
    let outcome = try Handover.run(
      Handover.Options(
        inputs: files, configuration: configuration, asOf: date,
        outDirectory: out))
    keepUntilExit(outcome)
    outcome.messages.forEach(printError)
    if !quiet {
      printError(Handover.summary(outcome.report, language: lang, tally: outcome.tally))
      for path in outcome.written { printError("wrote \(path)") }
    }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
