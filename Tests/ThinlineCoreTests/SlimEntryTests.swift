import Foundation
import Testing
import ThinlineCore

/// A decisions report holds one entry per invoice: a million of them at scale, copied by every
/// consumer. An entry carries no whole document inline (issue "Decide from the ledger, at scale").
@Suite struct SlimEntryTests {
  @Test func anInvoiceDecisionCarriesNoDocumentInline() {
    let entry = MemoryLayout<InvoiceDecision>.size
    let document = MemoryLayout<Document>.size
    #expect(entry <= 512, "InvoiceDecision is \(entry) bytes")
    // A document inline: its hot fields only (the rest is boxed, `DocumentValueTests`).
    #expect(document <= 384, "Document is \(document) bytes")
    // The totals: two inline, the six only a UBL document has behind a pointer.
    #expect(MemoryLayout<MonetaryTotals>.size <= 72, "MonetaryTotals is \(MemoryLayout<MonetaryTotals>.size) bytes")
  }

  @Test func totalsSetAndClearedAreEqualToNeverSet() {
    var totals = MonetaryTotals()
    totals.payable = ExactDecimal(Decimal(1210), scale: 2)
    var other = totals
    other.rounding = ExactDecimal(Decimal(string: "0.01")!, scale: 2)
    #expect(other != totals)
    #expect(totals.rounding == nil)  // the copy's box is its own
    other.rounding = nil
    #expect(other == totals)
    #expect(other.hashValue == totals.hashValue)
    other.lineExtension = ExactDecimal(Decimal(1000), scale: 2)
    #expect(other.lineExtension?.value == 1000 && other.taxExclusive == nil)
  }
}
