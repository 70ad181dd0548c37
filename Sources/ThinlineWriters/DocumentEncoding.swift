import ThinlineCore

/// The normalised `convert` shape of a document (see interface.md, "`convert` output").
public enum DocumentEncoding {
  public static func json(_ documents: [Document]) -> JSONValue {
    .array(documents.map(json))
  }

  static func amount(_ value: ExactDecimal?) -> JSONValue { value.map { .string($0.amountText) } ?? .null }
  static func exact(_ value: ExactDecimal?) -> JSONValue { value.map { .string($0.formatted()) } ?? .null }
  static func date(_ value: CalendarDate?) -> JSONValue { .optional(value?.description) }

  static func identifiers(_ ids: [PartyIdentifier]) -> JSONValue {
    .array(ids.map { .object([("scheme", .optional($0.scheme)), ("value", .string($0.value))]) })
  }

  static func party(_ party: Party?) -> JSONValue {
    guard let party else { return .null }
    var members: [(String, JSONValue)] = [
      ("name", .optional(party.name)),
      ("trading_name", .optional(party.tradingName)),
      ("legal_name", .optional(party.legalName)),
      ("identifiers", identifiers(party.allIdentifiers)),
    ]
    if let endpoint = party.endpoint {
      members.append(("endpoint", .object([("scheme", .optional(endpoint.scheme)), ("value", .string(endpoint.value))])))
    } else {
      members.append(("endpoint", .null))
    }
    let a = party.address
    members.append(
      (
        "address",
        a.isEmpty
          ? .null
          : .object([
            ("street", .optional(a.street)), ("additional_street", .optional(a.additionalStreet)),
            ("lines", .array(a.lines.map { .string($0) })), ("city", .optional(a.city)),
            ("postal_code", .optional(a.postalCode)), ("region", .optional(a.region)), ("country", .optional(a.country)),
          ])
      ))
    let c = party.contact
    members.append(
      (
        "contact",
        c.isEmpty
          ? .null
          : .object([
            ("name", .optional(c.name)), ("telephone", .optional(c.telephone)), ("email", .optional(c.email)),
          ])
      ))
    return .object(members)
  }

  static func allowanceCharge(_ ac: AllowanceCharge) -> JSONValue {
    .object([
      ("charge", .bool(ac.isCharge)), ("amount", amount(ac.amount)), ("base_amount", amount(ac.baseAmount)),
      ("percentage", exact(ac.percentage)), ("reason", .optional(ac.reason)), ("reason_code", .optional(ac.reasonCode)),
      ("vat_category", .optional(ac.taxCategory)), ("vat_rate", exact(ac.taxRate)),
    ])
  }

