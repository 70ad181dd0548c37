import Foundation
import Testing

@testable import ThinlineWriters

/// decisions.json's entries are encoded on all cores while earlier chunks are emitted: the
/// pieces, joined, are one pass's bytes, also when the emitter is slower than the encoders
/// (100,003 entries: thirteen chunks, more than the window of chunks encoded ahead).
@Suite struct ParallelEncodingTests {
  @Test(arguments: [0, 1, 1_999, 2_000, 2_001, 8_193, 16_384, 40_000, 100_003])
  func chunksJoinedAreTheSequentialBytes(count: Int) {
    let items = (0..<count).map { "F-\($0)" }
    let encode: @Sendable (String) -> JSONValue = { s in JSONValue.object([("invoice", .string(s)), ("n", .int(s.count))]) }
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

  /// An emitter slower than the encoders holds them at the window; nothing is lost or reordered.
  @Test func aSlowEmitterGetsEveryChunkInOrder() {
    let items = (0..<60_000).map { $0 }
    let encode: @Sendable (Int, inout [UInt8]) -> Void = { n, out in out.append(contentsOf: String(n).utf8) }
    var joined: [UInt8] = []
    var pieces = 0
    DecisionsEncoding.encodeInParallel(items, encode) { piece in
      usleep(2_000)
      pieces += 1
      joined += piece
    }
    let expected = items.map { ($0 > 0 ? "," : "") + "\n    \($0)" }.joined()
    #expect(String(decoding: joined, as: UTF8.self) == expected)
    #expect(pieces == 8)
  }
}
