import Foundation
import Testing
import ThinlineLedger
import ThinlineRunner
import ThinlineTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The cron job against a hostile folder and a lost ledger: each case failed on the release
/// before the inbox was read with lstat and staging, and the ledger checked against the outbox.
@Suite(.serialized) struct CronFaultTests {
  typealias Site = CronRunTests.Site

  func quarantined(_ site: Site) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: site.quarantine.path)) ?? []).sorted()
  }

  func archived(_ site: Site) -> [String] {
    var found: [String] = []
    for day in (try? FileManager.default.contentsOfDirectory(atPath: site.archive.path)) ?? [] {
      found += (try? FileManager.default.contentsOfDirectory(atPath: site.archive.appendingPathComponent(day).path)) ?? []
    }
    return found.sorted()
  }

  @Test func aSymlinkToAFileOutsideIsQuarantinedUnreadAndNeverHandedOver() throws {
    let site = try Site()
    let outside = site.root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    let secret = outside.appendingPathComponent("other-customer.csv")
    try "factuurnummer;klantnummer;naam;factuurdatum;bedrag\nGEHEIM-1;99;Andere Klant;01-01-2026;99999,00\n".write(
      to: secret, atomically: true, encoding: .utf8)
    symlink(secret.path, site.inbox.appendingPathComponent("link.csv").path)
    let result = try site.run()
    #expect(result.status == 65)
    #expect(result.stderr.contains("link.csv: error: a symbolic link"))
    #expect(quarantined(site).contains("link.csv.error.txt"))
    #expect(FileManager.default.fileExists(atPath: secret.path))
    let batch = try #require(site.batches().first)
    let folder = site.outbox.appendingPathComponent(batch)
    let all = Fixtures.files(under: folder)
    #expect(!all.isEmpty)
    for file in all {
      let text = String(decoding: Fixtures.bytes(folder.appendingPathComponent(file)), as: UTF8.self)
      #expect(!text.contains("GEHEIM-1") && !text.contains("Andere Klant"), "found in \(file)")
    }
  }

  @Test func aSymlinkToAFolderOutsideMovesNothingOutOfIt() throws {
    let site = try Site(demo: false)
    let outside = site.root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    try "keep me".write(to: outside.appendingPathComponent("private.txt"), atomically: true, encoding: .utf8)
    symlink(outside.path, site.inbox.appendingPathComponent("folder").path)
    _ = try site.run()
    #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("private.txt").path))
    #expect(archived(site).isEmpty)
  }

  @Test func aFIFOInTheInboxDoesNotHangTheRun() throws {
    let site = try Site(demo: false)
    #expect(mkfifo(site.inbox.appendingPathComponent("pipe.csv").path, 0o644) == 0)
    let result = try site.run()
    #expect(result.status == 65)
    #expect(result.stderr.contains("a FIFO"))
    #expect(quarantined(site).contains("pipe.csv"))
  }

  @Test func aFIFOAsTheConfigIsRefusedNotWaitedOn() throws {
    let fifo = Fixtures.workdir().appendingPathComponent("thinline.yaml").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let result = try runThinline(["run", "--config", fifo])
    #expect(result.status == 64)
    #expect(result.stderr.contains("not a regular file"))
  }

  @Test func aLinkToDevZeroIsRefusedNotReadUntilMemoryRunsOut() throws {
    let site = try Site(demo: false)
    symlink("/dev/zero", site.inbox.appendingPathComponent("zero.csv").path)
    let result = try site.run()
    #expect(result.status == 65)
    #expect(quarantined(site).contains("zero.csv"))
  }

  @Test func aNameThatIsNotUTF8IsQuarantinedNotSkipped() throws {
    let site = try Site(demo: false)
    let name: [UInt8] = Array(site.inbox.path.utf8) + Array("/bad".utf8) + [0xFF] + Array(".xml".utf8)
    let fd = (name + [0]).withUnsafeBufferPointer { b in
      b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
    }
    #expect(fd >= 0)
    close(fd)
    let result = try site.run()
    #expect(result.status == 65)
    #expect(result.stderr.contains("not UTF-8"))
    #expect(quarantined(site).contains("bad%FF.xml"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: site.inbox.path).isEmpty)
  }

  @Test func aLostLedgerStopsTheRunInsteadOfHandingOverTwice() throws {
    let site = try Site()
    let first = try site.run()
    #expect(first.status == 65)  // the demo's one broken file
    let handed = try site.handedOverInvoices()
    #expect(!handed.isEmpty)
    // The billing package exports everything again; the ledger is gone.
    for file in try FileManager.default.contentsOfDirectory(atPath: Fixtures.fixtures.appendingPathComponent("demo").path) {
      try FileManager.default.copyItem(
        at: Fixtures.fixtures.appendingPathComponent("demo/\(file)"), to: site.inbox.appendingPathComponent(file))
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: site.inbox.appendingPathComponent(file).path)
    }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: site.ledgerPath + suffix) }
    let lost = try site.run()
    #expect(lost.status == 64)
    #expect(lost.stderr.contains("is missing") && lost.stderr.contains("--init-ledger"))
    #expect(site.batches().count == 1)
    // Emptied to 0 bytes: the same.
    #expect(FileManager.default.createFile(atPath: site.ledgerPath, contents: Data()))
    #expect(try site.run().status == 64)
    // With --init-ledger the batches are taken in: nothing is handed over a second time.
    try? FileManager.default.removeItem(atPath: site.ledgerPath)
    let again = try site.run(["--init-ledger"])
    #expect(again.status == 65)
    #expect(again.stderr.contains("into the new ledger"))
    #expect(site.batches().count == 1)
    #expect(try site.handedOverInvoices() == handed)
  }

  @Test func anOutboxBatchTheLedgerDoesNotKnowStopsTheRun() throws {
    let site = try Site()
    try FileManager.default.createDirectory(
      at: site.outbox.appendingPathComponent("TL-20260101-deadbeef"), withIntermediateDirectories: true)
    _ = try runThinline(["run", "--config", site.config, "--as-of", "2026-11-29", "--dry-run"])
    // A fresh ledger beside an outbox with a batch it did not write.
    let result = try site.run()
    #expect(result.status == 64)
    #expect(result.stderr.contains("TL-20260101-deadbeef"))
  }

  @Test func folderNamesInsideTheInboxAreAConfigurationError() throws {
    let site = try Site(demo: false)
    var config = try String(contentsOfFile: site.config, encoding: .utf8)
    config = config.replacingOccurrences(of: "outbox: exports/out", with: "outbox: exports/in/out")
    try config.write(toFile: site.config, atomically: true, encoding: .utf8)
    let result = try site.run()
    #expect(result.status == 64)
    #expect(result.stderr.contains("outbox lies inside the inbox"))
  }

  @Test func aDanglingLockLinkCreatesNothingWhereItPoints() throws {
    let site = try Site(demo: false)
    try FileManager.default.createDirectory(
      atPath: (site.ledgerPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let target = site.root.appendingPathComponent("owned-by-root").path
    symlink(target, site.ledgerPath + ".lock")
    let result = try site.run()
    #expect(result.status == 64)
    #expect(!FileManager.default.fileExists(atPath: target))
  }

  @Test func aBusyLedgerExits75() throws {
    let site = try Site(demo: false)
    #expect(try site.run().status == 0)
    let ledger = try Ledger(path: site.ledgerPath)
    _ = ledger
    // Another process holds a write transaction on the ledger.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    holder.arguments = [
      "-c",
      "import sqlite3,time,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(30)",
      site.ledgerPath,
    ]
    let out = Pipe()
    holder.standardOutput = out
    try holder.run()
    defer { holder.terminate() }
    _ = out.fileHandleForReading.availableData  // wait until it holds the lock
    // A new file, so that the run must write to the ledger.
    try "factuurnummer;klantnummer;factuurdatum;bedrag\nN-1;1;01-01-2026;10,00\n".write(
      to: site.inbox.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: site.inbox.appendingPathComponent("n.csv").path)
    let result = try site.run()
    #expect(result.status == 75)
    #expect(result.stderr.contains("another process is using the ledger"))
    // Nothing was lost: the file is still in the inbox.
    #expect(FileManager.default.fileExists(atPath: site.inbox.appendingPathComponent("n.csv").path))
  }

  @Test func anExistingFinalBatchNameIsAnErrorBeforeAnythingIsRecorded() throws {
    let site = try Site()
    let dry = try runThinline(["run", "--config", site.config, "--as-of", "2026-11-29", "--dry-run", "--json"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
    let batch = try #require((json["batch"] as? String)?.split(separator: " ").first.map(String.init))
    try FileManager.default.createDirectory(at: site.outbox.appendingPathComponent(batch), withIntermediateDirectories: true)
    try "someone else's".write(to: site.outbox.appendingPathComponent("\(batch)/note.txt"), atomically: true, encoding: .utf8)
    let result = try site.run(["--init-ledger"])
    #expect(result.status != 0)
    #expect(FileManager.default.fileExists(atPath: site.outbox.appendingPathComponent("\(batch)/note.txt").path))
  }
}
