import Foundation
import ThinlineCSV
import ThinlineCore
import Yams

/// The configuration file (`--config`, see the README and fixtures/demo-settings/thinline.yaml). Paths in it are
/// relative to the file. Every policy number has the default of rules.md.
public struct Configuration: Sendable {
  public struct Agency: Sendable {
    public var name: String?
    public var formats: [String] = ["xml", "json", "csv"]
    /// Copy the source documents into the batch (`sources/`) instead of referencing them.
    public var copySources = false
    /// The dossier CSV: `;` with a byte-order mark and decimal commas for Dutch Excel by default.
    public var csvDelimiter: Character = ";"
    public var csvByteOrderMark = true
    /// The agency's role under the GDPR for the manifest's data_protection block: `processor`
    /// (collects on the creditor's behalf, the usual case) or `controller`.
    public var role = "processor"
    /// Line texts reveal sensitive facts (care, legal, medical): the delivery carries none — CSV
    /// excerpts without their description column, UBL sources and their PDFs withheld (referenced
    /// by checksum, provided on request).
    public var redactLineDescriptions = false
  }

  public var file: String?
  public var inbox: String?
  public var outbox: String?
  public var archive: String?
  public var quarantine: String?
  public var ledger: String?
  public var settleSeconds = 60
  /// Inbox entries that are symbolic links are refused unless this is set; even then only links
  /// to regular files inside the inbox are taken.
  public var followSymlinks = false
  /// Inbox files larger than this are quarantined unread.
  public var maxFileBytes = InputFiles.defaultMaximumSize
  /// Also write a row per document, payment and reminder taken into the ledger's tables
  /// `document`, `payment` and `reminder`, for people who query the ledger with SQL (a night
  /// decides from the records, not from these).
  public var ledgerSummary = false
  public var agreements: String?
  public var approvals: String?
  public var rates: String?
  public var creditor = Creditor()
  public var policy = Policy()
  public var agency = Agency()
  /// The report's language: nl or en (default nl).
  public var language = "nl"
  /// Column mappings for CSV exports no profile knows (`csv:`), tried before the profiles.
  public var csvMappings: [CSVProfile] = []
  /// The `csv:` section as written: the ledger's records say which one they were read with.
  public var csvMappingsText = ""

  public init() {}

  static let topKeys = [
    "inbox", "outbox", "archive", "quarantine", "ledger", "settle_seconds", "agreements", "approvals", "rates", "creditor",
    "policy", "agency", "language", "csv", "follow_symlinks", "max_file_bytes", "ledger_summary",
  ]

