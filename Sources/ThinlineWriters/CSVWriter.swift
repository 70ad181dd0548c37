/// Writes CSV that spreadsheets open safely.
///
/// Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, TAB
/// or CR) get a leading apostrophe (OWASP CSV injection); numbers are written unquoted as numbers,
/// so a negative amount stays a number.
public struct CSVWriter: Sendable {
  public enum Cell: Sendable, Equatable {
    case text(String?)
    case number(String?)
    /// Text that must stay text (a customer or KvK number with leading zeros): always quoted.
    case identifier(String?)
  }

  public var delimiter: Character
  /// Start the file with a UTF-8 byte-order mark so that Excel reads it as UTF-8.
  public var byteOrderMark: Bool
  public var lineEnding: String

  public init(delimiter: Character = ",", byteOrderMark: Bool = false, lineEnding: String = "\n") {
    self.delimiter = delimiter
    self.byteOrderMark = byteOrderMark
    self.lineEnding = lineEnding
  }

  /// Renders a header and rows, byte by byte: a dossier's claims CSV has tens of thousands of
  /// rows, and String searches and `replacingOccurrences` per cell were most of its time.
  public func render(header: [String], rows: [[Cell]]) -> String {
    let separator = Array(String(delimiter).utf8)
    let ending = Array(lineEnding.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64 * (rows.count + 1) * max(1, header.count) / 4)
    if byteOrderMark { out += [0xEF, 0xBB, 0xBF] }
    for (n, name) in header.enumerated() {
      if n > 0 { out += separator }
      appendQuotedIfNeeded(Array(name.utf8), separator, to: &out)
    }
    out += ending
    for row in rows {
      for (n, cell) in row.enumerated() {
        if n > 0 { out += separator }
        append(cell, separator, to: &out)
      }
      out += ending
    }
    return String(decoding: out, as: UTF8.self)
  }

  private func append(_ cell: Cell, _ separator: [UInt8], to out: inout [UInt8]) {
    switch cell {
    case .number(let text):
      if let text { out += text.utf8 }
    case .text(let text):
      guard let text else { return }
      appendQuotedIfNeeded(CSVWriter.neutralisedBytes(text), separator, to: &out)
    case .identifier(let text):
      guard let text else { return }
      CSVWriter.appendQuoted(CSVWriter.neutralisedBytes(text), to: &out)
    }
  }

  /// Text that a spreadsheet would not run as a formula, as UTF-8: a quote mark before a first
  /// character a spreadsheet reads as the start of a formula (all of them ASCII, so the first
  /// byte tells).
  static func neutralisedBytes(_ text: String) -> [UInt8] {
    var bytes = Array(text.utf8)
    switch bytes.first {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: bytes.insert(UInt8(ascii: "'"), at: 0)
    default: break
    }
    return bytes
  }

  /// Quoted when it holds the delimiter, a quote mark or a line break (a CR LF too: as one
  /// Character it passed the String test for either), or starts or ends with a space.
  private func appendQuotedIfNeeded(_ text: [UInt8], _ separator: [UInt8], to out: inout [UInt8]) {
    var needs = text.first == 0x20 || text.last == 0x20
    if !needs {
      for (i, b) in text.enumerated() {
        if b == 0x22 || b == 0x0A || b == 0x0D { needs = true }
        if b == separator.first, text.count - i >= separator.count, text[i..<(i + separator.count)].elementsEqual(separator) {
          needs = true
        }
        if needs { break }
      }
    }
    if needs { CSVWriter.appendQuoted(text, to: &out) } else { out += text }
  }

  /// Between quote marks, each quote mark doubled.
  private static func appendQuoted(_ text: [UInt8], to out: inout [UInt8]) {
    out.append(0x22)
    for b in text {
      out.append(b)
      if b == 0x22 { out.append(0x22) }
    }
    out.append(0x22)
  }
}
