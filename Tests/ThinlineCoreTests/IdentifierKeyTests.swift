import Testing

@testable import ThinlineCore

/// Identifier keys on bytes (ASCII) against the general path on `Character`s: the same keys.
@Suite struct IdentifierKeyTests {
  static let alphabet = Array("aZ09 .-_:\r\n\tNLnl\u{00A0}é")

  static func samples() -> [String] {
    var random = SystemRandomNumberGenerator()
    var samples = ["", " ", "nl 8123.45.678.b01", "NL-123", "\r\n", "ab\r\n12345", "be0123456789", "12"]
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...14, using: &random)
      samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
    }
    return samples
  }

  @Test func asciiKeysAreTheGeneralKeys() {
    for text in Self.samples() {
      #expect(CustomerIndex.normalise(text) == CustomerIndex.generalNormalised(text), "\(text.debugDescription)")
      let key = CustomerIndex.normalise(text)
      #expect(CustomerIndex.vatCore(key) == CustomerIndex.generalVATCore(key), "\(key.debugDescription)")
    }
  }

  @Test func theFastPathIsTakenForPlainIdentifiersOnly() {
    #expect(CustomerIndex.asciiNormalised("nl 8123.45") == "NL812345")
    #expect(CustomerIndex.asciiNormalised("Zoë") == nil)
    #expect(CustomerIndex.asciiVATCore("NL812345678B01") == .some("812345678B01"))
    #expect(CustomerIndex.asciiVATCore("AB\r\n1234") == .none)
  }
}
