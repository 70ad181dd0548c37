import Foundation
import ThinlineCore

/// What one input file held, as the engine decides from it: documents, payments, reminders and
/// bank entries. A night decides from these records in the ledger, not from the files re-parsed.
public struct FileRecords: Sendable {
  public var documents: [Document] = []
  public var payments: [PaymentRecord] = []
  public var reminders: [ReminderRecord] = []
  public var bankEntries: [BankEntry] = []

  public init(documents: [Document] = [], payments: [PaymentRecord] = [], reminders: [ReminderRecord] = [], bankEntries: [BankEntry] = []) {
    self.documents = documents
    self.payments = payments
    self.reminders = reminders
    self.bankEntries = bankEntries
  }

  public var isEmpty: Bool { documents.isEmpty && payments.isEmpty && reminders.isEmpty && bankEntries.isEmpty }

  /// The records cut into parts of at most `size` of each kind, so that a large export is stored
  /// as several rows and decoded on both cores.
  public func parts(of size: Int = 4096) -> [FileRecords] {
    let count = max(documents.count, payments.count, reminders.count, bankEntries.count)
    guard count > size else { return [self] }
    return stride(from: 0, to: count, by: size).map { start in
      func slice<T>(_ items: [T]) -> [T] { start < items.count ? Array(items[start..<min(start + size, items.count)]) : [] }
      return FileRecords(
        documents: slice(documents), payments: slice(payments), reminders: slice(reminders), bankEntries: slice(bankEntries))
    }
  }

  public static func joined(_ parts: [FileRecords]) -> FileRecords {
    guard parts.count > 1 else { return parts.first ?? FileRecords() }
    // Room reserved once, and the first non-empty array of each kind taken over as it is: a
    // night joins a million documents' parts, then the files, and copies each document once.
    func join<T>(_ arrays: [[T]]) -> [T] {
      let nonEmpty = arrays.filter { !$0.isEmpty }
      guard nonEmpty.count > 1 else { return nonEmpty.first ?? [] }
      var all: [T] = []
      all.reserveCapacity(nonEmpty.reduce(0) { $0 + $1.count })
      for array in nonEmpty { all += array }
      return all
    }
    var all = FileRecords()
    all.documents = join(parts.map(\.documents))
    all.payments = join(parts.map(\.payments))
    all.reminders = join(parts.map(\.reminders))
    all.bankEntries = join(parts.map(\.bankEntries))
    return all
  }
}

/// The ledger's binary layout of `FileRecords`: compact, exact (every decimal keeps its digits and
/// written scale), and checked on reading. The file name is not stored: it is given when the
/// records are read, so a name several files had can be told apart afterwards.
///
/// Change `layout` whenever this layout or what a reader produces changes: a record of another
/// layout is not trusted, and the file is read again from its recorded bytes.
public enum RecordCodec {
  public static let layout = 1

  public struct Malformed: Error, CustomStringConvertible {
    public var description: String
  }

  public static func encode(_ records: FileRecords) -> [UInt8] {
    var w = RecordWriter()
    w.count(records.documents.count)
    for d in records.documents { w.document(d) }
    w.count(records.payments.count)
    for p in records.payments { w.payment(p) }
    w.count(records.reminders.count)
    for r in records.reminders { w.reminder(r) }
    w.count(records.bankEntries.count)
    for e in records.bankEntries { w.bankEntry(e) }
    return w.bytes
  }

  /// - Parameter file: the name the records' source locations get.
  public static func decode(_ bytes: [UInt8], file: String) throws(Malformed) -> FileRecords {
    let count = documentCount(bytes) ?? 0
    var result: Result<FileRecords, Malformed> = .success(FileRecords())
    let documents = [Document](unsafeUninitializedCapacity: count) { buffer, initialized in
      result = decode(bytes, file: file, parties: PartyTable(), documentsInto: buffer)
      initialized = count
    }
    var records = try result.get()
    records.documents = documents
    return records
  }

