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
    public var rejectedFiles: Int
    public var exitCode: Int32 { rejectedFiles > 0 ? 65 : 0 }
  }

  /// Converts every input; a file that cannot be read is reported and left out, the rest converts.
  public static func run(_ files: [InputFile], to format: OutputFormat, mappings: [CSVProfile] = []) -> Outcome {
    var documents: [Document] = []
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
    case .json: output = DocumentEncoding.json(documents).rendered()
    case .csv: output = CSVWriter().render(header: DocumentEncoding.csvHeader, rows: documents.map(DocumentEncoding.csvRow))
    }
    return Outcome(output: output, messages: messages, documents: documents.count, rejectedFiles: rejected)
  }
}
