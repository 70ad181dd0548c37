import CLibXML2
import Foundation
import ThinlineCore

/// What reading one UBL file gives: the document and the warnings about what it lacks.
public struct UBLReadResult: Sendable {
  public var document: Document
  /// Fields the document leaves out or that could not be read (lenient reading goes on).
  public var warnings: [Finding]
}

/// Reads UBL 2.1 `Invoice` and `CreditNote` documents with libxml2's streaming `xmlTextReader`.
///
/// Safe by construction: no DTD loading, no entity substitution, no network; a document with a
/// DOCTYPE is refused before libxml2 sees it. Elements are matched on namespace URI and local
/// name, never on prefixes, so default namespaces, `ubl:`, `doc:` and the OASIS NS1–NS4 samples
/// all read the same.
public enum UBLReader {
  public static let invoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  public static let creditNoteNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  static let cbcNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  static let cacNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"

  /// Files larger than this are refused before parsing (bytes).
  public static let maximumFileSize = 256 * 1024 * 1024

  /// libxml2 options: no network, CDATA as text, line numbers beyond 65535, errors collected not printed.
  /// Never NOENT (entity substitution), DTDLOAD, DTDATTR, XINCLUDE, RECOVER or HUGE.
  static let parseOptions: Int32 = Int32(
    XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
      | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)

  /// Whether the bytes look like a UBL document (an XML file whose root is Invoice or CreditNote).
  public static func sniff(_ bytes: [UInt8]) -> Bool {
    let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
    return head.contains(invoiceNamespace) || head.contains(creditNoteNamespace)
  }

  /// Reads one document.
  /// - Parameters:
  ///   - bytes: the file's content.
  ///   - source: the name to report in errors and in the document (`-` for stdin).
  /// - Throws: `InputError` when the file is not well-formed XML, has a DOCTYPE, or is not a UBL
  ///   Invoice or CreditNote.
  public static func read(_ bytes: [UInt8], source: String) throws(InputError) -> UBLReadResult {
    var collector = DocumentCollector(source: source)
    try stream(bytes, source: source, into: &collector)
    return collector.finish()
  }

