import Foundation
import Testing
import ThinlineLedger
import ThinlineTestSupport

@testable import ThinlineCore
@testable import ThinlineRunner

/// The ledger's records give back exactly what the readers produced: every field, every decimal
/// with its digits and written scale, for every kind of input the project has a sample of.
@Suite struct RecordCodecTests {
  /// Every stored property, with its type's internals (an ExactDecimal's scale too).
  /// Every field of every element, each element dumped on its own: which elements share a
  /// copy-on-write box (a CSV's rows of one customer share its party) is not part of the value.
  static func dumped<T>(_ values: [T]) -> String {
    var text = ""
    for value in values { dump(value, to: &text) }
    return text.replacing(/\ #\d+/, with: "")
  }

  static func inputs() -> [URL] {
    var files: [URL] = []
    for folder in ["demo", "decisions", "csv-profiles"] {
      for path in Fixtures.files(under: Fixtures.fixtures.appendingPathComponent(folder))
      where path.hasSuffix(".csv") || path.hasSuffix(".xml") || path.hasSuffix(".sta") || path.hasSuffix(".940") {
        if path.contains("/expected/") { continue }
        files.append(Fixtures.fixtures.appendingPathComponent(folder).appendingPathComponent(path))
      }
    }
    return files + Fixtures.referenceExamples()
  }

  @Test func everySampleInputComesBackAsItWasRead() throws {
    var checked = 0
    var documents = 0
    for url in Self.inputs() {
      guard let ingested = try? Ingest.read(Fixtures.bytes(url), name: url.lastPathComponent, mappings: []) else { continue }
      let records = FileRecords(ingested)
      if records.isEmpty { continue }
      let decoded = try RecordCodec.decode(RecordCodec.encode(records), file: url.lastPathComponent)
      #expect(Self.dumped(decoded.documents) == Self.dumped(records.documents), "\(url.path)")
      #expect(Self.dumped(decoded.payments) == Self.dumped(records.payments), "\(url.path)")
      #expect(Self.dumped(decoded.reminders) == Self.dumped(records.reminders), "\(url.path)")
      #expect(Self.dumped(decoded.bankEntries) == Self.dumped(records.bankEntries), "\(url.path)")
      checked += 1
      documents += records.documents.count
    }
    #expect(checked >= 40, "only \(checked) sample inputs had records")
    #expect(documents >= 100)
  }

  /// A large export is stored in parts, and the parts joined give the file back in order.
  @Test func partsJoinBackInOrder() throws {
    let payments = (0..<10_000).map { i in
      PaymentRecord(
        source: SourceLocation(file: "p.csv", line: i + 2), invoiceNumber: "F\(i)", customerNumber: nil,
        date: CalendarDate(year: 2026, month: 1 + i % 12, day: 1 + i % 28)!, amount: ExactDecimal(Decimal(i) / 100, scale: 2),
        currency: "EUR", reference: nil)
    }
    let records = FileRecords(payments: payments)
    let parts = records.parts(of: 4096)
    #expect(parts.count == 3)
    let decoded = try parts.map { part in try RecordCodec.decode(RecordCodec.encode(part), file: "p.csv") }
    #expect(FileRecords.joined(decoded).payments == payments)
    #expect(Self.dumped(FileRecords.joined(decoded).payments) == Self.dumped(payments))
  }

  /// Exact to the digit: random amounts of every size and scale come back with the same text.
  @Test func decimalsKeepTheirDigitsAndScale() throws {
    var generator = SystemRandomNumberGenerator()
    var amounts: [ExactDecimal] = []
    for _ in 0..<2_000 {
      let scale = Int.random(in: 0...6, using: &generator)
      let digits = (0..<Int.random(in: 1...30, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
      let text = (Bool.random(using: &generator) ? "-" : "") + digits + (scale > 0 ? "." + String(repeating: "5", count: scale) : "")
      amounts.append(ExactDecimal(xsDecimal: text)!)
    }
    let payments = amounts.map { amount in
      PaymentRecord(
        source: SourceLocation(file: "x"), invoiceNumber: nil, customerNumber: nil, date: CalendarDate(year: 2026, month: 2, day: 28)!,
        amount: amount, currency: nil, reference: nil)
    }
    let decoded = try RecordCodec.decode(RecordCodec.encode(FileRecords(payments: payments)), file: "x").payments
    for (a, b) in zip(amounts, decoded.map(\.amount)) {
      #expect(a.formatted() == b.formatted() && a.scale == b.scale && a.value == b.value)
    }
  }

  /// A damaged record is refused, never read as other values.
  @Test func aDamagedRecordIsRefused() throws {
    let url = Fixtures.fixtures.appendingPathComponent("demo/F2026-0420.xml")
    let records = FileRecords(try Ingest.read(Fixtures.bytes(url), name: "F2026-0420.xml", mappings: []))
    let bytes = RecordCodec.encode(records)
    for cut in [1, bytes.count / 2, bytes.count - 1] {
      #expect(throws: RecordCodec.Malformed.self) { try RecordCodec.decode(Array(bytes.prefix(cut)), file: "x") }
    }
    #expect(throws: RecordCodec.Malformed.self) { try RecordCodec.decode(bytes + [0], file: "x") }
  }

  /// A field added to a record type must be added to the codec (and the layout number raised).
  @Test func theCodecKnowsEveryField() {
    // A document's rarely set fields live in its box; `==` and `hash` name the others one by one.
    #expect(Mirror(reflecting: Document(source: "", kind: .invoice)).children.count == 11)
    #expect(Mirror(reflecting: Document.Details()).children.count == 17)
    #expect(Mirror(reflecting: Party.Fields()).children.count == 6)  // a party's fields live in its box
    #expect(Mirror(reflecting: Address()).children.count == 7)
    #expect(Mirror(reflecting: Contact()).children.count == 3)
    #expect(Mirror(reflecting: Line()).children.count == 12)
    #expect(Mirror(reflecting: AllowanceCharge(isCharge: true)).children.count == 8)
    #expect(Mirror(reflecting: PaymentMeans()).children.count == 6)
    #expect(Mirror(reflecting: TaxTotal()).children.count == 4)
    #expect(Mirror(reflecting: TaxSubtotal()).children.count == 8)
    #expect(Mirror(reflecting: MonetaryTotals()).children.count == 5)  // the four read most, and the box
    #expect(Mirror(reflecting: MonetaryTotals.Others()).children.count == 6)
    #expect(Mirror(reflecting: Attachment()).children.count == 7)
    #expect(Mirror(reflecting: BankEntry(source: .init(file: ""), format: "", amount: .zero, direction: .credit)).children.count == 20)
    #expect(Mirror(reflecting: BankEntry.Transaction()).children.count == 7)
    let reminder = ReminderRecord(
      source: .init(file: ""), invoiceNumber: "", date: CalendarDate(year: 2026, month: 1, day: 1)!, kind: .reminder, channel: nil)
    #expect(Mirror(reflecting: reminder).children.count == 5)
    let payment = PaymentRecord(
      source: .init(file: ""), invoiceNumber: nil, customerNumber: nil, date: CalendarDate(year: 2026, month: 1, day: 1)!, amount: .zero,
      currency: nil, reference: nil)
    // bankMatch (the eighth) is set while deciding and not stored.
    #expect(Mirror(reflecting: payment).children.count == 8)
  }
}
