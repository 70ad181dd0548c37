import Foundation
import Testing
import ThinlineCore

/// Engine-level checks on inline inputs (the rule-by-rule cases are the fixtures in fixtures/decisions).
@Suite struct DecisionEngineTests {
  func invoice(_ number: String, customer: String, issue: String, due: String?, amount: String, name: String = "Klant") -> Document {
    var d = Document(source: "t.csv", kind: .invoice)
    d.number = number
    d.issueDate = day(issue)
    d.dueDate = due.map(day)
    d.currency = "EUR"
    var buyer = Party()
    buyer.tradingName = name
    buyer.identifiers = [PartyIdentifier(scheme: "customer_number", value: customer)]
    d.buyer = buyer
    d.totals.payable = ExactDecimal(xsDecimal: amount)
    d.totals.present = true
    return d
  }

  /// Payment behaviour by hand: A due 2026-07-01 paid in full on 2026-07-11 (10 days late, in two
  /// payments), B due 2026-08-01 paid 2026-07-30 (early: 0), C due 2026-09-01 paid 2026-09-06 (5).
  /// Average (10 + 0 + 5) / 3 = 5.0; last first: C 5, A 10 … by payment date: C (09-06), A (07-11), B (07-30) → 5, 0, 10.
  @Test func paymentBehaviourOfAStrategicDebtorInReview() {
    var strategic = CustomerAgreement(id: "7")
    strategic.strategic = true
    let documents = [
      invoice("A", customer: "7", issue: "2026-06-01", due: "2026-07-01", amount: "100.00"),
      invoice("B", customer: "7", issue: "2026-07-01", due: "2026-08-01", amount: "200.00"),
      invoice("C", customer: "7", issue: "2026-08-01", due: "2026-09-01", amount: "300.00"),
      invoice("D", customer: "7", issue: "2026-08-15", due: "2026-09-14", amount: "1000.00"),
    ]
    func pay(_ number: String, _ date: String, _ amount: String) -> PaymentRecord {
      PaymentRecord(
        source: SourceLocation(file: "p.csv"), invoiceNumber: number, customerNumber: nil, date: day(date),
        amount: ExactDecimal(xsDecimal: amount)!, currency: nil, reference: nil)
    }
    let payments = [
      pay("A", "2026-07-05", "40.00"), pay("A", "2026-07-11", "60.00"), pay("B", "2026-07-30", "200.00"),
      pay("C", "2026-09-06", "300.00"),
    ]
    let reminders = ["2026-09-20", "2026-10-05"].map {
      ReminderRecord(source: SourceLocation(file: "r.csv"), invoiceNumber: "D", date: day($0), kind: .reminder, channel: .email)
    }
    let report = DecisionEngine.decide(
      DecisionInput(documents: documents, payments: payments, reminders: reminders, agreements: [strategic], asOf: day("2026-11-29")))
    let debtor = report.debtors.first { $0.customer == "7" }!
    #expect(debtor.decision == .review)
    let b = debtor.review!.paymentBehaviour
    #expect(b.paidInvoices == 3 && b.paidLate == 2 && b.paidOnTime == 1)
    #expect(b.averageDaysLate == Decimal(5))
    #expect(b.lastDaysLate == [5, 0, 10])
    // Waiting costs interest on D (1000.00 overdue since 2026-09-14) for 30 more days.
    // 1000.00 × 10.40 % (commercial, from 2026-07-01) × 30 / 365 = 8.5479… → 8.55
    #expect(debtor.review!.interestNext30Days == Decimal(string: "8.55")!)
    #expect(debtor.review!.limitationDate == day("2031-09-15"))
  }