  /// - Throws: `InputError` naming the file, line and key that is wrong.
  public static func load(_ path: String) throws(InputError) -> Configuration {
    let yaml = try YAMLFile(path: path)
    var config = Configuration()
    config.file = path
    let base = URL(fileURLWithPath: path).deletingLastPathComponent()
    func resolve(_ node: Node, _ what: String) throws(InputError) -> String {
      let value = try yaml.string(node, what: what)
      return value.hasPrefix("/") ? value : base.appendingPathComponent(value).path
    }
    for (key, value, _) in try yaml.mapping(yaml.root, allowed: topKeys, what: "the configuration") {
      switch key {
      case "inbox": config.inbox = try resolve(value, key)
      case "outbox": config.outbox = try resolve(value, key)
      case "archive": config.archive = try resolve(value, key)
      case "quarantine": config.quarantine = try resolve(value, key)
      case "ledger": config.ledger = try resolve(value, key)
      case "agreements": config.agreements = try resolve(value, key)
      case "approvals": config.approvals = try resolve(value, key)
      case "rates": config.rates = try resolve(value, key)
      case "settle_seconds": config.settleSeconds = try yaml.integer(value, what: key, maximum: 7 * 86400, unit: "seconds")
      case "language":
        let text = try yaml.string(value, what: key)
        guard text == "nl" || text == "en" else { throw yaml.fail(value, "language \"\(text)\" is not nl or en", expected: "nl or en") }
        config.language = text
      case "csv":
        config.csvMappings = try csvMappings(yaml, value)
        config.csvMappingsText = (try? Yams.serialize(node: value)) ?? "\(value)"
      case "follow_symlinks": config.followSymlinks = try yaml.bool(value, what: key)
      case "ledger_summary": config.ledgerSummary = try yaml.bool(value, what: key)
      case "max_file_bytes": config.maxFileBytes = try yaml.integer(value, what: key, maximum: 4 * 1024 * 1024 * 1024, unit: "bytes")
      case "creditor": config.creditor = try creditor(yaml, value)
      case "policy": config.policy = try policy(yaml, value)
      case "agency":
        let agencyKeys = ["name", "formats", "copy_sources", "csv_delimiter", "csv_bom", "role", "redact_line_descriptions"]
        for (k, v, _) in try yaml.mapping(value, allowed: agencyKeys, what: "agency") {
          if k == "name" { config.agency.name = try yaml.string(v, what: "agency.name") }
          if k == "copy_sources" { config.agency.copySources = try yaml.bool(v, what: "agency.copy_sources") }
          if k == "redact_line_descriptions" {
            config.agency.redactLineDescriptions = try yaml.bool(v, what: "agency.redact_line_descriptions")
          }
          if k == "role" {
            let role = try yaml.string(v, what: "agency.role")
            guard role == "processor" || role == "controller" else {
              throw yaml.fail(v, "agency.role \"\(role)\" is not processor or controller", expected: "processor or controller")
            }
            config.agency.role = role
          }
          if k == "csv_bom" { config.agency.csvByteOrderMark = try yaml.bool(v, what: "agency.csv_bom") }
          if k == "csv_delimiter" {
            let text = try yaml.string(v, what: "agency.csv_delimiter")
            guard [";", ",", "\t", "|"].contains(text) || text == "tab" else {
              throw yaml.fail(v, "agency.csv_delimiter \"\(text)\" is not a delimiter", expected: "; , tab or |")
            }
            config.agency.csvDelimiter = text == "tab" ? "\t" : Character(text)
          }
          if k == "formats" {
            let formats = try yaml.strings(v, what: "agency.formats")
            if let bad = formats.first(where: { !["xml", "json", "csv"].contains($0) }) {
              throw yaml.fail(v, "agency.formats: \"\(bad)\" is not a format Thinline writes", expected: "xml, json, csv")
            }
            config.agency.formats = formats
          }
        }
      default: break
      }
    }
    return config
  }

  static func creditor(_ yaml: YAMLFile, _ node: Node) throws(InputError) -> Creditor {
    var c = Creditor()
    let keys = ["name", "kvk", "vat", "iban", "address", "contact", "vat_deductible"]
    for (key, value, _) in try yaml.mapping(node, allowed: keys, what: "creditor") {
      switch key {
      case "name": c.name = try yaml.string(value, what: "creditor.name")
      case "kvk": c.kvk = try yaml.string(value, what: "creditor.kvk")
      case "vat": c.vat = try yaml.string(value, what: "creditor.vat")
      case "iban": c.iban = try yaml.string(value, what: "creditor.iban")
      case "vat_deductible": c.vatDeductible = try yaml.bool(value, what: "creditor.vat_deductible")
      case "address":
        for (k, v, _) in try yaml.mapping(value, allowed: ["street", "postcode", "city", "country"], what: "creditor.address") {
          let text = try yaml.string(v, what: "creditor.address.\(k)")
          switch k {
          case "street": c.street = text
          case "postcode": c.postcode = text
          case "city": c.city = text
          default: c.country = text
          }
        }
      case "contact":
        for (k, v, _) in try yaml.mapping(value, allowed: ["name", "email", "phone"], what: "creditor.contact") {
          let text = try yaml.string(v, what: "creditor.contact.\(k)")
          switch k {
          case "name": c.contactName = text
          case "email": c.email = text
          default: c.phone = text
          }
        }
      default: break
      }
    }
    return c
  }

