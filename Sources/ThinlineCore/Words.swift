import Foundation

/// The languages Thinline speaks to people: Dutch (the default) and English.
public enum Language: String, Hashable, Sendable, CaseIterable { case nl, en }

/// Numbers and dates written for people in one language. English keeps the forms
/// decisions.json has always had (`1234.56`, `2026-11-29`), so that scripts reading its messages
/// see no change; Dutch writes `1.234,56` and `29 november 2026`.
public struct Words: Sendable {
  public let language: Language
  public init(_ language: Language) { self.language = language }

  static let dutchMonths = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
  ]
  static let englishMonths = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
  ]

  /// `29 november 2026` or `29 November 2026`: a date in words, for the report's own text.
  public func longDate(_ d: CalendarDate) -> String {
    "\(d.day) \((language == .nl ? Self.dutchMonths : Self.englishMonths)[d.month - 1]) \(d.year)"
  }

  /// A date inside a message: ISO in English (as decisions.json has it), in words in Dutch.
  public func date(_ d: CalendarDate) -> String { language == .en ? d.description : longDate(d) }

  /// An amount with two decimals (more when it has more): `1234.56` or `1.234,56`.
  public func money(_ amount: Decimal) -> String { number(amount.moneyText) }

  /// A number written the English way (`-1234.5`), in this language: `-1.234,5` in Dutch.
  public func number(_ english: String) -> String {
    language == .nl ? Self.grouped(english, thousands: ".", decimal: ",") : english
  }

  /// A number written the English way (`-1234.5`), its thousands grouped and its separators
  /// chosen: `-1.234,5` with `.` and `,`, `-1,234.5` with `,` and `.`.
  public static func grouped(_ english: String, thousands: String, decimal: String) -> String {
    let negative = english.hasPrefix("-")
    let digits = negative ? english.dropFirst() : Substring(english)
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    var integer = String(parts[0])
    var grouped = ""
    while integer.count > 3 {
      grouped = thousands + String(integer.suffix(3)) + grouped
      integer = String(integer.dropLast(3))
    }
    grouped = integer + grouped
    let fraction = parts.count > 1 ? decimal + parts[1] : ""
    return (negative ? "-" : "") + grouped + fraction
  }

  /// A fraction as a percentage with one decimal: `12.5 %` or `12,5 %`.
  public func percent(_ fraction: Decimal) -> String {
    number(DecimalFormatting.plain(DecimalFormatting.roundHalfUp(fraction * 100, scale: 1), scale: 1)) + " %"
  }

  /// The text in this language, of the English and Dutch given side by side. Only the one asked
  /// for is made: decisions.json writes a million English messages, and their Dutch twins, with
  /// long dates and grouped amounts, cost as much again.
  public func t(_ en: @autoclosure () -> String, _ nl: @autoclosure () -> String) -> String { language == .nl ? nl() : en() }

  /// A list in running text: `a, b` (English keeps its comma list; Dutch too).
  public func list(_ items: [String]) -> String { items.joined(separator: ", ") }
}
