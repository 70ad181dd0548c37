import CLibXML2
import Foundation
import ThinlineCore

/// Validates UBL documents against the official OASIS UBL 2.1 XSDs (`maindoc/` and `common/`).
///
/// Schemas are compiled once per validator; the only files libxml2 may load while compiling
/// them are those under the schema directory.
public final class XSDValidator: @unchecked Sendable {
  let directory: String
  /// A single schema file (any XML format) instead of the UBL maindoc pair.
  let schemaFile: String?
  private var schemas: [Document.Kind: xmlSchemaPtr] = [:]
  private var single: xmlSchemaPtr? = nil
  private let lock = NSLock()

  /// - Throws: `InputError` when the directory does not hold `maindoc/UBL-Invoice-2.1.xsd`.
  public init(directory: String) throws(InputError) {
    let resolved = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
    self.directory = resolved
    let invoice = resolved + "/maindoc/UBL-Invoice-2.1.xsd"
    guard FileManager.default.fileExists(atPath: invoice) else {
      throw InputError(
        SourceLocation(file: directory), "no UBL 2.1 schemas here",
        expected: "a folder with maindoc/UBL-Invoice-2.1.xsd and common/ (the OASIS UBL 2.1 xsdrt schemas)")
    }
    self.schemaFile = nil
    UBLReader.initializeOnce()
    SchemaLoaderPolicy.allow(resolved)
  }

  /// A validator for one schema file, such as Thinline's own schemas/handover.xsd.
  public init(schemaFile: String) throws(InputError) {
    let resolved = URL(fileURLWithPath: schemaFile).standardizedFileURL.resolvingSymlinksInPath().path
    guard FileManager.default.fileExists(atPath: resolved) else {
      throw InputError(SourceLocation(file: schemaFile), "no such schema file")
    }
    self.directory = (resolved as NSString).deletingLastPathComponent
    self.schemaFile = resolved
    UBLReader.initializeOnce()
    SchemaLoaderPolicy.allow(directory)
  }

  deinit {
    for schema in schemas.values { xmlSchemaFree(schema) }
    if let single { xmlSchemaFree(single) }
  }

  /// Findings (rule `XSD`) for any document against the single schema file.
  public func validate(_ bytes: [UInt8], source: String) throws(InputError) -> [Finding] {
    guard let schemaFile else { throw InputError(SourceLocation(file: source), "this validator is for UBL documents") }
    lock.lock()
    if single == nil, let parser = xmlSchemaNewParserCtxt(schemaFile) {
      xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
      single = xmlSchemaParse(parser)
      xmlSchemaFreeParserCtxt(parser)
    }
    let schema = single
    lock.unlock()
    guard let schema else { throw InputError(SourceLocation(file: schemaFile), "libxml2 could not compile the schema") }
    return try validate(bytes, source: source, schema: schema)
  }

  private func schema(for kind: Document.Kind) throws(InputError) -> xmlSchemaPtr {
    lock.lock()
    defer { lock.unlock() }
    if let cached = schemas[kind] { return cached }
    let file = directory + (kind == .invoice ? "/maindoc/UBL-Invoice-2.1.xsd" : "/maindoc/UBL-CreditNote-2.1.xsd")
    guard let parser = xmlSchemaNewParserCtxt(file) else { throw InputError(SourceLocation(file: file), "cannot open the schema") }
    defer { xmlSchemaFreeParserCtxt(parser) }
    xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
    guard let schema = xmlSchemaParse(parser) else {
      throw InputError(SourceLocation(file: file), "libxml2 could not compile the schema")
    }
    schemas[kind] = schema
    return schema
  }

  /// Findings (rule `XSD`) for one document; empty when it is valid.
  /// - Throws: `InputError` when the file is not well-formed or the schema cannot be compiled.
  public func validate(_ bytes: [UInt8], source: String, kind: Document.Kind) throws(InputError) -> [Finding] {
    try validate(bytes, source: source, schema: try schema(for: kind))
  }

  func validate(_ bytes: [UInt8], source: String, schema: xmlSchemaPtr) throws(InputError) -> [Finding] {
    let doc: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        xmlReadMemory($0, Int32(buffer.count), source, nil, UBLReader.parseOptions)
      }
    }
    guard let doc else { throw InputError(SourceLocation(file: source), "the XML is not well-formed") }
    defer { xmlFreeDoc(doc) }
    guard let context = xmlSchemaNewValidCtxt(schema) else { return [] }
    defer { xmlSchemaFreeValidCtxt(context) }
    let box = FindingBox(source: source)
    xmlSchemaSetValidStructuredErrors(
      context,
      { userData, error in
        guard let userData, let error else { return }
        Unmanaged<FindingBox>.fromOpaque(userData).takeUnretainedValue().add(error.pointee)
      }, Unmanaged.passUnretained(box).toOpaque())
    _ = xmlSchemaValidateDoc(context, doc)
    return box.findings
  }
}

final class FindingBox {
  let source: String
  var findings: [Finding] = []
  init(source: String) { self.source = source }
  func add(_ error: xmlError) {
    guard findings.count < 100 else { return }
    let message = (error.message.map { String(cString: $0) } ?? "schema error").trimmingCharacters(in: .whitespacesAndNewlines)
    findings.append(Finding(.error, rule: "XSD", message, at: SourceLocation(file: source, line: Int(error.line))))
  }
}

/// The external-entity policy for the whole process: nothing may be loaded, except schema files
/// under a directory that an `XSDValidator` was given.
enum SchemaLoaderPolicy {
  nonisolated(unsafe) static var allowed: [String] = []
  static let lock = NSLock()

  static func allow(_ directory: String) {
    lock.lock()
    defer { lock.unlock() }
    if !allowed.contains(directory) { allowed.append(directory) }
  }

  static func permits(_ url: String) -> String? {
    var path = url
    if path.hasPrefix("file://") { path = String(path.dropFirst(7)) }
    guard path.hasPrefix("/"), path.hasSuffix(".xsd") else { return nil }
    let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    lock.lock()
    defer { lock.unlock() }
    return allowed.contains { resolved.hasPrefix($0 + "/") } ? resolved : nil
  }
}