  /// What happens without a decision: an expired hold is named, and a consumer's letter status.
  @Test func withoutADecisionNamesTheExpiredHoldAndTheLetter() {
    var agreement = CustomerAgreement(id: "8")
    agreement.strategic = true
    agreement.consumer = true
    let documents = [invoice("E", customer: "8", issue: "2026-06-01", due: "2026-07-01", amount: "500.00")]
    let reminders = [
      ReminderRecord(source: SourceLocation(file: "r.csv"), invoiceNumber: "E", date: day("2026-07-20"), kind: .reminder, channel: .email),
      ReminderRecord(
        source: SourceLocation(file: "r.csv"), invoiceNumber: "E", date: day("2026-08-01"), kind: .fourteenDayLetter, channel: .post),
    ]
    let hold = Approval(customer: "8", decision: .hold, by: "a.jansen", date: day("2026-09-01"), until: day("2026-10-31"), note: nil)
    let report = DecisionEngine.decide(
      DecisionInput(documents: documents, reminders: reminders, agreements: [agreement], approvals: [hold], asOf: day("2026-11-29")))
    let debtor = report.debtors.first { $0.customer == "8" }!
    #expect(debtor.decision == .review)
    #expect(debtor.review!.withoutDecision.hasPrefix("the account manager's hold until 2026-10-31 has expired"))
    #expect(debtor.review!.letterDaysLeft == 0)  // sent 08-01 by post: received 08-03, ran through 08-17
  }

  /// A bank credit whose statement names no currency is never matched: its amount could be in any.
  @Test func aBankCreditWithoutACurrencyIsNotMatched() {
    var entry = BankEntry(
      source: SourceLocation(file: "s.sta", line: 9), format: "MT940", amount: ExactDecimal(xsDecimal: "100.00")!, direction: .credit)
    entry.valueDate = day("2026-11-20")
    entry.remittance = "Factuur Q1"
    var input = DecisionInput(
      documents: [invoice("Q1", customer: "9", issue: "2026-09-01", due: "2026-10-01", amount: "100.00")], asOf: day("2026-11-29"))
    input.bankEntries = [entry]
    let report = DecisionEngine.decide(input)
    #expect(report.invoices.first { $0.invoice == "Q1" }!.paid == 0)
    #expect(report.bank?.noCurrency == 1)
    #expect(report.warnings.contains { $0.contains("s.sta:9") && $0.contains("no currency") })
    entry.currency = "EUR"
    input.bankEntries = [entry]
    #expect(DecisionEngine.decide(input).invoices.first { $0.invoice == "Q1" }!.decision == .settled)
  }

  @Test func recurringSmallClaimsAreFlaggedNotComputed() {
    let documents = [
      invoice("S1", customer: "1", issue: "2026-08-01", due: "2026-08-31", amount: "100.00"),
      invoice("S2", customer: "1", issue: "2026-09-01", due: "2026-10-01", amount: "120.00"),
      invoice("B1", customer: "2", issue: "2026-08-01", due: "2026-08-31", amount: "100.00"),
    ]
    let report = DecisionEngine.decide(DecisionInput(documents: documents, asOf: day("2026-11-29")))
    let s1 = report.invoices.first { $0.invoice == "S1" }!
    #expect(s1.advice.contains { $0.code == .recurringSmallClaims })
    #expect(!report.invoices.first { $0.invoice == "B1" }!.advice.contains { $0.code == .recurringSmallClaims })
  }

  @Test func termsAboveSixtyDaysAreWarnedForBusinessesOnly() {
    var business = CustomerAgreement(id: "1")
    business.paymentDays = 90
    var consumer = CustomerAgreement(id: "2")
    consumer.paymentDays = 90
    consumer.consumer = true
    let documents = [
      invoice("A", customer: "1", issue: "2026-08-01", due: nil, amount: "100.00"),
      invoice("B", customer: "2", issue: "2026-08-01", due: nil, amount: "100.00"),
    ]
    let report = DecisionEngine.decide(DecisionInput(documents: documents, agreements: [business, consumer], asOf: day("2026-11-29")))
    #expect(report.invoices.first { $0.invoice == "A" }!.advice.contains { $0.code == .termAboveSixtyDays })
    #expect(!report.invoices.first { $0.invoice == "B" }!.advice.contains { $0.code == .termAboveSixtyDays })
  }

  @Test func nothingAfterTheAsOfDateCounts() {
    let documents = [
      invoice("OLD", customer: "1", issue: "2026-08-01", due: "2026-08-31", amount: "500.00"),
      invoice("FUTURE", customer: "1", issue: "2026-12-01", due: "2026-12-31", amount: "500.00"),
    ]
    let payment = PaymentRecord(
      source: SourceLocation(file: "p.csv", line: 2), invoiceNumber: "OLD", customerNumber: "1", date: day("2026-12-01"),
      amount: ExactDecimal(xsDecimal: "500.00")!, currency: nil, reference: nil)
    let report = DecisionEngine.decide(DecisionInput(documents: documents, payments: [payment], asOf: day("2026-11-29")))
    #expect(report.invoices.map(\.invoice) == ["OLD"])
    #expect(report.invoices[0].open.moneyText == "500.00")
  }

