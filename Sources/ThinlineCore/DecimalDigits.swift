import Foundation

/// A `Decimal` as sign, exponent and a 64-bit integer significand, read without going through
/// `Decimal.description` (about 2 µs a value, which a million invoices pay five times over).
///
/// Foundation keeps `Decimal`'s fields internal; its layout is the C `NSDecimal` one (exponent
/// byte, a byte of length and flags, eight 16-bit mantissa words). It is read only when a probe
/// of known values confirms that layout at first use and, per value, when the exponent and sign
/// read agree with the public `exponent` and `sign`; anything else (a longer significand, a NaN, a
/// value not in compact form, another layout) takes the slow, public path. Tests compare both paths.
public struct DecimalDigits: Equatable, Sendable {
  public var negative: Bool
  public var exponent: Int
  /// The significand: the value is `±significand × 10^exponent`.
  public var significand: UInt64

  /// Whether this machine's `Decimal` has the layout read here (checked once).
  public static let layoutConfirmed: Bool = probe()

  /// The parts of `value`, or nil when they cannot be read with confidence.
  @inline(__always)
  public init?(_ value: Decimal) {
    guard Self.layoutConfirmed, let parts = Self.read(value) else { return nil }
    self = parts
  }

  init(negative: Bool, exponent: Int, significand: UInt64) {
    self.negative = negative
    self.exponent = exponent
    self.significand = significand
  }

  static func read(_ value: Decimal) -> DecimalDigits? {
    let parts: DecimalDigits? = withUnsafeBytes(of: value) { raw -> DecimalDigits? in
      guard raw.count == 20 else { return nil }
      let flags = raw[1]
      let length = Int(flags >> 4)
      let negative = flags & 0x08 != 0
      if length == 0 { return negative ? nil : DecimalDigits(negative: false, exponent: 0, significand: 0) }  // NaN is length 0, negative
      guard length <= 4, flags & 0x04 != 0 else { return nil }  // up to 64 bits, compact form
      var significand: UInt64 = 0
      for word in 0..<4 {
        significand |= UInt64(raw[4 + 2 * word]) << (16 * word) | UInt64(raw[5 + 2 * word]) << (16 * word + 8)
      }
      for byte in 12..<20 where raw[byte] != 0 { return nil }
      return DecimalDigits(negative: negative, exponent: Int(Int8(bitPattern: raw[0])), significand: significand)
    }
    guard let parts else { return nil }
    if parts.significand == 0 { return value.isZero ? parts : nil }
    guard parts.exponent == value.exponent, parts.negative == (value.sign == .minus) else { return nil }
    return parts
  }

  /// Known values whose parts must come back as built; one mismatch and the slow path is used.
  static func probe() -> Bool {
    let cases: [(Bool, Int, UInt64)] = [
      (false, -2, 12_345), (true, -2, 999_999), (false, 0, 1), (true, -7, 123_456_789_012_345), (false, 3, 42),
      (false, -2, 0xFFFF_FFFF_FFFF), (true, -1, 65_535), (false, 0, 65_536), (false, -18, 999_999_999_999_999_999),
    ]
    for (negative, exponent, significand) in cases {
      let value = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
      // Compact form drops trailing zeros; the probe values have none.
      guard let parts = read(value), parts == DecimalDigits(negative: negative, exponent: exponent, significand: significand),
        value.description == slowText(negative: negative, exponent: exponent, significand: significand)
      else { return false }
    }
    return read(Decimal(0)) == DecimalDigits(negative: false, exponent: 0, significand: 0) && read(Decimal.nan) == nil
  }

  /// What `Decimal.description` writes for these parts, built independently for the probe.
  static func slowText(negative: Bool, exponent: Int, significand: UInt64) -> String {
    var digits = String(significand)
    if exponent >= 0 {
      digits += String(repeating: "0", count: exponent)
    } else {
      let fraction = -exponent
      if digits.count <= fraction { digits = String(repeating: "0", count: fraction - digits.count + 1) + digits }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fraction))
    }
    return (negative ? "-" : "") + digits
  }

  /// The value rounded half away from zero to `scale` fraction digits, as an integer count of
  /// `10^-scale` units (cents for scale 2); nil when it does not fit in 64 bits.
  public func units(scale: Int) -> (negative: Bool, magnitude: UInt64)? {
    let shift = exponent + scale
    var magnitude = significand
    if shift >= 0 {
      for _ in 0..<shift {
        let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
        if overflow { return nil }
        magnitude = product
      }
    } else {
      let drop = -shift
      if drop > 19 {
        magnitude = 0
      } else {
        var divisor: UInt64 = 1
        for _ in 0..<drop { divisor *= 10 }
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: divisor)
        magnitude = quotient
        if remainder >= divisor - remainder { magnitude += 1 }  // half away from zero
      }
    }
    return (negative && magnitude != 0, magnitude)
  }

  /// Appends `[-]integer.fraction` for `magnitude` units of `10^-scale` (exactly `scale` digits).
  public static func appendFixed(negative: Bool, magnitude: UInt64, scale: Int, to out: inout [UInt8]) {
    if negative { out.append(UInt8(ascii: "-")) }
    var digits: [UInt8] = []
    digits.reserveCapacity(24)
    var rest = magnitude
    repeat {
      digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
      rest /= 10
    } while rest > 0
    while digits.count <= scale { digits.append(UInt8(ascii: "0")) }
    for i in stride(from: digits.count - 1, through: scale, by: -1) { out.append(digits[i]) }
    if scale > 0 {
      out.append(UInt8(ascii: "."))
      for i in stride(from: scale - 1, through: 0, by: -1) { out.append(digits[i]) }
    }
  }

  /// Plain text with at least `scale` fraction digits (more when the value has more): what
  /// `DecimalFormatting.plain` writes, without rounding; nil when it does not fit in 64 bits.
  public func plain(scale: Int) -> String? {
    var out: [UInt8] = []
    out.reserveCapacity(24)
    guard appendPlain(scale: scale, to: &out) else { return nil }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends what `plain(scale:)` gives; false (and nothing appended) when it does not fit.
  public func appendPlain(scale: Int, to out: inout [UInt8]) -> Bool {
    let fraction = max(0, -exponent)
    let digits = max(fraction, scale)
    var units = significand
    for _ in 0..<(max(0, exponent) + digits - fraction) {
      let (product, overflow) = units.multipliedReportingOverflow(by: 10)
      if overflow { return false }
      units = product
    }
    Self.appendFixed(negative: negative && significand != 0, magnitude: units, scale: digits, to: &out)
    return true
  }
}
