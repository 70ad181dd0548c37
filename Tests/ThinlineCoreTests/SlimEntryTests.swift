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
  }
}
