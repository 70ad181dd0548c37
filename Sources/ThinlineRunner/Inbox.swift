import Foundation
import ThinlineCore

#if canImport(Glibc)
  import Glibc
#endif

/// The cron job's inbox, seen without following any link: only regular files inside it are
/// taken; a symbolic link, a FIFO, a device, a socket or a name that is not UTF-8 is refused (and
/// quarantined with an explanation), so that nothing outside the inbox is read, nothing blocks
/// and nothing is skipped in silence.
enum Inbox {
  /// One entry of the inbox tree.
  struct Entry: Sendable {
    /// The path as bytes (a name need not be UTF-8), and as text for messages.
    var rawPath: [UInt8]
    var path: String
    var name: String
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modified: Int
    /// Why it is not taken, when it is not a regular file with a UTF-8 name.
    var refusal: String?
  }

  /// Where files are staged while they are read and recorded: inside the inbox (same file
  /// system, so that a rename is atomic), hidden from listing.
  static let stagingName = ".thinline-staging"

  static func staging(_ inbox: String) -> String { (inbox as NSString).appendingPathComponent(stagingName) }

  /// Lists the inbox tree (dot entries skipped), in name order.
  static func scan(_ inbox: String, followSymlinks: Bool) -> [Entry] {
    var entries: [Entry] = []
    let root = realpath(inbox)
    walk(Array(inbox.utf8), root: root, followSymlinks: followSymlinks, into: &entries)
    return entries.sorted { $0.rawPath.lexicographicallyPrecedes($1.rawPath) }
  }

  private static func walk(_ folder: [UInt8], root: String?, followSymlinks: Bool, into entries: inout [Entry]) {
    guard let dir = folder.withCString(opendir) else { return }
    defer { closedir(dir) }
    while let item = readdir(dir) {
      let nameBytes: [UInt8] = withUnsafeBytes(of: item.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      if nameBytes.first == UInt8(ascii: ".") { continue }
      let path = folder + (folder.last == UInt8(ascii: "/") ? [] : [UInt8(ascii: "/")]) + nameBytes
      var info = stat()
      guard path.withCString({ lstat($0, &info) }) == 0 else { continue }
      let text = String(decoding: path, as: UTF8.self)
      var entry = Entry(
        rawPath: path, path: text, name: String(decoding: nameBytes, as: UTF8.self), device: UInt64(info.st_dev),
        inode: UInt64(info.st_ino), size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec), refusal: nil)
      guard String(validating: nameBytes, as: UTF8.self) != nil else {
        entry.refusal =
          "the file name is not UTF-8 text; Thinline takes it only under a readable name (rename it, e.g. without accents the billing package wrote in another encoding)"
        entries.append(entry)
        continue
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        walk(path, root: root, followSymlinks: followSymlinks, into: &entries)
      case S_IFREG:
        entries.append(entry)
      case S_IFLNK:
        if followSymlinks, let target = realpath(text), let root, target.hasPrefix(root + "/") {
          var targetInfo = stat()
          if stat(target, &targetInfo) == 0, targetInfo.st_mode & S_IFMT == S_IFREG {
            entry.device = UInt64(targetInfo.st_dev)
            entry.inode = UInt64(targetInfo.st_ino)
            entry.size = Int(targetInfo.st_size)
            entry.modified = Int(targetInfo.st_mtim.tv_sec)
            entries.append(entry)
            continue
          }
        }
        let target = readlink(text).map { " to \($0)" } ?? ""
        entry.refusal =
          followSymlinks
          ? "a symbolic link\(target) that does not lead to a regular file inside the inbox; Thinline reads nothing outside the inbox"
          : "a symbolic link\(target); Thinline takes only regular files from the inbox, so that nothing outside it is read (copy the file itself in, or set follow_symlinks: true for links inside the inbox)"
        entries.append(entry)
      default:
        entry.refusal = "\(InputFiles.fileTypeName(info.st_mode)), not a regular file; Thinline takes only regular files from the inbox"
        entries.append(entry)
      }
    }
  }

  static func realpath(_ path: String) -> String? {
    guard let resolved = Glibc.realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func readlink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = Glibc.readlink(path, &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// A name that is safe and readable for a refused entry in the quarantine: invalid bytes as `%XX`.
  static func readableName(_ entry: Entry) -> String {
    let bytes = Array(entry.rawPath.split(separator: UInt8(ascii: "/")).last ?? [])
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var out = ""
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b < 0x80 { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += String(format: "%%%02X", b) }
      i += 1
    }
    return out
  }

  /// Renames by raw bytes (a name need not be UTF-8); never follows a link.
  static func rename(_ from: [UInt8], to: String) -> Bool {
    from.withCString { source in Glibc.rename(source, to) == 0 }
  }

  /// Files a crashed run left in staging go back into the inbox: they are taken again (content
  /// already recorded is a no-op), nothing is lost.
  static func restoreStaged(_ inbox: String) -> [String] {
    let folder = staging(inbox)
    var restored: [String] = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      let target = CronRun.uniquePath(in: inbox, name: name)
      if Glibc.rename((folder as NSString).appendingPathComponent(name), target) == 0 { restored.append(target) }
    }
    return restored
  }
}

extension Array where Element == UInt8 {
  /// The bytes as a NUL-terminated C string, for POSIX calls on names that need not be UTF-8.
  func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
    (self + [0]).withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0) }
    }
  }
}
