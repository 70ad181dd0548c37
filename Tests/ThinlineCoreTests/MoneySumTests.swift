import Foundation
import Testing
import ThinlineCore
import ThinlineTestSupport

/// `MoneySum` gives exactly the `Decimal` sum, whatever the amounts: cents, more decimals,
/// negatives, and totals beyond 64 bits of cents.
@Suite struct MoneySumTests {
  @Test func theTotalIsTheDecimalSum() {
    var random = SeededRandom(seed: 1406)
    for round in 0..<200 {
      var sum = MoneySum()
      var expected = Decimal(0)
      for _ in 0..<(round % 50) {
        let scale = Int(random.next() % 5)  // 0...4 decimals
        var amount = Decimal(Int64(bitPattern: random.next() % 2_000_000_000) - 1_000_000_000)
        amount = Decimal(sign: amount < 0 ? .minus : .plus, exponent: -scale, significand: amount.magnitude)
        if random.next() % 40 == 0 { amount *= Decimal(string: "1e15")! }  // far beyond 64 bits of cents
        sum.add(amount)
        expected += amount
      }
      #expect(sum.total == expected, "round \(round)")
    }
  }

  @Test func centsThatOverflowMoveToTheExactPart() {
    var sum = MoneySum()
    let large = Decimal(Int64.max / 100)  // about Int64.max cents
    sum.add(large)
    sum.add(large)
    sum.add(Decimal(string: "-0.01")!)
    #expect(sum.total == large + large - Decimal(string: "0.01")!)
    #expect(MoneySum().total == 0)
  }
}