  /// The `policy:` mapping read onto `base` (the defaults, or for `whatif` the policy in force).
  static func policy(_ yaml: YAMLFile, _ node: Node, base: Policy = Policy()) throws(InputError) -> Policy {
    var p = base
    let keys = [
      "default_payment_days", "handover_after_days", "min_reminders", "min_amount", "price_tolerance", "on_price_discrepancy",
      "plan_grace_days", "business_costs", "delivery_days", "strategic", "bank_match_days",
    ]
    for (key, value, _) in try yaml.mapping(node, allowed: keys, what: "policy") {
      let what = "policy.\(key)"
      switch key {
      case "default_payment_days": p.defaultPaymentDays = try yaml.integer(value, what: what)
      case "handover_after_days": p.handoverAfterDays = try yaml.integer(value, what: what)
      case "min_reminders": p.minReminders = try yaml.integer(value, what: what, maximum: 100, unit: "reminders")
      case "plan_grace_days": p.planGraceDays = try yaml.integer(value, what: what)
      case "bank_match_days": p.bankMatchDays = try yaml.integer(value, what: what, maximum: 60, unit: "days")
      case "min_amount": p.minAmount = try yaml.decimal(value, what: what)
      case "price_tolerance": p.priceTolerance = try yaml.decimal(value, what: what)
      case "on_price_discrepancy":
        let text = try yaml.string(value, what: what)
        guard let v = Policy.PriceDiscrepancy(rawValue: text) else {
          throw yaml.fail(value, "\(what) \"\(text)\" is not a choice", expected: "hold or handover_undisputed")
        }
        p.onPriceDiscrepancy = v
      case "business_costs":
        let text = try yaml.string(value, what: what)
        guard let v = BusinessCostsPolicy(rawValue: text) else {
          throw yaml.fail(value, "\(what) \"\(text)\" is not a choice", expected: "bik, flat40 or none")
        }
        p.businessCosts = v
      case "delivery_days":
        for (k, v, _) in try yaml.mapping(value, allowed: ["post", "email"], what: what) {
          let days = try yaml.integer(v, what: "\(what).\(k)")
          if k == "post" { p.deliveryDays.post = days } else { p.deliveryDays.email = days }
        }
      case "strategic":
        for (k, v, _) in try yaml.mapping(value, allowed: ["revenue_share", "revenue"], what: what) {
          if k == "revenue_share" {
            p.strategicRevenueShare = try yaml.rate(v, what: "\(what).revenue_share")
          } else {
            p.strategicRevenue = try yaml.decimal(v, what: "\(what).revenue")
          }
        }
      default: break
      }
    }
    return p
  }
}

/// The agreements file (`customers:`): what Sales negotiated. A typo must never silently change a
/// decision, so unknown keys and bad values are errors naming the file, the line and the customer.
public enum AgreementsFile {
  static let customerKeys = [
    "id", "identifiers", "name", "consumer", "payment_days", "prices", "payment_plan", "paused_until", "never_handover",
    "strategic", "account_manager", "interest", "disputes", "notes", "currency", "ibans",
  ]

  /// ISO 4217 codes Thinline accepts for an agreement's currency.
  static let currencies: Set<String> = [
    "EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN", "CZK", "HUF", "RON", "BGN", "ISK", "JPY", "CAD", "AUD", "NZD", "CNY",
    "HKD", "SGD", "ZAR", "TRY", "INR", "BRL", "MXN",
  ]

  /// - Throws: `InputError` naming the file, line and customer.
  public static func load(_ path: String) throws(InputError) -> [CustomerAgreement] {
    let yaml = try YAMLFile(path: path)
    var customersNode: Node? = nil
    for (key, value, _) in try yaml.mapping(yaml.root, allowed: ["customers"], what: "the agreements") where key == "customers" {
      customersNode = value
    }
    guard let customersNode else { return [] }
    var agreements: [CustomerAgreement] = []
    var ids: [String: Int] = [:]
    var identifierOwner: [String: String] = [:]
    for entry in try yaml.sequence(customersNode, what: "customers") {
      let line = entry.mark?.line ?? 0
      // Find the id first, so that every later message can name the customer.
      var id: String? = nil
      if case .mapping(let m) = entry {
        for (k, v) in m where (try? yaml.string(k, what: "key")) == "id" { id = try yaml.string(v, what: "id") }
      }
      guard let id, !id.isEmpty else { throw yaml.fail(entry, "a customer without an id", expected: "id: \"10023\" (the customer number)") }
      let who = "customer \(id)"
      if let first = ids[id] { throw yaml.fail(entry, "\(who) appears twice (first on line \(first))") }
      ids[id] = line
      var a = CustomerAgreement(id: id)
      a.location = yaml.location(entry)
      for (key, value, _) in try yaml.mapping(entry, allowed: customerKeys, what: who) {
        try apply(key, value, to: &a, yaml, what: "\(who): \(key)")
      }
      // Two customers with one identifier would make invoices ambiguous: refuse the file.
      for raw in [id] + a.identifiers {
        let key = CustomerIndex.normalisedKey(raw)
        if let other = identifierOwner[key], other != id {
          throw yaml.fail(
            entry, "\(who): identifier \"\(raw)\" also belongs to customer \(other)", expected: "each identifier under one customer")
        }
        identifierOwner[key] = id
      }
      agreements.append(a)
    }
    return agreements
  }

