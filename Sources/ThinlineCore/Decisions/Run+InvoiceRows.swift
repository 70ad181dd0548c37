import Foundation

/// The invoice rows of rules.md §6 (rows 1–13, in `InvoiceRows.swift`) applied to every item; plans and holds.
extension Run {
  /// Asks the rows of `InvoiceRow.all` in order, for every item; the first that decides wins.
  mutating func decideInvoices(unallocated: [String: [PaymentRecord]]) {
    let context = RowContext(
      asOf: asOf, policy: policy, handedOver: input.handedOver, agreements: index.agreements,
      planPaymentsByDebtor: planPaymentsByDebtor, approvalsByDebtor: approvalsByDebtor,
      unallocated: unallocated.filter { !$0.value.isEmpty })
    // Each invoice's rows read only that invoice and the context: decided on all cores, in place.
    items.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let (buffer, context) = (buffer, context)
      forEachChunk(of: buffer.count, chunk: 8_192) { range in
        for i in range { Self.decideInvoice(&buffer[i], context) }
      }
    }
  }

  /// The invoice rows in order: the first that decides ends them, the notes before it stay.
  static func decideInvoice(_ item: inout Item, _ context: RowContext) {
    item.decision = nil  // rows 14–16 decide per debtor what no row decides here
    for row in InvoiceRow.all {
      switch row.rule(item, context) {
      case .decided(let decision, let reason)?:
        item.decision = decision
        if let reason { item.reasons.append(reason) }
        return
      case .noted(let reason)?:
        item.reasons.append(reason)
      case nil:
        continue
      }
    }
  }

  struct PlanStatus {
    var kept: Bool
    var broken: Int
    var message: Message
  }

  func planStatus(_ agreement: CustomerAgreement) -> PlanStatus? {
    PlanStatus.of(agreement, payments: planPaymentsByDebtor[agreement.id] ?? [], policy: policy, asOf: asOf)
  }

  func latestApproval(_ debtor: String) -> Approval? {
    (approvalsByDebtor[debtor] ?? []).max { $0.date < $1.date }
  }

  func approvalDebtor(_ approval: Approval) -> String {
    index.match(customer: approval.customer).map { index.agreements[$0].id } ?? approval.customer
  }
}

extension Run.PlanStatus {
  /// Rules.md "Payment plan": in force while every installment due by as-of (with grace) is paid.
  static func of(_ agreement: CustomerAgreement, payments planPayments: [PaymentRecord], policy: Policy, asOf: CalendarDate)
    -> Run.PlanStatus?
  {
    guard !agreement.paymentPlan.isEmpty else { return nil }
    let plan = agreement.paymentPlan.sorted { $0.date < $1.date }
    let from = plan[0].date.adding(days: -policy.planGraceDays)
    let payments = planPayments.filter { $0.date >= from }
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
      return Run.PlanStatus(
        kept: true, broken: 0,
        message: .planKept(checked: checked, installments: plan.count, due: due, paid: paidSoFar))
    }
    return Run.PlanStatus(
      kept: false, broken: broken,
      message: .planBroken(broken: broken, graceDays: policy.planGraceDays, first: firstBroken!, paid: paidSoFar, due: due))
  }
}
