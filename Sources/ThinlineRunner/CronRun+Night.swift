import Foundation
import Logging
import ThinlineCore
import ThinlineLedger
import ThinlineWriters

#if canImport(Glibc)
  import Glibc
#endif

/// A night's decision: what it depends on (the fingerprint), what it decides from (the ledger's
/// records), and the batch it publishes.
extension CronRun {
  /// What a decision depends on: the as-of date, every recorded file, the handovers, and the
  /// agreements, approvals, rates and policy.
  static func fingerprint(options: Options, ledger: Ledger) throws -> String {
    let config = options.configuration
    var text = "as-of \(options.asOf)\n"
    text += try ledger.recordedChecksums().joined(separator: "\n") + "\n"
    text += try ledger.handedOver().sorted().joined(separator: "\n") + "\n"
    for path in [config.agreements, config.approvals, config.rates, config.file].compactMap({ $0 }) {
      let bytes = (try? InputFiles.read(InputFile(name: path, path: path))) ?? []
      text += "\(path) \(Checksum.sha256(bytes))\n"
    }
    return Checksum.sha256(Array(text.utf8))
  }

  /// What the next run would decide from: the ledger's files (read only), agreements, approvals
  /// (`thinline report` and `whatif` with --config and no inputs).
  public static func currentInput(configuration: Configuration, asOf: CalendarDate) throws -> DecisionInput {
    guard let path = configuration.ledger, FileManager.default.fileExists(atPath: path) else {
      throw UsageError("no ledger yet: run thinline run first, or give the export files as inputs")
    }
    return try ledgerInput(configuration: configuration, ledger: try Ledger(path: path, readOnly: true), asOf: asOf).input
  }

  /// Which layout and reader a file's records come from. Records of another (an older release, a
  /// changed `csv:` section) are not trusted: the file is read again from its recorded bytes.
  static func reading(_ config: Configuration) -> String {
    "layout \(RecordCodec.layout); \(Handover.generator); csv \(Checksum.sha256(Array(config.csvMappingsText.utf8)).prefix(16))"
  }

  /// Where a night finds a source's bytes when its batch carries the source: in the ledger by
  /// SHA-256, or (a dry run) the inbox file this run would have taken.
  struct Sources: Sendable {
    var recorded: [String: String] = [:]
    var extra: [String: [UInt8]] = [:]

    /// The bytes of the sources of the invoices handed over, read before anything is published:
    /// a ledger that cannot give one fails the run instead of leaving it out of the dossier.
    func carried(by report: DecisionReport, from ledger: Ledger) throws -> [String: [UInt8]] {
      var bytes: [String: [UInt8]] = [:]
      for k in report.invoices.indices where report.invoices[k].decision == .handover {
        guard let name = report.invoices[k].document?.source, bytes[name] == nil else { continue }
        if let inMemory = extra[name] {
          bytes[name] = inMemory
        } else if let sha = recorded[name], let content = try ledger.content(of: sha) {
          bytes[name] = content
        }
      }
      return bytes
    }
  }

