import Dispatch
import Foundation
import ThinlineCore

/// What was read from one CSV file.
public struct CSVReadResult: Sendable {
  public var kind: CSVKind
  public var profile: String
  public var dialect: CSVDialect
  /// Invoices and credit notes (kinds invoices, invoice lines, open items), in file order.
  public var documents: [Document] = []
  public var documentCount = 0
  public var payments: [PaymentRecord] = []
  public var reminders: [ReminderRecord] = []
  /// Data rows read (summary rows, blank rows and repeated headers not counted).
  public var rows = 0
  public var warnings: [Finding] = []
  /// Cells that could not be read. A file with errors must not be used for decisions.
  public var errors: [InputError] = []
  /// How the file was read, for a controller to check (`validate --explain`).
  public var explanation = CSVExplanation()
}

/// How the file is written, as detected.
public struct CSVDialect: Sendable, CustomStringConvertible {
  public var delimiter: Character
  public var encoding: TextDecoding.Encoding
  public var headerLine: Int
  /// Convention per amount column header.
  public var decimalConventions: [String: DecimalConvention] = [:]
  public var description: String {
    let d = delimiter == "\t" ? "TAB" : String(delimiter)
    return "delimiter \(d), \(encoding.rawValue), header on line \(headerLine)"
  }
}

/// Reads billing-package CSV exports into documents, payments and reminders.
///
/// Everything is detected from the content: encoding, delimiter, header row (after any report
/// preamble), the package profile, the file's kind, each amount column's decimal convention and
/// the day/month order of its dates. Summary rows (`Totaal`) and repeated headers are skipped;
/// rows of one invoice are grouped without summing its repeated totals.
public enum CSVReader {
  /// Stop collecting after this many cell errors; the file is rejected anyway.
  static let errorLimit = 50

  /// - Parameters:
  ///   - keepDocuments: false to only count and check (validate), which keeps memory flat.
  /// - Throws: `InputError` when the file cannot be read as CSV at all (no header, unknown kind).
  public static func read(
    _ bytes: [UInt8], source: String, keepDocuments: Bool = true, parallelAbove threshold: Int = parallelThreshold,
    mappings: [CSVProfile] = []
  ) throws(InputError) -> CSVReadResult {
    let (utf8, encoding) = TextDecoding.decode(bytes)
    guard !utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
      throw InputError(SourceLocation(file: source), "the file is empty", expected: "a header row and data rows")
    }
    if utf8.prefix(65536).contains(0) {
      throw InputError(SourceLocation(file: source), "the file contains NUL bytes: it is binary, not CSV text")
    }
    let delimiter = sniffDelimiter(utf8)
    var outcome: Result<CSVReadResult, InputError> = .failure(InputError(SourceLocation(file: source), "unreadable"))
    utf8.withUnsafeBufferPointer { buffer in
      var parser = RowParser(buffer: buffer, delimiter: delimiter, source: source, encoding: encoding, keepDocuments: keepDocuments)
      parser.parallelThreshold = threshold
      parser.mappings = mappings
      outcome = Result { () throws(InputError) in try parser.run() }
    }
    return try outcome.get()
  }

  /// Files above this size are read as two halves on two cores (bytes).
  public static let parallelThreshold = 8 * 1024 * 1024

  /// A record boundary near the middle of `start..<end`: after a line feed that is not inside a
  /// quoted field. Returns the offset and its 1-based physical line, or nil when there is none.
  static func splitPoint(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, line: Int, end: Int) -> (offset: Int, line: Int)? {
    let middle = start + (end - start) / 2
    var inQuotes = false
    var lines = line
    var i = start
    while i < end {
      let b = buffer[i]
      if b == 0x22 {
        inQuotes.toggle()
      } else if b == 0x0A {
        lines += 1
        if i >= middle && !inQuotes { return (i + 1, lines) }
      }
      i += 1
    }
    return nil
  }

  /// The delimiter among `; , TAB |` that splits the first lines most consistently into ≥ 2 columns.
  static func sniffDelimiter(_ utf8: [UInt8]) -> UInt8 {
    let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]
    var counts = [[Int]](repeating: [], count: candidates.count)
    var current = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var lines = 0
    var nonEmpty = false
    for b in utf8.prefix(64 * 1024) {
      if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
      if inQuotes { continue }
      if b == 0x0A {
        if nonEmpty {
          for k in 0..<candidates.count { counts[k].append(current[k]) }
          lines += 1
        }
        current = [Int](repeating: 0, count: candidates.count)
        nonEmpty = false
        if lines >= 50 { break }
        continue
      }
      if b != 0x0D && b != 0x20 { nonEmpty = true }
      if let k = candidates.firstIndex(of: b) { current[k] += 1 }
    }
    if nonEmpty { for k in 0..<candidates.count { counts[k].append(current[k]) } }
    var best = 1  // comma by default
    var bestScore = -1
    for k in 0..<candidates.count {
      // The most frequent non-zero count, and how many lines have it.
      var frequency: [Int: Int] = [:]
      for c in counts[k] where c > 0 { frequency[c, default: 0] += 1 }
      guard let (mode, lines) = frequency.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }) else { continue }
      let score = lines * 1000 + min(mode, 999)
      if score > bestScore { bestScore = score; best = k }
    }
    return candidates[best]
  }
}

