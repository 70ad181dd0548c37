import Foundation
import ThinlineCore
import ThinlineWriters
import Yams

/// `thinline whatif`: what a policy or agreement change moves. The same inputs are decided twice
/// (or once per sweep value), nothing is written but the comparison.
public enum WhatIf {
  // MARK: Changes

  /// Applies `--set KEY=VALUE` pairs (after a `--variant` file) onto a decision input. Every value
  /// is read by the same code that reads the configuration and agreements files.
  /// - Throws: `InputError` naming the `--set` or the variant file's line.
  public static func apply(sets: [String], variant: String?, to input: DecisionInput) throws(InputError) -> DecisionInput {
    var changed = input
    if let variant { try applyVariant(variant, to: &changed) }
    for set in sets { try applySet(set, to: &changed) }
    return changed
  }

  static func applySet(_ set: String, to input: inout DecisionInput) throws(InputError) {
    let name = "--set \(set)"
    guard let eq = set.firstIndex(of: "="), eq != set.startIndex else {
      throw InputError(
        SourceLocation(file: name), "a change is KEY=VALUE", expected: "policy.handover_after_days=60 or customers.10150.payment_days=60")
    }
    let key = set[..<eq].split(separator: ".").map(String.init)
    let value = String(set[set.index(after: eq)...])
    switch key.first {
    case "policy" where key.count >= 2:
      // policy.strategic.revenue_share=0.05 → "strategic:\n  revenue_share: 0.05"
      var text = ""
      for (depth, part) in key.dropFirst().enumerated() {
        text += String(repeating: "  ", count: depth) + part + ":" + (depth == key.count - 2 ? " " + value : "") + "\n"
      }
      let yaml = try YAMLFile(text: text, name: name)
      input.policy = try Configuration.policy(yaml, yaml.root, base: input.policy)
    case "customers" where key.count == 3:
      let yaml = try YAMLFile(text: key[2] + ": " + value + "\n", name: name)
      try applyCustomer(key[1], yaml: yaml, node: yaml.root, to: &input)
    default:
      throw InputError(
        SourceLocation(file: name), "\"\(key.joined(separator: "."))\" is not a key whatif can change",
        expected: "policy.<key> (policy.handover_after_days, policy.min_amount …) or customers.<id>.<key> (payment_days, strategic …)")
    }
  }

  /// A YAML overlay: `policy:` keys and `customers:` entries (by `id`, only the keys given).
  static func applyVariant(_ path: String, to input: inout DecisionInput) throws(InputError) {
    let yaml = try YAMLFile(path: path)
    for (key, value, _) in try yaml.mapping(yaml.root, allowed: ["policy", "customers"], what: "the variant") {
      if key == "policy" {
        input.policy = try Configuration.policy(yaml, value, base: input.policy)
        continue
      }
      for entry in try yaml.sequence(value, what: "customers") {
        var id: String?
        if case .mapping(let m) = entry {
          for (k, v) in m where (try? yaml.string(k, what: "key")) == "id" { id = try yaml.string(v, what: "id") }
        }
        guard let id else { throw yaml.fail(entry, "a customer without an id", expected: "id: \"10150\" and the keys to change") }
        try applyCustomer(id, yaml: yaml, node: entry, to: &input)
      }
    }
  }

  static func applyCustomer(_ id: String, yaml: YAMLFile, node: Node, to input: inout DecisionInput) throws(InputError) {
    var index = input.agreements.firstIndex { $0.id == id }
    if index == nil {
      input.agreements.append(CustomerAgreement(id: id))
      index = input.agreements.count - 1
    }
    var agreement = input.agreements[index!]
    for (key, value, _) in try yaml.mapping(node, allowed: AgreementsFile.customerKeys, what: "customer \(id)") where key != "id" {
      // A list given in a change replaces the agreed list; it is not added to it.
      switch key {
      case "identifiers": agreement.identifiers = []
      case "ibans": agreement.ibans = []
      case "prices": agreement.prices = []
      case "payment_plan": agreement.paymentPlan = []
      case "disputes": agreement.disputes = []
      default: break
      }
      try AgreementsFile.apply(key, value, to: &agreement, yaml, what: "customer \(id): \(key)")
    }
    input.agreements[index!] = agreement
  }

