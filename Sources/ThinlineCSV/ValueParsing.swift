import Foundation
import ThinlineCore

/// The decimal convention of one amount column in one file.
public enum DecimalConvention: String, Sendable {
  /// `1.234,56` (Dutch, German …)
  case comma
  /// `1,234.56` (English)
  case point
}

/// Parses amounts as billing packages and Excel write them: `1.234,56`, `1,234.56`, `1234,56-`,
/// `(1.234,56)`, `€ 1.234,56`, `-€ 1.234,56`, `EUR 1234,56`, spaces or NBSP as thousands separators.
///
/// One pass over the bytes, no allocation: this runs for every amount cell of a million-row export.
enum AmountParsing {
  enum Verdict { case comma, point, ambiguous, none }

  enum Result {
    case empty
    case value(ExactDecimal)
    case invalid
  }

  /// The bytes that carry no value: spaces, currency marks and the like. Returns how many bytes
  /// at `i` to skip, or 0 when the byte is significant.
  @inline(__always)
  static func noise(_ raw: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    let b = raw[i]
    let n = raw.count
    switch b {
    case 0x20, 0x09, 0x27, UInt8(ascii: "$"): return 1  // space, tab, apostrophe (Swiss thousands), $
    case 0xC2 where i + 1 < n && (raw[i + 1] == 0xA0 || raw[i + 1] == 0xA3): return 2  // NBSP, £
    case 0xE2 where i + 2 < n && raw[i + 1] == 0x80 && raw[i + 2] == 0xAF: return 3  // narrow NBSP
    case 0xE2 where i + 2 < n && raw[i + 1] == 0x82 && raw[i + 2] == 0xAC: return 3  // €
    case UInt8(ascii: "A")...UInt8(ascii: "Z") where i + 2 < n && currencyCode(raw, i) != nil: return 3
    default: return 0
    }
  }

  /// ISO 4217 codes that may stand in an amount cell (`EUR 1.234,56`, `USD 12.00`).
  static let cellCodes: Set<String> = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY", "CAD", "AUD", "NZD"]

  static func currencyCode(_ raw: UnsafeBufferPointer<UInt8>, _ i: Int) -> String? {
    guard i + 2 < raw.count else { return nil }
    let code = String(decoding: UnsafeBufferPointer(rebasing: raw[i..<(i + 3)]), as: UTF8.self)
    return cellCodes.contains(code) ? code : nil
  }

  /// The ISO code a mark stands for when nothing else says: `$` alone is USD.
  static func currencyCode(ofMark mark: String) -> String { mark == "$" ? "USD" : mark }

  /// The currency a sign or code in the cell shows: `€` EUR, `£` GBP, `$` USD (or another
  /// dollar: the caller checks it against the currency column), `USD` … ; nil when there is none.
  static func currencyMark(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    var i = 0
    let n = raw.count
    while i < n {
      let b = raw[i]
      if b == UInt8(ascii: "$") { return "$" }
      if b == 0xC2 && i + 1 < n && raw[i + 1] == 0xA3 { return "GBP" }
      if b == 0xE2 && i + 2 < n && raw[i + 1] == 0x82 && raw[i + 2] == 0xAC { return "EUR" }
      if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"), let code = currencyCode(raw, i) { return code }
      i += 1
    }
    return nil
  }

  /// Which convention a single value shows, if any.
  static func classify(_ raw: UnsafeBufferPointer<UInt8>) -> Verdict {
    var commas = 0, points = 0, lastComma = -1, lastPoint = -1, digitsAfterLast = 0, any = false
    var i = 0
    while i < raw.count {
      let skip = noise(raw, i)
      if skip > 0 { i += skip; continue }
      let b = raw[i]
      if b == UInt8(ascii: ",") {
        commas += 1; lastComma = i; digitsAfterLast = 0
      } else if b == UInt8(ascii: ".") {
        points += 1; lastPoint = i; digitsAfterLast = 0
      } else if b >= 0x30 && b <= 0x39 {
        digitsAfterLast += 1; any = true
      }
      i += 1
    }
    guard any else { return .none }
    if commas > 0 && points > 0 { return lastComma > lastPoint ? .comma : .point }
    if commas > 1 { return .point }
    if points > 1 { return .comma }
    if commas == 0 && points == 0 { return .none }
    if digitsAfterLast == 3 { return .ambiguous }
    return commas == 1 ? .comma : .point
  }

  /// Parses with the column's convention.
  static func parse(_ raw: UnsafeBufferPointer<UInt8>, convention: DecimalConvention) -> Result {
    if let fast = plain(raw, convention: convention) { return fast }
    return general(raw, convention: convention)
  }

