/// The columns Thinline reads from billing-package CSV exports.
public enum CSVField: Int, CaseIterable, Sendable {
  case invoiceNumber, customerNumber, customerName, issueDate, dueDate, currency, total, outstanding
  case documentType, creditFor, line, itemID, description, quantity, unitPrice, vatRate, lineAmount
  case taxAmount, paymentDate, amount, reference, date, reminderKind, channel, vatNumber, kvkNumber, email

  /// The field's name in messages (`issueDate`).
  public var name: String { String(describing: self) }
}

/// What a CSV file holds, decided from its columns.
public enum CSVKind: String, Sendable {
  case invoices, invoiceLines = "invoice_lines", openItems = "open_items", payments, reminders
}

/// A set of header names per field. Header names are compared case-insensitively, ignoring
/// spaces, dots, underscores, hyphens, asterisks and slashes (interface.md, "The generic CSV profile").
public struct CSVProfile: Sendable {
  public var name: String
  /// Names per field, most specific first; compared after `normalise`.
  var aliases: [CSVField: [String]]
  /// Headers that must all be present for this profile to be chosen.
  var signature: [String]

  public static func normalise(_ header: String) -> String {
    var out = ""
    for scalar in header.lowercased().unicodeScalars {
      switch scalar {
      case " ", ".", "_", "-", "*", "/", "\u{FEFF}", "\u{00A0}", "(", ")", "\"": continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// English and Dutch names from interface.md plus the aliases seen in Dutch packages'
  /// exports (Exact, Twinfield, e-Boekhouden, SnelStart, Moneybird; see billing-exports.md).
  public static let generic = CSVProfile(
    name: "generic",
    aliases: [
      .invoiceNumber: ["invoicenumber", "invoice", "factuurnummer", "factuurnr", "invoiceno", "factuur", "mutfactuur", "invoiceid"],
      .customerNumber: [
        "customernumber", "customer", "klantnummer", "debiteurnummer", "relatiecode", "debnr", "klantnr", "relatienummer", "relatienr",
        "debiteur", "customerid", "accountcode",
      ],
      .customerName: [
        "customername", "naam", "relatie", "klantnaam", "debiteurnaam", "contactname", "name", "accountname", "relbedrijf", "bedrijfsnaam",
      ],
      .issueDate: ["issuedate", "invoicedate", "factuurdatum", "boekdatum", "datum", "date"],
      .dueDate: ["duedate", "vervaldatum", "vervalt", "vervaldag"],
      .currency: ["currency", "valuta", "currencycode", "munt"],
      .total: [
        "amount", "total", "bedrag", "totaal", "bedraginclbtw", "totaalinclbtw", "factuurbedrag", "totalpriceincl", "amountdc",
        "totaalbedrag",
      ],
      .outstanding: [
        "outstanding", "open", "openstaand", "saldo", "openstaandbedrag", "balance", "amountdue", "invoiceamountdue", "amountremaining",
        "openbalance", "outstandingdc", "totaalopenstaand",
      ],
      .documentType: ["type", "soort", "documenttype", "documentsoort"],
      .creditFor: ["creditfor", "origineelfactuurnummer", "originalinvoice", "originalinvoicenumber", "creditnotefor"],
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
      .email: ["email", "emailaddress", "e-mail", "emailadres"],
    ],
    signature: [])

  /// Xero's invoice export (Business › Invoices › Export): a row per line, totals repeated.
  public static let xero = CSVProfile(
    name: "xero",
    aliases: [
      .invoiceNumber: ["invoicenumber"], .customerName: ["contactname"], .email: ["emailaddress"],
      .issueDate: ["invoicedate"], .dueDate: ["duedate"], .total: ["total"], .taxAmount: ["taxtotal"],
      .outstanding: ["invoiceamountdue"], .itemID: ["inventoryitemcode"], .description: ["description"],
      .quantity: ["quantity"], .unitPrice: ["unitamount"], .lineAmount: ["lineamount"], .currency: ["currency"],
      .documentType: ["type"], .reference: ["reference"],
    ],
    signature: ["contactname", "invoicenumber", "invoiceamountdue"])

  /// Zoho Invoice / Books invoice export: a row per line item, `Balance` is the open amount.
  public static let zoho = CSVProfile(
    name: "zoho",
    aliases: [
      .invoiceNumber: ["invoicenumber"], .customerNumber: ["customerid"], .customerName: ["customername", "companyname"],
      .issueDate: ["invoicedate"], .dueDate: ["duedate"], .currency: ["currencycode"], .total: ["total"],
      .outstanding: ["balance"], .itemID: ["productid", "itemid", "sku"], .description: ["itemname", "itemdesc"],
      .quantity: ["quantity"], .unitPrice: ["itemprice"], .lineAmount: ["itemtotal"], .vatRate: ["itemtax%", "itemtaxpercent"],
      .email: ["email", "emailid"],
    ],
    signature: ["invoiceid", "invoicenumber", "customerid", "invoicestatus"])

  public static let all = [xero, zoho, generic]
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
  /// Maps normalised headers to fields for a file of `kind`; each column serves at most one field.
  func map(_ normalised: [String], kind: CSVKind, original: [String]) -> ColumnMap {
    var map = ColumnMap(headers: original)
    var taken = Set<Int>()
    let order: [CSVField]
    switch kind {
    case .payments:
      order = [.invoiceNumber, .customerNumber, .customerName, .paymentDate, .amount, .currency, .reference]
    case .reminders:
      order = [.invoiceNumber, .customerNumber, .date, .reminderKind, .channel]
    case .invoices, .openItems, .invoiceLines:
      order = [
        .invoiceNumber, .customerNumber, .customerName, .issueDate, .dueDate, .currency, .outstanding, .total,
        .documentType, .creditFor, .line, .itemID, .quantity, .unitPrice, .vatRate, .lineAmount, .description,
        .taxAmount, .vatNumber, .kvkNumber, .email,
      ]
    }
    for field in order {
      let names = aliases[field] ?? CSVProfile.generic.aliases[field] ?? []
      for name in names {
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
  static func kind(of normalised: [String]) -> CSVKind? {
    let set = Set(normalised)
    func any(_ field: CSVField) -> Bool { (generic.aliases[field] ?? []).contains { set.contains($0) } }
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
}
