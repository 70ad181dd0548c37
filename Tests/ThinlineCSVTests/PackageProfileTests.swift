import Foundation
import Testing
import ThinlineCSV
import ThinlineCore

/// One test per package profile, on a file built from the package's documented header with
/// realistic Dutch rows and the awkward ones (padding, signs, statuses, report layout …).
@Suite struct PackageProfileTests {
  /// What a document must read as: number, kind, customer number, name, issue and due date,
  /// currency, total and open amount.
  struct Want {
    var number: String
    var credit = false
    var customer: String?
    var name: String?
    var issue: String?
    var due: String?
    var currency = "EUR"
    var total: String
    var open: String?
  }

  func read(_ text: String, _ name: String = "export.csv", encoding: [UInt8]? = nil) throws -> CSVReadResult {
    try CSVReader.read(encoding ?? Array(text.utf8), source: name)
  }

  func check(
    _ result: CSVReadResult, profile: String, kind: CSVKind, _ wants: [Want], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(result.errors.isEmpty, "\(result.errors)", sourceLocation: sourceLocation)
    #expect(result.profile == profile, sourceLocation: sourceLocation)
    #expect(result.kind == kind, sourceLocation: sourceLocation)
    #expect(result.documents.count == wants.count, sourceLocation: sourceLocation)
    for (doc, want) in zip(result.documents, wants) {
      let customer = doc.buyer?.identifiers.first { $0.scheme == "customer_number" }?.value
      #expect(doc.number == want.number, sourceLocation: sourceLocation)
      #expect(doc.kind == (want.credit ? .creditNote : .invoice), "\(want.number)", sourceLocation: sourceLocation)
      #expect(customer == want.customer, "\(want.number)", sourceLocation: sourceLocation)
      #expect(doc.buyer?.name == want.name, "\(want.number)", sourceLocation: sourceLocation)
      #expect(doc.issueDate?.description == want.issue, "\(want.number)", sourceLocation: sourceLocation)
      #expect(doc.dueDate?.description == want.due, "\(want.number)", sourceLocation: sourceLocation)
      #expect(doc.currency == want.currency, "\(want.number)", sourceLocation: sourceLocation)
      #expect(doc.totals.payable?.amountText == want.total, "\(want.number)", sourceLocation: sourceLocation)
      #expect(doc.outstanding?.amountText == want.open, "\(want.number)", sourceLocation: sourceLocation)
    }
  }

  @Test func exactOnlineReceivables() throws {
    let text = """
      AccountCode;AccountName;InvoiceNumber;InvoiceDate;DueDate;Amount;JournalCode;JournalDescription\r
                   1001;Bakkerij Ëlsa B.V.;26700012;05-01-2026;04-02-2026;1.234,56;70;Verkoopboek\r
                   1002;"Jansen; Pietersen & Zn.";26700013;12-01-2026;11-02-2026;-250,00;70;Verkoopboek\r
                  00107;Café De Gouden Leeuw;26700014;03-02-2026;05-03-2026;12.100,00;70;Verkoopboek\r

      """
    check(
      try read(text), profile: "exact-online", kind: .openItems,
      [
        Want(
          number: "26700012", customer: "1001", name: "Bakkerij Ëlsa B.V.", issue: "2026-01-05", due: "2026-02-04", total: "1234.56",
          open: "1234.56"),
        Want(
          number: "26700013", credit: true, customer: "1002", name: "Jansen; Pietersen & Zn.", issue: "2026-01-12", due: "2026-02-11",
          total: "250.00", open: "250.00"),
        Want(
          number: "26700014", customer: "00107", name: "Café De Gouden Leeuw", issue: "2026-02-03", due: "2026-03-05", total: "12100.00",
          open: "12100.00"),
      ])
  }

