import Foundation

/// The EN 16931 arithmetic rules a tool can check by itself: the totals (BR-CO-10 … BR-CO-16),
/// the VAT breakdown (BR-CO-17) and the standard-rate taxable sums (BR-S-08).
///
/// Each rule is written after the official CEN Schematron (validation artefacts 1.3.16), including
/// its XPath rounding (half towards +∞) and its tolerances, so that a verdict here agrees with the
/// official validator's.
public enum EN16931Arithmetic {
  /// The rule ids this checker decides; for any other rule it says nothing.
  public static let rules = [
    "BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-14", "BR-CO-15", "BR-CO-16",
    "BR-CO-17", "BR-S-08",
  ]

  public static func check(_ document: Document) -> [Finding] {
    var findings: [Finding] = []
    let root = document.kind == .invoice ? "/Invoice" : "/CreditNote"
    func fail(_ rule: String, _ message: String, path: String, line: Int) {
      findings.append(
        Finding(.error, rule: rule, message, at: SourceLocation(file: document.source, line: line, path: path)))
    }
    func r2(_ value: Decimal) -> Decimal { DecimalFormatting.xpathRound(value, scale: 2) }
    func text(_ value: Decimal) -> String { DecimalFormatting.plain(value, scale: 2) }
    func text(_ value: ExactDecimal?) -> String { value?.amountText ?? "absent" }

    /// Sum of amounts, rounded as the Schematron does; values written with at most two
    /// decimals need no rounding, which saves most of the work on ordinary invoices.
    func sum2<S: Sequence>(_ values: S) -> Decimal where S.Element == ExactDecimal? {
      var total = Decimal(0)
      var scale = 0
      for case let value? in values {
        total += value.value
        scale = max(scale, value.scale)
      }
      return scale <= 2 ? total : r2(total)
    }

    let totals = document.totals
    let lmtPath = root + "/cac:LegalMonetaryTotal"
    let docAllowances = document.allowanceCharges.filter { !$0.isCharge }
    let docCharges = document.allowanceCharges.filter { $0.isCharge }

    if totals.present {
      let lineSum = sum2(document.lines.lazy.map(\.amount))
      if totals.lineExtension?.value != lineSum {
        fail(
          "BR-CO-10", "sum of line net amounts is \(text(lineSum)) but LineExtensionAmount is \(text(totals.lineExtension))",
          path: lmtPath + "/cbc:LineExtensionAmount", line: totals.sourceLine)
      }
      let allowanceSum = sum2(docAllowances.lazy.map(\.amount))
      let allowancesOK =
        totals.allowances.map { $0.value == allowanceSum } ?? docAllowances.isEmpty
      if !allowancesOK {
        fail(
          "BR-CO-11", "document allowances sum to \(text(allowanceSum)) but AllowanceTotalAmount is \(text(totals.allowances))",
          path: lmtPath + "/cbc:AllowanceTotalAmount", line: totals.sourceLine)
      }
      let chargeSum = sum2(docCharges.lazy.map(\.amount))
      let chargesOK = totals.charges.map { $0.value == chargeSum } ?? docCharges.isEmpty
      if !chargesOK {
        fail(
          "BR-CO-12", "document charges sum to \(text(chargeSum)) but ChargeTotalAmount is \(text(totals.charges))",
          path: lmtPath + "/cbc:ChargeTotalAmount", line: totals.sourceLine)
      }
      if let lineExtension = totals.lineExtension?.value {
        var expected = lineExtension
        if let charges = totals.charges { expected += charges.value }
        if let allowances = totals.allowances { expected -= allowances.value }
        let maxScale = max(totals.lineExtension?.scale ?? 0, totals.charges?.scale ?? 0, totals.allowances?.scale ?? 0)
        if (totals.charges != nil || totals.allowances != nil) && maxScale > 2 { expected = r2(expected) }
        if totals.taxExclusive?.value != expected {
          fail(
            "BR-CO-13",
            "LineExtensionAmount + charges − allowances is \(text(expected)) but TaxExclusiveAmount is \(text(totals.taxExclusive))",
            path: lmtPath + "/cbc:TaxExclusiveAmount", line: totals.sourceLine)
        }
      } else {
        fail("BR-CO-13", "TaxExclusiveAmount cannot be checked: LineExtensionAmount is absent", path: lmtPath, line: totals.sourceLine)
      }
      if !payableConsistent(totals) {
        fail(
          "BR-CO-16",
          "PayableAmount \(text(totals.payable)) ≠ TaxInclusiveAmount \(text(totals.taxInclusive)) − PrepaidAmount \(text(totals.prepaid)) + PayableRoundingAmount \(text(totals.rounding))",
          path: lmtPath + "/cbc:PayableAmount", line: totals.sourceLine)
      }
    }

    for (index, taxTotal) in document.taxTotals.enumerated() where !taxTotal.subtotals.isEmpty {
      let sum = sum2(taxTotal.subtotals.lazy.map(\.taxAmount))
      if taxTotal.taxAmount?.value != sum {
        fail(
          "BR-CO-14", "VAT breakdown amounts sum to \(text(sum)) but TaxTotal/TaxAmount is \(text(taxTotal.taxAmount))",
          path: root + "/cac:TaxTotal[\(index + 1)]/cbc:TaxAmount", line: taxTotal.sourceLine)
      }
    }

    if let currency = document.declaredCurrencyText {
      let inCurrency = document.taxTotals.filter { $0.taxAmount != nil && $0.currency == currency }
      if inCurrency.count != 1 {
        let shown =
          currency.trimmingCharacters(in: .whitespacesAndNewlines) == currency ? currency : "\"\(currency)\" (with surrounding whitespace)"
        fail(
          "BR-CO-15",
          "expected exactly one TaxTotal/TaxAmount whose currencyID equals DocumentCurrencyCode \(shown), found \(inCurrency.count)",
          path: root + "/cac:TaxTotal", line: document.taxTotals.first?.sourceLine ?? 0)
      } else if let tax = inCurrency[0].taxAmount?.value {
        let taxScale = inCurrency[0].taxAmount?.scale ?? 0
        let expected = totals.taxExclusive.map { max($0.scale, taxScale) <= 2 ? $0.value + tax : r2($0.value + tax) }
        if expected == nil || totals.taxInclusive?.value != expected {
          fail(
            "BR-CO-15",
            "TaxExclusiveAmount \(text(totals.taxExclusive)) + VAT \(text(tax)) ≠ TaxInclusiveAmount \(text(totals.taxInclusive))",
            path: lmtPath + "/cbc:TaxInclusiveAmount", line: totals.sourceLine)
        }
      }
    }

    for (totalIndex, taxTotal) in document.taxTotals.enumerated() {
      for (subIndex, subtotal) in taxTotal.subtotals.enumerated() {
        let path = root + "/cac:TaxTotal[\(totalIndex + 1)]/cac:TaxSubtotal[\(subIndex + 1)]"
        if !subtotalRateConsistent(subtotal) {
          fail(
            "BR-CO-17",
            "VAT \(text(subtotal.taxAmount)) is not taxable amount \(text(subtotal.taxableAmount)) × \(subtotal.percent?.description ?? "no rate")% rounded to cents (±1.00)",
            path: path, line: subtotal.sourceLine)
        }
        if subtotal.isStandardRatedVAT, let rate = subtotal.percent?.value,
          !standardRatedTaxableConsistent(subtotal, rate: rate, in: document)
        {
          fail(
            "BR-S-08",
            "taxable amount \(text(subtotal.taxableAmount)) at \(rate)% does not match the lines and document allowances/charges at that rate (±1.00)",
            path: path + "/cbc:TaxableAmount", line: subtotal.sourceLine)
        }
      }
    }
    return findings
  }

