import Foundation
import ThinlineCore

/// The report's work lists: who to remind and who is held, with the next step and its date, in
/// sections per account manager (when the agreements name one), the most money first.
extension HTMLReport {
  /// Debtors grouped by account manager, managers in name order and "none" last; within a
  /// group the most open money first (ties by customer number, so the order is stable).
  static func byAccountManager(_ debtors: [DebtorDecision]) -> [(manager: String?, debtors: [DebtorDecision])] {
    // Indices sorted, not the debtors: a debtor's decision is large, and the remind list holds
    // tens of thousands of them.
    let order = debtors.indices.sorted { a, b in
      debtors[a].open != debtors[b].open ? debtors[a].open > debtors[b].open : debtors[a].customer < debtors[b].customer
    }
    var groups: [String: [DebtorDecision]] = [:]
    var unmanaged: [DebtorDecision] = []
    for d in order.lazy.map({ debtors[$0] }) {
      if let manager = d.agreement?.accountManager { groups[manager, default: []].append(d) } else { unmanaged.append(d) }
    }
    var result = groups.keys.sorted().map { (manager: Optional($0), debtors: groups[$0]!) }
    if !unmanaged.isEmpty { result.append((manager: nil, debtors: unmanaged)) }
    return result
  }

  /// The heading of an account manager's section; none when nobody in the list has a manager.
  static func managerHeading(_ manager: String?, groups: Int, _ l: Labels) -> String {
    guard groups > 1 || manager != nil else { return "" }
    let who =
      manager.map { "\(l.t("Account manager", "Accountmanager")) \(escape($0))" } ?? l.t("No account manager", "Geen accountmanager")
    return "<h3>\(who)</h3>\n"
  }

  static func customerCell(_ d: DebtorDecision) -> String {
    "\(escape(d.customer)) \(escape(d.name ?? ""))"
  }

  /// Links to the work lists, with how many debtors each holds: what to do today, first.
  static func toDo(tally: DecisionTally, remindDebtors remind: Int, _ l: Labels) -> String {
    let count = { (d: Decision) in tally.debtors[d] ?? 0 }
    let links = [
      ("remind", l.t("to remind", "te herinneren"), remind), ("hold", l.t("held", "aangehouden"), count(.hold)),
      ("review", l.t("for review", "ter beoordeling"), count(.review)), ("batch", l.t("to hand over", "over te dragen"), count(.handover)),
    ].map { "<a href=\"#\($0.0)\">\($0.1)</a>: \($0.2)" }
    return "<p>\(l.t("To do (debtors)", "Te doen (debiteuren)")): " + links.joined(separator: " · ") + "</p>\n"
  }

  // MARK: Hold

  static func holdList(_ report: DecisionReport, _ l: Labels) -> String {
    let held = report.debtors.filter { $0.decision == .hold }
    guard !held.isEmpty else { return "" }
    var h = "<h2 id=\"hold\">\(l.t("Held: who, why, until when", "Aangehouden: wie, waarom, tot wanneer"))</h2>\n"
    let groups = byAccountManager(held)
    for group in groups {
      h += managerHeading(group.manager, groups: groups.count, l)
      h +=
        "<table><thead><tr><th>\(l.t("customer", "klant"))</th><th class=\"num\">\(l.t("open", "open"))</th><th>\(l.t("why", "waarom"))</th><th>\(l.t("until", "tot"))</th></tr></thead>\n"
      for d in group.debtors.prefix(listLimit) {
        let why = d.reasons.map { escape(l.why($0)) }.joined(separator: "<br>")
        let until = d.reasons.map { escape(holdUntil($0, debtor: d, asOf: report.asOf, l)) }.joined(separator: "<br>")
        h +=
          "<tr><td>\(customerCell(d))</td><td class=\"num\">\(escape(money(d.open, d.currency, l.lang)))</td><td>\(why)</td><td>\(until)</td></tr>\n"
      }
      h += "</table>\n" + more(group.debtors.count - listLimit, of: group.debtors.count, l.t("debtors", "debiteuren"), l)
    }
    return h
  }

