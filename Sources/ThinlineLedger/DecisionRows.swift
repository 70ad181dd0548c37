import Foundation
import GRDB
import GRDBSQLite
import ThinlineCore

/// A run's decisions, a row per invoice, bound through SQLite's own calls: GRDB's
/// `StatementArguments` boxed each of six million values (a million invoices) and was half of
/// recording a run. The rows and their text are those `DecisionRow` describes.
enum DecisionRows {
  /// Inserts the decisions of run `run`, `batch` rows a statement.
  static func insert(_ db: Database, run: Int64, _ invoices: UnsafeBufferPointer<InvoiceDecision>, batch: Int = 100) throws {
    var full: Statement? = nil
    var start = 0
    while start < invoices.count {
      let rows = min(batch, invoices.count - start)
      let statement: Statement
      if rows == batch {
        if full == nil { full = try db.makeStatement(sql: DecisionRow.insertSQL(rows: batch)) }
        statement = full!
      } else {
        statement = try db.makeStatement(sql: DecisionRow.insertSQL(rows: rows))
      }
      let handle = statement.sqliteStatement
      var parameter: Int32 = 1
      func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw Self.error(db, code) }
      }
      func text(_ value: String) throws {
        var value = value
        try check(
          value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
              // An empty string is bound as one, not as NULL (a nil address).
              guard let address = chars.baseAddress, chars.count > 0 else {
                return sqlite3_bind_text(handle, parameter, "", 0, Self.transient)
              }
              return sqlite3_bind_text(handle, parameter, address, Int32(chars.count), Self.transient)
            }
          })
        parameter += 1
      }
      for i in start..<(start + rows) {
        try check(sqlite3_bind_int64(handle, parameter, run))
        parameter += 1
        try text(invoices[i].invoice)
        try text(invoices[i].kind.rawValue)
        try text(invoices[i].customer)
        try text(invoices[i].decision.rawValue)
        try text(invoices[i].open.moneyText)
      }
      let done = sqlite3_step(handle)
      guard done == SQLITE_DONE else { throw Self.error(db, done) }
      sqlite3_reset(handle)
      start += rows
    }
  }

  /// SQLite copies the text before the call returns (`SQLITE_TRANSIENT`, a macro Swift lacks).
  private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

  private static func error(_ db: Database, _ code: Int32) -> DatabaseError {
    DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
  }
}