  static func payableConsistent(_ t: MonetaryTotals) -> Bool {
    let fine = [t.payable, t.taxInclusive, t.prepaid, t.rounding].allSatisfy { ($0?.scale ?? 0) <= 2 }
    func r2(_ v: Decimal) -> Decimal { fine ? v : DecimalFormatting.xpathRound(v, scale: 2) }
    guard let payable = t.payable?.value, let inclusive = t.taxInclusive?.value else { return false }
    switch (t.prepaid?.value, t.rounding?.value) {
    case let (prepaid?, nil): return payable == r2(inclusive - prepaid)
    case (nil, nil): return payable == inclusive
    case let (prepaid?, rounding?): return r2(payable - rounding) == r2(inclusive - prepaid)
    case let (nil, rounding?): return r2(payable - rounding) == inclusive
    }
  }

  static let hundredth = Decimal(sign: .plus, exponent: -2, significand: 1)

  static func subtotalRateConsistent(_ s: TaxSubtotal) -> Bool {
    func roundInt(_ v: Decimal) -> Decimal { DecimalFormatting.xpathRound(v, scale: 0) }
    let percent = s.isVATScheme ? s.percent?.value : nil
    guard let tax = s.taxAmount?.value else { return false }
    guard let percent else { return roundInt(tax) == 0 }
    if roundInt(percent) == 0 { return roundInt(tax) == 0 }
    guard let taxable = s.taxableAmount?.value else { return false }
    let expected = DecimalFormatting.xpathRound(abs(taxable) * percent * hundredth, scale: 2)
    return abs(tax) - 1 < expected && abs(tax) + 1 > expected
  }

  static func standardRatedTaxableConsistent(_ s: TaxSubtotal, rate: Decimal, in document: Document) -> Bool {
    let lines = document.lines.filter { $0.vatCategory == "S" && $0.vatRate?.value == rate }
    let allowances = document.allowanceCharges.filter { $0.taxCategory == "S" && $0.taxRate?.value == rate }
    let lineLevel = document.lines.flatMap(\.allowanceCharges).filter { $0.taxCategory == "S" && $0.taxRate?.value == rate }
    guard !lines.isEmpty || !allowances.isEmpty || !lineLevel.isEmpty else { return false }
    guard let taxable = s.taxableAmount?.value else { return false }
    let sum =
      lines.reduce(Decimal(0)) { $0 + ($1.amount?.value ?? 0) }
      + allowances.filter(\.isCharge).reduce(Decimal(0)) { $0 + ($1.amount?.value ?? 0) }
      - allowances.filter { !$0.isCharge }.reduce(Decimal(0)) { $0 + ($1.amount?.value ?? 0) }
    return taxable - 1 < sum && taxable + 1 > sum
  }
}

extension TaxSubtotal {
  var isVATScheme: Bool { taxScheme?.uppercased() == "VAT" }
  var isStandardRatedVAT: Bool { category == "S" && isVATScheme }
}
