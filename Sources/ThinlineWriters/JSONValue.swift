/// A JSON value whose objects keep their key order, so that output is byte-for-byte stable and
/// reads in the order the interface documents.
///
/// Amounts are never JSON numbers: they go out as strings (`"1210.00"`), because a float
/// cannot hold a cent exactly.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case let (.bool(x), .bool(y)): return x == y
    case let (.int(x), .int(y)): return x == y
    case let (.string(x), .string(y)): return x == y
    case let (.array(x), .array(y)): return x == y
    case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// `.string(text)` or `.null`.
  public static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

  /// Renders with two-space indentation and a final newline (pretty) or compactly.
  public func rendered(pretty: Bool = true) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(into: &out, indent: pretty ? 0 : -1)
    if pretty { out.append(0x0A) }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the value's UTF-8 to `out`, indented `indent` levels (-1 for compact output).
  public func write(into out: inout [UInt8], indent: Int) {
    let pretty = indent >= 0
    func newline(_ level: Int) {
      out.append(0x0A)
      for _ in 0..<(level * 2) { out.append(0x20) }
    }
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .int(let i): out.append(contentsOf: String(i).utf8)
    case .string(let s): JSONValue.escape(s, into: &out)
    case .array(let items):
      if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
      out.append(UInt8(ascii: "["))
      for (n, item) in items.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        if pretty { newline(indent + 1) }
        item.write(into: &out, indent: pretty ? indent + 1 : -1)
      }
      if pretty { newline(indent) }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
      out.append(UInt8(ascii: "{"))
      for (n, (key, value)) in members.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        if pretty { newline(indent + 1) }
        JSONValue.escape(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(0x20) }
        value.write(into: &out, indent: pretty ? indent + 1 : -1)
      }
      if pretty { newline(indent) }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// JSON string escaping on UTF-8 bytes: runs of plain bytes are copied at once.
  static func escape(_ s: String, into out: inout [UInt8]) {
    out.append(0x22)
    var s = s
    s.withUTF8 { bytes in
      var runStart = 0
      var i = 0
      let n = bytes.count
      func flush() {
        if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
      }
      while i < n {
        let b = bytes[i]
        var replacement: String? = nil
        var width = 1
        switch b {
        case 0x22: replacement = "\\\""
        case 0x5C: replacement = "\\\\"
        case 0x0A: replacement = "\\n"
        case 0x0D: replacement = "\\r"
        case 0x09: replacement = "\\t"
        case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
          replacement = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
          width = 3
        default:
          if b < 0x20 {
            let hex = String(b, radix: 16)
            replacement = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          }
        }
        if let replacement {
          flush()
          out.append(contentsOf: replacement.utf8)
          i += width
          runStart = i
        } else {
          i += 1
        }
      }
      flush()
    }
    out.append(0x22)
  }
}