  /// Until when a hold lasts, or what ends it.
  static func holdUntil(_ reason: Reason, debtor d: DebtorDecision, asOf: CalendarDate, _ l: Labels) -> String {
    switch reason.text {
    case .paused(let until):
      return l.t("through ", "tot en met ") + l.date(until)
    case .accountManagerHold(_, let until, _, _):
      return until.map { l.t("through ", "tot en met ") + l.date($0) }
        ?? l.t("until the account manager lifts it", "tot de accountmanager het opheft")
    case .planKept:
      let plan = (d.agreement?.paymentPlan ?? []).sorted { $0.date < $1.date }
      if let next = plan.first(where: { $0.date >= asOf }) {
        return l.t("next installment ", "volgende termijn ") + money(next.amount, d.currency, l.lang) + l.t(" on ", " op ")
          + l.date(next.date)
      }
      return l.t("until the plan is paid off", "tot de regeling is afbetaald")
    case .disputed: return l.t("until the dispute is settled", "tot het geschil is opgelost")
    case .priceAboveAgreement: return l.t("until credited or agreed", "tot er gecrediteerd of overeenstemming is")
    case .unallocatedPayments: return l.t("until the payments are allocated", "tot de betalingen zijn toegewezen")
    case .neverHandover: return l.t("never handed over", "nooit overgedragen")
    case .belowMinimum: return l.t("until the open total reaches the minimum", "tot het openstaande totaal het minimum haalt")
    default: return l.t("until it is fixed", "tot het is opgelost")
    }
  }

  // MARK: Remind

  /// Every invoice to remind by customer, also of a debtor whose most urgent decision is
  /// another one; by index (a copy of each of a million entries costs more than the page). The
  /// entries come sorted by customer, so a run of one customer is looked up once.
  static func remindIndices(_ report: DecisionReport) -> [String: [Int]] {
    var invoices: [String: [Int]] = [:]
    var run: (customer: String, indices: [Int])? = nil
    report.invoices.withUnsafeBufferPointer { entries in
      for k in entries.indices where entries[k].decision == .remind && entries[k].kind == .invoice {
        if run?.customer == entries[k].customer {
          run!.indices.append(k)
          continue
        }
        if let done = run { invoices[done.customer, default: []] += done.indices }
        run = (entries[k].customer, [k])
      }
    }
    if let done = run { invoices[done.customer, default: []] += done.indices }
    return invoices
  }

  static func remindList(_ report: DecisionReport, _ invoices: [String: [Int]], _ l: Labels) -> String {
    let debtors = report.debtors.filter { invoices[$0.customer] != nil }
    guard !debtors.isEmpty else { return "" }
    var h =
      "<h2 id=\"remind\">\(l.t("To remind: who, which invoices, the next step", "Te herinneren: wie, welke facturen, de volgende stap"))</h2>\n"
    let groups = byAccountManager(debtors)
    for group in groups {
      h += managerHeading(group.manager, groups: groups.count, l)
      h +=
        "<table><thead><tr><th>\(l.t("customer", "klant"))</th><th>\(l.t("invoice", "factuur"))</th><th class=\"num\">\(l.t("open", "open"))</th><th class=\"num\">\(l.t("days overdue", "dagen vervallen"))</th><th class=\"num\">\(l.t("reminders", "herinneringen"))</th><th>\(l.t("next step", "volgende stap"))</th><th>\(l.t("when", "wanneer"))</th></tr></thead>\n"
      let total = group.debtors.reduce(0) { $0 + (invoices[$1.customer]?.count ?? 0) }
      var shown = 0
      for d in group.debtors where shown < listLimit {
        let rows = (invoices[d.customer] ?? []).sorted { a, b in
          let (x, y) = (report.invoices[a], report.invoices[b])
          return x.daysOverdue != y.daysOverdue ? x.daysOverdue > y.daysOverdue : x.invoice < y.invoice
        }
        for (n, k) in rows.prefix(listLimit - shown).enumerated() {
          let i = report.invoices[k]
          shown += 1
          let step = nextStep(i, policy: report.policy, asOf: report.asOf, l)
          h +=
            "<tr><td>\(n == 0 ? customerCell(d) : "")</td><td>\(escape(i.invoice))</td><td class=\"num\">\(escape(money(i.open, i.currency, l.lang)))</td><td class=\"num\">\(i.daysOverdue)</td><td class=\"num\">\(i.reminders.count)</td><td>\(escape(step.what))</td><td>\(escape(step.when))</td></tr>\n"
        }
      }
      h += "</table>\n" + more(total - shown, of: total, l.t("invoices", "facturen"), l)
    }
    return h
  }

  /// What to do next for an invoice to remind, and when: the reminder that is missing, the
  /// 14-day letter to send, or the day it becomes ripe for handover.
  static func nextStep(_ i: InvoiceDecision, policy: Policy, asOf: CalendarDate, _ l: Labels) -> (what: String, when: String) {
    let today = l.date(asOf)
    let sendReminder = l.t(
      "send reminder \(i.reminders.count + 1) of \(policy.minReminders)",
      "stuur herinnering \(i.reminders.count + 1) van \(policy.minReminders)")
    for reason in i.reasons {
      switch reason.text {
      case .notRipe(let days, let after):
        let ripe = l.date(asOf.adding(days: after - days))
        if i.reminders.count < policy.minReminders {
          return (sendReminder + l.t("; ripe for handover on ", "; rijp voor overdracht op ") + ripe, today)
        }
        return (
          l.t("nothing to send: wait until it is ripe for handover", "niets te versturen: wachten tot het rijp is voor overdracht"), ripe
        )
      case .remindersIncomplete:
        return (sendReminder, today)
      case .fourteenDayLetterRequired:
        return (l.t("send the 14-day letter, stating the costs", "stuur de veertiendagenbrief met de kosten"), today)
      case .fourteenDayLetterRunning(_, let last):
        return (l.t("wait: the 14-day letter is running", "wachten: de veertiendagenbrief loopt"), l.date(last.adding(days: 1)))
      default: continue
      }
    }
    return (sendReminder, today)
  }

