import ArgumentParser
import Foundation
import Logging
import ThinlineCSV
import ThinlineCore
import ThinlineLedger
import ThinlineRunner
import ThinlineUBL
import ThinlineWriters

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
    version: Handover.version,
    subcommands: [
      RunCommand.self, ReleaseCommand.self, HandoverCommand.self, ReportCommand.self, WhatIfCommand.self, ConvertCommand.self,
      ValidateCommand.self, ClaimCommand.self,
    ]
  )

  /// `thinline` alone is a usage mistake: the help goes to stderr and the exit code is 64.
  func run() throws {
    printError(Thinline.helpMessage())
    throw ExitCode(64)
  }
}

func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Prints a usage or configuration problem and exits 64 (EX_USAGE).
/// `--lang nl|en`: the parser checks the value and completes it.
extension Language: ExpressibleByArgument {}

func usageFailure(_ message: String) -> ExitCode {
  // A message that already says where and that it is an error (`file:line: error: …`) is not
  // prefixed a second time.
  printError(message.contains(": error: ") ? message : "thinline: error: \(message)")
  return ExitCode(64)
}

/// The `csv:` mappings of an optional configuration file.
func csvMappings(_ config: String?) throws -> [CSVProfile] {
  guard let config else { return [] }
  do { return try Configuration.load(config).csvMappings } catch { throw usageFailure(error.description) }
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
    let outcome = Convert.run(files, to: format ?? to ?? .json, mappings: try csvMappings(config))
    outcome.messages.forEach(printError)
    do { try OutputFile.write(outcome.output, to: output) } catch { throw usageFailure(error.description) }
    if output != "-" {
      let entries = outcome.bankEntries > 0 ? " and \(outcome.bankEntries) bank entr\(outcome.bankEntries == 1 ? "y" : "ies")" : ""
      printError("converted \(outcome.documents) document(s)\(entries) into \(output)")
    }
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

  @Option(help: "A configuration file (YAML) whose csv: mappings read exports no profile knows.")
  var config: String?

  @Flag(help: "For CSV: say which profile read the file and why, each field's header, the date order, decimals and credit-note sign.")
  var explain = false

  func run() throws {
    let files = try expandInputs(inputs)
    var validator: XSDValidator? = nil
    if let xsd {
      do { validator = try XSDValidator(directory: xsd) } catch { throw usageFailure("--xsd \(error.description)") }
    }
    let outcome = Validate.run(files, xsd: validator, mappings: try csvMappings(config), explain: explain)
    FileHandle.standardOutput.write(Data(Validate.render(outcome, as: format).utf8))
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

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

  @Option(name: .customLong("as-of"), help: "Decide as of this date (YYYY-MM-DD); default today.")
  var asOf: String?

  @Flag(name: .customLong("dry-run"), help: "Read and decide, but write, move and record nothing.")
  var dryRun = false

  @Option(help: "text (the summary line on stderr) or json (the summary as JSON on stdout as well).")
  var format: String = "text"

  /// The first spelling of --format json, kept for scripts.
  @Flag(name: .customLong("json"), help: .hidden)
  var json = false

  func validate() throws {
    guard format == "text" || format == "json" else { throw ValidationError("--format must be text or json") }
  }

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
    let date = try parseAsOf(asOf)
    let configuration: Configuration
    do { configuration = try Configuration.load(config) } catch { throw usageFailure(error.description) }
    let outcome: CronRun.Outcome
    do {
      outcome = try CronRun.run(CronRun.Options(configuration: configuration, asOf: date, dryRun: dryRun, initLedger: initLedger))
    } catch CronRun.Failure.locked(let message) {
      printError("thinline: \(message)")
      throw ExitCode(75)
    } catch {
      throw usageFailure(error.description)
    }
    outcome.messages.forEach(printError)
    for recovered in outcome.recovered { printError("recovered batch \(recovered)") }
    if !quiet || outcome.isNotable { printError(outcome.summaryLine(lang)) }
    if json || format == "json" { FileHandle.standardOutput.write(Data(outcome.json.rendered().utf8)) }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

struct ReleaseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "release",
    abstract: "Release a handed-over invoice, so that a later run may hand it over again (recorded in the ledger).")

  @Option(help: "The configuration file (YAML) naming the ledger.")
  var config: String

  @Option(help: "Why it is released (kept in the ledger).")
  var note: String?

  @Argument(help: "The invoice number.")
  var invoice: String

  func run() throws {
    let configuration: Configuration
    do { configuration = try Configuration.load(config) } catch { throw usageFailure(error.description) }
    guard let path = configuration.ledger else { throw usageFailure("\(config): no ledger configured") }
    do {
      let ledger = try Ledger(path: path)
      let batches = try ledger.release(invoice: invoice, at: ISO8601DateFormatter().string(from: Date()), note: note)
      if batches.isEmpty {
        printError("thinline: \(invoice) is not in any batch (or was released already): nothing to release")
        throw ExitCode(65)
      }
      printError("released \(invoice) from \(batches.joined(separator: ", ")); a later run may hand it over again")
    } catch let error as Ledger.LedgerError {
      throw usageFailure(error.description)
    }
  }
}

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

  @Option(name: .customLong("as-of"), help: "Decide as of this date (YYYY-MM-DD); default today.")
  var asOf: String?

  func date() throws -> CalendarDate { try parseAsOf(asOf) }

  /// The configuration file (or the defaults), with --agreements, --approvals and --rates in place of its own.
  func configuration() throws -> Configuration {
    var configuration = Configuration()
    if let config {
      do { configuration = try Configuration.load(config) } catch { throw usageFailure(error.description) }
    }
    if let agreements { configuration.agreements = agreements }
    if let approvals { configuration.approvals = approvals }
    if let rates { configuration.rates = rates }
    return configuration
  }
}

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
    let date = try decision.date()
    let configuration = try decision.configuration()
    let files = try expandInputs(inputs)
    let outcome: Handover.Outcome
    do {
      outcome = try Handover.run(
        Handover.Options(
          inputs: files, configuration: configuration, agreementsPath: nil, approvalsPath: nil, ratesPath: nil, asOf: date,
          outDirectory: out))
    } catch {
      throw usageFailure(error.description)
    }
    outcome.messages.forEach(printError)
    if !quiet {
      printError(Handover.summary(outcome.report, language: lang))
      for path in outcome.written { printError("wrote \(path)") }
    }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "What a policy or agreement change moves: decisions and money before → after, the debtors that change. Writes nothing else.",
    discussion: """
      Inputs as for handover (files and folders), or none with --config to use the cron job's ledger. Keys: \
      policy.<key> (policy.handover_after_days=60, policy.min_amount=100, policy.strategic.revenue_share=0.05) and \
      customers.<id>.<key> (customers.10150.payment_days=60, customers.10150.strategic=true). --variant FILE is a YAML \
      overlay with policy: and customers: (by id, only the keys given).
      """)

  @OptionGroup var decision: DecisionInputOptions

  @Option(name: .customLong("set"), help: "A change KEY=VALUE (repeatable).")
  var sets: [String] = []

  @Option(help: "A YAML overlay of policy: and customers: keys.")
  var variant: String?

  @Option(help: "One key over a range, KEY=FROM:TO:STEP: the totals for each value.")
  var sweep: String?

  @Option(help: "Output format: text or json.")
  var format: String = "text"

  @Option(help: "For a sweep: write a self-contained HTML chart to this file.")
  var html: String?

  @Argument(help: "Files, folders or - for stdin; none to decide over the ledger of --config.")
  var inputs: [String] = []

  func validate() throws {
    guard format == "text" || format == "json" else { throw ValidationError("--format must be text or json") }
    if sets.isEmpty && variant == nil && sweep == nil {
      throw ValidationError("give a change: --set KEY=VALUE, --variant FILE or --sweep KEY=FROM:TO:STEP")
    }
    if html != nil && sweep == nil { throw ValidationError("--html draws a sweep: give --sweep KEY=FROM:TO:STEP") }
  }

  func run() throws {
    let date = try decision.date()
    let configuration = try decision.configuration()
    let base: DecisionInput
    var rejected = 0
    if inputs.isEmpty {
      guard decision.config != nil else { throw usageFailure("give export files as inputs, or --config to decide over the ledger") }
      do { base = try CronRun.currentInput(configuration: configuration, asOf: date) } catch { throw usageFailure("\(error)") }
    } else {
      let files = try expandInputs(inputs)
      do {
        let (input, loaded) = try Handover.decisionInput(
          files, configuration: configuration, agreementsPath: nil, approvalsPath: nil, ratesPath: nil, asOf: date)
        loaded.messages.forEach(printError)
        rejected = loaded.rejected
        base = input
      } catch {
        throw usageFailure(error.description)
      }
    }
    let output: String
    do {
      let changed = try WhatIf.apply(sets: sets, variant: variant, to: base)
      if let sweep {
        let (key, values) = try WhatIf.sweepValues(sweep)
        var totals: [WhatIf.Totals] = []
        for value in values {
          let input = try WhatIf.apply(sets: ["\(key)=\(value)"], variant: nil, to: changed)
          totals.append(WhatIf.Totals(DecisionEngine.decide(input)))
        }
        output =
          format == "json"
          ? WhatIf.sweepJSON(key: key, values: values, totals: totals, asOf: date).rendered()
          : WhatIf.sweepText(key: key, values: values, totals: totals, asOf: date)
        if let html {
          do { try OutputFile.write(WhatIf.sweepHTML(key: key, values: values, totals: totals, asOf: date), to: html) } catch {
            throw usageFailure(error.description)
          }
        }
      } else {
        let comparison = WhatIf.compare(
          before: DecisionEngine.decide(base), after: DecisionEngine.decide(changed),
          changes: (variant.map { ["--variant \($0)"] } ?? []) + sets)
        output = format == "json" ? WhatIf.json(comparison).rendered() : WhatIf.text(comparison)
      }
    } catch let error as InputError {
      throw usageFailure(error.description)
    }
    FileHandle.standardOutput.write(Data(output.utf8))
    if let html { printError("wrote \(html)") }
    if rejected > 0 { throw ExitCode(65) }
  }
}

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
    let date = try decision.date()
    let configuration = try decision.configuration()
    guard let language = lang ?? Language(rawValue: configuration.language) else {
      throw usageFailure("the configuration's language \(configuration.language) is not nl or en")
    }
    let report: DecisionReport
    var rejected = 0
    if inputs.isEmpty {
      guard decision.config != nil else { throw usageFailure("give export files as inputs, or --config to report on the ledger") }
      do { report = try CronRun.currentReport(configuration: configuration, asOf: date) } catch { throw usageFailure("\(error)") }
    } else {
      let files = try expandInputs(inputs)
      do {
        let decided = try Handover.decide(
          files, configuration: configuration, agreementsPath: nil, approvalsPath: nil, ratesPath: nil, asOf: date)
        decided.loaded.messages.forEach(printError)
        rejected = decided.loaded.rejected
        report = decided.report
      } catch {
        throw usageFailure(error.description)
      }
    }
    let html = HTMLReport.render(report, batch: nil, lang: language)
    do { try OutputFile.write(html, to: output) } catch { throw usageFailure(error.description) }
    if output != "-" { printError("wrote \(output)") }
    if rejected > 0 { throw ExitCode(65) }
  }
}

