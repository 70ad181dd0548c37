import Foundation
import ThinlineCSV
import ThinlineCore
import ThinlineWriters

/// `thinline handover`: the one-off run of reconciliation and decisions over files and folders;
/// no ledger, nothing moved; the outputs go into one folder.
public enum Handover {
  public struct Options: Sendable {
    public var inputs: [InputFile]
    /// With the agreements, approvals and rates files it names (the command line's
    /// `--agreements`, `--approvals` and `--rates` are put into it).
    public var configuration: Configuration
    public var asOf: CalendarDate
    public var outDirectory: String
    public init(inputs: [InputFile], configuration: Configuration, asOf: CalendarDate, outDirectory: String) {
      self.inputs = inputs
      self.configuration = configuration
      self.asOf = asOf
      self.outDirectory = outDirectory
    }
  }

  public struct Outcome: Sendable {
    public var report: DecisionReport
    public var messages: [String]
    public var rejectedFiles: Int
    public var written: [String]
    /// The tally the run made once, for every output that counts.
    public var tally: DecisionTally
    /// The English summary lines.
    public var summary: String { Handover.summary(report, tally: tally) }
    public var exitCode: Int32 { ExitStatus.finished(rejecting: rejectedFiles > 0) }
  }

  /// The one version string: printed by `thinline --version`, written as every output's `generator`.
  public static let version = "0.2.0"
  public static let generator = "thinline \(version)"

  /// Everything the engine needs from the inputs.
  public struct Loaded: Sendable {
    public var documents: [Document] = []
    public var payments: [PaymentRecord] = []
    public var reminders: [ReminderRecord] = []
    public var bankEntries: [BankEntry] = []
    public var messages: [String] = []
    public var rejected = 0
    /// Each file read, by the source name its records carry: for the dossiers' copies and attachments.
    public var sources: [String: SourceFile] = [:]
    public init() {}
  }

  /// Reads every input on all cores; a file that cannot be read is reported and left out.
  public static func load(_ files: [InputFile], mappings: [CSVProfile] = []) -> Loaded {
    // Each file's checksum is taken in the same pass as its parse: the content decided from.
    var results: [Result<(IngestedFile, Checksum.Digest), InputError>] = parallelMap(files) { file in
      Result { () throws(InputError) -> (IngestedFile, Checksum.Digest) in
        let bytes = try InputFiles.read(file)
        return (try Ingest.read(bytes, name: file.name, mappings: mappings), Checksum.Digest(of: bytes))
      }
    }
    var loaded = Loaded()
    for (k, file) in files.enumerated() {
      // Moved out of `results`, not copied: with a second reference, renaming the source below
      // copied every record of a million-row export.
      let result = results[k]
      results[k] = .failure(InputError(SourceLocation(file: file.name), "taken"))
      switch consume result {
      case .failure(let error):
        loaded.messages.append(error.description)
        loaded.rejected += 1
      case .success((var ingested, let digest)):
        loaded.messages += ingested.warnings.map(\.description)
        if !ingested.errors.isEmpty {
          loaded.messages += ingested.errors.map(\.description)
          loaded.messages.append("\(ingested.name): error: left out: \(ingested.errors.count) cell(s) could not be read")
          loaded.rejected += 1
          continue
        }
        // Outputs name the file by its place in the folder given (messages keep the path typed);
        // a name two inputs share stays the path as typed, so that it points at one file.
        var source = file.source
        if let taken = loaded.sources[source], taken.path != file.path { source = file.name }
        if file.path != nil {
          loaded.sources[source] = SourceFile(name: source, path: file.path, digest: digest)
        }
        if source != file.name {
          for i in ingested.documents.indices { ingested.documents[i].source = source }
          for i in ingested.payments.indices { ingested.payments[i].source.file = source }
          for i in ingested.reminders.indices { ingested.reminders[i].source.file = source }
          for i in ingested.bankEntries.indices { ingested.bankEntries[i].source.file = source }
        }
        // The first file's records are taken over as they are (a million-row export is not
        // copied element by element); later files are appended.
        take(&loaded.documents, ingested.documents)
        take(&loaded.payments, ingested.payments)
        take(&loaded.reminders, ingested.reminders)
        take(&loaded.bankEntries, ingested.bankEntries)
      }
    }
    return loaded
  }

  static func take<T>(_ all: inout [T], _ more: [T]) {
    if all.isEmpty { all = more } else { all += more }
  }

  /// Reads the inputs, agreements, approvals and rates, and decides.
  /// - Throws: `InputError` for unreadable agreements, approvals or rates (exit 64).
  public static func decide(_ files: [InputFile], configuration config: Configuration, asOf: CalendarDate) throws(InputError) -> (
    report: DecisionReport, loaded: Loaded
  ) {
    let (input, loaded) = try decisionInput(files, configuration: config, asOf: asOf)
    return (decide(input, loaded: loaded), loaded)
  }

  /// Decides over what was read, saying so on a terminal.
  public static func decide(_ input: DecisionInput, loaded: Loaded) -> DecisionReport {
    Progress.say(
      "read \(input.documents.count) documents, \(input.payments.count) payments, \(input.bankEntries.count) bank entries; deciding …")
    let report = DecisionEngine.decide(input)
    Progress.done()
    return report
  }