  /// The common case, `-?digits` with thousands groups and a decimal part, in a tight loop;
  /// nil hands anything else (currency marks, spaces, trailing signs …) to `general`.
  @inline(__always)
  static func plain(_ raw: UnsafeBufferPointer<UInt8>, convention: DecimalConvention) -> Result? {
    let n = raw.count
    guard n > 0, n <= 24 else { return nil }
    let decimal: UInt8 = convention == .comma ? 0x2C : 0x2E
    var i = 0
    let negative = raw[0] == 0x2D
    if negative { i = 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var scale = -1  // -1 before the decimal separator
    var group = -1  // digits since the last thousands separator; -1 before the first
    var leading = 0  // digits before the first thousands separator
    while i < n {
      let b = raw[i]
      let d = b &- 0x30
      if d < 10 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        digits += 1
        if scale >= 0 { scale += 1 } else if group >= 0 { group += 1 } else { leading += 1 }
      } else if b == decimal {
        guard scale < 0, group < 0 || group == 3 else { return nil }
        scale = 0
      } else if b == (decimal == 0x2C ? 0x2E : 0x2C) {
        guard scale < 0, group < 0 ? (leading >= 1 && leading <= 3) : group == 3 else { return nil }
        group = 0
      } else {
        return nil
      }
      i += 1
    }
    guard digits > 0, digits <= 18, group < 0 || group == 3 || scale >= 0 else { return nil }
    let s = max(scale, 0)
    if mantissa == 0 { return .value(ExactDecimal(Decimal(0), scale: s)) }
    return .value(ExactDecimal(Decimal(sign: negative ? .minus : .plus, exponent: -s, significand: Decimal(mantissa)), scale: s))
  }

  static func general(_ raw: UnsafeBufferPointer<UInt8>, convention: DecimalConvention) -> Result {
    let decimal = convention == .comma ? UInt8(ascii: ",") : UInt8(ascii: ".")
    let thousands = convention == .comma ? UInt8(ascii: ".") : UInt8(ascii: ",")
    var negative = false
    var signs = 0
    var mantissa: UInt64 = 0
    var significant = 0
    var digits = 0
    var scale = 0
    var sawDecimal = false
    var sawThousands = false
    var digitsBefore = 0
    var group = 0  // digits since the last thousands separator
    var openParen = false
    var closedParen = false
    var trailingSign = false
    var i = 0
    let n = raw.count
    while i < n {
      let b = raw[i]
      if b < 0x30 || b > 0x39, b != decimal, b != thousands {
        let skip = noise(raw, i)
        if skip > 0 { i += skip; continue }
      }
      i += 1
      if b >= 0x30 && b <= 0x39 {
        if closedParen || trailingSign { return .invalid }
        digits += 1
        if mantissa != 0 || b != 0x30 { significant += 1 }
        if significant > 18 { return .invalid }
        mantissa = mantissa &* 10 &+ UInt64(b &- 0x30)
        if sawDecimal { scale += 1 } else { digitsBefore += 1; group += 1 }
        continue
      }
      switch b {
      case decimal:
        if sawDecimal || (sawThousands && group != 3) { return .invalid }
        sawDecimal = true
      case thousands:
        if sawDecimal { return .invalid }
        if sawThousands ? group != 3 : (digitsBefore == 0 || digitsBefore > 3) { return .invalid }
        sawThousands = true
        group = 0
      case UInt8(ascii: "-"):
        negative = true
        signs += 1
        if digits > 0 { trailingSign = true }
      case UInt8(ascii: "+"):
        signs += 1
        if digits > 0 { trailingSign = true }
      case UInt8(ascii: "("):
        if openParen || digits > 0 { return .invalid }
        openParen = true
        negative = true
      case UInt8(ascii: ")"):
        if !openParen || closedParen { return .invalid }
        closedParen = true
      default:
        return .invalid
      }
    }
    if digits == 0 { return signs == 0 && !openParen ? .empty : .invalid }
    if signs > 1 || openParen != closedParen || (sawThousands && !sawDecimal && group != 3) { return .invalid }
    var value = Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: -scale, significand: Decimal(mantissa))
    if mantissa == 0 { value = Decimal(0) }
    return .value(ExactDecimal(value, scale: scale))
  }
}

/// Parses `YYYY-MM-DD`, `DD-MM-YYYY`, `D-M-YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`, two-digit years
/// (`dd-mm-yy`, read as 20yy) and `YYYYMMDD`; a time after the date is ignored.
enum DateParsing {
  struct Parts {
    var a: Int, b: Int, c: Int
    var isoOrder: Bool
    /// `-`, `/` or `.` between the parts (0 for `YYYYMMDD`).
    var separator: UInt8 = 0
  }

