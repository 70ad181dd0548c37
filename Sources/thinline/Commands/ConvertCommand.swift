import ArgumentParser
import Foundation
import ThinlineRunner

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Normalise invoices and credit notes (UBL 2.1 or billing CSV) into one JSON or CSV.",
    discussion: """
      Lenient: any well-formed UBL Invoice or CreditNote converts; what it lacks becomes null, \
      with a warning on stderr. A file that cannot be read is reported and left out (exit 65).
      """)

  @Argument(help: "Files, folders (recursively, dot-files skipped) or - for stdin.")
  var inputs: [String]

  @Option(help: "Output format: json or csv (default json).")
  var format: Convert.OutputFormat?

  /// The first spelling of --format, kept for scripts.
  @Option(name: .customLong("to"), help: .hidden)
  var to: Convert.OutputFormat?

  @Option(name: [.short, .customLong("output")], help: "Output file, or - for stdout (default).")
  var output: String = "-"

  @Option(help: "A configuration file (YAML) whose csv: mappings read exports no profile knows.")
  var config: String?

  func run() throws {
    let files = try expandInputs(inputs)
    let outcome = Convert.run(files, to: format ?? to ?? .json, mappings: try Configuration.csvMappings(of: config))
    outcome.messages.forEach(printError)
    try OutputFile.write(outcome.output, to: output)
    if output != "-" {
      let entries = outcome.bankEntries > 0 ? " and \(outcome.bankEntries) bank entr\(outcome.bankEntries == 1 ? "y" : "ies")" : ""
      printError("converted \(outcome.documents) document(s)\(entries) into \(output)")
    }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
