import Foundation
import Logging
import ThinlineCore
import ThinlineLedger
import ThinlineWriters

#if canImport(Glibc)
  import Glibc
#endif

/// Taking the inbox: which files a run may take, staging, reading on all cores, recording each
/// group in the ledger before it is archived or quarantined.
extension CronRun {
  /// Files a run may take: settled, not temporary, not hidden; and the entries it refuses.
  static func candidates(
    inbox: String, settleSeconds: Int, followSymlinks: Bool, maximumSize: Int = InputFiles.defaultMaximumSize, now: Date = Date()
  ) -> (ready: [Inbox.Entry], waiting: [String], refused: [Inbox.Entry]) {
    var ready: [Inbox.Entry] = []
    var waiting: [String] = []
    var refused: [Inbox.Entry] = []
    let now = Int(now.timeIntervalSince1970)
    for var entry in Inbox.scan(inbox, followSymlinks: followSymlinks) {
      let name = entry.name
      if entry.refusal == nil, entry.size > maximumSize {
        entry.refusal =
          "the file is \(entry.size) bytes, more than the \(maximumSize) Thinline takes (max_file_bytes in the configuration); nothing in it was read"
      }
      if name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~") || name.hasPrefix(".") { continue }
      if entry.refusal != nil {
        refused.append(entry)
      } else if now - entry.modified < settleSeconds {
        waiting.append(entry.path)
      } else {
        ready.append(entry)
      }
    }
    return (ready, waiting, refused)
  }

  /// What a file turned out to be, found on any core.
  struct Prepared: Sendable {
    /// Where it was in the inbox (for messages), and where it is staged while it is taken.
    var path: String
    var staged: String
    var name: String
    var bytes: [UInt8]
    var sha: String
    var size: Int
    var modified: Int
    var known: Bool
    var ingested: IngestedFile?
    /// What it held in the ledger's layout, encoded while the group is read on every core.
    var parts: [[UInt8]] = []
    var problems: [String]
  }

  /// Refused entries (links, FIFOs, devices, names that are not UTF-8) are quarantined as they
  /// are, with the reason beside them; nothing is read from them.
  static func quarantineRefused(_ refused: [Inbox.Entry], config: Configuration, dryRun: Bool, outcome: inout Outcome) throws {
    for entry in refused {
      let reason = "\(entry.path): error: \(entry.refusal ?? "not a regular file")"
      outcome.quarantined.append(entry.path)
      outcome.messages.append(reason)
      log.warning("quarantined \(entry.path): \(entry.refusal ?? "")")
      guard !dryRun else { continue }
      try fm().createDirectory(atPath: config.quarantine!, withIntermediateDirectories: true)
      let target = uniquePath(in: config.quarantine!, name: Inbox.readableName(entry))
      try OutputFile.write(explanation([reason]), to: target + ".error.txt")
      if !Inbox.rename(entry.rawPath, to: target) {
        outcome.messages.append(
          "\(entry.path): error: cannot move it to the quarantine (\(String(cString: strerror(errno)))); it stays in the inbox")
      }
    }
  }

  /// Moves an inbox file into staging, unless it changed since it was listed (it is then left
  /// for the next run). Returns the staged path.
  static func stage(_ entry: Inbox.Entry, inbox: String, follow: Bool) -> String? {
    let folder = Inbox.staging(inbox)
    try? fm().createDirectory(atPath: folder, withIntermediateDirectories: true)
    let staged = uniquePath(in: folder, name: entry.name)
    guard Inbox.rename(entry.rawPath, to: staged) else { return nil }
    if !isUnchanged(staged, size: entry.size, modified: entry.modified, inode: entry.inode, follow: follow) {
      putBack(staged, to: entry.path)
      return nil
    }
    return staged
  }

