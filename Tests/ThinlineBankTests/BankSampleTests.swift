import Foundation
import Testing
import ThinlineBank
import ThinlineCore
import ThinlineTestSupport

/// Every public statement sample of shared/reference/bank-statements, against the statement,
/// entry and credit counts its SOURCES.md gives from an independent reader.
enum BankSamples {
  static let root: URL? = {
    let url = Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/bank-statements")
    return FileManager.default.fileExists(atPath: url.appendingPathComponent("SOURCES.md").path) ? url : nil
  }()
}

@Suite(.enabled(if: BankSamples.root != nil, "../shared/reference/bank-statements is absent: bank sample tests skipped"))
struct BankSampleTests {
  static var root: URL? { BankSamples.root }

  struct Sample: CustomStringConvertible, Sendable {
    var path: String
    var statements: Int
    var entries: Int
    var credits: Int
    var description: String { path }
  }

  /// `| `file` | format | bank | 1 / 2 / 0 | …` rows under `### folder` headings.
  static let samples: [Sample] = {
    guard let root, let text = try? String(contentsOf: root.appendingPathComponent("SOURCES.md"), encoding: .utf8) else { return [] }
    var folder = ""
    var found: [Sample] = []
    for line in text.split(separator: "\n") {
      if line.hasPrefix("### ") { folder = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces) }
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 5, cells[0].hasPrefix("`"), !folder.isEmpty else { continue }
      let counts = cells[3].split(separator: "/").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard counts.count == 3 else { continue }
      found.append(
        Sample(
          path: folder + "/" + cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), statements: counts[0], entries: counts[1],
          credits: counts[2]))
    }
    return found
  }()

  /// Files Thinline refuses, with the words the refusal must use.
  static let refused: [String: String] = [
    "wolph-mt940/mt940_tests/self-provided/february_30.sta": "160230 is not a date",
    "wolph-mt940/mt940_tests/self-provided/transaction_details_wrapped.sta": "160230 is not a date",
    "genkgo-camt/test/data/camt053.v2.wrong.xml": "holds no statement",
    "viafintech-camt_parser/spec/fixtures/053/valid_namespace.xml": "holds no statement",
    "viafintech-camt_parser/spec/fixtures/general/invalid_namespace.xml": "holds no statement",
  ]

  @Test func everySampleIsListed() {
    #expect(Self.samples.count >= 130)
  }

  @Test(arguments: samples)
  func countsAgreeWithAnIndependentReader(_ sample: Sample) throws {
    let bytes = Fixtures.bytes(Self.root!.appendingPathComponent(sample.path))
    #expect(BankStatementReader.kind(of: bytes) != nil, "\(sample.path) is not recognised as a bank statement")
    if let words = Self.refused[sample.path] {
      #expect(throws: InputError.self) { try BankStatementReader.read(bytes, source: sample.path) }
      do {
        _ = try BankStatementReader.read(bytes, source: sample.path)
      } catch {
        #expect(error.description.contains(words), "\(error)")
      }
      return
    }
    let file = try BankStatementReader.read(bytes, source: sample.path)
    #expect(file.entries.count == sample.entries, "\(sample.path): entries")
    #expect(file.entries.filter { $0.direction == .credit }.count == sample.credits, "\(sample.path): credits")
    for entry in file.entries {
      #expect(entry.amount.value >= 0 && entry.amount.scale == 2)
      // An entry without any date (some camt.054 notifications) is read, and warned about.
      #expect(entry.date != nil || file.warnings.contains { $0.rule == "TL-BANK-DATE" })
    }
  }

  func entries(_ path: String) throws -> [BankEntry] {
    try BankStatementReader.read(Fixtures.bytes(Self.root!.appendingPathComponent(path)), source: path).entries
  }

  @Test func rabobankCounterIBANOnTheSecondLineAndRemittanceCutMidNumber() throws {
    let e = try entries("zilverline-mt940/spec/fixtures/rabobank_mt940_structured_multi_line.txt")[0]
    #expect(e.counterpartyIBAN == "NL12INGB0987654321")
    #expect(e.remittance == "Factuur 2014-002")  // "Factuur 20" + "14-002"
    #expect(e.endToEndID == "195937094")
  }

  @Test func tagsCutAcrossLinesAreWholeAgain() throws {
    // ING "///R" + "EMI/USTD//": the remittance and the CNTP sub-fields survive the cut.
    let e = try entries("zilverline-mt940/spec/fixtures/ing/unstructured_remi_with_space_in_remi.txt")[0]
    #expect(e.remittance == "Factuurnummer 987654321098")
    #expect(e.counterpartyIBAN == "NL12COBA0733959555")
    #expect(e.counterpartyName == "B ASDGF Netherlands BV")
  }

  @Test func betalingskenmerkInItsShapes() throws {
    // camt SCOR, Rabobank CDTRREF, a BET.KENM. label in old ING text.
    #expect(try entries("genkgo-camt/test/data/camt053.v2.minimal.xml")[0].structuredReferences == ["4654654654654654"])
    #expect(
      try entries("zilverline-mt940/spec/fixtures/rabobank_mt940_structured_dutch_tax.txt")[0].structuredReferences == ["1234567899874563"])
    #expect(try entries("webschik-mt940-js/__tests__/cases/ing-1.mta")[0].structuredReferences == ["1004510036716378"])
  }

  @Test func camtVersionsReadTheSame() throws {
    for version in ["v2.minimal", "v3", "v4", "v8"] {
      let e = try entries("genkgo-camt/test/data/camt053.\(version).xml")[0]
      #expect(e.amount.value.moneyText == "8.85", "\(version)")
      #expect(e.direction == .credit)
      #expect(e.counterpartyName == "NAME NAME", "\(version)")
      #expect(e.counterpartyIBAN == "NL56AGDH9619008421", "\(version)")
    }
  }

  @Test func fiveDecimalsBecomeCents() throws {
    #expect(try entries("genkgo-camt/test/data/camt053.v2.five.decimals.xml").map { $0.amount.value.moneyText } == ["8.85"])
  }

  @Test func creditorReferenceAndInvoiceNumberInCamtV8() throws {
    let list = try entries("viafintech-camt_parser/spec/fixtures/053/valid_example_v8.xml")
    #expect(list[0].remittance == "INVOICE R77561")
    #expect(list[1].structuredReferences == ["RF38000000000000000000552"])
  }

  @Test func camtWithoutDeclarationAndReturnReasons() throws {
    #expect(try entries("OCA-bank-statement-import/14.0/account_statement_import_sftp/test_files/camt053").count == 1)
    let returned = try entries(
      "moov-io-iso20022/test/testdata/200519_camt054-returns_p_ch2909000000250094239_1109800798_0_2019052023472022.xml")[0]
    #expect(returned.returnReason == "AC01")
  }

  @Test func bookingDateInTheNextYear() throws {
    // ABN AMRO: value date 091231 with entry date 0101 is booked on 2010-01-01.
    let list = try entries("php-mt940/test/Parser/Banking/Mt940/Engine/Abn/sample2")
    #expect(list.contains { $0.valueDate?.description == "2009-12-31" && $0.bookingDate?.description == "2010-01-01" })
  }

  @Test func reversalsAreMarked() throws {
    let list = try entries("wolph-mt940/mt940_tests/betterplace/sepa_mt9401.sta")
    #expect(list.contains { $0.reversal && $0.direction == .debit })  // RC: a credit taken back
  }

  /// The old layouts name the counterparty outside `/IBAN/` and `/NAME/` tags.
  @Test func counterpartiesOfTheOldDutchLayouts() throws {
    let sns = try entries("zilverline-mt940/spec/fixtures/sns/sns.txt").first { $0.amount.value.moneyText == "15000.00" }!
    #expect(sns.counterpartyIBAN == "NL11RABO0987654321")  // glued to the type code in :61:
    let knab = try entries("zilverline-mt940/spec/fixtures/knab/knab.txt")[1]
    #expect(knab.counterpartyIBAN == "NL76INGB0444444444")
    #expect(knab.remittance == "DIT IS EEN OMSCHRIJVING DIE BEST WEL LANG IS")
    #expect(try entries("zilverline-mt940/spec/fixtures/abn/abn_sepa_overboeking.txt")[0].counterpartyIBAN == "NL56CHAS0101010101")
    let tax = try entries("zilverline-mt940/spec/fixtures/abn/anb_sepa_overboeking_belastingdienst.txt")
      .first { $0.amount.value.moneyText == "500.00" }!
    #expect(tax.counterpartyName == "BELASTINGDIENST APELDOORN")
    #expect(try entries("zilverline-mt940/spec/fixtures/triodos_iban.txt")[0].counterpartyIBAN == "NL12RABO0888888888")
    #expect(try entries("dovadi-mt940/test/fixtures/rabobank.txt")[0].counterpartyName == "W.P. Jansen")
    let johnDoe = try entries("jejik-mt940/tests/Jejik/Tests/MT940/Fixture/document/rabobank-iban.txt")
      .first { $0.amount.value.moneyText == "10.00" }!
    #expect(johnDoe.counterpartyName == "JOHN DOE")  // not the P-number on the :61: second line
  }

  @Test func unlabelledSixteenDigitReferencesAndSoftHyphens() throws {
    #expect(
      try entries("zilverline-mt940/spec/fixtures/knab/knab_sepa_acceptgiro.txt")[0].structuredReferences.contains("6767676767676766"))
    let ing = try entries("php-mt940/_example/test.mta")
    #expect(ing.contains { $0.remittance?.contains("NL-FMI-021209") == true })
  }
}
