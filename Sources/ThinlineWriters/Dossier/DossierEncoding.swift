import Foundation
import ThinlineCore

/// The batch as JSON, XML and CSV. The three carry the same facts; the JSON is the reference
/// (schemas/handover.schema.json), the XML mirrors it element for element (schemas/handover.xsd).
public enum DossierEncoding {
  static func money(_ d: Decimal) -> String { d.moneyText }

  // MARK: A neutral tree both JSON and XML are written from

  /// A node of the dossier: a value, a list of named children, or a repeated element.
  indirect enum Node: Sendable {
    case text(String?)
    case number(String)
    case bool(Bool)
    case integer(Int)
    case object([(String, Node)])
    /// A list; in XML each item is an element named `item` inside the list's element.
    case list(item: String, [Node])
  }

  static func t(_ s: String?) -> Node { .text(s) }
  static func n(_ d: Decimal) -> Node { .number(money(d)) }
  static func date(_ d: CalendarDate?) -> Node { .text(d?.description) }

  static func tree(_ batch: HandoverBatch) -> Node {
    let c = batch.creditor
    return .object([
      ("format", t("thinline-handover")),
      ("version", t(HandoverBatch.formatVersion)),
      ("batch", .object([("id", t(batch.batchID)), ("asOf", date(batch.asOf)), ("agency", t(batch.agency))])),
      (
        "creditor",
        .object([
          ("name", t(c.name)), ("kvk", t(c.kvk)), ("vat", t(c.vat)), ("iban", t(c.iban)),
          (
            "address",
            .object([
              ("street", t(c.street)), ("additionalStreet", t(nil)), ("postcode", t(c.postcode)), ("city", t(c.city)),
              ("country", t(c.country)),
            ])
          ),
          ("contact", .object([("name", t(c.contactName)), ("email", t(c.email)), ("phone", t(c.phone))])),
        ])
      ),
      ("dossiers", .list(item: "dossier", batch.dossiers.map(dossier))),
    ])
  }

  /// The part of a price discrepancy that no credit note has settled: what the dossier lists as
  /// disputed. A discrepancy a credit note settled is claimed as principal, not disputed; one
  /// left out of the principal (`handover_undisputed`) is listed here.
  static func stillDisputed(_ c: InvoiceDecision) -> Decimal { max(c.disputed - c.credited, 0) }

  /// Every identifier once, under one scheme name per kind (`customer_number`, `kvk`, `vat` …).
  static func canonicalIdentifiers(_ party: Party?) -> [PartyIdentifier] {
    var result: [PartyIdentifier] = []
    for id in (party?.allIdentifiers ?? []).map(\.canonical) where !result.contains(id) { result.append(id) }
    return result
  }

