import Foundation
import ThinlineCore
import ThinlineWriters

/// `thinline claim`: statutory interest and collection costs for one claim, with the working a
/// person can check by hand.
public enum Claim {
  public typealias Format = SummaryFormat

  /// `--principal`: a positive amount as written (`1210.00`).
  public static func principal(_ text: String) throws(UsageError) -> Decimal {
    guard let amount = ExactDecimal(xsDecimal: text), amount.value > 0 else {
      throw UsageError("--principal \(text) is not a positive amount (expected e.g. 1210.00)")
    }
    return amount.value
  }

  /// `--contractual`: a yearly rate (`0.08`, `8%`), read as the agreements' `interest` is.
  public static func contractualRate(_ text: String?) throws(UsageError) -> Decimal? {
    guard let text else { return nil }
    switch YearlyRate.parse(text) {
    case .success(let rate): return rate
    case .failure(.notARate): throw UsageError("--contractual \(text) is not a rate (expected 0.08 or 8%)")
    case .failure(.notBelowOne): throw UsageError("--contractual \(text) is 100 % or more a year (expected 0.08 or 8%)")
    }
  }

  public struct Request: Sendable {
    public var principal: Decimal
    public var due: CalendarDate
    public var asOf: CalendarDate
    public var consumer: Bool
    public var kind: InterestKind
    public var contractualRate: Decimal?
    public var businessCosts: BusinessCostsPolicy
    public var vatOnCosts: Bool
    public var rates: StatutoryInterestRates

    public init(
      principal: Decimal, due: CalendarDate, asOf: CalendarDate, consumer: Bool, kind: InterestKind?,
      contractualRate: Decimal?, businessCosts: BusinessCostsPolicy = .bik, vatOnCosts: Bool = false,
      rates: StatutoryInterestRates = .shipped
    ) {
      self.principal = principal
      self.due = due
      self.asOf = asOf
      self.consumer = consumer
      self.kind = contractualRate != nil ? .contractual : (kind ?? (consumer ? .nonCommercial : .commercial))
      self.contractualRate = contractualRate
      self.businessCosts = businessCosts
      self.vatOnCosts = vatOnCosts
      self.rates = rates
    }
  }

  public struct Result: Sendable {
    public var request: Request
    public var interest: InterestCalculation
    public var costs: CostsCalculation
    public var warnings: [String]
    public var total: Decimal { request.principal + interest.amount + costs.amount + costs.vat }
  }

  public static func compute(_ r: Request) -> Result {
    let interest = Interest.compute(
      principal: r.principal, effectiveDueDate: r.due, asOf: r.asOf, kind: r.kind, contractualRate: r.contractualRate,
      rates: r.rates)
    let costs =
      r.consumer
      ? CollectionCosts.bik(principal: r.principal, vatOnCosts: r.vatOnCosts)
      : CollectionCosts.business(principals: [r.principal], policy: r.businessCosts, vatOnCosts: r.vatOnCosts)
    var warnings = interest.warnings
    if r.consumer {
      warnings.append(
        "consumer: the costs are due only after a correct 14-day letter (art. 6:96 lid 6 BW) whose 14 days, counted from the day after receipt, have passed; claims reminded together are costed over their summed principal"
      )
    }
    if r.asOf <= r.due { warnings.append("not yet overdue on \(r.asOf): no interest; costs would only be due after default") }
    if let limitation = LegalAdvice.limitationWarning(effectiveDueDate: r.due, asOf: r.asOf, consumer: r.consumer) {
      warnings.append(limitation.english)
    }
    return Result(request: r, interest: interest, costs: costs, warnings: warnings)
  }

  static func money(_ d: Decimal) -> String { d.moneyText }

  /// The rate as a percentage with as many decimals as it has (10.15 %).
  static func percent(_ rate: Decimal) -> String {
    var text = DecimalFormatting.plain(rate * 100, scale: 0)
    if text.contains(".") { while text.hasSuffix("0") { text.removeLast() }; if text.hasSuffix(".") { text.removeLast() } }
    return text + " %"
  }

