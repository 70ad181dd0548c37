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
    // Summed per (decision, currency) in one flat table, reading each entry's fields in place
    // (a loop over the entries would copy each one whole, a million times).
    struct Key: Hashable {
      var decision: Decision
      var currency: String
    }
    var sums: [Key: Decimal] = [:]
    report.invoices.withUnsafeBufferPointer { entries in
      for k in entries.indices where entries[k].kind == .invoice {
        invoices[entries[k].decision, default: 0] += 1
        sums[Key(decision: entries[k].decision, currency: entries[k].currency ?? "?"), default: 0] += entries[k].open
      }
    }
    for (key, sum) in sums { open[key.decision, default: [:]][key.currency] = sum }
    debtors = Self.debtors(report.debtors)
  }

  /// Debtors per decision alone (no pass over the invoices): what a one-line summary counts.
  public static func debtors(_ debtors: [DebtorDecision]) -> [Decision: Int] {
    var counts: [Decision: Int] = [:]
    for d in debtors { counts[d.decision, default: 0] += 1 }
    return counts
  }

  /// The decisions that occur, most urgent first.
  public var decisions: [Decision] {
    Decision.allCases.reversed().filter { (invoices[$0] ?? 0) > 0 || (debtors[$0] ?? 0) > 0 }
  }
}
