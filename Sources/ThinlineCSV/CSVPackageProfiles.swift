/// The billing and accounting packages whose exports Thinline recognises by their header.
///
/// Headers as the packages document them (billing-exports.md and the real-exports issue). Each
/// profile names only its own columns; a column it does not name is not read, so that a header
/// that means something else in this package is never taken for a field.
enum CSVPackageProfiles {
  static let exactOnline = CSVProfile(
    name: "exact-online", title: "Exact Online receivables (openstaande posten debiteuren)",
    aliases: [
      .customerNumber: ["accountcode"], .customerName: ["accountname"], .invoiceNumber: ["invoicenumber"],
      .issueDate: ["invoicedate"], .dueDate: ["duedate"], .outstanding: ["amount", "amountdc", "outstandingdc"],
      .currency: ["currency"],
    ],
    signature: ["accountcode", "accountname", "invoicenumber"], kind: .openItems, dateOrder: .dmy)

  static let twinfield = CSVProfile(
    name: "twinfield", title: "Twinfield open items (browse 100)",
    aliases: [
      .customerNumber: ["relatie"], .customerName: ["naam"], .invoiceNumber: ["factuurnr"], .issueDate: ["factuurdatum"],
      .dueDate: ["vervaldatum"], .outstanding: ["openstaandbedrag"], .currency: ["valuta"],
    ],
    signature: ["dagboek", "boekstnr", "relatie", "factuurnr", "openstaandbedrag"], kind: .openItems, dateOrder: .dmy,
    numberFallback: "boekstnr")

  static let eBoekhouden = CSVProfile(
    name: "e-boekhouden", title: "e-Boekhouden.nl open items (GetOpenPosten)",
    aliases: [
      .issueDate: ["mutdatum"], .invoiceNumber: ["mutfactuur"], .customerNumber: ["relcode"], .customerName: ["relbedrijf"],
      .total: ["bedrag"], .paid: ["voldaan"], .outstanding: ["openstaand"],
    ],
    signature: ["mutdatum", "mutfactuur", "relcode", "openstaand"], kind: .openItems, dateOrder: .dmy)

  static let snelStart = CSVProfile(
    name: "snelstart", title: "SnelStart open items (openstaande posten)",
    aliases: [
      .customerNumber: ["relatienr"], .customerName: ["relatie"], .invoiceNumber: ["boekstuk"], .issueDate: ["boekdatum"],
      .dueDate: ["vervaldatum"], .total: ["bedrag"], .outstanding: ["saldo"],
    ],
    signature: ["relatienr", "relatie", "boekstuk", "saldo"], kind: .openItems, dateOrder: .dmy)

  static let moneybird = CSVProfile(
    name: "moneybird", title: "Moneybird sales invoices",
    aliases: [
      .invoiceNumber: ["invoiceid"], .customerName: ["companyname", "contactname"], .issueDate: ["invoicedate"],
      .dueDate: ["duedate"], .status: ["state"], .currency: ["currency"], .total: ["totalpriceincltax", "totalpriceincl"],
      .paid: ["totalpaid"], .outstanding: ["totalunpaid"],
    ],
    signature: ["invoiceid", "state", "totalunpaid"], kind: .invoices)

  static let xero = CSVProfile(
    name: "xero", title: "Xero invoice export (a row per line)",
    aliases: [
      .invoiceNumber: ["invoicenumber"], .customerName: ["contactname"], .email: ["emailaddress"], .issueDate: ["invoicedate"],
      .dueDate: ["duedate"], .total: ["total"], .taxAmount: ["taxtotal"], .paid: ["invoiceamountpaid"],
      .outstanding: ["invoiceamountdue"], .itemID: ["inventoryitemcode"], .description: ["description"], .quantity: ["quantity"],
      .unitPrice: ["unitamount"], .lineAmount: ["lineamount"], .currency: ["currency"], .documentType: ["type"],
      .status: ["status"],
    ],
    signature: ["contactname", "invoicenumber", "invoiceamountdue"], kind: .invoiceLines)

