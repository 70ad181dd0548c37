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
    // Counted and summed per decision (by its place in `allCases`) and currency (a short list:
    // a run has one or a few), reading each entry's fields in place (a loop over the entries
    // would copy each one whole, a million times). Not in dictionaries keyed by decision: a
    // raw-value enum hashes its name.
    let cases = Decision.allCases
    var counts = [Int](repeating: 0, count: cases.count)
    var sums = [MoneySumsByCurrency](repeating: MoneySumsByCurrency(), count: cases.count)
    report.invoices.withUnsafeBufferPointer { entries in
      for k in entries.indices where entries[k].kind == .invoice {
        let d = cases.firstIndex(of: entries[k].decision)!
        counts[d] += 1
        sums[d].add(entries[k].open, in: entries[k].currency ?? "?")
      }
    }
    for (d, decision) in cases.enumerated() where counts[d] > 0 {
      invoices[decision] = counts[d]
      for entry in sums[d].sums { open[decision, default: [:]][entry.currency] = entry.sum.total }
    }
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
