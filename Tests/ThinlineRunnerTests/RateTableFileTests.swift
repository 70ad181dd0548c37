import Foundation
import Testing
import ThinlineCore
import ThinlineRunner
import ThinlineTestSupport

/// The rate-table file on its own (the claim command over one is an end-to-end test).
@Suite struct RateTableFileTests {
  /// The rates compiled into Thinline are the ones in schemas/statutory-interest-rates.json.
  @Test func shippedTableMatchesTheSchemasFile() throws {
    let path = Fixtures.packageRoot.appendingPathComponent("schemas/statutory-interest-rates.json").path
    let file = try RateTableFile.load(path)
    #expect(file == StatutoryInterestRates.shipped)
  }

  @Test func badRateFilesSayWhatIsWrong() throws {
    let work = Fixtures.workdir()
    let bad = work.appendingPathComponent("rates.json")
    try #"{"source": "x", "last_checked": "2026-01-01", "periods": [{"from": "2026-01-01", "non_commercial": "4%", "commercial": "0.1"}]}"#
      .write(to: bad, atomically: true, encoding: .utf8)
    do {
      _ = try RateTableFile.load(bad.path)
      Issue.record("expected an error")
    } catch {
      #expect(error.location.path == "periods[0].non_commercial")
      #expect(error.expected?.contains("0.1015") == true)
    }
  }
}
