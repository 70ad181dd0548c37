import ArgumentParser
import Foundation
import ThinlineRunner

func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `--lang nl|en`: the parser checks the value and completes it.
extension Language: ExpressibleByArgument {}

func expandInputs(_ inputs: [String]) throws -> [InputFile] { try InputFiles.expandSome(inputs) }

/// The decision inputs `handover`, `report` and `whatif` share: one declaration, one meaning.
struct DecisionInputOptions: ParsableArguments {
  @Option(help: "The configuration file (YAML); paths in it are relative to it. With no inputs, report and whatif decide over its ledger.")
  var config: String?

  @Option(help: "The agreements file (YAML); overrides the config's.")
  var agreements: String?

  @Option(help: "The approvals file (CSV or YAML); overrides the config's.")
  var approvals: String?

  @Option(help: "A statutory interest rate table (JSON) instead of the shipped one.")
  var rates: String?

  @OptionGroup var asOf: AsOfOption

  func date() -> CalendarDate { asOf.date }

  /// What `report` and `whatif` decide from: the export files given (their problems printed), or,
  /// with none, the ledger of --config. `purpose` completes "give export files as inputs, or
  /// --config to …".
  func decisionContext(_ inputs: [String], configuration: Configuration, purpose: String) throws -> (
    input: DecisionInput, loaded: Handover.Loaded
  ) {
    let context = try Handover.decisionContext(
      inputs: inputs, configuration: configuration, configFile: config, asOf: date(), purpose: purpose)
    context.loaded.messages.forEach(printError)
    return context
  }

  /// The configuration file (or the defaults), with --agreements, --approvals and --rates in place of its own.
  func configuration() throws -> Configuration {
    var configuration = Configuration()
    if let config {
      configuration = try Configuration.load(config)
    }
    if let agreements { configuration.agreements = agreements }
    if let approvals { configuration.approvals = approvals }
    if let rates { configuration.rates = rates }
    return configuration
  }
}

/// Today's calendar date where the machine is: the one place the command line reads the clock
/// for a decision (everything below takes the date as an input).
func today() -> CalendarDate {
  let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
  return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
}

/// `--as-of`, shared by every command that decides or computes: a calendar date the parser
/// checks (with a hint for `29-11-2026`), today when not given.
struct AsOfOption: ParsableArguments {
  @Option(name: .customLong("as-of"), help: "Decide as of this date (YYYY-MM-DD); default today.", transform: parseAsOf)
  var asOf: CalendarDate?

  var date: CalendarDate { asOf ?? today() }
}

/// A date given on the command line (`--as-of`, `--due`), checked where the parser reads it.
func parseDate(_ text: String, flag: String) throws -> CalendarDate {
  guard let date = CalendarDate(iso: text) else {
    let parts = text.split(separator: "-")
    let hint =
      parts.count == 3 && parts[2].count == 4
      ? "; did you mean \(flag) \(parts[2])-\(parts[1].count == 1 ? "0" + parts[1] : parts[1])-\(parts[0].count == 1 ? "0" + parts[0] : parts[0])?"
      : ""
    throw ValidationError("not a date (expected YYYY-MM-DD)\(hint)")
  }
  guard date.isPlausible else { throw ValidationError("outside the dates Thinline decides on (years 1900–2199)") }
  return date
}

func parseAsOf(_ text: String) throws -> CalendarDate { try parseDate(text, flag: "--as-of") }

extension SummaryFormat: ExpressibleByArgument {}
extension BusinessCostsPolicy: ExpressibleByArgument {}
extension Convert.OutputFormat: ExpressibleByArgument {}
extension Validate.ReportFormat: ExpressibleByArgument {}

/// Keeps a command's outcome alive until the process exits. A decision over a million invoices
/// takes seconds to tear down value by value, and the process is about to end anyway: the system
/// takes the memory back at once (compilers do the same, e.g. clang's `-disable-free`).
nonisolated(unsafe) private var keptUntilExit: [Any] = []

func keepUntilExit(_ value: Any) { keptUntilExit.append(value) }
