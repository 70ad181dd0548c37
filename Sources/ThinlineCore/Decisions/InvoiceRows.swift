import Foundation

/// What an invoice row may read besides the invoice: the run's lookups, never its items (a row
/// is a pure function of one invoice and this context, and can be tested alone).
struct RowContext {
  let asOf: CalendarDate
  let policy: Policy
  let handedOver: Set<String>
  let agreements: [CustomerAgreement]
  let planPaymentsByDebtor: [String: [PaymentRecord]]
  let approvalsByDebtor: [String: [Approval]]
  /// Payments of each debtor that name no open invoice.
  let unallocated: [String: [PaymentRecord]]

  func agreement(_ item: Run.Item) -> CustomerAgreement? { item.agreementIndex.map { agreements[$0] } }

  func planStatus(_ agreement: CustomerAgreement) -> Run.PlanStatus? {
    Run.PlanStatus.of(agreement, payments: planPaymentsByDebtor[agreement.id] ?? [], policy: policy, asOf: asOf)
  }

  /// An account manager's hold in force on the as-of date.
  func activeHold(_ debtor: String) -> Approval? {
    let latest = (approvalsByDebtor[debtor] ?? []).max { $0.date < $1.date }
    return latest.flatMap { $0.decision == .hold && ($0.until.map { $0 >= asOf } ?? true) ? $0 : nil }
  }
}

/// What a row says about an invoice: it decides (and the rows after it are not asked), or it
/// adds a reason and leaves the decision to the rows after it.
enum RowOutcome: Equatable {
  case decided(Decision, Reason?)
  case noted(Reason)
}

/// One row of rules.md §6: a condition on one invoice, and the decision and reason it gives.
struct InvoiceRow: Sendable {
  /// The row's number in rules.md §6 ("1", "12–13"), or its name where Thinline added it.
  let row: String
  /// nil when the row does not apply.
  let rule: @Sendable (Run.Item, RowContext) -> RowOutcome?

  /// The rows in the order they are asked; the first that decides wins. Rows 14–16 need all of
  /// a debtor's invoices and are decided per debtor (`decideDebtors`); an invoice no row
  /// decides is left to them.
  static let all: [InvoiceRow] = [
    creditNote, handedOver, settled, ambiguousCustomer, noDates, notDue, currencyApart, neverHandover, disputed, paused, paymentPlan,
    priceDiscrepancy, unallocatedPayment, accountManagerHold, notRipe, remindersIncomplete, fourteenDayLetter,
  ]

  static func hold(_ code: ReasonCode, _ message: Message) -> RowOutcome { .decided(.hold, Reason(code, message)) }
  static func remind(_ code: ReasonCode, _ message: Message) -> RowOutcome { .decided(.remind, Reason(code, message)) }

  static let creditNote = InvoiceRow(row: "credit note") { item, _ in item.kind == .creditNote ? .decided(.settled, nil) : nil }

  /// With the agency already (the ledger says so): never decided again.
  static let handedOver = InvoiceRow(row: "handed over") { item, c in c.handedOver.contains(item.number) ? .decided(.handedOver, nil) : nil
  }

  static let settled = InvoiceRow(row: "1") { item, _ in item.open <= 0 ? .decided(.settled, nil) : nil }

  static let ambiguousCustomer = InvoiceRow(row: "CUSTOMER_AMBIGUOUS") { item, _ in
    item.ambiguous.isEmpty ? nil : hold(.customerAmbiguous, .customerAmbiguous(candidates: item.ambiguous))
  }

  static let noDates = InvoiceRow(row: "NO_DATES") { item, _ in item.effectiveDue == nil ? hold(.noDates, .noDates) : nil }

  static let notDue = InvoiceRow(row: "2") { item, c in
    guard let due = item.effectiveDue, c.asOf <= due else { return nil }
    return .decided(.notDue, nil)
  }