/// The two halves' parsers while they run on two threads.
final class HalfSlots: @unchecked Sendable {
  /// Each parser is moved out and back, never copied: a copy shares the records' arrays, and the
  /// next append copies all of them (half a million documents, at the merge).
  private var parsers: [RowParser?]
  private var errors: [InputError?] = [nil, nil]
  private let lock = NSLock()

  init(first: RowParser, second: RowParser) { parsers = [first, second] }

  func run(_ i: Int) {
    lock.lock()
    var parser = parsers[i].take()!
    lock.unlock()
    var failure: InputError? = nil
    do { try parser.readRecords() } catch { failure = error }
    if i == 1 { parser.flush() }  // the second half ends at the end of the file
    lock.lock()
    parsers[i] = consume parser
    errors[i] = failure
    lock.unlock()
  }

  /// Half `i`'s parser, taken out of the slot.
  func take(_ i: Int) -> RowParser { parsers[i].take()! }
  func error(_ i: Int) -> InputError? { errors[i] }
}

/// The state of reading one file.
struct RowParser {
  var tokenizer: CSVTokenizer
  let source: String
  let keepDocuments: Bool
  var result: CSVReadResult
  var map = ColumnMap(headers: [])
  var normalisedHeader: [String] = []
  var conventions = [DecimalConvention](repeating: .point, count: CSVField.allCases.count)
  /// Whether a column's decimal convention rests on evidence (or a mapping), so that an
  /// ambiguous `1.234` may be read with it.
  var conventionDecided = [Bool](repeating: false, count: CSVField.allCases.count)
  /// The file's one day/month order, and whether anything decided it.
  var dateOrder: DateOrder = .dmy
  var dateOrderDecided = false
  /// Set when the order rests on the dash convention only: an ambiguous `03/04/2026` is refused.
  var slashDatesNeedEvidence = false
  /// The configuration's column mappings, tried before the package profiles.
  var mappings: [CSVProfile] = []
  var profile = CSVProfile.generic
  /// The currency a sign or code in an amount cell showed first, and where.
  var cellCurrency: (code: String, line: Int)? = nil
  /// The sign or code the current row's amounts showed, until the row's currency is decided.
  var rowCurrencyMark: String? = nil
  /// Reading stopped at a section line (Invoice Ninja v4's `PAYMENTS` after `INVOICES`).
  var stopped = false
  /// The profile's fallback number column, when the header has it.
  var numberFallbackColumn: Int? = nil
  /// The invoice whose rows are being read; its document only when documents are kept.
  var current: Group? = nil
  var seenNumbers: InvoiceNumberIndex
  /// The header's first cell as bytes, to recognise a repeated header cheaply.
  var headerFirstCell: [UInt8] = []

  /// For the second half of a split file: its first group is held back (it may continue the
  /// first half's last invoice) instead of being counted.
  var holdFirstGroup = false
  var parallelThreshold = CSVReader.parallelThreshold
  var heldFirst: (group: Group, document: Document?)? = nil

  /// The document being built for the current group (only when documents are kept); kept out of
  /// `Group` so that the per-row bookkeeping stays small.
  var currentDocument: Document? = nil

  /// The buyers read so far, by the cells that make them: a customer's rows share one party
  /// (copy-on-write), so a million-row export of 50,000 customers holds 50,000 parties, not a
  /// million. Bounded: past `buyerCacheLimit` distinct buyers it starts again.
  var buyers: [BuyerCells: Party] = [:]
  static let buyerCacheLimit = 100_000
  /// In front of `buyers`: a row whose five buyer cells are byte for byte those of an earlier row
  /// gets its party without a String made of each cell (five per row, a million rows). By a hash
  /// of the cells, with the cells themselves to confirm it (`buyerCellBytes`).
  var buyersByBytes: [Int: (cells: [UInt8], party: Party)] = [:]

  struct BuyerCells: Hashable {
    var name: String?
    var customer: String?
    var vat: String?
    var kvk: String?
    var email: String?
  }

