import ThinlineCore

/// The columns Thinline reads from billing-package CSV exports.
public enum CSVField: Int, CaseIterable, Sendable {
  case invoiceNumber, customerNumber, customerName, issueDate, dueDate, currency, total, outstanding, paid
  case documentType, creditFor, status, line, itemID, description, quantity, unitPrice, vatRate, lineAmount
  case taxAmount, paymentDate, amount, refunded, reference, date, reminderKind, channel, vatNumber, kvkNumber, email
  /// The payment reference the creditor issued for an invoice (betalingskenmerk, RF…).
  case paymentReference

  /// The field's name in messages (`issueDate`).
  public var name: String { String(describing: self) }

  /// The field's key in the configuration's `csv:` mappings (`issue_date`).
  public var key: String {
    switch self {
    case .invoiceNumber: "invoice_number"
    case .customerNumber: "customer_number"
    case .customerName: "customer_name"
    case .issueDate: "issue_date"
    case .dueDate: "due_date"
    case .documentType: "document_type"
    case .creditFor: "credited_invoice"
    case .itemID: "item_id"
    case .unitPrice: "unit_price"
    case .vatRate: "vat_rate"
    case .lineAmount: "line_amount"
    case .taxAmount: "tax_amount"
    case .paymentDate: "payment_date"
    case .date: "reminder_date"
    case .reminderKind: "reminder_kind"
    case .vatNumber: "vat_number"
    case .kvkNumber: "kvk_number"
    case .paymentReference: "payment_reference"
    default: name
    }
  }

  public static func field(forKey key: String) -> CSVField? { allCases.first { $0.key == key } }
}

/// What a CSV file holds, decided from its columns.
public enum CSVKind: String, Sendable, CaseIterable {
  case invoices, invoiceLines = "invoice_lines", openItems = "open_items", payments, reminders
}

/// The order of day and month (and year) in a file's dates that are not ISO.
public enum DateOrder: String, Sendable, CaseIterable {
  case dmy, mdy, ymd
}

/// How a file tells a credit note from an invoice.
public enum SignConvention: String, Sendable, CaseIterable {
  /// A negative total or open amount is a credit note (or a credit balance); a type column may also say so.
  case negativeIsCredit = "negative_is_credit"
  /// Amounts are positive; only the document-type column tells a credit note. A negative amount is an error.
  case typeColumn = "type_column"
}

/// How to read one package's export: which header is which field, and the conventions the
/// package is known to use where the content alone cannot tell.
///
/// A package profile reads only its own headers: it never falls back to a generic alias, which
/// may mean something else in that package (Xero's `AccountCode` is a revenue account, not a
/// customer). A column mapping from the configuration is a profile too, and always wins.
public struct CSVProfile: Sendable {
  public var name: String
  /// The package and export, for `validate --explain`.
  public var title: String
  /// Names per field, most specific first; compared after `normalise`.
  var aliases: [CSVField: [String]]
  /// Headers that must all be present for this profile to be chosen (normalised).
  var signature: [String]
  /// What the file holds, when the package's export always holds the same.
  var kind: CSVKind? = nil
  var dateOrder: DateOrder? = nil
  var decimal: DecimalConvention? = nil
  var sign: SignConvention = .negativeIsCredit
  /// The currency when neither a currency column nor a sign in the cell says (default EUR).
  var defaultCurrency: String? = nil
  /// For payments: only rows with one of these statuses are payments (Mollie: `paid`).
  var countedStatuses: Set<String>? = nil
  /// The invoice number is a token in the payment's description (Mollie).
  var invoiceNumberInDescription = false
  /// The export has sections (`INVOICES`, `PAYMENTS`, …): reading stops at the next section line.
  var sections = false
  /// A column whose value numbers the document when the invoice-number cell is empty (Twinfield's
  /// entry number for an open item without an invoice number, such as an unallocated payment).
  var numberFallback: String? = nil
  /// Where the mapping was defined (config file and line), for messages.
  var origin: SourceLocation? = nil
  /// The mapping's column per field, as written in the config, for messages.
  var originByField: [CSVField: SourceLocation] = [:]
  /// For a mapping: it applies to files whose name matches this glob.
  var fileGlob: String? = nil
  /// For a mapping: the header per field as the config spells it, for messages.
  var headerSpelling: [CSVField: String] = [:]

