import Foundation
import Testing
import ThinlineCore
import ThinlineRunner
import ThinlineTestSupport

/// Mistakes users make, answered with what to do.
@Suite struct FriendlierMistakesTests {
  @Test func anApprovalsFileFromDutchExcelIsRead() throws {
    let url = Fixtures.workdir().appendingPathComponent("approvals.csv")
    try "klant;besluit;door;datum;tot\n10150;hold;Sanne;20-11-2026;31-12-2026\n".write(to: url, atomically: true, encoding: .utf8)
    let approvals = try ApprovalsFile.load(url.path)
    #expect(approvals.first?.date.description == "2026-11-20")
    #expect(approvals.first?.until?.description == "2026-12-31")
  }

  @Test func aBadApprovalDateNamesTheValue() throws {
    let url = Fixtures.workdir().appendingPathComponent("approvals.csv")
    try "klant;besluit;datum\n10150;hold;31-31-2026\n".write(to: url, atomically: true, encoding: .utf8)
    #expect {
      try ApprovalsFile.load(url.path)
    } throws: { error in
      let e = error as! InputError
      return e.message.contains("\"31-31-2026\"") && e.location.line == 2
    }
  }

  @Test func aKeyTypoGetsADidYouMean() throws {
    let url = Fixtures.workdir().appendingPathComponent("thinline.yaml")
    try "policy:\n  handover_after_day: 60\n".write(to: url, atomically: true, encoding: .utf8)
    #expect {
      try Configuration.load(url.path)
    } throws: { ($0 as! InputError).message.contains("did you mean \"handover_after_days\"?") }
  }

  @Test func aPDFGivenAsInputIsCalledAPDF() throws {
    let url = Fixtures.workdir().appendingPathComponent("factuur.pdf")
    try Data("%PDF-1.4\n%\u{00E2}\n1 0 obj\n".utf8).write(to: url)
    let result = try runThinline(["convert", url.path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("is a PDF"))
  }
}

@Suite struct FlagVocabularyTests {
  @Test func handoverTakesDashOAsWellAsOut() throws {
    let dir = Fixtures.workdir()
    for flag in ["-o", "--output", "--out"] {
      let out = dir.appendingPathComponent("out\(flag)")
      let result = try runThinline([
        "handover", "--as-of", "2026-11-29", flag, out.path, Fixtures.fixtures.appendingPathComponent("demo/F2026-0420.xml").path,
      ])
      #expect(result.status == 0, "\(flag): \(result.stderr)")
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("decisions.json").path))
    }
  }

  @Test func reportWritesToStdoutByDefault() throws {
    let result = try runThinline(["report", "--as-of", "2026-11-29", Fixtures.fixtures.appendingPathComponent("demo/F2026-0420.xml").path])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
  }
}
