import Foundation
import Testing

@testable import ThinlineCore
@testable import ThinlineWriters

/// The dossier's XML and JSON are written straight to bytes from one tree: the same bytes as
/// the reference renderings (`JSONValue`, and the string-built XML the format started with).
@Suite struct DossierBytesTests {
  typealias Node = DossierEncoding.Node

  /// A tree with what trips writers up: quotes, markup, control characters, non-ASCII text,
  /// absent values, empty and nested lists, numbers, booleans.
  static let tree: Node = .object([
    ("format", .text("thinline-handover")),
    ("batch", .object([("id", .text("TL-1")), ("asOf", .text(nil)), ("empty", .object([]))])),
    (
      "dossiers",
      .list(
        item: "dossier",
        [
          .object([
            ("reference", .text("A \"quoted\" <b>&</b> 'name'\u{1}\u{2028}\tZoë ✓")),
            ("termDays", .integer(-30)), ("strategic", .bool(true)), ("amount", .number("-1234.50")),
            ("emails", .list(item: "email", [])), ("phones", .list(item: "phone", [.text("+31 6"), .text(nil)])),
            ("claims", .list(item: "claim", [.object([("invoiceDueDate", .text("2026-01-01")), ("vat", .text(nil))])])),
          ]),
          .object([("reference", .text(""))]),
        ])
    ),
  ])

  /// The XML writer as it was first written, on strings: the reference for the byte writer.
  static func referenceXML(_ root: Node) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<handover xmlns=\"\(DossierEncoding.namespace)\">"
    func write(_ name: String, _ node: Node, _ depth: Int) {
      let indent = "\n" + String(repeating: "  ", count: depth)
      switch node {
      case .text(let s): if let s { out += "\(indent)<\(name)>\(MarkupText.escape(s))</\(name)>" }
      case .number(let s): out += "\(indent)<\(name)>\(s)</\(name)>"
      case .bool(let b): out += "\(indent)<\(name)>\(b)</\(name)>"
      case .integer(let i): out += "\(indent)<\(name)>\(i)</\(name)>"
      case .object(let members):
        out += "\(indent)<\(name)>"
        for (child, value) in members { write(child, value, depth + 1) }
        out += "\(indent)</\(name)>"
      case .list(let item, let items):
        if items.isEmpty {
          out += "\(indent)<\(name)/>"
          return
        }
        out += "\(indent)<\(name)>"
        for value in items { write(item, value, depth + 1) }
        out += "\(indent)</\(name)>"
      }
    }
    guard case .object(let members) = root else { return out }
    for (name, value) in members { write(name, value, 1) }
    return out + "\n</handover>\n"
  }

  @Test func jsonBytesAreTheJSONValueRendering() {
    let bytes = DossierEncoding.jsonBytes(Self.tree)
    #expect(String(decoding: bytes, as: UTF8.self) == DossierEncoding.json(Self.tree).rendered())
    #expect(String(decoding: bytes, as: UTF8.self).contains("\"invoice_due_date\": \"2026-01-01\""))
  }

  @Test func xmlBytesAreTheStringWritersXML() {
    let text = String(decoding: DossierEncoding.xmlBytes(Self.tree), as: UTF8.self)
    #expect(text == Self.referenceXML(Self.tree))
    #expect(text.contains("<emails/>") && !text.contains("<asOf>") && !text.contains("\u{1}"))
  }
}
