import Foundation

/// An input as a run carries it from the read to the outputs: the name outputs give it, where
/// it is, and the size and SHA-256 of the content the decisions were made from. An output that
/// carries the file (a dossier's source copy, its PDFs) reads it through here, checked against
/// that SHA-256, instead of looking a name up on disk again.
public struct SourceFile: Sendable, Equatable {
  /// The name outputs record (`source` in decisions.json and the dossiers).
  public var name: String
  /// Where it was read; nil for standard input.
  public var path: String?
  public var digest: Checksum.Digest

  public init(name: String, path: String?, digest: Checksum.Digest) {
    self.name = name
    self.path = path
    self.digest = digest
  }

  /// The content again, for an output that carries it.
  /// - Throws: `UsageError` when it cannot be read again, or is no longer what was decided
  ///   from (the file changed during the run): a dossier never carries another content than
  ///   the one its claims rest on.
  public func content() throws(UsageError) -> [UInt8] {
    guard let path else { throw UsageError("\(name): read from standard input; it cannot be read a second time for the dossier") }
    let bytes: [UInt8]
    do { bytes = try InputFiles.read(InputFile(name: path, path: path)) } catch {
      throw UsageError("\(error.description) (it was read earlier in this run: did it move?); nothing was written for its dossier")
    }
    let now = Checksum.Digest(of: bytes)
    guard now == digest else {
      throw UsageError(
        "\(path): changed while Thinline ran (sha256 \(digest.sha256.prefix(12))… when read, \(now.sha256.prefix(12))… now); the dossier must carry what was decided from: run again once the export is complete"
      )
    }
    return bytes
  }
}
