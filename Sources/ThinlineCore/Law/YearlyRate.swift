import Foundation

/// A yearly interest rate as people write it: a fraction (`0.08`) or a percentage (`8%`, `8 %`).
/// One reading for the agreements' `interest`, a rate table and `claim --rate`.
public enum YearlyRate {
  public enum Problem: Error, Equatable {
    /// Not a non-negative number, with or without `%`.
    case notARate
    /// 100 % a year or more: almost surely a percentage written without `%` (`8` for 8 %).
    case notBelowOne
  }

  public static func parse(_ text: String) -> Result<Decimal, Problem> {
    var t = text.trimmingCharacters(in: .whitespaces)
    let percent = t.hasSuffix("%")
    if percent { t = String(t.dropLast()).trimmingCharacters(in: .whitespaces) }
    guard let value = ExactDecimal(xsDecimal: t)?.value, value >= 0 else { return .failure(.notARate) }
    let rate = percent ? value / 100 : value
    return rate < 1 ? .success(rate) : .failure(.notBelowOne)
  }
}
