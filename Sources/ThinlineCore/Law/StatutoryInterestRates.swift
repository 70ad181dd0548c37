import Foundation

/// Dutch statutory interest rates per period: art. 6:119 BW (non-commercial, consumers) and
/// art. 6:119a BW (commercial). A period is in force from its `from` date until the next starts.
public struct StatutoryInterestRates: Hashable, Sendable {
  public struct Period: Hashable, Sendable {
    public var from: CalendarDate
    /// Yearly rate as a fraction (0.06 is 6 %), art. 6:119.
    public var nonCommercial: Decimal
    /// Yearly rate as a fraction, art. 6:119a.
    public var commercial: Decimal
    /// False where the published rate has not been confirmed against the source.
    public var confirmed: Bool
    public init(from: CalendarDate, nonCommercial: Decimal, commercial: Decimal, confirmed: Bool = true) {
      self.from = from
      self.nonCommercial = nonCommercial
      self.commercial = commercial
      self.confirmed = confirmed
    }
  }

  public var periods: [Period]
  public var source: String
  public var lastChecked: CalendarDate
  /// The last day whose rate is confirmed; nil when every period is.
  public var confirmedThrough: CalendarDate?

  public init(periods: [Period], source: String, lastChecked: CalendarDate, confirmedThrough: CalendarDate?) {
    self.periods = periods.sorted { $0.from < $1.from }
    self.source = source
    self.lastChecked = lastChecked
    self.confirmedThrough = confirmedThrough
  }

  /// The period in force on `date`, or nil before the table starts.
  public func period(on date: CalendarDate) -> Period? {
    periods.last { $0.from <= date }
  }

  /// The first day after `date` on which another period starts.
  public func nextChange(after date: CalendarDate) -> CalendarDate? {
    periods.first { $0.from > date }?.from
  }

  /// Whether the rate on `date` is confirmed.
  public func isConfirmed(on date: CalendarDate) -> Bool {
    if let through = confirmedThrough, date > through { return false }
    return period(on: date)?.confirmed ?? false
  }

  /// The table Thinline ships (`schemas/statutory-interest-rates.json`, kept in step by a test).
  public static let shipped: StatutoryInterestRates = {
    func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    func r(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }
    let rows: [(String, String, String, Bool)] = [
      ("2015-01-01", "0.02", "0.0805", true),
      ("2015-07-01", "0.02", "0.0805", true),
      ("2016-01-01", "0.02", "0.0805", true),
      ("2016-07-01", "0.02", "0.08", true),
      ("2023-01-01", "0.04", "0.105", true),
      ("2023-07-01", "0.06", "0.12", true),
      ("2024-01-01", "0.07", "0.125", true),
      ("2024-07-01", "0.07", "0.1225", true),
      ("2025-01-01", "0.06", "0.1115", true),
      ("2025-07-01", "0.06", "0.1015", false),
      ("2026-01-01", "0.04", "0.1015", false),
      // ECB main refinancing rate 2.40 % from 17 June 2026 + 8 points; secondary sources only.
      ("2026-07-01", "0.04", "0.104", false),
    ]
    return StatutoryInterestRates(
      periods: rows.map { Period(from: d($0.0), nonCommercial: r($0.1), commercial: r($0.2), confirmed: $0.3) },
      source:
        "rijksoverheid.nl 'Hoogte wettelijke rente' and DNB (the authoritative series); Stb. 2023, 484; see the README's \"The law\" section",
      lastChecked: d("2026-11-29"),
      confirmedThrough: d("2025-06-30"))
  }()
}