  // MARK: Totals and comparison

  /// Per decision: debtors, invoices and open money (per currency); and what a handover claims.
  public struct Totals: Equatable, Sendable {
    public var debtors: [Decision: Int] = [:]
    public var invoices: [Decision: Int] = [:]
    public var open: [Decision: [String: Decimal]] = [:]
    public var principal: [String: Decimal] = [:]
    public var interest: [String: Decimal] = [:]
    public var costs: [String: Decimal] = [:]
    public var total: [String: Decimal] = [:]

    public init(_ report: DecisionReport) {
      let tally = DecisionTally(report)
      debtors = tally.debtors
      invoices = tally.invoices
      open = tally.open
      for d in report.debtors where d.decision == .handover {
        let c = d.currency ?? "EUR"
        principal[c, default: 0] += d.principal
        interest[c, default: 0] += d.interest
        costs[c, default: 0] += d.costs + d.costsVAT
        total[c, default: 0] += d.total
      }
    }

    public func money(_ decision: Decision) -> [String: Decimal] { open[decision] ?? [:] }
  }

  public struct DebtorChange: Sendable {
    public var customer: String
    public var name: String?
    public var from: Decision
    public var to: Decision
    public var open: Decimal
    public var overdue: Decimal
    public var currency: String
    public var reasonBefore: String?
    public var reasonAfter: String?
    /// For a debtor in review (before or after): both interests in numbers.
    public var weighing: String?
  }

  /// The review's two interests in one line: what waiting costs against what the customer is worth.
  static func weighing(_ d: DebtorDecision) -> String? {
    guard let f = d.review else { return nil }
    let c = d.currency ?? "EUR"
    let b = f.paymentBehaviour
    let pays =
      b.paidInvoices == 0
      ? "no invoice paid in 12 months"
      : "\(b.paidLate) of \(b.paidInvoices) paid late, on average \(DecimalFormatting.plain(b.averageDaysLate ?? 0, scale: 1)) days"
    return
      "financial: overdue \(f.overdue.moneyText) \(c), 30 more days cost \(f.interestNext30Days.moneyText) \(c) interest, limitation \(f.limitationDate?.description ?? "-"), \(f.brokenPromises) broken promise(s); commercial: revenue 12 months \(f.revenue12Months.moneyText) \(c) (\(DecimalFormatting.plain(DecimalFormatting.roundHalfUp(f.revenueShare * 100, scale: 1), scale: 1)) %), customer since \(f.customerSince?.description ?? "-"), \(pays)"
  }

  public struct Comparison: Sendable {
    public var asOf: CalendarDate
    public var changes: [String]
    public var before: Totals
    public var after: Totals
    public var debtors: [DebtorChange]
  }

  public static func compare(before: DecisionReport, after: DecisionReport, changes: [String]) -> Comparison {
    let old = Dictionary(before.debtors.map { ($0.customer, $0) }, uniquingKeysWith: { a, _ in a })
    // Read by index: iterating the entries would copy each of them.
    var overdueByDebtor: [String: Decimal] = [:]
    for k in after.invoices.indices
    where after.invoices[k].kind == .invoice && after.invoices[k].daysOverdue > 0 && after.invoices[k].open > 0 {
      overdueByDebtor[after.invoices[k].customer, default: 0] += after.invoices[k].open
    }
    let (entriesBefore, entriesAfter) = (entriesByCustomer(before), entriesByCustomer(after))
    var moved: [DebtorChange] = []
    for d in after.debtors {
      guard let was = old[d.customer], was.decision != d.decision else { continue }
      moved.append(
        DebtorChange(
          customer: d.customer, name: d.name, from: was.decision, to: d.decision, open: d.open, overdue: overdueByDebtor[d.customer] ?? 0,
          currency: d.currency ?? "EUR", reasonBefore: deciding(was, before, entriesBefore), reasonAfter: deciding(d, after, entriesAfter),
          weighing: weighing(d) ?? weighing(was)))
    }
    moved.sort { $0.open != $1.open ? $0.open > $1.open : $0.customer < $1.customer }
    return Comparison(asOf: after.asOf, changes: changes, before: Totals(before), after: Totals(after), debtors: moved)
  }

