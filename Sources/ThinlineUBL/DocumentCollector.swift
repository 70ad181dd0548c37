import Foundation
import ThinlineCore

/// Turns the stream of UBL elements into a `Document`.
///
/// Paths are local names below the root (`["LegalMonetaryTotal", "PayableAmount"]`). Aggregates
/// that repeat (lines, parties, tax totals …) are opened when their element starts and filled
/// as their children end.
struct DocumentCollector {
  var document: Document
  var warnings: [Finding] = []
  var rootName = "Invoice"
  var pendingAttributes = Attributes()
  /// The current element path with `cac:`/`cbc:` prefixes, for messages.
  var prefixedPath: [String] = []
  /// Set to capture the base64 text of one attachment (0-based) instead of only measuring it.
  var captureAttachment: Int? = nil
  var capturedBase64: String? = nil
  private var attachmentIndex = -1
  private var binaryCharacters = 0
  private var pendingTaxCompanyID: (value: String, scheme: String?)? = nil
  private var pendingTaxSchemeID: String? = nil
  private var lineDueFromPaymentMeans: CalendarDate? = nil
  private var attachmentIsObjectReference: [Bool] = []
  private var currencyFallback: String? = nil

  init(source: String) {
    document = Document(source: source, kind: .invoice)
  }

  mutating func begin(kind: Document.Kind, rootName: String) {
    document.kind = kind
    self.rootName = rootName
  }

  func displayPath(_ path: [String]) -> String {
    "/" + ([rootName] + path).joined(separator: "/")
  }

  func wantsText(_ path: [String]) -> Bool { true }

  func isCapturingBinary(_ path: [String]) -> Bool {
    path.count == 3 && path[0] == "AdditionalDocumentReference" && path[2] == "EmbeddedDocumentBinaryObject"
  }

  /// Counts base64 characters (and keeps them when this is the attachment asked for).
  mutating func consumeBinary(_ pointer: UnsafePointer<UInt8>) -> Int {
    var count = 0
    var p = pointer
    while p.pointee != 0 {
      let b = p.pointee
      if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2F {
        count += 1
      }
      p += 1
    }
    if captureAttachment == attachmentIndex {
      capturedBase64 = (capturedBase64 ?? "") + String(cString: pointer)
    }
    return count
  }

  private mutating func warn(_ message: String, line: Int, path: [String]) {
    warnings.append(
      Finding(.warning, rule: "TL-READ", message, at: SourceLocation(file: document.source, line: line, path: displayPath(prefixedPath))))
  }