  @Test func twinfieldOpenItems() throws {
    let text = """
      Periode;Dagboek;Boekst.nr.;Relatie;Naam;Factuurnr.;Factuurdatum;Vervaldatum;Openstaand bedrag\r
      2026/03;VRK;202600041;1000;Drukkerij Noord B.V.;F2026-041;02-03-2026;01-04-2026;3.025,00\r
      2026/03;VRK;202600042;1001;Van Dijk Installatietechniek;F2026-042;13-03-2026;12-04-2026;-121,00\r
      2026/04;VRK;202600057;1000;Drukkerij Noord B.V.;F2026-057;01-04-2026;01-05-2026;605,50\r

      """
    check(
      try read(text), profile: "twinfield", kind: .openItems,
      [
        Want(
          number: "F2026-041", customer: "1000", name: "Drukkerij Noord B.V.", issue: "2026-03-02", due: "2026-04-01", total: "3025.00",
          open: "3025.00"),
        Want(
          number: "F2026-042", credit: true, customer: "1001", name: "Van Dijk Installatietechniek", issue: "2026-03-13", due: "2026-04-12",
          total: "121.00", open: "121.00"),
        Want(
          number: "F2026-057", customer: "1000", name: "Drukkerij Noord B.V.", issue: "2026-04-01", due: "2026-05-01", total: "605.50",
          open: "605.50"),
      ])
  }

  @Test func eBoekhoudenOpenItemsInWindows1252() throws {
    let text =
      "MutDatum;MutFactuur;RelCode;RelBedrijf;Bedrag;Voldaan;Openstaand\r\n"
      + "14-01-2026;F00231;K012;Caf\u{E9} 't Hoekje;1.452,00;452,00;1.000,00\r\n"
      + "20-02-2026;F00245;K044;Bloemisterij Ros\u{E9};242,00;0,00;242,00\r\n"
    let bytes = text.unicodeScalars.map { UInt8($0.value) }  // é is 0xE9 in Windows-1252
    let result = try read(text, encoding: bytes)
    #expect(result.dialect.encoding == .windows1252)
    check(
      result, profile: "e-boekhouden", kind: .openItems,
      [
        Want(number: "F00231", customer: "K012", name: "Café 't Hoekje", issue: "2026-01-14", total: "1452.00", open: "1000.00"),
        Want(number: "F00245", customer: "K044", name: "Bloemisterij Rosé", issue: "2026-02-20", total: "242.00", open: "242.00"),
      ])
  }

  @Test func snelStartOpenItemsWithDatesWithoutLeadingZeros() throws {
    let text = """
      Relatienr;Relatie;Boekstuk;Boekdatum;Vervaldatum;Bedrag;Saldo;Dagboek\r
      20015;Schildersbedrijf De Kwast;260031;3-2-2026;5-3-2026;1.815,00;1.815,00;Verkoop\r
      20016;Autobedrijf Zuid V.O.F.;260032;12-1-2026;11-2-2026;968,00;468,00;Verkoop\r
      20015;Schildersbedrijf De Kwast;260033;1-12-2026;31-12-2026;-302,50;-302,50;Verkoop\r

      """
    check(
      try read(text), profile: "snelstart", kind: .openItems,
      [
        Want(
          number: "260031", customer: "20015", name: "Schildersbedrijf De Kwast", issue: "2026-02-03", due: "2026-03-05", total: "1815.00",
          open: "1815.00"),
        Want(
          number: "260032", customer: "20016", name: "Autobedrijf Zuid V.O.F.", issue: "2026-01-12", due: "2026-02-11", total: "968.00",
          open: "468.00"),
        Want(
          number: "260033", credit: true, customer: "20015", name: "Schildersbedrijf De Kwast", issue: "2026-12-01", due: "2026-12-31",
          total: "302.50", open: "302.50"),
      ])
  }

  @Test func moneybirdSalesInvoices() throws {
    let text = """
      invoice_id,company_name,invoice_date,due_date,state,currency,total_price_incl_tax,total_paid,total_unpaid
      2026-0101,Kapsalon Knip,2026-02-01,2026-03-03,late,EUR,363.00,0.00,363.00
      2026-0102,"Visser, Hoveniers",2026-02-05,2026-03-07,open,EUR,1210.00,210.00,1000.00
      2026-0103,Kapsalon Knip,2026-02-09,2026-03-11,draft,EUR,99.00,0.00,99.00
      2026-0104,Tandartspraktijk Oost,2026-02-10,2026-03-12,paid,EUR,242.00,242.00,0.00

      """
    let result = try read(text)
    check(
      result, profile: "moneybird", kind: .invoices,
      [
        Want(number: "2026-0101", name: "Kapsalon Knip", issue: "2026-02-01", due: "2026-03-03", total: "363.00", open: "363.00"),
        Want(number: "2026-0102", name: "Visser, Hoveniers", issue: "2026-02-05", due: "2026-03-07", total: "1210.00", open: "1000.00"),
        Want(number: "2026-0104", name: "Tandartspraktijk Oost", issue: "2026-02-10", due: "2026-03-12", total: "242.00", open: "0.00"),
      ])
  }