  struct Group {
    var number: String
    var firstLine: Int
    var totalGiven: ExactDecimal?
    var paidGiven: ExactDecimal? = nil
    var statusPaid = false
    var lineNet: Decimal = 0
    var lineCount = 0
    var lineVAT: [Decimal: Decimal] = [:]
  }

  init(buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, source: String, encoding: TextDecoding.Encoding, keepDocuments: Bool) {
    tokenizer = CSVTokenizer(buffer: buffer, delimiter: delimiter)
    seenNumbers = InvoiceNumberIndex(buffer: buffer, expectedCount: buffer.count / 100)
    self.source = source
    self.keepDocuments = keepDocuments
    result = CSVReadResult(
      kind: .invoices, profile: "generic",
      dialect: CSVDialect(delimiter: Character(Unicode.Scalar(delimiter)), encoding: encoding, headerLine: 0))
  }

  func location(_ column: Int? = nil, line: Int? = nil) -> SourceLocation {
    SourceLocation(file: source, line: line ?? tokenizer.recordLine, column: column.map { $0 + 1 } ?? 0)
  }

  func columnName(_ index: Int) -> String {
    index < map.headers.count ? "column \(index + 1) (\(map.headers[index]))" : "column \(index + 1)"
  }

  mutating func error(_ column: Int, _ message: String, expected: String? = nil) {
    if result.errors.count < CSVReader.errorLimit {
      result.errors.append(InputError(location(column), "\(columnName(column)): \(message)", expected: expected))
    }
  }

  mutating func warn(_ column: Int?, _ message: String) {
    if result.warnings.count < 200 {
      result.warnings.append(Finding(.warning, rule: "TL-CSV", message, at: location(column)))
    }
  }

  mutating func run() throws(InputError) -> CSVReadResult {
    try findHeader()
    let start = (tokenizer.position, tokenizer.line)
    try prescan()
    let buffer = tokenizer.buffer
    let delimiter = tokenizer.delimiter
    tokenizer = CSVTokenizer(buffer: buffer, delimiter: delimiter, start: start.0, line: start.1)
    if buffer.count - start.0 >= parallelThreshold, !profile.sections, ProcessInfo.processInfo.activeProcessorCount > 1,
      let split = CSVReader.splitPoint(buffer, start: start.0, line: start.1, end: buffer.count)
    {
      return try runInHalves(split: split)
    }
    try readRecords()
    flush()
    return finished()
  }

  /// The two halves of a large file are read at once; the invoice that straddles the split, and
  /// numbers that occur in both halves, are reconciled so that the result equals a serial read.
  mutating func runInHalves(split: (offset: Int, line: Int)) throws(InputError) -> CSVReadResult {
    let buffer = tokenizer.buffer
    var first = self
    first.tokenizer = CSVTokenizer(
      buffer: buffer, delimiter: tokenizer.delimiter, start: tokenizer.position, line: tokenizer.line, end: split.offset)
    var second = self
    second.tokenizer = CSVTokenizer(buffer: buffer, delimiter: tokenizer.delimiter, start: split.offset, line: split.line)
    second.seenNumbers = InvoiceNumberIndex(buffer: buffer, expectedCount: (buffer.count - split.offset) / 100)
    second.holdFirstGroup = true
    let halves = HalfSlots(first: first, second: second)
    bothAtOnce({ halves.run(0) }, { halves.run(1) })
    if let error = halves.error(0) ?? halves.error(1) { throw error }
    first = halves.take(0)
    second = halves.take(1)

    // The group open at the end of the first half, and the first group of the second.
    if let held = second.heldFirst {
      if let open = first.current, open.number == held.group.number {
        var merged = open
        if let givenA = open.totalGiven, let givenB = held.group.totalGiven, givenA != givenB {
          first.result.errors.append(
            InputError(
              SourceLocation(file: source, line: held.group.firstLine, column: (map[.total] ?? 0) + 1),
              "invoice \(open.number) has total \(givenB.amountText) here but \(givenA.amountText) on line \(open.firstLine)",
              expected: "the same invoice total on each of its rows"))
        }
        merged.lineNet += held.group.lineNet
        merged.lineCount += held.group.lineCount
        for (rate, base) in held.group.lineVAT { merged.lineVAT[rate, default: 0] += base }
        first.current = merged
        if let lines = held.document?.lines { first.currentDocument?.lines.append(contentsOf: lines) }
        first.flush()
      } else {
        first.flush()
        first.current = held.group
        first.currentDocument = held.document
        first.flush()
      }
    } else {
      first.flush()
    }
    // Numbers seen in both halves (other than the invoice that straddles the split).
    var duplicates: [InputError] = []
    func range(_ r: (start: Int, length: Int)) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: buffer[r.start..<(r.start + r.length)])
    }
    // Both halves ascending and the second starting after the first: nothing can repeat.
    var disjoint = false
    if let a = first.seenNumbers.ascendingBounds, let b = second.seenNumbers.ascendingBounds {
      disjoint = range(a.last).lexicographicallyPrecedes(range(b.first))
    }
    var found: [(line: Int, firstLine: Int, start: Int, length: Int)] = []
    for entry in disjoint ? [] : second.seenNumbers.entries() {
      if let firstLine = first.seenNumbers.contains(start: entry.start, length: entry.length) {
        if entry.line == second.heldFirst?.group.firstLine { continue }  // the invoice that straddles the split
        found.append((entry.line, firstLine, entry.start, entry.length))
      }
    }
    let numberColumn = map[.invoiceNumber] ?? 0
    let what = first.result.kind == .invoiceLines ? "rows of one invoice must be together" : "each invoice must appear once"
    for d in found.sorted(by: { $0.line < $1.line }).prefix(CSVReader.errorLimit) {
      let number = String(decoding: range((d.start, d.length)), as: UTF8.self)
      duplicates.append(
        InputError(
          SourceLocation(file: source, line: d.line, column: numberColumn + 1),
          "\(first.columnName(numberColumn)): invoice \(number) appears again (first on line \(d.firstLine)); \(what)"))
    }
    // Merged in place: a copy of the first half's result would share its arrays, and appending
    // would then copy every document of that half.
    first.result.rows += second.result.rows
    first.result.documentCount += second.result.documentCount
    first.result.documents += second.result.documents
    first.result.payments += second.result.payments
    first.result.reminders += second.result.reminders
    first.result.warnings = Array((first.result.warnings + second.result.warnings).prefix(200))
    let errors = (first.result.errors + second.result.errors + duplicates).sorted {
      ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
    }
    first.result.errors = Array(errors.prefix(CSVReader.errorLimit))
    return first.finished()
  }

}