  @Test func aDebtorTakesTheMostUrgentDecisionAndTheDossierOnlyItsHandoverInvoices() {
    let documents = [
      invoice("R1", customer: "9", issue: "2026-06-01", due: "2026-07-01", amount: "800.00"),
      invoice("N1", customer: "9", issue: "2026-11-20", due: "2026-12-20", amount: "300.00"),
    ]
    let reminders = ["2026-07-10", "2026-07-24"].map {
      ReminderRecord(source: SourceLocation(file: "r.csv"), invoiceNumber: "R1", date: day($0), kind: .reminder, channel: .email)
    }
    // A large settled customer keeps the revenue share of customer 9 below 10 %.
    var big = invoice("BIG", customer: "8", issue: "2026-06-01", due: "2026-07-01", amount: "90000.00")
    big.outstanding = ExactDecimal(xsDecimal: "0.00")
    let report = DecisionEngine.decide(DecisionInput(documents: documents + [big], reminders: reminders, asOf: day("2026-11-29")))
    let debtor = report.debtors.first { $0.customer == "9" }!
    #expect(debtor.decision == .handover)
    #expect(debtor.handoverInvoices == ["R1"])
    #expect(debtor.principal.moneyText == "800.00")
  }
  /// Documents sharing one party value (a CSV customer's rows) are matched once, but never across
  /// files where the debtor's key names the file: a party with no name or number in two files
  /// is two unknown debtors, and a shared numbered party is one matched debtor.
  @Test func aSharedPartyIsMatchedOnceButNotAcrossFiles() {
    let anonymous = Party()
    var numbered = Party()
    numbered.identifiers = [PartyIdentifier(scheme: "customer_number", value: "42")]
    func document(_ number: String, _ source: String, _ party: Party) -> Document {
      var d = invoice(number, customer: "x", issue: "2026-09-01", due: "2026-10-01", amount: "100.00")
      d.source = source
      d.buyer = party
      return d
    }
    let documents = [
      document("A1", "a.csv", anonymous), document("A2", "a.csv", anonymous), document("B1", "b.csv", anonymous),
      document("N1", "a.csv", numbered), document("N2", "b.csv", numbered),
    ]
    let report = DecisionEngine.decide(
      DecisionInput(documents: documents, agreements: [CustomerAgreement(id: "42")], asOf: day("2026-11-29")))
    let debtor = Dictionary(uniqueKeysWithValues: report.invoices.map { ($0.invoice, $0.customer) })
    #expect(debtor["A1"] == "unknown (a.csv)" && debtor["A2"] == "unknown (a.csv)")
    #expect(debtor["B1"] == "unknown (b.csv)")
    #expect(debtor["N1"] == "42" && debtor["N2"] == "42")
  }
}

@Suite struct OpenItemsUpdateTests {
  func openItem(_ outstanding: String, source: String) -> Document {
    var d = Document(source: source, kind: .invoice)
    d.number = "F1"
    d.issueDate = day("2026-08-01")
    d.dueDate = day("2026-08-31")
    d.currency = "EUR"
    var buyer = Party()
    buyer.identifiers = [PartyIdentifier(scheme: "customer_number", value: "1")]
    d.buyer = buyer
    d.totals.payable = ExactDecimal(xsDecimal: "500.00")
    d.totals.present = true
    d.outstanding = ExactDecimal(xsDecimal: outstanding)
    return d
  }

  @Test func aNewerOpenAmountIsAnUpdateNotARevision() {
    let report = DecisionEngine.decide(
      DecisionInput(
        documents: [openItem("500.00", source: "monday.csv"), openItem("200.00", source: "tuesday.csv")], asOf: day("2026-11-29")))
    let f1 = report.invoices.first { $0.invoice == "F1" }!
    #expect(f1.open.moneyText == "200.00")
    #expect(f1.source == "tuesday.csv")
    #expect(!f1.reasons.contains { $0.code == .invoiceRevised })
  }
}