  static let odoo = CSVProfile(
    name: "odoo", title: "Odoo invoice list (account.move)",
    aliases: [
      .invoiceNumber: ["number"], .customerName: ["invoicepartnerdisplayname", "partner"], .issueDate: ["invoicebilldate"],
      .dueDate: ["duedate"], .total: ["totalsigned", "total"], .outstanding: ["amountduesigned", "amountdue"],
      .currency: ["currency"], .status: ["status"],
    ],
    signature: ["number", "invoicebilldate"], kind: .invoices)

  static let erpNext = CSVProfile(
    name: "erpnext", title: "ERPNext Accounts Receivable report",
    aliases: [
      .issueDate: ["postingdate"], .customerNumber: ["party"], .customerName: ["customername"], .documentType: ["vouchertype"],
      .invoiceNumber: ["voucherno"], .dueDate: ["duedate"], .total: ["invoicedamount"], .paid: ["paidamount"],
      .outstanding: ["outstandingamount"], .currency: ["currency"],
    ],
    signature: ["partytype", "party", "voucherno", "outstandingamount"], kind: .openItems)

  static let invoiceNinja5 = CSVProfile(
    name: "invoice-ninja-5", title: "Invoice Ninja v5 invoice report",
    aliases: [
      .customerName: ["clientname"], .invoiceNumber: ["invoicenumber"], .total: ["invoiceamount"], .outstanding: ["invoicebalance"],
      .paid: ["invoicepaidtodate"], .issueDate: ["invoicedate"], .dueDate: ["invoiceduedate"], .status: ["invoicestatus"],
      .currency: ["invoicecurrency", "currency"],
    ],
    signature: ["clientname", "invoicenumber", "invoicebalance"], kind: .invoices)

  static let invoiceNinja4 = CSVProfile(
    name: "invoice-ninja-4", title: "Invoice Ninja v4 export (INVOICES section, a row per line item)",
    aliases: [
      .customerName: ["client"], .email: ["email"], .invoiceNumber: ["invoicenumber"], .total: ["amount"], .paid: ["paid"],
      .status: ["status"], .issueDate: ["invoicedate"], .dueDate: ["duedate"], .itemID: ["itemproduct"],
      .description: ["itemnotes"], .unitPrice: ["itemcost"], .quantity: ["itemquantity"],
    ],
    signature: ["client", "invoicenumber", "amount", "paid", "itemproduct"], kind: .invoiceLines, sections: true)

  static let akaunting = CSVProfile(
    name: "akaunting", title: "Akaunting invoices",
    aliases: [
      .invoiceNumber: ["invoicenumber"], .status: ["status"], .issueDate: ["invoicedat"], .dueDate: ["dueat"], .total: ["amount"],
      .currency: ["currencycode"], .customerNumber: ["customerid"], .customerName: ["customername"], .email: ["customeremail"],
      .vatNumber: ["customertaxnumber"],
    ],
    signature: ["invoicenumber", "invoicedat", "dueat", "customername"], kind: .invoices)

  static let freshBooks = CSVProfile(
    name: "freshbooks", title: "FreshBooks invoice details (a row per line)",
    aliases: [
      .customerName: ["clientname"], .invoiceNumber: ["invoice"], .issueDate: ["dateissued"], .dueDate: ["duedate"],
      .status: ["invoicestatus"], .itemID: ["itemname"], .description: ["itemdescription"], .unitPrice: ["rate"],
      .quantity: ["quantity"], .lineAmount: ["linetotal"], .currency: ["currency"],
    ],
    signature: ["clientname", "invoice", "dateissued", "linetotal"], kind: .invoiceLines)

  static let invoice2go = CSVProfile(
    name: "invoice2go", title: "Invoice2go documents",
    aliases: [
      .invoiceNumber: ["documentnumber"], .issueDate: ["documentdate"], .dueDate: ["duedate"], .customerName: ["name"],
      .email: ["email"], .currency: ["currencycode"], .total: ["totalamount"], .paid: ["amountpaidamount"],
      .outstanding: ["balancedueamount"], .status: ["status"],
    ],
    signature: ["documentnumber", "documentdate", "totalamount", "balancedueamount"], kind: .invoices)

