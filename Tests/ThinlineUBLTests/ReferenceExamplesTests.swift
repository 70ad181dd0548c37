import Foundation
import FoundationXML
import Testing
import ThinlineCore
import ThinlineTestSupport
import ThinlineUBL

/// Every public example document parses, and its key facts match what an independent reader
/// (FoundationXML's DOM and XPath on local names) finds in the same file.
@Suite(.enabled(if: Fixtures.hasSharedReference, "../shared/reference is absent: reference-example tests skipped"))
struct ReferenceExamplesTests {
  @Test func thereAre137ExampleDocuments() {
    #expect(Fixtures.referenceExamples().count == 137)
  }

  /// The independent reading: first node's trimmed string value for a local-name path.
  static func independent(_ doc: XMLDocument, _ steps: [String]) -> String? {
    let xpath = "/*/" + steps.map { "*[local-name()='\($0)']" }.joined(separator: "/")
    let nodes = (try? doc.nodes(forXPath: xpath)) ?? []
    return nodes.first?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test(arguments: Fixtures.referenceExamples())
  func readsNumberDatesPayableAndBuyer(file: URL) throws {
    let bytes = Fixtures.bytes(file)
    let result = try UBLReader.read(bytes, source: file.lastPathComponent)
    let document = result.document
    let xml = try XMLDocument(data: Data(bytes), options: [])
    let root = xml.rootElement()!.localName!

    #expect(document.kind == (root == "Invoice" ? .invoice : .creditNote))
    #expect(document.number == Self.independent(xml, ["ID"]))
    #expect(document.issueDate?.description == Self.independent(xml, ["IssueDate"]).map { String($0.prefix(10)) })
    let due = Self.independent(xml, ["DueDate"]) ?? Self.independent(xml, ["PaymentMeans", "PaymentDueDate"])
    #expect(document.dueDate?.description == due.map { String($0.prefix(10)) })
    let payable = Self.independent(xml, ["LegalMonetaryTotal", "PayableAmount"])
    #expect(document.totals.payable?.value == payable.flatMap { Decimal(string: $0) })
    let legal = Self.independent(xml, ["AccountingCustomerParty", "Party", "PartyLegalEntity", "RegistrationName"])
    let trading = Self.independent(xml, ["AccountingCustomerParty", "Party", "PartyName", "Name"])
    #expect(document.buyer?.legalName == legal)
    #expect(document.buyer?.tradingName == trading)
    #expect(document.buyer?.name == (legal ?? trading))
    let lines = (try xml.nodes(forXPath: "/*/*[local-name()='InvoiceLine' or local-name()='CreditNoteLine']")).count
    #expect(document.lines.count == lines)
  }

  /// EN 16931 arithmetic verdicts agree with the official CEN validator's (validation-results.tsv).
  @Test func arithmeticVerdictsAgreeWithTheOfficialValidator() throws {
    let reference = Fixtures.sharedReference!
    let tsv = try String(contentsOf: reference.appendingPathComponent("validation-results.tsv"), encoding: .utf8)
    let rules = Set(EN16931Arithmetic.rules)
    var agreed = 0, compared = 0
    var disagreements: [String] = []
    for line in tsv.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("path\t") {
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      let path = columns[0]
      let official = columns[3] == "-" ? Set<String>() : Set(columns[3].split(separator: ",").map(String.init)).intersection(rules)
      let url = reference.appendingPathComponent("ubl-examples").appendingPathComponent(path)
      let document = try UBLReader.read(Fixtures.bytes(url), source: path).document
      let mine = Set(EN16931Arithmetic.check(document).map(\.rule))
      compared += 1
      if mine == official { agreed += 1 } else { disagreements.append("\(path): thinline \(mine.sorted()) CEN \(official.sorted())") }
    }
    #expect(compared == 137)
    #expect(agreed == compared, "\(disagreements.joined(separator: "\n"))")
  }

  @Test func namespaceStylesAllReadTheSame() throws {
    let folder = Fixtures.sharedReference!.appendingPathComponent("ubl-examples/oasis-ubl-2.1")
    let names = [
      "UBL-Invoice-2.0-Example.xml", "UBL-Invoice-2.0-Example-NS1.xml", "UBL-Invoice-2.0-Example-NS2.xml",
      "UBL-Invoice-2.0-Example-NS3.xml", "UBL-Invoice-2.0-Example-NS4.xml",
    ]
    let documents = try names.map { try UBLReader.read(Fixtures.bytes(folder.appendingPathComponent($0)), source: "x").document }
    for document in documents.dropFirst() {
      #expect(document.number == documents[0].number)
      var totals = document.totals
      totals.sourceLine = documents[0].totals.sourceLine  // the samples differ in layout only
      #expect(totals == documents[0].totals)
      #expect(document.buyer == documents[0].buyer)
      #expect(document.lines == documents[0].lines)
    }
    #expect(documents[0].totals.payable?.amountText == "107.50")
  }

  @Test func ubl20SampleWithoutCurrencyConvertsWithAWarning() throws {
    let url = Fixtures.sharedReference!.appendingPathComponent("ubl-examples/oasis-ubl-2.1/UBL-Invoice-2.0-Example.xml")
    let result = try UBLReader.read(Fixtures.bytes(url), source: "x.xml")
    #expect(result.document.dueDate?.description == "2005-07-21")  // PaymentMeans/PaymentDueDate
    #expect(result.warnings.contains { $0.message.contains("DocumentCurrencyCode") })
  }

  @Test func embeddedPDFIsMeasuredAndDecodedOnDemand() throws {
    let url = Fixtures.sharedReference!.appendingPathComponent("ubl-examples/xrechnung-testsuite/business-cases/standard")
    let file = try FileManager.default.contentsOfDirectory(atPath: url.path).first { $0.hasPrefix("03.07a") }!
    let bytes = Fixtures.bytes(url.appendingPathComponent(file))
    let document = try UBLReader.read(bytes, source: file).document
    let pdfs = document.attachments.filter { $0.mimeType == "application/pdf" }
    #expect(pdfs.count == 2)
    let index = document.attachments.firstIndex { $0.mimeType == "application/pdf" }!
    let decoded = try #require(try UBLReader.attachmentBytes(bytes, source: file, index: index))
    #expect(decoded.count == pdfs[0].size)
    #expect(Array(decoded.prefix(5)) == Array("%PDF-".utf8))
  }

  @Test func xsdValidationAcceptsExamplesAndRejectsAnUnknownElement() throws {
    let reference = Fixtures.sharedReference!
    let validator = try XSDValidator(directory: reference.appendingPathComponent("ubl-2.1-xsd").path)
    let example = reference.appendingPathComponent("ubl-examples/cen-en16931/examples/ubl-tc434-example1.xml")
    var bytes = Fixtures.bytes(example)
    #expect(try validator.validate(bytes, source: "e1.xml", kind: .invoice).isEmpty)
    var text = String(decoding: bytes, as: UTF8.self)
    text = text.replacingOccurrences(of: "<cbc:IssueDate>", with: "<cbc:Bogus>x</cbc:Bogus><cbc:IssueDate>")
    bytes = Array(text.utf8)
    let findings = try validator.validate(bytes, source: "e1.xml", kind: .invoice)
    #expect(findings.contains { $0.rule == "XSD" && $0.message.contains("Bogus") && $0.location.line > 0 })
  }
}
