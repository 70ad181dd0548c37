import Foundation
import Testing
import ThinlineRunner
import ThinlineTestSupport
import ThinlineUBL

/// The handover batches the decision fixtures produce: valid against Thinline's own XSD and JSON
/// Schema, manifests whose totals and checksums match, and spreadsheet-safe CSV.
@Suite struct DossierTests {
  static let schemas = Fixtures.packageRoot.appendingPathComponent("schemas")

  static func batch(_ name: String) throws -> URL {
    let (result, out) = try DecisionFixtureTests.run(name)
    #expect(result.status == 0, "\(result.stderr)")
    return out
  }

  /// Runs a Python script (the independent reader of record for JSON Schema and CSV) with arguments.
  static func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  static func files(_ out: URL, _ prefix: String, _ suffix: String) -> [URL] {
    Fixtures.files(under: out).filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.map { out.appendingPathComponent($0) }
  }

  /// Every decision fixture whose golden output holds a handover batch.
  static var batches: [String] {
    DecisionFixtureTests.cases.filter { name in
      Fixtures.files(under: DecisionFixtureTests.root.appendingPathComponent(name).appendingPathComponent("expected/out"))
        .contains { $0.hasPrefix("handover-") && $0.hasSuffix(".xml") }
    }
  }

  @Test(arguments: batches)
  func xmlValidatesAgainstTheXSD(name: String) throws {
    let out = try Self.batch(name)
    let validator = try XSDValidator(schemaFile: Self.schemas.appendingPathComponent("handover.xsd").path)
    let xml = Self.files(out, "handover-", ".xml")
    #expect(xml.count == 1)
    for file in xml {
      let findings = try validator.validate(Fixtures.bytes(file), source: file.lastPathComponent)
      #expect(findings.isEmpty, "\(findings.map(\.description))")
    }
  }

  @Test func anInvalidDossierIsCaughtByTheXSD() throws {
    let out = try Self.batch("dossier-batch")
    let validator = try XSDValidator(schemaFile: Self.schemas.appendingPathComponent("handover.xsd").path)
    var text = try String(contentsOf: Self.files(out, "handover-", ".xml")[0], encoding: .utf8)
    text = text.replacingOccurrences(of: "<principal>1000.00</principal>", with: "<principal>1000.0</principal>")
    #expect(!(try validator.validate(Array(text.utf8), source: "bad.xml")).isEmpty)
  }

