import Foundation
import Testing
import ThinlineTestSupport

/// The binary as a user and a script meet it: stdin and stdout, output files, exit codes.
@Suite struct CommandTests {
  static let demo = Fixtures.fixtures.appendingPathComponent("demo")

  @Test func convertReadsStdinAndWritesStdout() throws {
    let bytes = try Data(contentsOf: Self.demo.appendingPathComponent("F2026-0420.xml"))
    let result = try runThinline(["convert", "-"], stdin: bytes)
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
    #expect(json.count == 1)
    #expect(json[0]["source"] as? String == "-")
    #expect(json[0]["number"] as? String == "F2026-0420")
    let totals = json[0]["totals"] as! [String: Any]
    #expect(totals["payable"] as? String == "1718.02")
    let attachments = json[0]["attachments"] as! [[String: Any]]
    #expect(attachments.first?["mime_type"] as? String == "application/pdf")
  }

  @Test func convertWritesAnOutputFileAtomicallyAndReportsOnStderr() throws {
    let work = Fixtures.workdir()
    let out = work.appendingPathComponent("all.csv")
    let result = try runThinline([
      "convert", Self.demo.appendingPathComponent("F2026-0388.xml").path,
      Self.demo.appendingPathComponent("openstaande-posten.csv").path, "--to", "csv", "-o", out.path,
    ])
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("converted 6 document(s)"))
    let csv = try String(contentsOf: out, encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 7)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty)
  }

  @Test func convertGoesOnPastABadFileAndExits65() throws {
    let result = try runThinline(["convert", Self.demo.path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("F2026-0431.xml:16:39: error:"))
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
    #expect(json.count == 129)  // 4 UBL documents, 5 open items, 120 paid invoices of the year
  }

  @Test func exitCodes() throws {
    #expect(try runThinline(["--bogus"]).status == 64)
    #expect(try runThinline(["convert"]).status == 64)
    #expect(try runThinline(["convert", "/no/such/file"]).status == 64)
    #expect(try runThinline(["validate", "x", "--format", "yaml"]).status == 64)
    #expect(try runThinline(["validate", Self.demo.appendingPathComponent("F2026-0388.xml").path]).status == 0)
    #expect(try runThinline(["validate", Self.demo.path]).status == 65)
    let unwritable = try runThinline(["convert", Self.demo.appendingPathComponent("F2026-0388.xml").path, "-o", "/no/such/dir/out.json"])
    #expect(unwritable.status == 64)
    #expect(unwritable.stderr.contains("/no/such/dir/out.json"))
  }

  @Test func csvOutputNeutralisesFormulas() throws {
    let file = Fixtures.fixtures.appendingPathComponent("golden/validate-hostile/input/formula.csv")
    let result = try runThinline(["convert", file.path, "--to", "csv"])
    let row = result.stdout.split(separator: "\n")[1]
    #expect(row.contains("'=HYPERLINK"))
    #expect(row.contains("'@SUM(A1)"))
    #expect(row.contains(",5.00,"))  // a negative total is a credit note: amounts stay numbers
  }

  @Test(.enabled(if: Fixtures.hasSharedReference, "../shared/reference is absent"))
  func validateWithXSDOverAllExamples() throws {
    let reference = Fixtures.sharedReference!
    let result = try runThinline([
      "validate", reference.appendingPathComponent("ubl-examples").path, "--xsd",
      reference.appendingPathComponent("ubl-2.1-xsd").path, "--format", "json",
    ])
    #expect(result.status == 65)  // the intended error samples
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let files = report["files"] as! [[String: Any]]
    let xml = files.filter { ($0["file"] as! String).lowercased().hasSuffix(".xml") && !($0["file"] as! String).contains("unit-tests") }
    #expect(xml.count == 137)
    let xsdErrors = xml.flatMap { $0["errors"] as! [[String: Any]] }.filter { $0["rule"] as? String == "XSD" }
    #expect(xsdErrors.isEmpty, "all 137 examples are XSD-valid per SOURCES.md")
  }
}