  static func rateText(_ rate: Decimal) -> String { DecimalFormatting.plain(rate, scale: 0) }

  public static func json(_ result: Result) -> JSONValue {
    let r = result.request
    return .object([
      ("as_of", .string(r.asOf.description)),
      ("due", .string(r.due.description)),
      ("consumer", .bool(r.consumer)),
      ("principal", .string(money(r.principal))),
      ("interest", .string(money(result.interest.amount))),
      ("costs", .string(money(result.costs.amount))),
      ("costs_vat", .string(money(result.costs.vat))),
      ("total", .string(money(result.total))),
      ("rate_kind", .string(r.kind.rawValue)),
      ("interest_from", .string(result.interest.firstDay.description)),
      ("interest_to", .string(r.asOf.description)),
      (
        "periods",
        .array(
          result.interest.segments.map { s in
            .object([
              ("from", .string(s.from.description)), ("to", .string(s.to.description)), ("days", .int(s.days)),
              ("rate", .string(rateText(s.rate))), ("base", .string(money(s.base))), ("interest", .string(money(s.interest))),
              ("year", .int(s.year)), ("rate_confirmed", .bool(s.rateConfirmed)),
            ])
          })
      ),
      (
        "bands",
        .array(
          result.costs.bands.map { b in
            .object([
              ("from", .string(money(b.from))), ("to", .string(money(b.to))), ("rate", .string(rateText(b.rate))),
              ("amount", .string(money(b.amount))),
            ])
          })
      ),
      ("notes", .array(result.costs.notes.map { .string($0) })),
      ("rates_source", .string(r.rates.source)),
      ("rates_last_checked", .string(r.rates.lastChecked.description)),
      ("warnings", .array(result.warnings.map { .string($0) })),
    ])
  }

