/// An invoice or credit note as Thinline understands it, whatever file it came from.
///
/// Every field a source may leave out is optional: `convert` is lenient and reports what is
/// missing, `validate` and the decision rules decide what they need.
///
/// The fields the rules read all the time are stored inline; the ones most documents of a large
/// export leave empty (references, notes, the seller, payment means, tax totals, attachments …)
/// live in one shared box (`Details`, copy-on-write), which is not even allocated until one of
/// them is set: a million open-items rows cost about 200 fewer bytes each, in every copy.
public struct Document: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable { case invoice, creditNote = "credit_note" }

  /// File name the document came from (as the user named it, or `-` for stdin).
  public var source: String
  public var kind: Kind
  public var number: String?
  public var issueDate: CalendarDate?
  /// The due date as printed: `cbc:DueDate`, else the first `PaymentMeans/PaymentDueDate`.
  public var dueDate: CalendarDate?
  public var currency: String?
  public var buyer: Party?
  public var lines: [Line] = []
  public var totals = MonetaryTotals()
  /// Open amount as the billing package knows it (CSV open-items exports), incl. VAT.
  public var outstanding: ExactDecimal?

  // Each boxed field is read from the box in place (no copy of the others) and set without a
  // box when the value is empty and there is none yet.
  public var typeCode: String? {
    get { box?.value.typeCode }
    set { if box != nil || newValue != nil { details.typeCode = newValue } }
  }
  public var customizationID: String? {
    get { box?.value.customizationID }
    set { if box != nil || newValue != nil { details.customizationID = newValue } }
  }
  public var profileID: String? {
    get { box?.value.profileID }
    set { if box != nil || newValue != nil { details.profileID = newValue } }
  }
  /// `cbc:DocumentCurrencyCode` exactly as written (untrimmed), nil when absent. EN 16931's
  /// BR-CO-15 compares amounts' `currencyID` with this text as it stands.
  public var declaredCurrencyText: String? {
    get { box?.value.declaredCurrencyText }
    set { if box != nil || newValue != nil { details.declaredCurrencyText = newValue } }
  }
  public var taxCurrency: String? {
    get { box?.value.taxCurrency }
    set { if box != nil || newValue != nil { details.taxCurrency = newValue } }
  }
  public var buyerReference: String? {
    get { box?.value.buyerReference }
    set { if box != nil || newValue != nil { details.buyerReference = newValue } }
  }
  public var orderReference: String? {
    get { box?.value.orderReference }
    set { if box != nil || newValue != nil { details.orderReference = newValue } }
  }
  public var contractReference: String? {
    get { box?.value.contractReference }
    set { if box != nil || newValue != nil { details.contractReference = newValue } }
  }
  public var projectReference: String? {
    get { box?.value.projectReference }
    set { if box != nil || newValue != nil { details.projectReference = newValue } }
  }
  public var notes: [String] {
    get { box?.value.notes ?? [] }
    set { if box != nil || !newValue.isEmpty { details.notes = newValue } }
    _modify { yield &details.notes }
  }
  public var seller: Party? {
    get { box?.value.seller }
    set { if box != nil || newValue != nil { details.seller = newValue } }
    _modify { yield &details.seller }
  }
  /// Invoice numbers this document refers to (credit notes, corrections).
  public var billingReferences: [BillingReference] {
    get { box?.value.billingReferences ?? [] }
    set { if box != nil || !newValue.isEmpty { details.billingReferences = newValue } }
    _modify { yield &details.billingReferences }
  }
  public var paymentTermsNote: String? {
    get { box?.value.paymentTermsNote }
    set { if box != nil || newValue != nil { details.paymentTermsNote = newValue } }
  }
  public var paymentMeans: [PaymentMeans] {
    get { box?.value.paymentMeans ?? [] }
    set { if box != nil || !newValue.isEmpty { details.paymentMeans = newValue } }
    _modify { yield &details.paymentMeans }
  }
  public var allowanceCharges: [AllowanceCharge] {
    get { box?.value.allowanceCharges ?? [] }
    set { if box != nil || !newValue.isEmpty { details.allowanceCharges = newValue } }
    _modify { yield &details.allowanceCharges }
  }
  public var taxTotals: [TaxTotal] {
    get { box?.value.taxTotals ?? [] }
    set { if box != nil || !newValue.isEmpty { details.taxTotals = newValue } }
    _modify { yield &details.taxTotals }
  }
  public var attachments: [Attachment] {
    get { box?.value.attachments ?? [] }
    set { if box != nil || !newValue.isEmpty { details.attachments = newValue } }
    _modify { yield &details.attachments }
  }

  public init(source: String, kind: Kind) {
    self.source = source
    self.kind = kind
  }

  /// The boxed fields; all empty in `Details()`.
  struct Details: Hashable, Sendable {
    var typeCode: String?
    var customizationID: String?
    var profileID: String?
    var declaredCurrencyText: String?
    var taxCurrency: String?
    var buyerReference: String?
    var orderReference: String?
    var contractReference: String?
    var projectReference: String?
    var notes: [String] = []
    var seller: Party?
    var billingReferences: [BillingReference] = []
    var paymentTermsNote: String?
    var paymentMeans: [PaymentMeans] = []
    var allowanceCharges: [AllowanceCharge] = []
    var taxTotals: [TaxTotal] = []
    var attachments: [Attachment] = []
    static let empty = Details()

    var isEmpty: Bool {
      typeCode == nil && customizationID == nil && profileID == nil && declaredCurrencyText == nil && taxCurrency == nil
        && buyerReference == nil && orderReference == nil && contractReference == nil && projectReference == nil && notes.isEmpty
        && seller == nil && billingReferences.isEmpty && paymentTermsNote == nil && paymentMeans.isEmpty && allowanceCharges.isEmpty
        && taxTotals.isEmpty && attachments.isEmpty
    }
  }

  final class DetailsBox: @unchecked Sendable {
    /// Changed only through `details`' `_modify`, on a box no other document shares.
    var value: Details
    init(_ value: Details) { self.value = value }
  }

  /// nil: every boxed field is empty.
  private var box: DetailsBox?

  /// Canonical: no box while every boxed field is empty (a reader or the ledger's codec that sets
  /// an empty list allocates nothing), so equal documents are equal in memory too.
  var details: Details {
    get { box?.value ?? .empty }
    _modify {
      guard box != nil else {
        var value = Details()
        yield &value
        if !value.isEmpty { box = DetailsBox(value) }
        return
      }
      if !isKnownUniquelyReferenced(&box) { box = DetailsBox(box!.value) }
      yield &box!.value
      if box!.value.isEmpty { box = nil }
    }
  }

  public static func == (a: Document, b: Document) -> Bool {
    a.source == b.source && a.kind == b.kind && a.number == b.number && a.issueDate == b.issueDate && a.dueDate == b.dueDate
      && a.currency == b.currency && a.buyer == b.buyer && a.lines == b.lines && a.totals == b.totals && a.outstanding == b.outstanding
      && (a.box === b.box || a.details == b.details)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(source)
    hasher.combine(kind)
    hasher.combine(number)
    hasher.combine(issueDate)
    hasher.combine(dueDate)
    hasher.combine(currency)
    hasher.combine(buyer)
    hasher.combine(lines)
    hasher.combine(totals)
    hasher.combine(outstanding)
    hasher.combine(details)
  }
}

