import Foundation

/// The amounts claimed: principal, interest per invoice and costs over the dossier.
extension Run {
  /// Principal, interest per invoice, and costs over the dossier's summed principal.
  mutating func computeHandover(_ debtor: inout DebtorDecision, members: [Int], agreement: CustomerAgreement?) {
    let consumer = agreement?.consumer ?? false
    var principals: [Decimal] = []
    var interest = Decimal(0)
    var numbers: [String] = []
    for i in members.sorted(by: { items[$0].number < items[$1].number }) where items[i].decision == .handover {
      var principal = self.openAmount(i)
      if policy.onPriceDiscrepancy == .handoverUndisputed && items[i].disputed > items[i].credited {
        principal -= items[i].disputed - items[i].credited
      }
      principal = max(principal, 0)
      items[i].principalClaimed = principal
      let kind: InterestKind = agreement?.interest != nil ? .contractual : (consumer ? .nonCommercial : .commercial)
      // Interest runs on what is claimed. Credit notes count as never owed; each payment lowered
      // the amount from its date on. (With only the billing package's open amount, payment dates
      // are unknown: interest runs on that amount from the due date.)
      let payments =
        items[i].outstanding != nil
        ? [] : items[i].allocations.filter { $0.kind == .payment }.compactMap { a in a.date.map { (date: $0, amount: a.amount) } }
      let startAmount = principal + payments.reduce(Decimal(0)) { $0 + $1.amount }
      let calculation = Interest.compute(
        principal: startAmount, effectiveDueDate: items[i].effectiveDue!, asOf: asOf, kind: kind,
        contractualRate: agreement?.interest, rates: input.rates, reductions: payments)
      items[i].interest = calculation
      for warning in calculation.notices where !items[i].advice.contains(where: { $0.code == .unconfirmedRate }) {
        items[i].advice.append(Advice(.unconfirmedRate, warning))
      }
      interest += calculation.amount
      principals.append(principal)
      numbers.append(items[i].number)
    }
    let vatOnCosts = !input.creditor.vatDeductible
    func costsOf(_ principals: [Decimal]) -> CostsCalculation {
      consumer
        ? CollectionCosts.bik(principal: principals.reduce(0, +), vatOnCosts: vatOnCosts)
        : CollectionCosts.business(principals: principals, policy: policy.businessCosts, vatOnCosts: vatOnCosts)
    }
    var costs = costsOf(principals)
    if let earlier = input.earlierHandovers[debtor.customer] {
      // A follow-up claim: the scale is per claim total, not per delivery, so it adds what the
      // combined principal costs beyond what the earlier dossier already claimed.
      let combined = costsOf([earlier.principal] + principals)
      let already = costsOf([earlier.principal])
      costs = combined
      costs.amount = max(combined.amount - already.amount, 0)
      costs.vat = max(combined.vat - already.vat, 0)
      costs.notes.append(
        "follow-up of \(earlier.reference): costs over the combined principal \(Self.money(earlier.principal + principals.reduce(0, +))) (\(Self.money(combined.amount))) less the \(Self.money(already.amount)) the earlier dossier claimed"
      )
      debtor.follows = earlier
    }
    debtor.principal = principals.reduce(0, +)
    debtor.interest = interest
    debtor.costs = costs.amount
    debtor.costsVAT = costs.vat
    debtor.costsCalculation = costs
    debtor.handoverInvoices = numbers
  }
}
