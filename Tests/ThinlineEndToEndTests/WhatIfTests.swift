import Foundation
import Testing
import ThinlineTestSupport

/// `thinline whatif` on the demo: a change moves known debtors, a sweep equals separate runs,
/// a bad key is a located usage error, and nothing is written.
@Suite struct WhatIfTests {
  static let demo = Fixtures.fixtures.appendingPathComponent("demo").path
  static let config = Fixtures.fixtures.appendingPathComponent("demo-settings/thinline.yaml").path

  func whatif(_ args: [String]) throws -> (CommandResult, [String: Any]) {
    let result = try runThinline(["whatif", "--config", Self.config, "--as-of", "2026-11-29", "--format", "json"] + args + [Self.demo])
    let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    return (result, json)
  }

  func moved(_ json: [String: Any]) -> [String: String] {
    var out: [String: String] = [:]
    for d in json["debtors"] as? [[String: Any]] ?? [] {
      out[d["customer"] as! String] = "\(d["from"] as! String)→\(d["to"] as! String)"
    }
    return out
  }

  @Test func aChangeMovesAKnownDebtorFromHandoverToRemindAndBack() throws {
    let (forward, json) = try whatif(["--set", "policy.min_reminders=3"])
    #expect(forward.status == 65)  // the demo holds one truncated file, on purpose
    #expect(moved(json)["10201"] == "handover→remind")
    let after = (json["after"] as! [String: Any])["handover"] as! [String: Any]
    let before = (json["before"] as! [String: Any])["handover"] as! [String: Any]
    #expect((before["debtors"] as! Int) > (after["debtors"] as! Int))
    // And back: from a variant with three reminders, two moves 10201 back to handover.
    let variant = Fixtures.workdir().appendingPathComponent("three.yaml")
    try "policy:\n  min_reminders: 3\n".write(to: variant, atomically: true, encoding: .utf8)
    let (_, back) = try whatif(["--variant", variant.path, "--set", "policy.min_reminders=2"])
    #expect(back["debtors"] as? [[String: Any]] != nil)
    #expect(moved(back).isEmpty, "variant then --set back to the config's value: nothing moves against the config")
  }

  @Test func aSweepsTotalsEqualSeparateRuns() throws {
    let (_, sweep) = try whatif(["--sweep", "policy.handover_after_days=60:180:60"])
    let values = sweep["values"] as! [[String: Any]]
    #expect(values.map { $0["value"] as! String } == ["60", "120", "180"])
    for entry in values {
      let (_, single) = try whatif(["--set", "policy.handover_after_days=\(entry["value"] as! String)"])
      let totals = entry["totals"] as! [String: Any]
      let after = single["after"] as! [String: Any]
      for decision in ["handover", "review", "hold", "remind", "settled"] {
        #expect(
          NSDictionary(dictionary: totals[decision] as! [String: Any]) == NSDictionary(dictionary: after[decision] as! [String: Any]),
          "\(decision) at \(entry["value"]!)")
      }
    }
  }

  @Test func aBadKeyIsALocatedUsageError() throws {
    let (result, _) = try whatif(["--set", "customers.10150.payment_dayz=60"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--set customers.10150.payment_dayz=60"))
    #expect(result.stderr.contains("payment_days"))
    let (bad, _) = try whatif(["--set", "policy.min_amount=lots"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("min_amount"))
    let (unknown, _) = try whatif(["--set", "budget=1"])
    #expect(unknown.status == 64)
  }

  @Test func nothingIsWrittenAndTheSweepDrawsAChart() throws {
    let folder = Fixtures.workdir()
    let chart = folder.appendingPathComponent("sweep.html")
    let result = try runThinline(
      [
        "whatif", "--config", Self.config, "--as-of", "2026-11-29", "--sweep", "policy.min_amount=0:3000:1000", "--html", chart.path,
        Self.demo,
      ],
      cwd: folder)
    #expect(result.status == 65)
    let html = try String(contentsOf: chart, encoding: .utf8)
    #expect(html.contains("<svg viewBox") && html.contains("polyline"))
    #expect(Fixtures.files(under: folder) == ["sweep.html"])
  }
}