  /// Reasons that explain an amount or a date, not a decision.
  static let informational: Set<ReasonCode> = [
    .termExtended, .dueDateConflict, .defaultTerm, .creditApplied, .partialPayment, .reminderBeforeDue, .invoiceRevised, .bankPayment,
  ]

  /// The reason code that decided a debtor: its own first deciding reason, else the last deciding
  /// reason of its invoices that share its decision; nil for a plain handover (ripe, nothing against it).
  /// - Parameter entries: the report's entry indices per customer (`entriesByCustomer`), so that a
  ///   debtor's invoices are found without reading every entry for every debtor.
  static func deciding(_ d: DebtorDecision, _ report: DecisionReport, _ entries: [String: [Int]]) -> String? {
    if let code = d.reasons.first(where: { !informational.contains($0.code) })?.code { return code.rawValue }
    for k in entries[d.customer] ?? [] where report.invoices[k].decision == d.decision {
      if let code = report.invoices[k].reasons.last(where: { !informational.contains($0.code) })?.code { return code.rawValue }
    }
    return nil
  }

  /// The indices of a report's entries per customer, in the report's order.
  static func entriesByCustomer(_ report: DecisionReport) -> [String: [Int]] {
    var entries: [String: [Int]] = [:]
    for k in report.invoices.indices { entries[report.invoices[k].customer, default: []].append(k) }
    return entries
  }

  // MARK: Sweep

  /// The totals of a decision for each value of a sweep (`KEY=FROM:TO:STEP`) over `input`.
  public static func sweep(_ spec: String, over input: DecisionInput) throws(InputError) -> (
    key: String, values: [String], totals: [Totals]
  ) {
    let (key, values) = try sweepValues(spec)
    var totals: [Totals] = []
    for value in values { totals.append(Totals(DecisionEngine.decide(try apply(sets: ["\(key)=\(value)"], variant: nil, to: input)))) }
    return (key, values, totals)
  }