  // MARK: Review

  /// The account manager's page for one strategic debtor: the facts on both sides, and what
  /// happens without a decision.
  static func reviewCard(_ d: DebtorDecision, _ l: Labels) -> String {
    guard let f = d.review else { return "" }
    let e = escape
    let lang = l.lang
    var h = ""
    let c = d.currency
    h += "<div class=\"card\"><strong>\(e(d.customer)) \(e(d.name ?? ""))</strong>"
    if let manager = f.accountManager { h += " · \(l.t("account manager", "accountmanager")) \(e(manager))" }
    h += "<table>"
    h +=
      "<tr><th>\(l.t("12-month revenue", "omzet 12 maanden"))</th><td class=\"num\">\(e(money(f.revenue12Months, c, lang))) (\(e(Words(lang).percent(f.revenueShare))))</td></tr>"
    h += "<tr><th>\(l.t("customer since", "klant sinds"))</th><td class=\"num\">\(l.date(f.customerSince))</td></tr>"
    h +=
      "<tr><th>\(l.t("open / overdue", "open / vervallen"))</th><td class=\"num\">\(e(money(f.open, c, lang))) / \(e(money(f.overdue, c, lang)))</td></tr>"
    h += "<tr><th>\(l.t("days overdue", "dagen vervallen"))</th><td class=\"num\">\(f.daysOverdue)</td></tr>"
    h +=
      "<tr><th>\(l.t("broken payment-plan promises", "gebroken betalingsafspraken"))</th><td class=\"num\">\(f.brokenPromises)</td></tr>"
    h +=
      "<tr><th>\(l.t("why strategic", "waarom strategisch"))</th><td>\(e(f.strategicBecause.map { $0.text(lang) }.joined(separator: "; ")))</td></tr>"
    // The two interests side by side: what waiting costs, and how this customer pays.
    h +=
      "<tr><th>\(l.t("interest 30 more days of waiting cost", "rente die 30 dagen langer wachten kost"))</th><td class=\"num\">\(e(money(f.interestNext30Days, c, lang)))</td></tr>"
    if let limit = f.limitationDate {
      h += "<tr><th>\(l.t("earliest limitation date", "vroegste verjaringsdatum"))</th><td class=\"num\">\(l.date(limit))</td></tr>"
    }
    let b = f.paymentBehaviour
    let average = Words(lang).number(DecimalFormatting.plain(b.averageDaysLate ?? 0, scale: 1))
    let behaviour =
      b.paidInvoices == 0
      ? l.t("no invoice paid in the last 12 months", "geen factuur betaald in de laatste 12 maanden")
      : l.t(
        "\(b.paidInvoices) paid in 12 months: \(b.paidLate) late, \(b.paidOnTime) on time, on average \(average) days late (last: \(b.lastDaysLate.map(String.init).joined(separator: ", ")))",
        "\(b.paidInvoices) betaald in 12 maanden: \(b.paidLate) te laat, \(b.paidOnTime) op tijd, gemiddeld \(average) dagen te laat (laatste: \(b.lastDaysLate.map(String.init).joined(separator: ", ")))"
      )
    h += "<tr><th>\(l.t("payment behaviour", "betaalgedrag"))</th><td>\(e(behaviour))</td></tr>"
    if d.consumer {
      let letter =
        f.letterDaysLeft.map { $0 > 0 ? l.t("runs \($0) more day(s)", "loopt nog \($0) dag(en)") : l.t("has run out", "is verlopen") }
        ?? l.t("not sent yet: no costs can be claimed", "nog niet verstuurd: geen kosten te vorderen")
      h += "<tr><th>\(l.t("14-day letter", "veertiendagenbrief"))</th><td>\(e(letter))</td></tr>"
    }
    if let notes = f.notes { h += "<tr><th>\(l.t("notes", "notities"))</th><td>\(e(notes))</td></tr>" }
    h +=
      "</table><p class=\"muted\">\(l.t("Without a decision nothing is handed over: the invoices stay in review at every run. An approval (handover or hold until a date) in the approvals file decides.", "Zonder besluit wordt niets overgedragen: de facturen blijven bij elke run ter beoordeling. Een akkoord (overdragen, of aanhouden tot een datum) in het akkoordenbestand beslist."))</p></div>\n"
    return h
  }
}
