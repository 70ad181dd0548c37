import Foundation
import Testing
import ThinlineCore
import ThinlineRunner
import ThinlineTestSupport

@Suite struct RateTableTests {
  @Test func claimWithAUserRateTable() throws {
    let work = Fixtures.workdir()
    let rates = work.appendingPathComponent("rates.json")
    try
      #"{"source": "test", "last_checked": "2026-11-01", "periods": [{"from": "2020-01-01", "non_commercial": "0.05", "commercial": "0.10"}]}"#
      .write(to: rates, atomically: true, encoding: .utf8)
    let result = try runThinline([
      "claim", "--principal", "3650.00", "--due", "2026-01-01", "--as-of", "2026-01-11", "--rates", rates.path, "--format", "json",
    ])
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect(json["interest"] as? String == "10.00")  // 10 days at 10 % on 3650.00
    #expect((json["warnings"] as! [String]).isEmpty)
  }
}
