import ArgumentParser
import Foundation
import ThinlineRunner

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "A self-contained HTML page: the aging overview, the decisions, the review list and the handover batch.",
    discussion: """
      With inputs: decides over those files (as thinline handover does). Without inputs: over the ledger of the \
      configuration (as the last thinline run saw it). Everything from the input files is escaped.
      """)

  @OptionGroup var decision: DecisionInputOptions

  @Option(help: "nl or en; default the config's language, else nl.")
  var lang: Language?

  @Option(name: [.short, .customLong("output")], help: "The HTML file to write, or - for stdout (default).")
  var output: String = "-"

  @Argument(help: "Files, folders or - for stdin; none to report on the ledger.")
  var inputs: [String] = []

  func run() throws {
    let configuration = try decision.configuration()
    guard let language = lang ?? Language(rawValue: configuration.language) else {
      throw UsageError("the configuration's language \(configuration.language) is not nl or en")
    }
    let (input, loaded) = try decision.decisionContext(inputs, configuration: configuration, purpose: "report on the ledger")
    let report = Handover.decide(input, loaded: loaded)
    keepUntilExit(report)
    let rejected = loaded.rejected
    let html = Handover.reportHTML(report, language: language)
    try OutputFile.write(html, to: output)
    if output != "-" { printError("wrote \(output)") }
    if rejected > 0 { throw ExitCode(ExitStatus.rejected) }
  }
}