  /// The decoded bytes of the `index`-th (0-based) embedded attachment, read again on demand so
  /// that reading a document never holds attachment bytes.
  public static func attachmentBytes(_ bytes: [UInt8], source: String, index: Int) throws(InputError) -> [UInt8]? {
    var collector = DocumentCollector(source: source)
    collector.captureAttachment = index
    try stream(bytes, source: source, into: &collector)
    guard let base64 = collector.capturedBase64 else { return nil }
    guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
      throw InputError(SourceLocation(file: source), "attachment \(index + 1) is not valid base64")
    }
    return [UInt8](data)
  }

  // MARK: - Streaming

  static func stream(_ bytes: [UInt8], source: String, into collector: inout DocumentCollector) throws(InputError) {
    let location = SourceLocation(file: source)
    guard !bytes.isEmpty else { throw InputError(location, "the file is empty", expected: "a UBL Invoice or CreditNote") }
    guard bytes.count <= maximumFileSize else {
      throw InputError(location, "the file is \(bytes.count) bytes, more than the \(maximumFileSize) Thinline reads")
    }
    if let doctypeLine = PrologScanner.doctypeLine(bytes) {
      throw InputError(
        SourceLocation(file: source, line: doctypeLine, column: 1),
        "the document has a DOCTYPE; UBL never has one, and Thinline refuses it so that no entity or DTD can be expanded or loaded",
        expected: "an XML document without <!DOCTYPE …>")
    }
    initializeOnce()
    let errors = ErrorBox()
    let reader: xmlTextReaderPtr? = bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        xmlReaderForMemory($0, Int32(buffer.count), source, nil, parseOptions)
      }
    }
    guard let reader else { throw InputError(location, "libxml2 could not start reading the file") }
    defer { xmlFreeTextReader(reader) }
    let box = Unmanaged.passUnretained(errors).toOpaque()
    xmlTextReaderSetStructuredErrorHandler(reader, { userData, error in
      guard let userData, let error else { return }
      let errors = Unmanaged<ErrorBox>.fromOpaque(userData).takeUnretainedValue()
      errors.record(error.pointee)
    }, box)

    var names = NameCache()
    var path: [String] = []
    var prefixedPath: [String] = []
    var depth = 0
    var rootSeen = false
    var skipDepth: Int? = nil
    var text = ""
    var textBytes = 0
    func here(_ extra: String? = nil) -> SourceLocation {
      SourceLocation(
        file: source, line: Int(xmlTextReaderGetParserLineNumber(reader)),
        column: Int(xmlTextReaderGetParserColumnNumber(reader)),
        path: collector.displayPath(prefixedPath + (extra.map { [$0] } ?? [])))
    }

    while true {
      let status = xmlTextReaderRead(reader)
      if status == 0 { break }
      if status < 0 {
        var error = errors.inputError(
          source: source, fallback: here(), path: rootSeen ? collector.displayPath(prefixedPath) : nil)
        // In streaming mode libxml2 words a truncated file as "extra content"; say what happened.
        if error.message.hasPrefix("Extra content at the end"), let open = prefixedPath.last {
          error.message = "the file ends before <\(open)> is closed: it is truncated (still being written, or cut off)"
        }
        throw error
      }
      let type = xmlTextReaderNodeType(reader)
      switch type {
      case 1:  // element
        let elementDepth = Int(xmlTextReaderDepth(reader))
        let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
        if let skip = skipDepth, elementDepth > skip { continue }
        let local = names.string(xmlTextReaderConstLocalName(reader))
        let namespace = names.string(xmlTextReaderConstNamespaceUri(reader))
        if !rootSeen {
          rootSeen = true
          switch (namespace, local) {
          case (invoiceNamespace, "Invoice"): collector.begin(kind: .invoice, rootName: local)
          case (creditNoteNamespace, "CreditNote"): collector.begin(kind: .creditNote, rootName: local)
          default:
            let found = namespace.isEmpty ? "<\(local)>" : "<\(local)> in namespace \(namespace)"
            throw InputError(
              here(), "the root element is \(found), not a UBL 2.1 Invoice or CreditNote",
              expected: "<Invoice xmlns=\"\(invoiceNamespace)\"> or <CreditNote xmlns=\"\(creditNoteNamespace)\">")
          }
          if isEmpty { break }
          depth = 1
          continue
        }
        guard namespace == cbcNamespace || namespace == cacNamespace else {
          // Extensions, signatures and anything foreign: not read, whatever it holds.
          if !isEmpty { skipDepth = elementDepth }
          continue
        }
        path.append(local)
        prefixedPath.append((namespace == cbcNamespace ? "cbc:" : "cac:") + local)
        collector.prefixedPath = prefixedPath
        depth = elementDepth + 1
        text = ""
        textBytes = 0
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        collector.start(path, line: line)
        var attributes = Attributes()
        if namespace == cbcNamespace {
          attributes = Attributes.read(for: local, reader: reader)
        }
        if isEmpty {
          collector.end(path, text: "", attributes: attributes, line: line, textBytes: 0)
          path.removeLast()
          prefixedPath.removeLast()
        } else {
          collector.pendingAttributes = attributes
        }
      case 3, 4, 13, 14:  // text, CDATA, whitespace
        if skipDepth != nil { continue }
        guard let value = xmlTextReaderConstValue(reader) else { continue }
        if collector.isCapturingBinary(path) {
          textBytes += collector.consumeBinary(value)
        } else if collector.wantsText(path) {
          text += String(cString: value)
        }
      case 5:  // entity reference: UBL has none, and we never expand one
        throw InputError(here(), "the document contains an entity reference; Thinline does not expand entities")
      case 10:
        throw InputError(here(), "the document has a DOCTYPE; Thinline refuses it", expected: "an XML document without <!DOCTYPE …>")
      case 15:  // end element
        let elementDepth = Int(xmlTextReaderDepth(reader))
        if let skip = skipDepth {
          if elementDepth == skip { skipDepth = nil }
          continue
        }
        if elementDepth == 0 { break }
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        collector.end(path, text: text, attributes: collector.pendingAttributes, line: line, textBytes: textBytes)
        collector.pendingAttributes = Attributes()
        text = ""
        textBytes = 0
        if !path.isEmpty { path.removeLast() }
        if !prefixedPath.isEmpty { prefixedPath.removeLast() }
        collector.prefixedPath = prefixedPath
      default:
        continue
      }
    }
    if let error = errors.first {
      throw errors.inputError(source: source, fallback: here(), path: error.path ?? collector.displayPath(prefixedPath))
    }
    guard rootSeen else { throw InputError(location, "the file holds no XML element", expected: "a UBL Invoice or CreditNote") }
    _ = depth
  }

  nonisolated(unsafe) static var initialized = false
  static let initLock = NSLock()
  static func initializeOnce() {
    initLock.lock()
    defer { initLock.unlock() }
    if !initialized {
      xmlInitParser()
      // Refuse every external entity or DTD, whatever an option elsewhere might ask; only the
      // UBL schemas an XSDValidator was pointed at may be read (for their xs:imports).
      xmlSetExternalEntityLoader { url, _, context in
        guard let url, let path = SchemaLoaderPolicy.permits(String(cString: url)) else { return nil }
        return xmlNewInputFromFile(context, path)
      }
      initialized = true
    }
  }
}

