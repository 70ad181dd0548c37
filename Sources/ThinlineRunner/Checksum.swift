import Crypto

/// SHA-256 in lower-case hex: how the ledger knows a content, the manifest a file, a batch its id.
public enum Checksum {
  public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

  /// A file's size and SHA-256, as a manifest lists it.
  public struct Digest: Sendable, Equatable {
    public var size: Int
    public var sha256: String
    public init(size: Int, sha256: String) {
      self.size = size
      self.sha256 = sha256
    }
    public init(of bytes: [UInt8]) { self.init(size: bytes.count, sha256: Checksum.sha256(bytes)) }
  }

  /// The checksum of bytes that go by piece by piece (a file checksummed while it is written).
  public struct Running {
    var hasher = SHA256()
    var size = 0
    public init() {}
    public mutating func update(_ piece: [UInt8]) {
      hasher.update(data: piece)
      size += piece.count
    }
    public func digest() -> Digest { Digest(size: size, sha256: Checksum.hex(hasher.finalize())) }
  }

  static func hex(_ digest: SHA256.Digest) -> String {
    digest.map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
