import Foundation
import ThinlineCSV
import ThinlineCore

/// SWIFT MT940 as Dutch (and other) banks export it.
///
/// The SWIFT syntax is shared; the envelope and `:86:` are not. Read in three steps: the file
/// becomes lines without envelopes (`{1:}…{4:`, `-}`, SOH/ETX, `^Z`, bank header lines), the
/// lines become fields (a tag line and its continuation lines), and each `:61:` with its `:86:`
/// becomes a `BankEntry`. `:86:` lines wrapped at 65 columns are joined before the text is split
/// on its sub-fields, so a tag cut in two (`/REM` + `I/`) is whole again.
public enum MT940Reader {
  /// Tags Thinline recognises at the start of a line; anything else (`:00:` inside ING's text)
  /// is content of the field before.
  static let knownTags: Set<String> = [
    "20", "21", "25", "25P", "28", "28C", "60F", "60M", "61", "62F", "62M", "64", "65", "86", "12", "13", "13D", "34F", "90D", "90C", "NS",
  ]

  public static func sniff(_ bytes: [UInt8]) -> Bool {
    var sawTransactionReference = false
    var sawStatementField = false
    // Bytes, not Characters: "\r\n" is one Character in Swift.
    for raw in bytes.prefix(65536).split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
      let line = raw.drop { $0 == 0x01 || $0 == 0x1A || $0 == 0x20 }
      let text = String(decoding: line, as: UTF8.self)
      let content = text.range(of: "{4:").map { text[$0.upperBound...] } ?? Substring(text)
      if content.hasPrefix(":20:") { sawTransactionReference = true }
      if content.hasPrefix(":25:") || content.hasPrefix(":60F:") || content.hasPrefix(":28C:") || content.hasPrefix(":61:") {
        sawStatementField = true
      }
      if sawTransactionReference && sawStatementField { return true }
    }
    return false
  }

  struct Line {
    var text: Substring
    var number: Int
  }

  struct Field {
    var tag: String
    var lines: [Line]
    var first: Substring { lines[0].text }
    var line: Int { lines[0].number }
  }

  public static func read(_ bytes: [UInt8], source: String) throws(InputError) -> BankStatementFile {
    let decoded = TextDecoding.decode(bytes).utf8
    var cleaned: [UInt8] = []
    cleaned.reserveCapacity(decoded.count)
    for b in decoded {
      switch b {
      case 0x01, 0x03, 0x1A: continue  // SOH/ETX envelopes, DOS end-of-file
      case 0x09: cleaned.append(0x20)
      case 0x0A, 0x0D: cleaned.append(b)
      case 0..<0x20, 0x7F: cleaned.append(0x20)  // a stray control byte inside text
      default: cleaned.append(b)
      }
    }
    // Old ING files write the hyphen as 0xAD (a soft hyphen in Windows-1252): it is a hyphen.
    let text = String(decoding: cleaned, as: UTF8.self).replacingOccurrences(of: "\u{AD}", with: "-")
    var lines: [Line] = []
    var number = 0
    // Lines end in LF, CRLF or a lone CR; "\r\n" is one Character, so split on scalars.
    var start = text.startIndex
    let scalars = text.unicodeScalars
    var si = scalars.startIndex
    while si < scalars.endIndex {
      let c = scalars[si]
      if c == "\n" || c == "\r" {
        number += 1
        lines.append(Line(text: text[start..<si], number: number))
        var next = scalars.index(after: si)
        if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
        si = next
        start = si
        continue
      }
      si = scalars.index(after: si)
    }
    number += 1
    lines.append(Line(text: text[start...], number: number))
    let fields = try fieldsOf(lines, source: source)
    var statements = Statements(source: source)
    try statements.read(fields)
    return statements.file
  }

  /// Lines → fields, envelopes and headers dropped. A field ends at the next tag, at a
  /// message end (`-`, `-}`) or at an envelope.
  static func fieldsOf(_ lines: [Line], source: String) throws(InputError) -> [Field] {
    var fields: [Field] = []
    var open = false  // continuation lines belong to the last field
    var i = 0
    while i < lines.count {
      var rest = lines[i].text
      let number = lines[i].number
      i += 1
      // Envelope blocks and message ends at the start of the line.
      var ended = false
      while true {
        if rest.hasPrefix("-}") {
          rest = rest.dropFirst(2)
          ended = true
          continue
        }
        if rest.hasPrefix("{") {
          if rest.hasPrefix("{4:") {
            rest = rest.dropFirst(3)
            open = false
            continue
          }
          rest = skipBlock(rest)
          continue
        }
        break
      }
      if ended { fields.append(Field(tag: "-", lines: [Line(text: "", number: number)])) }
      if ended { open = false }
      // A tag line: `:TAG:value`, the tag one Thinline knows.
      if rest.hasPrefix(":"), let close = rest.dropFirst().firstIndex(of: ":") {
        let tag = String(rest[rest.index(after: rest.startIndex)..<close])
        if knownTags.contains(tag) {
          var value = rest[rest.index(after: close)...]
          var endsMessage = false
          if value.hasSuffix("-}") {
            value = value.dropLast(2)
            endsMessage = true
          }
          fields.append(Field(tag: tag, lines: [Line(text: value, number: number)]))
          open = !endsMessage
          if endsMessage { fields.append(Field(tag: "-", lines: [Line(text: "", number: number)])) }
          continue
        }
      }
      let trimmed = rest.trimmingSpaces
      if trimmed == "-" {
        // The end of a message, unless the next line goes on with the text of an :86:.
        var j = i
        while j < lines.count, lines[j].text.trimmingSpaces.isEmpty { j += 1 }
        let next = j < lines.count ? lines[j].text.trimmingSpaces : ""
        let continues =
          open && fields.last?.tag == "86" && !next.isEmpty && !next.hasPrefix(":") && !next.hasPrefix("{")
          && !next.hasPrefix("-")
        if !continues {
          fields.append(Field(tag: "-", lines: [Line(text: "", number: number)]))
          open = false
          continue
        }
      }
      if trimmed.hasPrefix("-XXX") && !open { continue }
      if open, !fields.isEmpty {
        if trimmed.isEmpty && fields[fields.count - 1].tag != "86" { continue }
        fields[fields.count - 1].lines.append(Line(text: rest, number: number))
      }
      // Otherwise: a bank's header line (`940`, `ABNANL2A`, `0000 01INGBNL2AXXXX00001`), free
      // text before the first message, an empty line: not statement content.
    }
    // Empty trailing lines of an :86: are padding, not text.
    for f in fields.indices where fields[f].tag == "86" {
      while fields[f].lines.count > 1, fields[f].lines.last!.text.trimmingSpaces.isEmpty { fields[f].lines.removeLast() }
    }
    return fields
  }

  /// Skips one `{N:…}` block (nested braces allowed); an unclosed block takes the line.
  static func skipBlock(_ text: Substring) -> Substring {
    var depth = 0
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "{" { depth += 1 }
      if text[index] == "}" {
        depth -= 1
        if depth == 0 { return text[text.index(after: index)...] }
      }
      index = text.index(after: index)
    }
    return text[text.endIndex...]
  }
}