/// The attributes Thinline reads, fetched only for the elements that carry them.
struct Attributes {
  var currencyID: String?
  var schemeID: String?
  var unitCode: String?
  var mimeCode: String?
  var filename: String?

  static func read(for local: String, reader: xmlTextReaderPtr) -> Attributes {
    var result = Attributes()
    func get(_ name: String) -> String? {
      guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
      defer { clibxml2_free(raw) }
      return String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if local.hasSuffix("Amount") {
      result.currencyID = get("currencyID")
    } else if local == "ID" || local == "EndpointID" || local == "CompanyID" {
      result.schemeID = get("schemeID")
    } else if local.hasSuffix("Quantity") {
      result.unitCode = get("unitCode")
    } else if local == "EmbeddedDocumentBinaryObject" {
      result.mimeCode = get("mimeCode")
      result.filename = get("filename")
    }
    return result
  }
}

/// libxml2 interns names per document; converting each distinct pointer once saves most of the
/// string work on a 5 KB invoice.
struct NameCache {
  var cache: [UnsafePointer<UInt8>: String] = [:]
  mutating func string(_ pointer: UnsafePointer<UInt8>?) -> String {
    guard let pointer else { return "" }
    if let hit = cache[pointer] { return hit }
    let value = String(cString: pointer)
    cache[pointer] = value
    return value
  }
}

/// Collects libxml2's structured errors for one reader.
final class ErrorBox {
  struct Recorded {
    var message: String
    var line: Int
    var column: Int
    var path: String?
  }
  var first: Recorded?

  func record(_ error: xmlError) {
    guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
    message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: "; ")
    if message.contains("huge text node") || message.contains("xmlSAX2Characters") {
      message =
        "a text node is larger than libxml2's 10,000,000-byte limit; Thinline does not read embedded attachments over about 7.5 MB (send the PDF separately, or reduce it)"
    }
    first = Recorded(message: message, line: Int(error.line), column: Int(error.int2))
  }

  func inputError(source: String, fallback: SourceLocation, path: String?) -> InputError {
    guard let first else { return InputError(fallback, "the XML is not well-formed") }
    let line = first.line > 0 ? first.line : fallback.line
    return InputError(SourceLocation(file: source, line: line, column: first.column, path: path), first.message)
  }
}

/// Looks at the bytes before the root element for a DOCTYPE, so that no DTD is ever parsed.
enum PrologScanner {
  /// The 1-based line of a `<!DOCTYPE` in the prolog, or nil when there is none.
  static func doctypeLine(_ bytes: [UInt8]) -> Int? {
    var i = 0
    var line = 1
    let n = bytes.count
    if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    func startsWith(_ s: String, at j: Int) -> Bool {
      let u = Array(s.utf8)
      guard j + u.count <= n else { return false }
      for k in 0..<u.count where bytes[j + k] != u[k] { return false }
      return true
    }
    while i < n {
      let b = bytes[i]
      if b == 0x0A { line += 1; i += 1; continue }
      if b == 0x20 || b == 0x09 || b == 0x0D { i += 1; continue }
      if startsWith("<?", at: i) {
        while i < n, !startsWith("?>", at: i) { if bytes[i] == 0x0A { line += 1 }; i += 1 }
        i += 2
        continue
      }
      if startsWith("<!--", at: i) {
        while i < n, !startsWith("-->", at: i) { if bytes[i] == 0x0A { line += 1 }; i += 1 }
        i += 3
        continue
      }
      if startsWith("<!DOCTYPE", at: i) || startsWith("<!doctype", at: i) { return line }
      return nil
    }
    return nil
  }
}
