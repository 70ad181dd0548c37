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
    _ bytes: [UInt8], source: String, keepDocuments: Bool = true, parallelAbove threshold: Int = parallelThreshold
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
  private var parsers: [RowParser]
  private var errors: [InputError?] = [nil, nil]
  private let lock = NSLock()

  init(first: RowParser, second: RowParser) { parsers = [first, second] }

  func run(_ i: Int) {
    lock.lock()
    var parser = parsers[i]
    lock.unlock()
    var failure: InputError? = nil
    do { try parser.readRecords() } catch { failure = error }
    if i == 1 { parser.flush() }  // the second half ends at the end of the file
    lock.lock()
    parsers[i] = parser
    errors[i] = failure
    lock.unlock()
  }

  func parser(_ i: Int) -> RowParser { parsers[i] }
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
  var dateOrders = [DayMonthOrder](repeating: .dayFirst, count: CSVField.allCases.count)
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

  struct Group {
    var number: String
    var firstLine: Int
    var totalGiven: ExactDecimal?
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
    prescan()
    let buffer = tokenizer.buffer
    let delimiter = tokenizer.delimiter
    tokenizer = CSVTokenizer(buffer: buffer, delimiter: delimiter, start: start.0, line: start.1)
    if buffer.count - start.0 >= parallelThreshold, ProcessInfo.processInfo.activeProcessorCount > 1,
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
    DispatchQueue.concurrentPerform(iterations: 2) { i in halves.run(i) }
    if let error = halves.error(0) ?? halves.error(1) { throw error }
    first = halves.parser(0)
    second = halves.parser(1)

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
    var merged = first.result
    merged.rows += second.result.rows
    merged.documentCount += second.result.documentCount
    merged.documents += second.result.documents
    merged.payments += second.result.payments
    merged.reminders += second.result.reminders
    merged.warnings = Array((merged.warnings + second.result.warnings).prefix(200))
    let errors = (merged.errors + second.result.errors + duplicates).sorted {
      ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
    }
    merged.errors = Array(errors.prefix(CSVReader.errorLimit))
    first.result = merged
    return first.finished()
  }

  func finished() -> CSVReadResult {
    var result = self.result
    for field in RowParser.amountFields {
      if let column = map[field] { result.dialect.decimalConventions[map.headers[column]] = conventions[field.rawValue] }
    }
    return result
  }

  /// Reads every record the tokenizer has left.
  mutating func readRecords() throws(InputError) {
    while tokenizer.next() {
      if let quoteLine = tokenizer.unterminatedQuoteLine {
        throw InputError(
          SourceLocation(file: source, line: quoteLine), "a quoted field is never closed",
          expected: "a closing \" before the end of the file")
      }
      if tokenizer.isBlankRecord() || isRepeatedHeader() || isSummaryRow() { continue }
      result.rows += 1
      switch result.kind {
      case .payments: readPayment()
      case .reminders: readReminder()
      case .invoices, .openItems, .invoiceLines: readDocumentRow()
      }
    }
  }

  /// The first record in which at least two cells are known column names; rows above are a preamble.
  mutating func findHeader() throws(InputError) {
    var scanned = 0
    let known = Set(CSVProfile.generic.aliases.values.flatMap { $0 })
    while tokenizer.next() {
      scanned += 1
      if let quoteLine = tokenizer.unterminatedQuoteLine {
        throw InputError(SourceLocation(file: source, line: quoteLine), "a quoted field is never closed", expected: "a closing \"")
      }
      let cells = (0..<tokenizer.fields.count).map { tokenizer.string($0) }
      let normalised = cells.map(CSVProfile.normalise)
      if normalised.filter({ known.contains($0) }).count >= 2 {
        let profile = CSVProfile.all.first { p in p.signature.allSatisfy { normalised.contains($0) } } ?? .generic
        guard let kind = CSVProfile.kind(of: normalised) else {
          throw InputError(
            location(line: tokenizer.recordLine),
            "cannot tell what this CSV holds from its columns (\(cells.joined(separator: ", ")))",
            expected:
              "invoices (invoice number + total or outstanding), invoice lines (+ quantity/unit price), payments (payment date + amount) or reminders (invoice number, date, kind, channel)"
          )
        }
        normalisedHeader = normalised
        headerFirstCell = Array(tokenizer.bytes(0))
        map = profile.map(normalised, kind: kind, original: cells)
        result.kind = kind
        result.profile = profile.name
        result.dialect.headerLine = tokenizer.recordLine
        try checkRequired(kind)
        return
      }
      if scanned >= 30 { break }
    }
    throw InputError(
      SourceLocation(file: source, line: 1), "no header row found in the first \(scanned) rows",
      expected: "a header with column names such as invoice_number/factuurnummer, customer_number/klantnummer, amount/bedrag")
  }

  func checkRequired(_ kind: CSVKind) throws(InputError) {
    let required: [CSVField]
    switch kind {
    case .payments: required = [.paymentDate, .amount]
    case .reminders: required = [.invoiceNumber, .date, .reminderKind]
    case .invoices: required = [.invoiceNumber, .issueDate, .total]
    case .openItems: required = [.invoiceNumber, .outstanding]
    case .invoiceLines: required = [.invoiceNumber]
    }
    for field in required where !map.has(field) {
      let names = (CSVProfile.generic.aliases[field] ?? []).prefix(4).joined(separator: ", ")
      throw InputError(
        SourceLocation(file: source, line: result.dialect.headerLine),
        "the \(kind.rawValue) file has no \(field.name) column", expected: "a column named one of \(names)")
    }
    if kind == .invoiceLines && !map.has(.total) && !(map.has(.lineAmount) || (map.has(.quantity) && map.has(.unitPrice))) {
      throw InputError(
        SourceLocation(file: source, line: result.dialect.headerLine),
        "the invoice-lines file has neither a total nor line amounts (quantity × unit price)",
        expected: "columns quantity/aantal and unit_price/stukprijs, or a line amount")
    }
  }

  static let amountFields: [CSVField] = [.total, .outstanding, .unitPrice, .lineAmount, .taxAmount, .amount, .quantity, .vatRate]
  static let dateFields: [CSVField] = [.issueDate, .dueDate, .paymentDate, .date]

  /// Decides each amount column's decimal convention and each date column's day/month order
  /// from the first rows, so that `1.234` means the same on every row of a file.
  mutating func prescan() {
    var verdicts: [CSVField: (comma: Int, point: Int)] = [:]
    var orders: [CSVField: (dayFirst: Int, monthFirst: Int)] = [:]
    var rows = 0
    while rows < 5000, tokenizer.next() {
      rows += 1
      for field in RowParser.amountFields {
        guard let column = map[field] else { continue }
        switch AmountParsing.classify(tokenizer.bytes(column)) {
        case .comma: verdicts[field, default: (0, 0)].comma += 1
        case .point: verdicts[field, default: (0, 0)].point += 1
        default: break
        }
      }
      for field in RowParser.dateFields {
        guard let column = map[field], let p = DateParsing.parts(tokenizer.bytes(column)), !p.isoOrder else { continue }
        if p.a > 12 { orders[field, default: (0, 0)].dayFirst += 1 }
        if p.b > 12 { orders[field, default: (0, 0)].monthFirst += 1 }
      }
    }
    // A semicolon-delimited file comes from a decimal-comma locale (Excel's list separator).
    let fileDefault: DecimalConvention = tokenizer.delimiter == UInt8(ascii: ";") ? .comma : .point
    var fileVerdict: DecimalConvention? = nil
    let all = verdicts.values.reduce((0, 0)) { ($0.0 + $1.comma, $0.1 + $1.point) }
    if all.0 > all.1 { fileVerdict = .comma } else if all.1 > all.0 { fileVerdict = .point }
    for field in RowParser.amountFields where map.has(field) {
      let v = verdicts[field] ?? (0, 0)
      conventions[field.rawValue] = v.comma > v.point ? .comma : v.point > v.comma ? .point : (fileVerdict ?? fileDefault)
    }
    for field in RowParser.dateFields where map.has(field) {
      let o = orders[field] ?? (0, 0)
      dateOrders[field.rawValue] = o.monthFirst > o.dayFirst ? .monthFirst : .dayFirst
    }
  }

  func isRepeatedHeader() -> Bool {
    guard tokenizer.fields.count == normalisedHeader.count, tokenizer.bytes(0).elementsEqual(headerFirstCell) else { return false }
    for i in 0..<min(3, normalisedHeader.count) where CSVProfile.normalise(tokenizer.string(i)) != normalisedHeader[i] {
      return false
    }
    return true
  }

  /// `Totaal`, `Subtotaal`, `Total`, `Totaal debiteuren` … with no invoice number. Checked on
  /// bytes first: a cell that starts with a digit or another letter is no total.
  func isSummaryRow() -> Bool {
    func mayBeTotal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      guard let first = bytes.first(where: { !isSpaceByte($0) }) else { return false }
      switch first | 0x20 {
      case UInt8(ascii: "t"), UInt8(ascii: "s"), UInt8(ascii: "g"):
        let text = CSVProfile.normalise(String(decoding: bytes, as: UTF8.self))
        return text.hasPrefix("totaal") || text.hasPrefix("total") || text.hasPrefix("subtota") || text == "grandtotal"
      default: return false
      }
    }
    if let column = map[.invoiceNumber], !isBlank(tokenizer.bytes(column)) {
      return mayBeTotal(tokenizer.bytes(column))
    }
    for i in 0..<min(tokenizer.fields.count, 4) where mayBeTotal(tokenizer.bytes(i)) { return true }
    return false
  }

  // MARK: Cells

  mutating func text(_ field: CSVField) -> String? {
    guard let column = map[field] else { return nil }
    let value = tokenizer.string(column)
    return value.isEmpty ? nil : value
  }

  /// An identifier, kept as text (leading zeros stay), with a warning when Excel mangled it.
  mutating func identifier(_ field: CSVField) -> String? {
    guard let column = map[field] else { return nil }
    checkMangled(column)
    let value = tokenizer.string(column)
    return value.isEmpty ? nil : value
  }

  /// Warns when Excel has rewritten an identifier in E+ notation.
  mutating func checkMangled(_ column: Int) {
    let bytes = tokenizer.bytes(column)
    if looksExcelMangled(bytes) {
      let value = String(decoding: bytes, as: UTF8.self)
      warn(
        column,
        "\(columnName(column)): \"\(value)\" looks like a number Excel rewrote in E+ notation; its last digits are lost — export the file again without opening it in Excel"
      )
    }
  }

  mutating func amount(_ field: CSVField, required: Bool = false) -> ExactDecimal? {
    guard let column = map[field] else { return nil }
    let raw = tokenizer.bytes(column)
    let convention = conventions[field.rawValue]
    switch AmountParsing.parse(raw, convention: convention) {
    case .empty:
      if required { error(column, "the amount is empty", expected: "an amount such as \(example(convention))") }
      return nil
    case .value(let v): return v
    case .invalid:
      let shown = String(decoding: raw, as: UTF8.self)
      error(
        column, "\"\(shown)\" is not an amount", expected: "an amount such as \(example(convention)), as the rest of this column is written"
      )
      return nil
    }
  }

  func example(_ convention: DecimalConvention) -> String { convention == .comma ? "1.234,56" : "1,234.56 or 1234.56" }

  mutating func date(_ field: CSVField, required: Bool = false) -> CalendarDate? {
    guard let column = map[field] else { return nil }
    let raw = tokenizer.bytes(column)
    if isBlank(raw) {
      if required { error(column, "the date is empty", expected: "a date such as 2026-11-29 or 29-11-2026") }
      return nil
    }
    guard let parts = DateParsing.parts(raw), let value = DateParsing.date(parts, order: dateOrders[field.rawValue]) else {
      error(column, "\"\(String(decoding: raw, as: UTF8.self))\" is not a date", expected: "YYYY-MM-DD, DD-MM-YYYY, D-M-YYYY or DD/MM/YYYY")
      return nil
    }
    return value
  }

  // MARK: Rows

  mutating func readPayment() {
    let line = tokenizer.recordLine
    guard let date = date(.paymentDate, required: true), let amount = amount(.amount, required: true) else { return }
    let record = PaymentRecord(
      source: SourceLocation(file: source, line: line), invoiceNumber: identifier(.invoiceNumber),
      customerNumber: identifier(.customerNumber), date: date, amount: amount, currency: text(.currency)?.uppercased(),
      reference: text(.reference))
    if keepDocuments { result.payments.append(record) }
  }

  mutating func readReminder() {
    let line = tokenizer.recordLine
    guard let number = identifier(.invoiceNumber) else {
      if let column = map[.invoiceNumber] {
        error(column, "the invoice number is empty", expected: "the invoice the reminder was sent for")
      }
      return
    }
    guard let date = date(.date, required: true) else { return }
    let kindText = CSVProfile.normalise(text(.reminderKind) ?? "")
    let kind: ReminderRecord.Kind
    switch kindText {
    case "reminder", "herinnering", "betalingsherinnering", "1eherinnering", "2eherinnering": kind = .reminder
    case "demand", "aanmaning", "sommatie": kind = .demand
    case "fourteendayletter", "veertiendagenbrief", "14dagenbrief", "14daybrief", "14dayletter", "14dagenbrief(wik)", "wikbrief":
      kind = .fourteenDayLetter
    default:
      error(
        map[.reminderKind] ?? 0, "\"\(text(.reminderKind) ?? "")\" is not a reminder kind",
        expected: "reminder/herinnering, demand/aanmaning or fourteen_day_letter/veertiendagenbrief")
      return
    }
    var channel: ReminderRecord.Channel? = nil
    if let raw = text(.channel) {
      switch CSVProfile.normalise(raw) {
      case "post", "mail", "brief", "letter", "postal": channel = .post
      case "email", "e-mail", "mailbericht": channel = .email
      default:
        error(map[.channel] ?? 0, "\"\(raw)\" is not a channel", expected: "post or email")
        return
      }
    }
    let record = ReminderRecord(
      source: SourceLocation(file: source, line: line), invoiceNumber: number, date: date, kind: kind, channel: channel)
    if keepDocuments { result.reminders.append(record) }
  }

  mutating func readDocumentRow() {
    let line = tokenizer.recordLine
    guard let numberColumn = map[.invoiceNumber] else { return }
    checkMangled(numberColumn)
    let number = tokenizer.string(numberColumn)
    if number.isEmpty {
      error(numberColumn, "the invoice number is empty", expected: "an invoice number on every row")
      return
    }
    if current?.number != number {
      flush()
      let first: Int?
      if let range = tokenizer.range(numberColumn) {
        first = seenNumbers.insert(start: range.start, length: range.length, line: line)
      } else {
        first = seenNumbers.insert(number, line: line)
      }
      if let first {
        let what = result.kind == .invoiceLines ? "rows of one invoice must be together" : "each invoice must appear once"
        error(numberColumn, "invoice \(number) appears again (first on line \(first)); \(what)")
        return
      }
      let issueDate = date(.issueDate, required: result.kind == .invoices)
      let dueDate = date(.dueDate)
      let total = amount(.total, required: result.kind == .invoices)
      let outstanding = amount(.outstanding, required: result.kind == .openItems)
      let tax = amount(.taxAmount)
      current = Group(number: number, firstLine: line, totalGiven: total)
      if keepDocuments {
        var document = Document(source: source, kind: .invoice)
        document.number = number
        document.issueDate = issueDate
        document.dueDate = dueDate
        // interface.md: the currency column is optional and means EUR when absent.
        document.currency = text(.currency)?.uppercased() ?? "EUR"
        var buyer = Party()
        buyer.tradingName = text(.customerName)
        if let customer = identifier(.customerNumber) {
          buyer.identifiers.append(PartyIdentifier(scheme: "customer_number", value: customer))
        }
        if let vat = text(.vatNumber) { buyer.identifiers.append(PartyIdentifier(scheme: "vat", value: vat)) }
        if let kvk = identifier(.kvkNumber) { buyer.identifiers.append(PartyIdentifier(scheme: "kvk", value: kvk)) }
        buyer.contact.email = text(.email)
        document.buyer = buyer
        if let creditFor = identifier(.creditFor) { document.billingReferences.append(BillingReference(number: creditFor)) }
        if let type = text(.documentType) {
          let t = CSVProfile.normalise(type)
          if t.contains("credit") || t == "accreccredit" { document.kind = .creditNote }
        }
        document.outstanding = outstanding
        if let tax {
          var taxTotal = TaxTotal()
          taxTotal.taxAmount = tax
          taxTotal.currency = document.currency
          document.taxTotals = [taxTotal]
        }
        currentDocument = document
      } else if let column = map[.customerNumber] {
        checkMangled(column)
      }
    } else if map.has(.total), let total = amount(.total), let given = current?.totalGiven, total != given {
      error(
        map[.total]!, "invoice \(number) has total \(total.amountText) here but \(given.amountText) on line \(current!.firstLine)",
        expected: "the same invoice total on each of its rows")
    }
    if result.kind == .invoiceLines { readLine() }
  }

  mutating func readLine() {
    var l = Line()
    l.quantity = amount(.quantity)
    l.price = amount(.unitPrice)
    l.vatRate = amount(.vatRate)
    l.amount = amount(.lineAmount)
    if l.amount == nil, let q = l.quantity, let p = l.price {
      l.amount = ExactDecimal(DecimalFormatting.roundHalfUp(q.value * p.value, scale: 2), scale: 2)
    }
    guard current != nil else { return }
    current!.lineCount += 1
    if let amount = l.amount {
      current!.lineNet += amount.value
      current!.lineVAT[l.vatRate?.value ?? 0, default: 0] += amount.value
    }
    guard keepDocuments else { return }
    l.id = text(.line)
    l.itemID = identifier(.itemID)
    l.name = text(.description)
    if map.has(.vatRate), let rate = l.vatRate { l.vatCategory = rate.value == 0 ? "Z" : "S" }
    currentDocument?.lines.append(l)
  }

  /// Completes the current invoice: its total is the given one, else lines plus VAT per rate
  /// (VAT rounded half up per rate, as an invoice's VAT breakdown does).
  mutating func flush() {
    guard let group = current else { return }
    current = nil
    if holdFirstGroup {
      holdFirstGroup = false
      heldFirst = (group, currentDocument)
      currentDocument = nil
      return
    }
    result.documentCount += 1
    guard keepDocuments, var d = currentDocument else { return }
    currentDocument = nil
    // Lines without a line-number column are numbered in file order.
    for i in d.lines.indices where d.lines[i].id == nil { d.lines[i].id = String(i + 1) }
    if group.lineCount > 0 { d.totals.lineExtension = ExactDecimal(group.lineNet, scale: 2) }
    var total = group.totalGiven
    if total == nil, group.lineCount > 0 {
      var vat = Decimal(0)
      for (rate, base) in group.lineVAT.sorted(by: { $0.key < $1.key }) {
        vat += DecimalFormatting.roundHalfUp(base * rate / 100, scale: 2)
      }
      total = ExactDecimal(group.lineNet + vat, scale: 2)
      if d.taxTotals.isEmpty, map.has(.vatRate) {
        var taxTotal = TaxTotal()
        taxTotal.taxAmount = ExactDecimal(vat, scale: 2)
        taxTotal.currency = d.currency
        d.taxTotals = [taxTotal]
      }
      d.totals.taxExclusive = d.totals.lineExtension
    }
    // Credit notes carry positive amounts that mean money back, as in UBL.
    if let t = total, t.value < 0 { d.kind = .creditNote }
    if d.kind == .creditNote {
      if let t = total, t.value < 0 { total = -t }
      if let o = d.outstanding, o.value < 0 { d.outstanding = -o }
    }
    d.totals.taxInclusive = total
    d.totals.payable = total
    d.totals.present = total != nil
    result.documents.append(d)
  }
}
