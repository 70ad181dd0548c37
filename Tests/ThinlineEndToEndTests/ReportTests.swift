import Foundation
import Testing
import ThinlineTestSupport

@Suite struct ReportTests {
  static let demo = Fixtures.fixtures.appendingPathComponent("demo")
  static let settings = Fixtures.fixtures.appendingPathComponent("demo-settings/thinline.yaml")

  @Test func aCustomerNameIsNeverHTML() throws {
    let work = Fixtures.workdir()
    try """
    invoice_number,customer_number,customer_name,issue_date,due_date,amount
    X-1,666,<script>alert('x')</script> & Co,2026-07-01,2026-07-31,500.00
    BG-1,999,Big,2026-06-01,2026-07-01,100000.00
    """.write(to: work.appendingPathComponent("invoices.csv"), atomically: true, encoding: .utf8)
    try "invoice_number,date,kind,channel\nX-1,2026-08-10,reminder,email\nX-1,2026-08-24,demand,post\n"
      .write(to: work.appendingPathComponent("reminders.csv"), atomically: true, encoding: .utf8)
    try "payment_date,invoice_number,amount\n2026-06-20,BG-1,100000.00\n".write(
      to: work.appendingPathComponent("payments.csv"), atomically: true, encoding: .utf8)
    let result = try runThinline(["report", "--as-of", "2026-11-29", "--lang", "en", "-o", "-", work.path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
    #expect(!result.stdout.contains("<script"))
    #expect(result.stdout.contains("€500.00"))
  }

  @Test func theBarsAreTheBucketSums() throws {
    let out = Fixtures.workdir()
    _ = try runThinline(["handover", "--config", Self.settings.path, "--as-of", "2026-11-29", "--out", out.path, Self.demo.path])
    let decisions = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("decisions.json"))) as! [String: Any]
    // The sums, computed here from decisions.json: open amounts by days past the effective due date.
    var expected = ["not_due": Decimal(0), "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0]
    let asOf = ISO8601DateFormatter()
    asOf.formatOptions = [.withFullDate]
    let reference = asOf.date(from: "2026-11-29")!
    for invoice in decisions["invoices"] as! [[String: Any]] where invoice["document"] as? String == "invoice" {
      let open = Decimal(string: invoice["open"] as! String)!
      guard open > 0 else { continue }
      let due = asOf.date(from: invoice["effective_due_date"] as! String)!
      let days = Int((reference.timeIntervalSince(due) / 86400).rounded())
      let bucket = days <= 0 ? "not_due" : days <= 30 ? "1-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "90+"
      expected[bucket]! += open
    }
    let html = try runThinline(["report", "--config", Self.settings.path, "--as-of", "2026-11-29", "-o", "-", Self.demo.path]).stdout
    let pattern = try NSRegularExpression(pattern: #"data-bucket="([^"]+)" data-amount="([^"]+)"[^>]* height="([0-9]+)""#)
    let matches = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html))
    #expect(matches.count == 5)
    var heights: [String: Int] = [:]
    for m in matches {
      let bucket = String(html[Range(m.range(at: 1), in: html)!])
      let amount = Decimal(string: String(html[Range(m.range(at: 2), in: html)!]))!
      heights[bucket] = Int(html[Range(m.range(at: 3), in: html)!])
      #expect(amount == expected[bucket], "\(bucket): bar \(amount), sum \(expected[bucket]!)")
    }
    // Bar heights are in proportion to the sums.
    let maxBucket = expected.max { $0.value < $1.value }!.key
    for (bucket, sum) in expected where sum > 0 {
      let ratio = NSDecimalNumber(decimal: sum / expected[maxBucket]!).doubleValue
      #expect(abs(Double(heights[bucket]!) - ratio * Double(heights[maxBucket]!)) <= 1.0)
    }
  }

