import ThinlineCSV
import ThinlineCore
import ThinlineUBL
import ThinlineWriters

/// `thinline validate`: well-formedness, UBL 2.1 structure (with `--xsd`), EN 16931 arithmetic,
/// CSV dialect and columns. Errors break a standard; warnings are Thinline's advice.
public enum Validate {
  public enum ReportFormat: String, Sendable, CaseIterable { case text, json }

  public struct FileReport: Sendable {
    public var file: String
    public var format: String?
    public var summary: String?
    public var errors: [Finding] = []
    public var warnings: [Finding] = []
    /// For CSV with `--explain`: how each field was read.
    public var explanation: CSVExplanation?
    public var valid: Bool { errors.isEmpty }
  }

  public struct Outcome: Sendable {
    public var files: [FileReport]
    public var exitCode: Int32 { ExitStatus.finished(rejecting: files.contains { !$0.valid }) }
  }

  /// Checks each file independently. Memory stays flat in the number of files: nothing of a
  /// file is kept but its findings.
  public static func run(_ files: [InputFile], xsd: XSDValidator?, mappings: [CSVProfile] = [], explain: Bool = false) -> Outcome {
    Outcome(files: parallelMap(files) { check($0, xsd: xsd, mappings: mappings, explain: explain) })
  }

  public static func check(_ file: InputFile, xsd: XSDValidator?, mappings: [CSVProfile] = [], explain: Bool = false) -> FileReport {
    var report = FileReport(file: file.name)
    let bytes: [UInt8]
    do { bytes = try InputFiles.read(file) } catch {
      report.errors.append(Finding(.error, rule: "IO", error.message, at: error.location))
      return report
    }
    let format = Ingest.format(of: bytes)
    report.format = format.rawValue
    switch format {
    case .bank:
      do {
        let ingested = try Ingest.read(bytes, name: file.name)
        report.summary = ingested.csvSummary
        report.warnings += ingested.warnings
      } catch {
        report.errors.append(Finding(.error, rule: "BANK", messageWithExpectation(error), at: error.location))
      }
    case .ubl:
      do {
        let result = try UBLReader.read(bytes, source: file.name)
        let d = result.document
        report.summary = "UBL \(d.kind == .invoice ? "Invoice" : "CreditNote") \(d.number ?? "(no number)")"
        report.warnings += result.warnings
        if let xsd {
          report.errors += try xsd.validate(bytes, source: file.name, kind: d.kind)
        }
        report.errors += EN16931Arithmetic.check(d)
        report.warnings += advice(d)
      } catch {
        report.errors.append(Finding(.error, rule: "XML", messageWithExpectation(error), at: error.location))
      }
    case .csv:
      do {
        let ingested = try Ingest.read(bytes, name: file.name, keepDocuments: false, mappings: mappings)
        if explain { report.explanation = ingested.csvExplanation }
        report.summary = "CSV \(ingested.csvSummary ?? "")"
        report.warnings += ingested.warnings
        report.errors += ingested.errors.map { Finding(.error, rule: "CSV", messageWithExpectation($0), at: $0.location) }
      } catch {
        report.errors.append(Finding(.error, rule: "CSV", messageWithExpectation(error), at: error.location))
      }
    }
    return report
  }

  static func explanationJSON(_ e: CSVExplanation) -> JSONValue {
    .object([
      ("profile", .string(e.profile)), ("why", .string(e.why)), ("kind", .string(e.kind)),
      (
        "fields",
        .array(e.fields.map { .object([("field", .string($0.field)), ("header", .string($0.header)), ("column", .int($0.column))]) })
      ),
      ("date_order", .string(e.dateOrder)), ("amounts", .array(e.decimals.map { .string($0) })), ("credit_notes", .string(e.sign)),
      ("currency", .string(e.currency)),
      ("skipped", .object(e.skipped.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
    ])
  }

  static func messageWithExpectation(_ error: InputError) -> String {
    error.expected.map { "\(error.message) (expected \($0))" } ?? error.message
  }

  /// Thinline's own advice: what makes credit management harder, though no standard forbids it.
  static func advice(_ d: Document) -> [Finding] {
    var findings: [Finding] = []
    let root = d.kind == .invoice ? "/Invoice" : "/CreditNote"
    if d.kind == .invoice, d.dueDate == nil, let payable = d.totals.payable, payable.value > 0 {
      let rule = d.paymentTermsNote == nil ? "BR-CO-25" : "TL-NO-DUE-DATE"
      let text =
        d.paymentTermsNote == nil
        ? "an amount is due but the invoice has neither a due date nor payment terms (Peppol and NLCIUS still require one); Thinline will use the default term"
        : "the invoice has no due date, only payment terms text; Thinline will use the agreed or default term"
      findings.append(Finding(.warning, rule: rule, text, at: SourceLocation(file: d.source, path: root + "/cbc:DueDate")))
    }
    return findings
  }

  public static func render(_ outcome: Outcome, as format: ReportFormat) -> String {
    switch format {
    case .json:
      func finding(_ f: Finding) -> JSONValue {
        .object([
          ("rule", .string(f.rule)), ("message", .string(f.message)),
          ("line", f.location.line > 0 ? .int(f.location.line) : .null),
          ("column", f.location.column > 0 ? .int(f.location.column) : .null),
          ("path", .optional(f.location.path)),
        ])
      }
      let files = outcome.files.map { r in
        var fields: [(String, JSONValue)] = [
          ("file", .string(r.file)), ("format", .optional(r.format)), ("summary", .optional(r.summary)),
          ("valid", .bool(r.valid)), ("errors", .array(r.errors.map(finding))), ("warnings", .array(r.warnings.map(finding))),
        ]
        if let explanation = r.explanation { fields.append(("explanation", explanationJSON(explanation))) }
        return JSONValue.object(fields)
      }
      let invalid = outcome.files.filter { !$0.valid }.count
      return JSONValue.object([
        ("files", .array(files)),
        (
          "summary",
          .object([
            ("files", .int(outcome.files.count)), ("valid", .int(outcome.files.count - invalid)), ("invalid", .int(invalid)),
            ("warnings", .int(outcome.files.reduce(0) { $0 + $1.warnings.count })),
          ])
        ),
      ]).rendered()
    case .text:
      var lines: [String] = []
      for r in outcome.files {
        lines += r.errors.map(\.description)
        lines += r.warnings.map(\.description)
        lines.append("\(r.file): \(r.valid ? "valid" : "INVALID")\(r.summary.map { " — \($0)" } ?? "")")
        if let explanation = r.explanation { lines += explanation.lines.map { "    " + $0 } }
      }
      let invalid = outcome.files.filter { !$0.valid }.count
      let warnings = outcome.files.reduce(0) { $0 + $1.warnings.count }
      lines.append("\(outcome.files.count) file(s): \(outcome.files.count - invalid) valid, \(invalid) with errors, \(warnings) warning(s)")
      return lines.joined(separator: "\n") + "\n"
    }
  }
}

extension Validate {
  /// With the schemas' folder and a configuration file by path, as the command line gives them.
  public static func run(_ files: [InputFile], xsdDirectory: String?, configPath: String?, explain: Bool) throws -> Outcome {
    var validator: XSDValidator? = nil
    if let xsdDirectory {
      do { validator = try XSDValidator(directory: xsdDirectory) } catch { throw UsageError("--xsd \(error.description)") }
    }
    return run(files, xsd: validator, mappings: try Configuration.csvMappings(of: configPath), explain: explain)
  }
}
