import Foundation
import Testing

@testable import ThinlineCore
@testable import ThinlineWriters

/// decisions.json's invoice entries are written straight to bytes: the same bytes as the entry's
/// `JSONValue` tree, for every kind of field content.
@Suite struct InvoiceEntryBytesTests {
  static func entry(_ n: Int) -> InvoiceDecision {
    let texts = ["F-1", "F \"2\"\\", "Zoë\u{1}\u{2028}", "", "<&>"]
    let amounts: [Decimal] = [0, Decimal(string: "-0.005")!, Decimal(string: "1234.565")!, Decimal(string: "1e30")!, 12]
    let date = CalendarDate(iso: "2026-0\(1 + n % 9)-1\(n % 10)")
    let reasons = (0..<(n % 3)).map { k in
      Reason(.belowMinimum, .belowMinimum(total: amounts[(n + k) % 5], minimum: 50))
    }
    return InvoiceDecision(
      invoice: texts[n % 5], customer: texts[(n + 1) % 5], customerName: nil, kind: n % 4 == 0 ? .creditNote : .invoice,
      source: texts[(n + 2) % 5], currency: n % 3 == 0 ? nil : "EUR", issueDate: n % 2 == 0 ? date : nil,
      invoiceDueDate: n % 3 == 0 ? date : nil, effectiveDueDate: date, daysOverdue: n * 7 - 20, amount: amounts[n % 5],
      paid: amounts[(n + 1) % 5], credited: amounts[(n + 2) % 5], disputed: amounts[(n + 3) % 5], open: amounts[(n + 4) % 5],
      decision: Decision.allCases[n % Decision.allCases.count], reasons: reasons,
      advice: n % 2 == 0 ? [] : [Advice(.limitation, .recurringSmallClaims(count: n))], principal: 0, interestBox: nil, allocations: [],
      reminders: [], documentBox: nil)
  }

  @Test func writtenEntriesAreTheTreesBytes() {
    for n in 0..<60 {
      let entry = Self.entry(n)
      var tree: [UInt8] = []
      DecisionsEncoding.invoice(entry).write(into: &tree, indent: 2)
      var written: [UInt8] = []
      DecisionsEncoding.writeInvoice(entry, into: &written)
      #expect(String(decoding: written, as: UTF8.self) == String(decoding: tree, as: UTF8.self), "entry \(n)")
    }
  }
}
