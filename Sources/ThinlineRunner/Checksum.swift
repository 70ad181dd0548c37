import Crypto

/// SHA-256 in lower-case hex: how the ledger knows a content, the manifest a file, a batch its id.
public enum Checksum {
  public static func sha256(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
