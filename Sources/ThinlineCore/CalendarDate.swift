/// A calendar date without time or time zone.
///
/// Due-date arithmetic is done on calendar days only, so that a run on another machine or in
/// another time zone decides exactly the same.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// year << 9 | month << 5 | day: four bytes, ordered as the date (a run may hold millions).
  private let packed: Int32

  public var year: Int { Int(packed >> 9) }
  public var month: Int { Int((packed >> 5) & 0xF) }
  public var day: Int { Int(packed & 0x1F) }

  private init(unchecked year: Int, _ month: Int, _ day: Int) {
    packed = Int32(year) << 9 | Int32(month) << 5 | Int32(day)
  }

  /// Creates a date, or nil when the day does not exist (2026-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= CalendarDate.daysIn(month: month, year: year)
    else { return nil }
    self.init(unchecked: year, month, day)
  }

  /// Parses `YYYY-MM-DD`; a time-zone suffix (`2017-11-13+01:00`, `Z`) as plain UBL allows is
  /// ignored, because a due date is a calendar day wherever it is read.
  public init?(iso text: some StringProtocol) {
    let bytes = Array(text.utf8)
    guard let date = bytes.withUnsafeBufferPointer({ CalendarDate(isoBytes: $0) }) else { return nil }
    self = date
  }

  /// `YYYY-MM-DD` from bytes, with the same optional zone suffix.
  public init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let y = CalendarDate.number(bytes, 0, 4), let m = CalendarDate.number(bytes, 5, 7),
      let d = CalendarDate.number(bytes, 8, 10)
    else { return nil }
    if bytes.count > 10 {
      let zone = String(decoding: UnsafeBufferPointer(rebasing: bytes[10...]), as: UTF8.self)
      guard zone == "Z" || (zone.count == 6 && (zone.hasPrefix("+") || zone.hasPrefix("-"))) else { return nil }
    }
    self.init(year: y, month: m, day: d)
  }

  static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
    var n = 0
    for i in from..<to {
      let b = bytes[i]
      guard b >= 0x30 && b <= 0x39 else { return nil }
      n = n * 10 + Int(b - 0x30)
    }
    return n
  }

  public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
  public var dayNumber: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The date `dayNumber` days after 1970-01-01.
  public init(dayNumber z0: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.init(unchecked: y, m, d)
  }

  /// The first and last dates the type holds; arithmetic saturates at them instead of overflowing.
  public static let earliest = CalendarDate(unchecked: 1, 1, 1)
  public static let latest = CalendarDate(unchecked: 9999, 12, 31)

  /// `days` later (or earlier), saturating at 0001-01-01 and 9999-12-31: a placeholder due date
  /// of 9999-12-31 plus a term, or a term of Int.max days, stays a date and never traps.
  public func adding(days: Int) -> CalendarDate {
    let (sum, overflow) = dayNumber.addingReportingOverflow(days)
    if overflow { return days > 0 ? .latest : .earliest }
    if sum >= CalendarDate.latest.dayNumber { return .latest }
    if sum <= CalendarDate.earliest.dayNumber { return .earliest }
    return CalendarDate(dayNumber: sum)
  }

  /// The same day `years` later (or earlier); 29 February goes to 1 March in a year without it.
  /// Saturates at 0001-01-01 and 9999-12-31.
  public func adding(years: Int) -> CalendarDate {
    let (target, overflow) = year.addingReportingOverflow(years)
    if overflow || target > 9999 { return years > 0 ? .latest : .earliest }
    if target < 1 { return .earliest }
    return CalendarDate(year: target, month: month, day: day) ?? CalendarDate(unchecked: target, 3, 1)
  }

  /// Whether the date lies in the years Thinline accepts from inputs (1900–2199): outside them a
  /// date is a placeholder (`9999-12-31`) or a typo, and is refused with its location.
  public var isPlausible: Bool { (1900...2199).contains(year) }

  /// Whole days from `self` to `other` (positive when `other` is later).
  public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.packed < rhs.packed }

  /// `YYYY-MM-DD`, built in place (ten bytes: a small string, no allocation); decisions.json
  /// writes several a line for a million lines.
  public var description: String {
    guard (0...9999).contains(year) else {
      let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
      return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }
    return String(unsafeUninitializedCapacity: 10) { buffer in
      writeISO(into: buffer.baseAddress!)
      return 10
    }
  }

  /// Appends `YYYY-MM-DD` as UTF-8 (the same bytes as `description`).
  public func appendISO(to out: inout [UInt8]) {
    guard (0...9999).contains(year) else { return out.append(contentsOf: description.utf8) }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
      writeISO(into: buffer.baseAddress!)
      out.append(contentsOf: buffer)
    }
  }

  /// Ten bytes at `p`, for a year of at most four digits.
  private func writeISO(into p: UnsafeMutablePointer<UInt8>) {
    let zero = UInt8(ascii: "0")
    let (y, m, d) = (year, month, day)
    p[0] = zero + UInt8(y / 1000)
    p[1] = zero + UInt8(y / 100 % 10)
    p[2] = zero + UInt8(y / 10 % 10)
    p[3] = zero + UInt8(y % 10)
    p[4] = UInt8(ascii: "-")
    p[5] = zero + UInt8(m / 10)
    p[6] = zero + UInt8(m % 10)
    p[7] = UInt8(ascii: "-")
    p[8] = zero + UInt8(d / 10)
    p[9] = zero + UInt8(d % 10)
  }
}