struct ClaimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim",
    abstract: "Statutory interest and collection costs for one claim, with the working shown.",
    discussion: """
      Interest accrues every day from the day after the due date through the as-of date at the rate in force \
      that day (base × rate / 365), is capitalised on each anniversary and rounded once, half up. Costs follow \
      the BIK scale (minimum 40.00, maximum 6,775.00).
      """)

  @Option(help: "The open principal, e.g. 1210.00.")
  var principal: String

  @Option(help: "The effective due date (YYYY-MM-DD).")
  var due: String

  @Option(name: .customLong("as-of"), help: "The date to compute to (YYYY-MM-DD); default today.")
  var asOf: String?

  @Flag(help: "The debtor is a consumer (statutory interest art. 6:119, costs only after a 14-day letter).")
  var consumer = false

  @Option(name: .customLong("rate-kind"), help: "commercial (art. 6:119a) or non-commercial (art. 6:119); default by --consumer.")
  var rateKind: String?

  @Option(help: "A contractual yearly rate instead of the statutory one: 0.08 or 8%.")
  var contractual: String?

  @Option(name: .customLong("business-costs"), help: "Costs for a business: bik (default), flat40 or none.")
  var businessCosts: String = "bik"

  @Flag(name: .customLong("vat-on-costs"), help: "Add 21 % VAT to the costs (the creditor cannot deduct VAT).")
  var vatOnCosts = false

  @Option(help: "A rate table (JSON, see schemas/statutory-interest-rates.schema.json) instead of the shipped one.")
  var rates: String?

  @Option(help: "Output format: text or json.")
  var format: Claim.Format = .text

  func run() throws {
    guard let amount = ExactDecimal(xsDecimal: principal), amount.value > 0 else {
      throw usageFailure("--principal \(principal) is not a positive amount (expected e.g. 1210.00)")
    }
    guard let dueDate = CalendarDate(iso: due) else { throw usageFailure("--due \(due) is not a date (expected YYYY-MM-DD)") }
    guard dueDate.isPlausible else { throw usageFailure("--due \(due) is outside the dates Thinline decides on (years 1900–2199)") }
    let asOfDate = try parseAsOf(asOf)
    var kind: InterestKind? = nil
    if let rateKind {
      guard let k = InterestKind(rawValue: rateKind), k != .contractual else {
        throw usageFailure("--rate-kind \(rateKind) is not commercial or non-commercial")
      }
      kind = k
    }
    var contractualRate: Decimal? = nil
    if let contractual {
      guard let r = parseRate(contractual) else { throw usageFailure("--contractual \(contractual) is not a rate (expected 0.08 or 8%)") }
      contractualRate = r
    }
    guard let policy = BusinessCostsPolicy(rawValue: businessCosts) else {
      throw usageFailure("--business-costs \(businessCosts) is not bik, flat40 or none")
    }
    var table = StatutoryInterestRates.shipped
    if let rates {
      do { table = try RateTableFile.load(rates) } catch { throw usageFailure(error.description) }
    }
    let result = Claim.compute(
      Claim.Request(
        principal: amount.value, due: dueDate, asOf: asOfDate, consumer: consumer, kind: kind,
        contractualRate: contractualRate, businessCosts: policy, vatOnCosts: vatOnCosts, rates: table))
    let output = format == .json ? Claim.json(result).rendered() : Claim.text(result)
    FileHandle.standardOutput.write(Data(output.utf8))
  }
}

