import Foundation
import Testing
import ThinlineLedger
import ThinlineRunner
import ThinlineTestSupport

/// The cron job as cron runs it: the real binary on a temporary export folder.
@Suite(.serialized) struct CronRunTests {
  /// A scratch installation: config, agreements, an inbox with the demo exports.
  struct Site {
    let root: URL
    var inbox: URL { root.appendingPathComponent("exports/in") }
    var outbox: URL { root.appendingPathComponent("exports/out") }
    var archive: URL { root.appendingPathComponent("exports/archive") }
    var quarantine: URL { root.appendingPathComponent("exports/quarantine") }
    var config: String { root.appendingPathComponent("thinline.yaml").path }
    var ledgerPath: String { root.appendingPathComponent("state/thinline.sqlite").path }

    init(settle: Int = 0, demo: Bool = true) throws {
      root = Fixtures.workdir()
      let fm = FileManager.default
      try fm.createDirectory(at: root.appendingPathComponent("exports/in"), withIntermediateDirectories: true)
      let settings = Fixtures.fixtures.appendingPathComponent("demo-settings")
      try fm.copyItem(at: settings.appendingPathComponent("agreements.yaml"), to: root.appendingPathComponent("agreements.yaml"))
      try fm.copyItem(at: settings.appendingPathComponent("approvals.csv"), to: root.appendingPathComponent("approvals.csv"))
      let config = """
        inbox: exports/in
        outbox: exports/out
        archive: exports/archive
        quarantine: exports/quarantine
        ledger: state/thinline.sqlite
        settle_seconds: \(settle)
        agreements: agreements.yaml
        approvals: approvals.csv
        creditor: {name: Voorbeeld Software B.V., kvk: "12345678"}
        """
      try config.write(toFile: self.config, atomically: true, encoding: .utf8)
      if demo {
        for file in try fm.contentsOfDirectory(atPath: Fixtures.fixtures.appendingPathComponent("demo").path) {
          try fm.copyItem(at: Fixtures.fixtures.appendingPathComponent("demo/\(file)"), to: inbox.appendingPathComponent(file))
        }
      }
      // Old enough to be settled.
      for file in (try? fm.contentsOfDirectory(atPath: inbox.path)) ?? [] {
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: inbox.appendingPathComponent(file).path)
      }
    }

    func run(_ extra: [String] = []) throws -> CommandResult {
      try runThinline(["run", "--config", config, "--as-of", "2026-11-29"] + extra)
    }