extension Substring {
  var trimmingSpaces: Substring {
    var s = self
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return s
  }
}

extension String {
  var collapsingSpaces: String {
    var out = ""
    out.reserveCapacity(count)
    var space = false
    for c in self {
      if c == " " {
        space = true
      } else {
        if space && !out.isEmpty { out.append(" ") }
        space = false
        out.append(c)
      }
    }
    return out
  }
}

/// Fields → statements and entries.
struct Statements {
  let source: String
  var file: BankStatementFile

  init(source: String) {
    self.source = source
    self.file = BankStatementFile(format: "MT940")
  }

  // The statement being read.
  var account: String?
  var statementID: String?
  var sequence: String?
  var currency: String?
  var opening: (amount: Decimal, line: Int)?
  var movement = Decimal(0)
  var entriesInStatement = 0
  var inStatement = false
  var lastEntryOpen = false

  mutating func read(_ fields: [MT940Reader.Field]) throws(InputError) {
    for field in fields {
      switch field.tag {
      case "20":
        finishStatement()
        inStatement = true
        statementID = String(field.first.trimmingSpaces)
      case "25", "25P":
        begin()
        account = Self.account(field.first)
        if currency == nil { currency = Self.currencySuffix(field.first) }
      case "28", "28C":
        begin()
        sequence = String(field.first.trimmingSpaces)
      case "60F", "60M":
        begin()
        let balance = try balanceOf(field)
        currency = balance.currency ?? currency
        opening = (balance.amount, field.line)
        movement = 0
      case "61":
        begin()
        try entry(field)
        lastEntryOpen = true
      case "86":
        if lastEntryOpen, !file.entries.isEmpty {
          // Old Rabobank files give an entry several :86: fields: their texts add up.
          let earlier = file.entries[file.entries.count - 1].remittance
          details(field, into: &file.entries[file.entries.count - 1])
          if let earlier, let now = file.entries[file.entries.count - 1].remittance, now != earlier {
            file.entries[file.entries.count - 1].remittance = earlier + " " + now
          }
        }
      case "62F", "62M":
        let balance = try balanceOf(field)
        if currency == nil { currency = balance.currency }
        if let opening, balance.currency == nil || balance.currency == currency, opening.amount + movement != balance.amount {
          file.warnings.append(
            Finding(
              .warning, rule: "TL-BANK-BALANCE",
              "the opening balance \(opening.amount.moneyText) and the entries (\(movement.moneyText)) do not add up to the closing balance \(balance.amount.moneyText) of statement \(statementName ?? "?")",
              at: SourceLocation(file: source, line: field.line)))
        }
        // An interim closing balance opens the next part with the same amount.
        opening = (balance.amount, field.line)
        movement = 0
        lastEntryOpen = false
      case "-":
        finishStatement()
      default:
        lastEntryOpen = false
      }
    }
    finishStatement()
    // Entries read before the currency was known (no :60F: first) take the statement's.
  }

