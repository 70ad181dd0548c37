import CLibXML2
import ThinlineCore

/// What an XML stream reports, element by element, to the reader of another XML format (camt).
public protocol XMLVisitor {
  /// An element opens. `namespace` is its URI (nil without one); prefixes are never seen.
  mutating func start(_ name: String, namespace: String?, attributes: [String: String], line: Int) throws(InputError)
  /// Text inside the innermost open element (may come in pieces).
  mutating func text(_ text: String)
  /// The innermost open element closes.
  mutating func end(_ name: String, line: Int) throws(InputError)
}

/// libxml2's streaming reader with the same hardening as `UBLReader`, for any XML format: no
/// DTD, no entity expansion, no network, a DOCTYPE refused before libxml2 sees the file.
public enum SafeXMLReader {
  public static func read(_ bytes: [UInt8], source: String, into visitor: inout some XMLVisitor) throws(InputError) {
    let location = SourceLocation(file: source)
    guard bytes.count <= UBLReader.maximumFileSize else {
      throw InputError(location, "the file is \(bytes.count) bytes, more than the \(UBLReader.maximumFileSize) Thinline reads")
    }
    if let doctypeLine = PrologScanner.doctypeLine(bytes) {
      throw InputError(
        SourceLocation(file: source, line: doctypeLine, column: 1),
        "the document has a DOCTYPE; Thinline refuses it so that no entity or DTD can be expanded or loaded",
        expected: "an XML document without <!DOCTYPE …>")
    }
    let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard bytes.count > bomLength else { throw InputError(location, "the file is empty") }
    UBLReader.initializeOnce()
    let errors = ErrorBox()
    let reader: xmlTextReaderPtr? = bytes.withUnsafeBufferPointer { whole in
      let buffer = UnsafeBufferPointer(rebasing: whole[bomLength...])
      return buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        xmlReaderForMemory($0, Int32(buffer.count), source, nil, UBLReader.parseOptions)
      }
    }
    guard let reader else { throw InputError(location, "libxml2 could not start reading the file") }
    defer { xmlFreeTextReader(reader) }
    errors.capture(reader)
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    var names: [String] = []
    var sawElement = false
    func here() -> SourceLocation {
      SourceLocation(
        file: source, line: Int(xmlTextReaderGetParserLineNumber(reader)), column: Int(xmlTextReaderGetParserColumnNumber(reader)),
        path: names.isEmpty ? nil : "/" + names.joined(separator: "/"))
    }
    while true {
      let status = xmlTextReaderRead(reader)
      if status == 0 { break }
      if status < 0 {
        var error = errors.inputError(source: source, fallback: here(), path: names.isEmpty ? nil : "/" + names.joined(separator: "/"))
        if error.message.hasPrefix("Extra content at the end"), let open = names.last {
          error.message = "the file ends before <\(open)> is closed: it is truncated (still being written, or cut off)"
        }
        throw error
      }
      let line = Int(xmlTextReaderGetParserLineNumber(reader))
      switch xmlTextReaderNodeType(reader) {
      case 1:
        sawElement = true
        let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
        let namespace = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
        let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
        var attributes: [String: String] = [:]
        if xmlTextReaderHasAttributes(reader) == 1, xmlTextReaderMoveToFirstAttribute(reader) == 1 {
          repeat {
            if let key = xmlTextReaderConstLocalName(reader), let value = xmlTextReaderConstValue(reader) {
              attributes[String(cString: key)] = String(cString: value)
            }
          } while xmlTextReaderMoveToNextAttribute(reader) == 1
          xmlTextReaderMoveToElement(reader)
        }
        names.append(name)
        try visitor.start(name, namespace: namespace, attributes: attributes, line: line)
        if isEmpty {
          names.removeLast()
          try visitor.end(name, line: line)
        }
      case 3, 4, 13, 14:
        if let value = xmlTextReaderConstValue(reader) { visitor.text(String(cString: value)) }
      case 5:
        throw InputError(here(), "the document contains an entity reference; Thinline does not expand entities")
      case 10:
        throw InputError(here(), "the document has a DOCTYPE; Thinline refuses it", expected: "an XML document without <!DOCTYPE …>")
      case 15:
        guard let name = names.popLast() else { continue }
        try visitor.end(name, line: line)
      default:
        continue
      }
    }
    if errors.first != nil { throw errors.inputError(source: source, fallback: here(), path: nil) }
    guard sawElement else { throw InputError(location, "the file holds no XML element") }
  }
}
