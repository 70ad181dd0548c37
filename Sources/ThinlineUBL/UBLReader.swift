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
  public static let cbcNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  public static let cacNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"

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
    if let bad = collector.implausibleDate {
      throw InputError(
        collector.warnings[bad.warning].location,
        "the date \"\(bad.text)\" is outside the dates Thinline accepts (years 1900–2199); a placeholder such as 9999-12-31 is not a date to decide on",
        expected: "the real date, or no element")
    }
    return collector.finish()
  }

  /// The decoded bytes of the `index`-th (0-based) embedded attachment, read again on demand so
  /// that reading a document never holds attachment bytes.
  public static func attachmentBytes(_ bytes: [UInt8], source: String, index: Int) throws(InputError) -> [UInt8]? {
    var collector = DocumentCollector(source: source)
    collector.captureAttachment = index
    try stream(bytes, source: source, into: &collector)
    guard let base64 = collector.capturedBase64 else { return nil }
    guard let data = Data(base64Encoded: Data(base64), options: .ignoreUnknownCharacters) else {
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
    let context = ReaderPool.shared.take()
    defer { ReaderPool.shared.put(context) }
    let errors = ErrorBox()
    // A UTF-8 byte-order mark is skipped here: a reused libxml2 reader (xmlReaderNewMemory) does
    // not skip it and reports every second BOM file of a batch as "Document is empty".
    let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard bytes.count > bomLength else { throw InputError(location, "the file is empty", expected: "a UBL Invoice or CreditNote") }
    let reader: xmlTextReaderPtr? = bytes.withUnsafeBufferPointer { whole in
      let buffer = UnsafeBufferPointer(rebasing: whole[bomLength...])
      return buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
        if let existing = context.reader {
          // Reusing the reader keeps libxml2's name dictionary, so names are interned once per
          // thread, not once per file.
          return xmlReaderNewMemory(existing, pointer, Int32(buffer.count), source, nil, parseOptions) == 0 ? existing : nil
        }
        context.reader = xmlReaderForMemory(pointer, Int32(buffer.count), source, nil, parseOptions)
        return context.reader
      }
    }
    guard let reader else {
      context.discard()
      throw InputError(location, "libxml2 could not start reading the file")
    }
    errors.capture(reader)
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    var streamer = UBLStreamer(reader: reader, source: source, errors: errors, collector: collector, names: context.names)
    defer {
      collector = streamer.collector
      // A discarded context (after an error) has a new dictionary coming: the name cache, keyed
      // by the old dictionary's addresses, must not survive into it.
      if context.reader != nil {
        context.names = streamer.names
        context.documents += 1
        // Close the reader's input now (the buffer is about to go away), and start afresh now
        // and then so that a long batch cannot grow the dictionary without bound.
        xmlTextReaderClose(reader)
        if context.documents >= 2000 { context.discard() }
      }
    }
    do {
      try streamer.run()
    } catch {
      context.discard()  // after an error, take no state into the next document
      throw error
    }
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

/// The element loop over one document. State lives in stored properties (not in captured
/// locals) so that the loop does no reference counting per node.
struct UBLStreamer {
  let reader: xmlTextReaderPtr
  let source: String
  let errors: ErrorBox
  var collector: DocumentCollector
  let table = PathTable.shared
  var names: NameCache
  var states: [Int32] = []
  /// Name index per open element, negative (−index − 1) for cac elements.
  var pathNames: [Int32] = []
  var rootName = "Invoice"
  var rootSeen = false
  var skipDepth: Int? = nil
  var text: [UInt8] = []
  var collecting = false
  var binary = false
  var binaryCharacters = 0
  var pendingAttributes = Attributes()
  var hasPendingAttributes = false

  init(reader: xmlTextReaderPtr, source: String, errors: ErrorBox, collector: DocumentCollector, names: NameCache) {
    self.reader = reader
    self.source = source
    self.errors = errors
    self.collector = collector
    self.names = names
    states.reserveCapacity(16)
    pathNames.reserveCapacity(16)
    text.reserveCapacity(512)
  }

  /// `/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`: built only when a message needs it.
  func displayPath() -> String? {
    guard rootSeen else { return nil }
    var path = "/" + rootName
    for index in pathNames {
      path += index >= 0 ? "/cbc:" + names.entries[Int(index)].text : "/cac:" + names.entries[Int(-index - 1)].text
    }
    return path
  }

  func here() -> SourceLocation {
    SourceLocation(
      file: source, line: Int(xmlTextReaderGetParserLineNumber(reader)),
      column: Int(xmlTextReaderGetParserColumnNumber(reader)), path: displayPath())
  }

  mutating func finishElement(_ state: Int32, attributes: Attributes) {
    guard state >= 0 else { return }
    if let field = table.fields[Int(state)] {
      let line = Int(xmlTextReaderGetParserLineNumber(reader))
      let count = binaryCharacters
      let warningsBefore = collector.warnings.count
      text.withUnsafeBufferPointer { raw in
        collector.end(field, bytes: trimmedXMLSpace(raw), raw: raw, attributes: attributes, line: line, binaryCharacters: count)
      }
      if collector.warnings.count > warningsBefore {
        let path = displayPath()
        for i in warningsBefore..<collector.warnings.count { collector.warnings[i].location.path = path }
      }
    }
    if let seller = table.partyTaxSchemeEnds[Int(state)] { collector.endPartyTaxScheme(seller: seller) }
  }

  mutating func run() throws(InputError) {
    while true {
      let status = xmlTextReaderRead(reader)
      if status == 0 { break }
      if status < 0 {
        var error = errors.inputError(source: source, fallback: here(), path: displayPath())
        // In streaming mode libxml2 words a truncated file as "extra content"; say what happened.
        if error.message.hasPrefix("Extra content at the end"), let open = displayPath()?.split(separator: "/").last, !pathNames.isEmpty {
          error.message = "the file ends before <\(open)> is closed: it is truncated (still being written, or cut off)"
        }
        throw error
      }
      switch xmlTextReaderNodeType(reader) {
      case 1: try element()
      case 3, 4, 13, 14:  // text, CDATA, whitespace
        guard collecting, skipDepth == nil, let value = xmlTextReaderConstValue(reader) else { continue }
        if binary {
          binaryCharacters += countBase64(value)
          if collector.isCapturingThisAttachment {
            collector.capturedBase64?.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
          }
        } else {
          text.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
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
        guard elementDepth > 0, let state = states.popLast() else { continue }
        if hasPendingAttributes {
          finishElement(state, attributes: pendingAttributes)
          pendingAttributes = Attributes()
          hasPendingAttributes = false
        } else {
          finishElement(state, attributes: Attributes())
        }
        text.removeAll(keepingCapacity: true)
        collecting = false
        binary = false
        if !pathNames.isEmpty { pathNames.removeLast() }
      default:
        continue
      }
    }
    if let error = errors.first {
      throw errors.inputError(source: source, fallback: here(), path: error.path ?? displayPath())
    }
    guard rootSeen else {
      throw InputError(SourceLocation(file: source), "the file holds no XML element", expected: "a UBL Invoice or CreditNote")
    }
  }

  mutating func element() throws(InputError) {
    let elementDepth = Int(xmlTextReaderDepth(reader))
    if let skip = skipDepth, elementDepth > skip { return }
    let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
    let nameIndex = names.index(xmlTextReaderConstLocalName(reader), table: table)
    let namespace = names.namespace(xmlTextReaderConstNamespaceUri(reader))
    if !rootSeen {
      let name = nameIndex >= 0 ? names.entries[Int(nameIndex)] : NameCache.Entry(text: "", id: 0)
      rootSeen = true
      rootName = name.text
      switch (namespace, name.text) {
      case (.invoice, "Invoice"): collector.begin(kind: .invoice, rootName: name.text)
      case (.creditNote, "CreditNote"): collector.begin(kind: .creditNote, rootName: name.text)
      default:
        let uri = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
        let found = uri.isEmpty ? "<\(name.text)>" : "<\(name.text)> in namespace \(uri)"
        throw InputError(
          SourceLocation(file: source, line: Int(xmlTextReaderGetParserLineNumber(reader))),
          "the root element is \(found), not a UBL 2.1 Invoice or CreditNote",
          expected: "<Invoice xmlns=\"\(UBLReader.invoiceNamespace)\"> or <CreditNote xmlns=\"\(UBLReader.creditNoteNamespace)\">")
      }
      return
    }
    guard namespace == .cbc || namespace == .cac else {
      // Extensions, signatures and anything foreign: not read, whatever it holds.
      if !isEmpty { skipDepth = elementDepth }
      return
    }
    let state = table.child(of: states.last ?? 0, name: nameIndex >= 0 ? names.ids[Int(nameIndex)] : 0)
    states.append(state)
    pathNames.append(namespace == .cbc ? nameIndex : -nameIndex - 1)
    text.removeAll(keepingCapacity: true)
    binaryCharacters = 0
    var attributes = Attributes()
    var hasAttributes = false
    collecting = false
    binary = false
    if state >= 0 {
      if let start = table.starts[Int(state)] {
        collector.start(start, line: Int(xmlTextReaderGetParserLineNumber(reader)))
      }
      if let field = table.fields[Int(state)] {
        collecting = true
        let need = field.attribute
        if need != .none {
          attributes = Attributes.read(need, reader: reader)
          hasAttributes = true
        }
        if need == .binary {
          binary = true
          if collector.isCapturingThisAttachment { collector.capturedBase64 = [] }
        }
      }
    }
    if isEmpty {
      finishElement(state, attributes: attributes)
      states.removeLast()
      pathNames.removeLast()
      collecting = false
      binary = false
    } else if hasAttributes {
      pendingAttributes = attributes
      hasPendingAttributes = true
    }
  }
}

/// A libxml2 reader and its name cache, reused for the documents one thread reads.
final class ReaderContext: @unchecked Sendable {
  var reader: xmlTextReaderPtr? = nil
  var names = NameCache()
  var documents = 0

  /// Frees the reader; the next document starts a new one with an empty dictionary.
  func discard() {
    if let reader { xmlFreeTextReader(reader) }
    reader = nil
    names = NameCache()
    documents = 0
  }

  deinit { discard() }
}

/// Reader contexts for the threads that read documents (as many as run at once).
final class ReaderPool: @unchecked Sendable {
  static let shared = ReaderPool()
  private var idle: [ReaderContext] = []
  private let lock = NSLock()

  func take() -> ReaderContext {
    lock.lock()
    defer { lock.unlock() }
    return idle.popLast() ?? ReaderContext()
  }

  func put(_ context: ReaderContext) {
    lock.lock()
    defer { lock.unlock() }
    if idle.count < 16 { idle.append(context) } else { context.discard() }
  }
}

/// The attributes Thinline reads, fetched only for the elements that carry them.
struct Attributes {
  var currencyID: String?
  var schemeID: String?
  var unitCode: String?
  var mimeCode: String?
  var filename: String?

  static func read(_ need: AttributeNeed, reader: xmlTextReaderPtr) -> Attributes {
    var result = Attributes()
    func get(_ name: String) -> String? {
      guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
      defer { clibxml2_free(raw) }
      let bytes = UnsafeBufferPointer(start: raw, count: strlen(raw))
      let trimmed = trimmedXMLSpace(bytes)
      return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }
    switch need {
    case .none: break
    case .currency: result.currencyID = get("currencyID")
    case .scheme: result.schemeID = get("schemeID")
    case .unit: result.unitCode = get("unitCode")
    case .binary:
      result.mimeCode = get("mimeCode")
      result.filename = get("filename")
    }
    return result
  }
}

/// libxml2 interns names per document; converting each distinct pointer once saves most of the
/// string work on a 5 KB invoice.
struct NameCache {
  struct Entry {
    var text: String
    var id: UInt32
  }
  enum Namespace { case cbc, cac, invoice, creditNote, other }
  var entries: [Entry] = []
  /// `entries[i].id`, kept apart so that the per-element path touches no String.
  var ids: [UInt32] = []
  /// Open addressing on the pointer: libxml2 interns each name once per document, so a name is
  /// found by address without hashing its characters.
  private var slots = [(key: UInt, value: Int32)](repeating: (0, -1), count: 512)
  private var cbcPointer: UnsafePointer<UInt8>? = nil
  private var cacPointer: UnsafePointer<UInt8>? = nil
  private var otherNamespaces: [UnsafePointer<UInt8>: Namespace] = [:]

  /// The index of the name in `entries`.
  mutating func index(_ pointer: UnsafePointer<UInt8>?, table: PathTable) -> Int32 {
    guard let pointer else { return -1 }
    let key = UInt(bitPattern: pointer)
    var slot = Int(truncatingIfNeeded: (key >> 3) &* 0x9E37_79B9) & 511
    while true {
      let entry = slots[slot]
      if entry.key == key { return entry.value }
      if entry.key == 0 { break }
      slot = (slot + 1) & 511
    }
    let text = String(cString: pointer)
    entries.append(Entry(text: text, id: table.nameIDs[text] ?? 0))
    ids.append(table.nameIDs[text] ?? 0)
    let index = Int32(entries.count - 1)
    if entries.count < 400 { slots[slot] = (key, index) }  // a pathological document just misses the cache
    return index
  }

  mutating func namespace(_ pointer: UnsafePointer<UInt8>?) -> Namespace {
    guard let pointer else { return .other }
    if pointer == cbcPointer { return .cbc }
    if pointer == cacPointer { return .cac }
    if let hit = otherNamespaces[pointer] { return hit }
    let namespace: Namespace
    switch String(cString: pointer) {
    case UBLReader.cbcNamespace:
      namespace = .cbc
      cbcPointer = pointer
    case UBLReader.cacNamespace:
      namespace = .cac
      cacPointer = pointer
    case UBLReader.invoiceNamespace: namespace = .invoice
    case UBLReader.creditNoteNamespace: namespace = .creditNote
    default: namespace = .other
    }
    otherNamespaces[pointer] = namespace
    return namespace
  }
}

/// Removes XML whitespace (space, TAB, CR, LF) around a value.
func trimmedXMLSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
  var start = 0
  var end = bytes.count
  @inline(__always) func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
  while start < end && space(bytes[start]) { start += 1 }
  while end > start && space(bytes[end - 1]) { end -= 1 }
  return UnsafeBufferPointer(rebasing: bytes[start..<end])
}

/// The number of base64 alphabet characters in a C string (whitespace and padding not counted).
func countBase64(_ pointer: UnsafePointer<UInt8>) -> Int {
  var count = 0
  var p = pointer
  while p.pointee != 0 {
    let b = p.pointee
    if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2F { count += 1 }
    p += 1
  }
  return count
}

/// Collects libxml2's structured errors for one reader.
/// A do-nothing handler for libxml2's variadic generic-error channel: it reads only its first two
/// (named) arguments, which every C calling convention passes alike.
private let ignoreGenericError: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void = { _, _ in }

final class ErrorBox {
  struct Recorded {
    var message: String
    var line: Int
    var column: Int
    var path: String?
  }
  var first: Recorded?

  /// Sends every libxml2 message about this reader's document here: the reader's own, the
  /// thread's structured ones (encoding conversion), and the bare printf-style channel, which
  /// is silenced (the structured error says the same with a place). The caller resets the
  /// thread's handler with `xmlSetStructuredErrorFunc(nil, nil)` when done.
  func capture(_ reader: xmlTextReaderPtr) {
    xmlTextReaderSetStructuredErrorHandler(
      reader,
      { userData, error in
        guard let userData, let error else { return }
        Unmanaged<ErrorBox>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
      }, Unmanaged.passUnretained(self).toOpaque())
    xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque()) { userData, error in
      guard let userData, let error else { return }
      Unmanaged<ErrorBox>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
    }
    xmlSetGenericErrorFunc(nil, unsafeBitCast(ignoreGenericError, to: OpaquePointer.self))
  }

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
    func startsWith(_ s: StaticString, at j: Int) -> Bool {
      let count = s.utf8CodeUnitCount
      guard j + count <= n else { return false }
      let p = s.utf8Start
      for k in 0..<count where bytes[j + k] != p[k] { return false }
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
