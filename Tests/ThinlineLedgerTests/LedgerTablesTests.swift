import Foundation
import GRDB
import Testing

@testable import ThinlineCore
@testable import ThinlineLedger

/// The record types against the schema the migrations make: every column a record type names
/// exists, and a row written through it reads back the same (a swapped or missing column fails).
@Suite struct LedgerTablesTests {
  func database() throws -> DatabaseQueue {
    let queue = try DatabaseQueue()
    try Ledger.migrator.migrate(queue)
    return queue
  }

  func roundTrip<T: LedgerTable>(_ row: T, key: some DatabaseValueConvertible) throws {
    try database().write { db in
      try row.insert(db)
      #expect(try T.fetchOne(db, key: key) == row)
      #expect(try T.fetchCount(db) == 1)
    }
  }

  /// A run's decisions, bound through SQLite's own calls, read back as `DecisionRow`s with the
  /// texts the entries give: over two full statements and a short last one, with empty and
  /// non-ASCII texts (an empty text stays one, not NULL).
  @Test func aRunsDecisionsAreWrittenRowForRow() throws {
    let decisions = Decision.allCases
    let entries = (0..<250).map { n in
      InvoiceDecision(
        invoice: n == 7 ? "" : "F-\(n)", customer: n % 3 == 0 ? "Zoë & Søn" : "\(100 + n % 11)", customerName: nil,
        kind: n % 4 == 0 ? .creditNote : .invoice, source: "x.csv", currency: "EUR", issueDate: nil, invoiceDueDate: nil,
        effectiveDueDate: nil, daysOverdue: 0, amount: Decimal(n), paid: 0, credited: 0, disputed: 0,
        open: Decimal(string: n % 2 == 0 ? "-\(n).5" : "\(n)")!, decision: decisions[n % decisions.count], reasons: [], advice: [],
        principal: 0, interestBox: nil, allocations: [], reminders: [], documentBox: nil)
    }
    try database().write { db in
      try RunRow(startedAt: "s", asOf: "2026-11-29", filesTaken: 0, quarantined: 0).insert(db)
      let run = db.lastInsertedRowID
      try entries.withUnsafeBufferPointer { try DecisionRows.insert(db, run: run, $0) }
      let rows = try DecisionRow.order(Column.rowID).fetchAll(db)
      #expect(
        rows
          == entries.map {
            DecisionRow(
              runId: run, invoice: $0.invoice, document: $0.kind.rawValue, customer: $0.customer, decision: $0.decision.rawValue,
              open: $0.open.moneyText)
          })
      #expect(rows[7].invoice == "" && rows[1].open == "1.00" && rows[2].open == "-2.50" && rows[3].customer == "Zoë & Søn")
    }
  }

  @Test func eachBulkTableNamesTheSchemasColumnsInOrderAndBindsItsValuesInThatOrder() throws {
    func check<T: BulkTable>(_ row: T) throws {
      try database().write { db in
        #expect(try db.columns(in: T.databaseTableName).map(\.name) == T.columns)
        if T.self == DecisionRow.self {  // its run must exist
          try RunRow(startedAt: "s", asOf: "2026-11-29", filesTaken: 0, quarantined: 0).insert(db)
        } else {
          try FileRow(sha256: "f", name: "f.csv", size: 1, firstSeen: "s", outcome: .recorded).insert(db)
        }
        try T.insertAll(db, [row])
        #expect(try T.fetchAll(db) == [row])
      }
    }
    try check(DocumentRow(fileSha256: "f", number: "F-1", kind: "invoice", customer: "7", issueDate: "2026-11-01", amount: "12.50"))
    try check(PaymentRow(fileSha256: "f", line: 3, invoice: "F-1", customer: "7", date: "2026-11-02", amount: "2.50"))
    try check(ReminderRow(fileSha256: "f", line: 4, invoice: "F-1", date: "2026-11-03", kind: "reminder", channel: "email"))
    try check(DecisionRow(runId: 1, invoice: "F-1", document: "invoice", customer: "7", decision: "remind", open: "10.00"))
  }

  @Test func eachTableRoundTripsThroughItsRecordType() throws {
    try roundTrip(
      FileRow(sha256: "a", name: "a.xml", size: 3, firstSeen: "t", outcome: .quarantined, error: "bad", content: Data([1, 2, 3])), key: "a")
    try roundTrip(BatchRow(id: "B-1", asOf: "2026-11-29", folder: "out/B-1"), key: "B-1")
    try roundTrip(
      RunRow(
        id: 1, startedAt: "t", asOf: "2026-11-29", filesTaken: 2, quarantined: 1, batchId: "B-1", summary: "s", fingerprint: "fp"), key: 1)
    try database().write { db in
      try FileRow(sha256: "a", name: "a.xml", size: 3, firstSeen: "t", outcome: .recorded).insert(db)
      let seen = FileSeenRow(sha256: "a", name: "b.xml", seenAt: "u")
      try seen.insert(db)
      #expect(try FileSeenRow.fetchAll(db) == [seen])
      let part = FileRecordRow(sha256: "a", part: 0, reading: "r", records: Data([9]))
      try part.insert(db)
      #expect(try FileRecordRow.fetchAll(db) == [part])
      try BatchRow(id: "B-1", asOf: "2026-11-29", folder: "out").insert(db)
      let handover = HandoverRow(
        invoice: "F-1", batchId: "B-1", customer: "7", principal: "10.00", interest: "0.12", releasedAt: "v", releaseNote: "paid")
      try handover.insert(db)
      #expect(try HandoverRow.fetchAll(db) == [handover])
    }
  }

  /// Rows inserted a batch a statement come back all, in order, a partial last batch included.
  @Test func insertAllWritesEveryRowInBatches() throws {
    try database().write { db in
      try FileRow(sha256: "f", name: "f.csv", size: 1, firstSeen: "s", outcome: .recorded).insert(db)
      let rows = (0..<250).map { n in
        PaymentRow(fileSha256: "f", line: n, invoice: "F-\(n)", customer: nil, date: "2026-11-02", amount: "\(n).00")
      }
      try PaymentRow.insertAll(db, rows, batch: 100)
      #expect(try PaymentRow.order(Column.rowID).fetchAll(db) == rows)
      try PaymentRow.insertAll(db, [PaymentRow](), batch: 100)  // nothing to write: no statement
      #expect(try PaymentRow.fetchCount(db) == 250)
    }
  }
}
