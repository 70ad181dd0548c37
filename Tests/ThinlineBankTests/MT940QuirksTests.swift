import Testing
import ThinlineBank
import ThinlineCore
import ThinlineWriters

/// What real MT940 files do, written small (these run without ../shared).
@Suite struct MT940QuirksTests {
  func read(_ text: String) throws -> BankStatementFile {
    try BankStatementReader.read(Array(text.utf8), source: "test.sta")
  }

  static let head = ":20:STMT1\r\n:25:NL39RABO0300065264 EUR\r\n:28C:1\r\n:60F:C261129EUR1000,00\r\n"

  @Test func envelopesSOHETXAndDOSEndOfFileAreNotContent() throws {
    let text =
      "\u{1}{1:F01INGBNL2ABXXX0000000000}{2:I940INGBNL2AXXXN}{3:{108:X}}{4:\r\n" + Self.head
      + ":61:2611301130C12,5NTRFNONREF\r\n:86:/NAME/A B.V./REMI/FACTUUR 2026-17/\r\n:62F:C261130EUR1012,50\r\n-}\u{3}\u{1A}"
    let file = try read(text)
    #expect(file.entries.count == 1)
    #expect(file.entries[0].amount.value.moneyText == "12.50")
    #expect(file.entries[0].remittance == "FACTUUR 2026-17")
    #expect(file.warnings.isEmpty)
  }

  @Test func theCurrencysLastLetterGluedToTheMarkAndAmountsWithoutDecimals() throws {
    let file = try read(Self.head + ":61:261130CR1000,NTRFNONREF\r\n:61:261130DR5NTRFNONREF\r\n:62F:C261130EUR1995,00\r\n-\r\n")
    #expect(file.entries.map { $0.amount.value.moneyText } == ["1000.00", "5.00"])
    #expect(file.entries.map(\.direction) == [.credit, .debit])
    #expect(file.entries.allSatisfy { $0.currency == "EUR" && !$0.reversal })
  }

  @Test func reversalMarks() throws {
    let file = try read(Self.head + ":61:261130RC10,00NTRFNONREF\r\n:61:261130RD20,00NTRFNONREF\r\n-\r\n")
    #expect(file.entries.map(\.direction) == [.debit, .credit])
    #expect(file.entries.allSatisfy { $0.reversal })
  }

  @Test func aLoneDashInsideTextIsContentAndTagLookalikesAreText() throws {
    let file = try read(
      Self.head
        + ":61:261130C10,00NTRFNONREF\r\n:86:/REMI/paid at 12\r\n:00:00 see invoice\r\n-\r\nfollows/\r\n:62F:C261130EUR1010,00\r\n-\r\n")
    #expect(file.entries.count == 1)
    #expect(file.entries[0].remittance == "paid at 12 :00:00 see invoice - follows")
  }

  @Test func aCutAt65ColumnsJoinsWithoutASpaceAndTheBalanceWarns() throws {
    let first = ":86:/TRTP/SEPA OVERBOEKIN/IBAN/NL91ABNA0417164300/BIC/ABNANL2/NAM"
    #expect(first.count == 65)
    let file = try read(
      Self.head + ":61:261130C10,00NTRFNONREF\r\n\(first)\r\nE/Jansen/REMI/Factuur 10530/EREF/NOTPROVIDED\r\n:62F:C261130EUR9,00\r\n-\r\n")
    let e = file.entries[0]
    #expect(e.counterpartyName == "Jansen")
    #expect(e.counterpartyIBAN == "NL91ABNA0417164300")
    #expect(e.endToEndID == nil)  // NOTPROVIDED
    #expect(e.remittance == "Factuur 10530")
    #expect(file.warnings.map(\.rule) == ["TL-BANK-BALANCE"])
  }

  @Test func impossibleDatesAreLocatedRefusals() {
    #expect {
      try read(Self.head + ":61:260230C10,00NTRFNONREF\r\n-\r\n")
    } throws: { error in
      let e = error as! InputError
      return e.location.line == 5 && e.message.contains("260230")
    }
  }

  @Test func moreThanTwoDecimalsAreRefusedNotRounded() {
    #expect(throws: InputError.self) { try read(Self.head + ":61:261130C10,005NTRFNONREF\r\n-\r\n") }
  }

  @Test func windows1252NamesAreDecoded() throws {
    var bytes = Array((Self.head + ":61:261130C10,00NTRFNONREF\r\n:86:/NAME/Caf").utf8)
    bytes += [0xE9] + Array(" Noir/\r\n-\r\n".utf8)
    let file = try BankStatementReader.read(bytes, source: "cp1252.sta")
    #expect(file.entries[0].counterpartyName == "Café Noir")
  }

  @Test func germanSubfields() throws {
    let file = try read(
      Self.head
        + ":61:261130C25,00NTRFNONREF\r\n:86:166?00GUTSCHRIFT?20EREF+E2E-77?21SVWZ+Rechnung 4711 vom 01.1\r\n?221.2026?30COBADEFFXXX?31DE89370400440532013000?32Muster GmbH\r\n-\r\n"
    )
    let e = file.entries[0]
    #expect(e.endToEndID == "E2E-77")
    #expect(e.remittance == "Rechnung 4711 vom 01.11.2026")
    #expect(e.counterpartyIBAN == "DE89370400440532013000")
    #expect(e.counterpartyName == "Muster GmbH")
  }

  @Test func convertWritesTheDocumentedFields() throws {
    let file = try read(
      Self.head + ":61:2611301201C10,00NTRFNONREF//B-1\r\n:86:/IBAN/NL91ABNA0417164300/NAME/X/REMI/RF18539007547034/\r\n-\r\n")
    let json = BankEntryEncoding.json(file.entries[0]).rendered()
    for field in [
      "\"record\": \"bank_entry\"", "\"format\": \"MT940\"", "\"account\": \"NL39RABO0300065264\"", "\"statement\": \"STMT1/1\"",
      "\"booking_date\": \"2026-12-01\"", "\"value_date\": \"2026-11-30\"", "\"amount\": \"10.00\"", "\"currency\": \"EUR\"",
      "\"direction\": \"credit\"", "\"reversal\": false", "\"status\": \"booked\"", "\"bank_reference\": \"B-1\"",
      "\"structured_references\": [\n    \"RF18539007547034\"\n  ]", "\"return_reason\": null", "\"transactions\": []",
    ] {
      #expect(json.contains(field), "\(field) in \(json)")
    }
  }
}
