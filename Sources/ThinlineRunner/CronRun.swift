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
      defer { Progress.done() }
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
}
