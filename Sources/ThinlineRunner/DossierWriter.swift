import Foundation
import ThinlineCSV
import ThinlineCore
import ThinlineUBL
import ThinlineWriters

/// Writes a handover batch next to decisions.json: the dossiers in the configured encodings,
/// the extracted attachments, optionally copies of the source documents, and the manifest.
public enum DossierWriter {
  /// The batch id: the as-of date and a fingerprint of the decisions, so that the same inputs give
  /// the same id and a different decision a different one.
  public static func batchID(asOf: CalendarDate, decisions: Checksum.Digest) -> String {
    "TL-\(asOf.description.replacingOccurrences(of: "-", with: ""))-\(decisions.sha256.prefix(8))"
  }

  struct Written {
    var path: String
    var bytes: [UInt8]
  }

  /// Where the dossiers go: beside decisions.json (one-off `handover`), or into a batch's
  /// `delivery/` folder, which holds exactly what the agency receives: the dossiers, the
  /// schemas, the attachments and the handed-over invoices' sources — for a CSV source only its
  /// header and the claimed invoices' rows — and a manifest of just those files.
  public enum Layout: Sendable { case oneOff, delivery }

  /// What a batch wrote: its paths (the dossiers, then the manifest) and its model, built once
  /// (the report of the batch shows the same model).
  public struct Published: Sendable {
    public var paths: [String] = []
    public var batch: HandoverBatch? = nil
  }

