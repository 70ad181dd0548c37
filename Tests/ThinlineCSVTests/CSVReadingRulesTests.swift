import Foundation
import Testing
import ThinlineCSV
import ThinlineCore

/// The rules that keep a real export from being read silently wrong; each failed on the reader
/// before package profiles, one date order per file and cell currencies.
@Suite struct CSVReadingRulesTests {
  func read(_ text: String, name: String = "t.csv", mappings: [CSVProfile] = []) throws(InputError) -> CSVReadResult {
    try CSVReader.read(Array(text.utf8), source: name, mappings: mappings)
  }

  func amount(_ s: String) -> ExactDecimal { ExactDecimal(xsDecimal: s)! }

  static let xeroHeader =
    "ContactName,EmailAddress,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,AccountCode,TaxType,TaxAmount,Currency,Type,Status\n"

  @Test func xerosAccountCodeIsARevenueAccountNotACustomer() throws {
    let text =
      Self.xeroHeader
      + "Bakkerij Jansen,,INV-1,,15/03/2026,14/04/2026,121.00,21.00,0.00,121.00,,Brood,1,100.00,,100.00,8000,BTW,21.00,EUR,ACCREC,AUTHORISED\n"
      + "Café Noord,,INV-2,,16/03/2026,15/04/2026,242.00,42.00,0.00,242.00,,Koffie,2,100.00,,200.00,8000,BTW,42.00,EUR,ACCREC,AUTHORISED\n"
      + "Drukkerij Zuid,,INV-3,,17/03/2026,16/04/2026,60.50,10.50,0.00,60.50,,Flyers,1,50.00,,50.00,8000,BTW,10.50,EUR,ACCRECCREDIT,AUTHORISED\n"
    let result = try read(text)
    #expect(result.profile == "xero")
    let identifiers = result.documents.map { $0.buyer?.identifiers ?? [] }
    #expect(identifiers.allSatisfy { $0.isEmpty })
    #expect(result.documents.map { $0.buyer?.name } == ["Bakkerij Jansen", "Café Noord", "Drukkerij Zuid"])
    #expect(result.documents.map(\.kind) == [.invoice, .invoice, .creditNote])
  }

  @Test func oneMonthFirstDateAnywhereDecidesTheWholeFile() throws {
    let text =
      "invoice_number,customer,invoice_date,due_date,total\n" + "A,1,03/04/2026,04/03/2026,10.00\n" + "B,1,02/05/2026,03/06/2026,10.00\n"
      + "C,1,01/02/2026,03/31/2026,10.00\n"
    let result = try read(text)
    #expect(result.errors.isEmpty)
    #expect(result.documents.map { $0.issueDate?.description } == ["2026-03-04", "2026-02-05", "2026-01-02"])
    #expect(result.documents.map { $0.dueDate?.description } == ["2026-04-03", "2026-03-06", "2026-03-31"])
    #expect(result.explanation.dateOrder.hasPrefix("mdy"))
  }

