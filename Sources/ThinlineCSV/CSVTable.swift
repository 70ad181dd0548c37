import ThinlineCore

/// A plain CSV table (header and rows), for small files Thinline reads as a whole, such as the
/// approvals: the same decoding and dialect detection as the billing exports.
public struct CSVTable: Sendable {
  public struct Row: Sendable {
    /// 1-based physical line where the row starts.
    public var line: Int
    public var cells: [String]
  }
  public var header: [String]
  public var rows: [Row]

  /// The cell under a header name (compared normalised), or nil when empty or absent.
  public func value(_ row: Row, _ names: [String]) -> String? {
    let normalised = header.map(CSVProfile.normalise)
    for name in names {
      if let i = normalised.firstIndex(of: CSVProfile.normalise(name)), i < row.cells.count, !row.cells[i].isEmpty {
        return row.cells[i]
      }
    }
    return nil
  }

  /// - Throws: `InputError` for an empty file or an unclosed quote.
  public static func read(_ bytes: [UInt8], source: String) throws(InputError) -> CSVTable {
    let (utf8, _) = TextDecoding.decode(bytes)
    let delimiter = CSVReader.sniffDelimiter(utf8)
    var table = CSVTable(header: [], rows: [])
    var failure: InputError? = nil
    utf8.withUnsafeBufferPointer { buffer in
      var tokenizer = CSVTokenizer(buffer: buffer, delimiter: delimiter)
      while tokenizer.next() {
        if let line = tokenizer.unterminatedQuoteLine {
          failure = InputError(SourceLocation(file: source, line: line), "a quoted field is never closed", expected: "a closing \"")
          return
        }
        if tokenizer.isBlankRecord() { continue }
        let cells = (0..<tokenizer.fields.count).map { tokenizer.string($0) }
        if table.header.isEmpty { table.header = cells } else { table.rows.append(Row(line: tokenizer.recordLine, cells: cells)) }
      }
    }
    if let failure { throw failure }
    guard !table.header.isEmpty else { throw InputError(SourceLocation(file: source), "the file is empty", expected: "a header row") }
    return table
  }
}
