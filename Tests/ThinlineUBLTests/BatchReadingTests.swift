import Foundation
import Testing
import ThinlineCore
import ThinlineRunner
import ThinlineTestSupport
import ThinlineUBL

/// Files read one after another on a reused libxml2 reader, as a cron night does.
@Suite struct BatchReadingTests {
  static let ns =
    "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""

  static func invoice(_ number: String, references: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Invoice \(ns)><cbc:ID>\(number)</cbc:ID><cbc:IssueDate>2026-08-01</cbc:IssueDate><cbc:DueDate>2026-08-31</cbc:DueDate>
    <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\(references)
    <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>
    """
  }

  /// Fails on the reader that reused libxml2 without skipping the byte-order mark: every second
  /// BOM file of a batch was "Document is empty".
  @Test func aFolderOfByteOrderMarkFilesReadsEveryFile() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    for i in 1...6 {
      let result = try UBLReader.read(bom + Array(Self.invoice("BOM-\(i)").utf8), source: "bom-\(i).xml")
      #expect(result.document.number == "BOM-\(i)")
    }
    // And through the convert command, on one thread after another.
    let dir = Fixtures.workdir()
    for i in 1...6 {
      try Data(bom + Array(Self.invoice("F-\(i)").utf8)).write(to: dir.appendingPathComponent("f\(i).xml"))
    }
    let outcome = Convert.run(try InputFiles.expand([dir.path]), to: .csv)
    #expect(outcome.rejectedFiles == 0)
    #expect(outcome.documents == 6)
  }

  @Test func aByteOrderMarkAloneIsAnEmptyFileNotACrash() {
    #expect(throws: InputError.self) { try UBLReader.read([0xEF, 0xBB, 0xBF, 0x3C], source: "x.xml") }
  }

  static func reference(_ code: String, _ name: String) -> String {
    let pdf = Data("%PDF-1.4 \(name)".utf8).base64EncodedString()
    return """
      <cac:AdditionalDocumentReference><cbc:ID>\(name)</cbc:ID><cbc:DocumentTypeCode>\(code)</cbc:DocumentTypeCode>
      <cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="\(name).pdf">\(pdf)</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>
      </cac:AdditionalDocumentReference>
      """
  }

  @Test func aPDFInAnInvoicedObjectReferenceIsNamedAndKeptWhenItIsTheOnlyOne() throws {
    let bytes = Array(Self.invoice("R-1", references: Self.reference("130", "factuur")).utf8)
    let result = try UBLReader.read(bytes, source: "r.xml")
    #expect(result.document.attachments.map(\.filename) == ["factuur.pdf"])
    let warning = try #require(result.warnings.first { $0.rule == "TL-ATTACHMENT" })
    #expect(warning.message.contains("factuur.pdf"))
    #expect(warning.message.contains("keeps it"))
    // Its bytes are found at its own position, not at its place among the kept attachments.
    let position = try #require(result.document.attachments.first?.position)
    let pdf = try #require(try UBLReader.attachmentBytes(bytes, source: "r.xml", index: position))
    #expect(String(decoding: pdf, as: UTF8.self) == "%PDF-1.4 factuur")
  }

  @Test func aReferencePDFBesideARealAttachmentIsWarnedAboutAndLeftOut() throws {
    let refs = Self.reference("130", "order") + Self.reference("916", "factuur")
    let result = try UBLReader.read(Array(Self.invoice("R-2", references: refs).utf8), source: "r.xml")
    #expect(result.document.attachments.map(\.filename) == ["factuur.pdf"])
    #expect(result.document.attachments.first?.position == 1)
    let warning = try #require(result.warnings.first { $0.rule == "TL-ATTACHMENT" })
    #expect(warning.message.contains("order.pdf") && warning.message.contains("does not pass it on"))
  }
}
