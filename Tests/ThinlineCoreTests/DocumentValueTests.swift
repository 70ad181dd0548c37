import Foundation
import Testing

@testable import ThinlineCore

/// `Document` keeps its rarely set fields in a shared box: it must still behave as a value, and
/// its equality must see every field, inline or boxed.
@Suite struct DocumentValueTests {
  func document() -> Document {
    var d = Document(source: "a.xml", kind: .invoice)
    d.number = "F-1"
    d.totals.payable = ExactDecimal(xsDecimal: "12.10")
    return d
  }

  @Test func aDocumentWithoutDetailsAllocatesNoBox() {
    let d = document()
    #expect(Mirror(reflecting: d).children.first { $0.label == "box" }.map { "\($0.value)" } == "nil")
    #expect(d.notes.isEmpty && d.seller == nil && d.taxTotals.isEmpty)
  }

  @Test func copiesAreIndependentAndEqualByContent() {
    var a = document()
    a.orderReference = "PO-7"
    a.notes.append("deliver to the back door")
    var b = a
    b.notes.append("second note")
    b.seller = Party()
    #expect(a.notes == ["deliver to the back door"] && a.seller == nil)
    #expect(b.notes.count == 2 && b.orderReference == "PO-7")
    #expect(a != b)
    b.notes.removeLast()
    b.seller = nil
    #expect(a == b && a.hashValue == b.hashValue)
    // Boxed and not boxed, the same content is the same document.
    var c = document()
    c.orderReference = "PO-7"
    c.notes = ["deliver to the back door"]
    #expect(c == a)
    var emptied = document()
    emptied.notes = []
    #expect(emptied == document() && emptied.hashValue == document().hashValue)
  }

  /// Each field, inline or boxed, changes equality on its own.
  @Test func everyFieldCounts() {
    let base = document()
    let changes: [(inout Document) -> Void] = [
      { $0.source = "b.xml" }, { $0.kind = .creditNote }, { $0.number = "F-2" }, { $0.issueDate = CalendarDate(iso: "2026-01-01") },
      { $0.dueDate = CalendarDate(iso: "2026-01-31") }, { $0.currency = "EUR" }, { $0.buyer = Party() }, { $0.lines = [Line()] },
      { $0.totals.taxExclusive = ExactDecimal(xsDecimal: "10.00") }, { $0.outstanding = ExactDecimal(xsDecimal: "1.00") },
      { $0.typeCode = "380" }, { $0.customizationID = "x" }, { $0.profileID = "y" }, { $0.declaredCurrencyText = "EUR" },
      { $0.taxCurrency = "EUR" }, { $0.buyerReference = "r" }, { $0.orderReference = "o" }, { $0.contractReference = "c" },
      { $0.projectReference = "p" }, { $0.notes = ["n"] }, { $0.seller = Party() },
      { $0.billingReferences = [BillingReference(number: "F-0")] },
      { $0.paymentTermsNote = "30 days" }, { $0.paymentMeans = [PaymentMeans()] },
      { $0.allowanceCharges = [AllowanceCharge(isCharge: true)] },
      { $0.taxTotals = [TaxTotal()] }, { $0.attachments = [Attachment()] },
    ]
    #expect(changes.count == 27)  // every field of the model (RecordCodecTests counts them)
    for (n, change) in changes.enumerated() {
      var changed = base
      change(&changed)
      #expect(changed != base, "field \(n)")
    }
  }
}
