import Foundation
import ThinlineCore

/// What reading one bank statement file gives.
public struct BankStatementFile: Sendable {
  /// `MT940`, or the camt message version (`camt.053.001.02`).
  public var format: String
  public var statements = 0
  public var entries: [BankEntry] = []
  /// Balances that do not reconcile, entries without a date …: the file is still read.
  public var warnings: [Finding] = []
  public init(format: String) { self.format = format }
}

/// Reads any bank statement Thinline knows, detected by content.
public enum BankStatementReader {
  public enum Kind: Sendable { case camt, mt940 }

  public static func kind(of bytes: [UInt8]) -> Kind? {
    if CamtReader.sniff(bytes) { return .camt }
    if MT940Reader.sniff(bytes) { return .mt940 }
    return nil
  }

  public static func read(_ bytes: [UInt8], source: String) throws(InputError) -> BankStatementFile {
    switch kind(of: bytes) {
    case .camt: return try CamtReader.read(bytes, source: source)
    case .mt940: return try MT940Reader.read(bytes, source: source)
    case nil: throw InputError(SourceLocation(file: source), "not a bank statement", expected: "camt.053 XML or MT940")
    }
  }
}

/// Statement amounts: digits with a decimal comma or point (`1000,`, `0,3`, `8.850`), made money
/// with two decimals. Digits beyond the cent that are not zero are refused, never rounded.
enum BankAmount {
  static func parse(_ text: Substring, at location: SourceLocation) throws(InputError) -> ExactDecimal {
    var whole: [UInt8] = []
    var fraction: [UInt8] = []
    var separators = 0
    for b in text.utf8 {
      if b >= 48 && b <= 57 {
        if separators == 0 { whole.append(b) } else { fraction.append(b) }
      } else if b == UInt8(ascii: ",") || b == UInt8(ascii: ".") {
        separators += 1
      } else {
        separators = 99
      }
    }
    guard separators <= 1, !whole.isEmpty || !fraction.isEmpty else {
      throw InputError(
        location, "the amount \"\(text)\" is not a number", expected: "digits with one decimal comma or point, such as 1250,00")
    }
    while fraction.count > 2, fraction.last == 48 { fraction.removeLast() }
    guard fraction.count <= 2 else {
      throw InputError(
        location, "the amount \"\(text)\" has more than two decimals; Thinline does not round a bank's amount",
        expected: "an amount to the cent")
    }
    while fraction.count < 2 { fraction.append(48) }
    let integer = whole.isEmpty ? [48] : whole
    guard integer.count + fraction.count <= 30,
      let value = ExactDecimal(xsDecimal: String(decoding: integer + [46] + fraction, as: UTF8.self))
    else {
      throw InputError(location, "the amount \"\(text)\" is too long")
    }
    return ExactDecimal(value.value, scale: 2)
  }
}

/// Labels that put a betalingskenmerk in free text, and ISO 11649 references anywhere.
enum ReferenceScanner {
  static let labels = [
    "BETALINGSKENMERK", "BETALINGSKENM.", "BETALINGSKENM", "BET.KENM.", "BET.KENM", "KENMERK:", "KN:", "CUR REF:", "SCOR/CUR/",
  ]

  /// A creditor reference as a statement gives it: RF references and digit groups compact
  /// (`RF18 5390 0754 7034` → `RF18539007547034`), any other reference as written.
  static func asWritten(_ text: String) -> String {
    let compact = PaymentReferences.normalise(text)
    if compact.hasPrefix("RF") && PaymentReferences.isValidCreditorReference(compact) { return compact }
    if compact.allSatisfy(\.isNumber) { return compact }
    return text.trimmingCharacters(in: .whitespaces)
  }

  /// The references a remittance text names by label (digits joined), and valid `RF…` tokens.
  static func references(in text: String) -> [String] {
    var found: [String] = []
    let upper = Array(text.uppercased().utf8)
    for label in labels {
      let l = Array(label.utf8)
      var i = 0
      while i + l.count <= upper.count {
        guard upper[i..<(i + l.count)].elementsEqual(l) else {
          i += 1
          continue
        }
        var j = i + l.count
        var digits: [UInt8] = []
        while j < upper.count, upper[j] == 0x20 || upper[j] == UInt8(ascii: ":") { j += 1 }
        while j < upper.count, digits.count < 16,
          (upper[j] >= 48 && upper[j] <= 57) || ((upper[j] == 0x20 || upper[j] == 0x2E) && !digits.isEmpty)
        {
          if upper[j] >= 48 && upper[j] <= 57 { digits.append(upper[j]) }
          j += 1
        }
        if digits.count >= 7 {
          let reference = String(decoding: digits, as: UTF8.self)
          if !found.contains(reference) { found.append(reference) }
        }
        i = max(j, i + 1)
      }
    }
    // A 16-digit token on its own (iDEAL, acceptgiro): a payment reference the creditor may have issued.
    for token in text.split(whereSeparator: { !$0.isNumber }) where token.count == 16 {
      // The token's own place (not the first occurrence of its digits elsewhere).
      let before = token.startIndex > text.startIndex ? text[text.index(before: token.startIndex)] : " "
      let reference = String(token)
      if !before.isLetter, !found.contains(reference) { found.append(reference) }
    }
    for token in text.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where token.hasPrefix("RF") {
      let reference = String(token)
      if PaymentReferences.isValidCreditorReference(reference), !found.contains(reference) { found.append(reference) }
    }
    return found
  }
}
