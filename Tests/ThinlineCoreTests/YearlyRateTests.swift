import Foundation
import Testing
import ThinlineCore

/// One reading of a yearly rate for the agreements, the rate table and `claim --contractual`.
@Suite struct YearlyRateTests {
  @Test(arguments: [("0.08", "0.08"), ("8%", "0.08"), (" 8 % ", "0.08"), ("12.5%", "0.125"), ("0", "0"), ("0.999", "0.999")])
  func fractionsAndPercentagesAreTheSameRate(text: String, rate: String) {
    #expect(YearlyRate.parse(text) == .success(Decimal(string: rate)!))
  }

  @Test func whatIsNoRateIsSaidApartFromARateOfAHundredPercentOrMore() {
    #expect(YearlyRate.parse("eight") == .failure(.notARate))
    #expect(YearlyRate.parse("-0.02") == .failure(.notARate))
    #expect(YearlyRate.parse("%") == .failure(.notARate))
    #expect(YearlyRate.parse("8") == .failure(.notBelowOne))  // 8 % written without its sign
    #expect(YearlyRate.parse("100%") == .failure(.notBelowOne))
  }
}
