/// What Thinline reads from a UBL element, identified by its path below the root.
enum UBLField: Sendable {
  enum PartyField: Sendable {
    case endpoint, identification, tradingName, legalName, legalCompanyID, taxCompanyID, taxSchemeID
    case street, additionalStreet, addressLine, city, postalCode, region, country
    case contactName, telephone, email
  }
  enum PaymentMeansField: Sendable { case code, paymentID, dueDate, iban, accountName, bic }
  enum AllowanceField: Sendable { case indicator, amount, baseAmount, percentage, reason, reasonCode, taxCategory, taxRate }
  enum SubtotalField: Sendable { case taxable, tax, category, percent, scheme, exemptionReason, exemptionReasonCode }
  enum TotalField: Sendable { case lineExtension, taxExclusive, taxInclusive, allowances, charges, prepaid, rounding, payable }
  enum LineField: Sendable { case id, quantity, amount, name, description, itemID, vatCategory, vatRate, price, baseQuantity }
  enum AttachmentField: Sendable { case id, description, typeCode, binary, uri }

  case number, customizationID, profileID, issueDate, dueDate, typeCode, currency, taxCurrency, buyerReference, note
  case orderReference, contractReference, projectReference, billingReferenceID, billingReferenceDate
  case party(seller: Bool, PartyField)
  case paymentMeans(PaymentMeansField)
  case paymentTermsNote
  case allowance(onLine: Bool, AllowanceField)
  case taxTotalAmount
  case subtotal(SubtotalField)
  case total(TotalField)
  case line(LineField)
  case attachment(AttachmentField)

  /// Which attribute the element carries that Thinline needs.
  var attribute: AttributeNeed {
    switch self {
    case .taxTotalAmount, .total: return .currency
    case .party(_, .endpoint), .party(_, .identification), .party(_, .legalCompanyID), .party(_, .taxCompanyID): return .scheme
    case .line(.quantity), .line(.baseQuantity): return .unit
    case .attachment(.binary): return .binary
    default: return .none
    }
  }
}

enum AttributeNeed { case none, currency, scheme, unit, binary }

/// Aggregates opened when their element starts.
enum UBLStart: Sendable {
  case line, documentAllowance, lineAllowance, taxTotal, taxSubtotal, paymentMeans, attachment, monetaryTotal
  case party(seller: Bool)
}

/// A state machine over element paths: each known path prefix is a state, so matching an element
/// costs one table lookup, whatever the namespace prefixes or the document's size.
final class PathTable: Sendable {
  static let shared = PathTable()

  /// Local name → name id (only names that occur in a known path).
  let nameIDs: [String: UInt32]
  /// Child state at `state * stride + name id`, -1 where Thinline reads nothing: a flat table,
  /// one load per element.
  let transitions: [Int32]
  let stride: Int
  let fields: [UBLField?]
  let starts: [UBLStart?]
  /// States whose end completes a party's tax scheme (VAT id and its scheme are known then).
  let partyTaxSchemeEnds: [Bool?]

