import Foundation
import ThinlineLedger

#if canImport(Glibc)
  import Glibc
#endif

/// The cron job's sanity checks before it touches anything: folders that cannot swallow each
/// other, a ledger that is really the ledger, and batches the ledger knows.
extension CronRun {
  /// Outbox, archive, quarantine and the ledger may not lie inside the inbox: the next run would
  /// ingest its own batch or archive (exit 64, naming the keys).
  static func checkFolders(_ config: Configuration) throws(Failure) {
    guard let inbox = config.inbox else { return }
    let root = canonical(inbox)
    let named: [(String, String?)] = [
      ("outbox", config.outbox), ("archive", config.archive), ("quarantine", config.quarantine), ("ledger", config.ledger),
    ]
    let inside = named.compactMap { key, path -> String? in
      guard let path else { return nil }
      let p = canonical(path)
      return p == root || p.hasPrefix(root + "/") ? key : nil
    }
    if !inside.isEmpty {
      throw .configuration(
        "\(config.file ?? "the configuration"): \(inside.joined(separator: ", ")) \(inside.count == 1 ? "lies" : "lie") inside the inbox \(inbox); the next run would read its own output — put \(inside.count == 1 ? "it" : "them") beside the inbox"
      )
    }
  }

  /// A path with `.`/`..` and links resolved as far as it exists (the rest appended as written).
  static func canonical(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var existing = (absolute as NSString).standardizingPath
    var rest: [String] = []
    while Inbox.realpath(existing) == nil, existing != "/" {
      rest.insert((existing as NSString).lastPathComponent, at: 0)
      existing = (existing as NSString).deletingLastPathComponent
    }
    let resolved = Inbox.realpath(existing) ?? existing
    return rest.reduce(resolved) { ($0 as NSString).appendingPathComponent($1) }
  }

  /// The batch folders in the outbox (`TL-…`), by name.
  static func batchFolders(_ outbox: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { name in
      var isDirectory: ObjCBool = false
      return name.hasPrefix("TL-")
        && FileManager.default.fileExists(atPath: (outbox as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }

  /// A missing or empty ledger beside an outbox with batches is a lost ledger: starting afresh
  /// would hand those invoices over a second time. Refused unless `--init-ledger` says so.
  static func checkLedgerIsNotLost(ledgerPath: String, outbox: String, initLedger: Bool) throws(Failure) {
    var info = stat()
    let missing = lstat(ledgerPath, &info) != 0
    let empty = !missing && info.st_size == 0
    guard missing || empty, !initLedger else { return }
    let batches = batchFolders(outbox)
    guard !batches.isEmpty else { return }
    throw .configuration(
      "the ledger \(ledgerPath) is \(missing ? "missing" : "empty"), but the outbox \(outbox) holds \(batches.count) batch(es) (\(batches.prefix(3).joined(separator: ", "))\(batches.count > 3 ? ", …" : "")): a new ledger would hand their invoices over a second time. Restore the ledger from a backup, or run once with --init-ledger if you accept that"
    )
  }

  /// Every batch in the outbox must be one the ledger recorded complete: the batch folders are
  /// the ledger's second witness (another ledger, or one restored from an old backup, stops here).
  static func checkBatchesAreKnown(outbox: String, ledger: Ledger) throws {
    let unknown = try batchFolders(outbox).filter { !(try ledger.isComplete(batch: $0)) }
    guard !unknown.isEmpty else { return }
    throw Failure.configuration(
      "the outbox \(outbox) holds batch(es) the ledger \(ledger.path) does not know (\(unknown.prefix(3).joined(separator: ", "))): the ledger is not the one that wrote them (lost, replaced or restored from an older backup). Restore the right ledger, or move those batches out of the outbox if they were handled elsewhere"
    )
  }
}

extension CronRun {
  /// With `--init-ledger`: the batches in the outbox are taken into the new ledger with the
  /// invoices their decisions.json handed over, so that none is handed over a second time.
  static func adoptBatches(outbox: String, ledger: Ledger) throws -> [String] {
    var adopted: [String] = []
    for id in batchFolders(outbox) where !(try ledger.isComplete(batch: id)) {
      let folder = (outbox as NSString).appendingPathComponent(id)
      // internal/decisions.json since batches have delivery/ and internal/; at the top before.
      let file =
        ["internal/decisions.json", "decisions.json"].map { (folder as NSString).appendingPathComponent($0) }
        .first { FileManager.default.fileExists(atPath: $0) } ?? (folder as NSString).appendingPathComponent("internal/decisions.json")
      guard let data = FileManager.default.contents(atPath: file),
        let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let invoices = root["invoices"] as? [[String: Any]]
      else {
        throw Failure.configuration(
          "\(file): cannot read which invoices batch \(id) handed over, so --init-ledger cannot take it in; move the batch out of the outbox if the agency has it"
        )
      }
      let handed = invoices.compactMap { i -> (invoice: String, customer: String, open: String)? in
        guard i["decision"] as? String == "handover", let number = i["invoice"] as? String else { return nil }
        return (number, i["customer"] as? String ?? "", i["open"] as? String ?? "0.00")
      }
      try ledger.adoptBatch(id: id, folder: folder, asOf: root["as_of"] as? String ?? "", invoices: handed)
      adopted.append("\(id) (\(handed.count) invoice(s))")
    }
    return adopted
  }
}
