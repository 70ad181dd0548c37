import Foundation
import Testing
import ThinlineTestSupport

/// One case per rule row and reason code of rules.md (fixtures/decisions/<case>): the real binary
/// runs `args` from the case folder with `$OUT` a scratch folder. Two checks: the outputs equal the
/// golden files in expected/ (byte for byte), and the `expect` lines, written by hand from the
/// rules, hold in decisions.json — so a golden file can never just record a wrong decision.
@Suite struct DecisionFixtureTests {
  static let root = Fixtures.fixtures.appendingPathComponent("decisions")

  static var cases: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
  }

  static func run(_ name: String) throws -> (CommandResult, URL) {
    let folder = root.appendingPathComponent(name)
    let out = Fixtures.workdir().appendingPathComponent("out")
    let args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
      .split(separator: "\n").map { $0 == "$OUT" ? out.path : String($0) }
    var result = try runThinline(args, cwd: folder)
    result.stderr = result.stderr.replacingOccurrences(of: out.path, with: "$OUT")
    result.stdout = result.stdout.replacingOccurrences(of: out.path, with: "$OUT")
    return (result, out)
  }

  /// Each case runs once: its rules checked, then its outputs compared with the golden files.
  @Test(arguments: cases)
  func goldenOutputs(name: String) throws {
    let (result, out) = try Self.run(name)
    try checkTheRules(name: name, result: result, out: out)
    let expected = Self.root.appendingPathComponent(name).appendingPathComponent("expected")
    var actual = ["stdout": result.stdout, "stderr": result.stderr, "exit": "\(result.status)\n"]
    for file in Fixtures.files(under: out) {
      let data = try Data(contentsOf: out.appendingPathComponent(file))
      // Binary files (extracted PDFs) are compared by their checksum in the manifest.
      actual["out/" + file] = String(data: data, encoding: .utf8) ?? "(binary, \(data.count) bytes)"
    }
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try? FileManager.default.removeItem(at: expected)
      for (file, text) in actual {
        let url = expected.appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
      }
      Issue.record("golden files of \(name) rewritten: review the diff and run the tests again")
      return
    }
    let expectedOut = Fixtures.files(under: expected.appendingPathComponent("out"))
    #expect(Set(expectedOut.map { "out/" + $0 } + ["stdout", "stderr", "exit"]) == Set(actual.keys), "\(name): other output files")
    for (file, text) in actual.sorted(by: { $0.key < $1.key }) {
      let want = try? String(contentsOf: expected.appendingPathComponent(file), encoding: .utf8)
      #expect(text == want, "\(name)/\(file) differs from the golden file")
    }
  }

  /// The `expect` lines, written by hand from the rules, hold in decisions.json.
  func checkTheRules(name: String, result: CommandResult, out: URL) throws {
    #expect(result.status == 0, "\(name): exit \(result.status): \(result.stderr)")
    let data = try Data(contentsOf: out.appendingPathComponent("decisions.json"))
    let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let invoices = json["invoices"] as! [[String: Any]]
    let debtors = json["debtors"] as! [[String: Any]]
    let warnings = json["warnings"] as! [String]
    func invoice(_ number: String) -> [String: Any]? {
      invoices.first { $0["invoice"] as? String == number && $0["document"] as? String == "invoice" }
        ?? invoices.first { $0["invoice"] as? String == number }
    }
    func text(_ value: Any?) -> String {
      switch value {
      case let s as String: return s
      case let b as Bool: return b ? "true" : "false"
      case let n as NSNumber: return n.stringValue
      case let list as [Any]: return list.map { text($0) }.joined(separator: " ")
      case nil: return "null"
      default: return "\(value!)"
      }
    }
    let lines = try String(contentsOf: Self.root.appendingPathComponent(name).appendingPathComponent("expect"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    for line in lines {
      let words = line.split(separator: " ", maxSplits: 2).map(String.init)
      if words[0] == "warning" {
        #expect(
          warnings.contains { $0.contains(words[1...].joined(separator: " ")) },
          "\(name): no warning about \(words[1...].joined(separator: " "))")
      } else if words[0] == "debtor" {
        let parts = words[2].split(separator: " ", maxSplits: 1).map(String.init)
        let debtor = try #require(debtors.first { $0["customer"] as? String == words[1] }, "\(name): no debtor \(words[1])")
        if parts.count == 1 {
          #expect(
            debtor["decision"] as? String == parts[0], "\(name): debtor \(words[1]) is \(text(debtor["decision"])), expected \(parts[0])")
        } else {
          #expect(
            text(debtor[parts[0]]) == parts[1], "\(name): debtor \(words[1]) \(parts[0]) is \(text(debtor[parts[0]])), expected \(parts[1])"
          )
        }
      } else {
        let entry = try #require(invoice(words[0]), "\(name): no invoice \(words[0]) in decisions.json")
        let codes = (entry["reasons"] as! [[String: Any]]).map { $0["code"] as! String }
        switch words[1] {
        case "has":
          #expect(codes.contains(words[2]), "\(name): \(words[0]) lacks \(words[2]); has \(codes)")
        case "lacks":
          #expect(!codes.contains(words[2]), "\(name): \(words[0]) should not have \(words[2])")
        default:
          if words.count == 2 {
            #expect(
              entry["decision"] as? String == words[1],
              "\(name): \(words[0]) is \(text(entry["decision"])), expected \(words[1]); reasons \(codes)")
          } else {
            #expect(text(entry[words[1]]) == words[2], "\(name): \(words[0]) \(words[1]) is \(text(entry[words[1]])), expected \(words[2])")
          }
        }
      }
    }
  }

  /// The same inputs and as-of date give byte-identical decisions.json.
  @Test func reproducible() throws {
    for name in ["open-amounts", "strategic"] {
      let (_, first) = try Self.run(name)
      let (_, second) = try Self.run(name)
      let a = try Data(contentsOf: first.appendingPathComponent("decisions.json"))
      let b = try Data(contentsOf: second.appendingPathComponent("decisions.json"))
      #expect(a == b)
    }
  }
}
