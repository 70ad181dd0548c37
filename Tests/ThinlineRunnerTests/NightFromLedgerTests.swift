import Foundation
import GRDB
import Testing
import ThinlineCore
import ThinlineLedger
import ThinlineTestSupport
import ThinlineWriters

@testable import ThinlineRunner

/// A night decides from the ledger's records: not from the archive, not from the files' bytes.
/// The bytes are read again only when the records are of another reading (an older release).
@Suite struct NightFromLedgerTests {
  struct Site {
    let root = Fixtures.workdir()
    var configuration: ThinlineRunner.Configuration
    var ledgerPath: String { root.appendingPathComponent("state/thinline.sqlite").path }

    /// The demo exports taken into a new ledger by one night.
    init(csvSection: String = "") throws {
      let fm = FileManager.default
      let inbox = root.appendingPathComponent("in")
      try fm.createDirectory(at: inbox, withIntermediateDirectories: true)
      for file in try fm.contentsOfDirectory(atPath: Fixtures.fixtures.appendingPathComponent("demo").path) {
        try fm.copyItem(at: Fixtures.fixtures.appendingPathComponent("demo/\(file)"), to: inbox.appendingPathComponent(file))
      }
      let settings = Fixtures.fixtures.appendingPathComponent("demo-settings")
      for file in ["agreements.yaml", "approvals.csv"] {
        try fm.copyItem(at: settings.appendingPathComponent(file), to: root.appendingPathComponent(file))
      }
      let config = root.appendingPathComponent("thinline.yaml")
      try """
      inbox: in
      outbox: out
      archive: archive
      quarantine: quarantine
      ledger: state/thinline.sqlite
      settle_seconds: 0
      agreements: agreements.yaml
      approvals: approvals.csv
      \(csvSection)
      """.write(to: config, atomically: true, encoding: .utf8)
      configuration = try ThinlineRunner.Configuration.load(config.path)
      let night = try CronRun.run(
        CronRun.Options(configuration: configuration, asOf: CalendarDate(iso: "2026-11-29")!, dryRun: false, clock: { Date() }))
      #expect(night.taken.count == 8 && night.quarantined.count == 1)  // the demo has one truncated file
    }

    /// decisions.json of a night on `asOf`, decided from the ledger as it is now.
    func decisions(asOf: String = "2026-12-15", storeReadAgain: Bool = false) throws -> (json: String, warnings: [String]) {
      let ledger = try Ledger(path: ledgerPath)
      let (input, _, warnings) = try CronRun.ledgerInput(
        configuration: configuration, ledger: ledger, asOf: CalendarDate(iso: asOf)!, storeReadAgain: storeReadAgain)
      let report = DecisionEngine.decide(input)
      return (String(decoding: DecisionsEncoding.bytes(report, policy: configuration.policy, generator: "test"), as: UTF8.self), warnings)
    }

    func execute(_ sql: String) throws {
      try DatabaseQueue(path: ledgerPath).write { db in try db.execute(sql: sql) }
    }

    func count(_ sql: String) throws -> Int {
      try DatabaseQueue(path: ledgerPath).read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
  }

  @Test func aNightDecidesTheSameWithTheArchiveEmptiedAndNoFileBytes() throws {
    let site = try Site()
    let before = try site.decisions()
    #expect(before.json.contains("F2026-0420"))
    try FileManager.default.removeItem(at: site.root.appendingPathComponent("archive"))
    try site.execute("UPDATE file SET content = x'00'")
    let after = try site.decisions()
    #expect(after.warnings.isEmpty)
    #expect(after.json == before.json)
  }

  /// A ledger of an older layout (no records): each file is read once from its bytes, gives the
  /// same decisions, and its records are stored for the next night.
  @Test func recordsOfAnOlderReadingAreReadAgainOnceAndKept() throws {
    let site = try Site()
    let expected = try site.decisions().json
    try site.execute("DELETE FROM file_record")
    #expect(try site.decisions(storeReadAgain: true).json == expected)
    #expect(try site.count("SELECT COUNT(DISTINCT sha256) FROM file_record") == 8)
    try site.execute("UPDATE file SET content = x'00'")
    #expect(try site.decisions().json == expected)
    // Another reading (a changed csv: section, another release): not trusted, read again.
    try site.execute("UPDATE file_record SET reading = 'layout 0'")
    let garbled = try site.decisions()
    #expect(garbled.warnings.count == 8, "\(garbled.warnings)")
    #expect(garbled.warnings.allSatisfy { $0.contains("cannot read it") })
  }

  /// A record that does not decode is not trusted either: the file is read from its bytes.
  @Test func aDamagedRecordIsReadAgainFromTheFile() throws {
    let site = try Site()
    let expected = try site.decisions().json
    try site.execute("UPDATE file_record SET records = substr(records, 1, length(records) / 2)")
    let again = try site.decisions()
    #expect(again.warnings.isEmpty)
    #expect(again.json == expected)
  }

  @Test func aChangedCSVSectionReadsTheFilesAgain() throws {
    let site = try Site()
    let reading = CronRun.reading(site.configuration)
    var changed = site.configuration
    changed.csvMappingsText = "- name: other"
    #expect(CronRun.reading(changed) != reading)
    let ledger = try Ledger(path: site.ledgerPath)
    #expect(try ledger.recordedInputs(reading: reading).allSatisfy { $0.records != nil })
    #expect(try ledger.recordedInputs(reading: CronRun.reading(changed)).allSatisfy { $0.records == nil })
  }

  /// The ledger today's release wrote before records existed (fixtures/ledgers/0.2.0) is migrated
  /// and, on its first night, gets its records.
  @Test func theLedgerOfReleaseZeroTwoGetsItsRecordsOnItsFirstNight() throws {
    let copy = Fixtures.workdir().appendingPathComponent("thinline.sqlite")
    try FileManager.default.copyItem(at: Fixtures.fixtures.appendingPathComponent("ledgers/0.2.0/thinline.sqlite"), to: copy)
    let ledger = try Ledger(path: copy.path)
    var configuration = ThinlineRunner.Configuration()
    configuration.ledger = copy.path
    let reading = CronRun.reading(configuration)
    #expect(try ledger.recordedInputs(reading: reading).allSatisfy { $0.records == nil })
    let asOf = CalendarDate(iso: "2026-12-15")!
    let first = try CronRun.ledgerInput(configuration: configuration, ledger: ledger, asOf: asOf, storeReadAgain: true)
    #expect(first.warnings.isEmpty)
    let inputs = try ledger.recordedInputs(reading: reading)
    #expect(inputs.count == 8 && inputs.allSatisfy { $0.records != nil })
    let second = try CronRun.ledgerInput(configuration: configuration, ledger: ledger, asOf: asOf)
    let json = { (input: DecisionInput) in DecisionsEncoding.bytes(DecisionEngine.decide(input), policy: Policy(), generator: "test") }
    #expect(json(first.input) == json(second.input))
    #expect(first.input.documents.count == second.input.documents.count && first.input.documents.count > 0)
  }

  /// The per-record summary tables are filled only with `ledger_summary: true`; the night decides
  /// the same either way.
  @Test func summaryRowsOnlyWhenTheConfigurationAsksForThem() throws {
    let plain = try Site()
    let summarised = try Site(csvSection: "ledger_summary: true")
    #expect(try plain.count("SELECT COUNT(*) FROM document") == 0)
    #expect(try summarised.count("SELECT COUNT(*) FROM document") > 5)
    #expect(try summarised.count("SELECT COUNT(*) FROM payment") > 0)
    #expect(try plain.decisions().json == summarised.decisions().json)
  }
}
