import Foundation
import Testing

@testable import ThinlineCore

/// The debtor rows of rules.md §6 (14–16) on their own: each one's condition, and the case next
/// to it that passes the debtor on. (The whole table over real inputs is the fixtures'.)
@Suite struct DebtorRowTests {
  static let oldestDue = day("2026-08-31")

  static let review = DebtorDecision.ReviewFacts(
    revenue12Months: 90_000, revenueShare: Decimal(string: "0.3")!, customerSince: day("2024-01-01"), open: 1200, overdue: 1200,
    daysOverdue: 90, brokenPromises: 0, accountManager: "Ann", notes: nil, strategicBecause: [.markedInAgreements])

  func facts(
    ripeTotal: Decimal = 1200, minimum: Decimal = 50, strategic: [StrategicReason] = [], approval: Approval? = nil
  ) -> DebtorFacts {
    DebtorFacts(
      ripeTotal: ripeTotal, minimum: minimum, strategic: strategic, review: strategic.isEmpty ? nil : Self.review, currency: "EUR",
      approval: approval, oldestDue: Self.oldestDue)
  }

  func approval(_ decision: Approval.Decision, on date: String) -> Approval {
    Approval(customer: "7", decision: decision, by: "Ann", date: day(date), until: nil, note: "go ahead")
  }

  @Test func theRowsAreAskedInTheOrderOfRulesMd() {
    #expect(DebtorRow.all.map(\.row) == ["14", "15", "16"])
  }

  @Test func row14HoldsADebtorWhoseRipeTotalIsBelowTheMinimum() {
    let below = facts(ripeTotal: Decimal(string: "49.99")!)
    #expect(
      DebtorRow.belowMinimum.rule(below)
        == .decided(.hold, Reason(.belowMinimum, .belowMinimum(total: Decimal(string: "49.99")!, minimum: 50))))
    #expect(DebtorRow.belowMinimum.rule(facts(ripeTotal: 50)) == nil)  // the minimum itself is enough
    // Below the minimum wins over strategic: nothing to review for a small sum.
    #expect(DebtorRow.decide(facts(ripeTotal: 10, strategic: [.markedInAgreements])).decision == .hold)
  }

  @Test func row15SendsAStrategicDebtorToReviewUnlessTheAccountManagerApproved() {
    let strategic = facts(strategic: [.markedInAgreements])
    #expect(
      DebtorRow.strategic.rule(strategic)
        == .decided(.review, Reason(.strategicCustomer, .strategicReview(Self.review, currency: "EUR"))))
    #expect(DebtorRow.strategic.rule(facts()) == nil)
    // Approved on or after the oldest due date: the approval covers these invoices.
    #expect(DebtorRow.strategic.rule(facts(strategic: [.markedInAgreements], approval: approval(.handover, on: "2026-08-31"))) == nil)
    // Approved before an invoice was due: it does not cover it.
    #expect(DebtorRow.decide(facts(strategic: [.markedInAgreements], approval: approval(.handover, on: "2026-08-30"))).decision == .review)
    // A hold is no approval.
    #expect(DebtorRow.decide(facts(strategic: [.markedInAgreements], approval: approval(.hold, on: "2026-11-01"))).decision == .review)
  }

  @Test func row16HandsOverAndNamesTheApprovalItRestsOn() {
    #expect(DebtorRow.handover.rule(facts()) == .decided(.handover, nil))
    let approved = approval(.handover, on: "2026-11-01")
    #expect(
      DebtorRow.decide(facts(strategic: [.revenueAtLeast(revenue: 90_000, currency: "EUR", threshold: 50_000)], approval: approved))
        == (.handover, Reason(.approved, .approved(by: "Ann", date: day("2026-11-01"), note: "go ahead"))))
    // An approval too old for these invoices is not named.
    #expect(DebtorRow.handover.rule(facts(approval: approval(.handover, on: "2026-08-01"))) == .decided(.handover, nil))
  }
}