/// An identifier with its scheme: the UBL `schemeID` (`0106`, `0088`, `9944` …) or one of
/// Thinline's own names: `vat`, `kvk`, `gln`, `customer_number`.
public struct PartyIdentifier: Hashable, Sendable {
  public var scheme: String?
  public var value: String
  public init(scheme: String?, value: String) {
    self.scheme = scheme
    self.value = value
  }
}

public struct Address: Hashable, Sendable {
  public var street: String?
  public var additionalStreet: String?
  public var lines: [String] = []
  public var city: String?
  public var postalCode: String?
  public var region: String?
  public var country: String?
  public init() {}
  public var isEmpty: Bool {
    street == nil && additionalStreet == nil && lines.isEmpty && city == nil && postalCode == nil
      && region == nil && country == nil
  }
}

public struct Contact: Hashable, Sendable {
  public var name: String?
  public var telephone: String?
  public var email: String?
  public init() {}
  public var isEmpty: Bool { name == nil && telephone == nil && email == nil }
}

/// Seller or buyer.
///
/// A value with its fields in one shared box (copy-on-write): a document holds two parties, and a
/// run a million documents, so a party costs one pointer in each document and each copy of it,
/// not about 230 bytes and a retain per field.
public struct Party: Hashable, Sendable {
  /// Trading name (`cac:PartyName/cbc:Name`).
  public var tradingName: String? {
    get { storage.fields.tradingName }
    set { unique().fields.tradingName = newValue }
  }
  /// Legal name (`cac:PartyLegalEntity/cbc:RegistrationName`).
  public var legalName: String? {
    get { storage.fields.legalName }
    set { unique().fields.legalName = newValue }
  }
  public var endpoint: PartyIdentifier? {
    get { storage.fields.endpoint }
    set { unique().fields.endpoint = newValue }
  }
  /// Party identifications, legal registration ids, VAT ids: everything a customer can be matched on.
  public var identifiers: [PartyIdentifier] {
    get { storage.fields.identifiers }
    _modify { yield &unique().fields.identifiers }
  }
  public var address: Address {
    get { storage.fields.address }
    _modify { yield &unique().fields.address }
  }
  public var contact: Contact {
    get { storage.fields.contact }
    _modify { yield &unique().fields.contact }
  }
  public init() {}