/// `--as-of`, defaulting to today's calendar date where the machine is.
func parseAsOf(_ text: String?) throws -> CalendarDate {
  guard let text else {
    let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }
  guard let date = CalendarDate(iso: text) else {
    let parts = text.split(separator: "-")
    let hint =
      parts.count == 3 && parts[2].count == 4
      ? "; did you mean --as-of \(parts[2])-\(parts[1].count == 1 ? "0" + parts[1] : parts[1])-\(parts[0].count == 1 ? "0" + parts[0] : parts[0])?"
      : ""
    throw usageFailure("--as-of \(text) is not a date (expected YYYY-MM-DD)\(hint)")
  }
  guard date.isPlausible else { throw usageFailure("--as-of \(text) is outside the dates Thinline decides on (years 1900–2199)") }
  return date
}

/// A yearly rate written as a fraction (0.08) or a percentage (8%, 8 %).
func parseRate(_ text: String) -> Decimal? {
  var t = text.trimmingCharacters(in: .whitespaces)
  let percent = t.hasSuffix("%")
  if percent { t = String(t.dropLast()).trimmingCharacters(in: .whitespaces) }
  guard let value = ExactDecimal(xsDecimal: t)?.value, value >= 0 else { return nil }
  let rate = percent ? value / 100 : value
  return rate < 1 ? rate : nil
}

extension Claim.Format: ExpressibleByArgument {}
extension Convert.OutputFormat: ExpressibleByArgument {}
extension Validate.ReportFormat: ExpressibleByArgument {}

LoggingSystem.bootstrap { label in
  var handler = StreamLogHandler.standardError(label: label)
  let level = ProcessInfo.processInfo.environment["THINLINE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
  handler.logLevel = level ?? .error
  return handler
}
Thinline.main()
