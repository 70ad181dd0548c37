import Foundation

/// What a debtor row may read: the debtor's ripe invoices (those no invoice row decided) taken
/// together, and what weighs on handing them over. Made once per debtor; the rows are pure
/// functions of it and can be tested alone.
struct DebtorFacts {
  /// The open total of the ripe invoices, and the policy's minimum for a handover (row 14).
  let ripeTotal: Decimal
  let minimum: Decimal
  /// Why the debtor counts as strategic; empty when it does not (row 15).
  let strategic: [StrategicReason]
  /// What the account manager weighs; made only for a strategic debtor.
  let review: DebtorDecision.ReviewFacts?
  let currency: String?
  /// The account manager's latest decision, and the oldest effective due date among the ripe
  /// invoices: an approval counts for invoices due on or before its date, not for later ones.
  let approval: Approval?
  let oldestDue: CalendarDate

  var handoverApproved: Bool { approval.map { $0.decision == .handover && $0.date >= oldestDue } ?? false }
}

/// One of the debtor rows of rules.md §6 (14–16): they need all of a debtor's ripe invoices, so
/// they decide per debtor, and their decision holds for every ripe invoice of the debtor.
struct DebtorRow: Sendable {
  let row: String
  /// nil when the row does not apply.
  let rule: @Sendable (DebtorFacts) -> RowOutcome?

  /// The rows in the order they are asked; the first that decides wins. The last always decides.
  static let all: [DebtorRow] = [belowMinimum, strategic, handover]

  /// The first row's decision and reason.
  static func decide(_ facts: DebtorFacts) -> (decision: Decision, reason: Reason?) {
    for row in all {
      if case .decided(let decision, let reason)? = row.rule(facts) { return (decision, reason) }
    }
    return (.handover, nil)  // not reached: row 16 always decides
  }

  static let belowMinimum = DebtorRow(row: "14") { f in
    f.ripeTotal < f.minimum ? .decided(.hold, Reason(.belowMinimum, .belowMinimum(total: f.ripeTotal, minimum: f.minimum))) : nil
  }

  /// A strategic debtor is not handed over without the account manager's approval.
  static let strategic = DebtorRow(row: "15") { f in
    guard !f.strategic.isEmpty, !f.handoverApproved, let review = f.review else { return nil }
    return .decided(.review, Reason(.strategicCustomer, .strategicReview(review, currency: f.currency)))
  }

  static let handover = DebtorRow(row: "16") { f in
    guard f.handoverApproved, let approval = f.approval else { return .decided(.handover, nil) }
    return .decided(.handover, Reason(.approved, .approved(by: approval.by, date: approval.date, note: approval.note)))
  }
}
