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
