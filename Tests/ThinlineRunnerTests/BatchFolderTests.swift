import Foundation
import Testing
import ThinlineTestSupport

@testable import ThinlineRunner

/// A batch is published whole or not at all: renamed into place only after its commit.
@Suite struct BatchFolderTests {
  func outbox() -> String { Fixtures.workdir().path }

  @Test func theFolderAppearsUnderItsNameOnlyAfterTheCommit() throws {
    let dir = outbox()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let folder = BatchFolder(outbox: dir, id: "2026-11-29-abc")
    try folder.create()
    try OutputFile.write("x", to: folder.path("internal.txt"))
    var committed = false
    try folder.publish {
      #expect(!FileManager.default.fileExists(atPath: folder.final))  // not yet visible at commit time
      committed = true
    }
    #expect(committed)
    #expect(try String(contentsOfFile: folder.final + "/internal.txt", encoding: .utf8) == "x")
    #expect(!FileManager.default.fileExists(atPath: folder.temporary))
  }

  @Test func aFailedCommitRenamesNothingAndLeavesTheTemporaryFolderToRecovery() throws {
    let dir = outbox()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let folder = BatchFolder(outbox: dir, id: "2026-11-29-def")
    try folder.create()
    struct Refused: Error {}
    #expect(throws: Refused.self) { try folder.publish { throw Refused() } }
    #expect(!FileManager.default.fileExists(atPath: folder.final))
    #expect(FileManager.default.fileExists(atPath: folder.temporary))
    #expect(BatchFolder.id(ofTemporary: (folder.temporary as NSString).lastPathComponent) == "2026-11-29-def")
    #expect(BatchFolder.id(ofTemporary: "2026-11-29-def") == nil)
  }

  @Test func creatingStartsAfreshOverALeftover() throws {
    let dir = outbox()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let folder = BatchFolder(outbox: dir, id: "b")
    try folder.create()
    try OutputFile.write("old", to: folder.path("stale.txt"))
    try folder.create()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.temporary).isEmpty)
  }
}
