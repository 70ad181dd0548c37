import Foundation
import Logging
import ThinlineCore
import ThinlineLedger
import ThinlineWriters

#if canImport(Glibc)
  import Glibc
#endif

/// `thinline run`: the cron job over the billing package's export folder.
///
/// Safe to run again and again and to kill at any moment: an input is moved out of the inbox
/// only after its content is committed to the ledger; a batch is written under a temporary name,
/// synced, recorded as handed over in the same transaction that marks it complete, and only then
/// renamed into place. A run that finds a temporary batch finishes it (when the ledger has it) or
/// discards it (when not); the next decision makes it again.
public enum CronRun {
  /// The job's log: what it took, quarantined, recovered and wrote (swift-log; the executable
  /// sends it to stderr, `THINLINE_LOG_LEVEL` sets the level).
  static let log = Logger(label: "thinline.run")

  public struct Options: Sendable {
    public var configuration: Configuration
    public var asOf: CalendarDate
    public var dryRun: Bool
    /// Start a new ledger although the outbox holds batches (after the ledger was lost, knowing
    /// that invoices in those batches may be handed over again).
    public var initLedger: Bool
    /// The wall clock: when a file is settled, the archive's day folder, the ledger's timestamps.
    /// (Decisions never read it: they are as of `asOf`.) Passed in, so that a test can set it.
    public var clock: @Sendable () -> Date
    public init(
      configuration: Configuration, asOf: CalendarDate, dryRun: Bool, initLedger: Bool = false,
      clock: @escaping @Sendable () -> Date = { Date() }
    ) {
      self.configuration = configuration
      self.asOf = asOf
      self.dryRun = dryRun
      self.initLedger = initLedger
      self.clock = clock
    }
  }

  public struct Outcome: Sendable {
    public var taken: [String] = []
    public var alreadyKnown: [String] = []
    public var waiting: [String] = []
    public var quarantined: [String] = []
    public var batch: String?
    /// The as-of date the run decided at (also when nothing changed and it skipped deciding).
    public var asOf: CalendarDate?
    /// A dry run: the batch is the one a real run would write, and nothing was written.
    public var dryRun = false
    /// Something an operator should see: a file quarantined, a batch written, a batch recovered.
    public var isNotable: Bool { !quarantined.isEmpty || batch != nil || !recovered.isEmpty }
    public var report: DecisionReport?
    public var messages: [String] = []
    public var recovered: [String] = []
    /// Nothing changed since the last run's decision: nothing to decide.
    public var unchanged = false
    public var exitCode: Int32 { ExitStatus.finished(rejecting: !quarantined.isEmpty) }

    /// One line for the operator's log: English by default, Dutch with `--lang nl`.
    public var summaryLine: String { summaryLine(.en) }

    public func summaryLine(_ language: Language) -> String {
      let t = Words(language).t
      let counts = DecisionTally.debtors(report?.debtors ?? [])
      let decisions = Decision.allCases.reversed().compactMap { d in
        counts[d].map { "\(language == .en ? d.rawValue : d.text(.nl)) \($0)" }
      }.joined(separator: ", ")
      let decided =
        unchanged
        ? t("nothing changed since the last run", "niets veranderd sinds de vorige run")
        : t("debtors: ", "debiteuren: ") + (decisions.isEmpty ? t("none", "geen") : decisions)
      let written = batch.map {
        dryRun
          ? t("batch \($0) would be written (dry run: nothing written)", "batch \($0) zou worden geschreven (proefrun: niets geschreven)")
          : t("batch \($0) written", "batch \($0) geschreven")
      }
      return t(
        "thinline run: \(taken.count) file(s) taken, \(alreadyKnown.count) already known, \(waiting.count) waiting (younger than settle_seconds), \(quarantined.count) quarantined; ",
        "thinline run: \(taken.count) bestand(en) opgenomen, \(alreadyKnown.count) al bekend, \(waiting.count) wachtend (jonger dan settle_seconds), \(quarantined.count) in quarantaine; "
      ) + "\(decided); " + (written ?? t("no new batch", "geen nieuwe batch"))
    }

