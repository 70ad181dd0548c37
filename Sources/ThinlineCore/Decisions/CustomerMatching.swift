/// Finds the agreement an invoice's buyer belongs to, on any identifier: customer number, VAT id,
/// KvK number, GLN or Peppol endpoint id (rules.md §1).
///
/// Identifiers are compared case-insensitively, ignoring spaces, dots and hyphens; a VAT id also
/// matches without its two-letter country prefix, and a `scheme:value` in the agreements matches
/// the same value under that scheme or without one.
public struct CustomerIndex: Sendable {
  private var byKey: [String: Set<Int>] = [:]
  public let agreements: [CustomerAgreement]

  public init(_ agreements: [CustomerAgreement]) {
    self.agreements = agreements
    for (i, agreement) in agreements.enumerated() {
      for raw in [agreement.id] + agreement.identifiers {
        for key in Self.keys(forAgreementIdentifier: raw) { byKey[key, default: []].insert(i) }
      }
    }
  }

  /// The key an identifier is compared on (case, spaces, dots and hyphens ignored).
  public static func normalisedKey(_ text: String) -> String { normalise(text) }

  static func normalise(_ text: String) -> String { asciiNormalised(text) ?? generalNormalised(text) }

  static func generalNormalised(_ text: String) -> String {
    var out = ""
    for c in text.uppercased() where c != " " && c != "." && c != "-" && c != "\u{00A0}" { out.append(c) }
    return out
  }

  /// `normalise` for ASCII text (nearly every identifier), on bytes: the same result without
  /// `uppercased()` and grapheme breaking; nil for any other text.
  static func asciiNormalised(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      var out = [UInt8]()
      out.reserveCapacity(bytes.count)
      for byte in bytes {
        guard byte < 0x80 else { return nil }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"): continue
        case UInt8(ascii: "a")...UInt8(ascii: "z"): out.append(byte - 0x20)
        default: out.append(byte)
        }
      }
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// A VAT id is two letters and then digits (and letters, as NL…B01): its number without the country.
  static func vatCore(_ normalised: String) -> String? { asciiVATCore(normalised) ?? generalVATCore(normalised) }

  /// `vatCore` on the bytes of ASCII text without CR (a CR LF pair is one `Character`): `.some`
  /// of the answer, or nil for any other text.
  static func asciiVATCore(_ normalised: String) -> String?? {
    var text = normalised
    return text.withUTF8 { bytes -> String?? in
      guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return .none }
      func letter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
      guard bytes.count > 4, letter(bytes[0]), letter(bytes[1]), bytes[2] >= UInt8(ascii: "0") && bytes[2] <= UInt8(ascii: "9") else {
        return .some(nil)
      }
      return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[2...]), as: UTF8.self))
    }
  }

  static func generalVATCore(_ normalised: String) -> String? {
    let chars = Array(normalised)
    guard chars.count > 4, chars[0].isLetter, chars[1].isLetter, chars[2].isNumber else { return nil }
    return String(chars.dropFirst(2))
  }

  static func keys(forAgreementIdentifier raw: String) -> [String] {
    let n = normalise(raw)
    var keys = [n]
    if let colon = n.firstIndex(of: ":") {
      let value = String(n[n.index(after: colon)...])
      keys.append(value)
    }
    if let core = vatCore(n) { keys.append("VAT:" + core) }
    return keys
  }

  static let vatSchemes: Set<String> = ["VAT", "9944", "9930", "9925", "9906", "9957"]

  static func keys(forDocumentIdentifier id: PartyIdentifier) -> [String] {
    let value = normalise(id.value)
    var keys = [value]
    if let scheme = id.scheme { keys.append(normalise(scheme) + ":" + value) }
    if id.scheme.map({ vatSchemes.contains(normalise($0)) }) ?? true, let core = vatCore(value) { keys.append("VAT:" + core) }
    return keys
  }

  public enum Match: Hashable, Sendable {
    case none
    case one(Int)
    /// Several agreements match: never guess.
    case ambiguous([Int])
  }

  public func match(_ party: Party?) -> Match {
    guard let party, !byKey.isEmpty else { return .none }  // no agreements: nothing to match against
    var found = Set<Int>()
    for id in party.allIdentifiers {
      for key in Self.keys(forDocumentIdentifier: id) { found.formUnion(byKey[key] ?? []) }
    }
    switch found.count {
    case 0: return .none
    case 1: return .one(found.first!)
    default: return .ambiguous(found.sorted())
    }
  }

  /// The agreement for a bare customer number (payments, approvals), if exactly one.
  public func match(customer: String) -> Int? {
    let found = byKey[Self.normalise(customer)] ?? []
    return found.count == 1 ? found.first : nil
  }
}
