import Foundation

/// Which interest applies to a claim.
public enum InterestKind: String, Hashable, Sendable {
  /// Art. 6:119a BW, between businesses.
  case commercial
  /// Art. 6:119 BW, consumers.
  case nonCommercial = "non-commercial"
  /// A rate agreed in the contract, in place of the statutory one.
  case contractual
}

/// Interest over one stretch of days with one rate and one base.
public struct InterestSegment: Hashable, Sendable {
  /// First and last day of the stretch (both included).
  public var from: CalendarDate
  public var to: CalendarDate
  public var days: Int
  /// Yearly rate as a fraction.
  public var rate: Decimal
  /// The amount interest is computed on: the principal plus interest capitalised at earlier anniversaries.
  public var base: Decimal
  /// base × rate × days / 365, not rounded.
  public var interest: Decimal
  /// Which compounding year (1-based) the stretch belongs to.
  public var year: Int
  /// False when the rate of the stretch is not confirmed.
  public var rateConfirmed: Bool
}

/// The working of an interest claim.
public struct InterestCalculation: Hashable, Sendable {
  public var kind: InterestKind
  public var principal: Decimal
  /// The first day interest accrues: the day after the effective due date.
  public var firstDay: CalendarDate
  /// The last day interest accrues: the as-of date.
  public var lastDay: CalendarDate
  public var segments: [InterestSegment]
  /// Sum of the segments, not rounded.
  public var exact: Decimal
  /// Rounded once, half up to the cent.
  public var amount: Decimal { DecimalFormatting.roundHalfUp(exact, scale: 2) }
  /// For example: a rate used that the table does not mark as confirmed.
  /// What a person should check (a rate not confirmed, a day without a rate).
  public var notices: [Message]
  public var warnings: [String] { notices.map(\.english) }
}

/// Statutory (or contractual) interest by Thinline's convention (domain.md):
/// every day from the day after the effective due date up to and including the as-of date
/// accrues base × rate / 365 at the rate in force that day; on each anniversary of the first
/// interest day the interest of the year just ended is added to the base (art. 6:119 lid 2,
/// 6:119a lid 3); the total is rounded half up to the cent once, per invoice, at the end.
public enum Interest {
  /// - Parameters:
  ///   - contractualRate: yearly fraction; required when `kind` is `.contractual`.
  ///   - reductions: payments that lowered the principal, each from its date on (a payment made
  ///     before handover reduces principal: domain.md on art. 6:44 BW).
  public static func compute(
    principal: Decimal, effectiveDueDate due: CalendarDate, asOf: CalendarDate, kind: InterestKind,
    contractualRate: Decimal? = nil, rates: StatutoryInterestRates = .shipped,
    reductions: [(date: CalendarDate, amount: Decimal)] = []
  ) -> InterestCalculation {
    let firstDay = due.adding(days: 1)
    var calculation = InterestCalculation(
      kind: kind, principal: principal, firstDay: firstDay, lastDay: asOf, segments: [], exact: 0, notices: [])
    guard asOf >= firstDay, principal > 0 else { return calculation }

    var principalLeft = principal
    var capitalised = Decimal(0)
    var pending = reductions.sorted { $0.date < $1.date }
    var base = principal
    var yearStart = firstDay
    var year = 1
    var unconfirmedFrom: CalendarDate? = nil
    while yearStart <= asOf {
      let anniversary = oneYearAfter(yearStart)
      let yearEnd = min(anniversary.adding(days: -1), asOf)
      var yearInterest = Decimal(0)
      var day = yearStart
      while day <= yearEnd {
        // Payments up to today lower the principal from their date on.
        while let first = pending.first, first.date <= day {
          principalLeft = max(0, principalLeft - first.amount)
          pending.removeFirst()
        }
        base = principalLeft + capitalised
        if base <= 0 { day = yearEnd.adding(days: 1); continue }
        // A stretch ends where the rate changes, a payment arrives or the year ends.
        var stretchEnd = yearEnd
        if let next = pending.first, next.date <= stretchEnd { stretchEnd = next.date.adding(days: -1) }
        let rate: Decimal
        var confirmed = true
        switch kind {
        case .contractual:
          rate = contractualRate ?? 0
        case .commercial, .nonCommercial:
          guard let period = rates.period(on: day) else {
            calculation.notices.append(.noRate(day: day, firstPeriod: rates.periods.first?.from))
            let next = rates.periods.first?.from ?? yearEnd.adding(days: 1)
            day = min(next, yearEnd.adding(days: 1))
            continue
          }
          rate = kind == .commercial ? period.commercial : period.nonCommercial
          if let change = rates.nextChange(after: day), change <= stretchEnd { stretchEnd = change.adding(days: -1) }
          if let through = rates.confirmedThrough, day <= through, stretchEnd > through { stretchEnd = through }
          confirmed = rates.isConfirmed(on: day)
          // Name where the table's unconfirmed part starts, so that every claim says the same.
          if !confirmed && unconfirmedFrom == nil {
            unconfirmedFrom = rates.confirmedThrough.map { $0.adding(days: 1) } ?? period.from
          }
        }
        let days = day.days(until: stretchEnd) + 1
        let interest = base * rate * Decimal(days) / 365
        calculation.segments.append(
          InterestSegment(
            from: day, to: stretchEnd, days: days, rate: rate, base: base, interest: interest, year: year,
            rateConfirmed: confirmed))
        yearInterest += interest
        day = stretchEnd.adding(days: 1)
      }
      calculation.exact += yearInterest
      capitalised += yearInterest  // added to the base on the anniversary
      yearStart = anniversary
      year += 1
    }
    if let from = unconfirmedFrom {
      calculation.notices.append(.rateUnconfirmed(from: from, lastChecked: rates.lastChecked))
    }
    return calculation
  }

  /// The same day a year later; 29 February goes to 1 March.
  public static func oneYearAfter(_ date: CalendarDate) -> CalendarDate {
    date.adding(years: 1)
  }
}