  struct Fields: Hashable, Sendable {
    var tradingName: String?
    var legalName: String?
    var endpoint: PartyIdentifier?
    var identifiers: [PartyIdentifier] = []
    var address = Address()
    var contact = Contact()
  }

  final class Storage: @unchecked Sendable {
    /// Changed only through `unique()`, on a box no other value shares.
    var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var storage = Storage(Fields())

  private mutating func unique() -> Storage {
    if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    return storage
  }

  /// The box's identity: two parties with the same one are equal (copies of one value, such as
  /// a CSV customer's rows); different ones may still be equal.
  var sharedIdentity: ObjectIdentifier { ObjectIdentifier(storage) }

  public static func == (a: Party, b: Party) -> Bool { a.storage === b.storage || a.storage.fields == b.storage.fields }
  public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

  /// The name to show: the legal name when there is one, else the trading name.
  public var name: String? { legalName ?? tradingName }

  /// Endpoint first, then the other identifiers, without duplicates.
  public var allIdentifiers: [PartyIdentifier] {
    var result: [PartyIdentifier] = []
    for id in (endpoint.map { [$0] } ?? []) + identifiers where !result.contains(id) { result.append(id) }
    return result
  }
}

public struct BillingReference: Hashable, Sendable {
  public var number: String
  public var issueDate: CalendarDate?
  public init(number: String, issueDate: CalendarDate? = nil) {
    self.number = number
    self.issueDate = issueDate
  }
}

public struct PaymentMeans: Hashable, Sendable {
  public var code: String?
  public var paymentID: String?
  public var iban: String?
  public var accountName: String?
  public var bic: String?
  public var dueDate: CalendarDate?
  public init() {}
}

public struct AllowanceCharge: Hashable, Sendable {
  /// true for a charge, false for an allowance.
  public var isCharge: Bool
  public var amount: ExactDecimal?
  public var baseAmount: ExactDecimal?
  public var percentage: ExactDecimal?
  public var reason: String?
  public var reasonCode: String?
  public var taxCategory: String?
  public var taxRate: ExactDecimal?
  public init(isCharge: Bool) { self.isCharge = isCharge }
}

public struct Line: Hashable, Sendable {
  public var id: String?
  public var quantity: ExactDecimal?
  public var unitCode: String?
  public var amount: ExactDecimal?
  public var name: String?
  public var description: String?
  /// The seller's item id (`SellersItemIdentification`), what agreed prices are keyed on.
  public var itemID: String?
  public var price: ExactDecimal?
  public var baseQuantity: ExactDecimal?
  public var vatCategory: String?
  public var vatRate: ExactDecimal?
  public var allowanceCharges: [AllowanceCharge] = []
  public init() {}
}

public struct TaxSubtotal: Hashable, Sendable {
  public var taxableAmount: ExactDecimal?
  public var taxAmount: ExactDecimal?
  public var category: String?
  public var percent: ExactDecimal?
  /// `cac:TaxCategory/cac:TaxScheme/cbc:ID`, normally `VAT`.
  public var taxScheme: String?
  public var exemptionReason: String?
  public var exemptionReasonCode: String?
  /// 1-based line of the element in the source file, 0 when unknown.
  public var sourceLine = 0
  public init() {}
}

public struct TaxTotal: Hashable, Sendable {
  public var taxAmount: ExactDecimal?
  public var currency: String?
  public var subtotals: [TaxSubtotal] = []
  public var sourceLine = 0
  public init() {}
}

/// Every `cac:LegalMonetaryTotal` amount; nil where the document leaves it out.
public struct MonetaryTotals: Hashable, Sendable {
  /// Inline: the totals a run reads for every invoice (a CSV invoice has only these).
  public var taxInclusive: ExactDecimal?
  public var payable: ExactDecimal?
  /// Whether the document had a `LegalMonetaryTotal` at all.
  public var present = false
  public var sourceLine = 0
  public init() {}