  /// One key of a customer's agreement, validated (the agreements file and `whatif --set`).
  static func apply(_ key: String, _ value: Node, to a: inout CustomerAgreement, _ yaml: YAMLFile, what: String) throws(InputError) {
    switch key {
    case "id": break
    case "identifiers": a.identifiers = try yaml.strings(value, what: what)
    case "ibans":
      for (n, text) in try yaml.strings(value, what: what).enumerated() {
        guard let iban = PaymentReferences.iban(text) else {
          throw InputError(
            yaml.location(value), "\(what)[\(n)] \"\(text)\" is not an IBAN (its check digits do not add up)",
            expected: "an IBAN such as NL91ABNA0417164300")
        }
        a.ibans.append(iban)
      }
    case "name": a.name = try yaml.string(value, what: what)
    case "consumer": a.consumer = try yaml.bool(value, what: what)
    case "payment_days": a.paymentDays = try yaml.integer(value, what: what)
    case "paused_until": a.pausedUntil = try yaml.date(value, what: what)
    case "never_handover": a.neverHandover = try yaml.bool(value, what: what)
    case "strategic": a.strategic = try yaml.bool(value, what: what)
    case "account_manager": a.accountManager = try yaml.string(value, what: what)
    case "interest": a.interest = try yaml.rate(value, what: what)
    case "notes": a.notes = try yaml.string(value, what: what)
    case "currency":
      let code = try yaml.string(value, what: what).uppercased()
      guard currencies.contains(code) else {
        throw yaml.fail(value, "\(what) \"\(code)\" is not a currency Thinline knows", expected: "an ISO 4217 code such as EUR")
      }
      a.currency = code
    case "prices":
      for e in try yaml.entries(value, keys: ["item", "price", "from", "until"], what: what) {
        let (item, price, from, until) = (try e.string("item"), try e.decimal("price"), try e.date("from"), try e.date("until"))
        guard let item, let price else { throw e.fail("an entry needs item and price", expected: "{item: SUP-GOLD, price: \"450.00\"}") }
        a.prices.append(.init(item: item, price: price, from: from, until: until))
      }
    case "payment_plan":
      for e in try yaml.entries(value, keys: ["date", "amount"], what: what, entry: "installment") {
        let (date, amount) = (try e.date("date"), try e.decimal("amount"))
        guard let date, let amount, amount > 0 else {
          throw e.fail("an installment needs a date and a positive amount", expected: "{date: 2026-10-01, amount: \"100.00\"}")
        }
        a.paymentPlan.append(.init(date: date, amount: amount))
      }
    case "disputes":
      for e in try yaml.entries(value, keys: ["invoice", "note"], what: what) {
        let (invoice, note) = (try e.string("invoice"), try e.string("note"))
        guard let invoice else { throw e.fail("an entry needs the invoice", expected: "{invoice: F2026-0412, note: …}") }
        a.disputes.append(.init(invoice: invoice, note: note))
      }
    default: break
    }
  }
}