  /// Files are staged, read and parsed on all cores, a group at a time; each group is recorded
  /// in one transaction and only then moved (archive) or explained and moved (quarantine).
  static func takeInbox(
    config: Configuration, ledger: Ledger, dryRun: Bool, clock: @Sendable () -> Date, outcome: inout Outcome
  ) throws {
    let inbox = config.inbox!
    let (ready, waiting, refused) = candidates(
      inbox: inbox, settleSeconds: config.settleSeconds, followSymlinks: config.followSymlinks, maximumSize: config.maxFileBytes,
      now: clock())
    outcome.waiting = waiting
    try quarantineRefused(refused, config: config, dryRun: dryRun, outcome: &outcome)
    let today = Timestamp.iso(clock()).prefix(10)
    let archiveDay = (config.archive! as NSString).appendingPathComponent(String(today))
    let groupSize = 256
    let reading = reading(config)
    var start = 0
    // The staging folder goes when it is empty again (a crash leaves it, and the next run empties it).
    defer { if !dryRun { rmdir(Inbox.staging(inbox)) } }
    while start < ready.count {
      let range = start..<min(start + groupSize, ready.count)
      let group = Array(ready[range])
      start = range.upperBound
      let taking = "taking \(ready.count) file(s) from the inbox: \(range.lowerBound + 1)–\(range.upperBound)"
      Progress.say("\(taking): reading …")
      let maximum = config.maxFileBytes
      let prepared: [Result<Prepared, InputError>] = parallelMap(group) { entry in
        Result { () throws(InputError) -> Prepared in
          // A dry run reads in place; a run stages first, so that what is read is what is archived.
          let staged = dryRun ? entry.path : stage(entry, inbox: inbox, follow: config.followSymlinks)
          guard let staged else {
            throw InputError(SourceLocation(file: entry.path), "changed while Thinline listed the inbox; it is taken on the next run")
          }
          let bytes: [UInt8]
          do throws(InputError) {
            bytes = try InputFiles.read(
              InputFile(name: entry.path, path: staged), maximumSize: maximum, followLinks: config.followSymlinks,
              expected: config.followSymlinks ? nil : (entry.device, entry.inode))
          } catch {
            if !dryRun { putBack(staged, to: entry.path) }
            throw error
          }
          if !dryRun, !isUnchanged(staged, size: bytes.count, modified: entry.modified, follow: config.followSymlinks) {
            putBack(staged, to: entry.path)
            throw InputError(SourceLocation(file: entry.path), "was written to while Thinline read it; it is taken on the next run")
          }
          let sha = Checksum.sha256(bytes)
          let name = entry.name
          let known = (try? ledger.state(ofFile: sha)) == .recorded
          var file = Prepared(
            path: entry.path, staged: staged, name: name, bytes: bytes, sha: sha, size: bytes.count, modified: entry.modified, known: known,
            ingested: nil, problems: [])
          if known { return file }
          switch Result(catching: { () throws(InputError) -> IngestedFile in
            try Ingest.read(bytes, name: name, mappings: config.csvMappings)
          }) {
          case .success(let ingested):
            if ingested.errors.isEmpty {
              file.ingested = ingested
              if !dryRun { file.parts = Ledger.encodedParts(FileRecords(ingested)) }
            } else {
              file.problems = ingested.errors.map(\.description)
            }
          case .failure(let error):
            file.problems = [error.description]
          }
          return file
        }
      }
      var entries: [Ledger.FileEntry] = []
      var files: [Prepared] = []
      for result in prepared {
        switch result {
        case .failure(let error):
          // Unreadable right now (permissions, vanished): left in the inbox for the next run.
          outcome.messages.append(error.description)
        case .success(let file):
          files.append(file)
          if file.known {
            entries.append(.seenAgain(sha256: file.sha, name: file.name))
          } else if let ingested = file.ingested {
            entries.append(
              .recorded(
                sha256: file.sha, name: file.name, bytes: file.bytes, records: FileRecords(ingested), parts: file.parts, reading: reading))
          } else {
            entries.append(.quarantined(sha256: file.sha, name: file.name, size: file.bytes.count, error: explanation(file.problems)))
          }
        }
      }
      if !dryRun {
        Progress.say("\(taking): recording in the ledger …")
        do { try ledger.record(entries, seenAt: Timestamp.iso(clock()), summaryRows: config.ledgerSummary) } catch {
          // Not recorded: every staged file of the group goes back where it was.
          for file in files { putBack(file.staged, to: file.path) }
          throw error
        }
      }
      for file in files {
        if file.known {
          if !dryRun { try archive(file, into: archiveDay, follow: config.followSymlinks, outcome: &outcome) }
          outcome.alreadyKnown.append(file.path)
        } else if let ingested = file.ingested {
          if !dryRun { try archive(file, into: archiveDay, follow: config.followSymlinks, outcome: &outcome) }
          outcome.taken.append(file.path)
          outcome.messages += ingested.warnings.map(\.description)
          log.info("took \(file.path) (\(file.bytes.count) bytes, sha256 \(file.sha.prefix(12))…)")
        } else {
          outcome.quarantined.append(file.path)
          outcome.messages += file.problems
          log.warning("quarantined \(file.path): \(file.problems.first ?? "unreadable")")
          if !dryRun {
            try fm().createDirectory(atPath: config.quarantine!, withIntermediateDirectories: true)
            let target = uniquePath(in: config.quarantine!, name: file.name)
            // The explanation first, then the file: a crash in between leaves the file in the inbox.
            try OutputFile.write(explanation(file.problems), to: target + ".error.txt")
            try fm().moveItem(atPath: file.staged, toPath: target)
          }
        }
      }
    }
  }

