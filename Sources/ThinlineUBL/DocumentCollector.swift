import Foundation
import ThinlineCore

/// Turns the stream of UBL elements into a `Document`.
///
/// The reader tells it when a repeating aggregate starts (a line, a tax total …) and hands it
/// the text of each element that `PathTable` knows, as bytes; values are converted straight from
/// those bytes, so reading an invoice creates few strings.
struct DocumentCollector {
  var document: Document
  var warnings: [Finding] = []
  /// The first date outside 1900–2199: the value, its line and the index of its warning (which
  /// gets the element path).
  var implausibleDate: (text: String, line: Int, warning: Int)? = nil
  var rootName = "Invoice"
  /// Set to capture the base64 text of one attachment (0-based) instead of only measuring it.
  var captureAttachment: Int? = nil
  var capturedBase64: [UInt8]? = nil
  private(set) var attachmentIndex = -1
  private var pendingTaxCompanyID: (value: String, scheme: String?)? = nil
  private var pendingTaxSchemeID: String? = nil
  private var attachmentIsReference: [Bool] = []
  private var currencyFallback: String? = nil

  init(source: String) {
    document = Document(source: source, kind: .invoice)
  }

  mutating func begin(kind: Document.Kind, rootName: String) {
    document.kind = kind
    self.rootName = rootName
  }

  func displayPath(_ prefixed: [String]) -> String {
    "/" + ([rootName] + prefixed).joined(separator: "/")
  }

  var isCapturingThisAttachment: Bool { captureAttachment != nil && captureAttachment == attachmentIndex }

  // MARK: Values

  private mutating func warn(_ message: String, line: Int) {
    warnings.append(
      // The reader fills in the element path: it knows it, and builds it only when needed.
      Finding(.warning, rule: "TL-READ", message, at: SourceLocation(file: document.source, line: line)))
  }