    public var json: JSONValue {
      let tally = DecisionTally.debtors(report?.debtors ?? [])
      let counts = Decision.allCases.compactMap { d in tally[d].map { (d.rawValue, JSONValue.int($0)) } }
      return .object([
        ("as_of", .optional((report?.asOf ?? asOf)?.description)),
        ("dry_run", .bool(dryRun)),
        ("taken", .array(taken.map { .string($0) })),
        ("already_known", .array(alreadyKnown.map { .string($0) })),
        ("waiting", .array(waiting.map { .string($0) })),
        ("quarantined", .array(quarantined.map { .string($0) })),
        ("recovered_batches", .array(recovered.map { .string($0) })),
        ("debtors", .object(counts)),
        ("batch", .optional(batch)),
        ("unchanged", .bool(unchanged)),
        ("exit_code", .int(Int(exitCode))),
      ])
    }
  }

  /// A configuration or environment problem: exit 64. Another run holding the lock: exit 75.
  /// Anything else (a bug): exit 1.
  public enum Failure: LocalizedError, CustomStringConvertible {
    case configuration(String)
    case locked(String)
    case unexpected(String)
    public var description: String {
      switch self {
      case .configuration(let m), .locked(let m), .unexpected(let m): return m
      }
    }
    public var errorDescription: String? { description }
  }

  /// The clock's time as the ledger records it.
  static func timestamp(_ date: Date) -> String { Timestamp.iso(date) }

