import Foundation
import Testing

@testable import ThinlineCore

/// The fast text of decimals (`DecimalDigits`) against the public path it replaces
/// (`Decimal.description`, `NSDecimalRound`): the same bytes for every value, or no fast path.
@Suite struct DecimalDigitsTests {
  @Test func layoutIsConfirmedOnThisMachine() {
    // Not a correctness condition (the slow path would be used), but the speed depends on it.
    #expect(DecimalDigits.layoutConfirmed)
  }

  /// Values as the engine makes them: parsed amounts, sums, products, quotients and roundings,
  /// negative and zero, small and beyond 64 bits.
  static func samples(count: Int) -> [Decimal] {
    var random = SystemRandomNumberGenerator()
    var values: [Decimal] = [0, -0, 1, -1, Decimal.nan, Decimal(string: "0.005")!, Decimal(string: "-0.005")!, Decimal(string: "-0.004")!]
    values.append(Decimal(string: "123456789012345678901234567.891")!)
    values.append(Decimal(sign: .plus, exponent: 20, significand: Decimal(UInt64.max)))
    values.append(Decimal(sign: .minus, exponent: -30, significand: 7))
    for _ in 0..<count {
      let scale = Int.random(in: 0...6, using: &random)
      let mantissa = UInt64.random(in: 0...(Bool.random(using: &random) ? 1_000_000 : UInt64.max), using: &random)
      var value = Decimal(sign: Bool.random(using: &random) ? .minus : .plus, exponent: -scale, significand: Decimal(mantissa))
      switch Int.random(in: 0..<5, using: &random) {
      case 0: value = value + Decimal(string: "0.10")!
      case 1: value = value * Decimal(string: "1.21")!
      case 2: value = value / 365
      case 3: value = DecimalFormatting.roundHalfUp(value, scale: 2)
      default: break
      }
      values.append(value)
    }
    return values
  }

  @Test func plainTextIsWhatDescriptionGives() {
    for value in Self.samples(count: 20_000) {
      for scale in [0, 1, 2, 4] {
        #expect(DecimalFormatting.plain(value, scale: scale) == DecimalFormatting.describedPlain(value, scale: scale), "\(value)")
      }
    }
  }

  /// The ledger's record layout writes a decimal's digits as `Decimal.description` does.
  @Test func appendedPlainDigitsAreTheDescription() {
    for value in Self.samples(count: 20_000) {
      guard let parts = DecimalDigits(value) else { continue }
      var out: [UInt8] = []
      // Beyond 64 bits nothing is appended, and the codec writes the description itself.
      guard parts.appendPlain(scale: 0, to: &out) else {
        #expect(out.isEmpty)
        continue
      }
      #expect(String(decoding: out, as: UTF8.self) == value.description, "\(value)")
    }
  }

  @Test func moneyTextIsRoundedHalfUpAsBefore() {
    for value in Self.samples(count: 20_000) {
      let slow = DecimalFormatting.describedPlain(DecimalFormatting.roundHalfUp(value, scale: 2), scale: 2)
      #expect(value.moneyText == slow, "\(value)")
    }
  }

  @Test func partsAreReadOnlyWhenTheyAreSure() {
    #expect(DecimalDigits(Decimal.nan) == nil)
    #expect(DecimalDigits(Decimal(string: "123456789012345678901234567")!) == nil)  // beyond 64 bits
    let parts = DecimalDigits(Decimal(string: "-1234.50")!)
    #expect(parts == DecimalDigits(negative: true, exponent: -1, significand: 12_345))
    #expect(parts?.units(scale: 2).map { [$0.negative ? 1 : 0, Int($0.magnitude)] } == [1, 123_450])
    #expect(DecimalDigits(Decimal(string: "2.345")!)?.units(scale: 2)?.magnitude == 235)
  }
}
