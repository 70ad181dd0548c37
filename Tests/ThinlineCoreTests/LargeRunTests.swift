import Foundation
import Testing
import ThinlineCore

/// A run large enough to be decided in several rounds of debtors and several chunks of entries
/// on all cores: it decides each debtor exactly as a run of that debtor's invoices alone does,
/// and the order of the documents does not matter.
@Suite struct LargeRunTests {
  /// 6,000 debtors (more than one round of 4,096) with 1–5 invoices each (more than one chunk of
  /// 16,384 entries), partly paid, some reminded; deterministic.
  static let world: (documents: [Document], payments: [PaymentRecord], reminders: [ReminderRecord]) = {
    var state: UInt64 = 0x5EED
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var documents: [Document] = []
    var payments: [PaymentRecord] = []
    var reminders: [ReminderRecord] = []
    let start = day("2025-10-01")
    for customer in 0..<6_000 {
      var buyer = Party()
      buyer.tradingName = "Klant \(customer)"
      buyer.identifiers = [PartyIdentifier(scheme: "customer_number", value: String(100_000 + customer))]
      for n in 0..<(1 + next(5)) {
        let number = "F\(customer)-\(n)"
        var d = Document(source: "large.csv", kind: .invoice)
        d.number = number
        d.issueDate = start.adding(days: next(400))
        d.dueDate = d.issueDate!.adding(days: 30)
        d.currency = "EUR"
        d.buyer = buyer
        d.totals.payable = ExactDecimal(xsDecimal: "\(20 + next(3_000)).\(10 + next(90))")
        d.totals.present = true
        documents.append(d)
        if next(3) == 0 {
          payments.append(
            PaymentRecord(
              source: SourceLocation(file: "p.csv"), invoiceNumber: number, customerNumber: nil,
              date: d.issueDate!.adding(days: next(60)), amount: ExactDecimal(xsDecimal: "\(1 + next(500)).00")!, currency: nil,
              reference: nil))
        }
        for _ in 0..<next(3) {
          reminders.append(
            ReminderRecord(
              source: SourceLocation(file: "r.csv"), invoiceNumber: number, date: d.issueDate!.adding(days: 20 + next(80)),
              kind: .reminder, channel: .email))
        }
      }
    }
    return (documents, payments, reminders)
  }()

  /// Revenue share and revenue thresholds out of reach: alone, every debtor has all the revenue.
  static func decide(_ documents: [Document], _ payments: [PaymentRecord], _ reminders: [ReminderRecord]) -> DecisionReport {
    var policy = Policy()
    policy.strategicRevenueShare = 2
    policy.strategicRevenue = 1_000_000_000
    return DecisionEngine.decide(
      DecisionInput(documents: documents, payments: payments, reminders: reminders, policy: policy, asOf: day("2026-11-29")))
  }

  @Test func eachDebtorIsDecidedAsItWouldBeAlone() {
    let (documents, payments, reminders) = Self.world
    let whole = Self.decide(documents, payments, reminders)
    #expect(whole.invoices.count > 16_384)
    #expect(whole.debtors.count > 4_096)
    #expect(Set(whole.debtors.map(\.decision)).count >= 3, "the world exercises several decisions")
    for customer in stride(from: 7, to: 6_000, by: 397) {
      let id = String(100_000 + customer)
      let prefix = "F\(customer)-"
      let alone = Self.decide(
        documents.filter { $0.number!.hasPrefix(prefix) }, payments.filter { $0.invoiceNumber?.hasPrefix(prefix) == true },
        reminders.filter { $0.invoiceNumber.hasPrefix(prefix) })
      #expect(alone.debtors == whole.debtors.filter { $0.customer == id }, "debtor \(id)")
      #expect(alone.invoices == whole.invoices.filter { $0.customer == id }, "debtor \(id)")
    }
  }

  /// The documents' order (payments and reminders are listed in the order given, on purpose).
  @Test func theOrderOfTheDocumentsDoesNotMatter() {
    let (documents, payments, reminders) = Self.world
    var generator = SystemRandomNumberGenerator()
    let shuffled = Self.decide(documents.shuffled(using: &generator), payments, reminders)
    let whole = Self.decide(documents, payments, reminders)
    #expect(shuffled.invoices == whole.invoices)
    #expect(shuffled.debtors == whole.debtors)
  }
}
