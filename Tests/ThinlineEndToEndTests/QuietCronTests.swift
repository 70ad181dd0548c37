import Foundation
import Testing
import ThinlineTestSupport

/// A cron job that mails only when there is something to read, and says plainly what a dry run did.
@Suite(.serialized) struct QuietCronTests {
  typealias Site = CronRunTests.Site

  @Test func quietPrintsNothingOnANightWhenNothingHappened() throws {
    let site = try Site(demo: false)
    let result = try site.run(["--quiet"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    let loud = try site.run()
    #expect(loud.stderr.contains("waiting (younger than settle_seconds)"))
  }

  @Test func quietStillReportsAQuarantinedFile() throws {
    let site = try Site()
    let result = try site.run(["--quiet"])
    #expect(result.status == 65)
    #expect(result.stderr.contains("thinline run:") && result.stderr.contains("1 quarantined"))
  }

  @Test func theSummaryLineInDutch() throws {
    let site = try Site()
    let result = try site.run(["--dry-run", "--lang", "nl"])
    #expect(result.status == 65)
    #expect(result.stderr.contains("bestand(en) opgenomen") && result.stderr.contains("1 in quarantaine"), "\(result.stderr)")
    #expect(result.stderr.contains("zou worden geschreven (proefrun: niets geschreven)"))
    #expect(result.stderr.contains("debiteuren: overdragen "))
    #expect(!result.stderr.contains("file(s) taken"))
  }

  @Test func aDryRunSaysTheBatchItWouldWriteAndTheAsOfDate() throws {
    let site = try Site()
    let result = try site.run(["--dry-run", "--json"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let batch = try #require(json["batch"] as? String)
    #expect(batch.hasPrefix("TL-20261129-") && !batch.contains(" "))
    #expect(json["dry_run"] as? Bool == true)
    #expect(json["as_of"] as? String == "2026-11-29")
    #expect(result.stderr.contains("would be written (dry run: nothing written)"))
    #expect(site.batches().isEmpty)
  }

  @Test func anUnchangedRunStillSaysItsAsOfDate() throws {
    let site = try Site(demo: false)
    _ = try site.run()
    let again = try site.run(["--json"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
    #expect(json["as_of"] as? String == "2026-11-29")
  }

  @Test func thinlineAloneIsAUsageError() throws {
    let result = try runThinline([])
    #expect(result.status == 64)
    #expect(result.stderr.contains("USAGE") || result.stderr.contains("SUBCOMMANDS"))
  }

  @Test func aLocatedErrorIsNotPrefixedTwice() throws {
    let config = Fixtures.workdir().appendingPathComponent("thinline.yaml")
    try "policy:\n  min_reminder: 2\n".write(to: config, atomically: true, encoding: .utf8)
    let result = try runThinline(["run", "--config", config.path])
    #expect(result.status == 64)
    #expect(!result.stderr.contains("thinline: error: \(config.path)"))
    #expect(result.stderr.hasPrefix(config.path + ":2:"))
  }
}
