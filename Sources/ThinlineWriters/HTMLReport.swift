import Foundation
import ThinlineCore

/// The report people would rather look at: one self-contained HTML page (inline CSS and SVG, no
/// scripts, printable) with the aging overview, the decisions, the review list and the batch.
/// Everything that comes from input files is escaped: a customer name is never HTML.
public enum HTMLReport {
  public typealias Language = ThinlineCore.Language

  /// Aging buckets by days past the effective due date.
  public static let buckets = ["not_due", "1-30", "31-60", "61-90", "90+"]

  static func bucket(_ invoice: InvoiceDecision, asOf: CalendarDate) -> Int {
    guard let due = invoice.effectiveDueDate, due < asOf else { return 0 }
    let days = due.days(until: asOf)
    switch days {
    case ...30: return 1
    case 31...60: return 2
    case 61...90: return 3
    default: return 4
    }
  }

  /// Open amounts per currency and bucket (invoices with an open amount; credit notes left out).
  public static func aging(_ report: DecisionReport) -> [String: [Decimal]] {
    var result: [String: [Decimal]] = [:]
    report.invoices.withUnsafeBufferPointer { invoices in
      for k in invoices.indices where invoices[k].kind == .invoice && invoices[k].open > 0 {
        result[invoices[k].currency ?? "?", default: Array(repeating: 0, count: buckets.count)][bucket(invoices[k], asOf: report.asOf)] +=
          invoices[k].open
      }
    }
    return result
  }

  struct Labels {
    let lang: Language
    func t(_ en: String, _ nl: String) -> String { Words(lang).t(en, nl) }
    /// A date for people: `29 november 2026` in Dutch, `29 November 2026` in English.
    func date(_ d: CalendarDate?) -> String { d.map(Words(lang).longDate) ?? "–" }
    /// A reason's message in the page's language.
    func message(_ r: Reason) -> String { r.text.text(lang) }
    /// The reason in words and its message, without saying the same words twice
    /// ("payment plan kept: payment plan kept: …").
    func why(_ r: Reason) -> String {
      let label = reason(r.code)
      let text = message(r)
      return text.lowercased().hasPrefix(label.lowercased() + ":") ? text : "\(label): \(text)"
    }
    func decision(_ d: Decision) -> String { d.text(lang) }
    func bucket(_ b: String) -> String {
      switch b {
      case "not_due": return t("not due", "niet vervallen")
      case "90+": return t("90+ days", "90+ dagen")
      default: return b + t(" days", " dagen")
      }
    }
  }

  /// `€ 1.234,56` in Dutch, `€1,234.56` in English (`USD 12.00`); other currencies by code.
  public static func money(_ amount: Decimal, _ currency: String?, _ lang: Language) -> String {
    let text = amount.moneyText  // always two decimals or more
    let negative = text.hasPrefix("-")
    let number = Words.grouped(
      negative ? String(text.dropFirst()) : text, thousands: lang == .nl ? "." : ",", decimal: lang == .nl ? "," : ".")
    let symbol = currency == "EUR" || currency == nil ? "€" : currency!
    let sign = negative ? "-" : ""
    // A no-break space: `€ 100,00` never breaks between the symbol and the number in a narrow cell.
    return lang == .nl ? "\(sign)\(symbol)\u{00A0}\(number)" : "\(sign)\(symbol)\(symbol == "€" ? "" : "\u{00A0}")\(number)"
  }

  /// Text from the inputs, safe in HTML: a customer name is never markup.
  public static func escape(_ s: String) -> String { MarkupText.escape(s) }

  /// - Parameter batch: the handover batch of this run, when there is one.
  /// - Parameter tally: the report's tally when the caller has made it already.
  public static func render(
    _ report: DecisionReport, batch: HandoverBatch?, lang: Language, title: String? = nil, tally given: DecisionTally? = nil
  ) -> String {
    render(report, batchLine: batch.map { BatchLine(id: $0.batchID, agency: $0.agency) }, lang: lang, title: title, tally: given)
  }

  /// All the report shows of a batch: known before its dossiers are written, so that a night
  /// makes the report on one core while the dossiers are written on the other.
  public struct BatchLine: Sendable {
    public var id: String
    public var agency: String?
    public init(id: String, agency: String?) {
      self.id = id
      self.agency = agency
    }
  }

