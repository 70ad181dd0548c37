import Foundation
import Testing
import ThinlineCore
import ThinlineRunner
import ThinlineTestSupport

/// The configuration's `csv:` mappings, from the YAML to `validate --explain` and `convert`.
@Suite struct CSVMappingTests {
  static let config = """
    csv:
      - name: debiteuren uit ons ERP
        file: "debiteuren-*.csv"
        columns:
          invoice_number: Fact.nr
          customer_number: Relatie
          customer_name: Klant
          issue_date: Datum
          due_date: Vervalt op
          outstanding: Nog te betalen
        date_order: dmy
        decimal: comma
        currency: EUR

    """

  func folder(config: String = CSVMappingTests.config, csv: String, name: String = "debiteuren-nov.csv") throws -> URL {
    let dir = Fixtures.workdir()
    try config.write(to: dir.appendingPathComponent("thinline.yaml"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
    try csv.write(to: dir.appendingPathComponent("in/\(name)"), atomically: true, encoding: .utf8)
    return dir
  }

  static let export =
    "Fact.nr;Relatie;Klant;Datum;Vervalt op;Nog te betalen\r\nX-1;0042;Jansen B.V.;03-04-2026;03-05-2026;1.234,50\r\nX-2;0043;Bakker;05-04-2026;05-05-2026;-10,00\r\n"

  @Test func aMappingFromTheConfigReadsTheExportAndExplainSaysHow() throws {
    let dir = try folder(csv: Self.export)
    let config = dir.appendingPathComponent("thinline.yaml").path
    let explained = try runThinline(["validate", "--explain", "--config", config, dir.appendingPathComponent("in").path])
    #expect(explained.status == 0)
    #expect(explained.stdout.contains("profile: debiteuren uit ons ERP"))
    #expect(explained.stdout.contains("customer_number ← column 2 \"Relatie\""))
    #expect(explained.stdout.contains("dates: dmy, as the csv mapping says"))
    let converted = try runThinline(["convert", "--config", config, dir.appendingPathComponent("in").path])
    #expect(converted.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(converted.stdout.utf8)) as? [[String: Any]])
    #expect(json.map { $0["number"] as? String } == ["X-1", "X-2"])
    #expect(json.map { $0["document"] as? String } == ["invoice", "credit_note"])
    #expect(json.map { $0["outstanding"] as? String } == ["1234.50", "10.00"])
    #expect(json.first?["issue_date"] as? String == "2026-04-03")
  }

  @Test func aHeaderTheFileLacksNamesTheConfigLine() throws {
    let dir = try folder(csv: Self.export.replacingOccurrences(of: "Vervalt op", with: "Vervaldatum"))
    let result = try runThinline([
      "validate", "--config", dir.appendingPathComponent("thinline.yaml").path, dir.appendingPathComponent("in").path,
    ])
    #expect(result.status == 65)
    #expect(result.stdout.contains("thinline.yaml:9:"))
    #expect(result.stdout.contains("\"Vervalt op\""))
  }

  @Test(arguments: [
    ("    date_order: dm\n", "date_order", 11), ("    decimals: comma\n", "unknown key \"decimals\"", 11),
    ("    sign: minus\n", "sign", 11),
  ])
  func aMistakeInTheMappingNamesItsLine(extra: String, says: String, line: Int) throws {
    let text = Self.config.replacingOccurrences(of: "    date_order: dmy\n", with: extra)
    let dir = try folder(config: text, csv: Self.export)
    #expect {
      try Configuration.load(dir.appendingPathComponent("thinline.yaml").path)
    } throws: { error in
      let e = error as! InputError
      return e.location.line == line && e.message.contains(says)
    }
  }

  @Test func aFieldNameTheMappingDoesNotKnowIsRefused() throws {
    let text = Self.config.replacingOccurrences(of: "customer_name: Klant", with: "klantnaam: Klant")
    let dir = try folder(config: text, csv: Self.export)
    #expect {
      try Configuration.load(dir.appendingPathComponent("thinline.yaml").path)
    } throws: { ($0 as! InputError).message.contains("unknown key \"klantnaam\"") }
  }
}