  public static func text(_ result: Result) -> String {
    let r = result.request
    var out: [String] = []
    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
    func padRight(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    out.append("Claim of \(money(r.principal)), due \(r.due), as of \(r.asOf) (\(r.consumer ? "consumer" : "business"))")
    out.append("")
    let kindText: String
    switch r.kind {
    case .commercial: kindText = "statutory commercial interest, art. 6:119a BW"
    case .nonCommercial: kindText = "statutory interest, art. 6:119 BW"
    case .contractual: kindText = "contractual interest at \(percent(r.contractualRate ?? 0)) a year"
    }
    out.append("Interest: \(kindText)")
    if result.interest.segments.isEmpty {
      out.append("  none: interest starts on \(result.interest.firstDay)")
    } else {
      out.append("  every day from \(result.interest.firstDay) through \(r.asOf): base × rate / 365; capitalised on each anniversary")
      out.append(
        "  " + padRight("year", 5) + padRight("from", 12) + padRight("to", 12) + pad("days", 5) + pad("rate", 10) + pad("base", 14)
          + pad("interest", 12))
      var lastYear = 0
      for s in result.interest.segments {
        let yearLabel = s.year != lastYear ? String(s.year) : ""
        lastYear = s.year
        let flag = s.rateConfirmed ? "" : "  (rate unconfirmed)"
        out.append(
          "  " + padRight(yearLabel, 5) + padRight(s.from.description, 12) + padRight(s.to.description, 12) + pad(String(s.days), 5)
            + pad(percent(s.rate), 10) + pad(money(s.base), 14)
            + pad(DecimalFormatting.plain(DecimalFormatting.roundHalfUp(s.interest, scale: 4), scale: 4), 12) + flag)
      }
      out.append("  " + padRight("total (rounded once, half up)", 48) + pad(money(result.interest.amount), 12))
    }
    out.append("")
    out.append(
      "Collection costs: \(r.consumer || r.businessCosts == .bik ? "BIK scale (Stb. 2012, 141), minimum 40.00, maximum 6,775.00" : "policy \(r.businessCosts.rawValue)")"
    )
    for b in result.costs.bands {
      out.append("  " + padRight("\(money(b.from)) – \(money(b.to))", 28) + pad(percent(b.rate), 8) + pad(money(b.amount), 12))
    }
    for note in result.costs.notes { out.append("  \(note)") }
    out.append("  " + padRight("costs", 36) + pad(money(result.costs.amount), 12))
    if result.costs.vat > 0 { out.append("  " + padRight("VAT on costs (21 %)", 36) + pad(money(result.costs.vat), 12)) }
    out.append("")
    out.append(padRight("Principal", 38) + pad(money(r.principal), 12))
    out.append(padRight("Interest", 38) + pad(money(result.interest.amount), 12))
    out.append(padRight("Collection costs", 38) + pad(money(result.costs.amount), 12))
    if result.costs.vat > 0 { out.append(padRight("VAT on costs", 38) + pad(money(result.costs.vat), 12)) }
    out.append(padRight("Total", 38) + pad(money(result.total), 12))
    if !result.warnings.isEmpty {
      out.append("")
      for w in result.warnings { out.append("warning: \(w)") }
    }
    out.append("")
    out.append("Rates: \(r.rates.source); table last checked \(r.rates.lastChecked).")
    return out.joined(separator: "\n") + "\n"
  }
}

/// Reads a user's rate table (`--rates FILE`, JSON per schemas/statutory-interest-rates.schema.json).
public enum RateTableFile {
  /// - Throws: `InputError` naming the file and the field that is wrong.
  public static func load(_ path: String) throws(InputError) -> StatutoryInterestRates {
    let file = InputFile(name: path, path: path)
    let bytes = try InputFiles.read(file)
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
      throw InputError(SourceLocation(file: path), "not valid JSON", expected: "a rate table as in schemas/statutory-interest-rates.json")
    }
    guard let root = object as? [String: Any] else {
      throw InputError(
        SourceLocation(file: path), "the top level is not an object", expected: "{\"source\": …, \"last_checked\": …, \"periods\": […]}")
    }
    func date(_ value: Any?, _ field: String) throws(InputError) -> CalendarDate {
      guard let text = value as? String, let d = CalendarDate(iso: text) else {
        throw InputError(SourceLocation(file: path, path: field), "\(field) is not a date", expected: "YYYY-MM-DD")
      }
      return d
    }
    func rate(_ value: Any?, _ field: String) throws(InputError) -> Decimal {
      guard let text = value as? String, let r = ExactDecimal(xsDecimal: text), r.value >= 0, r.value < 1 else {
        throw InputError(
          SourceLocation(file: path, path: field), "\(field) is not a rate", expected: "a fraction as a string, e.g. \"0.1015\" for 10.15 %"
        )
      }
      return r.value
    }
    let known: Set<String> = ["$comment", "source", "last_checked", "confirmed_through", "periods"]
    if let unknown = root.keys.sorted().first(where: { !known.contains($0) }) {
      throw InputError(
        SourceLocation(file: path, path: unknown), "unknown key \"\(unknown)\"",
        expected: "one of \(known.sorted().joined(separator: ", "))")
    }
    guard let source = root["source"] as? String else {
      throw InputError(SourceLocation(file: path, path: "source"), "source is missing", expected: "where the rates come from")
    }
    let lastChecked = try date(root["last_checked"], "last_checked")
    let confirmedThrough = root["confirmed_through"] == nil ? nil : try date(root["confirmed_through"], "confirmed_through")
    guard let rows = root["periods"] as? [[String: Any]], !rows.isEmpty else {
      throw InputError(
        SourceLocation(file: path, path: "periods"), "periods is missing or empty", expected: "a list of {from, non_commercial, commercial}"
      )
    }
    var periods: [StatutoryInterestRates.Period] = []
    for (i, row) in rows.enumerated() {
      let at = "periods[\(i)]"
      periods.append(
        .init(
          from: try date(row["from"], at + ".from"), nonCommercial: try rate(row["non_commercial"], at + ".non_commercial"),
          commercial: try rate(row["commercial"], at + ".commercial"), confirmed: (row["confirmed"] as? Bool) ?? true))
    }
    return StatutoryInterestRates(periods: periods, source: source, lastChecked: lastChecked, confirmedThrough: confirmedThrough)
  }
}
