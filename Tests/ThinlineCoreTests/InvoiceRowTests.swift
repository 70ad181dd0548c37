import Foundation
import Testing

@testable import ThinlineCore

/// Each row of rules.md §6 on its own: the condition that makes it decide, and the one next to
/// it that makes it pass the invoice on. (The whole table, in order, is the fixtures'.)
@Suite struct InvoiceRowTests {
  static let asOf = day("2026-11-29")

  /// An invoice of 1,000.00 of debtor 7, issued 2026-08-01 and due 2026-08-31 (90 days overdue).
  func item(_ change: (inout Run.Item) -> Void = { _ in }) -> Run.Item {
    var item = Run.Item(
      store: DocumentStore([Document(source: "t.csv", kind: .invoice)]), documentIndex: 0, kind: .invoice, currency: "EUR",
      issueDate: day("2026-08-01"), number: "F-1", debtor: "7", agreementIndex: 0, effectiveDue: day("2026-08-31"), amount: 1000)
    change(&item)
    return item
  }

  func context(
    agreement: (inout CustomerAgreement) -> Void = { _ in }, policy: Policy = Policy(), handedOver: Set<String> = [],
    approvals: [Approval] = [], planPayments: [PaymentRecord] = [], unallocated: [PaymentRecord] = []
  ) -> RowContext {
    var a = CustomerAgreement(id: "7")
    agreement(&a)
    return RowContext(
      asOf: Self.asOf, policy: policy, handedOver: handedOver, agreements: [a], planPaymentsByDebtor: ["7": planPayments],
      approvalsByDebtor: ["7": approvals], unallocated: unallocated.isEmpty ? [:] : ["7": unallocated])
  }

  func payment(_ date: String, _ amount: String) -> PaymentRecord {
    PaymentRecord(
      source: SourceLocation(file: "p.csv"), invoiceNumber: nil, customerNumber: "7", date: day(date),
      amount: ExactDecimal(xsDecimal: amount)!, currency: "EUR", reference: nil)
  }

  func code(_ outcome: RowOutcome?) -> ReasonCode? {
    switch outcome {
    case .decided(_, let reason)?: return reason?.code
    case .noted(let reason)?: return reason.code
    case nil: return nil
    }
  }

  func decision(_ outcome: RowOutcome?) -> Decision? {
    if case .decided(let d, _)? = outcome { return d }
    return nil
  }