  static let invoicely = CSVProfile(
    name: "invoicely", title: "Invoicely invoices",
    aliases: [
      .issueDate: ["date"], .dueDate: ["due"], .invoiceNumber: ["details"], .customerName: ["client"], .status: ["status"],
      .total: ["total"],
    ],
    signature: ["date", "due", "details", "client", "status", "total"], kind: .invoices)

  static let quickBooksAging = CSVProfile(
    name: "quickbooks-aging", title: "QuickBooks A/R Aging Detail report",
    aliases: [
      .issueDate: ["date"], .documentType: ["transactiontype"], .invoiceNumber: ["num"], .customerName: ["customerfullname", "customer"],
      .dueDate: ["duedate"], .total: ["amount"], .outstanding: ["openbalance"],
    ],
    signature: ["transactiontype", "num", "duedate", "openbalance"], kind: .openItems, dateOrder: .mdy)

  static let stripe = CSVProfile(
    name: "stripe", title: "Stripe invoices (Dashboard export)",
    aliases: [
      .customerNumber: ["customer"], .customerName: ["customername"], .email: ["customeremail"],
      // Stripe's `Amount Due` is what was billed, not what remains; `Paid` is true/false, not an amount.
      .total: ["amountdue"], .paid: ["amountpaid"], .outstanding: ["amountremaining"], .currency: ["currency"],
      .issueDate: ["dateutc", "createdutc"], .dueDate: ["duedateutc", "duedate"], .invoiceNumber: ["number"], .status: ["status"],
    ],
    signature: ["id", "customer", "amountdue"], kind: .invoices)

  static let mollie = CSVProfile(
    name: "mollie", title: "Mollie payments export (only paid payments count)",
    aliases: [
      .paymentDate: ["date"], .amount: ["amount"], .refunded: ["amountrefunded"], .currency: ["currency"], .status: ["status"],
      .description: ["description"], .customerName: ["consumername"],
    ],
    signature: ["id", "date", "amount", "status", "paymentmethod", "description"], kind: .payments,
    countedStatuses: ["paid"], invoiceNumberInDescription: true)

  static let zoho = CSVProfile(
    name: "zoho", title: "Zoho Invoice / Books invoice export (a row per line item)",
    aliases: [
      .invoiceNumber: ["invoicenumber"], .customerNumber: ["customerid"], .customerName: ["customername", "companyname"],
      .issueDate: ["invoicedate"], .dueDate: ["duedate"], .currency: ["currencycode"], .total: ["total"],
      .outstanding: ["balance"], .itemID: ["productid", "itemid", "sku"], .description: ["itemname", "itemdesc"],
      .quantity: ["quantity"], .unitPrice: ["itemprice"], .lineAmount: ["itemtotal"], .vatRate: ["itemtax%", "itemtaxpercent"],
      .email: ["email", "emailid"], .status: ["invoicestatus"],
    ],
    signature: ["invoiceid", "invoicenumber", "customerid", "invoicestatus"], kind: .invoiceLines)

  /// A Dutch debtor list (`Factuurnr.,Naam,Deb.nr.,…,Vervalt,Factuur,Saldo`), package unknown:
  /// here `Factuur` is the invoice's amount, not its number.
  static let dutchDebtorList = CSVProfile(
    name: "debiteurenlijst", title: "Dutch debtor list (Factuurnr., Deb.nr., Vervalt, Factuur, Saldo)",
    aliases: [
      .invoiceNumber: ["factuurnr"], .customerName: ["naam"], .customerNumber: ["debnr"], .issueDate: ["factuurdatum", "datum"],
      .dueDate: ["vervalt", "vervaldatum"], .total: ["factuur", "factuurbedrag"], .outstanding: ["saldo"], .status: ["factuurstatus"],
    ],
    signature: ["factuurnr", "debnr", "vervalt", "factuur", "saldo"], kind: .openItems, dateOrder: .dmy)

  static let all: [CSVProfile] = [
    exactOnline, twinfield, eBoekhouden, snelStart, moneybird, xero, odoo, erpNext, invoiceNinja5, invoiceNinja4, akaunting,
    freshBooks, invoice2go, invoicely, quickBooksAging, stripe, mollie, zoho, dutchDebtorList,
  ]
}
