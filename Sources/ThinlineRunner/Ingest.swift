import ThinlineBank
import ThinlineCSV
import ThinlineCore
import ThinlineLedger
import ThinlineUBL

/// What one input file holds, whatever its format.
public struct IngestedFile: Sendable {
  public enum Format: String, Sendable { case ubl = "UBL", csv = "CSV", bank = "BANK" }
  public var name: String
  public var format: Format
  public var documents: [Document] = []
  public var documentCount = 0
  public var payments: [PaymentRecord] = []
  public var reminders: [ReminderRecord] = []
  /// For a bank statement: its entries, in file order.
  public var bankEntries: [BankEntry] = []
  public var warnings: [Finding] = []
  /// Non-empty when part of the file could not be read: the file must not be used as it is.
  public var errors: [InputError] = []
  /// For CSV: the detected kind, profile and dialect, for the user to check.
  public var csvSummary: String?
  /// For CSV: how each field was read (`validate --explain`).
  public var csvExplanation: CSVExplanation?
}

extension FileRecords {
  /// What the ledger keeps of a file that was read.
  init(_ ingested: IngestedFile) {
    self.init(documents: ingested.documents, payments: ingested.payments, reminders: ingested.reminders, bankEntries: ingested.bankEntries)
  }
}

/// Reads any supported input, detected by content, not by extension.
public enum Ingest {
  public static func format(of bytes: [UInt8]) -> IngestedFile.Format {
    var i = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    if i < bytes.count, bytes[i] == UInt8(ascii: "<") { return CamtReader.sniff(bytes) ? .bank : .ubl }
    if MT940Reader.sniff(bytes) { return .bank }
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      // UTF-16: XML if the first character is '<'.
      if bytes.count >= 4, bytes[2] == UInt8(ascii: "<") || bytes[3] == UInt8(ascii: "<") { return .ubl }
    }
    return .csv
  }

  /// - Throws: `InputError` when the file cannot be read at all (not XML/UBL, no CSV header …).
  public static func read(
    _ bytes: [UInt8], name: String, keepDocuments: Bool = true, mappings: [CSVProfile] = []
  ) throws(InputError) -> IngestedFile {
    switch format(of: bytes) {
    case .bank:
      let statement = try BankStatementReader.read(bytes, source: name)
      var file = IngestedFile(name: name, format: .bank)
      file.bankEntries = statement.entries
      file.warnings = statement.warnings
      file.csvSummary =
        "\(statement.format) bank statement, \(statement.statements) statement\(statement.statements == 1 ? "" : "s"), \(statement.entries.count) entr\(statement.entries.count == 1 ? "y" : "ies")"
      return file
    case .ubl:
      if bytes.isEmpty { throw InputError(SourceLocation(file: name), "the file is empty") }
      let result = try UBLReader.read(bytes, source: name)
      var file = IngestedFile(name: name, format: .ubl)
      file.documents = keepDocuments ? [result.document] : []
      file.documentCount = 1
      file.warnings = result.warnings
      return file
    case .csv:
      if bytes.isEmpty { throw InputError(SourceLocation(file: name), "the file is empty", expected: "UBL XML or a CSV export") }
      if bytes.starts(with: Array("%PDF-".utf8)) {
        throw InputError(
          SourceLocation(file: name),
          "is a PDF; Thinline reads UBL XML and CSV exports (a PDF belongs inside the UBL invoice, as its attachment)",
          expected: "the invoice as UBL 2.1 XML, or the billing package's CSV export")
      }
      if looksBinary(bytes) {
        throw InputError(
          SourceLocation(file: name), "the file is binary, neither UBL XML nor CSV text", expected: "UBL XML or a CSV export")
      }
      let result = try CSVReader.read(bytes, source: name, keepDocuments: keepDocuments, mappings: mappings)
      var file = IngestedFile(name: name, format: .csv)
      file.documents = result.documents
      file.documentCount = result.documentCount
      file.payments = result.payments
      file.reminders = result.reminders
      file.warnings = result.warnings
      file.errors = result.errors
      file.csvExplanation = result.explanation
      file.csvSummary =
        "\(result.kind.rawValue), profile \(result.profile), \(result.dialect), \(result.rows) data row\(result.rows == 1 ? "" : "s")"
      return file
    }
  }

  /// Control bytes other than TAB/CR/LF in the first kilobytes mean it is not text.
  static func looksBinary(_ bytes: [UInt8]) -> Bool {
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) { return false }
    var control = 0
    for b in bytes.prefix(8192) where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { control += 1 }
    return control > 0
  }
}
