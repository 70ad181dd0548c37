import Foundation
import Testing
import ThinlineRunner
import ThinlineTestSupport

/// The cron job reads the wall clock only through `Options.clock`: a test can move it.
@Suite struct CronClockTests {
  @Test func aFileIsSettledWhenTheClockSaysSoAndArchivedUnderTheClocksDay() throws {
    let root = Fixtures.workdir()
    let inbox = root.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Fixtures.fixtures.appendingPathComponent("demo/F2026-0420.xml"), to: inbox.appendingPathComponent("F2026-0420.xml"))
    let config = root.appendingPathComponent("thinline.yaml")
    try "inbox: in\noutbox: out\narchive: archive\nquarantine: quarantine\nledger: state/thinline.sqlite\nsettle_seconds: 3600\n"
      .write(to: config, atomically: true, encoding: .utf8)
    let configuration = try Configuration.load(config.path)
    let asOf = CalendarDate(iso: "2026-11-29")!
    let early = try CronRun.run(CronRun.Options(configuration: configuration, asOf: asOf, dryRun: false, clock: { Date() }))
    #expect(early.taken.isEmpty && early.waiting.count == 1)
    let later = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01: long settled
    let settled = try CronRun.run(CronRun.Options(configuration: configuration, asOf: asOf, dryRun: false, clock: { later }))
    #expect(settled.taken.count == 1)
    let archived = root.appendingPathComponent("archive/2100-01-01/F2026-0420.xml").path
    #expect(FileManager.default.fileExists(atPath: archived), "\((try? FileManager.default.subpathsOfDirectory(atPath: root.path)) ?? [])")
  }
}
