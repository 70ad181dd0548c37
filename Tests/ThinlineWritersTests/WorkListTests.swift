import Foundation
import Testing

@testable import ThinlineCore
@testable import ThinlineWriters

/// The report's work lists: who first, and what to do next, on their own.
@Suite struct WorkListTests {
  static let asOf = CalendarDate(iso: "2026-11-29")!
  let en = HTMLReport.Labels(lang: .en)

  func debtor(_ customer: String, open: Decimal, manager: String?) -> DebtorDecision {
    var d = DebtorDecision(
      customer: customer, name: nil, consumer: false, currency: "EUR", decision: .hold, open: open, invoices: [], reasons: [], advice: [],
      review: nil)
    if let manager {
      var a = CustomerAgreement(id: customer)
      a.accountManager = manager
      d.agreement = a
    }
    return d
  }

  @Test func sectionsPerAccountManagerMostMoneyFirstUnmanagedLast() {
    let groups = HTMLReport.byAccountManager([
      debtor("1", open: 100, manager: nil), debtor("2", open: 500, manager: "Ans"), debtor("3", open: 900, manager: "Bram"),
      debtor("4", open: 700, manager: "Ans"), debtor("5", open: 300, manager: nil),
    ])
    #expect(groups.map(\.manager) == ["Ans", "Bram", nil])
    #expect(groups.map { $0.debtors.map(\.customer) } == [["4", "2"], ["3"], ["5", "1"]])
  }

  func invoice(reasons: [Reason], reminders: Int) -> InvoiceDecision {
    let reminder = ReminderRecord(
      source: SourceLocation(file: "r.csv"), invoiceNumber: "F-1", date: CalendarDate(iso: "2026-10-01")!, kind: .reminder, channel: nil)
    return InvoiceDecision(
      invoice: "F-1", customer: "1", customerName: nil, kind: .invoice, source: "t.csv", currency: "EUR", issueDate: nil,
      invoiceDueDate: nil, effectiveDueDate: nil, daysOverdue: 20, amount: 100, paid: 0, credited: 0, disputed: 0, open: 100,
      decision: .remind, reasons: reasons, advice: [], principal: 0, interestBox: nil, allocations: [],
      reminders: Array(repeating: reminder, count: reminders), documentBox: nil)
  }

  @Test func theNextStepIsTheMissingReminderOrTheDayItRipens() {
    let policy = Policy()  // 45 days, 2 reminders
    let notRipe = [Reason(.notRipe, .notRipe(daysOverdue: 20, ripeAfter: 45))]
    let first = HTMLReport.nextStep(invoice(reasons: notRipe, reminders: 0), policy: policy, asOf: Self.asOf, en)
    #expect(first.what == "send reminder 1 of 2; ripe for handover on 24 December 2026")
    #expect(first.when == "29 November 2026")
    let wait = HTMLReport.nextStep(invoice(reasons: notRipe, reminders: 2), policy: policy, asOf: Self.asOf, en)
    #expect(wait.when == "24 December 2026")
    let running = [Reason(.fourteenDayLetterRunning, .fourteenDayLetterRunning(receipt: Self.asOf, last: CalendarDate(iso: "2026-12-13")!))]
    #expect(HTMLReport.nextStep(invoice(reasons: running, reminders: 2), policy: policy, asOf: Self.asOf, en).when == "14 December 2026")
  }

  @Test func aHoldSaysUntilWhen() {
    var d = debtor("1", open: 100, manager: nil)
    var a = CustomerAgreement(id: "1")
    a.paymentPlan = [.init(date: CalendarDate(iso: "2026-11-01")!, amount: 50), .init(date: CalendarDate(iso: "2026-12-01")!, amount: 50)]
    d.agreement = a
    let kept = Reason(.paymentPlan, .planKept(checked: 1, installments: 2, due: 50, paid: 50))
    #expect(HTMLReport.holdUntil(kept, debtor: d, asOf: Self.asOf, en) == "next installment €50.00 on 1 December 2026")
    let paused = Reason(.paused, .paused(until: CalendarDate(iso: "2027-01-15")!))
    #expect(HTMLReport.holdUntil(paused, debtor: d, asOf: Self.asOf, en) == "through 15 January 2027")
    #expect(HTMLReport.holdUntil(Reason(.disputed, .disputed(note: nil)), debtor: d, asOf: Self.asOf, en) == "until the dispute is settled")
  }

  /// A report over more rows than a page can hold: each list shows the first `listLimit` in its
  /// order and says how many it leaves out; the counts and totals still count them all.
  @Test func aLongListShowsItsFirstRowsAndSaysHowManyMore() {
    let limit = HTMLReport.listLimit
    var invoices: [InvoiceDecision] = []
    var debtors: [DebtorDecision] = []
    for c in 0..<3 {
      var d = debtor(String(c), open: Decimal(100 * (c + 1)), manager: nil)
      d.decision = .remind
      debtors.append(d)
      for n in 0..<(limit / 2) {
        var i = invoice(reasons: [Reason(.remindersIncomplete, .remindersIncomplete(count: 0, due: Self.asOf, needed: 2))], reminders: 0)
        i.customer = String(c)
        i.invoice = "F-\(c)-\(n)"
        i.daysOverdue = n
        invoices.append(i)
      }
    }
    let report = DecisionReport(asOf: Self.asOf, invoices: invoices, debtors: debtors, warnings: [])
    let page = HTMLReport.render(report, batch: nil, lang: .en)
    let remind = page.components(separatedBy: "<h2 id=\"remind\">")[1].components(separatedBy: "<h2")[0]
    #expect(remind.components(separatedBy: "<tr><td>").count - 1 == limit)
    #expect(remind.contains("… and \(limit / 2) more invoices (\(3 * (limit / 2)) in all)"))
    // The most open money first, and within a debtor the longest overdue first.
    #expect(remind.contains("F-2-\(limit / 2 - 1)"))
    #expect(!remind.contains(">F-0-"))
    #expect(page.contains("<td class=\"num\">\(3 * (limit / 2))</td>"))  // the decisions table counts every invoice
    let dutch = HTMLReport.render(report, batch: nil, lang: .nl)
    #expect(dutch.contains("… en nog \(limit / 2) facturen (1.500 in totaal)"))
    // Under the limit, nothing is said.
    let small = DecisionReport(asOf: Self.asOf, invoices: Array(invoices.prefix(10)), debtors: debtors, warnings: [])
    #expect(!HTMLReport.render(small, batch: nil, lang: .en).contains("more invoices"))
  }

  /// The remind list groups by customer whatever the order: runs of one customer, and a
  /// customer met again later, end up in one list in entry order.
  @Test func remindIndicesGroupByCustomerInAnyOrder() {
    var entries: [InvoiceDecision] = []
    for (customer, decision) in [("1", Decision.remind), ("1", .remind), ("2", .remind), ("1", .remind), ("2", .hold), ("3", .remind)] {
      var i = invoice(reasons: [], reminders: 0)
      i.customer = customer
      i.decision = decision
      entries.append(i)
    }
    let grouped = HTMLReport.remindIndices(DecisionReport(asOf: Self.asOf, invoices: entries, debtors: [], warnings: []))
    #expect(grouped == ["1": [0, 1, 3], "2": [2], "3": [5]])
  }
}
