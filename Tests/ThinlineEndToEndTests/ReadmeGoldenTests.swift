import Foundation
import Testing
import ThinlineTestSupport

/// The README's examples are outputs of the current code: the demo batch's listing is generated
/// (`make golden` rewrites it), and the example dossier's batch id is the test case's.
@Suite struct ReadmeGoldenTests {
  static let readme = Fixtures.fixtures.deletingLastPathComponent().appendingPathComponent("README.md")
  static let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"

  /// What each file of a batch is, for the listing.
  static func note(_ file: String) -> String {
    if file == "decisions.json" { return "" }
    if file.hasPrefix("attachments/") { return "a PDF embedded in a UBL invoice, extracted (invoice, hash of its number, position, name)" }
    if file.hasPrefix("manifest-") { return "counts, control totals, SHA-256 of every file, warnings, data protection" }
    if file.hasSuffix("-debtors.csv") { return "a row per dossier: the debtor once, with its totals" }
    if file.hasSuffix(".csv") { return "a row per claim, with the claim's own amounts, for a spreadsheet" }
    if file.hasSuffix(".xml") { return "valid against schemas/handover.xsd" }
    if file.hasSuffix(".json") { return "valid against schemas/handover.schema.json" }
    return ""
  }

  static func listing(_ files: [String]) -> String {
    let order = { (f: String) -> Int in
      f == "decisions.json"
        ? 0
        : f.hasPrefix("attachments/")
          ? 5
          : f.hasPrefix("manifest-")
            ? 6
            : f.hasSuffix("-debtors.csv")
              ? 4
              : f.hasSuffix(".csv")
                ? 3
                : f.hasSuffix(".json") ? 2 : 1
    }
    let sorted = files.sorted { (order($0), $0) < (order($1), $1) }
    let lines = sorted.map { f -> String in
      let note = note(f)
      guard !note.isEmpty else { return "  " + f }
      let name = "  " + f
      return name.count < 39 ? name.padding(toLength: 41, withPad: " ", startingAt: 0) + note : name + "   " + note
    }
    return "```\nout/\n" + lines.joined(separator: "\n") + "\n```\n"
  }

  @Test func theDemoBatchListingIsCurrent() throws {
    let out = Fixtures.workdir().appendingPathComponent("out")
    let settings = Fixtures.fixtures.appendingPathComponent("demo-settings/thinline.yaml").path
    let demo = Fixtures.fixtures.appendingPathComponent("demo").path
    _ = try runThinline(["handover", "--config", settings, "--as-of", "2026-11-29", "-o", out.path, demo])
    let expected = Self.listing(Fixtures.files(under: out))
    var text = try String(contentsOf: Self.readme, encoding: .utf8)
    let begin = try #require(text.range(of: "<!-- demo-batch:begin -->\n"))
    let end = try #require(text.range(of: "<!-- demo-batch:end -->"))
    let current = String(text[begin.upperBound..<end.lowerBound])
    if Self.update && current != expected {
      text.replaceSubrange(begin.upperBound..<end.lowerBound, with: expected)
      try text.write(to: Self.readme, atomically: true, encoding: .utf8)
      Issue.record("README's demo batch listing rewritten: review the diff")
      return
    }
    #expect(current == expected, "run make golden")
  }

  @Test func theExampleDossierIsTheTestCases() throws {
    let out = Fixtures.fixtures.appendingPathComponent("decisions/dossier-batch/expected/out")
    let manifest = try #require(Fixtures.files(under: out).first { $0.hasPrefix("manifest-") })
    let batch = String(manifest.dropFirst("manifest-".count).dropLast(".json".count))
    var text = try String(contentsOf: Self.readme, encoding: .utf8)
    let example = try #require(text.range(of: "\"format\": \"thinline-handover\""))
    let exampleEnd = try #require(text.range(of: "```", range: example.upperBound..<text.endIndex))
    let pattern = try NSRegularExpression(pattern: "TL-[0-9]{8}-[0-9a-f]{8}")
    let block = String(text[example.lowerBound..<exampleEnd.lowerBound])
    let ids = Set(
      pattern.matches(in: block, range: NSRange(block.startIndex..., in: block)).map { (block as NSString).substring(with: $0.range) })
    #expect(!ids.isEmpty)
    if Self.update && ids != [batch] {
      var fixed = block
      for id in ids { fixed = fixed.replacingOccurrences(of: id, with: batch) }
      text.replaceSubrange(example.lowerBound..<exampleEnd.lowerBound, with: fixed)
      try text.write(to: Self.readme, atomically: true, encoding: .utf8)
      Issue.record("README's example dossier id rewritten: review the diff")
      return
    }
    #expect(ids == [batch], "run make golden")
  }
}