  /// What a decision over `files` looks at: the inputs read once, the agreements, approvals and rates.
  /// - Throws: `InputError` for unreadable agreements, approvals or rates (exit 64).
  public static func decisionInput(_ files: [InputFile], configuration config: Configuration, asOf: CalendarDate) throws(InputError)
    -> (input: DecisionInput, loaded: Loaded)
  {
    let policyFiles = try PolicyFiles.load(config)
    Progress.say("reading \(files.count) file(s) …")
    let loaded = load(files, mappings: config.csvMappings)
    Progress.done()
    let input = policyFiles.decisionInput(
      documents: loaded.documents, payments: loaded.payments, reminders: loaded.reminders, bankEntries: loaded.bankEntries,
      configuration: config, asOf: asOf)
    return (input, loaded)
  }

  /// What `report` and `whatif` decide from: the inputs given, or with none, the ledger of the
  /// configuration file (`configFile`, when one was given). `purpose` completes "give export
  /// files as inputs, or --config to …".
  public static func decisionContext(
    inputs: [String], configuration: Configuration, configFile: String?, asOf: CalendarDate, purpose: String
  ) throws -> (input: DecisionInput, loaded: Loaded) {
    if inputs.isEmpty {
      guard configFile != nil else { throw UsageError("give export files as inputs, or --config to \(purpose)") }
      return (try CronRun.currentInput(configuration: configuration, asOf: asOf), Loaded())
    }
    return try decisionInput(try InputFiles.expandSome(inputs), configuration: configuration, asOf: asOf)
  }

  public static func run(_ options: Options) throws(UsageError) -> Outcome {
    let config = options.configuration
    let (report, loaded): (DecisionReport, Loaded)
    do { (report, loaded) = try decide(options.inputs, configuration: config, asOf: options.asOf) } catch {
      throw UsageError(error.description)
    }
    do {
      try FileManager.default.createDirectory(atPath: options.outDirectory, withIntermediateDirectories: true)
    } catch {
      throw UsageError("\(options.outDirectory): cannot create the output folder (\(FileErrors.describe(error)))")
    }
    let path = (options.outDirectory as NSString).appendingPathComponent("decisions.json")
    let tally = DecisionTally(report)
    Progress.say("writing decisions.json …")
    let json = try OutputFile.write(to: path) { emit in
      DecisionsEncoding.write(report, policy: config.policy, generator: generator, tally: tally, emit: emit)
    }
    Progress.say("writing the dossiers …")
    let dossiers = try DossierWriter.write(
      report: report, configuration: config, decisions: json, folder: options.outDirectory,
      sourceBytes: { name throws(UsageError) in try loaded.sources[name]?.content() })
    Progress.done()
    return Outcome(
      report: report, messages: loaded.messages + report.warnings.map { "warning: \($0)" }, rejectedFiles: loaded.rejected,
      written: [path] + dossiers.paths, tally: tally)
  }

  /// The few lines a person reads on stderr: counts and money per decision, the debtors for
  /// review. English by default (what logs and scripts have always seen), Dutch with `--lang nl`.
  public static func summary(_ report: DecisionReport, language: Language = .en, tally given: DecisionTally? = nil) -> String {
    let w = Words(language)
    let t = w.t
    let tally = given ?? DecisionTally(report)
    let count = tally.invoices.values.reduce(0, +)
    var lines = [
      t(
        "as of \(report.asOf): \(count) invoice(s) of \(report.debtors.count) debtor(s)",
        "peildatum \(w.date(report.asOf)): \(count) factuur/facturen van \(report.debtors.count) debiteur(en)")
    ]
    for decision in tally.decisions {
      let debtors = tally.debtors[decision] ?? 0
      let invoices = tally.invoices[decision] ?? 0
      let sums = tally.open[decision] ?? [:]
      let money = sums.keys.sorted().map { "\(w.money(sums[$0]!)) \($0)" }.joined(separator: " + ")
      let name = language == .en ? decision.rawValue : decision.text(.nl)
      let label = name.padding(toLength: max(11, name.count), withPad: " ", startingAt: 0)
      lines.append(
        t(
          "  \(label) \(debtors) debtor(s), \(invoices) invoice(s), open \(money.isEmpty ? "0.00" : money)",
          "  \(label) \(debtors) debiteur(en), \(invoices) factuur/facturen, open \(money.isEmpty ? "0,00" : money)"))
    }
    for d in report.debtors where d.decision == .handover {
      let vat = d.costsVAT > 0 ? t(" + VAT ", " + btw ") + w.money(d.costsVAT) : ""
      lines.append(
        t(
          "  hand over \(d.customer) \(d.name ?? ""): principal \(w.money(d.principal)) + interest \(w.money(d.interest)) + costs \(w.money(d.costs))\(vat) = \(w.money(d.total)) \(d.currency ?? "")",
          "  overdragen \(d.customer) \(d.name ?? ""): hoofdsom \(w.money(d.principal)) + rente \(w.money(d.interest)) + kosten \(w.money(d.costs))\(vat) = \(w.money(d.total)) \(d.currency ?? "")"
        ))
    }
    for d in report.debtors where d.decision == .review {
      let manager = d.review?.accountManager.map { t(", account manager ", ", accountmanager ") + $0 } ?? ""
      lines.append(
        t(
          "  for review: \(d.customer) \(d.name ?? "") (open \(w.money(d.open)) \(d.currency ?? "")\(manager))",
          "  ter beoordeling: \(d.customer) \(d.name ?? "") (open \(w.money(d.open)) \(d.currency ?? "")\(manager))"))
    }
    if let bank = report.bank { lines.append("  " + bank.line(language)) }
    return lines.joined(separator: "\n")
  }
}

extension Handover {
  /// The report page for a decision (`thinline report`; `run` writes the same into each batch).
  public static func reportHTML(_ report: DecisionReport, language: Language) -> String {
    HTMLReport.render(report, batch: nil, lang: language)
  }
}
