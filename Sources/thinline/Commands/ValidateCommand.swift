import ArgumentParser
import Foundation
import ThinlineRunner

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check files: XML well-formedness, UBL 2.1 (with --xsd), EN 16931 arithmetic, CSV dialect and columns.",
    discussion: """
      Errors break XML, UBL 2.1, an EN 16931 rule (BR-CO-10…17, BR-S-08) or make a CSV unreadable; \
      Thinline's own advice is a warning and does not change the exit code. Exit 65 when any file has an error.
      """)

  @Argument(help: "Files, folders or - for stdin.")
  var inputs: [String]

  @Option(name: .long, help: "Folder with the OASIS UBL 2.1 schemas (maindoc/ and common/).")
  var xsd: String?

  @Option(name: .long, help: "Report format: text or json.")
  var format: Validate.ReportFormat = .text

  @Option(help: "A configuration file (YAML) whose csv: mappings read exports no profile knows.")
  var config: String?

  @Flag(help: "For CSV: say which profile read the file and why, each field's header, the date order, decimals and credit-note sign.")
  var explain = false

  func run() throws {
    let files = try expandInputs(inputs)
    let outcome = try Validate.run(files, xsdDirectory: xsd, configPath: config, explain: explain)
    FileHandle.standardOutput.write(Data(Validate.render(outcome, as: format).utf8))
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