  @Test func xeroRowPerLineUKDates() throws {
    let header =
      "ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,AccountCode,TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,Type,Sent,Status\n"
    let text =
      header
      + "Brouwerij Het Anker,info@anker.nl,Havenstraat 1,,,,Utrecht,,3511 AB,Nederland,INV-0042,PO 7,04/03/2026,03/04/2026,1815.00,315.00,0.00,1815.00,CONS,Advies,10,100.00,,1000.00,8000,BTW 21%,210.00,,,,,EUR,ACCREC,Sent,AUTHORISED\n"
      + "Brouwerij Het Anker,info@anker.nl,Havenstraat 1,,,,Utrecht,,3511 AB,Nederland,INV-0042,PO 7,04/03/2026,03/04/2026,1815.00,315.00,0.00,1815.00,TRAIN,Training,1,500.00,,500.00,8000,BTW 21%,105.00,,,,,EUR,ACCREC,Sent,AUTHORISED\n"
      + "Groenteboer Bakker,,,,,,,,,,INV-0043,,15/03/2026,14/04/2026,242.00,42.00,100.00,142.00,,Levering,1,200.00,,200.00,8000,BTW 21%,42.00,,,,,EUR,ACCREC,Sent,AUTHORISED\n"
      + "Smit & Zonen,,,,,,,,,,CN-0007,,20/03/2026,19/04/2026,121.00,21.00,0.00,121.00,,Creditering,1,100.00,,100.00,8000,BTW 21%,21.00,,,,,EUR,ACCRECCREDIT,Sent,AUTHORISED\n"
      + "Smit & Zonen,,,,,,,,,,INV-0044,,21/03/2026,20/04/2026,50.00,0.00,0.00,50.00,,Concept,1,50.00,,50.00,8000,,0.00,,,,,EUR,ACCREC,,DRAFT\n"
    check(
      try read(text), profile: "xero", kind: .invoiceLines,
      [
        Want(number: "INV-0042", name: "Brouwerij Het Anker", issue: "2026-03-04", due: "2026-04-03", total: "1815.00", open: "1815.00"),
        Want(number: "INV-0043", name: "Groenteboer Bakker", issue: "2026-03-15", due: "2026-04-14", total: "242.00", open: "142.00"),
        Want(
          number: "CN-0007", credit: true, name: "Smit & Zonen", issue: "2026-03-20", due: "2026-04-19", total: "121.00", open: "121.00"),
      ])
  }

  @Test func odooInvoiceList() throws {
    let text = """
      Number,Invoice Partner Display Name,Invoice/Bill Date,Due Date,Untaxed Amount Signed,Total Signed,Amount Due Signed,Currency,Payment Status,Status
      INV/2026/00012,Hotel De Zeeuwse Stromen,2026-04-01,2026-05-01,"1,250.00","1,512.50","1,512.50",EUR,Not Paid,Posted
      INV/2026/00013,Fietsenmaker Jansen,2026-04-03,2026-05-03,200.00,242.00,42.00,EUR,Partially Paid,Posted
      RINV/2026/00003,Hotel De Zeeuwse Stromen,2026-04-10,2026-04-10,-100.00,-121.00,-121.00,EUR,Not Paid,Posted
      INV/2026/00014,Fietsenmaker Jansen,2026-04-11,2026-05-11,10.00,12.10,12.10,EUR,Not Paid,Draft

      """
    check(
      try read(text), profile: "odoo", kind: .invoices,
      [
        Want(
          number: "INV/2026/00012", name: "Hotel De Zeeuwse Stromen", issue: "2026-04-01", due: "2026-05-01", total: "1512.50",
          open: "1512.50"),
        Want(number: "INV/2026/00013", name: "Fietsenmaker Jansen", issue: "2026-04-03", due: "2026-05-03", total: "242.00", open: "42.00"),
        Want(
          number: "RINV/2026/00003", credit: true, name: "Hotel De Zeeuwse Stromen", issue: "2026-04-10", due: "2026-04-10",
          total: "121.00", open: "121.00"),
      ])
  }

