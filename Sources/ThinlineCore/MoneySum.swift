import Foundation

/// An exact running total of amounts: whole cents in an integer while they fit, a `Decimal` for
/// the rest (more than two decimals, or beyond 64 bits). Adding a million amounts as `Decimal`
/// allocated and normalised on each addition; in cents it is an integer add.
public struct MoneySum: Sendable {
  private var cents: Int64 = 0
  private var rest: Decimal = 0

  public init() {}

  public mutating func add(_ amount: Decimal) {
    if let digits = DecimalDigits(amount), digits.exponent >= -2, let units = digits.units(scale: 2),
      units.magnitude <= UInt64(Int64.max)
    {
      let signed = units.negative ? -Int64(units.magnitude) : Int64(units.magnitude)
      let (sum, overflow) = cents.addingReportingOverflow(signed)
      if !overflow {
        cents = sum
        return
      }
    }
    rest += amount
  }

  /// The total, exactly.
  public var total: Decimal {
    let whole = Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: Decimal(cents.magnitude))
    return rest.isZero ? whole : rest + whole
  }
}