  public static func render(
    _ report: DecisionReport, batchLine batch: BatchLine?, lang: Language, title: String? = nil, tally given: DecisionTally? = nil
  ) -> String {
    let l = Labels(lang: lang)
    let e = escape
    let tally = given ?? DecisionTally(report)
    let toRemind = remindIndices(report)
    var h = """
      <!DOCTYPE html>
      <html lang="\(lang.rawValue)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(e(title ?? l.t("Thinline report", "Thinline-rapport"))) \(report.asOf)</title>
      <style>
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:2rem auto;max-width:1100px;padding:0 1rem}
      h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:2px solid #dde3ea;padding-bottom:.2rem}
      .muted{color:#5b6b7c}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{padding:.35rem .5rem;border-bottom:1px solid #e6ebf0;text-align:left;vertical-align:top}
      th{background:#f4f6f9;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .card{border:1px solid #dde3ea;border-radius:8px;padding:.8rem 1rem;margin:.8rem 0;break-inside:avoid}
      .tag{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.85em;background:#eef2f6}
      .handover{background:#fde2e1}.review{background:#fff1cc}.remind{background:#e3f0ff}.hold{background:#ece6ff}.not_due{background:#e6f6ea}
      svg text{font:12px system-ui,sans-serif;fill:#1d2733}
      @media (max-width:700px){body{margin:1rem auto}table{display:block;overflow-x:auto}td,th{min-width:6rem}}
      @media print{body{margin:0;max-width:none}h2{break-after:avoid;break-before:page}h2:first-of-type{break-before:auto}thead{display:table-header-group}tr{break-inside:avoid}.card{break-inside:avoid}}
      </style>
      </head>
      <body>
      <h1>\(e(title ?? l.t("Receivables: where the money is stuck", "Debiteuren: waar het geld vastzit")))</h1>
      <p class="muted">\(l.t("As of", "Peildatum")) \(l.date(report.asOf)) · \(tally.invoices.values.reduce(0, +)) \(l.t("invoices", "facturen")) · \(report.debtors.count) \(l.t("debtors", "debiteuren"))</p>

      """
    h += toDo(tally: tally, remindDebtors: toRemind.count, l)
    // Aging.
    h += "<h2>\(l.t("Aging of open amounts", "Ouderdom van de openstaande bedragen"))</h2>\n"
    let aging = aging(report)
    if aging.isEmpty { h += "<p>\(l.t("Nothing is open.", "Er staat niets open."))</p>\n" }
    for currency in aging.keys.sorted() {
      let sums = aging[currency]!
      h += chart(sums, currency: currency, lang: lang, labels: l)
      h += "<table><thead><tr>" + buckets.map { "<th class=\"num\">\(e(l.bucket($0)))</th>" }.joined() + "</tr></thead><tr>"
      h += sums.map { "<td class=\"num\">\(e(money($0, currency, lang)))</td>" }.joined() + "</tr></table>\n"
    }
    // Decisions.
    h +=
      "<h2>\(l.t("Decisions", "Besluiten"))</h2>\n<table><thead><tr><th>\(l.t("decision", "besluit"))</th><th class=\"num\">\(l.t("debtors", "debiteuren"))</th><th class=\"num\">\(l.t("invoices", "facturen"))</th><th class=\"num\">\(l.t("open", "open"))</th></tr></thead>\n"
    for d in tally.decisions {
      let open = tally.open[d] ?? [:]
      let money = open.keys.sorted().map { e(Self.money(open[$0]!, $0, lang)) }.joined(separator: " + ")
      h +=
        "<tr><td><span class=\"tag \(d.rawValue)\">\(e(l.decision(d)))</span></td><td class=\"num\">\(tally.debtors[d] ?? 0)</td><td class=\"num\">\(tally.invoices[d] ?? 0)</td><td class=\"num\">\(money)</td></tr>\n"
    }
    h += "</table>\n"
    var codes: [ReasonCode: Int] = [:]
    report.invoices.withUnsafeBufferPointer { invoices in
      for k in invoices.indices { for r in invoices[k].reasons { codes[r.code, default: 0] += 1 } }
    }
    if !codes.isEmpty {
      h +=
        "<p>\(l.t("Reasons that occur most", "Meest voorkomende redenen")):</p>\n<table><thead><tr><th>\(l.t("reason", "reden"))</th><th class=\"num\">\(l.t("invoices", "facturen"))</th></tr></thead>\n"
      for (code, n) in codes.sorted(by: { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }).prefix(8) {
        h += "<tr><td>\(e(l.reason(code))) <code>\(code.rawValue)</code></td><td class=\"num\">\(n)</td></tr>\n"
      }
      h += "</table>\n"
    }
    if let bank = report.bank {
      h += "<h2 id=\"bank\">\(l.t("Bank statements", "Bankafschriften"))</h2>\n<p>\(e(bank.line(lang)))</p>\n"
      if !bank.unplacedPayments.isEmpty {
        h +=
          "<p>\(l.t("Payments nobody can place (no invoice named, IBAN of no known customer):", "Betalingen die niemand kan plaatsen (geen factuur genoemd, IBAN van geen bekende klant):"))</p>\n<ul>\n"
        for what in bank.unplacedPayments { h += "<li>\(e(what.text(lang)))</li>\n" }
        h += "</ul>\n"
      }
    }
    // What Finance takes back to Sales and the billing package.
    let backToSales = { (r: Reason) in r.code == .dueDateConflict || r.code == .reminderBeforeDue }
    let conflicts = report.invoices.indices.filter { report.invoices[$0].reasons.contains(where: backToSales) }
    h += "<h2>\(l.t("Back to Sales and the billing package", "Terug naar Sales en het factuurpakket"))</h2>\n"
    if conflicts.isEmpty {
      h +=
        "<p>\(l.t("No printed due date conflicts with an agreement, and nobody was reminded too early.", "Geen vervaldatum in strijd met een afspraak, en niemand te vroeg herinnerd."))</p>\n"
    } else {
      h +=
        "<table><thead><tr><th>\(l.t("customer", "klant"))</th><th>\(l.t("invoice", "factuur"))</th><th>\(l.t("what", "wat"))</th></tr></thead>\n"
      for k in conflicts.prefix(listLimit) {
        let i = report.invoices[k]
        let what = i.reasons.filter(backToSales).map {
          "\(e(l.reason($0.code))) <code>\($0.code.rawValue)</code>: \(e(l.message($0)))"
        }.joined(separator: "<br>")
        h += "<tr><td>\(e(i.customer)) \(e(i.customerName ?? ""))</td><td>\(e(i.invoice))</td><td>\(what)</td></tr>\n"
      }
      h += "</table>\n" + more(conflicts.count - listLimit, of: conflicts.count, l.t("invoices", "facturen"), l)
    }
    // Who is held and who to remind, and why: work, not counts.
    h += holdList(report, l)
    h += remindList(report, toRemind, l)
    // Review list.
    let reviews = report.debtors.filter { $0.decision == .review }
    h += "<h2 id=\"review\">\(l.t("For review by the account manager", "Ter beoordeling door de accountmanager"))</h2>\n"
    if reviews.isEmpty {
      h += "<p>\(l.t("No strategic customer waits for a decision.", "Geen strategische klant wacht op een besluit."))</p>\n"
    }
    let reviewGroups = byAccountManager(reviews)
    for group in reviewGroups {
      h += managerHeading(group.manager, groups: reviewGroups.count, l)
      for d in group.debtors.prefix(listLimit) { h += reviewCard(d, l) }
      h += more(group.debtors.count - listLimit, of: group.debtors.count, l.t("debtors", "debiteuren"), l)
    }
    // Batch.
    h += "<h2 id=\"batch\">\(l.t("Handover batch", "Overdrachtsbatch"))</h2>\n"
    let handovers = report.debtors.filter { $0.decision == .handover }
    if handovers.isEmpty {
      h += "<p>\(l.t("Nobody is handed over in this run.", "In deze run wordt niemand overgedragen."))</p>\n"
    } else {
      if let batch { h += "<p>\(l.t("Batch", "Batch")) <code>\(e(batch.id))</code>\(batch.agency.map { " · \(e($0))" } ?? "")</p>\n" }
      h +=
        "<table><thead><tr><th>\(l.t("debtor", "debiteur"))</th><th class=\"num\">\(l.t("principal", "hoofdsom"))</th><th class=\"num\">\(l.t("interest", "rente"))</th><th class=\"num\">\(l.t("costs", "kosten"))</th><th class=\"num\">\(l.t("VAT on costs", "btw op kosten"))</th><th class=\"num\">\(l.t("total", "totaal"))</th></tr></thead>\n"
      var totals: [String: [Decimal]] = [:]
      for (n, d) in handovers.enumerated() {
        let c = d.currency
        if n < listLimit {
          h +=
            "<tr><td>\(e(d.customer)) \(e(d.name ?? ""))</td>"
            + [d.principal, d.interest, d.costs, d.costsVAT, d.total].map { "<td class=\"num\">\(e(money($0, c, lang)))</td>" }.joined()
            + "</tr>\n"
        }
        var t = totals[c ?? "?"] ?? [0, 0, 0, 0, 0]
        for (k, v) in [d.principal, d.interest, d.costs, d.costsVAT, d.total].enumerated() { t[k] += v }
        totals[c ?? "?"] = t
      }
      for (currency, t) in totals.sorted(by: { $0.key < $1.key }) {
        h +=
          "<tr><th>\(l.t("total", "totaal")) \(e(currency))</th>"
          + t.map { "<th class=\"num\">\(e(money($0, currency, lang)))</th>" }.joined() + "</tr>\n"
      }
      h += "</table>\n" + more(handovers.count - listLimit, of: handovers.count, l.t("debtors", "debiteuren"), l, totalsAbove: true)
      var rateWarnings = Set<String>()
      for k in report.invoices.indices where report.invoices[k].decision == .handover {
        for advice in report.invoices[k].advice where advice.code == .unconfirmedRate { rateWarnings.insert(advice.text.text(lang)) }
      }
      for warning in rateWarnings.sorted() { h += "<p class=\"muted\">\(l.t("Note", "Let op")): \(e(warning))</p>\n" }
    }
    h +=
      "<p class=\"muted\">\(l.t("Made by Thinline from the billing package's exports and the agreements; every amount to the cent.", "Gemaakt door Thinline uit de exports van het factuurpakket en de afspraken; elk bedrag op de cent."))</p>\n</body>\n</html>\n"
    return h
  }