  @Test func erpNextAccountsReceivable() throws {
    let text = """
      Posting Date,Party Type,Party,Customer Name,Receivable Account,Voucher Type,Voucher No,Due Date,Invoiced Amount,Paid Amount,Credit Note,Outstanding Amount,Age (Days),Currency,Territory,Customer Group
      2026-05-02,Customer,CUST-00012,Installatiebedrijf Peeters,Debiteuren - TL,Sales Invoice,ACC-SINV-2026-00042,2026-06-01,4840.00,840.00,0.00,4000.00,211,EUR,Netherlands,Commercial
      2026-05-20,Customer,CUST-00031,Zorgboerderij De Wei,Debiteuren - TL,Sales Invoice,ACC-SINV-2026-00051,2026-06-19,605.00,0.00,100.00,505.00,193,EUR,Netherlands,Non Profit

      """
    check(
      try read(text), profile: "erpnext", kind: .openItems,
      [
        Want(
          number: "ACC-SINV-2026-00042", customer: "CUST-00012", name: "Installatiebedrijf Peeters", issue: "2026-05-02", due: "2026-06-01",
          total: "4840.00", open: "4000.00"),
        Want(
          number: "ACC-SINV-2026-00051", customer: "CUST-00031", name: "Zorgboerderij De Wei", issue: "2026-05-20", due: "2026-06-19",
          total: "605.00", open: "505.00"),
      ])
  }

  @Test func invoiceNinjaFiveReport() throws {
    let text = """
      Client Name,Invoice Number,Invoice Amount,Invoice Balance,Invoice Paid to Date,Invoice Date,Invoice Due Date,Invoice Status
      Yogastudio Adem,0051,726.00,726.00,0.00,2026-06-01,2026-07-01,Sent
      Yogastudio Adem,0052,1089.00,589.00,500.00,2026-06-15,2026-07-15,Partial
      Architectenbureau Lijn,0053,90.75,90.75,0.00,2026-06-20,2026-07-20,Draft

      """
    check(
      try read(text), profile: "invoice-ninja-5", kind: .invoices,
      [
        Want(number: "0051", name: "Yogastudio Adem", issue: "2026-06-01", due: "2026-07-01", total: "726.00", open: "726.00"),
        Want(number: "0052", name: "Yogastudio Adem", issue: "2026-06-15", due: "2026-07-15", total: "1089.00", open: "589.00"),
      ])
  }

  @Test func invoiceNinjaFourExportWithSectionsAndDollarAmounts() throws {
    let text = """
      Invoice Ninja export 2026-11-30

      INVOICES
      Client,Email,Invoice Number,Amount,Paid,PO Number,Status,Invoice Date,Due Date,Item Product,Item Notes,Item Cost,Item Quantity
      Acme Holland B.V.,ap@acme.nl,0001,$13.50,$0.00,,Sent,2026-03-01,2026-03-31,Widget,Blauw,$6.75,2
      Acme Holland B.V.,ap@acme.nl,0002,"$1,250.00",$250.00,,Partial,2026-04-01,2026-05-01,Consult,,"$1,000.00",1
      Acme Holland B.V.,ap@acme.nl,0002,"$1,250.00",$250.00,,Partial,2026-04-01,2026-05-01,Reiskosten,,$250.00,1

      PAYMENTS
      Client,Invoice Number,Amount,Payment Date
      Acme Holland B.V.,0002,$250.00,2026-04-10

      """
    let result = try read(text)
    check(
      result, profile: "invoice-ninja-4", kind: .invoiceLines,
      [
        Want(
          number: "0001", name: "Acme Holland B.V.", issue: "2026-03-01", due: "2026-03-31", currency: "USD", total: "13.50", open: "13.50"),
        Want(
          number: "0002", name: "Acme Holland B.V.", issue: "2026-04-01", due: "2026-05-01", currency: "USD", total: "1250.00",
          open: "1000.00"),
      ])
    #expect(result.explanation.stoppedAt?.contains("PAYMENTS") == true)
  }

