import Foundation

/// The debtor rows (14–16, `DebtorRows.swift`) asked per debtor, and the debtor's decision.
extension Run {
  mutating func decideDebtors(unallocated: [String: [PaymentRecord]]) -> [DebtorDecision] {
    let revenue = revenueByDebtor()
    var totals: [String: Decimal] = [:]  // per currency: all customers' revenue
    for (key, value) in revenue { totals[key.currency, default: 0] += value }
    let debtors = members.keys.sorted()
    var result: [DebtorDecision] = []
    result.reserveCapacity(debtors.count)
    // A debtor's rows read and change its own invoices only: the debtors of a round are decided
    // on all cores, each on a run that holds just its items. The items are moved there and back
    // (swapped with a placeholder), not copied: a copy retained every field, and the rows'
    // appends then copied the reasons and advice the copy shared with the original.
    guard let first = items.first else { return [] }
    let placeholder = Item.placeholder(store: first.store)
    let round = 4_096
    for start in stride(from: 0, to: debtors.count, by: round) {
      let slice = Array(debtors[start..<min(debtors.count, start + round)])
      var owned: [[Item]] = []
      owned.reserveCapacity(slice.count)
      for debtor in slice {
        let indices = members[debtor]!
        var own: [Item] = []
        own.reserveCapacity(indices.count)
        for i in indices {
          own.append(placeholder)
          swap(&own[own.count - 1], &items[i])
        }
        owned.append(own)
      }
      let decisions = decidedApart(slice, &owned, revenue: revenue, totals: totals)
      for (n, debtor) in slice.enumerated() {
        for (k, i) in members[debtor]!.enumerated() { swap(&items[i], &owned[n][k]) }
      }
      result.append(contentsOf: decisions)
    }
    return result
  }

  /// Each debtor decided on a run of its own items, `owned[n]` for `debtors[n]` (in `members`
  /// order); the items come back changed in `owned`.
  func decidedApart(
    _ debtors: [String], _ owned: inout [[Item]], revenue: [RevenueKey: Decimal], totals: [String: Decimal]
  ) -> [DebtorDecision] {
    nonisolated(unsafe) let run = self
    return owned.withUnsafeMutableBufferPointer { buffer in
      // Each debtor's slot is read and written by one worker only.
      nonisolated(unsafe) let slots = buffer
      return [DebtorDecision](unsafeUninitializedCapacity: debtors.count) { buffer, count in
        nonisolated(unsafe) let decided = buffer.baseAddress!
        // One copy of the run per range of debtors, not one per debtor: a copy retains (and
        // then releases) every table the run holds.
        forEachChunk(of: debtors.count, chunk: 256) { range in
          var own = run
          for n in range {
            swap(&own.items, &slots[n])
            (decided + n).initialize(to: own.decideDebtor(debtors[n], revenue: revenue, totals: totals))
            swap(&own.items, &slots[n])
          }
        }
        count = debtors.count
      }
    }
  }

