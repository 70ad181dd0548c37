/// How a reminder was sent.
public enum DeliveryChannel: String, Hashable, Sendable {
  case post, email
}

/// The 14-day letter that a consumer must have had before collection costs are due
/// (art. 6:96 lid 6 BW): 14 days to pay, counted from the day after receipt
/// (HR 25 November 2016, ECLI:NL:HR:2016:2704), sent after the claim fell due.
public enum FourteenDayLetter {
  /// Days between sending and receipt per channel (policy `delivery_days`; default post 2, e-mail 0).
  public struct DeliveryDays: Hashable, Sendable {
    public var post: Int
    public var email: Int
    public init(post: Int = 2, email: Int = 0) {
      self.post = post
      self.email = email
    }
    public func days(for channel: DeliveryChannel) -> Int { channel == .post ? post : email }
  }

  public enum Status: Hashable, Sendable {
    /// No letter after the effective due date: send one; no costs yet.
    case required
    /// Sent; the 14 days end on `lastDay` (included): no handover with costs before the day after.
    case running(receipt: CalendarDate, lastDay: CalendarDate)
    /// The 14 days have passed: costs may be charged.
    case expired(receipt: CalendarDate, lastDay: CalendarDate)
  }

  /// The day the letter counts as received.
  public static func receipt(sent: CalendarDate, channel: DeliveryChannel, delivery: DeliveryDays = DeliveryDays()) -> CalendarDate {
    sent.adding(days: delivery.days(for: channel))
  }

  /// The last of the 14 days: receipt + 14.
  public static func lastDay(sent: CalendarDate, channel: DeliveryChannel, delivery: DeliveryDays = DeliveryDays()) -> CalendarDate {
    receipt(sent: sent, channel: channel, delivery: delivery).adding(days: 14)
  }

  /// The status of the latest valid letter among `letters` (sent after `effectiveDueDate`, on or
  /// before `asOf`); letters sent on or before the due date do not count.
  public static func status(
    letters: [(sent: CalendarDate, channel: DeliveryChannel)], effectiveDueDate: CalendarDate, asOf: CalendarDate,
    delivery: DeliveryDays = DeliveryDays()
  ) -> Status {
    let valid = letters.filter { $0.sent > effectiveDueDate && $0.sent <= asOf }
    // The earliest valid letter decides: its period runs out first.
    guard
      let letter = valid.min(by: {
        lastDay(sent: $0.sent, channel: $0.channel, delivery: delivery) < lastDay(sent: $1.sent, channel: $1.channel, delivery: delivery)
      })
    else {
      return .required
    }
    let receipt = receipt(sent: letter.sent, channel: letter.channel, delivery: delivery)
    let last = receipt.adding(days: 14)
    return last >= asOf ? .running(receipt: receipt, lastDay: last) : .expired(receipt: receipt, lastDay: last)
  }
}

/// Advice on payment terms and limitation that Finance takes back to Sales: warnings, not decisions.
public enum LegalAdvice {
  /// Art. 6:119a lid 5 BW: between businesses a term above 60 days holds only when expressly agreed
  /// and not grossly unfair.
  public static func paymentTermWarning(days: Int, consumer: Bool) -> Message? {
    guard !consumer, days > 60 else { return nil }
    return .termAboveSixtyDays(days: days)
  }

  /// Contractual payment claims lapse after 5 years (art. 3:307 BW), a consumer's purchase price after
  /// 2 years (art. 7:28 BW, text unconfirmed). Warns from `warnWithinDays` before the limit on.
  /// The day a claim may be time-barred: 5 years (art. 3:307 BW), 2 for a consumer purchase
  /// (art. 7:28 BW), from the day after it became due.
  public static func limitationDate(effectiveDueDate: CalendarDate, consumer: Bool) -> CalendarDate {
    addYears(effectiveDueDate.adding(days: 1), consumer ? 2 : 5)
  }

  public static func limitationWarning(
    effectiveDueDate: CalendarDate, asOf: CalendarDate, consumer: Bool, warnWithinDays: Int = 180
  ) -> Message? {
    let years = consumer ? 2 : 5
    // The period starts the day after the claim became due (art. 3:307 lid 1 BW).
    let limit = addYears(effectiveDueDate.adding(days: 1), years)
    if asOf >= limit { return .limitation(date: limit, consumer: consumer, passed: true) }
    if asOf.days(until: limit) <= warnWithinDays { return .limitation(date: limit, consumer: consumer, passed: false) }
    return nil
  }

  static func addYears(_ date: CalendarDate, _ years: Int) -> CalendarDate {
    date.adding(years: years)
  }
}