  @Test func akauntingInvoices() throws {
    let text = """
      invoice_number,order_number,status,invoiced_at,due_at,amount,currency_code,currency_rate,customer_id,customer_name,customer_email,customer_tax_number,customer_phone,customer_address,notes,category_id,footer
      INV-00021,,sent,2026-03-01 00:00:00,2026-03-31 00:00:00,484.00,EUR,1,7,Kinderopvang Zonnetje,,NL001234567B01,,,,3,
      INV-00022,,paid,2026-03-02 00:00:00,2026-04-01 00:00:00,121.00,EUR,1,8,Slagerij Vos,,,,,,3,
      INV-00023,,cancelled,2026-03-03 00:00:00,2026-04-02 00:00:00,60.50,EUR,1,8,Slagerij Vos,,,,,,3,

      """
    check(
      try read(text), profile: "akaunting", kind: .invoices,
      [
        Want(
          number: "INV-00021", customer: "7", name: "Kinderopvang Zonnetje", issue: "2026-03-01", due: "2026-03-31", total: "484.00",
          open: nil),
        Want(
          number: "INV-00022", customer: "8", name: "Slagerij Vos", issue: "2026-03-02", due: "2026-04-01", total: "121.00", open: "0.00"),
      ])
  }

  @Test func freshBooksRowPerLine() throws {
    let text = """
      Client Name,Invoice #,Date Issued,Invoice Status,Date Paid,Item Name,Item Description,Rate,Quantity,Discount Percentage,Line Subtotal,Tax 1 Type,Tax 1 Amount,Tax 2 Type,Tax 2 Amount,Line Total,Currency
      Webbureau Pixel,0000041,2026-07-01,sent,,Hosting,Jaar,240.00,1,0,240.00,BTW,50.40,,,290.40,EUR
      Webbureau Pixel,0000041,2026-07-01,sent,,Onderhoud,Uren,80.00,2,0,160.00,BTW,33.60,,,193.60,EUR
      Fotostudio Licht,0000042,2026-07-03,draft,,Shoot,,500.00,1,0,500.00,BTW,105.00,,,605.00,EUR

      """
    check(
      try read(text), profile: "freshbooks", kind: .invoiceLines,
      [Want(number: "0000041", name: "Webbureau Pixel", issue: "2026-07-01", total: "484.00", open: nil)])
  }

  @Test func invoice2goDocuments() throws {
    let text = """
      DocumentNumber,DocumentDate,DueDate,Name,Email,CurrencyCode,TotalAmount,AmountPaidAmount,BalanceDueAmount,Status
      I2G-0007,2026-08-01,2026-08-15,Klusbedrijf Hamer,,EUR,"1,089.00",89.00,"1,000.00",Partially paid
      I2G-0008,2026-08-02,2026-08-16,Stukadoor Wit,,EUR,363.00,0.00,363.00,Unpaid

      """
    check(
      try read(text), profile: "invoice2go", kind: .invoices,
      [
        Want(number: "I2G-0007", name: "Klusbedrijf Hamer", issue: "2026-08-01", due: "2026-08-15", total: "1089.00", open: "1000.00"),
        Want(number: "I2G-0008", name: "Stukadoor Wit", issue: "2026-08-02", due: "2026-08-16", total: "363.00", open: "363.00"),
      ])
  }

  @Test func invoicelyWithMonthNames() throws {
    let text = """
      Date,Due,Details,Client,Status,Total
      Jan 28 2026,Feb 27 2026,INV-0007,Vertaalbureau Woord,Overdue,"€1,210.00"
      Mar 3 2026,Apr 2 2026,INV-0008,Vertaalbureau Woord,Paid,€242.00

      """
    check(
      try read(text), profile: "invoicely", kind: .invoices,
      [
        Want(number: "INV-0007", name: "Vertaalbureau Woord", issue: "2026-01-28", due: "2026-02-27", total: "1210.00", open: nil),
        Want(number: "INV-0008", name: "Vertaalbureau Woord", issue: "2026-03-03", due: "2026-04-02", total: "242.00", open: "0.00"),
      ])
  }

  @Test func quickBooksAgingDetailReport() throws {
    let text = """
      Brouwer Consultancy B.V.\r
      A/R Aging Detail\r
      "As of November 30, 2026"\r
      \r
      ,Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance\r
      Current,,,,,,,\r
      ,11/15/2026,Invoice,1042,Jansen B.V.,12/15/2026,"1,210.00","1,210.00"\r
      Total for Current,,,,,,"1,210.00","1,210.00"\r
      91 or more days past due,,,,,,,\r
      ,06/03/2026,Invoice,1001,"Pietersen, Zn.",07/03/2026,500.00,250.00\r
      ,06/20/2026,Credit Memo,1003,Jansen B.V.,06/20/2026,-100.00,-100.00\r
      Total for 91 or more days past due,,,,,,400.00,150.00\r
      TOTAL,,,,,,"1,610.00","1,360.00"\r
      \r
      \r
      "Monday, November 30, 2026 10:00 AM GMT+01:00"\r

      """
    check(
      try read(text), profile: "quickbooks-aging", kind: .openItems,
      [
        Want(number: "1042", name: "Jansen B.V.", issue: "2026-11-15", due: "2026-12-15", total: "1210.00", open: "1210.00"),
        Want(number: "1001", name: "Pietersen, Zn.", issue: "2026-06-03", due: "2026-07-03", total: "500.00", open: "250.00"),
        Want(number: "1003", credit: true, name: "Jansen B.V.", issue: "2026-06-20", due: "2026-06-20", total: "100.00", open: "100.00"),
      ])
  }