  /// What a night decides from: the records of every recorded file (files are parsed again only
  /// when their records are of another reading), plus `extra` (not recorded), the agreements,
  /// approvals and rates of the configuration, and the invoices handed over.
  /// - Parameter storeReadAgain: keep the records of files read again, for the next night.
  /// - Returns: also the warnings for files that could not be read again.
  static func ledgerInput(
    configuration config: Configuration, ledger: Ledger, extra: [InputFileBytes] = [], asOf: CalendarDate, storeReadAgain: Bool = false
  ) throws -> (input: DecisionInput, sources: Sources, warnings: [String]) {
    let policyFiles = try PolicyFiles.load(config)
    let reading = reading(config)
    Progress.say("reading the ledger's records …")
    var recorded = try ledger.recorded(reading: reading)
    let files = recorded.files
    let stale = files.indices.filter { !files[$0].isDecoded }
    if !stale.isEmpty { Progress.say("reading \(stale.count) recorded files again (recorded by another release or csv: section) …") }
    let readAgain: [Result<FileRecords, InputError>] = parallelMap(stale.map { files[$0] }) { file in
      Result { () throws(InputError) -> FileRecords in
        let content: [UInt8]?
        do { content = try ledger.content(of: file.sha256) } catch {
          throw InputError(SourceLocation(file: file.name), "cannot read its recorded content from the ledger (\(error))")
        }
        guard let bytes = content else {
          throw InputError(SourceLocation(file: file.name), "the ledger has no content for this recorded file")
        }
        let ingested = try Ingest.read(bytes, name: file.name, mappings: config.csvMappings)
        if let error = ingested.errors.first { throw error }
        return FileRecords(ingested)
      }
    }
    var warnings: [String] = []
    var readAgainByFile: [Int: FileRecords] = [:]
    for (i, result) in zip(stale, readAgain) {
      switch result {
      case .success(let records):
        readAgainByFile[i] = records
        if storeReadAgain { try ledger.storeRecords(records, of: files[i].sha256, reading: reading) }
      case .failure(let error):
        warnings.append("\(error.description) (recorded earlier, but this release cannot read it; its records are left out of this run)")
      }
    }
    var sources = Sources()
    for file in files { sources.recorded[file.name] = file.sha256 }
    var extraRecords: [FileRecords] = []
    for file in extra {
      guard let ingested = try? Ingest.read(file.bytes, name: file.name, mappings: config.csvMappings) else { continue }
      extraRecords.append(FileRecords(ingested))
      sources.extra[file.name] = file.bytes
    }
    // The decoded records are taken over as they are (not copied); files read again take their
    // place among them, in the order the files were recorded.
    var all = FileRecords()
    if stale.isEmpty {
      swap(&all, &recorded.records)
    } else {
      all = FileRecords.joined(files.indices.compactMap { readAgainByFile[$0] ?? recorded.records(of: $0) })
      recorded.records = FileRecords()
    }
    if !extraRecords.isEmpty { all = FileRecords.joined([all] + extraRecords) }
    var input = policyFiles.decisionInput(
      documents: all.documents, payments: all.payments, reminders: all.reminders, bankEntries: all.bankEntries, configuration: config,
      asOf: asOf)
    input.handedOver = try ledger.handedOver()
    input.earlierHandovers = try ledger.earlierHandovers()
    return (input, sources, warnings)
  }

  /// The decision over the ledger's records. The records themselves (a million documents) go
  /// when it returns: what the outputs need of them is in the report and `sources`.
  static func decideFromLedger(options: Options, ledger: Ledger, extra: [InputFileBytes]) throws -> (
    report: DecisionReport, sources: Sources, warnings: [String]
  ) {
    let (input, sources, warnings) = try ledgerInput(
      configuration: options.configuration, ledger: ledger, extra: extra, asOf: options.asOf, storeReadAgain: !options.dryRun)
    Progress.say("deciding over \(input.documents.count) documents from the ledger …")
    let report = DecisionEngine.decide(input)
    Progress.done()
    return (report, sources, warnings)
  }

  static func decide(options: Options, ledger: Ledger, outcome: inout Outcome) throws {
    let config = options.configuration
    let print = try fingerprint(options: options, ledger: ledger)
    if !options.dryRun, outcome.taken.isEmpty, try ledger.lastFingerprint() == print {
      outcome.unchanged = true
      return
    }
    // Everything recorded so far, plus (in a dry run) what this run would have taken.
    var extra: [InputFileBytes] = []
    if options.dryRun {
      for path in outcome.taken {
        extra.append(
          InputFileBytes(name: (path as NSString).lastPathComponent, bytes: try InputFiles.read(InputFile(name: path, path: path))))
      }
    }
    let (report, sources, warnings) = try decideFromLedger(options: options, ledger: ledger, extra: extra)
    outcome.messages += warnings
    outcome.report = report
    let tally = DecisionTally(report)  // once, for decisions.json, the report and the summary
    if report.debtors.contains(where: { $0.decision == .handover }) {
      let outbox = config.outbox!
      let encode = { (emit: ([UInt8]) -> Void) in
        DecisionsEncoding.write(report, policy: config.policy, generator: Handover.generator, tally: tally, emit: emit)
      }
      // decisions.json is streamed to a `.tmp-` name in the outbox (a crash leaves it to
      // `recoverBatches`, which drops it), since its checksum names the batch folder.
      let streamed = (outbox as NSString).appendingPathComponent(BatchFolder.temporaryPrefix + "decisions-\(getpid()).json")
      let decisions: Checksum.Digest
      if options.dryRun {
        var running = Checksum.Running()
        encode { running.update($0) }
        decisions = running.digest()
      } else {
        Progress.say("writing decisions.json …")
        decisions = try OutputFile.write(to: streamed, encode)
      }
      let id = DossierWriter.batchID(asOf: report.asOf, decisions: decisions)
      if !options.dryRun {
        let folder = BatchFolder(outbox: outbox, id: id)
        try publish(
          report, tally: tally, in: folder, decisions: (streamed, decisions), sources: sources, ledger: ledger, options: options,
          fingerprint: print, outcome: &outcome)
        return
      }
      outcome.batch = id
      return
    }
    if !options.dryRun {
      Progress.say("recording the run in the ledger …")
      try ledger.recordRun(
        startedAt: Timestamp.iso(options.clock()), report: report, filesTaken: outcome.taken.count, quarantined: outcome.quarantined.count,
        batch: nil,
        summary: Handover.summary(report, tally: tally), fingerprint: print)
    }
  }

