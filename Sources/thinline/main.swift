import ArgumentParser
import Foundation
import ThinlineCore
import ThinlineRunner
import ThinlineUBL

/// Thinline's command line: each subcommand builds its options, calls the runner, prints and
/// maps the outcome to an exit code (interface.md: 0, 64, 65, 75, 1).
struct Thinline: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thinline",
    abstract: "Credit management batch processor: UBL and CSV in, reconciled decisions and handover dossiers out.",
    discussion: """
      Exit codes: 0 all done · 64 usage or configuration error · 65 finished, but an input was \
      rejected · 75 another run holds the lock · 1 internal error.
      """,
    version: "0.1.0",
    subcommands: [ConvertCommand.self, ValidateCommand.self]
  )
}

func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Prints a usage or configuration problem and exits 64 (EX_USAGE).
func usageFailure(_ message: String) -> ExitCode {
  printError("thinline: error: \(message)")
  return ExitCode(64)
}

func expandInputs(_ inputs: [String]) throws -> [InputFile] {
  do {
    let files = try InputFiles.expand(inputs)
    if files.isEmpty { throw usageFailure("no input files found in \(inputs.joined(separator: " "))") }
    return files
  } catch let error as UsageError {
    throw usageFailure(error.description)
  }
}

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

  @Option(name: .long, help: "Output format: json or csv.")
  var to: Convert.OutputFormat = .json

  @Option(name: [.short, .customLong("output")], help: "Output file, or - for stdout (default).")
  var output: String = "-"

  func run() throws {
    let files = try expandInputs(inputs)
    let outcome = Convert.run(files, to: to)
    outcome.messages.forEach(printError)
    do { try OutputFile.write(outcome.output, to: output) } catch { throw usageFailure(error.description) }
    if output != "-" { printError("converted \(outcome.documents) document(s) into \(output)") }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

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

  func run() throws {
    let files = try expandInputs(inputs)
    var validator: XSDValidator? = nil
    if let xsd {
      do { validator = try XSDValidator(directory: xsd) } catch { throw usageFailure("--xsd \(error.description)") }
    }
    let outcome = Validate.run(files, xsd: validator)
    FileHandle.standardOutput.write(Data(Validate.render(outcome, as: format).utf8))
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

extension Convert.OutputFormat: ExpressibleByArgument {}
extension Validate.ReportFormat: ExpressibleByArgument {}

Thinline.main()