  /// - Throws: `UsageError` when the folder cannot be written.
  /// - Parameter sourceBytes: the content of a source file by the name its records carry
  ///   (`SourceFile.content()` one-off, the ledger's bytes for the cron job); nil when there is
  ///   none. Nothing else is read.
  public static func write(
    report: DecisionReport, configuration: Configuration, decisions: Checksum.Digest, folder: String,
    sourceBytes: (String) throws(UsageError) -> [UInt8]?, layout: Layout = .oneOff
  ) throws(UsageError) -> Published {
    let delivery = layout == .delivery
    guard report.debtors.contains(where: { $0.decision == .handover }) else { return Published() }
    let id = batchID(asOf: report.asOf, decisions: decisions)
    var files: [Written] = []
    var sources: [String: HandoverBatch.FileReference] = [:]
    var attachments: [String: [HandoverBatch.FileReference]] = [:]
    let fm = FileManager.default
    // One read and one checksum per source file, however many invoices it holds.
    struct Source {
      var bytes: [UInt8]?
      var size: Int
      var sha256: String
      var isUBL: Bool
    }
    var cache: [String: Source?] = [:]
    func source(_ path: String) throws(UsageError) -> Source? {
      if let hit = cache[path] { return hit }
      var found: Source? = nil
      if let bytes = try sourceBytes(path) {
        let isUBL = Ingest.format(of: bytes) == .ubl
        found = Source(
          bytes: isUBL || configuration.agency.copySources || delivery ? bytes : nil, size: bytes.count, sha256: Checksum.sha256(bytes),
          isUBL: isUBL
        )
      }
      cache[path] = found
      return found
    }
    var copied = Set<String>()
    // For a delivery: each CSV source cut down to its header and the claimed invoices' rows.
    var claimedBySource: [String: Set<String>] = [:]
    // The claims, picked by index: a loop over all entries would copy each of a million whole.
    let claims = report.invoices.indices.filter { report.invoices[$0].decision == .handover }.map { report.invoices[$0] }
    for invoice in claims {
      if let source = invoice.document?.source { claimedBySource[source, default: []].insert(invoice.invoice) }
    }
    // An excerpt is made and checksummed once, however many of its invoices are claimed.
    var excerpts: [String: Checksum.Digest] = [:]
    let redact = configuration.agency.redactLineDescriptions
    for invoice in claims {
      guard let document = invoice.document, document.source != "-", let src = try source(document.source) else { continue }
      let sourceName = (document.source as NSString).lastPathComponent
      let mime = src.isUBL ? "application/xml" : "text/csv"
      if delivery && !src.isUBL {
        let path = "sources/\(sourceName)"
        if excerpts[path] == nil, let bytes = src.bytes {
          // Refused, not left empty: the agency's copy of the export must hold the rows claimed.
          let excerpt: [UInt8]
          do {
            excerpt = try CSVReader.excerpt(
              bytes, source: document.source, invoiceNumbers: claimedBySource[document.source] ?? [], mappings: configuration.csvMappings,
              blanking: redact ? [.description, .itemID] : [])
          } catch {
            throw UsageError("\(error.description) (cutting the claimed invoices' rows for the dossier); nothing was handed over")
          }
          excerpts[path] = Checksum.Digest(of: excerpt)
          files.append(Written(path: path, bytes: excerpt))
        }
        let excerpt = excerpts[path]!
        sources[invoice.invoice] = .init(
          path: path, mimeType: mime, size: excerpt.size, sha256: excerpt.sha256,
          description:
            "the header and the claimed invoices' rows of \(sourceName) (the export as received: \(src.size) bytes, sha256 \(src.sha256))")
      } else if redact && src.isUBL {
        sources[invoice.invoice] = .init(
          path: sourceName, mimeType: mime, size: src.size, sha256: src.sha256,
          description:
            "withheld: the invoice's line texts stay with the creditor (agency.redact_line_descriptions); the creditor provides the document and its PDFs on request"
        )
        continue
      } else if configuration.agency.copySources || delivery {
        let path = "sources/\(sourceName)"
        if copied.insert(path).inserted, let bytes = src.bytes { files.append(Written(path: path, bytes: bytes)) }
        sources[invoice.invoice] = .init(path: path, mimeType: mime, size: src.size, sha256: src.sha256)
      } else {
        sources[invoice.invoice] = .init(
          path: document.source, mimeType: mime, size: src.size, sha256: src.sha256,
          description: "the source document, referenced where it was read (not copied)")
      }
      guard src.isUBL, let bytes = src.bytes else { continue }
      for (index, attachment) in document.attachments.enumerated() where attachment.size != nil {
        let position = attachment.position ?? index
        guard let decoded = try? UBLReader.attachmentBytes(bytes, source: document.source, index: position) else { continue }
        let path = attachmentPath(invoice: invoice.invoice, position: position, name: attachment.filename ?? attachment.id)
        files.append(Written(path: path, bytes: decoded))
        attachments[invoice.invoice, default: []].append(
          .init(
            path: path, mimeType: attachment.mimeType, size: decoded.count, sha256: Checksum.sha256(decoded),
            description: attachment.description))
      }
    }
    let batch = HandoverBatch.build(
      report: report, creditor: configuration.creditor, agency: configuration.agency.name, policy: configuration.policy, batchID: id,
      sources: sources, attachments: attachments)
    let formats = configuration.agency.formats
    let agency = configuration.agency
    // XML and JSON (each on a core of its own: `encodings` splits them) while the two CSV files
    // are written on a thread of their own; listed in the same order. Not one `parallelMap`
    // around both: nested in it, the XML and JSON ran one after the other.
    var markup: [Written] = []
    var tables: [Written] = []
    bothAtOnce(
      {
        let encoded = DossierEncoding.encodings(batch, xml: formats.contains("xml"), json: formats.contains("json"))
        markup = [
          encoded.xml.map { Written(path: "handover-\(id).xml", bytes: $0) },
          encoded.json.map { Written(path: "handover-\(id).json", bytes: $0) },
        ]
        .compactMap { $0 }
      },
      {
        guard formats.contains("csv") else { return }
        let csv = DossierEncoding.csv(
          batch, delimiter: agency.csvDelimiter, byteOrderMark: agency.csvByteOrderMark, decimalComma: agency.csvDelimiter == ";")
        let debtors = DossierEncoding.debtorsCSV(
          batch, delimiter: agency.csvDelimiter, byteOrderMark: agency.csvByteOrderMark, decimalComma: agency.csvDelimiter == ";")
        tables = [
          Written(path: "handover-\(id).csv", bytes: Array(csv.utf8)),
          Written(path: "handover-\(id)-debtors.csv", bytes: Array(debtors.utf8)),
        ]
      })
    files += markup + tables
    if delivery {
      for schema in DeliverySchemas.files { files.append(Written(path: "schemas/\(schema.name)", bytes: schema.bytes)) }
    }
    var written: [String] = []
    for file in files {
      let full = (folder as NSString).appendingPathComponent(file.path)
      let directory = (full as NSString).deletingLastPathComponent
      do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
        throw UsageError("\(directory): cannot create the folder (\(FileErrors.describe(error)))")
      }
      try OutputFile.write(file.bytes, to: full)
      written.append(full)
    }
    // The manifest lists every file it describes with its checksum: a delivery's own files only;
    // one-off, decisions.json beside them too.
    var listed = files.map { ($0.path, $0.bytes.count, Checksum.sha256($0.bytes)) }
    if !delivery { listed.append(("decisions.json", decisions.size, decisions.sha256)) }
    let manifest = manifestJSON(batch: batch, files: listed.sorted { $0.0 < $1.0 }, role: configuration.agency.role)
    let manifestPath = (folder as NSString).appendingPathComponent("manifest-\(id).json")
    try OutputFile.write(manifest, to: manifestPath)
    written.append(manifestPath)
    return Published(paths: written, batch: batch)
  }

  /// Where an extracted attachment goes: unique per batch. Two invoice numbers that make the same
  /// safe name (`F/1`, `F_1`) differ in the hash of the number; two files of one invoice with one
  /// name differ in their position.
  public static func attachmentPath(invoice: String, position: Int, name: String?) -> String {
    let tag = Checksum.sha256(Array(invoice.utf8)).prefix(8)
    return "attachments/\(safeFileName(invoice))-\(tag)-\(position + 1)-\(safeFileName(name ?? "attachment"))"
  }

  static func safeFileName(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    let cleaned = String(name.map { allowed.contains($0) ? $0 : "_" })
    let trimmed = cleaned.hasPrefix(".") ? "_" + cleaned.dropFirst() : cleaned
    return trimmed.isEmpty ? "attachment" : String(trimmed.prefix(120))
  }

  /// What personal data the delivery holds and who is responsible for it (GDPR art. 5(1)(c), 28).
  static func dataProtection(_ batch: HandoverBatch, role: String) -> JSONValue {
    let consumers = batch.dossiers.filter(\.debtor.consumer).count
    var categories = ["name", "customer number", "invoices and amounts owed"]
    let parties = batch.dossiers.compactMap(\.debtor.party)
    if parties.contains(where: { !$0.address.isEmpty }) { categories.append("postal address") }
    if batch.dossiers.contains(where: { !$0.debtor.emails.isEmpty }) {
      categories.append("e-mail address")
    }
    if batch.dossiers.contains(where: { !$0.debtor.phones.isEmpty }) {
      categories.append("phone number")
    }
    if parties.contains(where: { $0.contact.name != nil }) { categories.append("contact person") }
    return .object([
      ("controller", .object([("name", .optional(batch.creditor.name)), ("kvk", .optional(batch.creditor.kvk))])),
      ("recipient", .optional(batch.agency)),
      ("recipient_role", .string(role)),
      ("purpose", .string("collection of the claims in this delivery, and nothing else")),
      ("data_subjects", .object([("debtors", .int(batch.dossiers.count)), ("consumers", .int(consumers))])),
      ("personal_data", .array(categories.map { .string($0) })),
      ("not_included", .array(["BSN", "date of birth", "other customers' data", "the creditor's internal decisions"].map { .string($0) })),
    ])
  }

  static func manifestJSON(batch: HandoverBatch, files: [(String, Int, String)], role: String = "processor") -> String {
    let totals = batch.totalsPerCurrency
    // Warnings an agency's importer can act on: a stable code, the claims it concerns, a message.
    // (An unconfirmed interest rate, a claim near or past limitation, recurring small claims.)
    var order: [String] = []
    var byCode: [String: (message: String, claims: [String])] = [:]
    for dossier in batch.dossiers {
      for claim in dossier.claims {
        for advice in claim.advice where advice.code != .termAboveSixtyDays {
          let code = advice.code == .limitation ? "LIMITATION_NEAR" : advice.code.rawValue
          let message =
            advice.code == .unconfirmedRate
            ? "interest on these claims uses a statutory rate that the creditor's rate table does not mark as confirmed; check it against the published rate (DNB, rijksoverheid.nl) before claiming it"
            : advice.message
          if byCode[code] == nil {
            order.append(code)
            byCode[code] = (message, [])
          }
          if byCode[code]!.claims.last != claim.invoice { byCode[code]!.claims.append(claim.invoice) }
        }
      }
    }
    let warnings: [JSONValue] = order.map { code in
      .object([
        ("code", .string(code)), ("message", .string(byCode[code]!.message)),
        ("claims", .array(byCode[code]!.claims.map { .string($0) })),
      ])
    }
    let value = JSONValue.object([
      ("format", .string("thinline-handover-manifest")),
      ("version", .string(HandoverBatch.formatVersion)),
      ("batch_id", .string(batch.batchID)),
      ("as_of", .string(batch.asOf.description)),
      ("created_at", .string(Timestamp.iso(Timestamp.now()))),  // the manifest's one wall-clock value
      ("creditor", .object([("name", .optional(batch.creditor.name)), ("kvk", .optional(batch.creditor.kvk))])),
      ("agency", .optional(batch.agency)),
      ("debtors", .int(batch.dossiers.count)),
      ("claims", .int(batch.dossiers.reduce(0) { $0 + $1.claims.count })),
      (
        "control_totals",
        .object(
          totals.keys.sorted().map { currency in
            let t = totals[currency]!
            return (
              currency,
              .object([
                ("dossiers", .int(t.dossiers)), ("claims", .int(t.claims)), ("principal", .string(t.principal.moneyText)),
                ("interest", .string(t.interest.moneyText)), ("costs", .string(t.costs.moneyText)), ("vat", .string(t.vat.moneyText)),
                ("total", .string(t.total.moneyText)),
              ])
            )
          })
      ),
      ("files", .array(files.map { .object([("path", .string($0.0)), ("size", .int($0.1)), ("sha256", .string($0.2))]) })),
      ("warnings", .array(warnings)),
      ("data_protection", dataProtection(batch, role: role)),
    ])
    return value.rendered()
  }
}
