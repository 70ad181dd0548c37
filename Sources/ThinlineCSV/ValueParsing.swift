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
enum AmountParsing {
  enum Verdict { case comma, point, ambiguous, none }

  /// Which convention a single value shows, if any.
  static func classify(_ raw: UnsafeBufferPointer<UInt8>) -> Verdict {
    guard let core = strip(raw) else { return .none }
    var commas = 0, points = 0, lastComma = -1, lastPoint = -1
    for (i, b) in core.digits.enumerated() {
      if b == UInt8(ascii: ",") { commas += 1; lastComma = i }
      if b == UInt8(ascii: ".") { points += 1; lastPoint = i }
    }
    if commas > 0 && points > 0 { return lastComma > lastPoint ? .comma : .point }
    if commas > 1 { return .point }
    if points > 1 { return .comma }
    let last = max(lastComma, lastPoint)
    if last < 0 { return .none }
    let after = core.digits.count - last - 1
    if after == 3 { return .ambiguous }
    return commas == 1 ? .comma : .point
  }

  struct Core {
    var negative: Bool
    var digits: [UInt8]
  }

  /// Removes currency marks, signs and spaces; nil for an empty cell.
  static func strip(_ raw: UnsafeBufferPointer<UInt8>) -> Core? {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var negative = false
    var i = 0
    let n = raw.count
    var sawParen = false
    while i < n {
      let b = raw[i]
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ","), UInt8(ascii: "."):
        out.append(b)
        i += 1
      case UInt8(ascii: "-"), UInt8(ascii: "+"):
        if b == UInt8(ascii: "-") {
          if negative { out.append(0xFF); i += 1; continue }  // two minus signs: invalid
          negative = true
        }
        i += 1
      case UInt8(ascii: "("), UInt8(ascii: ")"):
        if b == UInt8(ascii: "(") { negative = true; sawParen = true }
        i += 1
      case 0x20, 0x09, 0x27:  // space, tab, apostrophe (Swiss thousands)
        i += 1
      case 0xC2 where i + 1 < n && raw[i + 1] == 0xA0:  // NBSP
        i += 2
      case 0xE2 where i + 2 < n && raw[i + 1] == 0x80 && raw[i + 2] == 0xAF:  // narrow NBSP
        i += 3
      case 0xE2 where i + 2 < n && raw[i + 1] == 0x82 && raw[i + 2] == 0xAC:  // €
        i += 3
      case 0xC2 where i + 1 < n && raw[i + 1] == 0xA3:  // £
        i += 2
      case UInt8(ascii: "$"):
        i += 1
      case UInt8(ascii: "E") where i + 2 < n && raw[i + 1] == UInt8(ascii: "U") && raw[i + 2] == UInt8(ascii: "R"):
        i += 3
      default:
        out.append(0xFF)  // marks the value as not a number
        i += 1
      }
    }
    _ = sawParen
    if out.isEmpty { return nil }
    return Core(negative: negative, digits: out)
  }

  enum Result {
    case empty
    case value(ExactDecimal)
    case invalid
  }

  /// Parses with a known convention.
  static func parse(_ raw: UnsafeBufferPointer<UInt8>, convention: DecimalConvention) -> Result {
    guard let core = strip(raw) else { return .empty }
    let decimal = convention == .comma ? UInt8(ascii: ",") : UInt8(ascii: ".")
    let thousands = convention == .comma ? UInt8(ascii: ".") : UInt8(ascii: ",")
    var clean: [UInt8] = []
    clean.reserveCapacity(core.digits.count)
    var groupLength = -1  // digits since the last thousands separator; -1 before the first
    var sawDecimal = false
    var sawThousands = false
    var digitsBefore = 0
    for b in core.digits {
      if b == 0xFF { return .invalid }
      if b == thousands {
        if sawDecimal { return .invalid }
        if sawThousands && groupLength != 3 { return .invalid }
        if !sawThousands && (digitsBefore == 0 || digitsBefore > 3) { return .invalid }
        sawThousands = true
        groupLength = 0
        continue
      }
      if b == decimal {
        if sawDecimal { return .invalid }
        if sawThousands && groupLength != 3 { return .invalid }
        sawDecimal = true
        clean.append(UInt8(ascii: "."))
        continue
      }
      clean.append(b)
      if !sawDecimal {
        digitsBefore += 1
        if sawThousands { groupLength += 1 }
      }
    }
    if sawThousands && !sawDecimal && groupLength != 3 { return .invalid }
    guard let value = DecimalParsing.parse(clean, decimalSeparator: UInt8(ascii: ".")) else { return .invalid }
    return .value(core.negative ? -value : value)
  }
}

