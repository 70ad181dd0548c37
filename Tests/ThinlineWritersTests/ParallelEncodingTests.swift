import Foundation
import Testing

@testable import ThinlineWriters

/// decisions.json's entries are encoded on all cores and emitted in rounds: the pieces, joined,
/// are one pass's bytes.
@Suite struct ParallelEncodingTests {
  @Test(arguments: [0, 1, 1_999, 2_000, 2_001, 8_193, 16_384, 40_000])
  func chunksJoinedAreTheSequentialBytes(count: Int) {
    let items = (0..<count).map { "F-\($0)" }
    let encode = { (s: String) in JSONValue.object([("invoice", .string(s)), ("n", .int(s.count))]) }
    var sequential: [UInt8] = []
    for (n, item) in items.enumerated() {
      if n > 0 { sequential.append(UInt8(ascii: ",")) }
      sequential.append(contentsOf: "\n    ".utf8)
      encode(item).write(into: &sequential, indent: 2)
    }
    var pieces: [[UInt8]] = []
    DecisionsEncoding.encodeInParallel(items, encode) { pieces.append($0) }
    #expect(Array(pieces.joined()) == sequential)
    // Emitted in pieces of at most 8,192 entries, never as one buffer of everything.
    #expect(pieces.count >= (count + 8_191) / 8_192)
  }
}