extension CSVReader {
  /// The header and the rows of the given invoices, as they are in the file (decoded to UTF-8):
  /// what an agency receives of a CSV source — never the other customers' rows, never a report
  /// preamble that names the creditor's other business.
  public static func excerpt(
    _ bytes: [UInt8], source: String, invoiceNumbers: Set<String>, mappings: [CSVProfile] = [], blanking: Set<CSVField> = []
  ) throws(InputError) -> [UInt8] {
    let (utf8, encoding) = TextDecoding.decode(bytes)
    let delimiter = sniffDelimiter(utf8)
    var outcome: Result<[UInt8], InputError> = .failure(InputError(SourceLocation(file: source), "unreadable"))
    utf8.withUnsafeBufferPointer { buffer in
      var parser = RowParser(buffer: buffer, delimiter: delimiter, source: source, encoding: encoding, keepDocuments: false)
      parser.mappings = mappings
      outcome = Result { () throws(InputError) -> [UInt8] in
        try parser.findHeader()
        let headerLine = parser.result.dialect.headerLine
        guard let numberColumn = parser.map[.invoiceNumber] else { return [] }
        // The mapped fields, and any column whose name says it holds text about what was sold.
        let words = ["omschrijving", "description", "desc", "notes", "note", "details", "memo", "item", "product", "artikel"]
        var blanked = Set(blanking.compactMap { parser.map[$0] })
        if !blanking.isEmpty {
          for (i, name) in parser.normalisedHeader.enumerated() where i != numberColumn && words.contains(where: { name.contains($0) }) {
            blanked.insert(i)
          }
        }
        let separator = String(UnicodeScalar(delimiter))
        var tokenizer = CSVTokenizer(buffer: buffer, delimiter: delimiter)
        var out: [UInt8] = []
        while true {
          let start = tokenizer.position
          guard tokenizer.next() else { break }
          let end = tokenizer.position
          let keep =
            tokenizer.recordLine == headerLine
            || (tokenizer.recordLine > headerLine && numberColumn < tokenizer.fields.count
              && invoiceNumbers.contains(trimmedString(tokenizer.bytes(numberColumn))))
          if keep && (blanked.isEmpty || tokenizer.recordLine == headerLine) {
            out.append(contentsOf: buffer[start..<end])
            if out.last != 0x0A { out.append(0x0A) }
          } else if keep {
            // The row again with the blanked cells empty (line texts a creditor keeps in-house).
            let cells = (0..<tokenizer.fields.count).map { i -> String in
              if blanked.contains(i) { return "" }
              let cell = tokenizer.string(i)
              let needsQuotes = cell.contains(separator) || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
              return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }
            out.append(contentsOf: Array((cells.joined(separator: separator) + "\r\n").utf8))
          }
        }
        return out
      }
    }
    return try outcome.get()
  }
}