  private func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
  }

  private mutating func amount(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> ExactDecimal? {
    if bytes.isEmpty { return nil }
    guard let value = DecimalParsing.parse(bytes, decimalSeparator: UInt8(ascii: ".")) else {
      warn("\"\(String(decoding: bytes, as: UTF8.self))\" is not a decimal number (expected e.g. 1210.00); left empty", line: line)
      return nil
    }
    return value
  }

  /// - Parameter decides: an issue or due date, which decisions rest on: one outside 1900–2199
  ///   refuses the file; another date (a billing reference's) is left empty with a warning.
  private mutating func date(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, decides: Bool = true) -> CalendarDate? {
    if bytes.isEmpty { return nil }
    guard let value = CalendarDate(isoBytes: bytes) else {
      warn("\"\(String(decoding: bytes, as: UTF8.self))\" is not a date (expected YYYY-MM-DD); left empty", line: line)
      return nil
    }
    if !value.isPlausible && !decides {
      warn("\"\(value)\" is outside the dates Thinline accepts (years 1900–2199); left empty", line: line)
      return nil
    }
    if !value.isPlausible && implausibleDate == nil {
      // Not a date to decide on (a 9999-12-31 placeholder, a typo): the file is refused.
      implausibleDate = (String(decoding: bytes, as: UTF8.self), line, warnings.count)
      warn("\"\(value)\" is outside the dates Thinline accepts (years 1900–2199)", line: line)
    }
    return value
  }

  // MARK: Aggregates

  mutating func start(_ start: UBLStart, line: Int) {
    switch start {
    case .line: document.lines.append(Line())
    case .documentAllowance: document.allowanceCharges.append(AllowanceCharge(isCharge: false))
    case .lineAllowance:
      if !document.lines.isEmpty { document.lines[document.lines.count - 1].allowanceCharges.append(AllowanceCharge(isCharge: false)) }
    case .taxTotal:
      var total = TaxTotal()
      total.sourceLine = line
      document.taxTotals.append(total)
    case .taxSubtotal:
      guard !document.taxTotals.isEmpty else { return }
      var subtotal = TaxSubtotal()
      subtotal.sourceLine = line
      document.taxTotals[document.taxTotals.count - 1].subtotals.append(subtotal)
    case .paymentMeans: document.paymentMeans.append(PaymentMeans())
    case .attachment:
      attachmentIndex += 1
      var attachment = Attachment()
      attachment.position = attachmentIndex
      document.attachments.append(attachment)
      attachmentIsReference.append(false)
    case .monetaryTotal:
      document.totals.present = true
      document.totals.sourceLine = line
    case .party(let seller):
      if seller { if document.seller == nil { document.seller = Party() } } else if document.buyer == nil { document.buyer = Party() }
    }
  }

  /// A party's `PartyTaxScheme` ended: its CompanyID is a VAT id when the scheme is VAT.
  mutating func endPartyTaxScheme(seller: Bool) {
    defer {
      pendingTaxCompanyID = nil
      pendingTaxSchemeID = nil
    }
    guard let company = pendingTaxCompanyID else { return }
    let isVAT = (pendingTaxSchemeID ?? "VAT").uppercased() == "VAT"
    let id = PartyIdentifier(scheme: isVAT ? "vat" : (pendingTaxSchemeID ?? company.scheme), value: company.value)
    if seller { document.seller?.add(id) } else { document.buyer?.add(id) }
  }

  // MARK: Element values

  /// - Parameters:
  ///   - bytes: the element's text with surrounding whitespace removed.
  ///   - raw: the text as written, for the few fields where whitespace matters.
  mutating func end(
    _ field: UBLField, bytes: UnsafeBufferPointer<UInt8>, raw: UnsafeBufferPointer<UInt8>, attributes: Attributes,
    line: Int, binaryCharacters: Int
  ) {
    switch field {
    case .number: document.number = string(bytes)
    case .customizationID: document.customizationID = string(bytes)
    case .profileID: document.profileID = string(bytes)
    case .issueDate: document.issueDate = date(bytes, line: line)
    case .dueDate: document.dueDate = date(bytes, line: line)
    case .typeCode: document.typeCode = string(bytes)
    case .currency:
      document.currency = string(bytes)
      document.declaredCurrencyText = String(decoding: raw, as: UTF8.self)
    case .taxCurrency: document.taxCurrency = string(bytes)
    case .buyerReference: document.buyerReference = string(bytes)
    case .note: if let note = string(bytes) { document.notes.append(note) }
    case .orderReference: document.orderReference = string(bytes)
    case .contractReference: document.contractReference = string(bytes)
    case .projectReference: document.projectReference = string(bytes)
    case .billingReferenceID:
      if let number = string(bytes) { document.billingReferences.append(BillingReference(number: number)) }
    case .billingReferenceDate:
      if !document.billingReferences.isEmpty {
        document.billingReferences[document.billingReferences.count - 1].issueDate = date(bytes, line: line, decides: false)
      }
    case .party(let seller, let partyField):
      let value = string(bytes)
      switch partyField {
      case .taxCompanyID:
        if let value { pendingTaxCompanyID = (value, attributes.schemeID) }
        return
      case .taxSchemeID:
        pendingTaxSchemeID = value
        return
      default: break
      }
      if seller {
        if document.seller == nil { document.seller = Party() }
        Self.fillParty(&document.seller!, partyField, value: value, scheme: attributes.schemeID)
      } else {
        if document.buyer == nil { document.buyer = Party() }
        Self.fillParty(&document.buyer!, partyField, value: value, scheme: attributes.schemeID)
      }
    case .paymentMeans(let f):
      guard !document.paymentMeans.isEmpty else { return }
      let i = document.paymentMeans.count - 1
      switch f {
      case .code: document.paymentMeans[i].code = string(bytes)
      case .paymentID: document.paymentMeans[i].paymentID = string(bytes)
      case .dueDate: document.paymentMeans[i].dueDate = date(bytes, line: line)
      case .iban: document.paymentMeans[i].iban = string(bytes)
      case .accountName: document.paymentMeans[i].accountName = string(bytes)
      case .bic: document.paymentMeans[i].bic = string(bytes)
      }
    case .paymentTermsNote:
      // Line breaks matter here (XRechnung #SKONTO# lines): keep the text as written.
      guard !bytes.isEmpty else { return }
      let text = String(decoding: raw, as: UTF8.self)
      document.paymentTermsNote = document.paymentTermsNote.map { $0 + "\n" + text } ?? text
    case .allowance(let onLine, let f):
      if onLine {
        guard let i = document.lines.indices.last, let j = document.lines[i].allowanceCharges.indices.last else { return }
        var ac = document.lines[i].allowanceCharges[j]
        fill(&ac, f, bytes: bytes, line: line)
        document.lines[i].allowanceCharges[j] = ac
      } else {
        guard let i = document.allowanceCharges.indices.last else { return }
        var ac = document.allowanceCharges[i]
        fill(&ac, f, bytes: bytes, line: line)
        document.allowanceCharges[i] = ac
      }
    case .taxTotalAmount:
      guard let i = document.taxTotals.indices.last else { return }
      document.taxTotals[i].taxAmount = amount(bytes, line: line)
      document.taxTotals[i].currency = attributes.currencyID
    case .subtotal(let f):
      guard let i = document.taxTotals.indices.last, let j = document.taxTotals[i].subtotals.indices.last else { return }
      switch f {
      case .taxable: document.taxTotals[i].subtotals[j].taxableAmount = amount(bytes, line: line)
      case .tax: document.taxTotals[i].subtotals[j].taxAmount = amount(bytes, line: line)
      case .category: document.taxTotals[i].subtotals[j].category = string(bytes)
      case .percent: document.taxTotals[i].subtotals[j].percent = amount(bytes, line: line)
      case .scheme: document.taxTotals[i].subtotals[j].taxScheme = string(bytes)
      case .exemptionReason: document.taxTotals[i].subtotals[j].exemptionReason = string(bytes)
      case .exemptionReasonCode: document.taxTotals[i].subtotals[j].exemptionReasonCode = string(bytes)
      }
    case .total(let f):
      let a = amount(bytes, line: line)
      if let currency = attributes.currencyID, currencyFallback == nil || f == .payable { currencyFallback = currency }
      switch f {
      case .lineExtension: document.totals.lineExtension = a
      case .taxExclusive: document.totals.taxExclusive = a
      case .taxInclusive: document.totals.taxInclusive = a
      case .allowances: document.totals.allowances = a
      case .charges: document.totals.charges = a
      case .prepaid: document.totals.prepaid = a
      case .rounding: document.totals.rounding = a
      case .payable: document.totals.payable = a
      }
    case .line(let f):
      guard let i = document.lines.indices.last else { return }
      switch f {
      case .id: document.lines[i].id = string(bytes)
      case .quantity:
        document.lines[i].quantity = amount(bytes, line: line)
        document.lines[i].unitCode = attributes.unitCode
      case .amount: document.lines[i].amount = amount(bytes, line: line)
      case .name: document.lines[i].name = string(bytes)
      case .description: document.lines[i].description = string(bytes)
      case .itemID: document.lines[i].itemID = string(bytes)
      case .vatCategory: document.lines[i].vatCategory = string(bytes)
      case .vatRate: document.lines[i].vatRate = amount(bytes, line: line)
      case .price: document.lines[i].price = amount(bytes, line: line)
      case .baseQuantity: document.lines[i].baseQuantity = amount(bytes, line: line)
      }
    case .attachment(let f):
      guard let i = document.attachments.indices.last else { return }
      switch f {
      case .id: document.attachments[i].id = string(bytes)
      case .description: document.attachments[i].description = string(bytes)
      case .typeCode:
        let code = string(bytes)
        attachmentIsReference[i] = code == "130" || code == "50"
      case .binary:
        document.attachments[i].mimeType = attributes.mimeCode
        document.attachments[i].filename = attributes.filename
        document.attachments[i].size = binaryCharacters * 3 / 4
      case .uri: document.attachments[i].uri = string(bytes)
      }
    }
  }

  private static func fillParty(_ party: inout Party, _ field: UBLField.PartyField, value: String?, scheme: String?) {
    switch field {
    case .endpoint: if let value { party.endpoint = PartyIdentifier(scheme: scheme, value: value) }
    case .identification:
      // SEPA creditor ids sit here too; they identify a mandate scheme, not the party.
      if let value, scheme?.uppercased() != "SEPA" { party.add(PartyIdentifier(scheme: scheme, value: value)) }
    case .tradingName: if party.tradingName == nil { party.tradingName = value }
    case .legalName: party.legalName = value
    case .legalCompanyID: if let value { party.add(PartyIdentifier(scheme: scheme, value: value)) }
    case .taxCompanyID, .taxSchemeID: break  // collected by `end` until the tax scheme closes
    case .street: party.address.street = value
    case .additionalStreet: party.address.additionalStreet = value
    case .addressLine: if let value { party.address.lines.append(value) }
    case .city: party.address.city = value
    case .postalCode: party.address.postalCode = value
    case .region: party.address.region = value
    case .country: party.address.country = value
    case .contactName: party.contact.name = value
    case .telephone: party.contact.telephone = value
    case .email: party.contact.email = value
    }
  }

  private mutating func fill(_ ac: inout AllowanceCharge, _ field: UBLField.AllowanceField, bytes: UnsafeBufferPointer<UInt8>, line: Int) {
    switch field {
    case .indicator:
      // xs:boolean: true/false or 1/0.
      ac.isCharge = bytes.elementsEqual("true".utf8) || bytes.elementsEqual("1".utf8)
    case .amount: ac.amount = amount(bytes, line: line)
    case .baseAmount: ac.baseAmount = amount(bytes, line: line)
    case .percentage: ac.percentage = amount(bytes, line: line)
    case .reason: ac.reason = string(bytes)
    case .reasonCode: ac.reasonCode = string(bytes)
    case .taxCategory: ac.taxCategory = string(bytes)
    case .taxRate: ac.taxRate = amount(bytes, line: line)
    }
  }

  // MARK: Finish

  mutating func finish() -> UBLReadResult {
    // Invoiced-object and project references (type codes 130 and 50) are identifiers, not
    // attachments (EN 16931 BG-24). One that embeds a file is not dropped in silence: a warning
    // names it, and a PDF is kept when the invoice has no other PDF.
    let kept = zip(document.attachments, attachmentIsReference).filter { !$0.1 }.map(\.0)
    let hasPDF = kept.contains { $0.size != nil && $0.mimeType == "application/pdf" }
    var extra: [Attachment] = []
    for (attachment, isReference) in zip(document.attachments, attachmentIsReference) where isReference && attachment.size != nil {
      let name = attachment.filename ?? attachment.id ?? "attachment \((attachment.position ?? 0) + 1)"
      let keep = !hasPDF && extra.isEmpty && attachment.mimeType == "application/pdf"
      warnings.append(
        Finding(
          .warning, rule: "TL-ATTACHMENT",
          "\(name) is embedded in an AdditionalDocumentReference with a DocumentTypeCode (130 or 50) that EN 16931 does not count as an attachment; "
            + (keep ? "it is the invoice's only PDF, so Thinline keeps it as the attachment" : "Thinline does not pass it on"),
          at: SourceLocation(file: document.source, path: "/\(rootName)/cac:AdditionalDocumentReference[\((attachment.position ?? 0) + 1)]")
        ))
      if keep { extra.append(attachment) }
    }
    document.attachments = kept + extra
    if document.dueDate == nil {
      document.dueDate = document.paymentMeans.lazy.compactMap(\.dueDate).first
    }
    let file = document.source
    let root = rootName
    func missing(_ what: String, _ path: String) {
      warnings.append(
        Finding(.warning, rule: "TL-MISSING", "\(what) is missing; left empty", at: SourceLocation(file: file, path: "/\(root)/\(path)")))
    }
    if document.number == nil { missing("the document number (cbc:ID)", "cbc:ID") }
    if document.issueDate == nil { missing("the issue date", "cbc:IssueDate") }
    if document.currency == nil {
      if let fallback = currencyFallback {
        document.currency = fallback
        warnings.append(
          Finding(
            .warning, rule: "TL-MISSING",
            "cbc:DocumentCurrencyCode is missing; using \(fallback) from the amounts' currencyID",
            at: SourceLocation(file: file, path: "/\(root)/cbc:DocumentCurrencyCode")))
      } else {
        missing("the currency (cbc:DocumentCurrencyCode)", "cbc:DocumentCurrencyCode")
      }
    }
    if document.totals.payable == nil { missing("the amount due (PayableAmount)", "cac:LegalMonetaryTotal/cbc:PayableAmount") }
    if document.buyer?.name == nil { missing("the buyer's name", "cac:AccountingCustomerParty") }
    return UBLReadResult(document: document, warnings: warnings)
  }
}

extension Party {
  mutating func add(_ id: PartyIdentifier) {
    if !identifiers.contains(id) { identifiers.append(id) }
  }
}