  static func parts(_ raw: UnsafeBufferPointer<UInt8>) -> Parts? {
    var numbers = (0, 0, 0)
    var lengths = (0, 0, 0)
    var count = 0
    var current = 0, length = 0
    var i = 0
    let n = raw.count
    while i < n && isSpaceByte(raw[i]) { i += 1 }
    var separator: UInt8 = 0
    func store(_ value: Int, _ len: Int) {
      switch count {
      case 0: numbers.0 = value; lengths.0 = len
      case 1: numbers.1 = value; lengths.1 = len
      default: numbers.2 = value; lengths.2 = len
      }
      count += 1
    }
    while i < n {
      let b = raw[i]
      if b >= 0x30 && b <= 0x39 {
        current = current * 10 + Int(b - 0x30)
        length += 1
        if length > 8 { return nil }
      } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") {
        guard length > 0, separator == 0 || separator == b, count < 2 else { return nil }
        separator = b
        store(current, length)
        current = 0
        length = 0
      } else if (b == 0x20 || b == UInt8(ascii: "T")) && count == 2 {
        break  // a time follows
      } else if isSpaceByte(b) {
        // trailing spaces
        var j = i
        while j < n && isSpaceByte(raw[j]) { j += 1 }
        if j != n { return nil }
        break
      } else {
        return nil
      }
      i += 1
    }
    guard length > 0 else { return nil }
    store(current, length)
    if count == 1 && lengths.0 == 8 {
      let v = numbers.0
      return Parts(a: v / 10000, b: v / 100 % 100, c: v % 100, isoOrder: true)
    }
    // `2026/03/04` and `26-03-04` under a mapping's ymd: year first.
    guard count == 3 else { return nil }
    if lengths.0 == 4 && lengths.1 <= 2 && lengths.2 <= 2 {
      return Parts(a: numbers.0, b: numbers.1, c: numbers.2, isoOrder: true, separator: separator)
    }
    guard lengths.0 <= 2, lengths.1 <= 2, lengths.2 == 4 || lengths.2 == 2 else { return nil }
    let year = lengths.2 == 2 ? 2000 + numbers.2 : numbers.2
    return Parts(a: numbers.0, b: numbers.1, c: year, isoOrder: false, separator: separator)
  }

  /// Whether day and month could be swapped: both 12 or less and different.
  static func isAmbiguous(_ p: Parts) -> Bool { !p.isoOrder && p.a <= 12 && p.b <= 12 && p.a != p.b }

  static func date(_ p: Parts, order: DateOrder) -> CalendarDate? {
    if p.isoOrder { return CalendarDate(year: p.a, month: p.b, day: p.c) }
    switch order {
    case .dmy: return CalendarDate(year: p.c, month: p.b, day: p.a)
    case .mdy: return CalendarDate(year: p.c, month: p.a, day: p.b)
    case .ymd: return nil  // a two-digit year first is not written by any package Thinline knows
    }
  }

  /// English and Dutch month names and their abbreviations.
  static let months: [String: Int] = {
    var table: [String: Int] = [:]
    let names = [
      ["jan", "january", "januari", "janv"], ["feb", "february", "februari", "febr"], ["mar", "march", "maart", "mrt"],
      ["apr", "april"], ["may", "mei"], ["jun", "june", "juni"], ["jul", "july", "juli"], ["aug", "august", "augustus"],
      ["sep", "sept", "september"], ["oct", "october", "okt", "oktober"], ["nov", "november"], ["dec", "december"],
    ]
    for (i, group) in names.enumerated() { for name in group { table[name] = i + 1 } }
    return table
  }()

  /// Dates with a month name: `Jan 28 2026`, `Jan 28, 2026`, `28 Jan 2026`, `3 okt. 2026`,
  /// `January 28, 2026`; a time after the year is ignored. Never ambiguous.
  static func named(_ raw: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
    let text = String(decoding: raw, as: UTF8.self).lowercased()
    let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "-" }).map(String.init)
    guard tokens.count >= 3 else { return nil }
    func number(_ s: String, _ maxLength: Int) -> Int? { s.count <= maxLength && s.allSatisfy(\.isASCII) ? Int(s) : nil }
    if let month = months[tokens[0]], let day = number(tokens[1], 2), let year = number(tokens[2], 4), tokens[2].count == 4 {
      return CalendarDate(year: year, month: month, day: day)
    }
    if let day = number(tokens[0], 2), let month = months[tokens[1]], let year = number(tokens[2], 4), tokens[2].count == 4 {
      return CalendarDate(year: year, month: month, day: day)
    }
    return nil
  }
}

/// Excel shows long numbers as `1.23457E+15` and, once re-saved, the digits are gone.
func looksExcelMangled(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard bytes.count >= 6, let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }) else { return false }
  guard e >= 3, e + 2 < bytes.count, bytes[e + 1] == UInt8(ascii: "+"),
    bytes[1] == UInt8(ascii: ".") || bytes[1] == UInt8(ascii: ",")
  else { return false }
  func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
  for k in 0..<e where k != 1 && !digit(bytes[k]) { return false }
  for k in (e + 2)..<bytes.count where !digit(bytes[k]) { return false }
  return true
}

extension ExactDecimal {
  /// `1512.5000` as `1512.50`: zeros beyond the cents dropped (the value is unchanged); a
  /// non-zero digit beyond them is kept, never rounded away.
  var trimmedToCents: ExactDecimal {
    guard scale > 2 else { return self }
    let cents = DecimalFormatting.roundHalfUp(value, scale: 2)
    return cents == value ? ExactDecimal(cents, scale: 2) : self
  }
}