  /// The most rows a table of the page shows. A page of a million rows opens in no browser and
  /// helps nobody; the lists are in priority order, and decisions.json holds every entry.
  static let listLimit = 1000

  /// Below a table cut at `listLimit`: how many rows it leaves out, and where they are.
  static func more(_ hidden: Int, of total: Int, _ what: String, _ l: Labels, totalsAbove: Bool = false) -> String {
    guard hidden > 0 else { return "" }
    let n = Words(l.lang).number(String(hidden))
    let all = Words(l.lang).number(String(total))
    let totals = totalsAbove ? l.t(" (the totals above count them all)", " (de totalen hierboven tellen ze allemaal mee)") : ""
    return "<p class=\"muted\">"
      + l.t(
        "… and \(n) more \(what) (\(all) in all)\(totals): this page shows the first \(listLimit); decisions.json has every one.",
        "… en nog \(n) \(what) (\(all) in totaal)\(totals): deze pagina toont de eerste \(listLimit); decisions.json bevat ze allemaal.")
      + "</p>\n"
  }

  /// A bar chart: one bar per bucket, its height proportional to the open amount; each bar carries
  /// the exact amount in `data-amount`.
  static func chart(_ sums: [Decimal], currency: String, lang: Language, labels: Labels) -> String {
    let width = 640, height = 220, top = 24, bottom = 40, barWidth = 90, gap = 30
    let max = sums.max() ?? 0
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" style=\"max-width:\(width)px;height:auto\" viewBox=\"0 0 \(width) \(height)\" aria-label=\"\(escape(labels.t("Aging", "Ouderdom"))) \(escape(currency))\" data-currency=\"\(escape(currency))\">\n"
    let colours = ["#7bc48a", "#f2c14e", "#f29e4c", "#e2703a", "#c2412d"]
    let plot = Double(height - top - bottom)
    for (i, amount) in sums.enumerated() {
      let ratio = max > 0 ? NSDecimalNumber(decimal: amount / max).doubleValue : 0  // drawing only; amounts stay exact in data-amount
      let h = Int((plot * ratio).rounded())
      let x = 20 + i * (barWidth + gap)
      let y = height - bottom - h
      svg +=
        "<rect class=\"bar\" data-bucket=\"\(buckets[i])\" data-amount=\"\(amount.moneyText)\" x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(colours[i])\"><title>\(escape(labels.bucket(buckets[i]))): \(escape(money(amount, currency, lang)))</title></rect>\n"
      svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(y - 6)\" text-anchor=\"middle\">\(escape(money(amount, currency, lang)))</text>\n"
      svg +=
        "<text x=\"\(x + barWidth / 2)\" y=\"\(height - bottom + 18)\" text-anchor=\"middle\">\(escape(labels.bucket(buckets[i])))</text>\n"
    }
    svg += "</svg>\n"
    return svg
  }
}
