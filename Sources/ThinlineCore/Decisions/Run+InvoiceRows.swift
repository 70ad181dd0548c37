import Foundation

/// The invoice rows of rules.md §6 (rows 1–13), plans and holds.
extension Run {
  mutating func decideInvoices(unallocated: [String: [PaymentRecord]]) {
    for i in items.indices {
      var item = items[i]
      defer { items[i] = item }
      if item.kind == .creditNote {
        item.decision = .settled
        continue
      }
      if input.handedOver.contains(item.number) {
        item.decision = .handedOver
        continue
      }
      let open = item.open
      // Row 1.
      if open <= 0 {
        item.decision = .settled
        continue
      }
      if !item.ambiguous.isEmpty {
        item.decision = .hold
        item.reasons.append(
          Reason(.customerAmbiguous, .customerAmbiguous(candidates: item.ambiguous)))
        continue
      }
      guard let due = item.effectiveDue else {
        item.decision = .hold
        item.reasons.append(Reason(.noDates, .noDates))
        continue
      }
      // Row 2.
      if asOf <= due {
        item.decision = .notDue
        continue
      }
      if item.currencyMismatch {
        item.decision = .hold
        continue
      }
      let agreement = agreement(item)
      // Row 3.
      if agreement?.neverHandover == true {
        item.decision = .hold
        item.reasons.append(Reason(.neverHandover, .neverHandover))
        continue
      }
      // Row 4.
      if let dispute = agreement?.disputes.first(where: { $0.invoice == item.number }) {
        item.decision = .hold
        item.reasons.append(Reason(.disputed, .disputed(note: dispute.note)))
        continue
      }
      // Row 5.
      if let paused = agreement?.pausedUntil, paused >= asOf {
        item.decision = .hold
        item.reasons.append(Reason(.paused, .paused(until: paused)))
        continue
      }
      // Row 6.
      if let agreement, let plan = planStatus(agreement), let firstDate = agreement.paymentPlan.map(\.date).min(),
        item.issueDate.map({ $0 < firstDate }) ?? false
      {
        if plan.kept {
          item.decision = .hold
          item.reasons.append(Reason(.paymentPlan, plan.message))
          continue
        }
        item.reasons.append(Reason(.paymentPlanDefaulted, plan.message))
      }
      // Row 7.
      if item.disputed > 0 && policy.onPriceDiscrepancy == .hold && item.credited < item.disputed {
        item.decision = .hold
        continue  // the PRICE_ABOVE_AGREEMENT reason is already there
      }
      // Row 8.
      if let payments = unallocated[item.debtor], !payments.isEmpty {
        let total = payments.reduce(Decimal(0)) { $0 + $1.amount.value }
        let last = payments.map(\.date).max()!
        item.decision = .hold
        item.reasons.append(
          Reason(
            .unallocatedPayment, .unallocatedPayments(count: payments.count, total: total, last: last, bank: Self.bankNotes(payments))))
        continue
      }
      // Row 9.
      if let hold = activeHold(item.debtor) {
        item.decision = .hold
        item.reasons.append(
          Reason(.accountManagerHold, .accountManagerHold(by: hold.by, until: hold.until, decided: hold.date, note: hold.note)))
        continue
      }
      let daysOverdue = due.days(until: asOf)
      // Row 10.
      if daysOverdue < policy.handoverAfterDays {
        item.decision = .remind
        item.reasons.append(Reason(.notRipe, .notRipe(daysOverdue: daysOverdue, ripeAfter: policy.handoverAfterDays)))
        continue
      }
      // Row 11.
      if item.reminders.count < policy.minReminders {
        item.decision = .remind
        item.reasons.append(
          Reason(.remindersIncomplete, .remindersIncomplete(count: item.reminders.count, due: due, needed: policy.minReminders)))
        continue
      }
      // Rows 12 and 13.
      if agreement?.consumer == true {
        let letters = item.reminders.filter { $0.kind == .fourteenDayLetter }.map {
          (sent: $0.date, channel: $0.channel.map { DeliveryChannel(rawValue: $0.rawValue)! } ?? .post)
        }
        switch FourteenDayLetter.status(letters: letters, effectiveDueDate: due, asOf: asOf, delivery: policy.deliveryDays) {
        case .required:
          item.decision = .remind
          item.reasons.append(
            Reason(.fourteenDayLetterRequired, .fourteenDayLetterRequired))
          continue
        case .running(let receipt, let last):
          item.decision = .remind
          item.reasons.append(
            Reason(.fourteenDayLetterRunning, .fourteenDayLetterRunning(receipt: receipt, last: last)))
          continue
        case .expired:
          break
        }
      }
      // Rows 14–16 are decided per debtor.
      item.decision = nil
    }
  }

  struct PlanStatus {
    var kept: Bool
    var broken: Int
    var message: Message
  }

  /// Rules.md "Payment plan": in force while every installment due by as-of (with grace) is paid.
  func planStatus(_ agreement: CustomerAgreement) -> PlanStatus? {
    guard !agreement.paymentPlan.isEmpty else { return nil }
    let plan = agreement.paymentPlan.sorted { $0.date < $1.date }
    let from = plan[0].date.adding(days: -policy.planGraceDays)
    let payments = (planPaymentsByDebtor[agreement.id] ?? []).filter { $0.date >= from }
    var due = Decimal(0)
    var broken = 0
    var firstBroken: CalendarDate? = nil
    var checked = 0
    for installment in plan where installment.date.adding(days: policy.planGraceDays) <= asOf {
      checked += 1
      due += installment.amount
      let deadline = installment.date.adding(days: policy.planGraceDays)
      let paid = payments.filter { $0.date <= deadline }.reduce(Decimal(0)) { $0 + $1.amount.value }
      if paid < due {
        broken += 1
        if firstBroken == nil { firstBroken = installment.date }
      }
    }
    let paidSoFar = payments.reduce(Decimal(0)) { $0 + $1.amount.value }
    if broken == 0 {
      return PlanStatus(
        kept: true, broken: 0,
        message: .planKept(checked: checked, installments: plan.count, due: due, paid: paidSoFar))
    }
    return PlanStatus(
      kept: false, broken: broken,
      message: .planBroken(broken: broken, graceDays: policy.planGraceDays, first: firstBroken!, paid: paidSoFar, due: due))
  }

  /// An account manager's hold in force on the as-of date.
  func activeHold(_ debtor: String) -> Approval? {
    latestApproval(debtor).flatMap { $0.decision == .hold && ($0.until.map { $0 >= asOf } ?? true) ? $0 : nil }
  }

  func latestApproval(_ debtor: String) -> Approval? {
    (approvalsByDebtor[debtor] ?? []).max { $0.date < $1.date }
  }

  func approvalDebtor(_ approval: Approval) -> String {
    index.match(customer: approval.customer).map { index.agreements[$0].id } ?? approval.customer
  }
}
