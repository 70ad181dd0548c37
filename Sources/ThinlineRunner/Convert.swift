import ThinlineCSV
import ThinlineCore
import ThinlineWriters

/// `thinline convert`: normalise invoices and credit notes from UBL or CSV into one JSON or CSV.
public enum Convert {
  public enum OutputFormat: String, Sendable, CaseIterable { case json, csv }

  public struct Outcome: Sendable {
    /// The converted documents in the requested format.
    public var output: String
    /// Warnings and errors for stderr, one per line, `file:line:column: severity: message`.
    public var messages: [String]
    public var documents: Int
    public var bankEntries = 0
    public var rejectedFiles: Int
    public var exitCode: Int32 { ExitStatus.finished(rejecting: rejectedFiles > 0) }
  }

  /// Converts every input; a file that cannot be read is reported and left out, the rest converts.
  public static func run(_ files: [InputFile], to format: OutputFormat, mappings: [CSVProfile] = []) -> Outcome {
    var documents: [Document] = []
    var bankEntries: [BankEntry] = []
    var messages: [String] = []
    var rejected = 0
    for file in files {
      do {
        let bytes = try InputFiles.read(file)
        let ingested = try Ingest.read(bytes, name: file.name, mappings: mappings)
        messages += ingested.warnings.map(\.description)
        if !ingested.errors.isEmpty {
          messages += ingested.errors.map(\.description)
          messages.append("\(file.name): error: not converted: \(ingested.errors.count) cell(s) could not be read")
          rejected += 1
          continue
        }
        if ingested.format == .bank {
          bankEntries += ingested.bankEntries
          continue
        }
        if ingested.documentCount == 0 {
          let holds = ingested.payments.isEmpty ? (ingested.reminders.isEmpty ? "no documents" : "reminders") : "payments"
          messages.append("\(file.name): note: holds \(holds); convert writes invoices and credit notes only")
        }
        documents += ingested.documents
      } catch {
        messages.append(error.description)
        rejected += 1
      }
    }
    let output: String
    switch format {
    case .json:
      // Documents first, then bank entries (`"record": "bank_entry"`), each in input order.
      guard case .array(let list) = DocumentEncoding.json(documents) else { preconditionFailure() }
      output = JSONValue.array(list + bankEntries.map(BankEntryEncoding.json)).rendered()
    case .csv:
      if !bankEntries.isEmpty && !documents.isEmpty {
        messages.append(
          "error: CSV holds one kind of record per file: \(bankEntries.count) bank entries were not written beside the \(documents.count) documents; convert the bank statements on their own (or use --format json)"
        )
        rejected += 1
      }
      output =
        documents.isEmpty && !bankEntries.isEmpty
        ? CSVWriter().render(header: BankEntryEncoding.csvHeader, rows: bankEntries.map(BankEntryEncoding.csvRow))
        : CSVWriter().render(header: DocumentEncoding.csvHeader, rows: documents.map(DocumentEncoding.csvRow))
    }
    var outcome = Outcome(output: output, messages: messages, documents: documents.count, rejectedFiles: rejected)
    outcome.bankEntries = bankEntries.count
    return outcome
  }
}