  @Test func theRowsAreAskedInTheOrderOfRulesMd() {
    #expect(
      InvoiceRow.all.map(\.row) == [
        "credit note", "handed over", "1", "CUSTOMER_AMBIGUOUS", "NO_DATES", "2", "CURRENCY_MISMATCH", "3", "4", "5", "6", "7", "8", "9",
        "10", "11", "12–13",
      ])
  }

  @Test func row1SettledWhenNothingIsOpen() {
    #expect(decision(InvoiceRow.settled.rule(item { $0.paid = 1000 }, context())) == .settled)
    #expect(InvoiceRow.settled.rule(item { $0.paid = Decimal(string: "999.99")! }, context()) == nil)
  }

  /// A credit note is netted against the invoices, never decided on its own; an invoice in
  /// another currency than the debtor's is held (its CURRENCY_MISMATCH reason is already there).
  @Test func aCreditNoteIsSettledAndAnotherCurrencyHeld() {
    #expect(InvoiceRow.creditNote.rule(item { $0.kind = .creditNote }, context()) == .decided(.settled, nil))
    #expect(InvoiceRow.creditNote.rule(item(), context()) == nil)
    #expect(InvoiceRow.currencyApart.rule(item { $0.currencyMismatch = true }, context()) == .decided(.hold, nil))
    #expect(InvoiceRow.currencyApart.rule(item(), context()) == nil)
  }

  @Test func handedOverIsNeverDecidedAgain() {
    #expect(decision(InvoiceRow.handedOver.rule(item(), context(handedOver: ["F-1"]))) == .handedOver)
    #expect(InvoiceRow.handedOver.rule(item(), context(handedOver: ["F-2"])) == nil)
  }

  @Test func anAmbiguousCustomerOrNoDatesIsHeld() {
    #expect(code(InvoiceRow.ambiguousCustomer.rule(item { $0.ambiguous = ["7", "8"] }, context())) == .customerAmbiguous)
    #expect(InvoiceRow.ambiguousCustomer.rule(item(), context()) == nil)
    #expect(code(InvoiceRow.noDates.rule(item { $0.effectiveDue = nil }, context())) == .noDates)
  }

  @Test func row2NotDueUpToAndOnTheDueDate() {
    #expect(decision(InvoiceRow.notDue.rule(item { $0.effectiveDue = Self.asOf }, context())) == .notDue)
    #expect(InvoiceRow.notDue.rule(item { $0.effectiveDue = day("2026-11-28") }, context()) == nil)
  }

  @Test func rows3To5NeverDisputedPaused() {
    #expect(code(InvoiceRow.neverHandover.rule(item(), context(agreement: { $0.neverHandover = true }))) == .neverHandover)
    #expect(InvoiceRow.neverHandover.rule(item(), context()) == nil)
    let dispute = context(agreement: { $0.disputes = [.init(invoice: "F-1", note: "short delivery")] })
    #expect(InvoiceRow.disputed.rule(item(), dispute) == .decided(.hold, Reason(.disputed, .disputed(note: "short delivery"))))
    #expect(InvoiceRow.disputed.rule(item { $0.number = "F-2" }, dispute) == nil)
    #expect(code(InvoiceRow.paused.rule(item(), context(agreement: { $0.pausedUntil = Self.asOf }))) == .paused)
    #expect(InvoiceRow.paused.rule(item(), context(agreement: { $0.pausedUntil = day("2026-11-28") })) == nil)
  }

  @Test func row6APlanKeptHoldsABrokenOneOnlyNotes() {
    let plan = { (a: inout CustomerAgreement) in
      a.paymentPlan = [.init(date: day("2026-10-01"), amount: 100), .init(date: day("2026-11-01"), amount: 100)]
    }
    let kept = context(agreement: plan, planPayments: [payment("2026-10-01", "100.00"), payment("2026-11-02", "100.00")])
    #expect(decision(InvoiceRow.paymentPlan.rule(item(), kept)) == .hold)
    let broken = context(agreement: plan, planPayments: [payment("2026-10-01", "100.00")])
    #expect(code(InvoiceRow.paymentPlan.rule(item(), broken)) == .paymentPlanDefaulted)
    #expect(decision(InvoiceRow.paymentPlan.rule(item(), broken)) == nil)
    // An invoice issued after the plan's first installment is not the plan's.
    #expect(InvoiceRow.paymentPlan.rule(item { $0.issueDate = day("2026-10-15") }, kept) == nil)
  }

  @Test func row7APriceDiscrepancyHoldsUntilCredited() {
    #expect(decision(InvoiceRow.priceDiscrepancy.rule(item { $0.disputed = 30 }, context())) == .hold)
    #expect(
      InvoiceRow.priceDiscrepancy.rule(
        item {
          $0.disputed = 30; $0.credited = 30
        }, context()) == nil)
    var undisputed = Policy()
    undisputed.onPriceDiscrepancy = .handoverUndisputed
    #expect(InvoiceRow.priceDiscrepancy.rule(item { $0.disputed = 30 }, context(policy: undisputed)) == nil)
  }

  @Test func rows8And9UnallocatedPaymentsAndTheAccountManagersHold() {
    let paid = context(unallocated: [payment("2026-11-01", "50.00"), payment("2026-11-10", "25.00")])
    #expect(
      InvoiceRow.unallocatedPayment.rule(item(), paid)
        == .decided(
          .hold, Reason(.unallocatedPayment, .unallocatedPayments(count: 2, total: 75, last: day("2026-11-10"), bank: []))))
    #expect(InvoiceRow.unallocatedPayment.rule(item(), context()) == nil)
    let hold = Approval(customer: "7", decision: .hold, by: "Ans", date: day("2026-11-01"), until: Self.asOf, note: nil)
    #expect(code(InvoiceRow.accountManagerHold.rule(item(), context(approvals: [hold]))) == .accountManagerHold)
    var expired = hold
    expired.until = day("2026-11-28")
    #expect(InvoiceRow.accountManagerHold.rule(item(), context(approvals: [expired])) == nil)
  }

  @Test func rows10And11RemindUntilRipeAndReminded() {
    // 90 days overdue: ripe after the default 45, not after 91.
    #expect(InvoiceRow.notRipe.rule(item(), context()) == nil)
    var patient = Policy()
    patient.handoverAfterDays = 91
    #expect(
      InvoiceRow.notRipe.rule(item(), context(policy: patient))
        == .decided(.remind, Reason(.notRipe, .notRipe(daysOverdue: 90, ripeAfter: 91))))
    let reminder = ReminderRecord(
      source: SourceLocation(file: "r.csv"), invoiceNumber: "F-1", date: day("2026-09-10"), kind: .reminder, channel: nil)
    #expect(code(InvoiceRow.remindersIncomplete.rule(item { $0.reminders = [reminder] }, context())) == .remindersIncomplete)
    #expect(InvoiceRow.remindersIncomplete.rule(item { $0.reminders = [reminder, reminder] }, context()) == nil)
  }

  @Test func rows12And13AConsumerNeedsThe14DayLetter() {
    let consumer = context(agreement: { $0.consumer = true })
    #expect(code(InvoiceRow.fourteenDayLetter.rule(item(), consumer)) == .fourteenDayLetterRequired)
    let letter = { (date: String) in
      ReminderRecord(
        source: SourceLocation(file: "r.csv"), invoiceNumber: "F-1", date: day(date), kind: .fourteenDayLetter, channel: .email)
    }
    #expect(code(InvoiceRow.fourteenDayLetter.rule(item { $0.reminders = [letter("2026-11-20")] }, consumer)) == .fourteenDayLetterRunning)
    #expect(InvoiceRow.fourteenDayLetter.rule(item { $0.reminders = [letter("2026-10-01")] }, consumer) == nil)
    #expect(InvoiceRow.fourteenDayLetter.rule(item(), context()) == nil)  // a business gets no letter
  }
}