  var statementName: String? {
    guard let statementID else { return sequence }
    return sequence.map { statementID + "/" + $0 } ?? statementID
  }

  /// A field before any `:20:` opens a statement too.
  mutating func begin() { inStatement = true }

  mutating func finishStatement() {
    if inStatement { file.statements += 1 }
    let first = file.entries.count - entriesInStatement
    for e in first..<file.entries.count where file.entries[e].currency == nil { file.entries[e].currency = currency }
    inStatement = false
    account = nil
    statementID = nil
    sequence = nil
    currency = nil
    opening = nil
    movement = 0
    entriesInStatement = 0
    lastEntryOpen = false
  }

  static func account(_ text: Substring) -> String? {
    let value = text.trimmingSpaces
    guard !value.isEmpty else { return nil }
    if let iban = PaymentReferences.iban(value) { return iban }
    // `NL62INGB0006868686EUR`, `NL34RABO0142623393 EUR`: the IBAN and the currency.
    if let space = value.lastIndex(of: " "), let iban = PaymentReferences.ibanShaped(value[..<space]),
      value[value.index(after: space)...].count == 3
    {
      return iban
    }
    let head = value.dropLast(3)
    if value.count > 18, value.suffix(3).allSatisfy({ $0.isASCII && $0.isUppercase }), head.last?.isNumber == true,
      let iban = PaymentReferences.ibanShaped(head)
    {
      return iban
    }
    if let iban = PaymentReferences.ibanShaped(value) { return iban }
    return String(value)
  }

  static func currencySuffix(_ text: Substring) -> String? {
    let value = text.trimmingSpaces
    let suffix = value.suffix(3)
    guard value.count > 3, suffix.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
    return String(suffix)
  }

  /// `:60F:C150116EUR10000,00`: mark, date, currency, amount.
  func balanceOf(_ field: MT940Reader.Field) throws(InputError) -> (amount: Decimal, currency: String?) {
    let text = field.first.trimmingSpaces
    let location = SourceLocation(file: source, line: field.line, column: 1)
    guard let mark = text.first, mark == "C" || mark == "D", text.count >= 10 else {
      throw InputError(
        location, "the balance \"\(text)\" in :\(field.tag): cannot be read", expected: "C or D, a date YYMMDD, a currency and an amount")
    }
    let afterDate = text.dropFirst(7)
    let currency = afterDate.prefix(3)
    let amount = try BankAmount.parse(afterDate.dropFirst(3).trimmingSpaces, at: location)
    return (mark == "D" ? -amount.value : amount.value, currency.allSatisfy(\.isLetter) ? String(currency) : nil)
  }

