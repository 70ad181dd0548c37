/// Splits UTF-8 CSV bytes into records, RFC 4180 style: quoted fields may hold delimiters,
/// doubled quotes and line breaks; CRLF, LF and CR all end a record.
///
/// Works on a borrowed buffer and reuses its field storage, so a million rows cost no more
/// than the fields a reader turns into values.
struct CSVTokenizer {
  struct Field {
    var start: Int
    var end: Int
    /// Taken from `scratch` (a quoted field whose doubled quotes were undone).
    var unescaped: Bool
  }

  let buffer: UnsafeBufferPointer<UInt8>
  let delimiter: UInt8
  /// One past the last byte this tokenizer reads.
  let end: Int
  private(set) var position = 0
  /// Physical line (1-based) where the next record starts.
  private(set) var line = 1
  /// Line where the last record returned by `next()` started.
  private(set) var recordLine = 1
  private(set) var fields: [Field] = []
  /// Unescaped fields of the current record. A heap buffer whose address stays put until the
  /// next `next()`, so that `bytes(_:)` can hand out a pointer into it (a pointer taken inside
  /// an Array's `withUnsafeBufferPointer` must not outlive the closure).
  private var scratch = ScratchBytes()
  /// Set when a quoted field runs to the end of the file.
  private(set) var unterminatedQuoteLine: Int? = nil

  /// 1 for the bytes that end an unquoted field (delimiter, CR, LF): one load per byte.
  private let stops: [Bool]

  /// Reads records of `buffer` from byte `start` (which begins physical line `line`) up to `end`.
  init(buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, start: Int = 0, line: Int = 1, end: Int? = nil) {
    self.buffer = buffer
    self.delimiter = delimiter
    self.position = start
    self.line = line
    self.end = end ?? buffer.count
    var stops = [Bool](repeating: false, count: 256)
    stops[Int(delimiter)] = true
    stops[0x0A] = true
    stops[0x0D] = true
    self.stops = stops
    fields.reserveCapacity(64)
  }

  /// Reads the next record into `fields`; false at the end of the input.
  mutating func next() -> Bool {
    let n = end
    guard position < n else { return false }
    fields.removeAll(keepingCapacity: true)
    // A copy of the tokenizer that reads on gets its own scratch: the original's pointers stay valid.
    if !isKnownUniquelyReferenced(&scratch) { scratch = ScratchBytes() }
    scratch.removeAll()
    recordLine = line
    var i = position
    while true {
      // One field.
      if i < n && buffer[i] == UInt8(ascii: "\"") {
        let quoteLine = line
        i += 1
        let scratchStart = scratch.count
        var segmentStart = i
        var closed = false
        var hadEscape = false
        while i < n {
          let b = buffer[i]
          if b == UInt8(ascii: "\"") {
            if i + 1 < n && buffer[i + 1] == UInt8(ascii: "\"") {
              scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segmentStart..<(i + 1)]))
              hadEscape = true
              i += 2
              segmentStart = i
              continue
            }
            closed = true
            break
          }
          if b == 0x0A { line += 1 }
          i += 1
        }
        if !closed {
          unterminatedQuoteLine = quoteLine
          fields.append(Field(start: segmentStart, end: n, unescaped: false))
          position = n
          return true
        }
        if hadEscape {
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segmentStart..<i]))
          fields.append(Field(start: scratchStart, end: scratch.count, unescaped: true))
        } else {
          fields.append(Field(start: segmentStart, end: i, unescaped: false))
        }
        i += 1  // closing quote
        // Anything between the closing quote and the delimiter is kept out (lenient).
        while i < n && buffer[i] != delimiter && buffer[i] != 0x0A && buffer[i] != 0x0D { i += 1 }
      } else {
        let start = i
        stops.withUnsafeBufferPointer { stop in
          while i < n && !stop[Int(buffer[i])] { i += 1 }
        }
        fields.append(Field(start: start, end: i, unescaped: false))
      }
      if i >= n {
        position = n
        return true
      }
      let b = buffer[i]
      if b == delimiter {
        i += 1
        if i >= n {
          fields.append(Field(start: i, end: i, unescaped: false))
          position = n
          return true
        }
        continue
      }
      // End of record.
      if b == 0x0D && i + 1 < n && buffer[i + 1] == 0x0A { i += 2 } else { i += 1 }
      line += 1
      position = i
      return true
    }
  }

  /// The bytes of field `index` of the current record (empty when the record is shorter).
  func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    guard index < fields.count else { return UnsafeBufferPointer(start: nil, count: 0) }
    let f = fields[index]
    if f.unescaped {
      return scratch.slice(f.start, f.end)
    }
    return UnsafeBufferPointer(rebasing: buffer[f.start..<f.end])
  }

  /// The trimmed byte range of field `index` in the file's buffer, or nil when the field had
  /// doubled quotes (its text lives in scratch space) or is missing.
  func range(_ index: Int) -> (start: Int, length: Int)? {
    guard index < fields.count, !fields[index].unescaped else { return nil }
    var s = fields[index].start
    var e = fields[index].end
    while s < e && isSpaceByte(buffer[s]) { s += 1 }
    while e > s && isSpaceByte(buffer[e - 1]) { e -= 1 }
    return (s, e - s)
  }

  /// Field `index` as a String with surrounding spaces removed.
  func string(_ index: Int) -> String {
    guard index < fields.count else { return "" }
    let f = fields[index]
    if f.unescaped {
      return trimmedString(scratch.slice(f.start, f.end))
    }
    return trimmedString(UnsafeBufferPointer(rebasing: buffer[f.start..<f.end]))
  }

  func isBlankRecord() -> Bool {
    for i in 0..<fields.count where !isBlank(bytes(i)) { return false }
    return true
  }
}

@inline(__always) func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  for b in bytes where !isSpaceByte(b) { return false }
  return true
}

func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  var s = 0
  var e = bytes.count
  while s < e && isSpaceByte(bytes[s]) { s += 1 }
  while e > s && isSpaceByte(bytes[e - 1]) { e -= 1 }
  if s == 0 && e == bytes.count { return String(decoding: bytes, as: UTF8.self) }
  return String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
}

/// Growable bytes at a stable address between growths (see `CSVTokenizer.scratch`).
final class ScratchBytes {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 1024) {
    self.capacity = capacity
    base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  func removeAll() { count = 0 }

  func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count > 0 else { return }
    if count + bytes.count > capacity {
      var grown = capacity * 2
      while grown < count + bytes.count { grown *= 2 }
      let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
      fresh.update(from: base, count: count)
      base.deallocate()
      base = fresh
      capacity = grown
    }
    (base + count).update(from: bytes.baseAddress!, count: bytes.count)
    count += bytes.count
  }

  /// Bytes `start..<end`; valid until the next append or `removeAll`.
  func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + start, count: end - start)
  }
}