  @Test func stripeInvoicesWhereAmountDueIsTheBilledAmount() throws {
    let text = """
      id,Customer,Customer Name,Customer Email,Amount Due,Amount Paid,Paid,Currency,Date (UTC),Due Date (UTC),Number,Status
      in_1QaBcD,cus_PqR1,Sportschool Fit,admin@fit.nl,121.00,0.00,false,eur,2026-03-01 10:15:00,2026-03-31 10:15:00,A1B2C3D4-0001,open
      in_1QaBcE,cus_PqR2,Coworking De Hub,,605.00,605.00,true,eur,2026-03-02 09:00:00,2026-04-01 09:00:00,A1B2C3D4-0002,paid
      in_1QaBcF,cus_PqR1,Sportschool Fit,admin@fit.nl,50.00,0.00,false,eur,2026-03-03 09:00:00,,A1B2C3D4-0003,void

      """
    check(
      try read(text), profile: "stripe", kind: .invoices,
      [
        Want(
          number: "A1B2C3D4-0001", customer: "cus_PqR1", name: "Sportschool Fit", issue: "2026-03-01", due: "2026-03-31", total: "121.00",
          open: "121.00"),
        Want(
          number: "A1B2C3D4-0002", customer: "cus_PqR2", name: "Coworking De Hub", issue: "2026-03-02", due: "2026-04-01", total: "605.00",
          open: "0.00"),
      ])
  }

  @Test func zohoInvoiceExportRowPerLine() throws {
    let text = """
      Invoice Date,Invoice ID,Invoice Number,Invoice Status,Customer Name,Company Name,Customer ID,Due Date,Currency Code,Item Name,Quantity,Item Price,Item Total,SubTotal,Total,Balance
      2026-09-01,2520018000000073144,INV-000101,Overdue,Marieke de Vries,Bureau Vries,2520018000000070001,2026-10-01,EUR,Ontwerp,4,100.00,400.00,400.00,484.00,484.00
      2026-09-01,2520018000000073144,INV-000101,Overdue,Marieke de Vries,Bureau Vries,2520018000000070001,2026-10-01,EUR,Drukwerk,1,0.00,0.00,400.00,484.00,484.00

      """
    check(
      try read(text), profile: "zoho", kind: .invoiceLines,
      [
        Want(
          number: "INV-000101", customer: "2520018000000070001", name: "Marieke de Vries", issue: "2026-09-01", due: "2026-10-01",
          total: "484.00", open: "484.00")
      ])
  }

  @Test func aDutchDebtorListWhereFactuurIsTheAmount() throws {
    let text =
      "\u{FEFF}Factuurnr.;Naam;Deb.nr.;Omschrijving factuur;Boekstuk;Factuurdatum;Vervalt;Factuur;Saldo;Factuurstatus\r\n"
      + "2026-311;Garage Koster;00123;Onderhoud;800311;07-09-2026;07-10-2026;1.210,00;1.210,00;Wacht op betaling debiteur\r\n"
      + "2026-312;Loodgieter Vermeer;00124;Reparatie;800312;14-09-2026;14-10-2026;605,00;305,00;Niet vervallen\r\n"
      + "Totaal;;;;;;;1.815,00;1.515,00;\r\n"
    check(
      try read(text), profile: "debiteurenlijst", kind: .openItems,
      [
        Want(
          number: "2026-311", customer: "00123", name: "Garage Koster", issue: "2026-09-07", due: "2026-10-07", total: "1210.00",
          open: "1210.00"),
        Want(
          number: "2026-312", customer: "00124", name: "Loodgieter Vermeer", issue: "2026-09-14", due: "2026-10-14", total: "605.00",
          open: "305.00"),
      ])
  }
}