  /// Writes the batch (delivery/ for the agency, internal/ for the house), records it and its
  /// handovers in the ledger, and renames it into place (`BatchFolder`).
  /// - Parameter decisions: decisions.json, already streamed to a temporary file, and its digest.
  static func publish(
    _ report: DecisionReport, tally: DecisionTally, in folder: BatchFolder, decisions: (path: String, digest: Checksum.Digest),
    sources: Sources, ledger: Ledger,
    options: Options, fingerprint: String, outcome: inout Outcome
  ) throws {
    let config = options.configuration
    // Checked before anything is recorded: a folder of that name is not ours to replace.
    if fm().fileExists(atPath: folder.final) {
      try? fm().removeItem(atPath: decisions.path)
      throw Failure.configuration(
        "\(folder.final) already exists, but the ledger has no batch \(folder.id): nothing was recorded or handed over; move that folder out of the outbox and run again"
      )
    }
    // The sources the batch carries, read before any of it is written.
    let carried: [String: [UInt8]]
    do { carried = try sources.carried(by: report, from: ledger) } catch {
      try? fm().removeItem(atPath: decisions.path)
      throw error
    }
    try folder.create()
    // delivery/ is exactly what goes to the agency (the debtors handed over, nothing else);
    // internal/ stays in the house: every debtor's decision, the report, the run's record.
    try fm().createDirectory(atPath: folder.path("internal"), withIntermediateDirectories: true)
    try fm().moveItem(atPath: decisions.path, toPath: folder.path("internal/decisions.json"))
    Progress.say("writing the dossiers and the report …")
    // The report is made on a core of its own while the dossiers are written: it shows of the
    // batch only its id (the folder's) and agency.
    var dossiers: Result<DossierWriter.Published, UsageError>? = nil
    var html = ""
    bothAtOnce(
      {
        dossiers = Result { () throws(UsageError) in
          try DossierWriter.write(
            report: report, configuration: config, decisions: decisions.digest, folder: folder.path("delivery"),
            sourceBytes: { carried[$0] }, layout: .delivery)
        }
      },
      {
        html = HTMLReport.render(
          report, batchLine: .init(id: folder.id, agency: config.agency.name), lang: Language(rawValue: config.language) ?? .nl,
          tally: tally)
      })
    _ = try dossiers!.get()
    try OutputFile.write(html, to: folder.path("internal/report.html"))
    var record = outcome
    record.report = report
    record.batch = folder.id
    try OutputFile.write(record.json.rendered(), to: folder.path("internal/run.json"))
    // The commit point: handovers recorded and the batch complete, in one transaction.
    // (The handovers change the fingerprint, so the next run decides once more: with them
    // handed_over, it hands nothing over again.)
    Progress.say("recording the run in the ledger …")
    try folder.publish {
      try ledger.recordRun(
        startedAt: Timestamp.iso(options.clock()), report: report, filesTaken: outcome.taken.count, quarantined: outcome.quarantined.count,
        batch: (folder.id, folder.final), summary: Handover.summary(report, tally: tally), fingerprint: fingerprint)
    }
    outcome.batch = folder.id
    log.notice("wrote batch \(folder.final)")
  }

  struct InputFileBytes: Sendable {
    var name: String
    var bytes: [UInt8]
  }
}
