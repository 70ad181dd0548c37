import Foundation
import GRDB

// One record type per table (GRDB's way): a table's columns are named once, here, and the
// compiler checks every use. The migrations in `Ledger.migrator` stay plain SQL: they are
// history, never edited.

/// The columns of the ledger's tables in snake_case, their Swift names in camelCase.
protocol LedgerTable: Codable, Equatable, FetchableRecord, PersistableRecord {}

extension LedgerTable {
  static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
  static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
}

/// A table written by the hundred thousand in one transaction (a night's decisions, the summary
/// rows of a large export): `insertAll` binds the rows' values in column order, a batch a
/// prepared statement. GRDB's `insert` builds a container per row, which at a million rows
/// costs seconds a night.
protocol BulkTable: LedgerTable {
  static var columns: [String] { get }
  var values: StatementArguments { get }
}

extension BulkTable {
  /// `INSERT … VALUES (?, …), (?, …)` for `rows` rows.
  static func insertSQL(rows: Int) -> String {
    let one = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
    return "INSERT INTO \(databaseTableName) (\(columns.joined(separator: ", "))) VALUES "
      + Array(repeating: one, count: rows).joined(separator: ", ")
  }

  /// Inserts every row, `batch` rows a statement: a million rows are ten thousand steps of
  /// SQLite, not a million.
  static func insertAll(_ db: Database, _ rows: some Sequence<Self>, batch: Int = 100) throws {
    let full = try db.cachedStatement(sql: insertSQL(rows: batch))
    var arguments = StatementArguments()
    var pending = 0
    for row in rows {
      arguments += row.values
      pending += 1
      if pending == batch {
        try full.execute(arguments: arguments)
        arguments = StatementArguments()
        pending = 0
      }
    }
    if pending > 0 { try db.makeStatement(sql: insertSQL(rows: pending)).execute(arguments: arguments) }
  }
}

/// An input file, by content: recorded (with its bytes) or quarantined (with why).
struct FileRow: LedgerTable {
  static let databaseTableName = "file"
  enum Outcome: String, Codable { case recorded, quarantined }
  var sha256: String
  var name: String
  var size: Int
  var firstSeen: String
  var outcome: Outcome
  var error: String?
  var content: Data?
}

/// Each time a file was seen in the inbox, under which name.
struct FileSeenRow: LedgerTable {
  static let databaseTableName = "file_seen"
  var sha256: String
  var name: String
  var seenAt: String
}

/// One part of what a file held, in `RecordCodec`'s layout, and the reading that wrote it.
struct FileRecordRow: LedgerTable {
  static let databaseTableName = "file_record"
  var sha256: String
  var part: Int
  var reading: String
  var records: Data
}

/// The summary of a recorded document, for a person querying the ledger.
struct DocumentRow: BulkTable {
  static let databaseTableName = "document"
  static let columns = ["file_sha256", "number", "kind", "customer", "issue_date", "amount"]
  var fileSha256: String
  var number: String?
  var kind: String
  var customer: String?
  var issueDate: String?
  var amount: String?
  var values: StatementArguments { [fileSha256, number, kind, customer, issueDate, amount] }
}

/// The summary of a recorded payment.
struct PaymentRow: BulkTable {
  static let databaseTableName = "payment"
  static let columns = ["file_sha256", "line", "invoice", "customer", "date", "amount"]
  var fileSha256: String
  var line: Int?
  var invoice: String?
  var customer: String?
  var date: String
  var amount: String
  var values: StatementArguments { [fileSha256, line, invoice, customer, date, amount] }
}

/// The summary of a recorded reminder.
struct ReminderRow: BulkTable {
  static let databaseTableName = "reminder"
  static let columns = ["file_sha256", "line", "invoice", "date", "kind", "channel"]
  var fileSha256: String
  var line: Int?
  var invoice: String
  var date: String
  var kind: String
  var channel: String?
  var values: StatementArguments { [fileSha256, line, invoice, date, kind, channel] }
}

/// One run of the cron job; its id is SQLite's (`lastInsertedRowID`).
struct RunRow: LedgerTable {
  static let databaseTableName = "run"
  var id: Int64?
  var startedAt: String
  var asOf: String
  var filesTaken: Int
  var quarantined: Int
  var batchId: String?
  var summary: String?
  var fingerprint: String?
}

/// One invoice's decision in a run.
struct DecisionRow: BulkTable {
  static let databaseTableName = "decision"
  static let columns = ["run_id", "invoice", "document", "customer", "decision", "open"]
  var runId: Int64
  var invoice: String
  var document: String
  var customer: String
  var decision: String
  var open: String
  var values: StatementArguments { [runId, invoice, document, customer, decision, open] }
}

/// A batch handed to the agency, complete or not at all.
struct BatchRow: LedgerTable {
  static let databaseTableName = "batch"
  var id: String
  var asOf: String
  var folder: String
  var state = "complete"
}

/// An invoice in a batch; released when the agency gives it back.
struct HandoverRow: LedgerTable {
  static let databaseTableName = "handover"
  var invoice: String
  var batchId: String
  var customer: String
  var principal: String
  var interest: String
  var releasedAt: String?
  var releaseNote: String?
}