    func batches() -> [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).filter { $0.hasPrefix("TL-") }.sorted()
    }

    func handedOverInvoices() throws -> [String] {
      try Ledger(path: ledgerPath).handovers().filter { !$0.released }.map(\.invoice).sorted()
    }
  }

  @Test func aSecondRunHandsOverNothingNew() throws {
    let site = try Site()
    let first = try site.run()
    #expect(first.status == 65)  // the cut-off demo file
    #expect(site.batches().count == 1)
    #expect(try site.handedOverInvoices() == ["F2026-0377", "F2026-0420"])
    // The batch is complete: its delivery's manifest lists each of its files once, with the right
    // checksum, and nothing that is not in the delivery.
    let root = site.outbox.appendingPathComponent(site.batches()[0])
    let batch = root.appendingPathComponent("delivery")
    let manifestName = try #require(try FileManager.default.contentsOfDirectory(atPath: batch.path).first { $0.hasPrefix("manifest-") })
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: batch.appendingPathComponent(manifestName))) as! [String: Any]
    let listed = (manifest["files"] as! [[String: Any]])
    #expect(Set(listed.map { $0["path"] as! String }).count == listed.count)
    for entry in listed {
      #expect(Checksum.sha256(Fixtures.bytes(batch.appendingPathComponent(entry["path"] as! String))) == entry["sha256"] as! String)
    }
    #expect(Set(listed.map { $0["path"] as! String }) == Set(Fixtures.files(under: batch)).subtracting([manifestName]))
    #expect(Fixtures.files(under: root.appendingPathComponent("internal")).sorted() == ["decisions.json", "report.html", "run.json"])
    #expect(Fixtures.files(under: batch).contains { $0.hasPrefix("sources/") })
    #expect(Fixtures.files(under: batch).contains("schemas/handover.xsd"))
    let second = try site.run()
    #expect(second.status == 0)
    #expect(second.stderr.contains("no new batch"))
    #expect(site.batches().count == 1)
    #expect(try site.handedOverInvoices() == ["F2026-0377", "F2026-0420"])
    // Everything left the inbox: archived, or quarantined with its explanation.
    #expect(try FileManager.default.contentsOfDirectory(atPath: site.inbox.path).isEmpty)
    let quarantined = try FileManager.default.contentsOfDirectory(atPath: site.quarantine.path).sorted()
    #expect(quarantined == ["F2026-0431.xml", "F2026-0431.xml.error.txt"])
    let explanation = try String(contentsOf: site.quarantine.appendingPathComponent("F2026-0431.xml.error.txt"), encoding: .utf8)
    #expect(explanation.contains("F2026-0431.xml:16:39") && explanation.contains("truncated"))
  }

  @Test func aFileStillBeingWrittenWaitsForTheNextRun() throws {
    let site = try Site(settle: 60, demo: false)
    let young = site.inbox.appendingPathComponent("invoices.csv")
    try "invoice_number,customer_number,issue_date,amount\nY-1,1,2026-11-01,100.00\n".write(to: young, atomically: true, encoding: .utf8)
    let result = try site.run(["--json"])
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect((json["waiting"] as! [String]).count == 1)
    #expect((json["taken"] as! [String]).isEmpty)
    #expect(FileManager.default.fileExists(atPath: young.path))
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: young.path)
    let later = try site.run(["--json"])
    let taken = (try JSONSerialization.jsonObject(with: Data(later.stdout.utf8)) as! [String: Any])["taken"] as! [String]
    #expect(taken.count == 1)
    #expect(!FileManager.default.fileExists(atPath: young.path))
  }

  @Test func temporaryAndHiddenFilesAreLeftAlone() throws {
    let site = try Site(demo: false)
    for name in ["half.csv.part", "export.tmp", "backup.csv~", ".hidden.csv"] {
      try "x".write(to: site.inbox.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    #expect(try site.run().status == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: site.inbox.path).count == 4)
  }

  @Test func theSameContentUnderANewNameIsRecognised() throws {
    let site = try Site(demo: false)
    let text = "invoice_number,customer_number,issue_date,amount\nQ-1,1,2026-11-01,100.00\n"
    try text.write(to: site.inbox.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
    _ = try site.run()
    try text.write(to: site.inbox.appendingPathComponent("renamed.csv"), atomically: true, encoding: .utf8)
    let result = try site.run(["--json"])
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect((json["already_known"] as! [String]).count == 1)
    #expect((json["taken"] as! [String]).isEmpty)
  }

  @Test func twoRunsAtOnceOneExits75() throws {
    let site = try Site()
    // Hold the lock as a running job would.
    let lockPath = site.ledgerPath + ".lock"
    try FileManager.default.createDirectory(atPath: (lockPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
    #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
    let blocked = try site.run()
    #expect(blocked.status == 75)
    #expect(blocked.stderr.contains("try again later"))
    close(fd)
    #expect(try site.run().status == 65)
  }

  @Test func dryRunWritesAndMovesNothing() throws {
    let site = try Site()
    let result = try site.run(["--dry-run"])
    #expect(result.stderr.contains("dry run"))
    #expect(site.batches().isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: site.inbox.path).count == 9)
    #expect(!FileManager.default.fileExists(atPath: site.ledgerPath))
  }

  @Test func aReleasedInvoiceMayBeHandedOverAgain() throws {
    let site = try Site()
    _ = try site.run()
    let release = try runThinline(["release", "--config", site.config, "--note", "agency returned it", "F2026-0420"])
    #expect(release.status == 0)
    #expect(try site.handedOverInvoices() == ["F2026-0377"])
    _ = try site.run()
    #expect(try site.handedOverInvoices() == ["F2026-0377", "F2026-0420"])
    #expect(site.batches().count == 2)
    #expect(try runThinline(["release", "--config", site.config, "NOPE"]).status == 65)
  }

  @Test func aMissingInboxIsAConfigurationError() throws {
    let site = try Site(demo: false)
    try FileManager.default.removeItem(at: site.inbox)
    let result = try site.run()
    #expect(result.status == 64)
    #expect(result.stderr.contains("no such folder"))
  }

  /// Kill the job with SIGKILL at random moments across many runs (parsing, ledger writes, batch
  /// writing), then let it finish: every ripe invoice is in exactly one batch, every input is
  /// archived, quarantined or still in the inbox, and the ledger is sound.
  @Test func surviveSIGKILLAnywhere() throws {
    let site = try Site()
    let inputs = Set(try FileManager.default.contentsOfDirectory(atPath: site.inbox.path))
    // Content, not names: a file moved under a free name (`2-x.csv`) is not lost.
    func contents(_ folder: URL) -> [Data: String] {
      var found: [Data: String] = [:]
      for file in Fixtures.files(under: folder) { found[(try? Data(contentsOf: folder.appendingPathComponent(file))) ?? Data()] = file }
      return found
    }
    let inputContents = contents(site.inbox)
    var generator = SeededRandom(seed: 2026)
    var kills = 0
    var attempt = 0
    while kills < 50 && attempt < 400 {
      attempt += 1
      let process = Process()
      process.executableURL = Fixtures.binary
      process.arguments = ["run", "--config", site.config, "--as-of", "2026-11-29"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 1_000...120_000, using: &generator))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        kills += 1
      }
      process.waitUntilExit()
      // New work now and then, so that later kills land in parsing and batch writing too.
      if attempt % 10 == 0 {
        let name = "extra-\(attempt).csv"
        let text =
          "invoice_number,customer_number,customer_name,issue_date,due_date,amount\nX-\(attempt),\(20000 + attempt),Extra \(attempt) B.V.,2026-07-01,2026-07-31,\(100 + attempt).00\n"
          + "X-\(attempt)b,\(20000 + attempt),Extra \(attempt) B.V.,2026-07-02,2026-08-01,60.00\n"
        try text.write(to: site.inbox.appendingPathComponent(name), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
          [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: site.inbox.appendingPathComponent(name).path)
      }
    }
    #expect(kills >= 50)
    // Let it finish.
    _ = try site.run()
    let final = try site.run()
    #expect(final.stderr.contains("no new batch"))
    let ledger = try Ledger(path: site.ledgerPath)
    #expect(try ledger.integrityCheck() == "ok")
    // Exactly one batch per handed-over invoice, and the batch folders hold what the ledger says.
    let handovers = try ledger.handovers()
    #expect(Set(handovers.map(\.invoice)).count == handovers.count, "an invoice in two batches")
    #expect(Set(handovers.map(\.batch)) == Set(site.batches()))
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: site.outbox.path)).contains { $0.hasPrefix(".tmp-") })
    // No input lost: every file is archived, quarantined or still in the inbox.
    var archived: [String] = []
    for day in (try? FileManager.default.contentsOfDirectory(atPath: site.archive.path)) ?? [] {
      archived += try FileManager.default.contentsOfDirectory(atPath: site.archive.appendingPathComponent(day).path)
    }
    let quarantined = try FileManager.default.contentsOfDirectory(atPath: site.quarantine.path).filter { !$0.hasSuffix(".error.txt") }
    let inbox = try FileManager.default.contentsOfDirectory(atPath: site.inbox.path)
    let kept = contents(site.archive).merging(contents(site.quarantine)) { a, _ in a }.merging(contents(site.inbox)) { a, _ in a }
    for (content, name) in inputContents {
      #expect(
        kept[content] != nil,
        "\(name) lost: archive \(archived.sorted()), quarantine \(quarantined.sorted()), inbox \(inbox.sorted())")
    }
    _ = inputs
    // Every ripe extra customer was handed over once.
    let ripeExtras = handovers.filter { $0.invoice.hasPrefix("X-") }
    #expect(Set(ripeExtras.map(\.invoice)).count == ripeExtras.count)
  }
}
