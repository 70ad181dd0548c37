import Foundation
import Testing
import ThinlineRunner
import ThinlineTestSupport

/// What leaves the house: `delivery/` holds the debtors handed over and nothing of anyone else.
@Suite(.serialized) struct DeliveryPrivacyTests {
  typealias Site = CronRunTests.Site

  /// Customer numbers and names of the debtors not handed over, from the batch's own
  /// internal/decisions.json; none may appear in any file under delivery/.
  func checkNothingOfOthersLeaves(_ root: URL) throws {
    let decisions = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("internal/decisions.json"))) as? [String: Any])
    let debtors = try #require(decisions["debtors"] as? [[String: Any]])
    let handed = debtors.filter { $0["decision"] as? String == "handover" }
    let others = debtors.filter { $0["decision"] as? String != "handover" }
    #expect(!handed.isEmpty && !others.isEmpty)
    let handedWords = Set(handed.flatMap { [$0["customer"] as? String, $0["name"] as? String].compactMap { $0 } })
    let secrets = others.flatMap { [$0["customer"] as? String, $0["name"] as? String].compactMap { $0 } }
      .filter { secret in secret.count >= 4 && !handedWords.contains { $0.contains(secret) } }
    #expect(secrets.count >= others.count)
    let delivery = root.appendingPathComponent("delivery")
    let files = Fixtures.files(under: delivery)
    #expect(files.contains { $0.hasPrefix("handover-") })
    for file in files {
      let text = String(decoding: Fixtures.bytes(delivery.appendingPathComponent(file)), as: UTF8.self)
      for secret in secrets { #expect(!text.contains(secret), "\(secret) is in delivery/\(file)") }
    }
  }

  @Test func theDemoDeliveryHoldsOnlyTheDebtorsHandedOver() throws {
    let site = try Site()
    _ = try site.run()
    let batch = try #require(site.batches().first)
    try checkNothingOfOthersLeaves(site.outbox.appendingPathComponent(batch))
    // The CSV source is cut down to its header and the claimed rows.
    let sources = Fixtures.files(under: site.outbox.appendingPathComponent("\(batch)/delivery/sources"))
    #expect(sources.contains("openstaande-posten.csv"))
    let excerpt = Fixtures.bytes(site.outbox.appendingPathComponent("\(batch)/delivery/sources/openstaande-posten.csv"))
    let original = Fixtures.bytes(Fixtures.fixtures.appendingPathComponent("demo/openstaande-posten.csv"))
    let lines = { (b: [UInt8]) in b.filter { $0 == 0x0A }.count }
    #expect(lines(excerpt) >= 2 && lines(excerpt) < lines(original))
  }

  @Test func aGeneratedBatchWithConsumersPlansAndCSVSourcesLeaksNothing() throws {
    let site = try Site(demo: false)
    // Forty debtors in one open-items export: overdue businesses, consumers, recent invoices.
    var rows = ["factuurnummer;klantnummer;naam;factuurdatum;vervaldatum;openstaand;email"]
    var reminders = ["factuurnummer;datum;soort;kanaal"]
    var random = SeededRandom(seed: 42)
    for i in 1...40 {
      let days = Int.random(in: 5...200, using: &random)
      let issue = Calendar(identifier: .gregorian).date(
        byAdding: .day, value: -days - 30, to: ISO8601DateFormatter().date(from: "2026-11-29T00:00:00Z")!)!
      let d = ISO8601DateFormatter().string(from: issue).prefix(10)
      let due = ISO8601DateFormatter().string(from: issue.addingTimeInterval(30 * 86400)).prefix(10)
      let firstReminder = ISO8601DateFormatter().string(from: issue.addingTimeInterval(40 * 86400)).prefix(10)
      let letter = ISO8601DateFormatter().string(from: issue.addingTimeInterval(50 * 86400)).prefix(10)
      reminders.append("G-\(1000 + i);\(firstReminder);herinnering;email")
      reminders.append("G-\(1000 + i);\(letter);veertiendagenbrief;post")
      rows.append(
        "G-\(1000 + i);K\(5000 + i);Klant Nummer \(5000 + i);\(d);\(due);\(Int.random(in: 60...5000, using: &random)),00;klant\(5000 + i)@voorbeeld.nl"
      )
    }
    try (rows.joined(separator: "\r\n") + "\r\n").write(
      to: site.inbox.appendingPathComponent("open.csv"), atomically: true, encoding: .utf8)
    try (reminders.joined(separator: "\r\n") + "\r\n").write(
      to: site.inbox.appendingPathComponent("herinneringen.csv"), atomically: true, encoding: .utf8)
    for name in ["open.csv", "herinneringen.csv"] {
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: site.inbox.appendingPathComponent(name).path)
    }
    let result = try site.run()
    #expect(result.status == 0, "\(result.stderr)")
    let batch = try #require(site.batches().first)
    try checkNothingOfOthersLeaves(site.outbox.appendingPathComponent(batch))
  }
}