  /// `KEY=FROM:TO:STEP` → the KEY=VALUE changes, FROM and TO included (at most 200 values).
  public static func sweepValues(_ spec: String) throws(InputError) -> (key: String, values: [String]) {
    let name = "--sweep \(spec)"
    guard let eq = spec.firstIndex(of: "=") else {
      throw InputError(SourceLocation(file: name), "a sweep is KEY=FROM:TO:STEP", expected: "policy.handover_after_days=30:90:15")
    }
    let key = String(spec[..<eq])
    let parts = spec[spec.index(after: eq)...].split(separator: ":").map {
      Decimal(string: String($0), locale: Locale(identifier: "en_US_POSIX"))
    }
    guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2], step > 0, from <= to else {
      throw InputError(
        SourceLocation(file: name), "FROM:TO:STEP must be three numbers with FROM ≤ TO and STEP > 0", expected: "30:90:15")
    }
    var values: [String] = []
    var v = from
    while v <= to {
      values.append(DecimalFormatting.plain(v, scale: max(0, -v.exponent)))
      guard values.count <= 200 else {
        throw InputError(SourceLocation(file: name), "the sweep has more than 200 values", expected: "a larger STEP")
      }
      v += step
    }
    return (key, values)
  }

  // MARK: Output

  static let order: [Decision] = [.handover, .review, .hold, .remind, .notDue, .settled, .handedOver]

  static func money(_ sums: [String: Decimal]) -> String {
    sums.isEmpty ? "0.00" : sums.keys.sorted().map { "\(sums[$0]!.moneyText) \($0)" }.joined(separator: " + ")
  }

  static func difference(_ a: [String: Decimal], _ b: [String: Decimal]) -> [String: Decimal] {
    var d: [String: Decimal] = [:]
    for c in Set(a.keys).union(b.keys) { d[c] = (b[c] ?? 0) - (a[c] ?? 0) }
    return d
  }

  static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
  static func signedMoney(_ sums: [String: Decimal]) -> String {
    sums.keys.sorted().map { (sums[$0]! > 0 ? "+" : "") + "\(sums[$0]!.moneyText) \($0)" }.joined(separator: " + ")
  }

  public static func text(_ c: Comparison) -> String {
    var out = "what if \(c.changes.joined(separator: ", ")) (as of \(c.asOf))\n"
    for decision in order {
      let (b, a) = (c.before, c.after)
      let db = b.debtors[decision] ?? 0, da = a.debtors[decision] ?? 0
      let ib = b.invoices[decision] ?? 0, ia = a.invoices[decision] ?? 0
      guard db + da + ib + ia > 0 else { continue }
      let label = decision.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
      out +=
        "  \(label) debtors \(db) → \(da) (\(signed(da - db))), invoices \(ib) → \(ia) (\(signed(ia - ib))), open \(money(b.money(decision))) → \(money(a.money(decision)))"
      let delta = difference(b.money(decision), a.money(decision)).filter { $0.value != 0 }
      out += delta.isEmpty ? "\n" : " (\(signedMoney(delta)))\n"
    }
    for (label, before, after) in [
      ("principal", c.before.principal, c.after.principal), ("interest", c.before.interest, c.after.interest),
      ("costs", c.before.costs, c.after.costs), ("total", c.before.total, c.after.total),
    ] where !(before.isEmpty && after.isEmpty) {
      out += "  handover \(label): \(money(before)) → \(money(after))\n"
    }
    if c.debtors.isEmpty {
      out += "no debtor's decision changes\n"
    } else {
      out += "debtors whose decision changes (\(c.debtors.count), by open amount):\n"
      for d in c.debtors {
        out +=
          "  \(d.customer) \(d.name ?? ""): \(d.from.rawValue) → \(d.to.rawValue), open \(d.open.moneyText) \(d.currency), overdue \(d.overdue.moneyText) \(d.currency) (\(d.reasonBefore ?? "ripe") → \(d.reasonAfter ?? "ripe"))\n"
        if let weighing = d.weighing { out += "    \(weighing)\n" }
      }
    }
    return out
  }

  static func moneyJSON(_ sums: [String: Decimal]) -> JSONValue {
    .object(sums.keys.sorted().map { ($0, .string(sums[$0]!.moneyText)) })
  }

  static func totalsJSON(_ t: Totals) -> JSONValue {
    .object(
      order.map { decision in
        (
          decision.rawValue,
          .object([
            ("debtors", .int(t.debtors[decision] ?? 0)), ("invoices", .int(t.invoices[decision] ?? 0)),
            ("open", moneyJSON(t.money(decision))),
          ])
        )
      } + [
        (
          "handover_amounts",
          .object([
            ("principal", moneyJSON(t.principal)), ("interest", moneyJSON(t.interest)), ("costs", moneyJSON(t.costs)),
            ("total", moneyJSON(t.total)),
          ])
        )
      ])
  }

  public static func json(_ c: Comparison) -> JSONValue {
    .object([
      ("as_of", .string(c.asOf.description)),
      ("changes", .array(c.changes.map { .string($0) })),
      ("before", totalsJSON(c.before)),
      ("after", totalsJSON(c.after)),
      (
        "difference",
        .object(
          order.map { decision in
            (
              decision.rawValue,
              .object([
                ("debtors", .int((c.after.debtors[decision] ?? 0) - (c.before.debtors[decision] ?? 0))),
                ("invoices", .int((c.after.invoices[decision] ?? 0) - (c.before.invoices[decision] ?? 0))),
                ("open", moneyJSON(difference(c.before.money(decision), c.after.money(decision)))),
              ])
            )
          })
      ),
      (
        "debtors",
        .array(
          c.debtors.map { d in
            .object([
              ("customer", .string(d.customer)), ("name", .optional(d.name)), ("from", .string(d.from.rawValue)),
              ("to", .string(d.to.rawValue)), ("open", .string(d.open.moneyText)), ("overdue", .string(d.overdue.moneyText)),
              ("currency", .string(d.currency)), ("reason_before", .optional(d.reasonBefore)), ("reason_after", .optional(d.reasonAfter)),
              ("weighing", .optional(d.weighing)),
            ])
          })
      ),
    ])
  }

  /// The sweep's table: per value, debtors and money per decision.
  public static func sweepText(key: String, values: [String], totals: [Totals], asOf: CalendarDate) -> String {
    let shown: [Decision] = [.handover, .review, .hold, .remind]
    var out = "sweep \(key) (as of \(asOf)): debtors and open money per decision\n"
    out += "  " + key.padding(toLength: max(12, key.count), withPad: " ", startingAt: 0)
    for d in shown { out += "  " + d.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0) }
    out += "\n"
    for (value, t) in zip(values, totals) {
      out += "  " + value.padding(toLength: max(12, key.count), withPad: " ", startingAt: 0)
      for d in shown {
        out += "  " + "\(t.debtors[d] ?? 0) · \(money(t.money(d)))".padding(toLength: 28, withPad: " ", startingAt: 0)
      }
      out += "\n"
    }
    return out
  }

  public static func sweepJSON(key: String, values: [String], totals: [Totals], asOf: CalendarDate) -> JSONValue {
    .object([
      ("as_of", .string(asOf.description)), ("key", .string(key)),
      ("values", .array(zip(values, totals).map { .object([("value", .string($0)), ("totals", totalsJSON($1))]) })),
    ])
  }

  /// A self-contained page: the money handed over, in review, held and reminded against the value.
  public static func sweepHTML(key: String, values: [String], totals: [Totals], asOf: CalendarDate) -> String {
    let series: [(Decision, String)] = [(.handover, "#c0392b"), (.review, "#8e44ad"), (.hold, "#d68910"), (.remind, "#2471a3")]
    func amount(_ t: Totals, _ d: Decision) -> Decimal { t.money(d).values.reduce(0, +) }
    let top = max(Decimal(1), totals.flatMap { t in series.map { amount(t, $0.0) } }.max() ?? 1)
    let width = 640.0, height = 300.0, left = 70.0, bottom = 40.0
    func x(_ i: Int) -> Double { left + (width - left - 20) * (values.count > 1 ? Double(i) / Double(values.count - 1) : 0.5) }
    func y(_ v: Decimal) -> Double { (height - bottom) - (height - bottom - 20) * NSDecimalNumber(decimal: v / top).doubleValue }
    var svg =
      "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"open money per decision against \(MarkupText.escape(key))\">"
    svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#888\"/>"
    svg += "<text x=\"4\" y=\"24\">\(MarkupText.escape(top.moneyText))</text><text x=\"4\" y=\"\(height - bottom)\">0.00</text>"
    for (i, value) in values.enumerated() {
      svg += "<text x=\"\(x(i))\" y=\"\(height - 16)\" text-anchor=\"middle\">\(MarkupText.escape(value))</text>"
    }
    for (n, (decision, colour)) in series.enumerated() {
      let points = totals.enumerated().map { "\(x($0.offset)),\(y(amount($0.element, decision)))" }.joined(separator: " ")
      svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points)\"/>"
      svg += "<text x=\"\(left + 10 + Double(n) * 130)\" y=\"14\" fill=\"\(colour)\">\(decision.rawValue)</text>"
    }
    svg += "</svg>"
    var rows = ""
    for (value, t) in zip(values, totals) {
      rows +=
        "<tr><td>\(MarkupText.escape(value))</td>"
        + series.map { "<td class=\"num\">\((t.debtors[$0.0] ?? 0)) · \(MarkupText.escape(money(t.money($0.0))))</td>" }.joined()
        + "</tr>\n"
    }
    return """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
      <title>Thinline what-if: \(MarkupText.escape(key))</title>
      <style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2733}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #dde3ea}.num{text-align:right}svg text{font:12px system-ui,sans-serif}div.scroll{overflow-x:auto}</style>
      </head><body>
      <h1>What if \(MarkupText.escape(key)) moves</h1>
      <p>As of \(asOf): the open money handed over, in review, held and reminded for each value (nothing was written or handed over).</p>
      \(svg)
      <div class="scroll"><table><tr><th>\(MarkupText.escape(key))</th>\(series.map { "<th>\($0.0.rawValue)</th>" }.joined())</tr>
      \(rows)</table></div>
      </body></html>

      """
  }
}
