import Foundation
import GRDB
import Testing
import ThinlineCore
import ThinlineLedger
import ThinlineTestSupport

@Suite struct LedgerTests {
  /// Most tests run on an in-memory database; the file-only behaviour (paths, reopening, busy)
  /// has its own tests on files.
  func ledger() throws -> Ledger {
    try Ledger(writer: DatabaseQueue())
  }

  @Test func contentIsRecordedOnceAndRecognisedUnderAnyName() throws {
    let l = try ledger()
    #expect(try l.state(ofFile: "abc") == .unknown)
    try l.record(
      sha256: "abc", name: "a.csv", bytes: [1, 2, 3], seenAt: "2026-11-29T00:00:00Z")
    try l.record(
      sha256: "abc", name: "b.csv", bytes: [1, 2, 3], seenAt: "2026-11-29T01:00:00Z")
    #expect(try l.state(ofFile: "abc") == .recorded)
    #expect(try l.recordedInputs(reading: "").count == 1)
    #expect(try l.integrityCheck() == "ok")
  }

  @Test func reopeningMigratesNothingTwice() throws {
    let path = Fixtures.workdir().appendingPathComponent("ledger.sqlite").path
    _ = try Ledger(path: path)
    let again = try Ledger(path: path)
    #expect(try again.integrityCheck() == "ok")
  }

  @Test func anUnwritableLocationSaysWhatToDo() {
    do {
      _ = try Ledger(path: "/proc/thinline/ledger.sqlite")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("/proc/thinline/ledger.sqlite"))
      #expect(error.description.contains("writable"))
    }
  }
}

@Suite struct LedgerNamesTests {
  @Test func oneNameWithSeveralContentsIsToldApart() throws {
    let l = try Ledger(path: Fixtures.workdir().appendingPathComponent("ledger.sqlite").path)
    try l.record(
      sha256: "aaaaaaaa11", name: "open.csv", bytes: [1], seenAt: "2026-11-28T00:00:00Z")
    try l.record(
      sha256: "bbbbbbbb22", name: "open.csv", bytes: [2], seenAt: "2026-11-29T00:00:00Z")
    try l.record(
      sha256: "cccccccc33", name: "other.csv", bytes: [3], seenAt: "2026-11-29T01:00:00Z")
    #expect(try l.recordedInputs(reading: "").map(\.name) == ["open.csv@aaaaaaaa", "open.csv@bbbbbbbb", "other.csv"])
  }
}

@Suite struct LedgerOrderTests {
  /// The wall clock set back: a corrected export recorded later still comes later, because the
  /// order is the ledger's own sequence, not the time it was seen.
  @Test func revisionsKeepTheOrderTheyWereRecordedInWhenTheClockGoesBack() throws {
    let l = try Ledger(path: Fixtures.workdir().appendingPathComponent("ledger.sqlite").path)
    try l.record(
      sha256: "old0000001", name: "open.csv", bytes: [1], seenAt: "2026-11-29T10:00:00Z")
    try l.record(
      sha256: "new0000002", name: "open.csv", bytes: [2], seenAt: "2026-11-29T08:00:00Z")
    #expect(try l.recordedInputs(reading: "").map { try l.content(of: $0.sha256) } == [[1], [2]])
    #expect(try l.recordedChecksums() == ["old0000001", "new0000002"])
  }
}