  @Test(arguments: batches)
  func jsonValidatesAgainstTheJSONSchema(name: String) throws {
    let out = try Self.batch(name)
    let json = Self.files(out, "handover-", ".json")
    #expect(json.count == 1)
    // The JSON Schema validator of record: Python's jsonschema (make deps installs it).
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      for path in sys.argv[2:]:
          jsonschema.validate(json.load(open(path)), schema, format_checker=jsonschema.FormatChecker())
      print("valid")
      """
    let (status, output) = try Self.python(script, [Self.schemas.appendingPathComponent("handover.schema.json").path] + json.map(\.path))
    #expect(status == 0, "\(output)")
  }

  @Test(arguments: batches)
  func manifestTotalsAndChecksumsMatch(name: String) throws {
    let out = try Self.batch(name)
    let manifestFile = try #require(Self.files(out, "manifest-", ".json").first)
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestFile)) as! [String: Any]
    // Every file listed exists with that size and checksum, and every file of the batch is listed.
    let listed = manifest["files"] as! [[String: Any]]
    for entry in listed {
      let path = entry["path"] as! String
      let bytes = Fixtures.bytes(out.appendingPathComponent(path))
      #expect(bytes.count == entry["size"] as! Int, "\(path) size")
      #expect(Checksum.sha256(bytes) == entry["sha256"] as! String, "\(path) checksum")
    }
    let all = Set(Fixtures.files(under: out)).subtracting([manifestFile.lastPathComponent])
    #expect(Set(listed.map { $0["path"] as! String }) == all)
    // Control totals equal the sums over the dossiers.
    let dossierFile = try #require(Self.files(out, "handover-", ".json").first)
    let batch = try JSONSerialization.jsonObject(with: Data(contentsOf: dossierFile)) as! [String: Any]
    let dossiers = batch["dossiers"] as! [[String: Any]]
    var sums: [String: [String: Decimal]] = [:]
    for d in dossiers {
      let totals = d["totals"] as! [String: String]
      let currency = d["currency"] as! String
      for (key, value) in [
        ("principal", "principal"), ("interest", "interest"), ("costs", "costs"), ("vat", "costs_vat"), ("total", "total"),
      ] {
        sums[currency, default: [:]][key, default: 0] += Decimal(string: totals[value]!)!
      }
    }
    let control = manifest["control_totals"] as! [String: [String: Any]]
    #expect(Set(control.keys) == Set(sums.keys))
    for (currency, totals) in control {
      for key in ["principal", "interest", "costs", "vat", "total"] {
        #expect(Decimal(string: totals[key] as! String) == sums[currency]![key], "\(currency) \(key)")
      }
    }
    #expect(manifest["claims"] as? Int == dossiers.reduce(0) { $0 + ($1["claims"] as! [Any]).count })
  }

  @Test func attachmentsAreExtractedAndReferencedWithTheirChecksum() throws {
    let out = try Self.batch("dossier-batch")
    let pdf = try #require(Fixtures.files(under: out).first { $0.hasPrefix("attachments/") && $0.hasSuffix(".pdf") })
    let bytes = Fixtures.bytes(out.appendingPathComponent(pdf))
    #expect(Array(bytes.prefix(5)) == Array("%PDF-".utf8))
    let json = try String(contentsOf: Self.files(out, "handover-", ".json")[0], encoding: .utf8)
    #expect(json.contains(Checksum.sha256(bytes)))
    #expect(json.contains("\"path\": \"\(pdf)\""))
  }

  @Test func csvCellsThatLookLikeFormulasOpenAsText() throws {
    let out = try Self.batch("dossier-batch")
    let bytes = Fixtures.bytes(try #require(Self.files(out, "handover-", ".csv").first { !$0.lastPathComponent.hasSuffix("-debtors.csv") }))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])  // a byte-order mark, so Excel reads UTF-8
    let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    #expect(csv.hasPrefix("batch_id;"))
    #expect(csv.contains(#""'=HYPERLINK(""http://x"",""y"")""#))
    #expect(csv.contains(";'@SUM(A1);"))
    #expect(!csv.contains(";=HYPERLINK") && !csv.contains(";@SUM"))
    #expect(csv.contains(";1000,00;"))  // numbers stay unquoted numbers, with a decimal comma for Dutch Excel
  }

  /// As a spreadsheet-like reader sees them (Python's csv with `;`): the claims CSV's principal
  /// and interest, and the debtors CSV's costs, VAT and totals, sum to the manifest's control
  /// totals; identifiers are quoted text.
  @Test(arguments: batches)
  func csvColumnsSumToTheControlTotals(name: String) throws {
    let out = try Self.batch(name)
    let claims = try #require(Self.files(out, "handover-", ".csv").first { !$0.lastPathComponent.hasSuffix("-debtors.csv") })
    let debtors = try #require(Self.files(out, "handover-", "-debtors.csv").first)
    let manifest = try #require(Self.files(out, "manifest-", ".json").first)
    let script = """
      import csv, json, sys
      from decimal import Decimal
      def rows(path):
          with open(path, encoding="utf-8-sig", newline="") as f:
              return list(csv.DictReader(f, delimiter=";"))
      def d(text): return Decimal(text.replace(",", ".")) if text else Decimal(0)
      claims, debtors, manifest = rows(sys.argv[1]), rows(sys.argv[2]), json.load(open(sys.argv[3]))
      for currency, t in manifest["control_totals"].items():
          c = [r for r in claims if r["currency"] == currency]
          b = [r for r in debtors if r["currency"] == currency]
          assert len(c) == t["claims"] and len(b) == t["dossiers"], (len(c), len(b), t)
          assert sum(d(r["principal"]) for r in c) == Decimal(t["principal"]), "principal"
          assert sum(d(r["interest"]) for r in c) == Decimal(t["interest"]), "interest"
          assert sum(d(r["principal"]) for r in b) == Decimal(t["principal"]), "debtor principal"
          assert sum(d(r["costs"]) for r in b) == Decimal(t["costs"]), "costs"
          assert sum(d(r["costs_vat"]) for r in b) == Decimal(t["vat"]), "vat"
          assert sum(d(r["total"]) for r in b) == Decimal(t["total"]), "total"
      print("ok")
      """
    let (status, output) = try Self.python(script, [claims.path, debtors.path, manifest.path])
    #expect(status == 0 && output.contains("ok"), "\(output)")
    let text = String(decoding: Fixtures.bytes(claims), as: UTF8.self)
    let firstRow = text.split(separator: "\r\n").dropFirst().first.map(String.init) ?? ""
    #expect(firstRow.split(separator: ";")[4].hasPrefix("\""))  // customer_number is quoted text
  }

  @Test func theSameInputsGiveTheSameBatch() throws {
    let first = try Self.batch("dossier-batch")
    let second = try Self.batch("dossier-batch")
    for file in Fixtures.files(under: first) {
      #expect(Fixtures.bytes(first.appendingPathComponent(file)) == Fixtures.bytes(second.appendingPathComponent(file)), "\(file)")
    }
  }
}

@Suite struct CopiedSourcesTests {
  /// Two handed-over invoices from one CSV export: the copy is in the batch once, listed once.
  @Test func aSourceFileIsCopiedOnce() throws {
    let folder = DecisionFixtureTests.root.appendingPathComponent("dossier-batch")
    let work = Fixtures.workdir()
    let config = work.appendingPathComponent("thinline.yaml")
    try "creditor: {name: Voorbeeld Software B.V.}\nagency:\n  name: Incassobureau Voorbeeld\n  copy_sources: true\n"
      .write(to: config, atomically: true, encoding: .utf8)
    let out = work.appendingPathComponent("out")
    let result = try runThinline(
      [
        "handover", "--as-of", "2026-11-29", "--config", config.path, "--agreements", folder.appendingPathComponent("agreements.yaml").path,
        "--out", out.path, folder.appendingPathComponent("input").path,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let files = Fixtures.files(under: out)
    #expect(files.filter { $0.hasPrefix("sources/") }.sorted() == ["sources/P-1.xml", "sources/invoices.csv"])
    let manifestName = try #require(files.first { $0.hasPrefix("manifest-") })
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(manifestName))) as! [String: Any]
    let paths = (manifest["files"] as! [[String: Any]]).map { $0["path"] as! String }
    #expect(Set(paths).count == paths.count)
  }
}

@Suite struct DisputedAmountTests {
  /// A credit note that settles the price discrepancy: the dossier claims the rest as principal and
  /// lists nothing as disputed (it listed the settled amount before).
  @Test func aDiscrepancySettledByACreditNoteIsNotListedAsDisputed() throws {
    let fixture = DecisionFixtureTests.root.appendingPathComponent("price-handover-undisputed")
    let work = Fixtures.workdir()
    try FileManager.default.copyItem(at: fixture.appendingPathComponent("input"), to: work.appendingPathComponent("input"))
    try FileManager.default.copyItem(
      at: fixture.appendingPathComponent("agreements.yaml"), to: work.appendingPathComponent("agreements.yaml"))
    try "creditor: {name: Voorbeeld B.V.}\n".write(to: work.appendingPathComponent("thinline.yaml"), atomically: true, encoding: .utf8)
    try
      "invoice_number,customer_number,customer_name,issue_date,amount,type,credit_for\nC-1,10031,Price Hold B.V.,2026-08-05,30.25,credit_note,L-1\n"
      .write(to: work.appendingPathComponent("input/credit.csv"), atomically: true, encoding: .utf8)
    let out = work.appendingPathComponent("out")
    let result = try runThinline(
      [
        "handover", "--as-of", "2026-11-29", "--out", out.path, "--agreements", work.appendingPathComponent("agreements.yaml").path,
        "--config", work.appendingPathComponent("thinline.yaml").path, work.appendingPathComponent("input").path,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let dossierFile = try #require(Fixtures.files(under: out).first { $0.hasPrefix("handover-") && $0.hasSuffix(".json") })
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(dossierFile))) as? [String: Any])
    let dossier = try #require((json["dossiers"] as? [[String: Any]])?.first)
    #expect((dossier["disputed"] as? [Any])?.isEmpty == true, "\(dossier["disputed"] ?? "")")
    let claim = try #require((dossier["claims"] as? [[String: Any]])?.first)
    #expect(claim["principal"] as? String == "1149.50")
  }
}

@Suite struct DeliverySchemaTests {
  /// The schemas every delivery carries are the ones in schemas/ (embedded copies, kept equal).
  @Test func theEmbeddedSchemasAreTheSchemas() {
    for schema in DeliverySchemas.files {
      #expect(schema.bytes == Fixtures.bytes(Fixtures.packageRoot.appendingPathComponent("schemas/\(schema.name)")), "\(schema.name)")
    }
  }
}

@Suite struct AttachmentPathTests {
  @Test func invoiceNumbersThatMakeTheSameSafeNameGetDifferentPaths() {
    let a = DossierWriter.attachmentPath(invoice: "F/1", position: 0, name: "F_1.pdf")
    let b = DossierWriter.attachmentPath(invoice: "F_1", position: 0, name: "F_1.pdf")
    #expect(a != b)
    #expect(a.hasPrefix("attachments/F_1-") && b.hasPrefix("attachments/F_1-"))
  }

  @Test func twoFilesOfOneNameInOneInvoiceAreKeptApart() {
    let first = DossierWriter.attachmentPath(invoice: "F-7", position: 0, name: "factuur.pdf")
    let second = DossierWriter.attachmentPath(invoice: "F-7", position: 1, name: "factuur.pdf")
    #expect(first != second)
  }

  @Test func aNameCannotLeaveTheAttachmentsFolder() {
    let path = DossierWriter.attachmentPath(invoice: "../../etc", position: 0, name: "../../passwd")
    #expect(path.hasPrefix("attachments/") && !path.contains("/../") && path.split(separator: "/").count == 2)
  }
}
