/// Check digits of the references a payment carries: ISO 11649 creditor references (`RF…`),
/// Dutch betalingskenmerken (16 digits, the first a check digit) and IBANs (ISO 13616).
public enum PaymentReferences {
  /// Upper case without spaces, dots and hyphens: how references are compared.
  public static func normalise(_ text: some StringProtocol) -> String {
    String(text.uppercased().filter { !$0.isWhitespace && $0 != "." && $0 != "-" })
  }

  /// `RF` + two check digits + 1–21 letters or digits, mod 97 = 1 (ISO 11649).
  public static func isValidCreditorReference(_ text: String) -> Bool {
    let s = Array(normalise(text).utf8)
    guard s.count >= 5, s.count <= 25, s[0] == UInt8(ascii: "R"), s[1] == UInt8(ascii: "F") else { return false }
    guard s[2...3].allSatisfy(isDigit), s[4...].allSatisfy({ isDigit($0) || isUpper($0) }) else { return false }
    return mod97(s[4...] + s[0..<4]) == 1
  }

  /// 16 digits whose first digit checks the other 15: weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1, …
  /// (powers of two mod 11) from the right, check = 11 − sum mod 11, 10 → 1, 11 → 0.
  public static func isValidBetalingskenmerk(_ text: String) -> Bool {
    let s = Array(normalise(text).utf8)
    guard s.count == 16, s.allSatisfy(isDigit) else { return false }
    var sum = 0
    var weight = 2
    for digit in s[1...].reversed() {
      sum += Int(digit - 48) * weight
      weight = weight * 2 % 11
    }
    var check = 11 - sum % 11
    if check == 10 { check = 1 } else if check == 11 { check = 0 }
    return Int(s[0] - 48) == check
  }

  /// An IBAN: two letters, two check digits, 11–30 letters or digits, mod 97 = 1.
  public static func isValidIBAN(_ text: String) -> Bool {
    let s = Array(text.uppercased().filter { $0 != " " }.utf8)
    guard s.count >= 15, s.count <= 34, isUpper(s[0]), isUpper(s[1]), isDigit(s[2]), isDigit(s[3]) else { return false }
    guard s[4...].allSatisfy({ isDigit($0) || isUpper($0) }) else { return false }
    return mod97(s[4...] + s[0..<4]) == 1
  }

  /// Shaped like an IBAN (two letters, two digits, 11–30 letters or digits), check digits
  /// not verified: what a statement's IBAN field holds is reported as written, even when a test
  /// file's IBAN would fail its check.
  public static func ibanShaped(_ text: some StringProtocol) -> String? {
    let compact = text.uppercased().filter { $0 != " " }
    let s = Array(compact.utf8)
    guard s.count >= 15, s.count <= 34, isUpper(s[0]), isUpper(s[1]), isDigit(s[2]), isDigit(s[3]),
      s[4...].allSatisfy({ isDigit($0) || isUpper($0) })
    else { return nil }
    return compact
  }

  /// The IBAN in compact form (`NL91ABNA0417164300`) when `text` is one, else nil.
  public static func iban(_ text: some StringProtocol) -> String? {
    let compact = text.uppercased().filter { $0 != " " }
    return isValidIBAN(compact) ? compact : nil
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }

  static func mod97(_ bytes: some Sequence<UInt8>) -> Int {
    var r = 0
    for b in bytes {
      if isDigit(b) {
        r = (r * 10 + Int(b - 48)) % 97
      } else {
        r = (r * 100 + Int(b - 55)) % 97
      }
    }
    return r
  }
}

extension CalendarDate {
  /// The calendar date in Amsterdam of an ISO 8601 date-time (`2026-11-30T23:30:00-01:00`): a
  /// bank's `DtTm`. Without an offset the written date counts. Central European Time with EU
  /// summer time (last Sunday of March to last Sunday of October, 01:00 UTC).
  public init?(amsterdamDateOf text: some StringProtocol) {
    let s = Array(text.utf8)
    guard s.count >= 10, let date = CalendarDate(iso: String(decoding: s[0..<10], as: UTF8.self)) else { return nil }
    guard s.count >= 19, s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " ") else {
      self = date
      return
    }
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= s.count, s[range].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
      return s[range].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    guard let hour = number(11..<13), let minute = number(14..<16) else { return nil }
    var i = 19
    if i < s.count, s[i] == UInt8(ascii: ".") {
      i += 1
      while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
    }
    let offsetMinutes: Int
    if i >= s.count {
      self = date  // local time of the bank: the written date
      return
    } else if s[i] == UInt8(ascii: "Z") {
      offsetMinutes = 0
    } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"), let h = number((i + 1)..<(i + 3)) {
      let m = s.count >= i + 6 ? (number((i + 4)..<(i + 6)) ?? number((i + 3)..<(i + 5)) ?? 0) : 0
      offsetMinutes = (s[i] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + m)
    } else {
      return nil
    }
    let utcMinutes = date.dayNumber * 1440 + hour * 60 + minute - offsetMinutes
    let utcDay = CalendarDate(dayNumber: Self.floorDivide(utcMinutes, 1440))
    func lastSunday(month: Int, year: Int) -> Int {
      let last = CalendarDate(year: year, month: month, day: 31)!.dayNumber
      let weekday = ((last % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday (4); 0 = Sunday
      return last - weekday
    }
    let summerStart = lastSunday(month: 3, year: utcDay.year) * 1440 + 60
    let summerEnd = lastSunday(month: 10, year: utcDay.year) * 1440 + 60
    let local = utcMinutes + (utcMinutes >= summerStart && utcMinutes < summerEnd ? 120 : 60)
    self = CalendarDate(dayNumber: Self.floorDivide(local, 1440))
  }

  static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
