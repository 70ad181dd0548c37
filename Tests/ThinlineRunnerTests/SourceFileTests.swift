import Foundation
import Testing

@testable import ThinlineRunner

/// A source is carried by what was read: a dossier gets that content or a clear refusal.
@Suite struct SourceFileTests {
  func file(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "thinline-source-\(UUID().uuidString).csv"
    try OutputFile.write(text, to: path)
    return path
  }

  @Test func theContentDecidedFromIsGivenAgain() throws {
    let path = try file("a,b\n1,2\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let source = SourceFile(name: "x.csv", path: path, digest: Checksum.Digest(of: Array("a,b\n1,2\n".utf8)))
    #expect(try source.content() == Array("a,b\n1,2\n".utf8))
  }

  @Test func aFileChangedSinceItWasReadIsRefusedNamingBothChecksums() throws {
    let path = try file("a,b\n1,3\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let read = Checksum.Digest(of: Array("a,b\n1,2\n".utf8))
    let source = SourceFile(name: "x.csv", path: path, digest: read)
    #expect {
      _ = try source.content()
    } throws: { error in
      let text = "\(error)"
      return text.contains(path) && text.contains("changed while Thinline ran") && text.contains(String(read.sha256.prefix(12)))
    }
  }

  @Test func aFileGoneOrReadFromStandardInputIsRefused() throws {
    let gone = SourceFile(name: "gone.csv", path: "/nonexistent/gone.csv", digest: Checksum.Digest(of: []))
    #expect(throws: UsageError.self) { _ = try gone.content() }
    let stdin = SourceFile(name: "-", path: nil, digest: Checksum.Digest(of: []))
    #expect(throws: UsageError.self) { _ = try stdin.content() }
  }
}