  static func dossier(_ d: HandoverBatch.Dossier) -> Node {
    let debtor = d.debtor
    let party = debtor.party
    let ids = canonicalIdentifiers(party)
    let kvk = ids.first { $0.scheme == "kvk" }?.value
    let vat = ids.first { $0.scheme == "vat" }?.value
    let a = party?.address
    let letter: Node =
      d.fourteenDayLetter.map { l in
        .object([
          ("sent", date(l.sent)), ("channel", t(l.channel)), ("received", date(l.received)), ("expires", date(l.expires)),
          ("announcedCosts", n(l.announcedCosts)),
        ])
      } ?? .text(nil)
    let firstInterestDay = d.claims.compactMap { $0.interest?.firstDay }.min()
    let costs = debtor.costsCalculation
    return .object([
      ("reference", t(d.reference)),
      ("currency", t(d.currency)),
      ("regime", t(d.regime)),
      ("defaultDate", date(d.defaultDate)),
      (
        "follows",
        debtor.follows.map { f in
          .object([("reference", t(f.reference)), ("batch", t(f.batch)), ("principalClaimed", n(f.principal))])
        } ?? .text(nil)
      ),
      (
        "debtor",
        .object([
          ("type", t(debtor.consumer ? "consumer" : "business")),
          ("customerNumber", t(debtor.customer)),
          ("name", t(debtor.name ?? party?.name)),
          ("tradingName", t(party?.tradingName)),
          ("contactPerson", t(party?.contact.name)),
          (
            "address",
            .object([
              ("street", t(a?.street)), ("additionalStreet", t(a?.additionalStreet)), ("postcode", t(a?.postalCode)),
              ("city", t(a?.city)), ("country", t(a?.country)),
            ])
          ),
          ("kvk", t(kvk)),
          ("vat", t(vat)),
          ("emails", .list(item: "email", debtor.emails.map { .text($0) })),
          ("phones", .list(item: "phone", debtor.phones.map { .text($0) })),
          ("language", t(nil)),
          ("identifiers", .list(item: "identifier", ids.map { .object([("scheme", t($0.scheme)), ("value", t($0.value))]) })),
        ])
      ),
      ("fourteenDayLetter", letter),
      (
        "interest",
        .object([
          ("basis", t(d.interestBasis)),
          ("contractualRate", t(d.contractualRate.map { DecimalFormatting.plain($0, scale: 0) })),
          ("from", date(firstInterestDay)), ("to", date(d.claims.first?.interest?.lastDay)),
          ("amount", n(debtor.interest)),
        ])
      ),
      (
        "costs",
        .object([
          ("base", n(debtor.principal)), ("amount", n(debtor.costs)), ("vat", n(debtor.costsVAT)),
          ("vatJustification", t(d.vatJustification)),
          (
            "bands",
            .list(
              item: "band",
              (costs?.bands ?? []).map { b in
                .object([
                  ("from", n(b.from)), ("to", n(b.to)), ("rate", .number(DecimalFormatting.plain(b.rate, scale: 0))),
                  ("amount", n(b.amount)),
                ])
              })
          ),
        ])
      ),
      (
        "disputed",
        .list(
          item: "dispute",
          d.claims.filter { stillDisputed($0) > 0 }.map { c in
            .object([
              ("invoice", t(c.invoice)), ("amount", n(stillDisputed(c))),
              ("reason", t(c.reasons.first { $0.code == .priceAboveAgreement }?.message)),
            ])
          })
      ),
      ("arrangement", t(d.arrangement)),
      (
        "agreement",
        .object([
          ("paymentDays", debtor.agreement?.paymentDays.map { .integer($0) } ?? .text(nil)),
          ("accountManager", t(debtor.agreement?.accountManager)),
          ("strategic", .bool(debtor.agreement?.strategic ?? false)),
          ("notes", t(debtor.agreement?.notes)),
        ])
      ),
      ("claims", .list(item: "claim", d.claims.map { claim($0, d) })),
      (
        "totals",
        .object([
          ("principal", n(debtor.principal)), ("interest", n(debtor.interest)), ("costs", n(debtor.costs)),
          ("costsVat", n(debtor.costsVAT)), ("total", n(debtor.total)),
        ])
      ),
    ])
  }

  static func claim(_ c: InvoiceDecision, _ d: HandoverBatch.Dossier) -> Node {
    let term: Node = {
      guard let issue = c.issueDate, let due = c.effectiveDueDate else { return .text(nil) }
      return .integer(issue.days(until: due))
    }()
    let vatAmount = c.document?.documentTaxAmount?.value
    let source = d.sources[c.invoice]
    return .object([
      ("invoice", t(c.invoice)),
      ("issueDate", date(c.issueDate)),
      ("invoiceDueDate", date(c.invoiceDueDate)),
      ("effectiveDueDate", date(c.effectiveDueDate)),
      ("termDays", term),
      ("originalAmount", n(c.amount)),
      ("vat", vatAmount.map { n($0) } ?? .text(nil)),
      ("paid", n(c.paid)),
      ("credited", n(c.credited)),
      ("outstanding", n(c.open)),
      ("principal", n(c.principal)),
      (
        "interest",
        .object([
          ("from", date(c.interest?.firstDay)), ("to", date(c.interest?.lastDay)), ("amount", n(c.interest?.amount ?? 0)),
        ])
      ),
      (
        "payments",
        .list(
          item: "payment",
          c.allocations.filter { $0.kind == .payment }.map { p in
            .object([("date", date(p.date)), ("amount", n(p.amount)), ("reference", t(p.reference))])
          })
      ),
      (
        "credits",
        .list(
          item: "credit",
          c.allocations.filter { $0.kind == .creditNote }.map { p in
            .object([("date", date(p.date)), ("amount", n(p.amount)), ("creditNote", t(p.reference))])
          })
      ),
      (
        "dunning",
        .list(
          item: "event",
          c.reminders.map { r in
            .object([("date", date(r.date)), ("kind", t(r.kind.rawValue)), ("channel", t(r.channel?.rawValue))])
          })
      ),
      ("source", source.map(file) ?? .text(nil)),
      ("attachments", .list(item: "attachment", (d.attachments[c.invoice] ?? []).map(file))),
    ])
  }