/// The account managers' approvals: CSV (`customer,decision,by,date,until,note`) or YAML (`approvals:`).
public enum ApprovalsFile {
  /// - Throws: `InputError` naming the file and line.
  public static func load(_ path: String) throws(InputError) -> [Approval] {
    if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { return try loadYAML(path) }
    let bytes = try InputFiles.read(InputFile(name: path, path: path))
    let table = try CSVTable.read(bytes, source: path)
    var approvals: [Approval] = []
    for row in table.rows {
      func fail(_ message: String, expected: String? = nil) -> InputError {
        InputError(SourceLocation(file: path, line: row.line), message, expected: expected)
      }
      guard let customer = table.value(row, ["customer", "klant", "klantnummer", "customer_number"]) else {
        throw fail("no customer", expected: "the customer's id as in the agreements")
      }
      let decisionText = table.value(row, ["decision", "besluit"]) ?? ""
      guard let decision = Approval.Decision(rawValue: decisionText.lowercased()) else {
        throw fail("customer \(customer): decision \"\(decisionText)\" is not handover or hold", expected: "handover or hold")
      }
      // Dutch Excel saves dates as DD-MM-YYYY: accepted beside YYYY-MM-DD, and a bad one is named.
      guard let dateText = table.value(row, ["date", "datum"]) else {
        throw fail(
          "customer \(customer): the date column (date/datum) is empty", expected: "the date of the decision, YYYY-MM-DD or DD-MM-YYYY")
      }
      guard let date = approvalDate(dateText), date.isPlausible else {
        throw fail(
          "customer \(customer): date \"\(dateText)\" is not a date", expected: "YYYY-MM-DD or DD-MM-YYYY, e.g. 2026-11-20 or 20-11-2026")
      }
      var until: CalendarDate? = nil
      if let text = table.value(row, ["until", "tot"]) {
        guard let d = approvalDate(text), d.isPlausible else {
          throw fail("customer \(customer): until \"\(text)\" is not a date", expected: "YYYY-MM-DD or DD-MM-YYYY")
        }
        until = d
      }
      var approval = Approval(
        customer: customer, decision: decision, by: table.value(row, ["by", "door"]), date: date, until: until,
        note: table.value(row, ["note", "notitie", "opmerking"]))
      approval.location = SourceLocation(file: path, line: row.line)
      approvals.append(approval)
    }
    return approvals
  }

  /// `2026-11-20`, or `20-11-2026` / `20/11/2026` / `20.11.2026` (day first, as Dutch Excel writes).
  static func approvalDate(_ text: String) -> CalendarDate? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if let iso = CalendarDate(iso: t) { return iso }
    let parts = t.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
    guard parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
    return CalendarDate(year: y, month: m, day: d)
  }

  static func loadYAML(_ path: String) throws(InputError) -> [Approval] {
    let yaml = try YAMLFile(path: path)
    var approvals: [Approval] = []
    for (key, value, _) in try yaml.mapping(yaml.root, allowed: ["approvals"], what: "the approvals") where key == "approvals" {
      for entry in try yaml.sequence(value, what: "approvals") {
        var customer: String? = nil
        var decision: Approval.Decision? = nil
        var by: String? = nil
        var date: CalendarDate? = nil
        var until: CalendarDate? = nil
        var note: String? = nil
        for (k, v, _) in try yaml.mapping(entry, allowed: ["customer", "decision", "by", "date", "until", "note"], what: "an approval") {
          switch k {
          case "customer": customer = try yaml.string(v, what: "customer")
          case "decision":
            let text = try yaml.string(v, what: "decision")
            guard let d = Approval.Decision(rawValue: text) else {
              throw yaml.fail(v, "decision \"\(text)\" is not handover or hold", expected: "handover or hold")
            }
            decision = d
          case "by": by = try yaml.string(v, what: "by")
          case "date": date = try yaml.date(v, what: "date")
          case "until": until = try yaml.date(v, what: "until")
          default: note = try yaml.string(v, what: "note")
          }
        }
        guard let customer, let decision, let date else {
          throw yaml.fail(
            entry, "an approval needs customer, decision and date", expected: "{customer: \"10023\", decision: hold, date: 2026-11-20}")
        }
        var approval = Approval(customer: customer, decision: decision, by: by, date: date, until: until, note: note)
        approval.location = yaml.location(entry)
        approvals.append(approval)
      }
    }
    return approvals
  }
}

extension Configuration {
  /// The `csv:` mappings of an optional configuration file (none without one).
  public static func csvMappings(of path: String?) throws(InputError) -> [CSVProfile] {
    guard let path else { return [] }
    return try load(path).csvMappings
  }
}
