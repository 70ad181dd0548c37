import Foundation
import Testing
import ThinlineTestSupport

/// One flag vocabulary (`--format`, `-o/--output`) with the first spellings still working.
@Suite struct OneVocabularyTests {
  static let invoice = Fixtures.fixtures.appendingPathComponent("demo/F2026-0420.xml").path

  @Test func convertTakesFormatAndStillTo() throws {
    let new = try runThinline(["convert", "--format", "csv", Self.invoice])
    let old = try runThinline(["convert", "--to", "csv", Self.invoice])
    #expect(new.status == 0 && old.status == 0)
    #expect(new.stdout == old.stdout)
    #expect(new.stdout.hasPrefix("source,document,number"))
    #expect(!(try runThinline(["convert", "--help"])).stdout.contains("--to"))  // hidden, not gone
  }

  @Test func handoverQuietPrintsOnlyProblems() throws {
    let out = Fixtures.workdir().appendingPathComponent("out").path
    let result = try runThinline(["handover", "--quiet", "--as-of", "2026-11-29", "-o", out, Self.invoice])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: out + "/decisions.json"))
  }

  @Test func langOnTheSummariesAndTheParsersCheck() throws {
    let demo = Fixtures.fixtures.appendingPathComponent("demo").path
    let settings = Fixtures.fixtures.appendingPathComponent("demo-settings/thinline.yaml").path
    let out = Fixtures.workdir().appendingPathComponent("out").path
    let dutch = try runThinline(["handover", "--config", settings, "--lang", "nl", "--as-of", "2026-11-29", "-o", out, demo])
    #expect(dutch.status == 65)  // the demo holds one truncated file on purpose
    #expect(dutch.stderr.contains("peildatum 29 november 2026: "), "\(dutch.stderr)")
    #expect(
      dutch.stderr.contains(
        "  overdragen 10150 Grafisch Bureau Lijn V.O.F.: hoofdsom 1.669,68 + rente 42,82 + kosten 250,45 = 1.962,95 EUR"))
    #expect(!dutch.stderr.contains("principal"))
    let english = try runThinline(["handover", "--config", settings, "--as-of", "2026-11-29", "-o", out, demo])
    #expect(english.stderr.contains("as of 2026-11-29: ") && english.stderr.contains("principal 1669.68"))
    for command in [["handover", "-o", out], ["run", "--config", settings], ["report"]] {
      let wrong = try runThinline(command + ["--lang", "de", Self.invoice])
      #expect(wrong.status == 64, "\(command)")
      #expect(wrong.stderr.contains("'de'") && wrong.stderr.contains("'nl'") && wrong.stderr.contains("'en'"), "\(wrong.stderr)")
    }
  }

  @Test func datesAndChoicesAreCheckedByTheParser() throws {
    let due = try runThinline(["claim", "--principal", "100.00", "--due", "01-02-2026"])
    #expect(due.status == 64)
    #expect(due.stderr.contains("'--due <due>'") && due.stderr.contains("did you mean --due 2026-02-01?"), "\(due.stderr)")
    let kind = try runThinline(["claim", "--principal", "100.00", "--due", "2026-01-01", "--rate-kind", "contractual"])
    #expect(kind.status == 64)
    #expect(kind.stderr.contains("'commercial' and 'non-commercial'"), "\(kind.stderr)")
    let costs = try runThinline(["claim", "--principal", "100.00", "--due", "2026-01-01", "--business-costs", "flat41"])
    #expect(costs.status == 64 && costs.stderr.contains("'bik', 'flat40' or 'none'"), "\(costs.stderr)")
    let flat = try runThinline([
      "claim", "--principal", "100.00", "--due", "2026-01-01", "--as-of", "2026-11-29", "--business-costs", "flat40",
    ])
    #expect(flat.status == 0 && flat.stdout.contains("40.00"))
    let run = try runThinline(["run", "--config", "x.yaml", "--as-of", "2026-02-30"])
    #expect(run.status == 64 && run.stderr.contains("not a date (expected YYYY-MM-DD)"), "\(run.stderr)")
  }

  @Test func anOutputThatCannotBeWrittenSaysWhereAndWhy() throws {
    let result = try runThinline(["report", "-o", "/nonexistent/folder/report.html", "--as-of", "2026-11-29", Self.invoice])
    #expect(result.status == 64)
    #expect(
      result.stderr.contains("/nonexistent/folder/report.html: cannot write the output (No such file or directory)"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "/nonexistent/folder"))
  }

  @Test func reportTakesRates() throws {
    let folder = Fixtures.workdir()
    let rates = folder.appendingPathComponent("missing-rates.json").path
    let result = try runThinline(["report", "--rates", rates, "--as-of", "2026-11-29", "-o", "-", Self.invoice])
    #expect(result.status == 64)  // read, and refused with the file named
    #expect(result.stderr.contains("missing-rates.json"))
  }

  @Test func everyReasonCodeIsInTheUsersRuleBook() throws {
    let book = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/decisions.md"), encoding: .utf8)
    let source = try String(
      contentsOf: Fixtures.packageRoot.appendingPathComponent("Sources/ThinlineCore/Decisions/ReasonCode.swift"), encoding: .utf8)
    // Every `case x = "CODE"` of ReasonCode and Advice.Code.
    let codes = source.split(separator: "\n").compactMap { line -> String? in
      guard line.contains("case "), let start = line.range(of: "= \"") else { return nil }
      return line[start.upperBound...].split(separator: "\"").first.map(String.init)
    }.filter { $0 == $0.uppercased() && $0.count > 3 }
    #expect(codes.count >= 30)
    for code in codes { #expect(book.contains("`\(code)`"), "\(code) is not in docs/decisions.md") }
  }
}