  public var lineExtension: ExactDecimal? {
    get { box?.value.lineExtension }
    set { others.lineExtension = newValue }
  }
  public var taxExclusive: ExactDecimal? {
    get { box?.value.taxExclusive }
    set { others.taxExclusive = newValue }
  }
  public var allowances: ExactDecimal? {
    get { box?.value.allowances }
    set { others.allowances = newValue }
  }
  public var charges: ExactDecimal? {
    get { box?.value.charges }
    set { others.charges = newValue }
  }
  public var prepaid: ExactDecimal? {
    get { box?.value.prepaid }
    set { others.prepaid = newValue }
  }
  public var rounding: ExactDecimal? {
    get { box?.value.rounding }
    set { others.rounding = newValue }
  }

  /// The six totals only a UBL document (or a CSV invoice with lines) has, behind one pointer:
  /// inline they were about 150 of a document's 320 bytes, in each of a million CSV invoices.
  struct Others: Hashable, Sendable {
    var lineExtension: ExactDecimal?
    var taxExclusive: ExactDecimal?
    var allowances: ExactDecimal?
    var charges: ExactDecimal?
    var prepaid: ExactDecimal?
    var rounding: ExactDecimal?
    var isEmpty: Bool {
      lineExtension == nil && taxExclusive == nil && allowances == nil && charges == nil && prepaid == nil && rounding == nil
    }
  }

  final class OthersBox: @unchecked Sendable {
    /// Changed only through `others`' `_modify`, on a box no other value shares.
    var value: Others
    init(_ value: Others) { self.value = value }
  }

  /// nil: all six are absent (canonical, so equal totals are equal in memory too).
  private var box: OthersBox?

  var others: Others {
    get { box?.value ?? Others() }
    _modify {
      guard box != nil else {
        var value = Others()
        yield &value
        if !value.isEmpty { box = OthersBox(value) }
        return
      }
      if !isKnownUniquelyReferenced(&box) { box = OthersBox(box!.value) }
      yield &box!.value
      if box!.value.isEmpty { box = nil }
    }
  }

  public static func == (a: MonetaryTotals, b: MonetaryTotals) -> Bool {
    a.taxInclusive == b.taxInclusive && a.payable == b.payable && a.present == b.present && a.sourceLine == b.sourceLine
      && (a.box === b.box || a.others == b.others)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(taxInclusive)
    hasher.combine(payable)
    hasher.combine(present)
    hasher.combine(sourceLine)
    hasher.combine(others)
  }
}

/// An embedded or referenced attachment. The bytes are not kept: `size` is the decoded size,
/// and the UBL reader can decode the bytes again on demand.
public struct Attachment: Hashable, Sendable {
  public var id: String?
  public var description: String?
  public var filename: String?
  public var mimeType: String?
  /// Decoded size in bytes of an embedded object; nil for an external reference.
  public var size: Int?
  public var uri: String?
  /// Its position (0-based) among the document's AdditionalDocumentReferences, to read its bytes again.
  public var position: Int?
  public init() {}
}

extension Document {
  /// The tax amount in the document currency (BT-110), summed when split over several TaxTotals.
  public var documentTaxAmount: ExactDecimal? {
    let inCurrency = taxTotals.filter { $0.currency == nil || $0.currency == currency }
    guard let first = inCurrency.first?.taxAmount else { return nil }
    return inCurrency.dropFirst().reduce(first) { $0 + ($1.taxAmount ?? .zero) }
  }
}