  /// `:61:1501200120C10,5N654NONREF//bankref` and its supplementary line.
  mutating func entry(_ field: MT940Reader.Field) throws(InputError) {
    let line = field.line
    var s = Array(field.first.utf8)
    while s.first == 0x20 { s.removeFirst() }
    var i = 0
    func location(_ column: Int) -> SourceLocation { SourceLocation(file: source, line: line, column: column + 5) }
    func digits(_ n: Int) -> Int? {
      guard i + n <= s.count, s[i..<(i + n)].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
      return s[i..<(i + n)].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    guard let yymmdd = digits(6) else {
      throw InputError(location(0), "the :61: line does not start with a value date", expected: "YYMMDD")
    }
    let yy = yymmdd / 10000
    let year = yy < 80 ? 2000 + yy : 1900 + yy
    guard let valueDate = CalendarDate(year: year, month: yymmdd / 100 % 100, day: yymmdd % 100) else {
      throw InputError(
        location(0), "the value date \(String(decoding: s[0..<6], as: UTF8.self)) is not a date in the calendar",
        expected: "a real date YYMMDD")
    }
    i = 6
    var bookingDate: CalendarDate?
    if let mmdd = digits(4) {
      var best: CalendarDate?
      for y in (year - 1)...(year + 1) {
        guard let candidate = CalendarDate(year: y, month: mmdd / 100, day: mmdd % 100) else { continue }
        if best == nil || abs(valueDate.days(until: candidate)) < abs(valueDate.days(until: best!)) { best = candidate }
      }
      guard let best else {
        throw InputError(
          location(6), "the entry date \(String(decoding: s[6..<10], as: UTF8.self)) is not a date in the calendar",
          expected: "a real date MMDD")
      }
      bookingDate = best
      i += 4
    } else if i + 4 <= s.count, s[i..<(i + 4)].allSatisfy({ $0 == 0x20 }) {
      i += 4
    }
    var reversal = false
    if i < s.count, s[i] == UInt8(ascii: "R") {
      reversal = true
      i += 1
    } else if i < s.count, s[i] == UInt8(ascii: "E") {
      i += 1  // expected (intraday) entry
    }
    guard i < s.count, s[i] == UInt8(ascii: "C") || s[i] == UInt8(ascii: "D") else {
      throw InputError(location(i), "the :61: line has no debit/credit mark where one belongs", expected: "C, D, RC or RD")
    }
    // RC reverses a credit: money goes out. RD reverses a debit: money comes in.
    let mark = s[i]
    let direction: BankEntry.Direction =
      reversal ? (mark == UInt8(ascii: "C") ? .debit : .credit) : (mark == UInt8(ascii: "C") ? .credit : .debit)
    i += 1
    if i < s.count, (s[i] >= 65 && s[i] <= 90) { i += 1 }  // funds code: the currency's third letter
    let amountStart = i
    while i < s.count, (s[i] >= 48 && s[i] <= 57) || s[i] == UInt8(ascii: ",") || s[i] == UInt8(ascii: ".") { i += 1 }
    let amountText = Substring(String(decoding: s[amountStart..<i], as: UTF8.self))
    let amount = try BankAmount.parse(amountText, at: location(amountStart))
    // Transaction type: N/F/S and three characters, unless the reference starts right away.
    var typeCode: String?
    let restText = String(decoding: s[i...], as: UTF8.self)
    if i + 4 <= s.count, [UInt8(ascii: "N"), UInt8(ascii: "F"), UInt8(ascii: "S")].contains(s[i]), !restText.hasPrefix("NONREF") {
      typeCode = String(decoding: s[(i + 1)..<(i + 4)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
      i += 4
    }
    let references = String(decoding: s[i...], as: UTF8.self)
    var customerReference: String
    var bankReference: String?
    if let split = references.range(of: "//") {
      customerReference = String(references[..<split.lowerBound])
      let bank = references[split.upperBound...].trimmingSpaces
      bankReference = bank.isEmpty || bank.uppercased() == "NONREF" ? nil : String(bank)
    } else {
      customerReference = references
    }
    customerReference = customerReference.trimmingCharacters(in: .whitespaces)

    var entry = BankEntry(
      source: SourceLocation(file: source, line: line), format: "MT940", amount: amount, direction: direction)
    entry.account = account
    entry.statement = statementName
    entry.valueDate = valueDate
    entry.bookingDate = bookingDate
    entry.currency = currency
    entry.reversal = reversal
    entry.bankReference = bankReference
    entry.transactionCode = typeCode
    let markers: Set<String> = ["NONREF", "EREF", "PREF", "MARF", "NOTPROVIDED", ""]
    if !markers.contains(customerReference.uppercased()) {
      if let iban = PaymentReferences.ibanShaped(customerReference) {
        entry.counterpartyIBAN = iban  // SNS/ASN: the counter IBAN glued to the type code
      } else if let (account, name) = Self.accountAndName(customerReference) {
        _ = account  // old Rabobank: "0121470966      W.P. Jansen" (a BBAN, not an IBAN)
        entry.counterpartyName = name
      } else if Self.isSixteenDigits(customerReference) || PaymentReferences.isValidCreditorReference(customerReference) {
        entry.structuredReferences.append(PaymentReferences.normalise(customerReference))
      }
    }
    if let bank = bankReference, Self.isSixteenDigits(bank), !entry.structuredReferences.contains(bank) {
      entry.structuredReferences.append(bank)  // SNS puts the betalingskenmerk after //
    }
    // The supplementary line: Rabobank's counter IBAN, SNS's name, or codes such as /OCMT/.
    for extra in field.lines.dropFirst() {
      let text = extra.text.trimmingSpaces
      guard !text.isEmpty, !text.hasPrefix("/") else { continue }
      let words = text.split(separator: " ", maxSplits: 1)
      if let iban = PaymentReferences.ibanShaped(words[0]) {
        if entry.counterpartyIBAN == nil { entry.counterpartyIBAN = iban }
        if words.count > 1, entry.counterpartyName == nil { entry.counterpartyName = String(words[1].trimmingSpaces) }
      } else if words[0].allSatisfy(\.isNumber) || Self.isPostbankNumber(String(words[0])) {
        if words.count > 1, entry.counterpartyName == nil, !words[0].allSatisfy(\.isNumber) || words[0].count <= 10 {
          entry.counterpartyName = String(words[1].trimmingSpaces)
        }
        continue  // an account number (PostFinance reference, Rabobank P-number), not a name
      } else if entry.counterpartyName == nil {
        entry.counterpartyName = String(text)
      }
    }
    if entry.currency == nil { entry.currency = currency }
    movement += direction == .credit ? amount.value : -amount.value
    entriesInStatement += 1
    file.entries.append(entry)
  }

  /// `P001234567`: an old Postbank/ING account number.
  static func isPostbankNumber(_ text: String) -> Bool {
    text.count >= 4 && text.count <= 10 && text.first == "P" && text.dropFirst().allSatisfy(\.isNumber)
  }

  /// `0121470966      W.P. Jansen`: a 9–10 digit account, two or more spaces, a name.
  static func accountAndName(_ text: String) -> (String, String)? {
    guard let gap = text.range(of: "  ") else { return nil }
    let account = text[..<gap.lowerBound]
    let name = text[gap.upperBound...].trimmingCharacters(in: .whitespaces)
    guard (7...10).contains(account.count), account.allSatisfy({ $0.isNumber }) || isPostbankNumber(String(account)), !name.isEmpty
    else { return nil }
    return (String(account), name)
  }

  static func isSixteenDigits(_ text: String) -> Bool { text.utf8.count == 16 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

  /// `:86:`, joined and split by the layout it is in.
  func details(_ field: MT940Reader.Field, into entry: inout BankEntry) {
    let german = Self.isGerman(field.first)
    let structuredLayout = field.first.trimmingSpaces.hasPrefix("/")
    var text = ""
    var previousLength = 0
    for (n, line) in field.lines.enumerated() {
      let part = String(line.text)
      if n > 0 {
        // Banks cut :86: at 65 columns, mid-word in the structured layouts (`/REM` + `I/`) and in
        // numbers; the free-text layouts and banks that do not cut (bunq: longer lines) wrap at words.
        let nearLimit = (58...70).contains(previousLength)
        let digits = text.last?.isNumber == true && part.first?.isNumber == true
        let label = Self.freeTextLabels.contains { part.uppercased().hasPrefix($0) }
        let cut =
          german || part.hasPrefix("/") || text.hasSuffix("/")
          || (nearLimit && !label && (structuredLayout || digits))
        if !cut && !part.hasPrefix(" ") && !text.hasSuffix(" ") { text += " " }
      }
      text += part
      previousLength = part.count + (n == 0 ? 4 : 0)
    }
    let joined = text
    if german {
      Self.german(joined, into: &entry)
    } else if joined.trimmingCharacters(in: .whitespaces).hasPrefix("/"), Self.structured(joined, into: &entry) {
      // Dutch structured layout
    } else {
      Self.freeText(joined, into: &entry)
    }
    for reference in ReferenceScanner.references(in: joined)
    where !entry.structuredReferences.contains(reference) {
      entry.structuredReferences.append(reference)
    }
  }

  /// Labels of the old free-text layouts; a line that starts with one starts a new word.
  static let freeTextLabels = [
    "BETALINGSKENM", "BET.KENM", "OMSCHRIJVING:", "KENMERK:", "IBAN:", "BIC:", "NAAM:", "MACHTIGING", "INCASSANT:", "REK:", "INCL",
  ]

  static func isGerman(_ first: Substring) -> Bool {
    let s = Array(first.utf8)
    return s.count >= 4 && s[0..<3].allSatisfy({ $0 >= 48 && $0 <= 57 }) && s[3] == UInt8(ascii: "?")
  }

  static let topLevelTags = [
    "TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "CNTP", "ORDP", "BENM", "ADDR", "ISDT", "RTRN", "PREF", "PURP",
    "SUM", "ULTC", "ULTD", "ULTB", "ULTA", "CDTRREFTP", "CDTRREF", "FX", "OCMT", "CHGS", "EXCH", "BUSP", "SVCL", "ORIG", "ACCW",
    "RTYP", "IREF", "CREF",
  ].map { Array($0.utf8) }

  /// `/TRTP/…/IBAN/…/NAME/…/REMI/…/EREF/…` (ABN AMRO, Knab, bunq, Rabobank, ING, Triodos).
  /// Returns false when no known tag is found (the text is free text after all).
  static func structured(_ text: String, into entry: inout BankEntry) -> Bool {
    let s = Array(text.utf8)
    var marks: [(tag: String, start: Int, valueStart: Int)] = []
    var i = 0
    while i < s.count {
      if s[i] == UInt8(ascii: "/") {
        var matched: [UInt8]?
        for tag in topLevelTags where i + tag.count + 1 < s.count + 0 && i + 1 + tag.count < s.count {
          if s[(i + 1)..<(i + 1 + tag.count)].elementsEqual(tag), s[i + 1 + tag.count] == UInt8(ascii: "/") {
            if matched == nil || tag.count > matched!.count { matched = tag }
          }
        }
        if let tag = matched {
          marks.append((String(decoding: tag, as: UTF8.self), i, i + tag.count + 2))
          i += tag.count + 1  // the closing slash may open the next tag
          continue
        }
      }
      i += 1
    }
    guard !marks.isEmpty else { return false }
    var values: [(String, String)] = []
    for (n, mark) in marks.enumerated() {
      let end = n + 1 < marks.count ? marks[n + 1].start : s.count
      let value = mark.valueStart <= end ? String(decoding: s[mark.valueStart..<end], as: UTF8.self) : ""
      values.append((mark.tag, value))
    }
    func clean(_ v: String) -> String? {
      var t = Substring(v)
      while t.last == "/" || t.last == " " { t = t.dropLast() }
      while t.first == "/" || t.first == " " { t = t.dropFirst() }
      let out = String(t).collapsingSpaces
      return out.isEmpty ? nil : out
    }
    var remittance: [String] = []
    for (tag, value) in values {
      switch tag {
      case "NAME":
        if entry.counterpartyName == nil { entry.counterpartyName = clean(value) }
      case "IBAN":
        if let v = clean(value), let iban = PaymentReferences.ibanShaped(v) { entry.counterpartyIBAN = iban }
      case "CNTP":
        // ING: /CNTP/IBAN/BIC/name/city/
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        if let first = parts.first, let iban = PaymentReferences.ibanShaped(first) { entry.counterpartyIBAN = iban }
        if parts.count > 2, !parts[2].isEmpty, entry.counterpartyName == nil { entry.counterpartyName = parts[2].collapsingSpaces }
      case "EREF":
        if let v = clean(value), v.uppercased() != "NOTPROVIDED" { entry.endToEndID = v }
      case "RTRN":
        entry.returnReason = clean(value)
      case "CDTRREF":
        if let v = clean(value) { entry.structuredReferences.append(PaymentReferences.normalise(v)) }
      case "REMI":
        guard var v = clean(value) else { continue }
        if v.hasPrefix("USTD/") {
          v = clean(String(v.dropFirst(5))) ?? ""
        } else if v.hasPrefix("STRD/") {
          // /REMI/STRD/CUR/1234567890123456/
          let parts = v.split(separator: "/")
          if let reference = parts.last, parts.count >= 2 { entry.structuredReferences.append(PaymentReferences.normalise(reference)) }
          continue
        }
        if !v.isEmpty { remittance.append(v) }
      case "TRTP":
        if entry.transactionCode == nil { entry.transactionCode = clean(value) }
      default:
        continue
      }
    }
    if !remittance.isEmpty { entry.remittance = remittance.joined(separator: " ") }
    return true
  }

  /// German `?NN` sub-fields with SEPA qualifiers (`EREF+`, `SVWZ+`).
  static func german(_ text: String, into entry: inout BankEntry) {
    var fields: [(Int, String)] = []
    let s = Array(text.utf8)
    var i = 0
    var current: Int?
    var value: [UInt8] = []
    while i < s.count {
      if s[i] == UInt8(ascii: "?"), i + 2 < s.count, s[i + 1] >= 48, s[i + 1] <= 57, s[i + 2] >= 48, s[i + 2] <= 57 {
        if let current { fields.append((current, String(decoding: value, as: UTF8.self))) }
        current = Int(s[i + 1] - 48) * 10 + Int(s[i + 2] - 48)
        value = []
        i += 3
        continue
      }
      if current != nil { value.append(s[i]) }
      i += 1
    }
    if let current { fields.append((current, String(decoding: value, as: UTF8.self))) }
    let purpose = fields.filter { (20...29).contains($0.0) || (60...63).contains($0.0) }.map(\.1).joined()
    let name = fields.filter { $0.0 == 32 || $0.0 == 33 }.map(\.1).joined().trimmingCharacters(in: .whitespaces)
    if !name.isEmpty { entry.counterpartyName = name.collapsingSpaces }
    if let account = fields.first(where: { $0.0 == 31 }), let iban = PaymentReferences.ibanShaped(account.1) {
      entry.counterpartyIBAN = iban
    }
    // SEPA qualifiers inside the purpose text.
    let qualifiers = ["EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+", "COAM+", "OAMT+"]
    var found: [(String, Range<String.Index>)] = []
    for q in qualifiers {
      var from = purpose.startIndex
      while let r = purpose.range(of: q, range: from..<purpose.endIndex) {
        found.append((q, r))
        from = r.upperBound
      }
    }
    found.sort { $0.1.lowerBound < $1.1.lowerBound }
    if found.isEmpty {
      let text = purpose.collapsingSpaces
      entry.remittance = text.isEmpty ? nil : text
      return
    }
    for (n, (q, r)) in found.enumerated() {
      let end = n + 1 < found.count ? found[n + 1].1.lowerBound : purpose.endIndex
      let v = String(purpose[r.upperBound..<max(r.upperBound, end)]).collapsingSpaces
      switch q {
      case "EREF+": if !v.isEmpty, v.uppercased() != "NOTPROVIDED" { entry.endToEndID = v }
      case "SVWZ+": if !v.isEmpty { entry.remittance = v }
      case "IBAN+": if let iban = PaymentReferences.iban(v) { entry.counterpartyIBAN = iban }
      default: continue
      }
    }
    if entry.remittance == nil {
      let text = purpose.collapsingSpaces
      entry.remittance = text.isEmpty ? nil : text
    }
  }

  /// Old layouts: `NAAM: … OMSCHRIJVING: … KENMERK: …`, `REK: iban/NAAM: name`, Triodos `>20…`.
  static func freeText(_ text: String, into entry: inout BankEntry) {
    var body = text
    if body.contains(">2") || body.contains(">3") || body.hasPrefix(">") {
      // Old Triodos: >10 code, >20 the counter BIC (or text), >21 the counter IBAN (or text),
      // >22…>29 the text, cut mid-word at the sub-field limit, >31 an account.
      var parts: [(String, String)] = []
      for piece in body.split(separator: ">") where piece.count >= 2 {
        parts.append((String(piece.prefix(2)), String(piece.dropFirst(2))))
      }
      if parts.contains(where: { $0.0.allSatisfy(\.isNumber) }) {
        var texts: [String] = []
        for (code, value) in parts where code.hasPrefix("2") {
          let v = value.trimmingCharacters(in: .whitespaces)
          if code == "21" || code == "20", let iban = PaymentReferences.ibanShaped(v) {
            if entry.counterpartyIBAN == nil { entry.counterpartyIBAN = iban }
            continue
          }
          if code == "20", v.count == 8 || v.count == 11, v.allSatisfy({ $0.isUppercase || $0.isNumber }),
            v.dropFirst(4).prefix(2).allSatisfy(\.isLetter)
          {
            continue  // a BIC
          }
          texts.append(value)  // a cut inside a line is mid-word; a line end (joined with a space) is not
        }
        body = texts.joined()
        if body.isEmpty { body = parts.map(\.1).joined(separator: " ") }
      }
    }
    let upper = body.uppercased()
    for label in ["IBAN:", "REK:", "IBAN "] {
      guard entry.counterpartyIBAN == nil, let r = upper.range(of: label) else { continue }
      let after = upper[r.upperBound...].trimmingCharacters(in: .whitespaces)
      let token = after.prefix { $0.isLetter || $0.isNumber }
      if let iban = PaymentReferences.ibanShaped(token) { entry.counterpartyIBAN = iban }
    }
    if entry.counterpartyName == nil, let r = upper.range(of: "NAAM:") {
      let start = r.upperBound
      var end = upper.endIndex
      for label in ["OMSCHRIJVING:", "KENMERK:", "IBAN:", "BIC:", "MACHTIGING", "INCASSANT:", "BETALINGSKENM", "BET.KENM", "/"] {
        if let next = upper.range(of: label, range: start..<upper.endIndex), next.lowerBound < end { end = next.lowerBound }
      }
      let name = String(body[start..<end]).collapsingSpaces
      if !name.isEmpty { entry.counterpartyName = name }
    }
    var remittance = body.collapsingSpaces
    // Old ABN AMRO: the payer's words are after OMSCHRIJVING: (and KENMERK: their reference);
    // Knab: before REK:. The labels around them are not the description.
    let upperText = remittance.uppercased()
    if let r = upperText.range(of: "OMSCHRIJVING:") {
      var end = upperText.endIndex
      for label in ["IBAN:", "BIC:", "NAAM:", "MACHTIGING"] {
        if let next = upperText.range(of: label, range: r.upperBound..<upperText.endIndex), next.lowerBound < end { end = next.lowerBound }
      }
      remittance = String(remittance[r.upperBound..<end]).replacingOccurrences(of: "KENMERK:", with: "").collapsingSpaces
    } else if let r = upperText.range(of: "REK:") {
      remittance = String(remittance[..<r.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: " /"))
    }
    entry.remittance = remittance.isEmpty ? nil : remittance
  }
}
