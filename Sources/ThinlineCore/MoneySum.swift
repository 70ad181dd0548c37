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

/// Exact totals per currency, in the order the currencies first came: a short list searched in
/// order (a run has one currency or a few), not a dictionary that hashes a key per amount.
public struct MoneySumsByCurrency: Sendable {
  public private(set) var sums: [(currency: String, sum: MoneySum)] = []

  public init() {}

  public mutating func add(_ amount: Decimal, in currency: String) {
    if let c = sums.firstIndex(where: { $0.currency == currency }) {
      sums[c].sum.add(amount)
    } else {
      var sum = MoneySum()
      sum.add(amount)
      sums.append((currency, sum))
    }
  }
}
