import Foundation
import ThinlineCore
import Yams

/// A YAML file read with its line numbers, so that every complaint names file and line.
///
/// Values are read from the YAML text as written (Thinline applies no YAML type guessing): a
/// date may come quoted or bare, an amount as `"450.00"` or `450.00`.
struct YAMLFile {
  let path: String
  let root: Node

  /// - Throws: `InputError` for unreadable files and YAML syntax errors, with the line.
  init(path: String) throws(InputError) {
    let bytes = try InputFiles.read(InputFile(name: path, path: path))
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw InputError(SourceLocation(file: path), "the file is not UTF-8 text")
    }
    try self.init(text: text, name: path)
  }

  /// YAML given as text (`whatif --set`), named `name` in messages.
  init(text: String, name path: String) throws(InputError) {
    self.path = path
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw InputError(SourceLocation(file: path), "the file is empty")
      }
      root = node
    } catch let error as InputError {
      throw error
    } catch let error as YamlError {
      throw InputError(SourceLocation(file: path, line: Self.line(of: error)), "not valid YAML: \(Self.describe(error))")
    } catch {
      throw InputError(SourceLocation(file: path), "not valid YAML: \(error)")
    }
  }

  static func line(of error: YamlError) -> Int {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return 0
    }
  }

  static func describe(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    default: return "\(error)"
    }
  }

  func location(_ node: Node) -> SourceLocation {
    SourceLocation(file: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
  }

  func fail(_ node: Node, _ message: String, expected: String? = nil) -> InputError {
    InputError(location(node), message, expected: expected)
  }

  /// The pairs of a mapping, checking every key against `allowed`.
  func mapping(_ node: Node, allowed: [String], what: String) throws(InputError) -> [(key: String, value: Node, keyNode: Node)] {
    guard case .mapping(let mapping) = node else {
      throw fail(node, "\(what) is not a mapping", expected: "key: value lines")
    }
    var result: [(String, Node, Node)] = []
    var seen = Set<String>()
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else { throw fail(keyNode, "\(what): a key is not a plain name") }
      let key = scalar.string
      guard allowed.contains(key) else {
        let hint = YAMLFile.closest(key, in: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
        throw fail(keyNode, "\(what): unknown key \"\(key)\"\(hint)", expected: "one of \(allowed.joined(separator: ", "))")
      }
      guard seen.insert(key).inserted else { throw fail(keyNode, "\(what): \"\(key)\" appears twice") }
      result.append((key, value, keyNode))
    }
    return result
  }

  /// The allowed key a typo most likely meant (edit distance ≤ 2, or the key with a letter missing).
  static func closest(_ key: String, in allowed: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
      var previous = Array(0...b.count)
      for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() { current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))) }
        previous = current
      }
      return previous[b.count]
    }
    let k = Array(key.lowercased())
    let scored = allowed.map { ($0, distance(k, Array($0))) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
  }

  /// One mapping of a list of them (an agreement's `prices`, `payment_plan`, `disputes`): its
  /// keys checked, its values read by key, nil where a key is absent.
  struct Entry {
    let yaml: YAMLFile
    let node: Node
    let fields: [String: Node]
    let what: String

    func string(_ key: String) throws(InputError) -> String? {
      guard let v = fields[key] else { return nil }
      return try yaml.string(v, what: "\(what): \(key)")
    }
    func decimal(_ key: String) throws(InputError) -> Decimal? {
      guard let v = fields[key] else { return nil }
      return try yaml.decimal(v, what: "\(what): \(key)")
    }
    func date(_ key: String) throws(InputError) -> CalendarDate? {
      guard let v = fields[key] else { return nil }
      return try yaml.date(v, what: "\(what): \(key)")
    }
    func fail(_ message: String, expected: String) -> InputError { yaml.fail(node, "\(what): \(message)", expected: expected) }
  }

  /// The entries of a list of mappings, each with only `keys`.
  /// - Parameter entry: what one entry is called in messages ("entry", "installment").
  func entries(_ node: Node, keys: [String], what: String, entry: String = "entry") throws(InputError) -> [Entry] {
    var result: [Entry] = []
    for item in try sequence(node, what: what) {
      var fields: [String: Node] = [:]
      for (k, v, _) in try mapping(item, allowed: keys, what: "\(what) \(entry)") { fields[k] = v }
      result.append(Entry(yaml: self, node: item, fields: fields, what: what))
    }
    return result
  }

  func sequence(_ node: Node, what: String) throws(InputError) -> [Node] {
    if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
    guard case .sequence(let sequence) = node else { throw fail(node, "\(what) is not a list", expected: "lines starting with - ") }
    return Array(sequence)
  }

  func string(_ node: Node, what: String) throws(InputError) -> String {
    guard case .scalar(let scalar) = node else { throw fail(node, "\(what) is not a single value") }
    return scalar.string
  }

  func strings(_ node: Node, what: String) throws(InputError) -> [String] {
    if case .scalar = node { return [try string(node, what: what)] }
    return try sequence(node, what: what).map { (n: Node) throws(InputError) -> String in try string(n, what: what) }
  }

  func date(_ node: Node, what: String) throws(InputError) -> CalendarDate {
    let text = try string(node, what: what)
    guard let date = CalendarDate(iso: text) else { throw fail(node, "\(what) \"\(text)\" is not a date", expected: "YYYY-MM-DD") }
    guard date.isPlausible else {
      throw fail(node, "\(what) \(text) is outside the dates Thinline accepts", expected: "a date in the years 1900–2199")
    }
    return date
  }

  func decimal(_ node: Node, what: String, expected: String = "a number such as 450.00") throws(InputError) -> Decimal {
    let text = try string(node, what: what)
    guard let value = ExactDecimal(xsDecimal: text) else { throw fail(node, "\(what) \"\(text)\" is not a number", expected: expected) }
    return value.value
  }

  /// A whole number of days (or, with `maximum` and `unit`, of something else), bounded so that
  /// no date arithmetic on it can run away: 3,650 days is ten years.
  func integer(_ node: Node, what: String, maximum: Int = 3650, unit: String = "days") throws(InputError) -> Int {
    let text = try string(node, what: what)
    guard let value = Int(text), value >= 0 else {
      throw fail(node, "\(what) \"\(text)\" is not a whole number of \(unit)", expected: "e.g. 60")
    }
    guard value <= maximum else {
      throw fail(node, "\(what) \(text) is more than Thinline accepts", expected: "0 to \(maximum) \(unit)")
    }
    return value
  }

  func bool(_ node: Node, what: String) throws(InputError) -> Bool {
    switch try string(node, what: what).lowercased() {
    case "true", "yes": return true
    case "false", "no": return false
    case let other: throw fail(node, "\(what) \"\(other)\" is not true or false", expected: "true or false")
    }
  }

  /// A yearly rate: a fraction (0.08) or a percentage (8%).
  func rate(_ node: Node, what: String) throws(InputError) -> Decimal {
    let text = try string(node, what: what)
    switch YearlyRate.parse(text) {
    case .success(let rate): return rate
    case .failure(.notARate):
      throw fail(node, "\(what) is not a rate", expected: "a yearly fraction such as \"0.08\" or a percentage such as 8%")
    case .failure(.notBelowOne):
      throw fail(
        node, "\(what) \(text.trimmingCharacters(in: .whitespaces)) is 100 % or more a year", expected: "a fraction such as 0.08 for 8 %")
    }
  }
}
