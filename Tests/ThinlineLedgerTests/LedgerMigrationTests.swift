import Foundation
import Testing
import ThinlineCore
import ThinlineLedger
import ThinlineTestSupport

/// Migrations only grow: a ledger an older release wrote opens, migrates and keeps its history.
@Suite struct LedgerMigrationTests {
  @Test(arguments: ["0.2.0"])
  func aLedgerOfAnEarlierReleaseOpensWithItsHistory(release: String) throws {
    let original = Fixtures.fixtures.appendingPathComponent("ledgers/\(release)/thinline.sqlite")
    let copy = Fixtures.workdir().appendingPathComponent("thinline.sqlite")
    try FileManager.default.copyItem(at: original, to: copy)
    let ledger = try Ledger(path: copy.path)
    #expect(try ledger.integrityCheck() == "ok")
    #expect(try ledger.recordedInputs(reading: "").count == 8)
    #expect(try ledger.handedOver() == ["F2026-0420", "F2026-0377"])
    let earlier = try ledger.earlierHandovers()
    #expect(earlier["10150"]?.principal == Decimal(string: "1669.68"))
    #expect(try ledger.lastFingerprint() != nil)
    // Opened twice (migrated once): nothing changes the second time.
    let again = try Ledger(path: copy.path)
    #expect(try again.handovers().count == 2)
  }
}
