import Foundation

/// What a review weighs: revenue, why strategic, the facts both sides see, payment behaviour.
extension Run {
  struct RevenueKey: Hashable {
    var debtor: String
    var currency: String
  }

  /// Trailing-12-month revenue per debtor and currency: invoiced amounts excluding VAT (the
  /// total where VAT is unknown), net of credit notes, for documents issued in the 12 months up
  /// to the as-of date.
  func revenueByDebtor() -> [RevenueKey: Decimal] {
    let start =
      asOf.adding(years: -1)
    var revenue: [RevenueKey: Decimal] = [:]
    revenue.reserveCapacity(members.count)
    // Per debtor over its members (grouped already), per currency in a short list, in cents: a
    // key of two strings hashed and a Decimal added per invoice were most of this pass.
    for (debtor, indices) in members {
      var sums = MoneySumsByCurrency()
      for i in indices {
        guard let issue = items[i].issueDate, issue > start, issue <= asOf, let currency = items[i].currency else { continue }
        let value = items[i].document.totals.taxExclusive?.value ?? items[i].amount
        sums.add(items[i].kind == .creditNote ? -value : value, in: currency)
      }
      for entry in sums.sums { revenue[RevenueKey(debtor: debtor, currency: entry.currency)] = entry.sum.total }
    }
    return revenue
  }

  func strategicReasons(
    debtor: String, agreement: CustomerAgreement?, currency: String?, revenue: [RevenueKey: Decimal], totals: [String: Decimal]
  ) -> [StrategicReason] {
    var reasons: [StrategicReason] = []
    if agreement?.strategic == true { reasons.append(.markedInAgreements) }
    guard let currency else { return reasons }
    let own = revenue[RevenueKey(debtor: debtor, currency: currency)] ?? 0
    let all = totals[currency] ?? 0
    if all > 0 && own > 0 && own / all >= policy.strategicRevenueShare {
      reasons.append(.revenueShare(share: own / all, threshold: policy.strategicRevenueShare))
    }
    if own >= policy.strategicRevenue {
      reasons.append(.revenueAtLeast(revenue: own, currency: currency, threshold: policy.strategicRevenue))
    }
    return reasons
  }

  static func percent(_ fraction: Decimal) -> String {
    DecimalFormatting.plain(DecimalFormatting.roundHalfUp(fraction * 100, scale: 1), scale: 1) + " %"
  }

  func reviewFacts(
    debtor: String, members: [Int], agreement: CustomerAgreement?, currency: String?, revenue: [RevenueKey: Decimal],
    totals: [String: Decimal], strategic: [StrategicReason]
  ) -> DebtorDecision.ReviewFacts {
    let own = currency.map { revenue[RevenueKey(debtor: debtor, currency: $0)] ?? 0 } ?? 0
    let all = currency.flatMap { totals[$0] } ?? 0
    let invoices = members.map { items[$0] }.filter { $0.kind == .invoice && $0.currency == currency }
    let open = invoices.reduce(Decimal(0)) { $0 + max($1.open, 0) }
    let overdueItems = invoices.filter { $0.open > 0 && ($0.effectiveDue.map { $0 < asOf } ?? false) }
    let overdue = overdueItems.reduce(Decimal(0)) { $0 + $1.open }
    let days = overdueItems.compactMap { $0.effectiveDue.map { $0.days(until: asOf) } }.max() ?? 0
    let since = members.compactMap { items[$0].issueDate }.min()
    let broken = agreement.flatMap { planStatus($0) }?.broken ?? 0
    var facts = DebtorDecision.ReviewFacts(
      revenue12Months: own, revenueShare: all > 0 ? own / all : 0, customerSince: since, open: open, overdue: overdue,
      daysOverdue: days, brokenPromises: broken, accountManager: agreement?.accountManager, notes: agreement?.notes,
      strategicBecause: strategic)
    // What waiting costs: the interest a claim would carry 30 days later, minus today's.
    let consumer = agreement?.consumer ?? false
    let kind: InterestKind = agreement?.interest != nil ? .contractual : (consumer ? .nonCommercial : .commercial)
    let later = asOf.adding(days: 30)
    for item in overdueItems {
      guard let due = item.effectiveDue else { continue }
      func interest(_ to: CalendarDate) -> Decimal {
        Interest.compute(
          principal: item.open, effectiveDueDate: due, asOf: to, kind: kind, contractualRate: agreement?.interest, rates: input.rates
        ).exact
      }
      facts.interestNext30Days += interest(later) - interest(asOf)
      let limit = LegalAdvice.limitationDate(effectiveDueDate: due, consumer: consumer)
      if facts.limitationDate.map({ limit < $0 }) ?? true { facts.limitationDate = limit }
    }
    facts.interestNext30Days = DecimalFormatting.roundHalfUp(facts.interestNext30Days, scale: 2)  // once, at the end
    var without = "stays in review at every run: nothing is handed over until the account manager approves (handover) or holds"
    if consumer {
      for item in overdueItems {
        guard let due = item.effectiveDue else { continue }
        let letters = item.reminders.filter { $0.kind == .fourteenDayLetter }.map {
          (sent: $0.date, channel: $0.channel.map { DeliveryChannel(rawValue: $0.rawValue)! } ?? .post)
        }
        switch FourteenDayLetter.status(letters: letters, effectiveDueDate: due, asOf: asOf, delivery: policy.deliveryDays) {
        case .required: continue
        case .running(_, let last): facts.letterDaysLeft = max(facts.letterDaysLeft ?? 0, asOf.days(until: last))
        case .expired: facts.letterDaysLeft = max(facts.letterDaysLeft ?? 0, 0)
        }
      }
      without +=
        facts.letterDaysLeft.map { $0 > 0 ? "; the 14-day letter runs \($0) more day(s)" : "" }
        ?? "; no 14-day letter sent yet: no costs can be claimed"
    }
    if let last = (approvalsByDebtor[debtor] ?? []).max(by: { $0.date < $1.date }), last.decision == .hold, let until = last.until,
      until < asOf
    {
      without = "the account manager's hold until \(until) has expired: " + without
    }
    facts.withoutDecision = without
    facts.paymentBehaviour = paymentBehaviour(members)
    return facts
  }

  /// How a debtor pays: for each invoice paid in full within the 12 months before the as-of
  /// date, the day of its last payment minus its effective due date.
  func paymentBehaviour(_ members: [Int]) -> DebtorDecision.PaymentBehaviour {
    var late: [(date: CalendarDate, days: Int)] = []
    let yearAgo = asOf.adding(days: -365)
    for i in members where items[i].kind == .invoice && items[i].outstanding == nil && self.openAmount(i) <= 0 {
      let payments = items[i].allocations.filter { $0.kind == .payment }
      guard let paidOn = payments.compactMap(\.date).max(), paidOn > yearAgo, let due = items[i].effectiveDue else { continue }
      late.append((paidOn, max(0, due.days(until: paidOn))))
    }
    var behaviour = DebtorDecision.PaymentBehaviour()
    guard !late.isEmpty else { return behaviour }
    late.sort { $0.date != $1.date ? $0.date > $1.date : $0.days > $1.days }
    behaviour.paidInvoices = late.count
    behaviour.paidLate = late.filter { $0.days > 0 }.count
    behaviour.paidOnTime = late.count - behaviour.paidLate
    let total = late.reduce(0) { $0 + $1.days }
    behaviour.averageDaysLate = DecimalFormatting.roundHalfUp(Decimal(total) / Decimal(late.count), scale: 1)
    behaviour.lastDaysLate = late.prefix(5).map(\.days)
    return behaviour
  }
}
