import Foundation
import Testing
import ThinlineCSV
import ThinlineCore

@Suite struct CSVReaderTests {
  func read(_ text: String, name: String = "t.csv") throws -> CSVReadResult {
    try CSVReader.read(Array(text.utf8), source: name)
  }

  func amount(_ s: String) -> ExactDecimal { ExactDecimal(xsDecimal: s)! }

  @Test func windows1252WithEuroAndUmlautBecomesExactDecimalsAndUTF8() throws {
    let text = "Factuurnummer;Klantnummer;Naam;Factuurdatum;Bedrag\r\nF1;00042;Zoë Bakker;05-06-2026;€ 1.234,56\r\n"
    var bytes: [UInt8] = []
    for scalar in text.unicodeScalars {
      switch scalar {
      case "€": bytes.append(0x80)
      case "ë": bytes.append(0xEB)
      default: bytes.append(UInt8(scalar.value))
      }
    }
    let result = try CSVReader.read(bytes, source: "ansi.csv")
    #expect(result.dialect.encoding == .windows1252)
    let doc = try #require(result.documents.first)
    #expect(doc.buyer?.name == "Zoë Bakker")
    #expect(doc.totals.payable == amount("1234.56"))
    #expect(doc.buyer?.identifiers.first == PartyIdentifier(scheme: "customer_number", value: "00042"))
    #expect(doc.issueDate?.description == "2026-06-05")
  }

  @Test func utf8WithBOMAndCommaDelimiter() throws {
    let result = try read(
      "\u{FEFF}invoice_number,customer_number,issue_date,due_date,amount,currency\nINV-1,C1,2026-01-31,2026-03-02,\"1,234.50\",usd\n")
    #expect(result.dialect.encoding == .utf8BOM)
    let doc = try #require(result.documents.first)
    #expect(doc.totals.payable == amount("1234.50"))
    #expect(doc.currency == "USD")
    #expect(doc.dueDate?.description == "2026-03-02")
  }