  /// How many documents a part holds (its first count), read without decoding it; nil when
  /// that cannot be read, or cannot be true (an encoded document takes more than 16 bytes), so
  /// that a damaged record does not make room for millions.
  public static func documentCount(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      var r = RecordReader(buffer: buffer, file: "")
      guard let n = try? r.count(), n <= buffer.count / 16 else { return nil }
      return n
    }
  }

  /// Decodes a part: its documents straight into `documents` (room for exactly
  /// `documentCount` of them: a night decodes a million documents into the one array it
  /// decides from, instead of joining copies), the other records returned.
  /// Every slot of `documents` is initialised, also when the part turns out malformed (with
  /// empty documents the caller leaves out).
  static func decode(
    _ bytes: [UInt8], file: String, parties: PartyTable, documentsInto documents: UnsafeMutableBufferPointer<Document>
  ) -> Result<FileRecords, Malformed> {
    bytes.withUnsafeBufferPointer { buffer in
      var r = RecordReader(buffer: buffer, file: file, parties: parties)
      var filled = 0
      defer {
        for i in filled..<documents.count { (documents.baseAddress! + i).initialize(to: Document(source: file, kind: .invoice)) }
      }
      do throws(Malformed) {
        guard try r.count() == documents.count else { throw r.malformed("another number of documents than counted") }
        while filled < documents.count {
          (documents.baseAddress! + filled).initialize(to: try r.document())
          filled += 1
        }
        var records = FileRecords()
        records.payments = try r.list { (r) throws(Malformed) in try r.payment() }
        records.reminders = try r.list { (r) throws(Malformed) in try r.reminder() }
        records.bankEntries = try r.list { (r) throws(Malformed) in try r.bankEntry() }
        guard r.atEnd else { throw Malformed(description: "\(r.remaining) bytes after the last record") }
        return .success(records)
      } catch {
        return .failure(error)
      }
    }
  }
}

/// Primitives: LEB128 integers, length-prefixed UTF-8, presence-tagged optionals, decimals as
/// their scale and plain digits.
struct RecordWriter {
  var bytes: [UInt8] = []

  mutating func unsigned(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }
  mutating func int(_ value: Int) { unsigned(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))) }
  mutating func count(_ value: Int) { unsigned(UInt64(value)) }
  mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  /// A presence flag, then the value when there is one (`RecordReader.present` reads the flag).
  mutating func optional<T>(_ value: T?, _ write: (inout RecordWriter, T) -> Void) {
    bool(value != nil)
    if let value { write(&self, value) }
  }

  mutating func string(_ value: String) {
    var text = value
    text.withUTF8 { utf8 in
      unsigned(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }
  mutating func string(_ value: String?) { optional(value) { $0.string($1) } }
  mutating func strings(_ values: [String]) {
    count(values.count)
    for v in values { string(v) }
  }

  /// The written scale, then the value's own plain digits (read back by the readers' parser).
  mutating func decimal(_ value: ExactDecimal) {
    count(value.scale)
    // The digits as `Decimal.description` writes them, without its cost where they can be read.
    var digits: [UInt8] = []
    digits.reserveCapacity(24)
    if let parts = DecimalDigits(value.value), parts.appendPlain(scale: 0, to: &digits) {
      count(digits.count)
      bytes.append(contentsOf: digits)
    } else {
      string(value.value.description)
    }
  }
  mutating func decimal(_ value: ExactDecimal?) { optional(value) { $0.decimal($1) } }

  mutating func date(_ value: CalendarDate) {
    count(value.year)
    bytes.append(UInt8(value.month))
    bytes.append(UInt8(value.day))
  }
  mutating func date(_ value: CalendarDate?) { optional(value) { $0.date($1) } }

  /// A source location without its file (given back on reading).
  mutating func location(_ value: SourceLocation) {
    count(value.line)
    count(value.column)
    string(value.path)
  }
}

struct RecordReader {
  let buffer: UnsafeBufferPointer<UInt8>
  let file: String
  var position = 0
  /// The parties decoded so far, shared by the parts one core decodes.
  let parties: PartyTable

  init(buffer: UnsafeBufferPointer<UInt8>, file: String, parties: PartyTable = PartyTable()) {
    self.buffer = buffer
    self.file = file
    self.parties = parties
  }

  var atEnd: Bool { position == buffer.count }
  var remaining: Int { buffer.count - position }

  func malformed(_ what: String) -> RecordCodec.Malformed {
    RecordCodec.Malformed(description: "\(what) at byte \(position) of \(buffer.count)")
  }

  mutating func byte() throws(RecordCodec.Malformed) -> UInt8 {
    guard position < buffer.count else { throw malformed("record ends early") }
    defer { position += 1 }
    return buffer[position]
  }

  mutating func unsigned() throws(RecordCodec.Malformed) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let b = try byte()
      guard shift < 64 else { throw malformed("integer too long") }
      result |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return result }
      shift += 7
    }
  }
  mutating func int() throws(RecordCodec.Malformed) -> Int {
    let z = Int64(bitPattern: try unsigned())
    return Int((z >> 1) ^ -(z & 1))
  }
  mutating func count() throws(RecordCodec.Malformed) -> Int {
    let n = try unsigned()
    guard n <= UInt64(buffer.count) * 8 + 1_000_000 else { throw malformed("implausible count \(n)") }
    return Int(n)
  }
  mutating func bool() throws(RecordCodec.Malformed) -> Bool {
    switch try byte() {
    case 0: return false
    case 1: return true
    default: throw malformed("not a flag")
    }
  }
  mutating func present() throws(RecordCodec.Malformed) -> Bool { try bool() }

  /// A text's UTF-8 bytes, in place.
  mutating func stringBytes() throws(RecordCodec.Malformed) -> UnsafeBufferPointer<UInt8> {
    let n = try count()
    guard n <= remaining else { throw malformed("text longer than the record") }
    defer { position += n }
    return UnsafeBufferPointer(rebasing: buffer[position..<position + n])
  }
  mutating func string() throws(RecordCodec.Malformed) -> String { String(decoding: try stringBytes(), as: UTF8.self) }
  mutating func optionalString() throws(RecordCodec.Malformed) -> String? { try present() ? try string() : nil }
  mutating func skipString() throws(RecordCodec.Malformed) { _ = try stringBytes() }
  mutating func skipOptionalString() throws(RecordCodec.Malformed) { if try present() { try skipString() } }
  mutating func strings() throws(RecordCodec.Malformed) -> [String] {
    let n = try count()
    var result: [String] = []
    result.reserveCapacity(min(n, remaining))
    for _ in 0..<n { result.append(try string()) }
    return result
  }

  mutating func decimal() throws(RecordCodec.Malformed) -> ExactDecimal {
    let scale = try count()
    let n = try count()
    guard n <= remaining, scale <= Int(Int16.max) else { throw malformed("not a decimal") }
    let digits = UnsafeBufferPointer(rebasing: buffer[position..<position + n])
    position += n
    guard var parsed = DecimalParsing.parse(digits, decimalSeparator: UInt8(ascii: ".")) else { throw malformed("not a decimal") }
    parsed.scale = scale
    return parsed
  }
  mutating func optionalDecimal() throws(RecordCodec.Malformed) -> ExactDecimal? { try present() ? try decimal() : nil }

  mutating func date() throws(RecordCodec.Malformed) -> CalendarDate {
    let year = try count()
    let month = Int(try byte())
    let day = Int(try byte())
    guard let date = CalendarDate(year: year, month: month, day: day) else { throw malformed("not a date") }
    return date
  }
  mutating func optionalDate() throws(RecordCodec.Malformed) -> CalendarDate? { try present() ? try date() : nil }

  mutating func location() throws(RecordCodec.Malformed) -> SourceLocation {
    SourceLocation(file: file, line: try count(), column: try count(), path: try optionalString())
  }

  mutating func list<T>(_ one: (inout RecordReader) throws(RecordCodec.Malformed) -> T) throws(RecordCodec.Malformed) -> [T] {
    let n = try count()
    var result: [T] = []
    result.reserveCapacity(min(n, remaining))
    for _ in 0..<n { result.append(try one(&self)) }
    return result
  }

  mutating func raw<E: RawRepresentable>(_: E.Type) throws(RecordCodec.Malformed) -> E where E.RawValue == String {
    let text = try string()
    guard let value = E(rawValue: text) else { throw malformed("unknown value \(text)") }
    return value
  }
  mutating func optionalRaw<E: RawRepresentable>(_: E.Type) throws(RecordCodec.Malformed) -> E? where E.RawValue == String {
    try present() ? try raw(E.self) : nil
  }
}

