import Foundation
import ThinlineCore

/// Counts and open money per decision: what the summary on stderr, decisions.json and the HTML
/// report all show.
public struct DecisionTally: Sendable {
  public var invoices: [Decision: Int] = [:]
  public var debtors: [Decision: Int] = [:]
  /// Open amounts per decision and currency (invoices only).
  public var open: [Decision: [String: Decimal]] = [:]

  public init(_ report: DecisionReport) {
    for i in report.invoices where i.kind == .invoice {
      invoices[i.decision, default: 0] += 1
      open[i.decision, default: [:]][i.currency ?? "?", default: 0] += i.open
    }
    for d in report.debtors { debtors[d.decision, default: 0] += 1 }
  }

  /// The decisions that occur, most urgent first.
  public var decisions: [Decision] {
    Decision.allCases.reversed().filter { (invoices[$0] ?? 0) > 0 || (debtors[$0] ?? 0) > 0 }
  }
}
