import Testing
import ThinlineCore

@Suite struct EN16931ArithmeticTests {
  func d(_ s: String) -> ExactDecimal { ExactDecimal(xsDecimal: s)! }

  /// A consistent invoice: 2 lines, 21 % VAT, a charge and an allowance.
  func consistent() -> Document {
    var doc = Document(source: "t.xml", kind: .invoice)
    doc.currency = "EUR"
    doc.declaredCurrencyText = "EUR"
    var l1 = Line(); l1.amount = d("100.00"); l1.vatCategory = "S"; l1.vatRate = d("21")
    var l2 = Line(); l2.amount = d("50.005"); l2.vatCategory = "S"; l2.vatRate = d("21")
    doc.lines = [l1, l2]
    var charge = AllowanceCharge(isCharge: true); charge.amount = d("10.00"); charge.taxCategory = "S"; charge.taxRate = d("21")
    var allowance = AllowanceCharge(isCharge: false); allowance.amount = d("5.00"); allowance.taxCategory = "S"; allowance.taxRate = d("21")
    doc.allowanceCharges = [charge, allowance]
    var sub = TaxSubtotal(); sub.taxableAmount = d("155.01"); sub.taxAmount = d("32.55"); sub.category = "S"; sub.percent = d("21");
    sub.taxScheme = "VAT"
    var tax = TaxTotal(); tax.taxAmount = d("32.55"); tax.currency = "EUR"; tax.subtotals = [sub]
    doc.taxTotals = [tax]
    doc.totals.present = true
    doc.totals.lineExtension = d("150.01")
    doc.totals.charges = d("10.00")
    doc.totals.allowances = d("5.00")
    doc.totals.taxExclusive = d("155.01")
    doc.totals.taxInclusive = d("187.56")
    doc.totals.prepaid = d("7.56")
    doc.totals.payable = d("180.00")
    return doc
  }

  @Test func aConsistentInvoicePasses() {
    #expect(EN16931Arithmetic.check(consistent()).isEmpty)
  }

  @Test func eachTotalRuleFiresOnItsOwnMistake() {
    func rules(_ change: (inout Document) -> Void) -> [String] {
      var doc = consistent()
      change(&doc)
      return EN16931Arithmetic.check(doc).map(\.rule)
    }
    #expect(rules { $0.totals.lineExtension = d("150.00") }.contains("BR-CO-10"))
    #expect(rules { $0.totals.allowances = d("6.00") }.contains("BR-CO-11"))
    #expect(rules { $0.totals.charges = nil }.contains("BR-CO-12"))
    #expect(rules { $0.totals.taxExclusive = d("155.00") }.contains("BR-CO-13"))
    #expect(rules { $0.taxTotals[0].taxAmount = d("32.56") }.contains("BR-CO-14"))
    #expect(rules { $0.totals.taxInclusive = d("187.57") }.contains("BR-CO-15"))
    #expect(rules { $0.totals.payable = d("187.56") } == ["BR-CO-16"])
    #expect(
      rules {
        $0.taxTotals[0].subtotals[0].taxAmount = d("34.00"); $0.taxTotals[0].taxAmount = d("34.00"); $0.totals.taxInclusive = d("189.01");
        $0.totals.payable = d("181.45")
      } == ["BR-CO-17"])
    #expect(
      rules {
        $0.taxTotals[0].subtotals[0].taxableAmount = d("157.50"); $0.taxTotals[0].subtotals[0].taxAmount = d("33.08");
        $0.taxTotals[0].taxAmount = d("33.08"); $0.totals.taxInclusive = d("188.09"); $0.totals.payable = d("180.53")
      } == ["BR-S-08"])
  }

  @Test func roundingFollowsTheSchematron() {
    // Σ lines = 150.005 → XPath round(15000.5) = 15001 → 150.01 (half towards +∞).
    var doc = consistent()
    doc.totals.lineExtension = d("150.01")
    #expect(!EN16931Arithmetic.check(doc).map(\.rule).contains("BR-CO-10"))
  }

  @Test func findingsSayWhereAndWhat() {
    var doc = consistent()
    doc.totals.payable = d("999.00")
    let finding = EN16931Arithmetic.check(doc).first!
    #expect(finding.location.path == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
    #expect(finding.message.contains("999.00"))
    #expect(finding.severity == .error)
  }
}
