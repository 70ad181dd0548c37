import Foundation

/// Payments: to the invoice they name, to a payment plan, or unallocated for the debtor.
extension Run {
  /// Applies payments to the invoices they name; returns the unallocated payments per debtor.
  mutating func applyPayments(_ byNumber: [String: Int], _ payments: [PaymentRecord]) -> [String: [PaymentRecord]] {
    var unallocated: [String: [PaymentRecord]] = [:]
    var planPayments: [String: [PaymentRecord]] = [:]
    // In date order, then as listed: sorted on (date, line, position) read once per payment.
    // A comparison that copied two payments retained all their strings, some twenty times for
    // each of half a million payments.
    var keys: [(date: CalendarDate, line: Int, position: Int)] = []
    keys.reserveCapacity(payments.count)
    for p in payments.indices where payments[p].date <= asOf { keys.append((payments[p].date, payments[p].source.line, p)) }
    keys.sort { ($0.date, $0.line, $0.position) < ($1.date, $1.line, $1.position) }
    let order = keys.map(\.position)
    for p in order {
      let payment = payments[p]
      if let number = payment.invoiceNumber, let i = byNumber[number] {
        if let currency = payment.currency, let invoiceCurrency = items[i].currency, currency != invoiceCurrency {
          unallocated[items[i].debtor, default: []].append(payment)
          items[i].reasons.append(
            Reason(
              .currencyMismatch,
              .paymentCurrencyDiffers(
                amount: payment.amount.value, currency: currency, date: payment.date, invoiceCurrency: invoiceCurrency)))
          continue
        }
        if items[i].outstanding != nil { continue }  // the billing package's open amount already has it
        items[i].paid += payment.amount.value
        items[i].allocations.append(
          Allocation(kind: .payment, date: payment.date, amount: payment.amount.value, reference: payment.reference))
        continue
      }
      // No known invoice: whose payment is it?
      guard let debtor = debtor(ofPayment: payment) else {
        warnings.append(
          "\(payment.source): a payment of \(Self.money(payment.amount.value)) on \(payment.date)\(payment.invoiceNumber.map { " for unknown invoice \($0)" } ?? "") matches no invoice and no customer"
        )
        continue
      }
      if let plan = planAgreement(debtor), let first = plan.paymentPlan.map(\.date).min(),
        payment.date >= first.adding(days: -policy.planGraceDays), payment.invoiceNumber == nil
      {
        planPayments[debtor, default: []].append(payment)
        continue
      }
      unallocated[debtor, default: []].append(payment)
    }
    // Payment-plan payments go to the plan's invoices, oldest first.
    for (debtor, payments) in planPayments {
      guard let plan = planAgreement(debtor), let first = plan.paymentPlan.map(\.date).min() else { continue }
      for payment in payments {
        var left = payment.amount.value
        let targets = (members[debtor] ?? []).filter {
          items[$0].kind == .invoice && items[$0].outstanding == nil && self.openAmount($0) > 0
            && (items[$0].issueDate.map { $0 < first } ?? false)
        }.sorted { oldestFirst($0, $1) }
        for i in targets where left > 0 {
          let part = min(left, self.openAmount(i))
          items[i].paid += part
          items[i].allocations.append(Allocation(kind: .payment, date: payment.date, amount: part, reference: payment.reference))
          left -= part
        }
        // Invoices that come with the billing package's open amount already include the payment.
        let accountedElsewhere = (members[debtor] ?? []).contains { items[$0].outstanding != nil }
        if left > 0 && !accountedElsewhere {
          warnings.append(
            "\(payment.source): \(Self.money(left)) of a payment-plan payment on \(payment.date) exceeds the plan's open invoices")
        }
      }
    }
    return unallocated
  }

  /// Why bank payments among `payments` could not be placed, for messages.
  static func bankNotes(_ payments: [PaymentRecord]) -> [Message.BankNote] {
    payments.compactMap { p in p.bankMatch.map { Message.BankNote(amount: p.amount.value, date: p.date, how: $0) } }
  }

  /// PARTIAL_PAYMENT for what payments left open; a warning for what they overpaid.
  mutating func notePartialPayments() {
    for i in items.indices where items[i].kind == .invoice && items[i].paid > 0 && items[i].outstanding == nil {
      let open = self.openAmount(i)
      if open > 0 {
        items[i].reasons.append(
          Reason(.partialPayment, .partialPayment(paid: items[i].paid, amount: items[i].amount, open: open)))
      } else if open < 0 {
        warnings.append("\(items[i].number) is overpaid by \(Self.money(-open)); the excess is not moved to other invoices")
      }
    }
  }

  /// The debtor a payment without a known invoice belongs to: by customer number, else by the
  /// invoice number's customer when the invoice is known under another kind.
  func debtor(ofPayment payment: PaymentRecord) -> String? {
    guard let customer = payment.customerNumber else { return nil }
    if let a = index.match(customer: customer) { return index.agreements[a].id }
    if members[customer] != nil { return customer }
    return nil
  }

  func planAgreement(_ debtor: String) -> CustomerAgreement? {
    guard let i = agreementByID[debtor], !index.agreements[i].paymentPlan.isEmpty else { return nil }
    return index.agreements[i]
  }
}