/// The order of day and month in a file's dates that are not ISO.
enum DayMonthOrder { case dayFirst, monthFirst }

/// Parses `YYYY-MM-DD`, `DD-MM-YYYY`, `D-M-YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`, two-digit years
/// (`dd-mm-yy`, read as 20yy) and `YYYYMMDD`; a time after the date is ignored.
enum DateParsing {
  struct Parts {
    var a: Int, b: Int, c: Int
    var isoOrder: Bool
  }

  static func parts(_ raw: UnsafeBufferPointer<UInt8>) -> Parts? {
    var numbers: [Int] = []
    var lengths: [Int] = []
    var current = 0, length = 0
    var i = 0
    let n = raw.count
    while i < n && isSpaceByte(raw[i]) { i += 1 }
    var separator: UInt8? = nil
    while i < n {
      let b = raw[i]
      if b >= 0x30 && b <= 0x39 {
        current = current * 10 + Int(b - 0x30)
        length += 1
        if length > 8 { return nil }
      } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") {
        guard length > 0, separator == nil || separator == b, numbers.count < 2 else { return nil }
        separator = b
        numbers.append(current); lengths.append(length)
        current = 0; length = 0
      } else if (b == 0x20 || b == UInt8(ascii: "T")) && numbers.count == 2 {
        break  // a time follows
      } else {
        return nil
      }
      i += 1
    }
    guard length > 0 else { return nil }
    numbers.append(current); lengths.append(length)
    if numbers.count == 1 && lengths[0] == 8 {
      let v = numbers[0]
      return Parts(a: v / 10000, b: v / 100 % 100, c: v % 100, isoOrder: true)
    }
    guard numbers.count == 3 else { return nil }
    if lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 {
      return Parts(a: numbers[0], b: numbers[1], c: numbers[2], isoOrder: true)
    }
    guard lengths[0] <= 2, lengths[1] <= 2, lengths[2] == 4 || lengths[2] == 2 else { return nil }
    let year = lengths[2] == 2 ? 2000 + numbers[2] : numbers[2]
    return Parts(a: numbers[0], b: numbers[1], c: year, isoOrder: false)
  }

  static func date(_ p: Parts, order: DayMonthOrder) -> CalendarDate? {
    if p.isoOrder { return CalendarDate(year: p.a, month: p.b, day: p.c) }
    switch order {
    case .dayFirst: return CalendarDate(year: p.c, month: p.b, day: p.a)
    case .monthFirst: return CalendarDate(year: p.c, month: p.a, day: p.b)
    }
  }
}

/// Excel shows long numbers as `1.23457E+15` and, once re-saved, the digits are gone.
func looksExcelMangled(_ text: String) -> Bool {
  let bytes = Array(text.utf8)
  guard let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }), e >= 3,
    e + 2 < bytes.count, bytes[e + 1] == UInt8(ascii: "+")
  else { return false }
  let mantissa = bytes[..<e]
  guard mantissa.count >= 3, mantissa[mantissa.startIndex + 1] == UInt8(ascii: ".") || mantissa[mantissa.startIndex + 1] == UInt8(ascii: ",") else { return false }
  return mantissa.enumerated().allSatisfy { $0.offset == 1 || ($0.element >= 0x30 && $0.element <= 0x39) }
    && bytes[(e + 2)...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}
