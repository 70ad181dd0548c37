import Foundation
import Testing
import ThinlineCore
import ThinlineWriters

@testable import ThinlineRunner

/// Outputs written piece by piece: the file holds exactly the pieces, its checksum is computed
/// while writing, and a failed write leaves nothing behind.
@Suite struct StreamedOutputTests {
  func folder() throws -> String {
    let path = NSTemporaryDirectory() + "thinline-stream-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func theDigestIsTheWrittenFilesChecksum() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/out.json"
    let pieces: [[UInt8]] = (0..<500).map { Array("piece \($0) ✓\n".utf8) }
    let digest = try OutputFile.write(to: path) { emit in pieces.forEach(emit) }
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written == Array(pieces.joined()))
    #expect(digest == Checksum.Digest(of: written))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.json"])  // no temporary left
  }

  /// Pseudo-random bytes in uneven pieces: more than two of the sink's 8 MiB buffers, and a
  /// length that is not a whole number of pages, so full buffers, whole pages and a tail are all
  /// written (the full ones past the page cache where the file system allows it).
  static func largePieces() -> [[UInt8]] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var pieces: [[UInt8]] = []
    var total = 0
    while total < 19_000_123 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let size = min(Int(state >> 44) + 1, 19_000_123 - total)
      var piece = [UInt8](repeating: UInt8(truncatingIfNeeded: state >> 24), count: size)
      piece[0] = UInt8(truncatingIfNeeded: pieces.count)
      pieces.append(piece)
      total += size
    }
    return pieces
  }

  @Test func aLargeOutputHoldsExactlyItsPieces() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/large.json"
    let pieces = Self.largePieces()
    let digest = try OutputFile.write(to: path) { emit in pieces.forEach(emit) }
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written.count == 19_000_123)
    #expect(written == Array(pieces.joined()))
    #expect(digest == Checksum.Digest(of: written))
  }

  /// A file whose offsets are not whole pages (it already holds 3 bytes and is appended to):
  /// every direct write is refused (EINVAL), and the sink writes the ordinary way instead.
  @Test func refusedDirectWritesAreWrittenTheOrdinaryWay() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/appended"
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
    let fd = open(path, O_WRONLY | O_APPEND)
    #expect(fd >= 0)
    let pieces = Self.largePieces()
    let sink = FileSink(fd, pastThePageCache: true)
    for piece in pieces { piece.withUnsafeBytes { sink.append($0) } }
    sink.finish()
    close(fd)
    #expect(sink.failure == nil)
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(written == [1, 2, 3] + Array(pieces.joined()))
  }

  @Test func aFolderWhereTheFileShouldBeIsRefused() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(throws: UsageError.self) { try OutputFile.write(to: dir) { $0([1, 2, 3]) } }
  }

  @Test func aFullDiskLeavesNoPartialFile() throws {
    guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
    // /dev/full is a device: written as it is, and every write fails with ENOSPC.
    #expect(throws: UsageError.self) { try OutputFile.write(to: "/dev/full") { $0(Array(repeating: 0x41, count: 10_000)) } }
  }

  /// decisions.json streamed is byte-identical to decisions.json built in one buffer.
  @Test func streamedDecisionsAreTheBufferedBytes() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var csv = "invoice_number,customer_number,customer_name,issue_date,due_date,amount\n"
    for n in 0..<3_000 {
      csv +=
        "F\(n),\(100 + n % 40),Klant \(n % 40),2026-\(String(format: "%02d", 1 + n % 11))-\(String(format: "%02d", 1 + n % 28)),,\(n).05\n"
    }
    let documents = try Ingest.read(Array(csv.utf8), name: "facturen.csv").documents
    #expect(documents.count == 3_000)
    let report = DecisionEngine.decide(DecisionInput(documents: documents, asOf: CalendarDate(year: 2026, month: 11, day: 29)!))
    let buffered = DecisionsEncoding.bytes(report, policy: Policy(), generator: "test")
    let digest = try OutputFile.write(to: dir + "/decisions.json") { emit in
      DecisionsEncoding.write(report, policy: Policy(), generator: "test", emit: emit)
    }
    #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/decisions.json"))) == buffered)
    #expect(digest == Checksum.Digest(of: buffered))
  }
}