  @Test func datesNothingDecidesAreRefusedNamingTheColumnsAndTheSetting() {
    let text = "invoice_number,customer,invoice_date,due_date,total\nA,1,03/04/2026,04/05/2026,10.00\nB,1,02/05/2026,03/06/2026,10.00\n"
    #expect {
      try read(text)
    } throws: { error in
      let e = error as! InputError
      return e.message.contains("\"invoice_date\"") && e.message.contains("\"due_date\"") && (e.expected ?? "").contains("date_order")
    }
  }

  @Test func dashedDatesAreDayFirstButASlashDateAmongThemStillNeedsEvidence() throws {
    let result = try read("factuurnummer;klant;factuurdatum;bedrag\nA;1;03-04-2026;10,00\nB;1;05-06-2026;10,00\n")
    #expect(result.documents.map { $0.issueDate?.description } == ["2026-04-03", "2026-06-05"])
    #expect(throws: InputError.self) { try read("factuurnummer;klant;factuurdatum;bedrag\nA;1;03-04-2026;10,00\nB;1;05/06/2026;10,00\n") }
  }

  @Test func aNegativeOpenAmountWithoutATotalIsACreditNoteForItsOpenAmount() throws {
    let result = try read("factuurnummer;klantnummer;vervaldatum;openstaand\nF1;10;01-02-2026;-250,00\nF2;10;01-02-2026;100,00\n")
    #expect(result.documents.map(\.kind) == [.creditNote, .invoice])
    #expect(result.documents.map(\.outstanding) == [amount("250.00"), amount("100.00")])
    #expect(result.documents.map(\.totals.payable) == [amount("250.00"), amount("100.00")])
  }

  @Test func aPaidColumnGivesOpenAsTotalMinusPaid() throws {
    let result = try read(
      "invoice_number,customer,invoice_date,total,amount_paid\nA,1,2026-01-02,1210.00,210.00\nB,1,2026-01-02,50.00,50.00\n")
    #expect(result.documents.map(\.outstanding) == [amount("1000.00"), amount("0.00")])
  }

  @Test func aCurrencySignInTheCellWinsOverTheEuroDefault() throws {
    let result = try read("invoice_number,customer,invoice_date,total\nA,1,2026-01-02,$13.50\nB,1,2026-01-02,\"$1,250.00\"\n")
    #expect(result.documents.map(\.currency) == ["USD", "USD"])
    let pounds = try read("invoice_number,customer,invoice_date,total\nA,1,2026-01-02,£80.00\n")
    #expect(pounds.documents.first?.currency == "GBP")
  }

  @Test func aFileMixingCurrencySignsIsAnError() throws {
    let result = try read("invoice_number,customer,invoice_date,total\nA,1,2026-01-02,$100.00\nB,1,2026-01-02,£80.00\n")
    #expect(result.errors.count == 1)
    #expect(result.errors.first?.location.line == 3)
  }

  @Test func aSignThatContradictsTheCurrencyColumnIsAnError() throws {
    let result = try read("invoice_number,customer,invoice_date,total,currency\nA,1,2026-01-02,€100.00,USD\n")
    #expect(result.errors.first?.message.contains("currency column says USD") == true)
  }

  @Test func aGeneralLedgerExportIsRefused() {
    let text =
      "Datum;Dagboek;Boekstuk;Factuurnummer;Grootboekrekening;Omschrijving;Debet;Credit;Saldo\n01-02-2026;VRK;1;F1;1300;Debiteuren;121,00;;121,00\n"
    #expect {
      try read(text)
    } throws: { ($0 as! InputError).message.contains("general-ledger") }
  }

  @Test(arguments: [
    "Date,Transaction Type,Num,Name,Memo/Description,Split,Amount,Balance\n01/02/2026,Invoice,1001,Jansen,,Accounts Receivable,100.00,100.00\n",
    "Datum;Grootboekrekening;Factuurnummer;Bedrag\n01-02-2026;8000;F1;121,00\n",
    "Date,Account,Description,Debit,Credit,Balance,Invoice\n2026-02-01,1300,Sale,121.00,,121.00,F1\n",
  ])
  func ledgerExportsOfOtherShapesAreRefusedToo(text: String) {
    #expect {
      try read(text)
    } throws: { ($0 as! InputError).message.contains("general-ledger") }
  }

  /// Stripe's `Amount Due` is what was billed: even a trimmed export without `Amount Paid` must
  /// not fall to the generic profile, where `amount due` is the open amount.
  @Test func aTrimmedStripeExportIsStillStripe() throws {
    let result = try read("id,Customer,Amount Due,Number,Date (UTC)\nin_1,cus_1,121.00,A-1,2026-03-01 10:00:00\n")
    #expect(result.profile == "stripe")
    #expect(result.documents.first?.totals.payable == amount("121.00"))
    #expect(result.documents.first?.outstanding == nil)
  }

  @Test func aLoneCustomerColumnIsReadAsNumberAndName() throws {
    let result = try read("Invoice Number,Customer,Invoice Date,Total\nI-1,De Vries Logistiek B.V.,2026-02-02,100.00\n")
    let doc = try #require(result.documents.first)
    #expect(doc.buyer?.name == "De Vries Logistiek B.V.")
    #expect(doc.buyer?.identifiers.first?.value == "De Vries Logistiek B.V.")
  }

  @Test func draftsAndVoidedDocumentsAreNoReceivables() throws {
    let result = try read(
      "invoice_number,customer,invoice_date,total,status\nA,1,2026-01-02,10.00,Sent\nB,1,2026-01-02,10.00,Draft\nC,1,2026-01-02,10.00,void\n"
    )
    #expect(result.documents.map(\.number) == ["A"])
    #expect(result.explanation.skipped.values.reduce(0, +) == 2)
  }

  @Test func aPaidStatusWithoutAmountsMeansNothingIsOpen() throws {
    let result = try read("invoice_number,customer,invoice_date,total,status\nA,1,2026-01-02,10.00,paid\nB,1,2026-01-02,10.00,sent\n")
    #expect(result.documents.map(\.outstanding) == [amount("0.00"), nil])
  }

  @Test func aPlaceholderDateIsALocatedErrorNotACrash() throws {
    let result = try read("invoice_number,customer,invoice_date,due_date,total\nA,1,2026-01-02,9999-12-31,10.00\n")
    #expect(result.errors.count == 1)
    #expect(result.errors.first?.location == SourceLocation(file: "t.csv", line: 2, column: 4))
  }

  @Test func monthNamesAreReadInEnglishAndDutch() throws {
    let result = try read(
      "Date,Due,Details,Client,Status,Total\n\"Jan 28 2026\",\"Feb 27, 2026\",INV-7,Acme,Unpaid,€10.00\n3 okt 2026,2 nov 2026,INV-8,Acme,Unpaid,€10.00\n"
    )
    #expect(result.profile == "invoicely")
    #expect(result.documents.map { $0.issueDate?.description } == ["2026-01-28", "2026-10-03"])
    #expect(result.documents.map { $0.dueDate?.description } == ["2026-02-27", "2026-11-02"])
  }

  @Test func anAmbiguousThousandsGroupInACommaFileIsRefusedNotGuessed() throws {
    let result = try read("invoice_number,customer,invoice_date,total\nA,1,2026-01-02,1.234\n")
    #expect(result.errors.first?.message.contains("decimal comma or a decimal point") == true)
  }

  @Test func molliePaymentsCountOnlyWhenPaidAndFindTheInvoiceInTheDescription() throws {
    let text = """
      ID,Date,Amount,Currency,Status,Payment method,Description,Consumer name,Consumer bank account,Consumer BIC,Settlement amount,Settlement currency,Settlement reference,Amount refunded
      tr_1,2026-03-04 14:22:10,121.00,EUR,paid,ideal,Factuur 2026-0142,J. Jansen,NL00INGB0001234567,INGBNL2A,120.71,EUR,,0.00
      tr_2,2026-03-05 10:00:00,50.00,EUR,expired,ideal,Factuur 2026-0143,P. Klaas,,,,,,
      tr_3,2026-03-06 10:00:00,25.00,EUR,paid,creditcard,Donatie,A. Bakker,,,24.50,EUR,,0.00

      """
    let result = try read(text)
    #expect(result.profile == "mollie")
    #expect(result.payments.map(\.invoiceNumber) == ["2026-0142", nil])
    #expect(result.payments.map(\.amount) == [amount("121.00"), amount("25.00")])
  }

  @Test func aTwinfieldOpenItemWithoutInvoiceNumberIsNumberedByItsEntryAndIsACredit() throws {
    let text =
      "Periode;Dagboek;Boekst.nr.;Relatie;Naam;Factuurnr.;Factuurdatum;Vervaldatum;Openstaand bedrag\r\n"
      + "2026/05;ING;202650007;1000;Drukkerij Noord B.V.;;12-05-2026;12-05-2026;-500,00\r\n"
    let result = try read(text)
    #expect(result.errors.isEmpty)
    #expect(result.documents.map(\.number) == ["202650007"])
    #expect(result.documents.map(\.kind) == [.creditNote])
  }

  @Test func aPaymentEntryWithAZeroTotalAndANegativeOpenIsACredit() throws {
    let text = """
      Posting Date,Party Type,Party,Customer Name,Voucher Type,Voucher No,Due Date,Invoiced Amount,Paid Amount,Credit Note,Outstanding Amount,Currency
      2026-05-02,Customer,CUST-1,Peeters,Payment Entry,ACC-PAY-2026-0001,2026-05-02,0.00,500.00,0.00,-500.00,EUR

      """
    let doc = try #require(try read(text).documents.first)
    #expect(doc.kind == .creditNote)
    #expect(doc.totals.payable == amount("500.00"))
  }

  @Test func aPartlyPaidStatusWithoutAnOpenAmountIsRefusedNotClaimedInFull() throws {
    let result = try read("invoice_number,customer,invoice_date,total,status\nA,1,2026-01-02,100.00,partial\n")
    #expect(result.errors.first?.message.contains("part is paid") == true)
  }

  // MARK: Mappings

  func mapping(
    _ columns: [CSVField: String], file: String? = nil, header: [String] = [], dateOrder: DateOrder? = nil,
    decimal: DecimalConvention? = nil, sign: SignConvention = .negativeIsCredit, currency: String? = nil
  ) -> CSVProfile {
    CSVProfile.mapping(
      name: "ours", origin: SourceLocation(file: "thinline.yaml", line: 12, column: 5), fileGlob: file, header: header, kind: nil,
      columns: columns.mapValues { CSVProfile.MappedColumn(header: $0, origin: SourceLocation(file: "thinline.yaml", line: 14)) },
      dateOrder: dateOrder, decimal: decimal, sign: sign, currency: currency)
  }

  @Test func aMappingReadsAnExportNoProfileKnowsAndBeatsDetection() throws {
    // "Relatie" would be a name to the generic profile; the mapping says it is the customer number.
    let ours = mapping(
      [.invoiceNumber: "Fact.nr", .customerNumber: "Relatie", .customerName: "Klant", .issueDate: "Datum", .outstanding: "Nog te betalen"],
      file: "debiteuren-*.csv", dateOrder: .mdy, decimal: .point, currency: "GBP")
    let text = "Fact.nr;Relatie;Klant;Datum;Nog te betalen\nX-1;0042;Jansen B.V.;03/04/2026;1.234\n"
    let result = try read(text, name: "inbox/debiteuren-nov.csv", mappings: [ours])
    let doc = try #require(result.documents.first)
    #expect(result.profile == "ours")
    #expect(doc.buyer?.identifiers.first?.value == "0042")
    #expect(doc.issueDate?.description == "2026-03-04")
    #expect(doc.outstanding == amount("1.234"))
    #expect(doc.currency == "GBP")
    // Another file name: the mapping does not apply, and detection cannot tell what it holds.
    #expect(throws: InputError.self) { try read(text, name: "other.csv", mappings: [ours]) }
  }

  @Test func aMappingErrorNamesTheConfigLineAndTheMissingHeader() {
    let ours = mapping([.invoiceNumber: "Fact.nr", .outstanding: "Openstaand EUR"], file: "*.csv")
    #expect {
      try read("Fact.nr;Openstaand\nX;1,00\n", mappings: [ours])
    } throws: { error in
      let e = error as! InputError
      return e.message.contains("thinline.yaml:14") && e.message.contains("\"Openstaand EUR\"") && e.location.line == 1
    }
  }

  @Test func aTypeColumnSignConventionRefusesNegativeAmounts() throws {
    let ours = mapping(
      [.invoiceNumber: "nr", .total: "bedrag", .issueDate: "datum", .documentType: "soort"], header: ["nr", "soort"], sign: .typeColumn)
    let result = try read(
      "nr;soort;datum;bedrag\nA;factuur;2026-01-01;10,00\nB;creditnota;2026-01-01;5,00\nC;factuur;2026-01-01;-3,00\n", mappings: [ours])
    #expect(result.documents.prefix(2).map(\.kind) == [.invoice, .creditNote])
    #expect(result.errors.count == 1)
  }

  @Test func explainSaysWhichHeaderEachFieldCameFrom() throws {
    let result = try read(
      "AccountCode;AccountName;InvoiceNumber;InvoiceDate;DueDate;Amount;JournalCode;JournalDescription\n      1001;Jansen B.V.;F1;15-03-2026;14-04-2026;1.234,56;70;Verkoopboek\n"
    )
    let e = result.explanation
    #expect(e.profile == "exact-online")
    #expect(e.fields.contains { $0.field == "outstanding" && $0.header == "Amount" && $0.column == 6 })
    #expect(e.fields.contains { $0.field == "customer_number" && $0.header == "AccountCode" && $0.column == 1 })
    #expect(e.dateOrder.hasPrefix("dmy"))
    #expect(result.documents.first?.buyer?.identifiers.first?.value == "1001")
    #expect(result.documents.first?.totals.payable == amount("1234.56"))
  }
}
