import Foundation

/// An exact decimal number that remembers how many fraction digits it was written with.
///
/// Money is never `Double`: amounts, quantities and prices from invoices are kept as
/// `Decimal` values, and the written scale is kept so that `12.500` prints as `12.500`.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The numeric value.
  public var value: Decimal
  /// The number of fraction digits the value was written with (0 for `12`, 3 for `12.500`).
  public var scale: Int {
    get { Int(storedScale) }
    set { storedScale = Int16(clamping: max(0, newValue)) }
  }
  private var storedScale: Int16

  public init(_ value: Decimal, scale: Int) {
    self.value = value
    self.storedScale = Int16(clamping: max(0, scale))
  }

  public init(_ integer: Int) {
    self.init(Decimal(integer), scale: 0)
  }

  public static let zero = ExactDecimal(Decimal(0), scale: 0)

  public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.value < rhs.value }
  public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.value == rhs.value }
  public func hash(into hasher: inout Hasher) { hasher.combine(value) }

  public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
    ExactDecimal(lhs.value + rhs.value, scale: max(lhs.scale, rhs.scale))
  }
  public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
    ExactDecimal(lhs.value - rhs.value, scale: max(lhs.scale, rhs.scale))
  }
  public static prefix func - (operand: ExactDecimal) -> ExactDecimal {
    ExactDecimal(-operand.value, scale: operand.scale)
  }

  /// The value as text with at least `minimumScale` fraction digits and never fewer than written.
  public func formatted(minimumScale: Int = 0) -> String {
    DecimalFormatting.plain(value, scale: max(scale, minimumScale))
  }

  /// Money text: at least two fraction digits (`1210.00`), more only when the source had more.
  public var amountText: String { formatted(minimumScale: 2) }

  public var description: String { formatted() }

  /// Parses the `xs:decimal` lexical form: optional sign, digits, optional fraction; no exponent,
  /// no thousands separators, surrounding XML whitespace allowed.
  public init?(xsDecimal text: some StringProtocol) {
    var bytes = Array(text.utf8)
    while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes.removeLast() }
    var start = 0
    while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
    guard let parsed = DecimalParsing.parse(Array(bytes[start...]), decimalSeparator: UInt8(ascii: ".")) else { return nil }
    self = parsed
  }
}

/// Byte-level decimal parsing shared by the UBL and CSV readers.
public enum DecimalParsing {
  /// Parses `[+-]digits[.digits]` (with the given separator) from bytes, exactly.
  /// Returns nil for anything else, including an empty string or a lone sign.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, decimalSeparator: UInt8) -> ExactDecimal? {
    let n = bytes.count
    var i = 0
    guard n > 0 else { return nil }
    var negative = false
    if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
      negative = bytes[0] == UInt8(ascii: "-")
      i = 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var significant = 0
    var scale = 0
    var seenSeparator = false
    while i < n {
      let byte = bytes[i]
      if byte >= 0x30 && byte <= 0x39 {
        digits += 1
        if seenSeparator { scale += 1 }
        if mantissa != 0 || byte != 0x30 { significant += 1 }
        mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
      } else if byte == decimalSeparator && !seenSeparator {
        seenSeparator = true
      } else {
        return nil
      }
      i += 1
    }
    guard digits > 0 else { return nil }
    if significant > 18 { return parseLong(bytes, negative: negative, scale: scale, decimalSeparator: decimalSeparator) }
    var value = Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: -scale, significand: Decimal(mantissa))
    if mantissa == 0 { value = Decimal(0) }
    return ExactDecimal(value, scale: scale)
  }

  /// More than 18 significant digits: rare; Foundation's parser on the cleaned digits.
  static func parseLong(_ bytes: UnsafeBufferPointer<UInt8>, negative: Bool, scale: Int, decimalSeparator: UInt8) -> ExactDecimal? {
    var text = negative ? "-" : ""
    for b in bytes where b >= 0x30 && b <= 0x39 { text.unicodeScalars.append(Unicode.Scalar(b)) }
    guard let integer = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
    return ExactDecimal(scale > 0 ? integer / DecimalFormatting.powerOfTen(scale) : integer, scale: scale)
  }

  /// Convenience for byte arrays.
  public static func parse(_ bytes: [UInt8], decimalSeparator: UInt8) -> ExactDecimal? {
    bytes.withUnsafeBufferPointer { parse($0, decimalSeparator: decimalSeparator) }
  }
}

/// Rounding and plain-text formatting of `Decimal` values.
public enum DecimalFormatting {
  static func powerOfTen(_ n: Int) -> Decimal { Decimal(sign: .plus, exponent: n, significand: 1) }

  /// Rounds half away from zero ("half up" in bookkeeping) to `scale` fraction digits.
  public static func roundHalfUp(_ value: Decimal, scale: Int) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, .plain)
    return result
  }

  /// XPath 2.0 `round(x * 100) div 100`: half rounds towards positive infinity (round(-2.5) = -2),
  /// which is what the EN 16931 Schematron uses.
  public static func xpathRound(_ value: Decimal, scale: Int) -> Decimal {
    var input = value + Decimal(sign: .plus, exponent: -scale - 1, significand: 5)
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, .down)
    return result
  }

  /// Plain notation (no exponent) with exactly `scale` fraction digits when the value allows it
  /// without rounding, and more if the value has more.
  public static func plain(_ value: Decimal, scale: Int) -> String {
    if let digits = DecimalDigits(value), let text = digits.plain(scale: scale) { return text }
    return describedPlain(value, scale: scale)
  }

  /// `plain` through `Decimal.description`: the path for values `DecimalDigits` does not read.
  static func describedPlain(_ value: Decimal, scale: Int) -> String {
    var text = value.description
    if text == "-0" { text = "0" }
    if text.hasPrefix("-0") && Decimal(string: text) == 0 { text = String(text.dropFirst()) }
    guard scale > 0 else { return text }
    if let dot = text.firstIndex(of: ".") {
      let have = text.distance(from: text.index(after: dot), to: text.endIndex)
      if have < scale { text += String(repeating: "0", count: scale - have) }
    } else {
      text += "." + String(repeating: "0", count: scale)
    }
    return text
  }
}

extension Decimal {
  /// Two-decimal money text, rounded half up (`1210.00`).
  public var moneyText: String {
    if let digits = DecimalDigits(self), let cents = digits.units(scale: 2) {
      var out: [UInt8] = []
      out.reserveCapacity(24)
      DecimalDigits.appendFixed(negative: cents.negative, magnitude: cents.magnitude, scale: 2, to: &out)
      return String(decoding: out, as: UTF8.self)
    }
    return DecimalFormatting.describedPlain(DecimalFormatting.roundHalfUp(self, scale: 2), scale: 2)
  }
}