/// The parties a decoder has met, by their encoded bytes: the documents of one customer (a
/// million documents, fifty thousand customers) share one party value (copy-on-write) instead
/// of a million separate ones, and a party met before is not decoded again. Used by one core at
/// a time; bounded.
final class PartyTable {
  static let limit = 100_000
  /// Each party's encoded bytes and the party, with the index of the next one whose bytes have
  /// the same hash (-1 at the end): one table lookup per document, where a list of candidates
  /// per hash was retained, read and released for each of a million.
  private struct Entry {
    var bytes: [UInt8]
    var party: Party
    var next: Int
  }
  private var first: [Int: Int] = [:]
  private var entries: [Entry] = []

  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hasher = Hasher()
    hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    return hasher.finalize()
  }

  func party(_ bytes: UnsafeBufferPointer<UInt8>, hash: Int) -> Party? {
    guard var i = first[hash] else { return nil }
    return entries.withUnsafeBufferPointer { entries in
      while i >= 0 {
        let same = entries[i].bytes.withUnsafeBufferPointer {
          $0.count == bytes.count && (bytes.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        if same { return entries[i].party }
        i = entries[i].next
      }
      return nil
    }
  }

  func remember(_ bytes: UnsafeBufferPointer<UInt8>, hash: Int, _ party: Party) {
    guard entries.count < Self.limit else { return }
    entries.append(Entry(bytes: Array(bytes), party: party, next: first[hash] ?? -1))
    first[hash] = entries.count - 1
  }
}
