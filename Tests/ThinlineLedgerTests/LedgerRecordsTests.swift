import Foundation
import GRDB
import Testing
import ThinlineLedger
import ThinlineTestSupport

@testable import ThinlineCore

/// What a night decides from: every recorded file's records, decoded from the ledger into one set
/// of records, in the order the files were recorded and each file's parts in order.
@Suite struct LedgerRecordsTests {
  static func document(_ i: Int, buyer: Int?) -> Document {
    var d = Document(source: "f.csv", kind: i % 7 == 0 ? .creditNote : .invoice)
    d.number = "F\(i)"
    d.issueDate = CalendarDate(year: 2026, month: 1 + i % 12, day: 1 + i % 28)
    if let buyer {
      var party = Party()
      party.legalName = "Klant \(buyer) B.V."
      party.identifiers = [PartyIdentifier(scheme: nil, value: "\(100_000 + buyer)")]
      party.address.city = buyer % 2 == 0 ? "Utrecht" : nil
      d.buyer = party
    }
    d.totals.payable = ExactDecimal(Decimal(i) / 100, scale: 2)
    return d
  }

  static func payment(_ i: Int, file: String) -> PaymentRecord {
    PaymentRecord(
      source: SourceLocation(file: file, line: i + 2), invoiceNumber: "F\(i)", customerNumber: nil,
      date: CalendarDate(year: 2026, month: 3, day: 1 + i % 28)!, amount: ExactDecimal(Decimal(i), scale: 0), currency: nil,
      reference: nil)
  }

  /// Records `files` (name → records) in that order, each in parts of at most 4,096.
  static func ledger(_ files: [(String, FileRecords)]) throws -> (Ledger, DatabaseQueue) {
    let queue = try DatabaseQueue()
    let ledger = try Ledger(writer: queue)
    for (n, (name, records)) in files.enumerated() {
      try ledger.record(sha256: "sha\(n)", name: name, bytes: [UInt8(n)], seenAt: "2026-11-29T00:00:00Z", records: records, reading: "r")
    }
    return (ledger, queue)
  }

  @Test func theFilesComeBackInOrderAsOneSetOfRecords() throws {
    // 10,000 documents of five buyers (and some without one): three parts of the first file.
    let big = (0..<10_000).map { Self.document($0, buyer: $0 % 11 == 0 ? nil : $0 % 5) }
    let small = [Self.document(20_000, buyer: 1), Self.document(20_001, buyer: 9)]
    let payments = (0..<5_000).map { Self.payment($0, file: "p.csv") }
    let files = [
      ("a.csv", FileRecords(documents: big, payments: Array(payments.prefix(4_500)))),
      ("p.csv", FileRecords(payments: Array(payments.dropFirst(4_500)))),
      ("b.xml", FileRecords(documents: small)),
    ]
    let (ledger, _) = try Self.ledger(files)
    let recorded = try ledger.recorded(reading: "r")
    #expect(recorded.files.map(\.name) == ["a.csv", "p.csv", "b.xml"])
    #expect(recorded.files.allSatisfy { $0.isDecoded })
    let names = ["a.csv", "b.xml"]
    let expected = big.map { d in with(d) { $0.source = names[0] } } + small.map { d in with(d) { $0.source = names[1] } }
    #expect(recorded.records.documents == expected)
    #expect(recorded.records.payments.map(\.invoiceNumber) == payments.map(\.invoiceNumber))
    for (i, file) in files.enumerated() {
      #expect(recorded.records(of: i)?.documents.map(\.number) == file.1.documents.map(\.number))
      #expect(recorded.records(of: i)?.payments.map(\.source.line) == file.1.payments.map(\.source.line))
    }
    // The documents of one buyer share its party: at most one value per buyer and core.
    let identities = Set(recorded.records.documents.compactMap { $0.buyer?.sharedIdentity })
    #expect(identities.count <= 7 * ProcessInfo.processInfo.activeProcessorCount)
    // And the per-file view gives the same.
    #expect(try ledger.recordedInputs(reading: "r").compactMap(\.records).flatMap(\.documents).map(\.number) == (big + small).map(\.number))
  }

  /// A damaged part makes its file one to read again; the other files are decoded as they are.
  @Test func aDamagedPartLeavesOnlyItsFileToBeReadAgain() throws {
    let big = (0..<9_000).map { Self.document($0, buyer: $0 % 3) }
    let other = (0..<5).map { Self.document(50_000 + $0, buyer: 1) }
    let (ledger, queue) = try Self.ledger([("a.csv", FileRecords(documents: big)), ("b.csv", FileRecords(documents: other))])
    for damage in ["x'05'", "substr(records, 1, length(records) / 2)", "x'ffffffffffffffff7f'"] {
      try queue.write { db in try db.execute(sql: "UPDATE file_record SET records = \(damage) WHERE sha256 = 'sha0' AND part = 1") }
      let recorded = try ledger.recorded(reading: "r")
      #expect(recorded.files.map(\.isDecoded) == [false, true], "\(damage)")
      #expect(recorded.records(of: 0) == nil)
      #expect(recorded.records(of: 1)?.documents.map(\.number) == other.map(\.number))
    }
  }

  /// Records of another reading are not decoded: the file is read again.
  @Test func recordsOfAnotherReadingAreNotDecoded() throws {
    let (ledger, _) = try Self.ledger([("a.csv", FileRecords(documents: [Self.document(1, buyer: 1)]))])
    #expect(try ledger.recorded(reading: "another").files.map(\.isDecoded) == [false])
    #expect(try ledger.recorded(reading: "another").records.documents.isEmpty)
  }
}

private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
  var copy = value
  change(&copy)
  return copy
}

/// The summary tables are written only when asked for (`ledger_summary`); the records always.
@Suite struct LedgerSummaryRowsTests {
  @Test(arguments: [false, true])
  func summaryRowsAreWrittenOnlyWhenAskedFor(asked: Bool) throws {
    let queue = try DatabaseQueue()
    let ledger = try Ledger(writer: queue)
    let records = FileRecords(
      documents: (0..<3).map { LedgerRecordsTests.document($0, buyer: 1) },
      payments: [LedgerRecordsTests.payment(1, file: "a.csv")])
    try ledger.record(
      [.recorded(sha256: "s", name: "a.csv", bytes: [1], records: records, parts: Ledger.encodedParts(records), reading: "r")],
      seenAt: "2026-11-29T00:00:00Z", summaryRows: asked)
    let counts = try queue.read { db in
      try ["document", "payment", "reminder"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
    }
    #expect(counts == (asked ? [3, 1, 0] : [0, 0, 0]))
    #expect(try ledger.recorded(reading: "r").records.documents.count == 3)
  }
}