/// The same inputs give the same batch id and the same bytes, however the folder was named.
@Suite struct ReproducibleBatchTests {
  @Test func threeWaysToNameTheDemoFolderGiveOneBatch() throws {
    let settings = Fixtures.fixtures.appendingPathComponent("demo-settings/thinline.yaml").path
    var outputs: [[String: [UInt8]]] = []
    for (cwd, input) in [
      (Fixtures.fixtures, "demo"), (Fixtures.fixtures, "./demo/"),
      (Fixtures.workdir(), Fixtures.fixtures.appendingPathComponent("demo").path),
    ] {
      let out = Fixtures.workdir().appendingPathComponent("out")
      let result = try runThinline(["handover", "--config", settings, "--as-of", "2026-11-29", "--out", out.path, input], cwd: cwd)
      #expect(result.status == 65)  // the demo's one cut-off file
      var files: [String: [UInt8]] = [:]
      for name in Fixtures.files(under: out) { files[name] = Fixtures.bytes(out.appendingPathComponent(name)) }
      #expect(files.keys.contains { $0.hasPrefix("manifest-TL-") })
      outputs.append(files)
    }
    #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
    #expect(outputs[0].keys.sorted() == outputs[2].keys.sorted())
    for name in outputs[0].keys.sorted() {
      #expect(outputs[0][name] == outputs[1][name], "\(name)")
      #expect(outputs[0][name] == outputs[2][name], "\(name)")
    }
  }
}

/// `agency.redact_line_descriptions`: for creditors whose line texts reveal sensitive facts.
@Suite(.serialized) struct RedactedDeliveryTests {
  @Test func noLineTextLeavesTheHouse() throws {
    let site = try CronRunTests.Site()
    try (String(contentsOfFile: site.config, encoding: .utf8) + "\nagency: {redact_line_descriptions: true}\n")
      .write(toFile: site.config, atomically: true, encoding: .utf8)
    var rows = ["factuurnummer;klantnummer;naam;omschrijving;factuurdatum;vervaldatum;openstaand"]
    var reminders = ["factuurnummer;datum;soort;kanaal"]
    for i in 1...12 {
      rows.append("R-\(i);R\(700 + i);Cliënt \(700 + i) B.V.;Behandeling GEHEIM-\(i);01-05-2026;31-05-2026;\(500 + i),00")
      reminders.append("R-\(i);10-06-2026;herinnering;email")
      reminders.append("R-\(i);25-06-2026;aanmaning;post")
    }
    for (name, lines) in [("zorg.csv", rows), ("zorg-herinneringen.csv", reminders)] {
      let url = site.inbox.appendingPathComponent(name)
      try (lines.joined(separator: "\r\n") + "\r\n").write(to: url, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: url.path)
    }
    _ = try site.run()
    let batch = try #require(site.batches().first)
    let delivery = site.outbox.appendingPathComponent("\(batch)/delivery")
    let files = Fixtures.files(under: delivery)
    #expect(files.contains("sources/zorg.csv"))
    #expect(!files.contains { $0.hasPrefix("attachments/") })
    #expect(!files.contains { $0.hasPrefix("sources/") && $0.hasSuffix(".xml") })
    for file in files {
      let text = String(decoding: Fixtures.bytes(delivery.appendingPathComponent(file)), as: UTF8.self)
      #expect(!text.contains("GEHEIM") && !text.contains("Behandeling"), "line text in \(file)")
    }
    let json = try String(
      contentsOf: delivery.appendingPathComponent(try #require(files.first { $0.hasPrefix("handover-") && $0.hasSuffix(".json") })),
      encoding: .utf8)
    #expect(json.contains("withheld"))
  }
}