  static func explanation(_ problems: [String]) -> String {
    problems.joined(separator: "\n")
      + "\n\nThinline could not read this file, so nothing in it was used. Fix it (or export it again) and put it back in the inbox.\n"
  }

  static func fm() -> FileManager { FileManager.default }

  static func uniquePath(in folder: String, name: String) -> String {
    var candidate = (folder as NSString).appendingPathComponent(name)
    var n = 1
    while FileManager.default.fileExists(atPath: candidate) || FileManager.default.fileExists(atPath: candidate + ".error.txt") {
      n += 1
      candidate = (folder as NSString).appendingPathComponent("\(n)-\(name)")
    }
    return candidate
  }

  /// Moves a staged input into the archive (after its content is in the ledger). A file that
  /// grew after it was read goes back into the inbox instead, so that the next run records all
  /// of it: the archive holds exactly the bytes the ledger has.
  static func archive(_ file: Prepared, into folder: String, follow: Bool, outcome: inout Outcome) throws {
    if !isUnchanged(file.staged, size: file.size, modified: file.modified, follow: follow) {
      putBack(file.staged, to: file.path)
      outcome.messages.append(
        "\(file.path): warning: it changed after it was recorded; it is back in the inbox and is taken again on the next run")
      return
    }
    try fm().createDirectory(atPath: folder, withIntermediateDirectories: true)
    try fm().moveItem(atPath: file.staged, toPath: uniquePath(in: folder, name: file.name))
  }

  /// Whether the file at `path` still has the size and modification time (and inode) it was seen
  /// with: `stat` through a link when links are followed, else `lstat`.
  static func isUnchanged(_ path: String, size: Int, modified: Int, inode: UInt64? = nil, follow: Bool) -> Bool {
    var info = stat()
    guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { return false }
    return Int(info.st_size) == size && Int(info.st_mtim.tv_sec) == modified && inode.map { UInt64(info.st_ino) == $0 } ?? true
  }

  /// Puts a staged file back where it was listed (under a free name).
  static func putBack(_ staged: String, to listed: String) {
    _ = rename(staged, uniquePath(in: (listed as NSString).deletingLastPathComponent, name: (listed as NSString).lastPathComponent))
  }
}