  /// Invoiced in another currency than the debtor's: the CURRENCY_MISMATCH reason is already there.
  static let currencyApart = InvoiceRow(row: "CURRENCY_MISMATCH") { item, _ in item.currencyMismatch ? .decided(.hold, nil) : nil }

  static let neverHandover = InvoiceRow(row: "3") { item, c in
    c.agreement(item)?.neverHandover == true ? hold(.neverHandover, .neverHandover) : nil
  }

  static let disputed = InvoiceRow(row: "4") { item, c in
    c.agreement(item)?.disputes.first { $0.invoice == item.number }.map { hold(.disputed, .disputed(note: $0.note)) }
  }

  static let paused = InvoiceRow(row: "5") { item, c in
    guard let until = c.agreement(item)?.pausedUntil, until >= c.asOf else { return nil }
    return hold(.paused, .paused(until: until))
  }

  /// A plan covers the invoices issued before its first installment: kept → hold; broken → a
  /// reason, and the rows after decide.
  static let paymentPlan = InvoiceRow(row: "6") { item, c in
    guard let agreement = c.agreement(item), let plan = c.planStatus(agreement),
      let first = agreement.paymentPlan.map(\.date).min(), item.issueDate.map({ $0 < first }) ?? false
    else { return nil }
    return plan.kept ? hold(.paymentPlan, plan.message) : .noted(Reason(.paymentPlanDefaulted, plan.message))
  }

  /// A price above the agreement not yet credited: the PRICE_ABOVE_AGREEMENT reason is already there.
  static let priceDiscrepancy = InvoiceRow(row: "7") { item, c in
    item.disputed > 0 && c.policy.onPriceDiscrepancy == .hold && item.credited < item.disputed ? .decided(.hold, nil) : nil
  }

  static let unallocatedPayment = InvoiceRow(row: "8") { item, c in
    guard let payments = c.unallocated[item.debtor], let last = payments.map(\.date).max() else { return nil }
    let total = payments.reduce(Decimal(0)) { $0 + $1.amount.value }
    return hold(
      .unallocatedPayment, .unallocatedPayments(count: payments.count, total: total, last: last, bank: Run.bankNotes(payments)))
  }

  static let accountManagerHold = InvoiceRow(row: "9") { item, c in
    c.activeHold(item.debtor).map {
      hold(.accountManagerHold, .accountManagerHold(by: $0.by, until: $0.until, decided: $0.date, note: $0.note))
    }
  }

  static let notRipe = InvoiceRow(row: "10") { item, c in
    guard let due = item.effectiveDue else { return nil }
    let days = due.days(until: c.asOf)
    return days < c.policy.handoverAfterDays ? remind(.notRipe, .notRipe(daysOverdue: days, ripeAfter: c.policy.handoverAfterDays)) : nil
  }

  static let remindersIncomplete = InvoiceRow(row: "11") { item, c in
    guard let due = item.effectiveDue, item.reminders.count < c.policy.minReminders else { return nil }
    return remind(.remindersIncomplete, .remindersIncomplete(count: item.reminders.count, due: due, needed: c.policy.minReminders))
  }

  /// A consumer: no handover with costs before the 14-day letter's 14 days have passed.
  static let fourteenDayLetter = InvoiceRow(row: "12–13") { item, c in
    guard let due = item.effectiveDue, c.agreement(item)?.consumer == true else { return nil }
    let letters = item.reminders.filter { $0.kind == .fourteenDayLetter }.map {
      (sent: $0.date, channel: $0.channel.map { DeliveryChannel(rawValue: $0.rawValue)! } ?? .post)
    }
    switch FourteenDayLetter.status(letters: letters, effectiveDueDate: due, asOf: c.asOf, delivery: c.policy.deliveryDays) {
    case .required: return remind(.fourteenDayLetterRequired, .fourteenDayLetterRequired)
    case .running(let receipt, let last): return remind(.fourteenDayLetterRunning, .fourteenDayLetterRunning(receipt: receipt, last: last))
    case .expired: return nil
    }
  }
}