  private mutating func amount(_ text: String, line: Int, path: [String]) -> ExactDecimal? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty { return nil }
    guard let value = ExactDecimal(xsDecimal: trimmed) else {
      warn("\"\(trimmed)\" is not a decimal number (expected e.g. 1210.00); left empty", line: line, path: path)
      return nil
    }
    return value
  }

  private mutating func date(_ text: String, line: Int, path: [String]) -> CalendarDate? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty { return nil }
    guard let value = CalendarDate(iso: trimmed) else {
      warn("\"\(trimmed)\" is not a date (expected YYYY-MM-DD); left empty", line: line, path: path)
      return nil
    }
    return value
  }

  // MARK: Element start: open repeating aggregates.

  mutating func start(_ path: [String], line: Int) {
    let name = path[path.count - 1]
    switch path.count {
    case 1:
      switch name {
      case "InvoiceLine", "CreditNoteLine": document.lines.append(Line())
      case "AllowanceCharge": document.allowanceCharges.append(AllowanceCharge(isCharge: false))
      case "TaxTotal":
        var total = TaxTotal()
        total.sourceLine = line
        document.taxTotals.append(total)
      case "PaymentMeans": document.paymentMeans.append(PaymentMeans())
      case "AdditionalDocumentReference":
        attachmentIndex += 1
        document.attachments.append(Attachment())
        attachmentIsObjectReference.append(false)
      case "LegalMonetaryTotal":
        document.totals.present = true
        document.totals.sourceLine = line
      case "AccountingSupplierParty": if document.seller == nil { document.seller = Party() }
      case "AccountingCustomerParty": if document.buyer == nil { document.buyer = Party() }
      default: break
      }
    case 2:
      if path[0] == "TaxTotal" && name == "TaxSubtotal", !document.taxTotals.isEmpty {
        var subtotal = TaxSubtotal()
        subtotal.sourceLine = line
        document.taxTotals[document.taxTotals.count - 1].subtotals.append(subtotal)
      } else if isLine(path[0]) && name == "AllowanceCharge", !document.lines.isEmpty {
        document.lines[document.lines.count - 1].allowanceCharges.append(AllowanceCharge(isCharge: false))
      }
    default: break
    }
  }

  private func isLine(_ name: String) -> Bool { name == "InvoiceLine" || name == "CreditNoteLine" }

  // MARK: Element end: fill in values.

  mutating func end(_ path: [String], text rawText: String, attributes: Attributes, line: Int, textBytes: Int) {
    let text = rawText.trimmingCharacters(in: .whitespacesAndNewlines)
    let value: String? = text.isEmpty ? nil : text
    switch path[0] {
    case "ID" where path.count == 1: document.number = value
    case "CustomizationID" where path.count == 1: document.customizationID = value
    case "ProfileID" where path.count == 1: document.profileID = value
    case "IssueDate" where path.count == 1: document.issueDate = date(text, line: line, path: path)
    case "DueDate" where path.count == 1: document.dueDate = date(text, line: line, path: path)
    case "InvoiceTypeCode", "CreditNoteTypeCode": if path.count == 1 { document.typeCode = value }
    case "DocumentCurrencyCode" where path.count == 1:
      document.currency = value
      document.declaredCurrencyText = rawText
    case "TaxCurrencyCode" where path.count == 1: document.taxCurrency = value
    case "BuyerReference" where path.count == 1: document.buyerReference = value
    case "Note" where path.count == 1: if let value { document.notes.append(value) }
    case "OrderReference" where path == ["OrderReference", "ID"]: document.orderReference = value
    case "ContractDocumentReference" where path == ["ContractDocumentReference", "ID"]: document.contractReference = value
    case "ProjectReference" where path == ["ProjectReference", "ID"]: document.projectReference = value
    case "BillingReference":
      if path.count == 3, path[1] == "InvoiceDocumentReference" || path[1] == "CreditNoteDocumentReference" {
        if path[2] == "ID", let value {
          document.billingReferences.append(BillingReference(number: value))
        } else if path[2] == "IssueDate", !document.billingReferences.isEmpty {
          document.billingReferences[document.billingReferences.count - 1].issueDate = date(text, line: line, path: path)
        }
      }
    case "AccountingSupplierParty", "AccountingCustomerParty":
      guard path.count >= 3, path[1] == "Party" else { return }
      let isSeller = path[0] == "AccountingSupplierParty"
      var party = (isSeller ? document.seller : document.buyer) ?? Party()
      fillParty(&party, Array(path[2...]), value: value, attributes: attributes)
      if isSeller { document.seller = party } else { document.buyer = party }
    case "PaymentMeans":
      guard !document.paymentMeans.isEmpty else { return }
      let i = document.paymentMeans.count - 1
      switch Array(path.dropFirst()) {
      case ["PaymentMeansCode"]: document.paymentMeans[i].code = value
      case ["PaymentID"]: document.paymentMeans[i].paymentID = value
      case ["PaymentDueDate"]: document.paymentMeans[i].dueDate = date(text, line: line, path: path)
      case ["PayeeFinancialAccount", "ID"]: document.paymentMeans[i].iban = value
      case ["PayeeFinancialAccount", "Name"]: document.paymentMeans[i].accountName = value
      case ["PayeeFinancialAccount", "FinancialInstitutionBranch", "ID"]: document.paymentMeans[i].bic = value
      default: break
      }
    case "PaymentTerms" where path == ["PaymentTerms", "Note"]:
      // Line breaks matter here (XRechnung #SKONTO# lines): keep the text as written.
      if value != nil {
        document.paymentTermsNote = document.paymentTermsNote.map { $0 + "\n" + rawText } ?? rawText
      }
    case "AllowanceCharge" where path.count >= 2:
      guard !document.allowanceCharges.isEmpty else { return }
      let i = document.allowanceCharges.count - 1
      var ac = document.allowanceCharges[i]
      allowanceCharge(&ac, Array(path.dropFirst()), text: text, line: line, path: path)
      document.allowanceCharges[i] = ac
    case "TaxTotal":
      guard !document.taxTotals.isEmpty else { return }
      let i = document.taxTotals.count - 1
      if path == ["TaxTotal", "TaxAmount"] {
        document.taxTotals[i].taxAmount = amount(text, line: line, path: path)
        document.taxTotals[i].currency = attributes.currencyID
      } else if path.count >= 3, path[1] == "TaxSubtotal", !document.taxTotals[i].subtotals.isEmpty {
        let j = document.taxTotals[i].subtotals.count - 1
        switch Array(path.dropFirst(2)) {
        case ["TaxableAmount"]: document.taxTotals[i].subtotals[j].taxableAmount = amount(text, line: line, path: path)
        case ["TaxAmount"]: document.taxTotals[i].subtotals[j].taxAmount = amount(text, line: line, path: path)
        case ["TaxCategory", "ID"]: document.taxTotals[i].subtotals[j].category = value
        case ["TaxCategory", "Percent"]: document.taxTotals[i].subtotals[j].percent = amount(text, line: line, path: path)
        case ["TaxCategory", "TaxScheme", "ID"]: document.taxTotals[i].subtotals[j].taxScheme = value
        case ["TaxCategory", "TaxExemptionReason"]: document.taxTotals[i].subtotals[j].exemptionReason = value
        case ["TaxCategory", "TaxExemptionReasonCode"]: document.taxTotals[i].subtotals[j].exemptionReasonCode = value
        default: break
        }
      }
    case "LegalMonetaryTotal" where path.count == 2:
      let a = amount(text, line: line, path: path)
      if currencyFallback == nil, let currency = attributes.currencyID { currencyFallback = currency }
      switch path[1] {
      case "LineExtensionAmount": document.totals.lineExtension = a
      case "TaxExclusiveAmount": document.totals.taxExclusive = a
      case "TaxInclusiveAmount": document.totals.taxInclusive = a
      case "AllowanceTotalAmount": document.totals.allowances = a
      case "ChargeTotalAmount": document.totals.charges = a
      case "PrepaidAmount": document.totals.prepaid = a
      case "PayableRoundingAmount": document.totals.rounding = a
      case "PayableAmount":
        document.totals.payable = a
        if let currency = attributes.currencyID { currencyFallback = currency }
      default: break
      }
    case "InvoiceLine", "CreditNoteLine":
      guard path.count >= 2, !document.lines.isEmpty, path[1] != "SubInvoiceLine" else { return }
      let i = document.lines.count - 1
      var l = document.lines[i]
      lineValue(&l, Array(path.dropFirst()), text: text, attributes: attributes, line: line, path: path)
      document.lines[i] = l
    case "AdditionalDocumentReference":
      guard path.count >= 2, !document.attachments.isEmpty else { return }
      let i = document.attachments.count - 1
      switch Array(path.dropFirst()) {
      case ["ID"]: document.attachments[i].id = value
      case ["DocumentDescription"]: document.attachments[i].description = value
      case ["DocumentTypeCode"]: attachmentIsObjectReference[i] = (value == "130" || value == "50")
      case ["Attachment", "EmbeddedDocumentBinaryObject"]:
        document.attachments[i].mimeType = attributes.mimeCode
        document.attachments[i].filename = attributes.filename
        document.attachments[i].size = textBytes * 3 / 4
      case ["Attachment", "ExternalReference", "URI"]: document.attachments[i].uri = value
      default: break
      }
    default: break
    }
  }

  private mutating func fillParty(_ party: inout Party, _ rel: [String], value: String?, attributes: Attributes) {
    switch rel {
    case ["EndpointID"]:
      if let value { party.endpoint = PartyIdentifier(scheme: attributes.schemeID, value: value) }
    case ["PartyIdentification", "ID"]:
      // SEPA creditor ids sit here too; they identify a mandate scheme, not the party.
      if let value, attributes.schemeID?.uppercased() != "SEPA" {
        append(&party, PartyIdentifier(scheme: attributes.schemeID, value: value))
      }
    case ["PartyName", "Name"]: if party.tradingName == nil { party.tradingName = value }
    case ["PartyLegalEntity", "RegistrationName"]: party.legalName = value
    case ["PartyLegalEntity", "CompanyID"]:
      if let value { append(&party, PartyIdentifier(scheme: attributes.schemeID, value: value)) }
    case ["PartyTaxScheme", "CompanyID"]:
      if let value { pendingTaxCompanyID = (value, attributes.schemeID) }
    case ["PartyTaxScheme", "TaxScheme", "ID"]:
      pendingTaxSchemeID = value
    case ["PartyTaxScheme"]:
      if let company = pendingTaxCompanyID {
        let isVAT = (pendingTaxSchemeID ?? "VAT").uppercased() == "VAT"
        append(&party, PartyIdentifier(scheme: isVAT ? "vat" : (pendingTaxSchemeID ?? company.scheme), value: company.value))
      }
      pendingTaxCompanyID = nil
      pendingTaxSchemeID = nil
    case ["PostalAddress", "StreetName"]: party.address.street = value
    case ["PostalAddress", "AdditionalStreetName"]: party.address.additionalStreet = value
    case ["PostalAddress", "AddressLine", "Line"]: if let value { party.address.lines.append(value) }
    case ["PostalAddress", "CityName"]: party.address.city = value
    case ["PostalAddress", "PostalZone"]: party.address.postalCode = value
    case ["PostalAddress", "CountrySubentity"]: party.address.region = value
    case ["PostalAddress", "Country", "IdentificationCode"]: party.address.country = value
    case ["Contact", "Name"]: party.contact.name = value
    case ["Contact", "Telephone"]: party.contact.telephone = value
    case ["Contact", "ElectronicMail"]: party.contact.email = value
    default: break
    }
  }

  private func append(_ party: inout Party, _ id: PartyIdentifier) {
    if !party.identifiers.contains(id) { party.identifiers.append(id) }
  }

  private mutating func allowanceCharge(_ ac: inout AllowanceCharge, _ rel: [String], text: String, line: Int, path: [String]) {
    switch rel {
    case ["ChargeIndicator"]: ac.isCharge = text == "true" || text == "1"
    case ["Amount"]: ac.amount = amount(text, line: line, path: path)
    case ["BaseAmount"]: ac.baseAmount = amount(text, line: line, path: path)
    case ["MultiplierFactorNumeric"]: ac.percentage = amount(text, line: line, path: path)
    case ["AllowanceChargeReason"]: ac.reason = text.isEmpty ? nil : text
    case ["AllowanceChargeReasonCode"]: ac.reasonCode = text.isEmpty ? nil : text
    case ["TaxCategory", "ID"]: ac.taxCategory = text.isEmpty ? nil : text
    case ["TaxCategory", "Percent"]: ac.taxRate = amount(text, line: line, path: path)
    default: break
    }
  }

  private mutating func lineValue(_ l: inout Line, _ rel: [String], text: String, attributes: Attributes, line: Int, path: [String]) {
    let value: String? = text.isEmpty ? nil : text
    switch rel {
    case ["ID"]: l.id = value
    case ["InvoicedQuantity"], ["CreditedQuantity"]:
      l.quantity = amount(text, line: line, path: path)
      l.unitCode = attributes.unitCode
    case ["LineExtensionAmount"]: l.amount = amount(text, line: line, path: path)
    case ["Item", "Name"]: l.name = value
    case ["Item", "Description"]: l.description = value
    case ["Item", "SellersItemIdentification", "ID"]: l.itemID = value
    case ["Item", "ClassifiedTaxCategory", "ID"]: l.vatCategory = value
    case ["Item", "ClassifiedTaxCategory", "Percent"]: l.vatRate = amount(text, line: line, path: path)
    case ["Price", "PriceAmount"]: l.price = amount(text, line: line, path: path)
    case ["Price", "BaseQuantity"]: l.baseQuantity = amount(text, line: line, path: path)
    default:
      if rel.count >= 2, rel[0] == "AllowanceCharge", !l.allowanceCharges.isEmpty {
        allowanceCharge(&l.allowanceCharges[l.allowanceCharges.count - 1], Array(rel.dropFirst()), text: text, line: line, path: path)
      }
    }
  }

  // MARK: Finish

  mutating func finish() -> UBLReadResult {
    // Invoiced-object and project references (type codes 130 and 50) are identifiers, not attachments.
    document.attachments = zip(document.attachments, attachmentIsObjectReference).filter { !$0.1 }.map(\.0)
    if document.dueDate == nil {
      document.dueDate = document.paymentMeans.lazy.compactMap(\.dueDate).first
    }
    let file = document.source
    func missing(_ what: String, _ path: String) {
      warnings.append(
        Finding(.warning, rule: "TL-MISSING", "\(what) is missing; left empty", at: SourceLocation(file: file, path: "/\(rootName)/\(path)")))
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
            at: SourceLocation(file: file, path: "/\(rootName)/cbc:DocumentCurrencyCode")))
      } else {
        missing("the currency (cbc:DocumentCurrencyCode)", "cbc:DocumentCurrencyCode")
      }
    }
    if document.totals.payable == nil { missing("the amount due (PayableAmount)", "cac:LegalMonetaryTotal/cbc:PayableAmount") }
    if document.buyer?.name == nil { missing("the buyer's name", "cac:AccountingCustomerParty") }
    return UBLReadResult(document: document, warnings: warnings)
  }
}
