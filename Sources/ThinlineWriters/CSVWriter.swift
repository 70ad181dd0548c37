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

  /// Renders a header and rows.
  public func render(header: [String], rows: [[Cell]]) -> String {
    var out = byteOrderMark ? "\u{FEFF}" : ""
    out += header.map { quoteIfNeeded($0) }.joined(separator: String(delimiter)) + lineEnding
    for row in rows {
      out += row.map(render).joined(separator: String(delimiter)) + lineEnding
    }
    return out
  }

  func render(_ cell: Cell) -> String {
    switch cell {
    case .number(let text): return text ?? ""
    case .text(let text):
      guard let text else { return "" }
      return quoteIfNeeded(CSVWriter.neutralised(text))
    case .identifier(let text):
      guard let text else { return "" }
      return "\"" + CSVWriter.neutralised(text).replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
  }

  /// Text that a spreadsheet would not run as a formula.
  public static func neutralised(_ text: String) -> String {
    guard let first = text.unicodeScalars.first else { return text }
    switch first {
    case "=", "+", "-", "@", "\t", "\r": return "'" + text
    default: return text
    }
  }

  func quoteIfNeeded(_ text: String) -> String {
    let needs =
      text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r")
      || text.hasPrefix(" ") || text.hasSuffix(" ")
    guard needs else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
