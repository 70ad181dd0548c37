import Foundation

/// A batch on its way into the outbox: written under `.tmp-<id>` beside its final name, every
/// file and folder synced, then the commit (the ledger's transaction), then one rename. A crash
/// before the rename leaves only the temporary folder, which the next run finishes (the ledger
/// has the batch) or drops (it has not); the agency never sees half a batch.
struct BatchFolder {
  static let temporaryPrefix = ".tmp-"

  let id: String
  let final: String
  let temporary: String

  init(outbox: String, id: String) {
    self.id = id
    self.final = (outbox as NSString).appendingPathComponent(id)
    self.temporary = (outbox as NSString).appendingPathComponent(Self.temporaryPrefix + id)
  }

  /// The batch id of a temporary folder's name; nil for any other name.
  static func id(ofTemporary name: String) -> String? {
    name.hasPrefix(temporaryPrefix) ? String(name.dropFirst(temporaryPrefix.count)) : nil
  }

  /// Starts the temporary folder afresh (a leftover of this id is not ours to keep: the ledger
  /// does not have it, or `recoverBatches` would have finished it).
  func create() throws {
    let fm = FileManager.default
    try? fm.removeItem(atPath: temporary)
    try fm.createDirectory(atPath: temporary, withIntermediateDirectories: true)
  }

  /// A path inside the temporary folder.
  func path(_ relative: String) -> String { (temporary as NSString).appendingPathComponent(relative) }

  /// Syncs the folder's tree, runs `commit`, and renames the folder into place. When `commit`
  /// throws, nothing is renamed.
  func publish(commit: () throws -> Void) throws {
    Self.syncTree(temporary)
    try commit()
    try FileManager.default.moveItem(atPath: temporary, toPath: final)
  }

  /// fsync every file and folder under `folder`, so that the rename publishes complete files.
  static func syncTree(_ folder: String) {
    var files: [String] = []
    InputFiles.collect(folder: folder, into: &files)
    for path in files + [folder] {
      let fd = open(path, O_RDONLY)
      if fd >= 0 {
        fsync(fd)
        close(fd)
      }
    }
  }
}