  public static func run(_ options: Options) throws(Failure) -> Outcome {
    let config = options.configuration
    guard let inbox = config.inbox, let outbox = config.outbox, let archive = config.archive, let quarantine = config.quarantine,
      let ledgerPath = config.ledger
    else {
      throw .configuration("the configuration needs inbox, outbox, archive, quarantine and ledger for thinline run")
    }
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: inbox, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .configuration("inbox \(inbox): no such folder (the billing package's export folder)")
    }
    try checkFolders(config)
    for folder in [outbox, archive, quarantine, (ledgerPath as NSString).deletingLastPathComponent] where !options.dryRun {
      do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
        throw .configuration("\(folder): cannot create the folder (\(String(cString: strerror(errno))))")
      }
    }
    // One run at a time: an advisory lock beside the ledger, held until the process ends. Never
    // through a link: a dangling link must not create a file where it points.
    let lockPath = ledgerPath + ".lock"
    let lock = options.dryRun && !fm.fileExists(atPath: lockPath) ? -1 : open(lockPath, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o644)
    if lock < 0 && errno == ELOOP {
      throw .configuration("\(lockPath): the lock file is a symbolic link; remove it (Thinline creates the lock itself)")
    }
    if lock < 0 && !options.dryRun {
      throw .configuration("\(lockPath): cannot create the lock file (\(String(cString: strerror(errno))))")
    }
    if lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) != 0 {
      throw .locked("another thinline run holds \(lockPath); try again later")
    }
    defer { if lock >= 0 { close(lock) } }

    let ledger: Ledger
    var scratch: String? = nil
    do {
      if options.dryRun {
        // A dry run writes nothing: it reads the ledger as it is, or starts from an empty one.
        if fm.fileExists(atPath: ledgerPath) {
          ledger = try Ledger(path: ledgerPath, readOnly: true)
        } else {
          let folder = NSTemporaryDirectory() + "thinline-dry-run-\(getpid())"
          try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
          scratch = folder
          ledger = try Ledger(path: folder + "/ledger.sqlite")
        }
      } else {
        try checkLedgerIsNotLost(ledgerPath: ledgerPath, outbox: outbox, initLedger: options.initLedger)
        ledger = try Ledger(path: ledgerPath)
      }
    } catch let error as Failure {
      throw error
    } catch let error as Ledger.LedgerError {
      if error.busy { throw .locked("another process is using the ledger \(ledgerPath); try again later") }
      throw .configuration(error.description)
    } catch { throw .configuration(FileErrors.describe(error)) }
    defer { if let scratch { try? fm.removeItem(atPath: scratch) } }
    var outcome = Outcome()
    outcome.asOf = options.asOf
    outcome.dryRun = options.dryRun
    do {
      if !options.dryRun {
        for path in Inbox.restoreStaged(inbox) { log.notice("put \(path) back into the inbox: a crashed run left it staged") }
        if options.initLedger {
          for batch in try adoptBatches(outbox: outbox, ledger: ledger) {
            outcome.messages.append("thinline: took batch \(batch) from the outbox into the new ledger; its invoices stay handed over")
          }
        }
        try checkBatchesAreKnown(outbox: outbox, ledger: ledger)
      }
      try recoverBatches(outbox: outbox, ledger: ledger, dryRun: options.dryRun, outcome: &outcome)
      try takeInbox(config: config, ledger: ledger, dryRun: options.dryRun, clock: options.clock, outcome: &outcome)
      try decide(options: options, ledger: ledger, outcome: &outcome)
    } catch let error as Failure {
      throw error
    } catch let error as Ledger.LedgerError {
      if error.busy { throw .locked("another process is using the ledger \(ledgerPath); try again later") }
      throw .configuration(error.description)
    } catch let error as UsageError {
      throw .configuration(error.description)
    } catch let error as InputError {
      throw .configuration(error.description)
    } catch  where FileErrors.isFileSystem(error) {
      throw .configuration(FileErrors.describe(error))  // a folder or file the job cannot use
    } catch {
      throw .unexpected("\(error)")
    }
    return outcome
  }

  /// Temporary batch folders left by a crashed run: finish the ones the ledger has, drop the rest.
  static func recoverBatches(outbox: String, ledger: Ledger, dryRun: Bool, outcome: inout Outcome) throws {
    let fm = FileManager.default
    for entry in (try? fm.contentsOfDirectory(atPath: outbox)) ?? [] {
      guard let id = BatchFolder.id(ofTemporary: entry), !dryRun else { continue }
      let folder = BatchFolder(outbox: outbox, id: id)
      let (temporary, final) = (folder.temporary, folder.final)
      if try ledger.isComplete(batch: id) {
        if fm.fileExists(atPath: final) {
          // Never delete what this job did not make: both stay, for a person to look at.
          outcome.messages.append(
            "\(temporary): warning: batch \(id) is recorded, but \(final) already exists and was not made by this run; both are left as they are — compare them and deliver the right one"
          )
          continue
        }
        try fm.moveItem(atPath: temporary, toPath: final)
        outcome.recovered.append("\(id) finished")
        log.notice("recovered batch \(id): it was recorded complete; renamed into place")
      } else {
        try fm.removeItem(atPath: temporary)
        outcome.recovered.append("\(id) discarded (not recorded; decided again now)")
        log.notice("discarded batch \(id): a crashed run left it unrecorded; it is decided again now")
      }
    }
  }

  /// Files a run may take: settled, not temporary, not hidden; and the entries it refuses.
  static func candidates(
    inbox: String, settleSeconds: Int, followSymlinks: Bool, maximumSize: Int = InputFiles.defaultMaximumSize, now: Date = Date()
  ) -> (ready: [Inbox.Entry], waiting: [String], refused: [Inbox.Entry]) {
    var ready: [Inbox.Entry] = []
    var waiting: [String] = []
    var refused: [Inbox.Entry] = []
    let now = Int(now.timeIntervalSince1970)
    for var entry in Inbox.scan(inbox, followSymlinks: followSymlinks) {
      let name = entry.name
      if entry.refusal == nil, entry.size > maximumSize {
        entry.refusal =
          "the file is \(entry.size) bytes, more than the \(maximumSize) Thinline takes (max_file_bytes in the configuration); nothing in it was read"
      }
      if name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~") || name.hasPrefix(".") { continue }
      if entry.refusal != nil {
        refused.append(entry)
      } else if now - entry.modified < settleSeconds {
        waiting.append(entry.path)
      } else {
        ready.append(entry)
      }
    }
    return (ready, waiting, refused)
  }

  /// What a file turned out to be, found on any core.
  struct Prepared: Sendable {
    /// Where it was in the inbox (for messages), and where it is staged while it is taken.
    var path: String
    var staged: String
    var name: String
    var bytes: [UInt8]
    var sha: String
    var size: Int
    var modified: Int
    var known: Bool
    var ingested: IngestedFile?
    /// What it held in the ledger's layout, encoded while the group is read on every core.
    var parts: [[UInt8]] = []
    var problems: [String]
  }

  /// Refused entries (links, FIFOs, devices, names that are not UTF-8) are quarantined as they
  /// are, with the reason beside them; nothing is read from them.
  static func quarantineRefused(_ refused: [Inbox.Entry], config: Configuration, dryRun: Bool, outcome: inout Outcome) throws {
    for entry in refused {
      let reason = "\(entry.path): error: \(entry.refusal ?? "not a regular file")"
      outcome.quarantined.append(entry.path)
      outcome.messages.append(reason)
      log.warning("quarantined \(entry.path): \(entry.refusal ?? "")")
      guard !dryRun else { continue }
      try fm().createDirectory(atPath: config.quarantine!, withIntermediateDirectories: true)
      let target = uniquePath(in: config.quarantine!, name: Inbox.readableName(entry))
      try OutputFile.write(explanation([reason]), to: target + ".error.txt")
      if !Inbox.rename(entry.rawPath, to: target) {
        outcome.messages.append(
          "\(entry.path): error: cannot move it to the quarantine (\(String(cString: strerror(errno)))); it stays in the inbox")
      }
    }
  }

  /// Moves an inbox file into staging, unless it changed since it was listed (it is then left
  /// for the next run). Returns the staged path.
  static func stage(_ entry: Inbox.Entry, inbox: String, follow: Bool) -> String? {
    let folder = Inbox.staging(inbox)
    try? fm().createDirectory(atPath: folder, withIntermediateDirectories: true)
    let staged = uniquePath(in: folder, name: entry.name)
    guard Inbox.rename(entry.rawPath, to: staged) else { return nil }
    if !isUnchanged(staged, size: entry.size, modified: entry.modified, inode: entry.inode, follow: follow) {
      putBack(staged, to: entry.path)
      return nil
    }
    return staged
  }

  /// Files are staged, read and parsed on all cores, a group at a time; each group is recorded
  /// in one transaction and only then moved (archive) or explained and moved (quarantine).
  static func takeInbox(
    config: Configuration, ledger: Ledger, dryRun: Bool, clock: @Sendable () -> Date, outcome: inout Outcome
  ) throws {
    let inbox = config.inbox!
    let (ready, waiting, refused) = candidates(
      inbox: inbox, settleSeconds: config.settleSeconds, followSymlinks: config.followSymlinks, maximumSize: config.maxFileBytes,
      now: clock())
    outcome.waiting = waiting
    try quarantineRefused(refused, config: config, dryRun: dryRun, outcome: &outcome)
    let today = timestamp(clock()).prefix(10)
    let archiveDay = (config.archive! as NSString).appendingPathComponent(String(today))
    let groupSize = 256
    let reading = reading(config)
    var start = 0
    // The staging folder goes when it is empty again (a crash leaves it, and the next run empties it).
    defer { if !dryRun { rmdir(Inbox.staging(inbox)) } }
    while start < ready.count {
      let group = Array(ready[start..<min(start + groupSize, ready.count)])
      start += groupSize
      let maximum = config.maxFileBytes
      let prepared: [Result<Prepared, InputError>] = parallelMap(group) { entry in
        Result { () throws(InputError) -> Prepared in
          // A dry run reads in place; a run stages first, so that what is read is what is archived.
          let staged = dryRun ? entry.path : stage(entry, inbox: inbox, follow: config.followSymlinks)
          guard let staged else {
            throw InputError(SourceLocation(file: entry.path), "changed while Thinline listed the inbox; it is taken on the next run")
          }
          let bytes: [UInt8]
          do throws(InputError) {
            bytes = try InputFiles.read(
              InputFile(name: entry.path, path: staged), maximumSize: maximum, followLinks: config.followSymlinks,
              expected: config.followSymlinks ? nil : (entry.device, entry.inode))
          } catch {
            if !dryRun { putBack(staged, to: entry.path) }
            throw error
          }
          if !dryRun, !isUnchanged(staged, size: bytes.count, modified: entry.modified, follow: config.followSymlinks) {
            putBack(staged, to: entry.path)
            throw InputError(SourceLocation(file: entry.path), "was written to while Thinline read it; it is taken on the next run")
          }
          let sha = Checksum.sha256(bytes)
          let name = entry.name
          let known = (try? ledger.state(ofFile: sha)) == .recorded
          var file = Prepared(
            path: entry.path, staged: staged, name: name, bytes: bytes, sha: sha, size: bytes.count, modified: entry.modified, known: known,
            ingested: nil, problems: [])
          if known { return file }
          switch Result(catching: { () throws(InputError) -> IngestedFile in
            try Ingest.read(bytes, name: name, mappings: config.csvMappings)
          }) {
          case .success(let ingested):
            if ingested.errors.isEmpty {
              file.ingested = ingested
              if !dryRun { file.parts = Ledger.encodedParts(FileRecords(ingested)) }
            } else {
              file.problems = ingested.errors.map(\.description)
            }
          case .failure(let error):
            file.problems = [error.description]
          }
          return file
        }
      }
      var entries: [Ledger.FileEntry] = []
      var files: [Prepared] = []
      for result in prepared {
        switch result {
        case .failure(let error):
          // Unreadable right now (permissions, vanished): left in the inbox for the next run.
          outcome.messages.append(error.description)
        case .success(let file):
          files.append(file)
          if file.known {
            entries.append(.seenAgain(sha256: file.sha, name: file.name))
          } else if let ingested = file.ingested {
            entries.append(
              .recorded(
                sha256: file.sha, name: file.name, bytes: file.bytes, records: FileRecords(ingested), parts: file.parts, reading: reading))
          } else {
            entries.append(.quarantined(sha256: file.sha, name: file.name, size: file.bytes.count, error: explanation(file.problems)))
          }
        }
      }
      if !dryRun {
        do { try ledger.record(entries, seenAt: timestamp(clock())) } catch {
          // Not recorded: every staged file of the group goes back where it was.
          for file in files { putBack(file.staged, to: file.path) }
          throw error
        }
      }
      for file in files {
        if file.known {
          if !dryRun { try archive(file, into: archiveDay, follow: config.followSymlinks, outcome: &outcome) }
          outcome.alreadyKnown.append(file.path)
        } else if let ingested = file.ingested {
          if !dryRun { try archive(file, into: archiveDay, follow: config.followSymlinks, outcome: &outcome) }
          outcome.taken.append(file.path)
          outcome.messages += ingested.warnings.map(\.description)
          log.info("took \(file.path) (\(file.bytes.count) bytes, sha256 \(file.sha.prefix(12))…)")
        } else {
          outcome.quarantined.append(file.path)
          outcome.messages += file.problems
          log.warning("quarantined \(file.path): \(file.problems.first ?? "unreadable")")
          if !dryRun {
            try fm().createDirectory(atPath: config.quarantine!, withIntermediateDirectories: true)
            let target = uniquePath(in: config.quarantine!, name: file.name)
            // The explanation first, then the file: a crash in between leaves the file in the inbox.
            try OutputFile.write(explanation(file.problems), to: target + ".error.txt")
            try fm().moveItem(atPath: file.staged, toPath: target)
          }
        }
      }
    }
  }

  static func explanation(_ problems: [String]) -> String {
    problems.joined(separator: "\n")
      + "\n\nThinline could not read this file, so nothing in it was used. Fix it (or export it again) and put it back in the inbox.\n"
  }

  static func fm() -> FileManager { FileManager.default }

  static func uniquePath(in folder: String, name: String) -> String {
    var candidate = (folder as NSString).appendingPathComponent(name)
    var n = 1
    while FileManager.default.fileExists(atPath: candidate) || FileManager.default.fileExists(atPath: candidate + ".error.txt") {
      n += 1
      candidate = (folder as NSString).appendingPathComponent("\(n)-\(name)")
    }
    return candidate
  }

  /// Moves a staged input into the archive (after its content is in the ledger). A file that
  /// grew after it was read goes back into the inbox instead, so that the next run records all
  /// of it: the archive holds exactly the bytes the ledger has.
  static func archive(_ file: Prepared, into folder: String, follow: Bool, outcome: inout Outcome) throws {
    if !isUnchanged(file.staged, size: file.size, modified: file.modified, follow: follow) {
      putBack(file.staged, to: file.path)
      outcome.messages.append(
        "\(file.path): warning: it changed after it was recorded; it is back in the inbox and is taken again on the next run")
      return
    }
    try fm().createDirectory(atPath: folder, withIntermediateDirectories: true)
    try fm().moveItem(atPath: file.staged, toPath: uniquePath(in: folder, name: file.name))
  }

  /// Whether the file at `path` still has the size and modification time (and inode) it was seen
  /// with: `stat` through a link when links are followed, else `lstat`.
  static func isUnchanged(_ path: String, size: Int, modified: Int, inode: UInt64? = nil, follow: Bool) -> Bool {
    var info = stat()
    guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { return false }
    return Int(info.st_size) == size && Int(info.st_mtim.tv_sec) == modified && inode.map { UInt64(info.st_ino) == $0 } ?? true
  }

  /// Puts a staged file back where it was listed (under a free name).
  static func putBack(_ staged: String, to listed: String) {
    _ = rename(staged, uniquePath(in: (listed as NSString).deletingLastPathComponent, name: (listed as NSString).lastPathComponent))
  }

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
      for invoice in report.invoices.filter({ $0.decision == .handover }) {
        guard let name = invoice.document?.source, bytes[name] == nil else { continue }
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
    var inputs = try ledger.recordedInputs(reading: reading)
    let stale = inputs.indices.filter { inputs[$0].records == nil }
    if !stale.isEmpty { Progress.say("reading \(stale.count) recorded files again (recorded by another release or csv: section) …") }
    let readAgain: [Result<FileRecords, InputError>] = parallelMap(stale.map { inputs[$0] }) { input in
      Result { () throws(InputError) -> FileRecords in
        let content: [UInt8]?
        do { content = try ledger.content(of: input.sha256) } catch {
          throw InputError(SourceLocation(file: input.name), "cannot read its recorded content from the ledger (\(error))")
        }
        guard let bytes = content else {
          throw InputError(SourceLocation(file: input.name), "the ledger has no content for this recorded file")
        }
        let ingested = try Ingest.read(bytes, name: input.name, mappings: config.csvMappings)
        if let error = ingested.errors.first { throw error }
        return FileRecords(ingested)
      }
    }
    var warnings: [String] = []
    for (i, result) in zip(stale, readAgain) {
      switch result {
      case .success(let records):
        inputs[i].records = records
        if storeReadAgain { try ledger.storeRecords(records, of: inputs[i].sha256, reading: reading) }
      case .failure(let error):
        warnings.append("\(error.description) (recorded earlier, but this release cannot read it; its records are left out of this run)")
      }
    }
    var sources = Sources()
    for input in inputs { sources.recorded[input.name] = input.sha256 }
    var extraRecords: [FileRecords] = []
    for file in extra {
      guard let ingested = try? Ingest.read(file.bytes, name: file.name, mappings: config.csvMappings) else { continue }
      extraRecords.append(FileRecords(ingested))
      sources.extra[file.name] = file.bytes
    }
    let all = FileRecords.joined(inputs.compactMap(\.records) + extraRecords)
    var input = policyFiles.decisionInput(
      documents: all.documents, payments: all.payments, reminders: all.reminders, bankEntries: all.bankEntries, configuration: config,
      asOf: asOf)
    input.handedOver = try ledger.handedOver()
    input.earlierHandovers = try ledger.earlierHandovers()
    return (input, sources, warnings)
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
    let (input, sources, warnings) = try ledgerInput(
      configuration: config, ledger: ledger, extra: extra, asOf: options.asOf, storeReadAgain: !options.dryRun)
    outcome.messages += warnings
    Progress.say("deciding over \(input.documents.count) documents from the ledger …")
    let report = DecisionEngine.decide(input)
    Progress.done()
    outcome.report = report
    if report.debtors.contains(where: { $0.decision == .handover }) {
      let outbox = config.outbox!
      let encode = { (emit: ([UInt8]) -> Void) in
        DecisionsEncoding.write(report, policy: config.policy, generator: Handover.generator, emit: emit)
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
        decisions = try OutputFile.write(to: streamed, encode)
      }
      let id = DossierWriter.batchID(asOf: report.asOf, decisions: decisions)
      if !options.dryRun {
        let folder = BatchFolder(outbox: outbox, id: id)
        try publish(
          report, in: folder, decisions: (streamed, decisions), sources: sources, ledger: ledger, options: options, fingerprint: print,
          outcome: &outcome)
        return
      }
      outcome.batch = id
      return
    }
    if !options.dryRun {
      try ledger.recordRun(
        startedAt: timestamp(options.clock()), report: report, filesTaken: outcome.taken.count, quarantined: outcome.quarantined.count,
        batch: nil,
        summary: Handover.summary(report), fingerprint: print)
    }
  }

  /// Writes the batch (delivery/ for the agency, internal/ for the house), records it and its
  /// handovers in the ledger, and renames it into place (`BatchFolder`).
  /// - Parameter decisions: decisions.json, already streamed to a temporary file, and its digest.
  static func publish(
    _ report: DecisionReport, in folder: BatchFolder, decisions: (path: String, digest: Checksum.Digest), sources: Sources, ledger: Ledger,
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
    let published = try DossierWriter.write(
      report: report, configuration: config, decisions: decisions.digest, folder: folder.path("delivery"), sourceBytes: { carried[$0] },
      layout: .delivery)
    try OutputFile.write(
      HTMLReport.render(report, batch: published.batch, lang: Language(rawValue: config.language) ?? .nl),
      to: folder.path("internal/report.html"))
    var record = outcome
    record.report = report
    record.batch = folder.id
    try OutputFile.write(record.json.rendered(), to: folder.path("internal/run.json"))
    // The commit point: handovers recorded and the batch complete, in one transaction.
    // (The handovers change the fingerprint, so the next run decides once more: with them
    // handed_over, it hands nothing over again.)
    try folder.publish {
      try ledger.recordRun(
        startedAt: timestamp(options.clock()), report: report, filesTaken: outcome.taken.count, quarantined: outcome.quarantined.count,
        batch: (folder.id, folder.final), summary: Handover.summary(report), fingerprint: fingerprint)
    }
    outcome.batch = folder.id
    log.notice("wrote batch \(folder.final)")
  }

  struct InputFileBytes: Sendable {
    var name: String
    var bytes: [UInt8]
  }
}