  public static func json(_ d: Document) -> JSONValue {
    let t = d.totals
    return .object([
      ("source", .string(d.source)),
      ("document", .string(d.kind.rawValue)),
      ("number", .optional(d.number)),
      ("type_code", .optional(d.typeCode)),
      ("issue_date", date(d.issueDate)),
      ("due_date", date(d.dueDate)),
      ("currency", .optional(d.currency)),
      ("customization_id", .optional(d.customizationID)),
      ("seller", party(d.seller)),
      ("buyer", party(d.buyer)),
      ("billing_references", .array(d.billingReferences.map { .string($0.number) })),
      ("order_reference", .optional(d.orderReference)),
      ("contract_reference", .optional(d.contractReference)),
      ("buyer_reference", .optional(d.buyerReference)),
      ("payment_terms", .optional(d.paymentTermsNote)),
      (
        "payment_means",
        .array(
          d.paymentMeans.map { pm in
            .object([
              ("code", .optional(pm.code)), ("payment_id", .optional(pm.paymentID)), ("iban", .optional(pm.iban)),
              ("account_name", .optional(pm.accountName)), ("bic", .optional(pm.bic)), ("due_date", date(pm.dueDate)),
            ])
          })
      ),
      (
        "totals",
        .object([
          ("line_extension", amount(t.lineExtension)),
          ("tax_exclusive", amount(t.taxExclusive)),
          ("tax_inclusive", amount(t.taxInclusive)),
          ("allowances", amount(t.allowances)),
          ("charges", amount(t.charges)),
          ("prepaid", amount(t.prepaid)),
          ("rounding", amount(t.rounding)),
          ("payable", amount(t.payable)),
          ("tax", amount(d.documentTaxAmount)),
        ])
      ),
      ("outstanding", amount(d.outstanding)),
      (
        "tax_breakdown",
        .array(
          d.taxTotals.filter { $0.currency == nil || $0.currency == d.currency }.flatMap(\.subtotals).map { s in
            .object([
              ("category", .optional(s.category)), ("rate", exact(s.percent)),
              ("taxable", amount(s.taxableAmount)), ("tax", amount(s.taxAmount)),
              ("exemption_reason", .optional(s.exemptionReason)), ("exemption_reason_code", .optional(s.exemptionReasonCode)),
            ])
          })
      ),
      ("allowance_charges", .array(d.allowanceCharges.map(allowanceCharge))),
      (
        "lines",
        .array(
          d.lines.map { l in
            .object([
              ("id", .optional(l.id)), ("item_id", .optional(l.itemID)), ("name", .optional(l.name)),
              ("description", .optional(l.description)),
              ("quantity", exact(l.quantity)), ("unit_code", .optional(l.unitCode)), ("price", exact(l.price)),
              ("base_quantity", exact(l.baseQuantity)), ("vat_category", .optional(l.vatCategory)),
              ("vat_rate", exact(l.vatRate)), ("amount", amount(l.amount)),
              ("allowance_charges", .array(l.allowanceCharges.map(allowanceCharge))),
            ])
          })
      ),
      (
        "attachments",
        .array(
          d.attachments.map { a in
            .object([
              ("id", .optional(a.id)), ("name", .optional(a.filename)), ("description", .optional(a.description)),
              ("mime_type", .optional(a.mimeType)), ("size", a.size.map { .int($0) } ?? .null), ("uri", .optional(a.uri)),
            ])
          })
      ),
    ])
  }

  public static let csvHeader = [
    "source", "document", "number", "type_code", "issue_date", "due_date", "currency",
    "seller_name", "seller_identifiers", "buyer_name", "buyer_identifiers", "billing_references",
    "line_extension", "tax_exclusive", "tax_inclusive", "allowances", "charges", "prepaid", "rounding",
    "payable", "tax", "outstanding", "lines", "attachments",
  ]

  static func joined(_ ids: [PartyIdentifier]) -> String? {
    ids.isEmpty ? nil : ids.map { ($0.scheme.map { $0 + ":" } ?? "") + $0.value }.joined(separator: " ")
  }

  public static func csvRow(_ d: Document) -> [CSVWriter.Cell] {
    let t = d.totals
    func n(_ v: ExactDecimal?) -> CSVWriter.Cell { .number(v?.amountText) }
    return [
      .text(d.source), .text(d.kind.rawValue), .text(d.number), .text(d.typeCode),
      .text(d.issueDate?.description), .text(d.dueDate?.description), .text(d.currency),
      .text(d.seller?.name), .text(joined(d.seller?.allIdentifiers ?? [])),
      .text(d.buyer?.name), .text(joined(d.buyer?.allIdentifiers ?? [])),
      .text(d.billingReferences.isEmpty ? nil : d.billingReferences.map(\.number).joined(separator: " ")),
      n(t.lineExtension), n(t.taxExclusive), n(t.taxInclusive), n(t.allowances), n(t.charges),
      n(t.prepaid), n(t.rounding), n(t.payable), n(d.documentTaxAmount), n(d.outstanding),
      .number(String(d.lines.count)), .number(String(d.attachments.count)),
    ]
  }
}
