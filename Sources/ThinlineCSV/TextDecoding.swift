/// Turns a CSV file's bytes into UTF-8, whatever Excel or the billing package saved.
///
/// Order: a byte-order mark (UTF-8 or UTF-16) decides; else strict UTF-8; else Windows-1252
/// (not ISO-8859-1: `€` is 0x80 only in Windows-1252).
public enum TextDecoding {
  public enum Encoding: String, Sendable { case utf8 = "UTF-8", utf8BOM = "UTF-8 with BOM", utf16 = "UTF-16", windows1252 = "Windows-1252" }

  public static func decode(_ bytes: [UInt8]) -> (utf8: [UInt8], encoding: Encoding) {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      return (Array(bytes[3...]), .utf8BOM)
    }
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      let little = bytes[0] == 0xFF
      var units: [UInt16] = []
      units.reserveCapacity(bytes.count / 2)
      var i = 2
      while i + 1 < bytes.count {
        units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
        i += 2
      }
      return (Array(String(decoding: units, as: UTF16.self).utf8), .utf16)
    }
    if isValidUTF8(bytes) { return (bytes, .utf8) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 8)
    for byte in bytes {
      if byte < 0x80 {
        out.append(byte)
      } else {
        let scalar = Unicode.Scalar(windows1252High[Int(byte - 0x80)]) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
      }
    }
    return (out, .windows1252)
  }

  /// Strict UTF-8 validation (no overlongs, no surrogates), with an ASCII fast path.
  public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
      let n = buffer.count
      var i = 0
      let raw = UnsafeRawBufferPointer(buffer)
      while i < n {
        // ASCII fast path: eight bytes at a time.
        while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        if i >= n { break }
        let b = buffer[i]
        if b < 0x80 { i += 1; continue }
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        if b & 0xE0 == 0xC0 {
          length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
        } else if b & 0xF0 == 0xE0 {
          length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
        } else if b & 0xF8 == 0xF0 {
          length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
        } else {
          return false
        }
        guard i + length <= n else { return false }
        for k in 1..<length {
          let c = buffer[i + k]
          guard c & 0xC0 == 0x80 else { return false }
          scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return false }
        i += length
      }
      return true
    }
  }

  /// Windows-1252 0x80–0x9F and the Latin-1 range above; undefined bytes map to U+FFFD.
  static let windows1252High: [UInt32] = {
    var table: [UInt32] = [
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
      0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
    for b in 0xA0...0xFF { table.append(UInt32(b)) }
    return table
  }()
}