  static func file(_ f: HandoverBatch.FileReference) -> Node {
    .object([
      ("path", t(f.path)), ("mimeType", t(f.mimeType)), ("size", .integer(f.size)), ("sha256", t(f.sha256)),
      ("description", t(f.description)),
    ])
  }

  // MARK: JSON

  /// JSON keys are the XML names in snake_case (`effectiveDueDate` → `effective_due_date`).
  static func snake(_ name: String) -> String {
    var out = ""
    for c in name {
      if c.isUppercase {
        out.append("_")
        out.append(Character(c.lowercased()))
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// The tree as a `JSONValue` (the reference the byte writer is tested against).
  static func json(_ node: Node) -> JSONValue {
    switch node {
    case .text(let s): return .optional(s)
    case .number(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .integer(let i): return .int(i)
    case .object(let members): return .object(members.map { (snake($0.0), json($0.1)) })
    case .list(_, let items): return .array(items.map(json))
    }
  }

  public static func json(_ batch: HandoverBatch) -> String { String(decoding: jsonBytes(tree(batch)), as: UTF8.self) }

  /// The tree as pretty JSON, written straight to bytes: each key's snake_case spelling is made
  /// once per name, not once per node. The same bytes as `json(node).rendered()`.
  static func jsonBytes(_ root: Node) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 20)
    var keys: [String: [UInt8]] = [:]
    func newline(_ level: Int) {
      out.append(0x0A)
      for _ in 0..<(level * 2) { out.append(0x20) }
    }
    func write(_ node: Node, _ level: Int) {
      switch node {
      case .text(let s):
        if let s { JSONValue.escape(s, into: &out) } else { out.append(contentsOf: "null".utf8) }
      case .number(let s): JSONValue.escape(s, into: &out)
      case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
      case .integer(let i): out.append(contentsOf: String(i).utf8)
      case .object(let members):
        if members.isEmpty { return out.append(contentsOf: "{}".utf8) }
        out.append(UInt8(ascii: "{"))
        for (n, (name, value)) in members.enumerated() {
          if n > 0 { out.append(UInt8(ascii: ",")) }
          newline(level + 1)
          if let key = keys[name] {
            out.append(contentsOf: key)
          } else {
            var key: [UInt8] = []
            JSONValue.escape(snake(name), into: &key)
            keys[name] = key
            out.append(contentsOf: key)
          }
          out.append(contentsOf: ": ".utf8)
          write(value, level + 1)
        }
        newline(level)
        out.append(UInt8(ascii: "}"))
      case .list(_, let items):
        if items.isEmpty { return out.append(contentsOf: "[]".utf8) }
        out.append(UInt8(ascii: "["))
        for (n, item) in items.enumerated() {
          if n > 0 { out.append(UInt8(ascii: ",")) }
          newline(level + 1)
          write(item, level + 1)
        }
        newline(level)
        out.append(UInt8(ascii: "]"))
      }
    }
    write(root, 0)
    out.append(0x0A)
    return out
  }

  /// The XML and JSON encodings of a batch, from one tree, each written on its own core.
  public static func encodings(_ batch: HandoverBatch, xml: Bool, json: Bool) -> (xml: [UInt8]?, json: [UInt8]?) {
    guard xml || json else { return (nil, nil) }
    let root = tree(batch)
    let wanted = [xml ? 0 : nil, json ? 1 : nil].compactMap { $0 }
    let bytes = parallelMap(wanted) { $0 == 0 ? xmlBytes(root) : jsonBytes(root) }
    return (xml ? bytes[0] : nil, json ? bytes[wanted.count - 1] : nil)
  }

  // MARK: XML

  public static let namespace = "urn:thinline:handover:1"

  public static func xml(_ batch: HandoverBatch) -> String { String(decoding: xmlBytes(tree(batch)), as: UTF8.self) }

  /// The tree as XML, written straight to bytes; absent values are left out (the XSD makes them
  /// optional), a list's items are elements named after the list's item name.
  static func xmlBytes(_ root: Node) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 20)
    out.append(contentsOf: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<handover xmlns=\"\(namespace)\">".utf8)
    func indent(_ depth: Int) {
      out.append(0x0A)
      for _ in 0..<(depth * 2) { out.append(0x20) }
    }
    func open(_ name: String) {
      out.append(UInt8(ascii: "<"))
      out.append(contentsOf: name.utf8)
      out.append(UInt8(ascii: ">"))
    }
    func close(_ name: String) {
      out.append(contentsOf: "</".utf8)
      out.append(contentsOf: name.utf8)
      out.append(UInt8(ascii: ">"))
    }
    func leaf(_ name: String, _ text: String, _ depth: Int) {
      indent(depth)
      open(name)
      out.append(contentsOf: text.utf8)
      close(name)
    }
    func write(_ name: String, _ node: Node, _ depth: Int) {
      switch node {
      case .text(let s):
        guard let s else { return }
        leaf(name, escape(s), depth)
      case .number(let s): leaf(name, s, depth)
      case .bool(let b): leaf(name, b ? "true" : "false", depth)
      case .integer(let i): leaf(name, String(i), depth)
      case .object(let members):
        indent(depth)
        open(name)
        for (child, value) in members { write(child, value, depth + 1) }
        indent(depth)
        close(name)
      case .list(let item, let items):
        indent(depth)
        if items.isEmpty {
          out.append(UInt8(ascii: "<"))
          out.append(contentsOf: name.utf8)
          out.append(contentsOf: "/>".utf8)
          return
        }
        open(name)
        for value in items { write(item, value, depth + 1) }
        indent(depth)
        close(name)
      }
    }
    if case .object(let members) = root {
      for (name, value) in members { write(name, value, 1) }
      out.append(contentsOf: "\n</handover>\n".utf8)
    }
    return out
  }

