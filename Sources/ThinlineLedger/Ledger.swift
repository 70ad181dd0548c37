import Foundation
import GRDB
import ThinlineCore

/// The cron job's memory: every input file (by content), what it held, every run's decisions and
/// every handover. An SQLite file in WAL mode through GRDB; migrations only ever grow.
///
/// Input files are kept whole (their bytes) beside what they held (`FileRecords`, in the layout of
/// `RecordCodec`). A night decides from those records, so it weighs a revised invoice, a late
/// payment or a new agreement against everything seen so far without parsing the past again; the
/// bytes are read only for what a batch carries (the sources of invoices handed over), or to read
/// a file again when its records are of an older layout or another reading.
public final class Ledger: @unchecked Sendable {
  /// A pool on a file in production; any GRDB writer (an in-memory `DatabaseQueue()`) in tests.
  let pool: any DatabaseWriter
  public let path: String

  /// Ledger errors say what to do next.
  public struct LedgerError: LocalizedError, CustomStringConvertible {
    /// What failed, on which file, with SQLite's own code and message.
    public var description: String
    public var errorDescription: String? { description }
    /// Another process holds the database (SQLITE_BUSY / SQLITE_LOCKED): try again later.
    public var busy = false
    public init(description: String, busy: Bool = false) {
      self.description = description
      self.busy = busy
    }
  }

  static func isBusy(_ error: Error) -> Bool {
    guard let db = error as? DatabaseError else { return false }
    return db.resultCode.primaryResultCode == .SQLITE_BUSY || db.resultCode.primaryResultCode == .SQLITE_LOCKED
  }

  /// Opens (and creates or migrates) the ledger.
  /// - Throws: `LedgerError` naming the file, e.g. when its folder is not writable.
  /// - Parameter readOnly: open an existing ledger without writing to it (for dry runs).
  public init(path: String, readOnly: Bool = false) throws(LedgerError) {
    self.path = path
    do {
      var configuration = Configuration()
      configuration.busyMode = .timeout(10)
      configuration.readonly = readOnly
      // 32 KiB pages instead of SQLite's 4 KiB for a ledger being created (an existing one keeps
      // its own): a first night writes half a gigabyte of content and records through the WAL in
      // one transaction, in an eighth of the page writes.
      configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 32768") }
      pool = try DatabasePool(path: path, configuration: configuration)
      if !readOnly { try Self.migrator.migrate(pool) }
    } catch {
      if Self.isBusy(error) { throw LedgerError(description: "\(path): another process is using the ledger", busy: true) }
      throw LedgerError(
        description: "\(path): cannot open the ledger (\(Self.describe(error))); check that the folder exists and is writable")
    }
  }

  /// A ledger on a database someone else opened (an in-memory `DatabaseQueue()` for tests),
  /// migrated like a file.
  public init(writer: some DatabaseWriter, name: String = ":memory:") throws(LedgerError) {
    self.path = name
    self.pool = writer
    do { try Self.migrator.migrate(writer) } catch {
      throw LedgerError(description: "\(name): cannot migrate the ledger (\(Self.describe(error)))")
    }
  }

  static func describe(_ error: Error) -> String {
    if let db = error as? DatabaseError { return "SQLite error \(db.resultCode.rawValue): \(db.message ?? "")" }
    return "\(error)"
  }