  /// The debtor rows for a run whose items are all the debtor's.
  mutating func decideDebtor(_ debtor: String, revenue: [RevenueKey: Decimal], totals: [String: Decimal]) -> DebtorDecision {
    // Loops over the members, not closures: a closure that reads the run captured a copy of
    // all of it (a retain of every table, then the releases), several times per debtor.
    let members = Array(items.indices)
    var agreement: CustomerAgreement? = nil
    for i in members {
      if let a = items[i].agreementIndex {
        agreement = index.agreements[a]
        break
      }
    }
    let currency = mainCurrency(debtor)
    // Rows 14–16 decide the ripe invoices (those no invoice row decided) together.
    let strategic = strategicReasons(debtor: debtor, agreement: agreement, currency: currency, revenue: revenue, totals: totals)
    var ripe: [Int] = []
    var ripeTotal = MoneySum()  // in cents: a Decimal addition allocates
    var oldestDue: CalendarDate? = nil
    for i in members where items[i].decision == nil {
      ripe.append(i)
      ripeTotal.add(openAmount(i))
      if let due = items[i].effectiveDue, oldestDue == nil || due < oldestDue! { oldestDue = due }
    }
    var review: DebtorDecision.ReviewFacts? = nil
    if !ripe.isEmpty {
      let facts = DebtorFacts(
        ripeTotal: ripeTotal.total, minimum: policy.minAmount, strategic: strategic,
        review: strategic.isEmpty
          ? nil
          : reviewFacts(
            debtor: debtor, members: members, agreement: agreement, currency: currency, revenue: revenue, totals: totals,
            strategic: strategic),
        currency: currency, approval: latestApproval(debtor),  // (a ripe invoice has a due date: row NO_DATES holds the others)
        oldestDue: oldestDue ?? asOf)
      let (decision, reason) = DebtorRow.decide(facts)
      for i in ripe {
        items[i].decision = decision
        if let reason { items[i].reasons.append(reason) }
      }
      if decision == .review { review = facts.review }
    }
    // Limitation advice on what is still open.
    for i in members where items[i].kind == .invoice && (items[i].decision ?? .settled) != .settled {
      if let due = items[i].effectiveDue,
        let warning = LegalAdvice.limitationWarning(effectiveDueDate: due, asOf: asOf, consumer: agreement?.consumer ?? false)
      {
        items[i].advice.append(Advice(.limitation, warning))
      }
    }
    // Small recurring claims: since 1 October 2024 the costs of claims below 266.67 are capped
    // per six months (Besluit kwaliteit incassodienstverlening; article text unconfirmed):
    // flagged for a person, not computed.
    let sixMonthsAgo = asOf.adding(days: -183)
    var small: [Int] = []
    for i in members where items[i].kind == .invoice && openAmount(i) > 0 && items[i].amount < Self.smallClaimLimit {
      if let issue = items[i].issueDate, issue > sixMonthsAgo { small.append(i) }
    }
    if small.count >= 2 {
      let advice = Advice(.recurringSmallClaims, .recurringSmallClaims(count: small.count))
      for i in small { items[i].advice.append(advice) }
    }
    // Read through the indices: a copy of each item would cost a retain per field.
    var top: Decision? = nil
    var invoiceNumbers: [String] = []
    var open = MoneySum()
    var allAdvice: [Advice] = []
    for i in members {
      if let d = items[i].decision, top == nil || d > top! { top = d }
      if items[i].kind == .invoice {
        invoiceNumbers.append(items[i].number)
        if items[i].currency == currency { open.add(max(openAmount(i), 0)) }
      }
      allAdvice += items[i].advice
    }
    let decision = top ?? .settled
    invoiceNumbers.sort()
    let newest = newestWithBuyer(members)
    var buyers: [Party] = []
    for i in newest { if let buyer = items[i].document.buyer { buyers.append(buyer) } }
    var debtorDecision = DebtorDecision(
      customer: debtor, name: agreement?.name ?? buyers.first?.name, consumer: agreement?.consumer ?? false,
      currency: currency, decision: decision, open: open.total, invoices: invoiceNumbers,
      reasons: debtorReasons(members, decision: decision), advice: uniqueAdvice(allAdvice), review: review)
    debtorDecision.agreement = agreement
    if let details = DebtorDetails(newestFirst: buyers) {
      debtorDecision.party = details.party
      debtorDecision.emails = details.emails
      debtorDecision.phones = details.phones
    }
    if decision == .review && review == nil {
      debtorDecision.review = reviewFacts(
        debtor: debtor, members: members, agreement: agreement, currency: currency, revenue: revenue, totals: totals, strategic: strategic
      )
    }
    if decision == .handover { computeHandover(&debtorDecision, members: members, agreement: agreement) }
    return debtorDecision
  }

  /// The members whose document names a buyer, newest first.
  func newestWithBuyer(_ members: [Int]) -> [Int] {
    // Sorted on keys read once (`oldestFirst`'s, reversed; the sort is stable): a comparison
    // closure that reads the run captured a copy of it.
    var keyed: [(key: (date: CalendarDate, number: String), index: Int)] = []
    for i in members where items[i].document.buyer != nil { keyed.append((ageKey(i), i)) }
    if keyed.count > 1 { keyed.sort { $0.key > $1.key } }
    return keyed.map(\.index)
  }

  /// The invoice reasons a debtor's decision repeats (once each), as one bit each: a switch, not
  /// a `Set` of codes, whose lookups hash each code's name (several million of them in a run).
  static func debtorReasonBit(_ code: ReasonCode) -> UInt32? {
    switch code {
    case .strategicCustomer: return 1 << 0
    case .approved: return 1 << 1
    case .neverHandover: return 1 << 2
    case .disputed: return 1 << 3
    case .paused: return 1 << 4
    case .paymentPlan: return 1 << 5
    case .paymentPlanDefaulted: return 1 << 6
    case .priceAboveAgreement: return 1 << 7
    case .unallocatedPayment: return 1 << 8
    case .accountManagerHold: return 1 << 9
    case .notRipe: return 1 << 10
    case .remindersIncomplete: return 1 << 11
    case .fourteenDayLetterRequired: return 1 << 12
    case .fourteenDayLetterRunning: return 1 << 13
    case .belowMinimum: return 1 << 14
    case .currencyMismatch: return 1 << 15
    case .customerAmbiguous: return 1 << 16
    case .noDates: return 1 << 17
    default: return nil
    }
  }

  /// The reasons of the invoices with the debtor's decision, in invoice-number order, each code
  /// once (its first).
  func debtorReasons(_ members: [Int], decision: Decision) -> [Reason] {
    // Filtered, then sorted: the same order as sorting all members first (the sort is stable).
    var deciding: [(number: String, index: Int)] = []
    for i in members where items[i].decision == decision { deciding.append((items[i].number, i)) }
    if deciding.count > 1 { deciding.sort { $0.number < $1.number } }
    var seen: UInt32 = 0
    var reasons: [Reason] = []
    for (_, i) in deciding {
      // By index: a copy of each reason retained its message.
      for k in items[i].reasons.indices {
        guard let bit = Self.debtorReasonBit(items[i].reasons[k].code), seen & bit == 0 else { continue }
        seen |= bit
        reasons.append(items[i].reasons[k])
      }
    }
    return reasons
  }

  func uniqueAdvice(_ advice: [Advice]) -> [Advice] {
    var seen = Set<Advice>()
    return advice.filter { seen.insert($0).inserted }
  }
}