  /// XML text: markup escaped, and characters XML 1.0 does not allow dropped.
  static func escape(_ s: String) -> String { MarkupText.escape(s) }

  // MARK: CSV

  /// The claims CSV: a row per claim with the claim's own amounts only (a SUM of a column is
  /// that column's control total); the debtor's costs and totals are in the debtors CSV, once.
  public static let csvHeader = [
    "batch_id", "dossier_reference", "regime", "debtor_type", "customer_number", "debtor_name", "contact_person", "street",
    "postcode", "city", "country", "kvk", "vat", "email", "phone", "currency", "invoice", "issue_date", "effective_due_date",
    "original_amount", "vat_amount", "paid", "credited", "outstanding", "principal", "interest_from", "interest_to", "interest",
    "fourteen_day_letter_sent", "disputed", "source_sha256",
  ]

  /// The debtors CSV: a row per dossier with its totals.
  public static let debtorsCSVHeader = [
    "batch_id", "dossier_reference", "regime", "debtor_type", "customer_number", "debtor_name", "contact_person", "street",
    "postcode", "city", "country", "kvk", "vat", "emails", "phones", "currency", "claims", "default_date",
    "fourteen_day_letter_sent", "principal", "interest", "costs", "costs_vat", "total",
  ]

  static func number(_ d: Decimal?, decimalComma: Bool) -> CSVWriter.Cell {
    guard let d else { return .number(nil) }
    let text = money(d)
    guard decimalComma else { return .number(text) }
    // The decimal point of an English amount (ASCII digits, a sign, one point) made a comma.
    return .number(String(decoding: text.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ",") : $0 }, as: UTF8.self))
  }

  /// A row per claim. Dutch Excel by default: `;`, a byte-order mark and decimal commas; text
  /// cells that a spreadsheet would run as a formula are neutralised, numbers stay numbers, and
  /// identifiers (customer, KvK, VAT numbers) are quoted text, so that leading zeros survive.
  public static func csv(_ batch: HandoverBatch, delimiter: Character = ";", byteOrderMark: Bool = true, decimalComma: Bool = true)
    -> String
  {
    func num(_ d: Decimal?) -> CSVWriter.Cell { number(d, decimalComma: decimalComma) }
    var rows: [[CSVWriter.Cell]] = []
    for d in batch.dossiers {
      let party = d.debtor.party
      let ids = canonicalIdentifiers(party)
      for c in d.claims {
        rows.append([
          .text(batch.batchID), .text(d.reference), .text(d.regime), .text(d.debtor.consumer ? "consumer" : "business"),
          .identifier(d.debtor.customer), .text(d.debtor.name ?? party?.name), .text(party?.contact.name), .text(party?.address.street),
          .text(party?.address.postalCode), .text(party?.address.city), .text(party?.address.country),
          .identifier(ids.first { $0.scheme == "kvk" }?.value), .identifier(ids.first { $0.scheme == "vat" }?.value),
          .text(d.debtor.emails.first), .identifier(d.debtor.phones.first),
          .text(d.currency), .identifier(c.invoice), .text(c.issueDate?.description), .text(c.effectiveDueDate?.description),
          num(c.amount), num(c.document?.documentTaxAmount?.value), num(c.paid), num(c.credited), num(c.open), num(c.principal),
          .text(c.interest?.firstDay.description), .text(c.interest?.lastDay.description), num(c.interest?.amount ?? 0),
          .text(d.fourteenDayLetter?.sent.description), num(stillDisputed(c)), .text(d.sources[c.invoice]?.sha256),
        ])
      }
    }
    return CSVWriter(delimiter: delimiter, byteOrderMark: byteOrderMark, lineEnding: "\r\n").render(header: csvHeader, rows: rows)
  }

  /// A row per dossier: the debtor once, with its totals (principal and interest are the sums of
  /// its claim rows; costs and VAT are the dossier's).
  public static func debtorsCSV(
    _ batch: HandoverBatch, delimiter: Character = ";", byteOrderMark: Bool = true, decimalComma: Bool = true
  ) -> String {
    func num(_ d: Decimal?) -> CSVWriter.Cell { number(d, decimalComma: decimalComma) }
    let rows: [[CSVWriter.Cell]] = batch.dossiers.map { d in
      let party = d.debtor.party
      let ids = canonicalIdentifiers(party)
      let emails = d.debtor.emails
      let phones = d.debtor.phones
      return [
        .text(batch.batchID), .text(d.reference), .text(d.regime), .text(d.debtor.consumer ? "consumer" : "business"),
        .identifier(d.debtor.customer), .text(d.debtor.name ?? party?.name), .text(party?.contact.name), .text(party?.address.street),
        .text(party?.address.postalCode), .text(party?.address.city), .text(party?.address.country),
        .identifier(ids.first { $0.scheme == "kvk" }?.value), .identifier(ids.first { $0.scheme == "vat" }?.value),
        .text(emails.isEmpty ? nil : emails.joined(separator: ", ")), .identifier(phones.isEmpty ? nil : phones.joined(separator: ", ")),
        .text(d.currency), .number(String(d.claims.count)), .text(d.defaultDate?.description), .text(d.fourteenDayLetter?.sent.description),
        num(d.debtor.principal), num(d.debtor.interest), num(d.debtor.costs), num(d.debtor.costsVAT), num(d.debtor.total),
      ]
    }
    return CSVWriter(delimiter: delimiter, byteOrderMark: byteOrderMark, lineEnding: "\r\n").render(header: debtorsCSVHeader, rows: rows)
  }
}