  /// Named migrations, never edited once shipped: add a new one instead.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: files, documents, runs, decisions, batches, handovers") { db in
      try db.execute(
        sql: """
          CREATE TABLE file (
            sha256 TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            first_seen TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('recorded', 'quarantined')),
            error TEXT,
            content BLOB
          );
          CREATE TABLE file_seen (
            sha256 TEXT NOT NULL REFERENCES file(sha256),
            name TEXT NOT NULL,
            seen_at TEXT NOT NULL
          );
          CREATE TABLE document (
            file_sha256 TEXT NOT NULL REFERENCES file(sha256),
            number TEXT,
            kind TEXT NOT NULL,
            customer TEXT,
            issue_date TEXT,
            amount TEXT
          );
          CREATE INDEX document_number ON document(number);
          CREATE TABLE payment (
            file_sha256 TEXT NOT NULL REFERENCES file(sha256),
            line INTEGER, invoice TEXT, customer TEXT, date TEXT NOT NULL, amount TEXT NOT NULL
          );
          CREATE TABLE reminder (
            file_sha256 TEXT NOT NULL REFERENCES file(sha256),
            line INTEGER, invoice TEXT NOT NULL, date TEXT NOT NULL, kind TEXT NOT NULL, channel TEXT
          );
          CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            as_of TEXT NOT NULL,
            files_taken INTEGER NOT NULL,
            quarantined INTEGER NOT NULL,
            batch_id TEXT,
            summary TEXT
          );
          CREATE TABLE decision (
            run_id INTEGER NOT NULL REFERENCES run(id),
            invoice TEXT NOT NULL, document TEXT NOT NULL, customer TEXT NOT NULL,
            decision TEXT NOT NULL, open TEXT NOT NULL
          );
          CREATE TABLE batch (
            id TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            folder TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('complete'))
          );
          CREATE TABLE handover (
            invoice TEXT NOT NULL,
            batch_id TEXT NOT NULL REFERENCES batch(id),
            customer TEXT NOT NULL,
            principal TEXT NOT NULL,
            interest TEXT NOT NULL,
            released_at TEXT,
            release_note TEXT,
            PRIMARY KEY (invoice, batch_id)
          );
          """)
    }
    migrator.registerMigration("v2: run fingerprint") { db in
      try db.execute(sql: "ALTER TABLE run ADD COLUMN fingerprint TEXT")
    }
    migrator.registerMigration("v3: file records") { db in
      // A file's records in parts (a large export spans several rows); `reading` says which
      // layout and reader wrote them, so that records of another one are read again.
      try db.execute(
        sql: """
          CREATE TABLE file_record (
            sha256 TEXT NOT NULL REFERENCES file(sha256),
            part INTEGER NOT NULL,
            reading TEXT NOT NULL,
            records BLOB NOT NULL,
            PRIMARY KEY (sha256, part)
          )
          """)
    }
    return migrator
  }

  /// The fingerprint of the last run that decided: when nothing it depends on changed, a run has
  /// nothing to decide.
  public func lastFingerprint() throws(LedgerError) -> String? {
    try read { db in
      try RunRow.filter(Column("fingerprint") != nil).order(Column("id").desc).select(Column("fingerprint"), as: String.self).fetchOne(db)
    }
  }

  /// The SHA-256 of every recorded file, in the order seen.
  public func recordedChecksums() throws(LedgerError) -> [String] {
    try read { db in
      try FileRow.filter(Column("outcome") == FileRow.Outcome.recorded.rawValue).order(Column.rowID).select(
        Column("sha256"), as: String.self
      )
      .fetchAll(db)
    }
  }

  // MARK: Files

  public enum FileState: Equatable, Sendable { case unknown, recorded, quarantined }

  public func state(ofFile sha256: String) throws(LedgerError) -> FileState {
    switch try read({ db in try FileRow.fetchOne(db, key: sha256)?.outcome }) {
    case .recorded?: return .recorded
    case .quarantined?: return .quarantined
    case nil: return .unknown
    }
  }

  /// Records a file's content and what it held, in one transaction.
  /// - Parameter records: what the file held, encoded in parts (`encodedParts`); `reading` names
  ///   the layout and reader that produced them.
  /// - Parameter summaryRows: also a row per document, payment and reminder in the tables
  ///   `document`, `payment` and `reminder` (for people querying the ledger with SQL).
  public func record(
    sha256: String, name: String, bytes: [UInt8], seenAt: String, records: FileRecords = FileRecords(), reading: String = "",
    summaryRows: Bool = false
  ) throws(LedgerError) {
    let parts = Self.encodedParts(records)
    try write { db in
      try Self.insert(
        db, sha256: sha256, name: name, bytes: bytes, seenAt: seenAt, records: records, parts: parts, reading: reading,
        summaryRows: summaryRows)
    }
  }

  /// A file's records in the ledger's layout, in parts, encoded on both cores.
  public static func encodedParts(_ records: FileRecords) -> [[UInt8]] {
    parallelMap(records.parts()) { part in RecordCodec.encode(part) }
  }

  static func insert(
    _ db: GRDB.Database, sha256: String, name: String, bytes: [UInt8], seenAt: String, records: FileRecords, parts: [[UInt8]],
    reading: String, summaryRows: Bool
  ) throws {
    try FileRow(sha256: sha256, name: name, size: bytes.count, firstSeen: seenAt, outcome: .recorded, content: Data(bytes))
      .insert(db, onConflict: .ignore)
    try FileSeenRow(sha256: sha256, name: name, seenAt: seenAt).insert(db)
    try storeParts(db, sha256: sha256, parts: parts, reading: reading)
    // The summary tables, for a person querying the ledger, when asked for (`ledger_summary`):
    // deciding reads the records, and at a million invoices these rows are two fifths of the
    // ledger and half of a first night's recording.
    guard summaryRows else { return }
    try DocumentRow.insertAll(
      db,
      records.documents.lazy.map { d in
        DocumentRow(
          fileSha256: sha256, number: d.number, kind: d.kind.rawValue, customer: d.buyer?.allIdentifiers.first?.value ?? d.buyer?.name,
          issueDate: d.issueDate?.description, amount: d.totals.payable?.amountText)
      })
    try PaymentRow.insertAll(
      db,
      records.payments.lazy.map { p in
        PaymentRow(
          fileSha256: sha256, line: p.source.line, invoice: p.invoiceNumber, customer: p.customerNumber, date: p.date.description,
          amount: p.amount.amountText)
      })
    try ReminderRow.insertAll(
      db,
      records.reminders.lazy.map { r in
        ReminderRow(
          fileSha256: sha256, line: r.source.line, invoice: r.invoiceNumber, date: r.date.description, kind: r.kind.rawValue,
          channel: r.channel?.rawValue)
      })
  }

  static func storeParts(_ db: GRDB.Database, sha256: String, parts: [[UInt8]], reading: String) throws {
    try FileRecordRow.filter(Column("sha256") == sha256).deleteAll(db)
    for (part, bytes) in parts.enumerated() {
      try FileRecordRow(sha256: sha256, part: part, reading: reading, records: Data(bytes)).insert(db)
    }
  }

  /// One file's entry in a group recorded together.
  public enum FileEntry: Sendable {
    /// `parts` are the file's records as `encodedParts` made them.
    case recorded(sha256: String, name: String, bytes: [UInt8], records: FileRecords, parts: [[UInt8]], reading: String)
    case quarantined(sha256: String, name: String, size: Int, error: String)
    case seenAgain(sha256: String, name: String)
  }

  /// Records a group of files in one transaction: each file's content and what it held is
  /// committed before any of them is moved, with one sync for the group instead of one per file.
  public func record(_ entries: [FileEntry], seenAt: String, summaryRows: Bool = false) throws(LedgerError) {
    guard !entries.isEmpty else { return }
    try write { db in
      for entry in entries {
        switch entry {
        case let .recorded(sha, name, bytes, records, parts, reading):
          try Self.insert(
            db, sha256: sha, name: name, bytes: bytes, seenAt: seenAt, records: records, parts: parts, reading: reading,
            summaryRows: summaryRows)
        case let .quarantined(sha, name, size, error):
          try FileRow(sha256: sha, name: name, size: size, firstSeen: seenAt, outcome: .quarantined, error: error)
            .insert(db, onConflict: .ignore)
          try FileSeenRow(sha256: sha, name: name, seenAt: seenAt).insert(db)
        case let .seenAgain(sha, name):
          try FileSeenRow(sha256: sha, name: name, seenAt: seenAt).insert(db)
        }
      }
    }
  }

  /// A recorded file as a night decides from it: its name, its SHA-256, and its records when they are of `reading` (nil: read the file again from
  /// `content(of:)` and store what it holds with `storeRecords`).
  public struct RecordedInput: Sendable {
    public var name: String
    public var sha256: String
    public var records: FileRecords?
  }

  /// Every recorded file, and what they held in one set of records (`records`, in the order the
  /// files were first recorded), as a night decides from it.
  public struct Recorded: Sendable {
    public struct File: Sendable {
      public var name: String
      public var sha256: String
      /// Whether its records are of the reading asked for and decoded: if not, read the file
      /// again from `content(of:)` (its place in `records` holds nothing to decide from).
      public var isDecoded: Bool
      /// Its records' places in `records`.
      var documents: Range<Int>
      var payments: Range<Int>
      var reminders: Range<Int>
      var bankEntries: Range<Int>
    }
    public var files: [File]
    public var records: FileRecords

    /// One file's records (a copy), nil when they were not decoded.
    public func records(of i: Int) -> FileRecords? {
      let f = files[i]
      guard f.isDecoded else { return nil }
      return FileRecords(
        documents: Array(records.documents[f.documents]), payments: Array(records.payments[f.payments]),
        reminders: Array(records.reminders[f.reminders]), bankEntries: Array(records.bankEntries[f.bankEntries]))
    }
  }

  /// Every recorded file with its records, one entry per file (`recorded(reading:)`, split).
  public func recordedInputs(reading: String) throws(LedgerError) -> [RecordedInput] {
    let recorded = try recorded(reading: reading)
    return recorded.files.indices.map { i in
      RecordedInput(name: recorded.files[i].name, sha256: recorded.files[i].sha256, records: recorded.records(of: i))
    }
  }

  /// Every recorded file, in the order first recorded, and their records decoded on all cores
  /// without reading any file's bytes: the documents straight into the one array a night decides
  /// from, each core's documents sharing their parties. A name several contents had (a daily
  /// export under one name) is told apart as `name@` plus the start of its SHA-256. A record
  /// that does not decode is treated as missing (the file is read again).
  public func recorded(reading: String) throws(LedgerError) -> Recorded {
    struct Part: Sendable {
      var file: Int
      var bytes: [UInt8]
      var documents = 0
      var firstDocument = 0
    }
    var names: [(name: String, sha: String)] = []
    var parts: [Part] = []
    var stale = Set<Int>()
    try read { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT f.name, f.sha256, r.reading, r.records FROM file f LEFT JOIN file_record r ON r.sha256 = f.sha256
          WHERE f.outcome = 'recorded' ORDER BY f.rowid, r.part
          """)
      var last: String? = nil
      while let row = try rows.next() {
        let sha: String = row["sha256"]
        if sha != last {
          names.append((row["name"], sha))
          last = sha
        }
        let file = names.count - 1
        guard let readBy: String = row["reading"], readBy == reading, let data: Data = row["records"] else {
          stale.insert(file)
          continue
        }
        parts.append(Part(file: file, bytes: [UInt8](data)))
      }
    }
    let displayed = Self.displayNames(names)
    // Each part's place in the documents: its count is read first, so they are decoded in place.
    for p in parts.indices {
      if let n = RecordCodec.documentCount(parts[p].bytes) { parts[p].documents = n } else { stale.insert(parts[p].file) }
    }
    parts.removeAll { stale.contains($0.file) }
    var total = 0
    for p in parts.indices {
      parts[p].firstDocument = total
      total += parts[p].documents
    }
    let (documents, rest) = Self.decode(parts: parts.map { ($0.bytes, displayed[$0.file], $0.firstDocument, $0.documents) }, total: total)
    var records = FileRecords()
    records.documents = documents
    var files = names.indices.map { i in
      Recorded.File(
        name: displayed[i], sha256: names[i].sha, isDecoded: !stale.contains(i), documents: 0..<0, payments: 0..<0, reminders: 0..<0,
        bankEntries: 0..<0)
    }
    var counts = (payments: 0, reminders: 0, bankEntries: 0)
    for decoded in rest {
      if case .success(let r) = decoded {
        counts.payments += r.payments.count
        counts.reminders += r.reminders.count
        counts.bankEntries += r.bankEntries.count
      }
    }
    records.payments.reserveCapacity(counts.payments)
    records.reminders.reserveCapacity(counts.reminders)
    records.bankEntries.reserveCapacity(counts.bankEntries)
    // A file's parts are consecutive: its range starts where its first part's records went.
    func extend(_ range: Range<Int>, _ all: Int, by n: Int) -> Range<Int> {
      let start = range.isEmpty ? all : range.lowerBound
      return start..<(all + n)
    }
    for (part, decoded) in zip(parts, rest) {
      var file = files[part.file]
      file.documents = extend(file.documents, part.firstDocument, by: part.documents)
      switch decoded {
      case .failure:
        file.isDecoded = false
      case .success(let r):
        file.payments = extend(file.payments, records.payments.count, by: r.payments.count)
        file.reminders = extend(file.reminders, records.reminders.count, by: r.reminders.count)
        file.bankEntries = extend(file.bankEntries, records.bankEntries.count, by: r.bankEntries.count)
        records.payments += r.payments
        records.reminders += r.reminders
        records.bankEntries += r.bankEntries
      }
      files[part.file] = file
    }
    return Recorded(files: files, records: records)
  }

  /// Decodes the parts on all cores, each core a run of consecutive parts (about equal in bytes)
  /// with its own party table; the documents go to their places in one array of `total`.
  static func decode(parts: [(bytes: [UInt8], file: String, first: Int, count: Int)], total: Int) -> (
    [Document], [Result<FileRecords, RecordCodec.Malformed>]
  ) {
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, parts.count))
    let bytes = parts.reduce(0) { $0 + $1.bytes.count }
    // Worker w takes the parts from bounds[w] up to bounds[w + 1].
    var bounds = [0]
    var running = 0
    for (i, part) in parts.enumerated() {
      running += part.bytes.count
      while bounds.count < workers, running * workers >= bytes * bounds.count { bounds.append(i + 1) }
    }
    while bounds.count <= workers { bounds.append(parts.count) }
    let starts = bounds
    let results = UnsafeMutableBufferPointer<Result<FileRecords, RecordCodec.Malformed>>.allocate(capacity: parts.count)
    defer { results.deallocate() }
    nonisolated(unsafe) let resultSlots = results
    let documents = [Document](unsafeUninitializedCapacity: total) { buffer, initialized in
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        let parties = PartyTable()
        for p in starts[w]..<starts[w + 1] {
          let part = parts[p]
          let room = UnsafeMutableBufferPointer(rebasing: slots[part.first..<(part.first + part.count)])
          (resultSlots.baseAddress! + p).initialize(
            to: RecordCodec.decode(part.bytes, file: part.file, parties: parties, documentsInto: room))
        }
      }
      initialized = total
    }
    let rest = Array(results)
    _ = results.deinitialize()
    return (documents, rest)
  }

  /// A recorded file's bytes.
  public func content(of sha256: String) throws(LedgerError) -> [UInt8]? {
    try read { db in
      try FileRow.filter(key: sha256).filter(Column("outcome") == FileRow.Outcome.recorded.rawValue).select(
        Column("content"), as: Data.self
      )
      .fetchOne(db).map { [UInt8]($0) }
    }
  }

  /// Stores a file's records read again (an older layout), so the next night decodes them.
  public func storeRecords(_ records: FileRecords, of sha256: String, reading: String) throws(LedgerError) {
    let parts = Self.encodedParts(records)
    try write { db in try Self.storeParts(db, sha256: sha256, parts: parts, reading: reading) }
  }

  /// `name`, or `name@` plus the start of the SHA-256 for a name several contents had.
  static func displayNames(_ files: [(name: String, sha: String)]) -> [String] {
    var counts: [String: Int] = [:]
    for (name, _) in files { counts[name, default: 0] += 1 }
    return files.map { name, sha in counts[name]! > 1 ? "\(name)@\(sha.prefix(8))" : name }
  }

  // MARK: Handovers

  /// Invoices in a batch and not released: never in a second batch.
  public func handedOver() throws(LedgerError) -> Set<String> {
    try read { db in try HandoverRow.filter(Column("released_at") == nil).select(Column("invoice"), as: String.self).fetchSet(db) }
  }

  /// Per debtor with invoices at the agency (handed over, not released): the first batch that
  /// handed it over (its open dossier) and the principal of all its unreleased handovers.
  public func earlierHandovers() throws(LedgerError) -> [String: EarlierHandover] {
    let sql =
      "SELECT h.customer, h.batch_id, h.principal FROM handover h JOIN batch b ON b.id = h.batch_id "
      + "WHERE h.released_at IS NULL ORDER BY b.rowid, h.invoice"
    let rows: [(String, String, String)] = try read { db in
      try Row.fetchAll(db, sql: sql).map { ($0["customer"], $0["batch_id"], $0["principal"]) }
    }
    var result: [String: EarlierHandover] = [:]
    for (customer, batch, principal) in rows {
      let amount = Decimal(string: principal, locale: Locale(identifier: "en_US_POSIX")) ?? 0
      if var earlier = result[customer] {
        earlier.principal += amount
        result[customer] = earlier
      } else {
        result[customer] = EarlierHandover(batch: batch, reference: "\(batch)-\(customer)", principal: amount)
      }
    }
    return result
  }

  public func isComplete(batch id: String) throws(LedgerError) -> Bool {
    try read { db in try BatchRow.filter(key: id).filter(Column("state") == "complete").fetchCount(db) > 0 }
  }

  /// Records a run: its decisions and, when there is one, its batch and the handovers in it — in
  /// one transaction, so a batch is either handed over completely or not at all.
  public func recordRun(
    startedAt: String, report: DecisionReport, filesTaken: Int, quarantined: Int, batch: (id: String, folder: String)?, summary: String,
    fingerprint: String? = nil
  ) throws(LedgerError) {
    try write { db in
      if let batch {
        try BatchRow(id: batch.id, asOf: report.asOf.description, folder: batch.folder).insert(db)
        // One pass over the invoices (not one per debtor: 47,000 × 865,000 at scale).
        let handedOver = Set(report.debtors.lazy.filter { $0.decision == .handover }.map(\.customer))
        for i in report.invoices.indices where report.invoices[i].decision == .handover && handedOver.contains(report.invoices[i].customer)
        {
          let invoice = report.invoices[i]
          try HandoverRow(
            invoice: invoice.invoice, batchId: batch.id, customer: invoice.customer, principal: invoice.principal.moneyText,
            interest: (invoice.interest?.amount ?? 0).moneyText
          ).insert(db)
        }
      }
      try RunRow(
        startedAt: startedAt, asOf: report.asOf.description, filesTaken: filesTaken, quarantined: quarantined, batchId: batch?.id,
        summary: summary, fingerprint: fingerprint
      ).insert(db)
      let run = db.lastInsertedRowID
      // Fields read in place: a copy of each of a million entries costs more than the insert.
      try report.invoices.withUnsafeBufferPointer { invoices in try DecisionRows.insert(db, run: run, invoices) }
    }
  }

  /// Takes a batch a lost ledger had written (found in the outbox) into this ledger, with the
  /// invoices it handed over, so that none of them is handed over a second time.
  public func adoptBatch(id: String, folder: String, asOf: String, invoices: [(invoice: String, customer: String, open: String)])
    throws(LedgerError)
  {
    try write { db in
      try BatchRow(id: id, asOf: asOf, folder: folder).insert(db, onConflict: .ignore)
      for i in invoices {
        try HandoverRow(invoice: i.invoice, batchId: id, customer: i.customer, principal: i.open, interest: "0.00")
          .insert(db, onConflict: .ignore)
      }
    }
  }

  /// Releases an invoice from its batch, so that a later run may hand it over again.
  /// - Returns: the batches it was released from (empty when it was not handed over).
  public func release(invoice: String, at: String, note: String?) throws(LedgerError) -> [String] {
    try write { db in
      let held = HandoverRow.filter(Column("invoice") == invoice && Column("released_at") == nil)
      let batches = try held.order(Column("batch_id")).select(Column("batch_id"), as: String.self).fetchAll(db)
      try held.updateAll(db, Column("released_at").set(to: at), Column("release_note").set(to: note))
      return batches
    }
  }

  /// Every handover per batch: for tests and for a person checking what went where.
  public func handovers() throws(LedgerError) -> [(invoice: String, batch: String, released: Bool)] {
    try read { db in
      try HandoverRow.order(Column("batch_id"), Column("invoice")).fetchAll(db).map { ($0.invoice, $0.batchId, $0.releasedAt != nil) }
    }
  }

  /// `PRAGMA integrity_check`: "ok" when the database is sound.
  public func integrityCheck() throws(LedgerError) -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
  }

  // MARK: Plumbing

  func read<T>(_ body: (GRDB.Database) throws -> T) throws(LedgerError) -> T {
    do { return try pool.read(body) } catch { throw LedgerError(description: "\(path): \(Self.describe(error))", busy: Self.isBusy(error)) }
  }

  func write<T>(_ body: (GRDB.Database) throws -> T) throws(LedgerError) -> T {
    do { return try pool.write(body) } catch {
      throw LedgerError(description: "\(path): \(Self.describe(error))", busy: Self.isBusy(error))
    }
  }
}