  /// Header names are compared case-insensitively, ignoring spaces, dots, underscores, hyphens,
  /// asterisks, slashes, parentheses, quotes and `#` (`Invoice #` is `invoice`).
  public static func normalise(_ header: String) -> String {
    var out = ""
    for scalar in header.lowercased().unicodeScalars {
      switch scalar {
      case " ", ".", "_", "-", "*", "/", "\u{FEFF}", "\u{00A0}", "(", ")", "\"", "#": continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// The names one field is read from in this profile.
  func names(_ field: CSVField) -> [String] { aliases[field] ?? [] }

  /// Whether this package profile fits a header.
  func matches(_ normalised: [String]) -> Bool {
    signature.allSatisfy { normalised.contains($0) }
  }
}

extension CSVProfile {
  /// English and Dutch names from interface.md plus the aliases seen in packages' exports
  /// (billing-exports.md); for files no package profile knows.
  public static let generic = CSVProfile(
    name: "generic",
    title: "generic English/Dutch column names",
    aliases: [
      .invoiceNumber: [
        "invoicenumber", "invoice", "factuurnummer", "factuurnr", "invoiceno", "factuur", "mutfactuur", "invoiceid", "number", "nummer",
        "documentnumber", "voucherno", "num",
      ],
      .customerNumber: [
        "customernumber", "customer", "klantnummer", "debiteurnummer", "relatiecode", "debnr", "klantnr", "relatienummer", "relatienr",
        "debiteur", "customerid", "clientnumber", "clientid", "party",
      ],
      .customerName: [
        "customername", "naam", "relatie", "klantnaam", "debiteurnaam", "contactname", "name", "accountname", "relbedrijf", "bedrijfsnaam",
        "client", "clientname", "partner", "companyname",
      ],
      .issueDate: [
        "issuedate", "invoicedate", "factuurdatum", "boekdatum", "invoicedat", "dateissued", "postingdate", "documentdate", "datum", "date",
      ],
      .dueDate: ["duedate", "vervaldatum", "vervalt", "vervaldag", "invoiceduedate", "due"],
      .currency: ["currency", "valuta", "currencycode", "munt"],
      .total: [
        "amount", "total", "bedrag", "totaal", "bedraginclbtw", "totaalinclbtw", "factuurbedrag", "totalpriceincl", "amountdc",
        "totaalbedrag", "invoiceamount", "totalamount", "totalsigned",
      ],
      .outstanding: [
        "outstanding", "open", "openstaand", "saldo", "openstaandbedrag", "balance", "amountdue", "invoiceamountdue", "amountremaining",
        "openbalance", "outstandingdc", "totaalopenstaand", "outstandingamount", "amountduesigned", "totalunpaid", "balancedueamount",
        "invoicebalance",
      ],
      .paid: ["paid", "amountpaid", "paidtodate", "invoicepaidtodate", "voldaan", "totalpaid", "amountpaidamount"],
      .documentType: ["type", "soort", "documenttype", "documentsoort", "transactiontype", "vouchertype"],
      .creditFor: ["creditfor", "origineelfactuurnummer", "originalinvoice", "originalinvoicenumber", "creditnotefor"],
      .status: ["status", "state", "invoicestatus", "documentstatus", "factuurstatus"],
      .line: ["line", "regel", "regelnummer", "lineno", "linenumber"],
      .itemID: ["itemid", "item", "artikel", "artikelcode", "inventoryitemcode", "itemcode", "productcode", "sku"],
      .description: ["description", "omschrijving", "itemname", "itemdesc", "productname"],
      .quantity: ["quantity", "aantal", "qty", "hoeveelheid"],
      .unitPrice: ["unitprice", "stukprijs", "prijs", "unitamount", "itemprice", "price", "prijsperstuk"],
      .vatRate: ["vatrate", "btwpercentage", "btwtarief", "taxrate", "itemtax%", "btw%", "vat%", "tax%"],
      .lineAmount: ["lineamount", "itemtotal", "regelbedrag", "linetotal"],
      .taxAmount: ["taxtotal", "btwbedrag", "totaalbtw", "vatamount", "taxamount"],
      .paymentDate: ["paymentdate", "betaaldatum", "datumbetaling", "paiddate"],
      .amount: ["amount", "bedrag", "betaald", "paidamount"],
      .reference: ["reference", "kenmerk", "betalingskenmerk", "omschrijving", "paymentreference"],
      .date: ["date", "datum", "reminderdate", "verzonden", "sentdate"],
      .reminderKind: ["kind", "soort", "type", "reminderkind"],
      .channel: ["channel", "kanaal"],
      .vatNumber: ["vatnumber", "btwnummer", "vatid", "btwid", "taxnumber", "btwnr"],
      .kvkNumber: ["kvk", "kvknummer", "kvknr", "cocnumber", "chamberofcommerce"],
      .paymentReference: [
        "paymentreference", "betalingskenmerk", "betaalkenmerk", "paymentid", "structuredreference", "creditorreference",
      ],
      .email: ["email", "emailaddress", "e-mail", "emailadres"],
    ],
    signature: [])

  /// Package profiles, most specific signature first; `generic` comes last.
  public static let all: [CSVProfile] = CSVPackageProfiles.all + [generic]
}

/// Which column holds which field: an array indexed by field, looked up on every cell.
struct ColumnMap {
  var columns = [Int](repeating: -1, count: CSVField.allCases.count)
  var headers: [String]
  init(headers: [String]) { self.headers = headers }
  subscript(field: CSVField) -> Int? {
    get { let c = columns[field.rawValue]; return c >= 0 ? c : nil }
    set { columns[field.rawValue] = newValue ?? -1 }
  }
  func has(_ field: CSVField) -> Bool { columns[field.rawValue] >= 0 }
}

extension CSVProfile {
  /// The fields read for a file of `kind`, in the order columns are claimed.
  static func fields(for kind: CSVKind) -> [CSVField] {
    switch kind {
    case .payments:
      return [
        .invoiceNumber, .customerNumber, .customerName, .paymentDate, .amount, .refunded, .currency, .status, .reference, .description,
      ]
    case .reminders:
      return [.invoiceNumber, .customerNumber, .date, .reminderKind, .channel]
    case .invoices, .openItems, .invoiceLines:
      return [
        .invoiceNumber, .customerNumber, .customerName, .issueDate, .dueDate, .currency, .outstanding, .total, .paid,
        .documentType, .creditFor, .status, .line, .itemID, .quantity, .unitPrice, .vatRate, .lineAmount, .description,
        .taxAmount, .vatNumber, .kvkNumber, .email, .paymentReference,
      ]
    }
  }

  /// Maps normalised headers to fields for a file of `kind`; each column serves at most one field.
  func map(_ normalised: [String], kind: CSVKind, original: [String]) -> ColumnMap {
    var map = ColumnMap(headers: original)
    var taken = Set<Int>()
    for field in CSVProfile.fields(for: kind) {
      for name in names(field) {
        if let index = normalised.firstIndex(of: name), !taken.contains(index) {
          map[field] = index
          taken.insert(index)
          break
        }
      }
    }
    return map
  }

  /// Decides the file's kind from the columns present, or nil when it holds none Thinline knows.
  func kind(of normalised: [String]) -> CSVKind? {
    if let kind { return kind }
    let set = Set(normalised)
    func any(_ field: CSVField) -> Bool { names(field).contains { set.contains($0) } }
    if any(.paymentDate) && any(.amount) { return .payments }
    if any(.channel) || (any(.reminderKind) && any(.date) && !any(.total) && !any(.outstanding)) {
      return any(.invoiceNumber) ? .reminders : nil
    }
    guard any(.invoiceNumber) else { return nil }
    let lineColumns: [CSVField] = [.quantity, .unitPrice, .lineAmount]
    if lineColumns.contains(where: any) { return .invoiceLines }
    if any(.outstanding) { return .openItems }
    if any(.total) { return .invoices }
    return nil
  }

  /// Headers that show a general-ledger or journal export: debit and credit columns, a ledger account.
  static func looksLikeLedger(_ normalised: [String]) -> Bool {
    let set = Set(normalised)
    let debit = ["debet", "debit", "debetbedrag", "debitamount"].contains { set.contains($0) }
    let credit = ["credit", "creditbedrag", "creditamount"].contains { set.contains($0) }
    // A ledger account column says it on its own (QuickBooks' general ledger names it `Split`).
    let ledgerAccount = [
      "grootboekrekening", "grootboek", "ledgeraccount", "glaccount", "grootboeknummer", "grootboekcode", "glcode", "split",
    ].contains { set.contains($0) }
    let account = ["rekening", "account"].contains { set.contains($0) }
    return debit && credit || ledgerAccount || account && (debit || credit)
  }
}

/// `*` and `?` globs on file names, for the config's mappings.
enum CSVGlob {
  static func matches(_ pattern: String, _ name: String) -> Bool {
    let p = Array(pattern.lowercased().unicodeScalars)
    let n = Array(name.lowercased().unicodeScalars)
    var pi = 0, ni = 0, star = -1, mark = 0
    while ni < n.count {
      if pi < p.count && (p[pi] == "?" || p[pi] == n[ni]) {
        pi += 1; ni += 1
      } else if pi < p.count && p[pi] == "*" {
        star = pi; mark = ni; pi += 1
      } else if star >= 0 {
        pi = star + 1; mark += 1; ni = mark
      } else {
        return false
      }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}

extension CSVProfile {
  /// One column of a mapping: the header as the file spells it, and where the config says so.
  public struct MappedColumn: Sendable {
    public var header: String
    public var origin: SourceLocation
    public init(header: String, origin: SourceLocation) {
      self.header = header
      self.origin = origin
    }
  }

  /// A column mapping from the configuration's `csv:` section: for an export no profile knows,
  /// chosen by file-name pattern and/or header signature, before any package profile.
  public static func mapping(
    name: String, origin: SourceLocation, fileGlob: String?, header: [String], kind: CSVKind?, columns: [CSVField: MappedColumn],
    dateOrder: DateOrder?, decimal: DecimalConvention?, sign: SignConvention, currency: String?
  ) -> CSVProfile {
    var profile = CSVProfile(
      name: name, title: "the configuration's csv mapping", aliases: columns.mapValues { [normalise($0.header)] },
      signature: header.map(normalise), kind: kind, dateOrder: dateOrder, decimal: decimal, sign: sign, defaultCurrency: currency)
    profile.origin = origin
    profile.originByField = columns.mapValues(\.origin)
    profile.headerSpelling = columns.mapValues(\.header)
    profile.fileGlob = fileGlob
    return profile
  }
}
