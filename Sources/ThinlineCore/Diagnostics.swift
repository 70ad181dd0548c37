import Foundation

/// Where something was found in an input file. Lines and columns are 1-based; 0 means unknown.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  /// The element path in an XML file (`/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`).
  public var path: String?

  public init(file: String, line: Int = 0, column: Int = 0, path: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }

  /// `file:line:column` as compilers print it, leaving out what is unknown.
  public var description: String {
    var text = file
    if line > 0 {
      text += ":\(line)"
      if column > 0 { text += ":\(column)" }
    }
    return text
  }
}

/// An input that cannot be read: the file, the place, what was expected and what was found.
///
/// Printed as `invoices.csv:12:4: error: amount "12,3x" is not a number (expected 1234.56 or 1.234,56)`.
/// A `LocalizedError`, so that even `localizedDescription` says this and not Foundation's
/// "The operation could not be completed".
public struct InputError: LocalizedError, Hashable, Sendable, CustomStringConvertible {
  public var location: SourceLocation
  public var message: String
  /// What the reader expected, in words a user can act on.
  public var expected: String?

  public init(_ location: SourceLocation, _ message: String, expected: String? = nil) {
    self.location = location
    self.message = message
    self.expected = expected
  }

  public var description: String {
    var text = "\(location): error: \(message)"
    if let expected { text += " (expected \(expected))" }
    if let path = location.path { text += " at \(path)" }
    return text
  }
  public var errorDescription: String? { description }
}

/// A problem found in a file that was read: data, not an exception.
public struct Finding: Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable, Comparable {
    case warning, error
    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
  }

  public var severity: Severity
  /// A stable rule id: an EN 16931 rule (`BR-CO-15`), `XSD`, `XML` or Thinline's own (`TL-…`).
  public var rule: String
  public var message: String
  public var location: SourceLocation

  public init(_ severity: Severity, rule: String, _ message: String, at location: SourceLocation) {
    self.severity = severity
    self.rule = rule
    self.message = message
    self.location = location
  }

  public var description: String {
    var text = "\(location): \(severity.rawValue): [\(rule)] \(message)"
    if let path = location.path { text += " at \(path)" }
    return text
  }
}