  @Test func dutchNumbersAndLabels() throws {
    let html = try runThinline(["report", "--config", Self.settings.path, "--as-of", "2026-11-29", "-o", "-", Self.demo.path]).stdout
    #expect(html.contains("<html lang=\"nl\">"))
    #expect(html.contains("€\u{00A0}1.669,68"))  // a no-break space: never split in a narrow cell
    #expect(html.contains("Ouderdom van de openstaande bedragen"))
    let english = try runThinline([
      "report", "--config", Self.settings.path, "--lang", "en", "--as-of", "2026-11-29", "-o", "-", Self.demo.path,
    ]).stdout
    #expect(english.contains("€1,669.68"))
  }

  /// The Dutch report speaks Dutch: over the demo and every decision fixture (which between them
  /// give every reason code), no English message of decisions.json appears in it, and its text
  /// holds no English word outside what the inputs themselves say (names, notes).
  @Test(arguments: ["demo"] + DecisionFixtureTests.cases)
  func theDutchReportHasNoEnglish(name: String) throws {
    let html: String
    let decisions: [String: Any]
    if name == "demo" {
      let args = ["--config", Self.settings.path, "--as-of", "2026-11-29"]
      html = try runThinline(["report"] + args + ["--lang", "nl", "-o", "-", Self.demo.path]).stdout
      let out = Fixtures.workdir()
      _ = try runThinline(["handover"] + args + ["-o", out.path, Self.demo.path])
      decisions = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("decisions.json"))) as! [String: Any]
    } else {
      let folder = DecisionFixtureTests.root.appendingPathComponent(name)
      var args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8).split(separator: "\n").map(String.init)
      let out = args.firstIndex(of: "--out")!
      args.removeSubrange(out...(out + 1))
      args[0] = "report"
      let result = try runThinline(args.dropLast() + ["--lang", "nl", "-o", "-", args.last!], cwd: folder)
      #expect(result.status == 0, "\(result.stderr)")
      html = result.stdout
      let json = folder.appendingPathComponent("expected/out/decisions.json")
      decisions = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
    }
    let text = Self.visibleText(html)
    // What came from the inputs may be in any language: take it out before looking for English.
    var fromInputs: [String] = []
    var messages: [String] = []
    for entry in (decisions["invoices"] as! [[String: Any]]) + (decisions["debtors"] as! [[String: Any]]) {
      for key in ["customer_name", "name"] { if let v = entry[key] as? String { fromInputs.append(v) } }
      for reason in (entry["reasons"] as? [[String: Any]] ?? []) + (entry["warnings"] as? [[String: Any]] ?? []) {
        messages.append(reason["message"] as! String)
      }
      if let review = entry["review"] as? [String: Any], let notes = review["notes"] as? String { fromInputs.append(notes) }
    }
    for message in Set(messages) {
      #expect(!text.contains(message), "\(name): English message in the Dutch report: \(message)")
      // A note or a dispute's text is the user's: "in dispute: <note>" → the note.
      if let colon = message.range(of: ": ", options: .backwards),
        message.hasPrefix("in dispute") || message.contains("holds this customer")
          || message.contains("approved the handover")
      {
        fromInputs.append(String(message[colon.upperBound...]))
      }
    }
    var rest = text
    for input in fromInputs.sorted(by: { $0.count > $1.count }) where !input.isEmpty {
      rest = rest.replacingOccurrences(of: input, with: " ")
    }
    let english: Set<String> = [
      "the", "and", "with", "from", "before", "after", "which", "paid", "invoice", "payment", "days", "due", "not", "customer",
    ]
    let found = Set(rest.lowercased().split { !$0.isLetter }.map(String.init)).intersection(english)
    #expect(found.isEmpty, "\(name): English words \(found.sorted()) in the Dutch report")
  }

  /// The text a reader sees: tags, the style sheet, entities and the reason codes (identifiers
  /// for scripts, the same in every language) out.
  static func visibleText(_ html: String) -> String {
    var s = html
    if let style = s.range(of: "<style>"), let end = s.range(of: "</style>") { s.removeSubrange(style.lowerBound..<end.upperBound) }
    s = s.replacingOccurrences(of: "<code>[A-Z0-9_]+</code>", with: " ", options: .regularExpression)
    s = s.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    for (entity, char) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
      s = s.replacingOccurrences(of: entity, with: char)
    }
    return s
  }
}
