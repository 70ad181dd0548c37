import Foundation
import Testing
import ThinlineTestSupport

/// Every folder under fixtures/golden/ is one run of the real binary: `args` (one argument per
/// line, run from the case folder) and `expected/{stdout,stderr,exit}`.
/// `UPDATE_GOLDEN=1 make test` rewrites the expected files and fails, so a re-recording is
/// always a reviewed diff.
@Suite struct GoldenTests {
  static let root = Fixtures.fixtures.appendingPathComponent("golden")

  static var cases: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
  }

  @Test(arguments: cases)
  func goldenRun(name: String) throws {
    let folder = Self.root.appendingPathComponent(name)
    let args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let result = try runThinline(args, cwd: folder)
    let expected = folder.appendingPathComponent("expected")
    let actual = ["stdout": result.stdout, "stderr": result.stderr, "exit": "\(result.status)\n"]
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(at: expected, withIntermediateDirectories: true)
      for (file, text) in actual { try text.write(to: expected.appendingPathComponent(file), atomically: true, encoding: .utf8) }
      Issue.record("golden files of \(name) rewritten: review the diff and run the tests again")
      return
    }
    for (file, text) in actual.sorted(by: { $0.key < $1.key }) {
      let want = try String(contentsOf: expected.appendingPathComponent(file), encoding: .utf8)
      #expect(text == want, "\(name)/\(file) differs from the golden file")
    }
  }
}