  @Test func rawByteOrderMarkIsDetected() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("factuurnummer;bedrag;factuurdatum\nF1;10,00;1-2-2026\n".utf8)
    let result = try CSVReader.read(bytes, source: "bom.csv")
    #expect(result.dialect.encoding == .utf8BOM)
    #expect(result.documents.first?.issueDate?.description == "2026-02-01")
  }

  @Test(arguments: [
    ("1234,56-", "-1234.56"), ("(1.234,56)", "-1234.56"), ("-€ 1.234,56", "-1234.56"), ("€ -1.234,56", "-1234.56"),
    ("EUR 1234,56", "1234.56"), ("1 234,56", "1234.56"), ("1\u{00A0}234,56", "1234.56"), ("1.234", "1234.00"),
  ])
  func dutchAmountNotations(cell: String, expected: String) throws {
    let result = try read("betaaldatum;bedrag\n2026-01-01;\(cell)\n2026-01-01;5,00\n")
    #expect(result.errors.isEmpty)
    #expect(result.payments.first?.amount.value == Decimal(string: expected))
  }

  @Test func tabAndPipeDelimiters() throws {
    #expect(try read("invoice\ttotal\tdate\nA\t1.50\t2026-01-01\n").documents.first?.totals.payable == amount("1.50"))
    #expect(try read("invoice|total|date\nA|1.50|2026-01-01\n").dialect.delimiter == "|")
  }

  @Test func quotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
    let result = try read("invoice,customer_name,total,date\nA,\"Smith, \"\"Big\"\" Co\nBranch\",10.00,2026-01-01\nB,X,1.00,2026-01-01\n")
    #expect(result.documents.first?.buyer?.name == "Smith, \"Big\" Co\nBranch")
    #expect(result.documents.count == 2)
  }

  /// Unescaped fields live in the tokenizer's scratch space: long ones (beyond its first 1 KiB)
  /// and several per row, every value read intact (issue 13: a pointer once outlived its closure).
  @Test func doubledQuotesInLongAndManyFieldsReadIntact() throws {
    let long = String(repeating: "x", count: 3000) + "\"\"end"
    var text = "invoice,customer_name,customer,total,date\n"
    for n in 0..<200 {
      text += "F\(n),\"Name \"\"\(n)\"\" \(n % 7 == 0 ? long : "")\",\"C\"\"\(n)\",\(n).00,2026-01-01\n"
    }
    let result = try read(text)
    #expect(result.documents.count == 200)
    for (n, d) in result.documents.enumerated() {
      let expected = "Name \"\(n)\" " + (n % 7 == 0 ? String(repeating: "x", count: 3000) + "\"end" : "")
      #expect(d.buyer?.name == expected.trimmingCharacters(in: .whitespaces))
    }
  }

  @Test func preambleSummaryRowsAndRepeatedHeadersAreSkipped() throws {
    let text = """
      Openstaande posten per 28-11-2026

      Factuurnummer;Naam;Factuurdatum;Openstaand
      F1;A;01-10-2026;100,00
      F2;B;02-10-2026;50,00
      Factuurnummer;Naam;Factuurdatum;Openstaand
      F3;C;03-10-2026;25,00
      ;Totaal;;175,00
      """
    let result = try read(text)
    #expect(result.kind == .openItems)
    #expect(result.documents.map(\.number) == ["F1", "F2", "F3"])
    #expect(result.rows == 3)
    #expect(result.dialect.headerLine == 3)
  }

  @Test func lineRowsAreGroupedWithoutSummingRepeatedTotals() throws {
    // Xero-style: a row per line, Total and InvoiceAmountDue repeated on each.
    let text = """
      ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,LineAmount,Currency,Type
      Acme Ltd,INV-0001,31/01/2026,02/03/2026,121.00,21.00,0.00,121.00,SUP,Support,1,60.00,60.00,EUR,Sales invoice
      Acme Ltd,INV-0001,31/01/2026,02/03/2026,121.00,21.00,0.00,121.00,LIC,Licence,2,20.00,40.00,EUR,Sales invoice
      Acme Ltd,CN-0002,15/02/2026,,24.20,4.20,0.00,24.20,LIC,Licence back,1,20.00,20.00,EUR,Sales credit note
      """
    let result = try read(text)
    #expect(result.profile == "xero")
    #expect(result.kind == .invoiceLines)
    #expect(result.documents.count == 2)
    let invoice = result.documents[0]
    #expect(invoice.totals.payable == amount("121.00"))
    #expect(invoice.outstanding == amount("121.00"))
    #expect(invoice.lines.count == 2)
    #expect(invoice.lines[1].itemID == "LIC")
    #expect(invoice.issueDate?.description == "2026-01-31")
    #expect(result.documents[1].kind == .creditNote)
  }

  @Test func genericLinesWithoutTotalsSumLinesPlusVATPerRate() throws {
    let text = """
      factuurnummer;klantnummer;factuurdatum;artikelcode;omschrijving;aantal;stukprijs;btw_percentage
      F9;10023;2026-11-01;SUP-GOLD;Support;1;475,00;21
      F9;10023;2026-11-01;BOOK;Boek;3;10,00;9
      """
    let doc = try #require(try read(text).documents.first)
    // 475.00 + 30.00 net; VAT 99.75 + 2.70
    #expect(doc.totals.lineExtension == amount("505.00"))
    #expect(doc.totals.payable == amount("607.45"))
    #expect(doc.lines[0].price == amount("475.00"))
  }

  @Test func repeatedTotalsThatDisagreeAreAnError() throws {
    let text = "invoice_number,issue_date,total,quantity\nA,2026-01-01,10.00,1\nA,2026-01-01,11.00,1\n"
    let result = try read(text)
    #expect(result.errors.first?.location.line == 3)
    #expect(result.errors.first?.message.contains("11.00") == true)
  }

  @Test func badCellsAreLocatedByLineAndColumn() throws {
    let result = try read("factuurnummer;factuurdatum;bedrag\nF1;2026-01-01;12,3x\nF2;31-31-2026;1,00\n")
    #expect(result.errors.count == 2)
    #expect(result.errors[0].description.hasPrefix("t.csv:2:3: error: column 3 (bedrag): \"12,3x\" is not an amount"))
    #expect(result.errors[0].expected?.contains("1.234,56") == true)
    #expect(result.errors[1].location.line == 3 && result.errors[1].location.column == 2)
  }

  @Test func identifiersStayTextAndExcelManglingIsWarned() throws {
    let result = try read("invoice_number,customer_number,issue_date,amount\n000123,1.23457E+15,2026-01-01,5.00\n")
    #expect(result.documents.first?.number == "000123")
    #expect(result.warnings.contains { $0.message.contains("E+") })
  }

  /// Buyers are found again by their cells' bytes: a repeated row gets the same party, cells that
  /// only shift bytes from one to the next do not, padding still counts as the same text, and a
  /// mangled identifier is warned about on every row that has it.
  @Test func buyersRepeatByTheirCells() throws {
    let result = try read(
      "factuurnummer;klantnummer;naam;factuurdatum;bedrag\n" + "F1;1.23457E+15;AB;01-01-2026;1,00\n"
        + "F2;1.23457E+15;AB;01-01-2026;2,00\n" + "F3;C;\"AB\";01-01-2026;3,00\n" + "F4;BC;A;01-01-2026;4,00\n"
        + "F5;C; AB ;01-01-2026;5,00\n")
    let buyers = result.documents.map(\.buyer)
    #expect(buyers.count == 5)
    #expect(buyers[0] == buyers[1])
    #expect(buyers[0]?.identifiers.first?.value == "1.23457E+15")
    #expect(buyers[2]?.name == "AB" && buyers[2]?.identifiers.first?.value == "C")
    #expect(buyers[3]?.name == "A" && buyers[3]?.identifiers.first?.value == "BC")
    #expect(buyers[2] != buyers[3])
    #expect(buyers[4] == buyers[2])
    #expect(result.warnings.filter { $0.message.contains("E+") }.count == 2)
  }

  @Test func paymentsAndRemindersAreRecognised() throws {
    let payments = try read("betaaldatum;factuurnummer;klantnummer;bedrag\n15-10-2026;F1;10201;1.000,00\n01-10-2026;;10077;100,00\n")
    #expect(payments.kind == .payments)
    #expect(payments.payments.count == 2)
    #expect(payments.payments[0].amount == amount("1000.00"))
    #expect(payments.payments[1].invoiceNumber == nil)
    let reminders = try read("factuurnummer;datum;soort;kanaal\nF1;2026-08-21;herinnering;email\nF1;2026-09-21;veertiendagenbrief;post\n")
    #expect(reminders.kind == .reminders)
    #expect(reminders.reminders.map(\.kind) == [.reminder, .fourteenDayLetter])
    #expect(reminders.reminders[1].channel == .post)
  }

  @Test func unknownColumnsAndMissingRequiredColumnsSayWhatIsExpected() throws {
    #expect(throws: InputError.self) { try read("foo;bar\n1;2\n") }
    do {
      _ = try read("factuurnummer;klantnummer;bedrag\nF1;1;2,00\n")
      Issue.record("expected an error for the missing issue date")
    } catch let error as InputError {
      #expect(error.message.contains("issue_date"))
      #expect(error.expected?.contains("factuurdatum") == true)
      #expect(error.location.line == 1)
    }
  }

  @Test func unterminatedQuotesAndBinaryAreRefused() throws {
    #expect(throws: InputError.self) { try read("invoice,total,date\nA,\"10.00,2026-01-01\n") }
    #expect(throws: InputError.self) { try CSVReader.read([0x00, 0x01, 0x02, 0x41], source: "bin.csv") }
  }

  @Test func negativeTotalsAreCreditNotesWithPositiveAmounts() throws {
    let doc = try #require(try read("factuurnummer;factuurdatum;bedrag\nC1;2026-01-01;-121,00\n").documents.first)
    #expect(doc.kind == .creditNote)
    #expect(doc.totals.payable == amount("121.00"))
  }

  @Test func usMonthFirstDatesAreDetectedPerColumn() throws {
    let result = try read("invoice,date,total\nA,01/31/2026,1.00\nB,02/01/2026,1.00\n")
    #expect(result.documents.map { $0.issueDate?.description } == ["2026-01-31", "2026-02-01"])
  }

  @Test func zohoProfileReadsBalanceAsOutstanding() throws {
    let text = """
      Invoice Date,Invoice ID,Invoice Number,Invoice Status,Customer Name,Customer ID,Due Date,Currency Code,Item Name,Quantity,Item Price,Item Total,SubTotal,Total,Balance
      2026-03-01,2520018000000073144,INV-000001,Overdue,Kees B.V.,2520018000000071001,2026-03-31,EUR,Widget,2,50.00,100.00,100.00,121.00,60.50
      2026-03-01,2520018000000073144,INV-000001,Overdue,Kees B.V.,2520018000000071001,2026-03-31,EUR,Gadget,0,0.00,0.00,100.00,121.00,60.50
      """
    let result = try read(text)
    #expect(result.profile == "zoho")
    let doc = try #require(result.documents.first)
    #expect(doc.number == "INV-000001")
    #expect(doc.outstanding == amount("60.50"))
    #expect(doc.totals.payable == amount("121.00"))
    #expect(doc.buyer?.identifiers.first?.value == "2520018000000071001")
    #expect(doc.lines.count == 2)
  }

  /// Rows of one customer share the party they make; a row that differs in any buyer cell gets
  /// its own (name, number, VAT, KvK and e-mail each tell buyers apart).
  @Test func rowsOfOneCustomerShareTheirBuyerAndEveryCellTellsBuyersApart() throws {
    let rows = [
      "F1,100, Klant B.V. ,NL001B01,12345678,a@klant.nl", "F2,100,Klant B.V.,NL001B01,12345678,a@klant.nl",
      "F3,101,Klant B.V.,NL001B01,12345678,a@klant.nl", "F4,100,Klant B.V.,NL002B01,12345678,a@klant.nl",
      "F5,100,Klant B.V.,NL001B01,87654321,a@klant.nl", "F6,100,Klant B.V.,NL001B01,12345678,b@klant.nl",
      "F7,100,Ander B.V.,NL001B01,12345678,a@klant.nl", "F8,100,Klant B.V.,NL001B01,12345678,a@klant.nl",
    ]
    let text =
      "invoice_number,customer_number,customer_name,vat_number,kvk,email,issue_date,amount\n"
      + rows.map { $0 + ",2026-01-05,10.00\n" }.joined()
    let buyers = try read(text).documents.map { $0.buyer! }
    #expect(buyers.count == 8)
    #expect(buyers[0].tradingName == "Klant B.V.")
    #expect(buyers[0] == buyers[1] && buyers[1] == buyers[7])
    for other in 2...6 { #expect(buyers[other] != buyers[1], "row \(other + 1)") }
    #expect(buyers[2].identifiers.first?.value == "101")
    #expect(buyers[3].identifiers.map(\.value) == ["100", "NL002B01", "12345678"])
    #expect(buyers[4].identifiers.last?.value == "87654321")
    #expect(buyers[5].contact.email == "b@klant.nl")
    #expect(buyers[6].tradingName == "Ander B.V.")
  }
}
