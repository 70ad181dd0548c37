/// Remembers which invoice numbers a file has had without making a String or a SipHash of each:
/// the numbers are byte ranges of the file, hashed with FNV-1a into a 12-byte slot (offset,
/// length, hash tag, line) and compared byte by byte.
struct InvoiceNumberIndex {
  private struct Slot {
    var start: Int32 = -1
    var length: UInt16 = 0
    var tag: UInt16 = 0
    var line: Int32 = 0
  }
  private var slots: [Slot]
  private var mask: Int
  private var count = 0
  /// Numbers that are not a plain range of the file (quoted with doubled quotes, very long): rare.
  private var others: [String: Int] = [:]
  let buffer: UnsafeBufferPointer<UInt8>
  /// While the numbers come in strictly increasing order (most exports are sorted), none can
  /// repeat an earlier one: they are only listed, and hashed all at once if the order breaks.
  private var ascending = true
  private var listed: [Slot] = []

  init(buffer: UnsafeBufferPointer<UInt8>, expectedCount: Int) {
    self.buffer = buffer
    slots = Array(repeating: Slot(), count: 1024)
    mask = 1023
    listed.reserveCapacity(expectedCount)
  }

  @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
    return h
  }

  /// Records the number at `start..<start+length` of the buffer; returns the 1-based line where
  /// it was first seen when it was seen before.
  mutating func insert(start: Int, length: Int, line: Int) -> Int? {
    guard length < Int(UInt16.max), start < Int(Int32.max) else {
      return insert(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]), as: UTF8.self), line: line)
    }
    let bytes = UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])
    if ascending {
      if let last = listed.last {
        let previous = UnsafeBufferPointer(rebasing: buffer[Int(last.start)..<(Int(last.start) + Int(last.length))])
        if previous.lexicographicallyPrecedes(bytes) {
          listed.append(Slot(start: Int32(start), length: UInt16(length), tag: 0, line: Int32(line)))
          return nil
        }
        ascending = false
        for slot in listed { place(slot) }
        listed = []
      } else {
        listed.append(Slot(start: Int32(start), length: UInt16(length), tag: 0, line: Int32(line)))
        return nil
      }
    }
    let h = Self.hash(bytes)
    let tag = UInt16(truncatingIfNeeded: h >> 16)
    var i = Int(h) & mask
    while true {
      let slot = slots[i]
      if slot.start < 0 { break }
      if slot.tag == tag && Int(slot.length) == length
        && UnsafeBufferPointer(rebasing: buffer[Int(slot.start)..<(Int(slot.start) + length)]).elementsEqual(bytes)
      {
        return Int(slot.line)
      }
      i = (i + 1) & mask
    }
    slots[i] = Slot(start: Int32(start), length: UInt16(length), tag: tag, line: Int32(line))
    count += 1
    if count * 2 > slots.count { grow() }
    return nil
  }

  /// Puts a number known to be new into the hash table.
  private mutating func place(_ slot: Slot) {
    let s = Int(slot.start)
    let h = Self.hash(UnsafeBufferPointer(rebasing: buffer[s..<(s + Int(slot.length))]))
    var i = Int(h) & mask
    while slots[i].start >= 0 { i = (i + 1) & mask }
    slots[i] = Slot(start: slot.start, length: slot.length, tag: UInt16(truncatingIfNeeded: h >> 16), line: slot.line)
    count += 1
    if count * 2 > slots.count { grow() }
  }

  /// For numbers that are not a range of the file.
  mutating func insert(_ number: String, line: Int) -> Int? {
    if let first = others[number] { return first }
    others[number] = line
    return nil
  }

  /// When every number so far came in ascending order: the first and the last of them.
  var ascendingBounds: (first: (start: Int, length: Int), last: (start: Int, length: Int))? {
    guard ascending, let a = listed.first, let b = listed.last else { return nil }
    return ((Int(a.start), Int(a.length)), (Int(b.start), Int(b.length)))
  }

  /// Every number recorded as a byte range, in no particular order.
  func entries() -> [(start: Int, length: Int, line: Int)] {
    (listed + slots.filter { $0.start >= 0 }).map { (Int($0.start), Int($0.length), Int($0.line)) }
  }

  /// The line where the number at this range was first seen, without recording it.
  func contains(start: Int, length: Int) -> Int? {
    let bytes = UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])
    // `listed` is in strictly ascending order: binary search.
    var low = 0
    var high = listed.count
    while low < high {
      let mid = (low + high) / 2
      let slot = listed[mid]
      let candidate = UnsafeBufferPointer(rebasing: buffer[Int(slot.start)..<(Int(slot.start) + Int(slot.length))])
      if candidate.elementsEqual(bytes) { return Int(slot.line) }
      if candidate.lexicographicallyPrecedes(bytes) { low = mid + 1 } else { high = mid }
    }
    let h = Self.hash(bytes)
    let tag = UInt16(truncatingIfNeeded: h >> 16)
    var i = Int(h) & mask
    while slots[i].start >= 0 {
      let slot = slots[i]
      if slot.tag == tag && Int(slot.length) == length
        && UnsafeBufferPointer(rebasing: buffer[Int(slot.start)..<(Int(slot.start) + length)]).elementsEqual(bytes)
      {
        return Int(slot.line)
      }
      i = (i + 1) & mask
    }
    if let other = others[String(decoding: bytes, as: UTF8.self)] { return other }
    return nil
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: Slot(), count: old.count * 2)
    mask = slots.count - 1
    count = 0
    for slot in old where slot.start >= 0 { place(slot) }
  }
}
