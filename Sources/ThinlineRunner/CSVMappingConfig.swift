import ThinlineCSV
import ThinlineCore
import Yams

/// The configuration's `csv:` section: column mappings for exports no profile knows.
///
/// ```yaml
/// csv:
///   - name: debiteuren uit ons ERP
///     file: "debiteuren-*.csv"        # a file-name pattern, and/or
///     header: [Fact.nr, Klant]        # headers that must all be in the file
///     kind: open_items                # optional: invoices, invoice_lines, open_items, payments, reminders
///     columns: { invoice_number: Fact.nr, customer_number: Klant, outstanding: Openstaand }
///     date_order: dmy                 # dmy, mdy or ymd
///     decimal: comma                  # comma or point
///     sign: negative_is_credit        # or type_column
///     currency: EUR                   # when the file has no currency column
/// ```
extension Configuration {
  static let mappingKeys = ["name", "file", "header", "kind", "columns", "date_order", "decimal", "sign", "currency"]

  static func csvMappings(_ yaml: YAMLFile, _ node: Node) throws(InputError) -> [CSVProfile] {
    var mappings: [CSVProfile] = []
    for (index, entry) in try yaml.sequence(node, what: "csv").enumerated() {
      let what = "csv[\(index + 1)]"
      var name = "mapping \(index + 1)"
      var glob: String? = nil
      var header: [String] = []
      var kind: CSVKind? = nil
      var columns: [CSVField: CSVProfile.MappedColumn] = [:]
      var dateOrder: DateOrder? = nil
      var decimal: DecimalConvention? = nil
      var sign = SignConvention.negativeIsCredit
      var currency: String? = nil
      func choice<T: RawRepresentable>(_ v: Node, _ key: String, _ cases: [T]) throws(InputError) -> T where T.RawValue == String {
        let text = try yaml.string(v, what: "\(what).\(key)")
        guard let value = cases.first(where: { $0.rawValue == text }) else {
          throw yaml.fail(
            v, "\(what).\(key): \"\(text)\" is not one of the choices", expected: cases.map(\.rawValue).joined(separator: ", "))
        }
        return value
      }
      for (key, value, _) in try yaml.mapping(entry, allowed: mappingKeys, what: what) {
        switch key {
        case "name": name = try yaml.string(value, what: "\(what).name")
        case "file": glob = try yaml.string(value, what: "\(what).file")
        case "header": header = try yaml.strings(value, what: "\(what).header")
        case "kind": kind = try choice(value, key, CSVKind.allCases)
        case "date_order": dateOrder = try choice(value, key, DateOrder.allCases)
        case "decimal": decimal = try choice(value, key, [DecimalConvention.comma, .point])
        case "sign": sign = try choice(value, key, SignConvention.allCases)
        case "currency":
          let code = try yaml.string(value, what: "\(what).currency").uppercased()
          guard code.count == 3, code.allSatisfy({ $0.isLetter && $0.isASCII }) else {
            throw yaml.fail(
              value, "\(what).currency \"\(code)\" is not a currency code", expected: "a three-letter ISO 4217 code such as EUR")
          }
          currency = code
        case "columns":
          let allowed = CSVField.allCases.map(\.key)
          for (field, headerNode, keyNode) in try yaml.mapping(value, allowed: allowed, what: "\(what).columns") {
            let text = try yaml.string(headerNode, what: "\(what).columns.\(field)")
            guard !text.isEmpty, let f = CSVField.field(forKey: field) else {
              throw yaml.fail(headerNode, "\(what).columns.\(field) is empty", expected: "the header as the file spells it")
            }
            columns[f] = CSVProfile.MappedColumn(header: text, origin: yaml.location(keyNode))
          }
        default: break
        }
      }
      guard glob != nil || !header.isEmpty else {
        throw yaml.fail(
          entry, "\(what) says neither which files (file:) nor which header (header:) it is for",
          expected: "file: \"pattern*.csv\" or header: [names]")
      }
      guard !columns.isEmpty else {
        throw yaml.fail(entry, "\(what) maps no columns", expected: "columns: with e.g. invoice_number: <header>")
      }
      let seen = columns.values.map { CSVProfile.normalise($0.header) }
      if let twice = seen.first(where: { h in seen.filter { $0 == h }.count > 1 }) {
        throw yaml.fail(entry, "\(what) reads two fields from the same column \"\(twice)\"", expected: "one field per column")
      }
      mappings.append(
        CSVProfile.mapping(
          name: name, origin: yaml.location(entry), fileGlob: glob, header: header, kind: kind, columns: columns, dateOrder: dateOrder,
          decimal: decimal, sign: sign, currency: currency))
    }
    return mappings
  }
}