  private init() {
    var names: [String: UInt32] = [:]
    var transitions: [UInt32: Int32] = [:]
    var fields: [UBLField?] = [nil]
    var starts: [UBLStart?] = [nil]
    var taxEnds: [Bool?] = [nil]
    func state(_ path: String) -> Int {
      var current: Int32 = 0
      for name in path.split(separator: "/").map(String.init) {
        let id =
          names[name]
          ?? {
            let n = UInt32(names.count + 1); names[name] = n; return n
          }()
        let key = UInt32(current) << 16 | id
        if let next = transitions[key] {
          current = next
        } else {
          fields.append(nil)
          starts.append(nil)
          taxEnds.append(nil)
          let next = Int32(fields.count - 1)
          transitions[key] = next
          current = next
        }
      }
      return Int(current)
    }
    func field(_ path: String, _ f: UBLField) { fields[state(path)] = f }
    func start(_ path: String, _ s: UBLStart) { starts[state(path)] = s }

    field("ID", .number)
    field("CustomizationID", .customizationID)
    field("ProfileID", .profileID)
    field("IssueDate", .issueDate)
    field("DueDate", .dueDate)
    field("InvoiceTypeCode", .typeCode)
    field("CreditNoteTypeCode", .typeCode)
    field("DocumentCurrencyCode", .currency)
    field("TaxCurrencyCode", .taxCurrency)
    field("BuyerReference", .buyerReference)
    field("Note", .note)
    field("OrderReference/ID", .orderReference)
    field("ContractDocumentReference/ID", .contractReference)
    field("ProjectReference/ID", .projectReference)
    for reference in ["InvoiceDocumentReference", "CreditNoteDocumentReference"] {
      field("BillingReference/\(reference)/ID", .billingReferenceID)
      field("BillingReference/\(reference)/IssueDate", .billingReferenceDate)
    }
    for (role, seller) in [("AccountingSupplierParty", true), ("AccountingCustomerParty", false)] {
      start(role, .party(seller: seller))
      let p = role + "/Party/"
      field(p + "EndpointID", .party(seller: seller, .endpoint))
      field(p + "PartyIdentification/ID", .party(seller: seller, .identification))
      field(p + "PartyName/Name", .party(seller: seller, .tradingName))
      field(p + "PartyLegalEntity/RegistrationName", .party(seller: seller, .legalName))
      field(p + "PartyLegalEntity/CompanyID", .party(seller: seller, .legalCompanyID))
      field(p + "PartyTaxScheme/CompanyID", .party(seller: seller, .taxCompanyID))
      field(p + "PartyTaxScheme/TaxScheme/ID", .party(seller: seller, .taxSchemeID))
      taxEnds[state(p + "PartyTaxScheme")] = seller
      field(p + "PostalAddress/StreetName", .party(seller: seller, .street))
      field(p + "PostalAddress/AdditionalStreetName", .party(seller: seller, .additionalStreet))
      field(p + "PostalAddress/AddressLine/Line", .party(seller: seller, .addressLine))
      field(p + "PostalAddress/CityName", .party(seller: seller, .city))
      field(p + "PostalAddress/PostalZone", .party(seller: seller, .postalCode))
      field(p + "PostalAddress/CountrySubentity", .party(seller: seller, .region))
      field(p + "PostalAddress/Country/IdentificationCode", .party(seller: seller, .country))
      field(p + "Contact/Name", .party(seller: seller, .contactName))
      field(p + "Contact/Telephone", .party(seller: seller, .telephone))
      field(p + "Contact/ElectronicMail", .party(seller: seller, .email))
    }
    start("PaymentMeans", .paymentMeans)
    field("PaymentMeans/PaymentMeansCode", .paymentMeans(.code))
    field("PaymentMeans/PaymentID", .paymentMeans(.paymentID))
    field("PaymentMeans/PaymentDueDate", .paymentMeans(.dueDate))
    field("PaymentMeans/PayeeFinancialAccount/ID", .paymentMeans(.iban))
    field("PaymentMeans/PayeeFinancialAccount/Name", .paymentMeans(.accountName))
    field("PaymentMeans/PayeeFinancialAccount/FinancialInstitutionBranch/ID", .paymentMeans(.bic))
    field("PaymentTerms/Note", .paymentTermsNote)

    func allowance(_ prefix: String, onLine: Bool) {
      start(prefix, onLine ? .lineAllowance : .documentAllowance)
      field(prefix + "/ChargeIndicator", .allowance(onLine: onLine, .indicator))
      field(prefix + "/Amount", .allowance(onLine: onLine, .amount))
      field(prefix + "/BaseAmount", .allowance(onLine: onLine, .baseAmount))
      field(prefix + "/MultiplierFactorNumeric", .allowance(onLine: onLine, .percentage))
      field(prefix + "/AllowanceChargeReason", .allowance(onLine: onLine, .reason))
      field(prefix + "/AllowanceChargeReasonCode", .allowance(onLine: onLine, .reasonCode))
      field(prefix + "/TaxCategory/ID", .allowance(onLine: onLine, .taxCategory))
      field(prefix + "/TaxCategory/Percent", .allowance(onLine: onLine, .taxRate))
    }
    allowance("AllowanceCharge", onLine: false)

    start("TaxTotal", .taxTotal)
    field("TaxTotal/TaxAmount", .taxTotalAmount)
    start("TaxTotal/TaxSubtotal", .taxSubtotal)
    field("TaxTotal/TaxSubtotal/TaxableAmount", .subtotal(.taxable))
    field("TaxTotal/TaxSubtotal/TaxAmount", .subtotal(.tax))
    field("TaxTotal/TaxSubtotal/TaxCategory/ID", .subtotal(.category))
    field("TaxTotal/TaxSubtotal/TaxCategory/Percent", .subtotal(.percent))
    field("TaxTotal/TaxSubtotal/TaxCategory/TaxScheme/ID", .subtotal(.scheme))
    field("TaxTotal/TaxSubtotal/TaxCategory/TaxExemptionReason", .subtotal(.exemptionReason))
    field("TaxTotal/TaxSubtotal/TaxCategory/TaxExemptionReasonCode", .subtotal(.exemptionReasonCode))

    start("LegalMonetaryTotal", .monetaryTotal)
    let totals: [(String, UBLField.TotalField)] = [
      ("LineExtensionAmount", .lineExtension), ("TaxExclusiveAmount", .taxExclusive), ("TaxInclusiveAmount", .taxInclusive),
      ("AllowanceTotalAmount", .allowances), ("ChargeTotalAmount", .charges), ("PrepaidAmount", .prepaid),
      ("PayableRoundingAmount", .rounding), ("PayableAmount", .payable),
    ]
    for (name, f) in totals { field("LegalMonetaryTotal/" + name, .total(f)) }

    for (line, quantity) in [("InvoiceLine", "InvoicedQuantity"), ("CreditNoteLine", "CreditedQuantity")] {
      start(line, .line)
      field(line + "/ID", .line(.id))
      field(line + "/" + quantity, .line(.quantity))
      field(line + "/LineExtensionAmount", .line(.amount))
      field(line + "/Item/Name", .line(.name))
      field(line + "/Item/Description", .line(.description))
      field(line + "/Item/SellersItemIdentification/ID", .line(.itemID))
      field(line + "/Item/ClassifiedTaxCategory/ID", .line(.vatCategory))
      field(line + "/Item/ClassifiedTaxCategory/Percent", .line(.vatRate))
      field(line + "/Price/PriceAmount", .line(.price))
      field(line + "/Price/BaseQuantity", .line(.baseQuantity))
      allowance(line + "/AllowanceCharge", onLine: true)
    }

    start("AdditionalDocumentReference", .attachment)
    field("AdditionalDocumentReference/ID", .attachment(.id))
    field("AdditionalDocumentReference/DocumentDescription", .attachment(.description))
    field("AdditionalDocumentReference/DocumentTypeCode", .attachment(.typeCode))
    field("AdditionalDocumentReference/Attachment/EmbeddedDocumentBinaryObject", .attachment(.binary))
    field("AdditionalDocumentReference/Attachment/ExternalReference/URI", .attachment(.uri))

    self.nameIDs = names
    let stride = names.count + 1
    var flat = [Int32](repeating: -1, count: fields.count * stride)
    for (key, child) in transitions { flat[Int(key >> 16) * stride + Int(key & 0xFFFF)] = child }
    self.transitions = flat
    self.stride = stride
    self.fields = fields
    self.starts = starts
    self.partyTaxSchemeEnds = taxEnds
  }

  /// The child state of `state` for the element named `nameID`, or -1 when Thinline reads nothing there.
  @inline(__always) func child(of state: Int32, name nameID: UInt32) -> Int32 {
    guard state >= 0, nameID != 0 else { return -1 }
    return transitions[Int(state) * stride + Int(nameID)]
  }
}
