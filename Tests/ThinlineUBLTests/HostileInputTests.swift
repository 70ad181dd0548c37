import Foundation
import Testing
import ThinlineCore
import ThinlineTestSupport
import ThinlineUBL

/// Hostile or broken files get a clear, located error and do no harm.
@Suite struct HostileInputTests {
  static let header = """
    <?xml version="1.0" encoding="UTF-8"?>
    """
  static let ns =
    "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""

  func readError(_ text: String) -> InputError? {
    readError(Array(text.utf8))
  }

  func readError(_ bytes: [UInt8]) -> InputError? {
    do {
      _ = try UBLReader.read(bytes, source: "hostile.xml")
      return nil
    } catch {
      return error
    }
  }

  @Test func xxeReadingALocalFileIsRefusedAndLeaksNothing() throws {
    let secret = Fixtures.workdir().appendingPathComponent("secret.txt")
    try "TOP-SECRET-4711".write(to: secret, atomically: true, encoding: .utf8)
    let xml = """
      \(Self.header)
      <!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file://\(secret.path)"> ]>
      <Invoice \(Self.ns)><cbc:ID>&xxe;</cbc:ID></Invoice>
      """
    let error = try #require(readError(xml))
    #expect(error.message.contains("DOCTYPE"))
    #expect(error.location.line == 2)
    #expect(!error.description.contains("TOP-SECRET"))
  }

  @Test func billionLaughsIsRefusedAtOnce() throws {
    var entities = "<!ENTITY lol0 \"lol\">"
    for i in 1...9 { entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">" }
    let xml = "\(Self.header)\n<!DOCTYPE Invoice [\(entities)]>\n<Invoice \(Self.ns)><cbc:ID>&lol9;</cbc:ID></Invoice>"
    let start = Date()
    let error = try #require(readError(xml))
    #expect(Date().timeIntervalSince(start) < 1.0)
    #expect(error.message.contains("DOCTYPE"))
  }

  @Test func aDoctypeAfterCommentsIsStillFound() throws {
    let xml =
      "\(Self.header)\n<!-- exported -->\n<?pi x?>\n<!DOCTYPE Invoice SYSTEM \"http://example.invalid/x.dtd\">\n<Invoice \(Self.ns)/>"
    let error = try #require(readError(xml))
    #expect(error.location.line == 4)
  }

  @Test func truncatedXMLSaysWhereItStops() throws {
    let xml = "\(Self.header)\n<Invoice \(Self.ns)><cbc:ID>F1</cbc:ID><cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">12"
    let error = try #require(readError(xml))
    #expect(error.message.contains("truncated"))
    #expect(error.location.line == 2)
    #expect(error.location.path == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
  }

  @Test func mismatchedTagsAreLocated() throws {
    let xml = "\(Self.header)\n<Invoice \(Self.ns)>\n  <cbc:ID>F1</cbc:Note>\n</Invoice>"
    let error = try #require(readError(xml))
    #expect(error.location.line == 3)
    #expect(error.location.column > 0)
    #expect(error.description.hasPrefix("hostile.xml:3:"))
  }

  @Test func binaryGarbageAndEmptyFilesAreRefused() throws {
    var generator = SystemRandomNumberGenerator()
    let garbage = [UInt8(ascii: "<")] + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
    #expect(readError(garbage) != nil)
    let empty = try #require(readError([UInt8]()))
    #expect(empty.message.contains("empty"))
  }

  @Test func otherRootsAreNotUBLInvoices() throws {
    let error = try #require(
      readError("<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"))
    #expect(error.message.contains("not a UBL 2.1 Invoice or CreditNote"))
    #expect(error.expected != nil)
  }

  @Test func aFiftyMegabyteTextNodeGetsAClearErrorAndBoundedWork() throws {
    var bytes = Array("\(Self.header)\n<Invoice \(Self.ns)><cbc:Note>".utf8)
    bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: "A"), count: 50 * 1024 * 1024))
    bytes.append(contentsOf: Array("</cbc:Note></Invoice>".utf8))
    let start = Date()
    let error = try #require(readError(bytes))
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(error.message.contains("10,000,000-byte limit"))
    #expect(error.location.path == "/Invoice/cbc:Note")
  }

  @Test func extensionsAndUnknownNamespacesAreSkipped() throws {
    let xml = """
      \(Self.header)
      <Invoice \(Self.ns) xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">
        <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><cbc:ID>WRONG</cbc:ID></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
        <cbc:ID>RIGHT</cbc:ID>
      </Invoice>
      """
    #expect(try UBLReader.read(Array(xml.utf8), source: "x.xml").document.number == "RIGHT")
  }

  @Test func badAmountsBecomeNullWithALocatedWarning() throws {
    let xml = """
      \(Self.header)
      <Invoice \(Self.ns)><cbc:ID>F1</cbc:ID>
      <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12,50</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>
      """
    let result = try UBLReader.read(Array(xml.utf8), source: "x.xml")
    #expect(result.document.totals.payable == nil)
    #expect(result.document.currency == "EUR")
    let warning = try #require(result.warnings.first { $0.message.contains("12,50") })
    #expect(warning.location.line == 3)
    #expect(warning.location.path == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
  }
}

/// Readers are reused across documents; a failed document must leave nothing behind.
@Suite struct ReaderReuseTests {
  static let ns = HostileInputTests.ns

  func invoice(_ number: String, extra: String = "") -> [UInt8] {
    Array(
      "<?xml version=\"1.0\"?>\n<Invoice \(Self.ns)>\(extra)<cbc:ID>\(number)</cbc:ID><cbc:IssueDate>2026-01-0\(number.count % 9 + 1)</cbc:IssueDate><cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>B\(number)</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty></Invoice>"
        .utf8)
  }

  @Test func documentsAfterABrokenOneReadCorrectly() throws {
    for round in 0..<200 {
      let broken = Array("<?xml version=\"1.0\"?>\n<Invoice \(Self.ns)><cbc:Note>x</cbc:Note><cbc:Foo\(round)>".utf8)
      #expect(throws: InputError.self) { try UBLReader.read(broken, source: "bad.xml") }
      let number = "N\(round)"
      let document = try UBLReader.read(invoice(number, extra: "<cbc:Note\(round % 3 == 0 ? "" : "")>n</cbc:Note>"), source: "good.xml")
        .document
      #expect(document.number == number)
      #expect(document.issueDate != nil)
      #expect(document.buyer?.name == "B\(number)")
    }
  }
}
