import Foundation
import ThinlineCore

#if canImport(Glibc)
  import Glibc
#endif

/// One input as the user named it, with its bytes read on demand.
public struct InputFile: Sendable {
  /// The name used in messages and in `source` fields: the path as given, `-` for stdin.
  public var name: String
  /// The file system path, or nil for stdin.
  public var path: String?
  /// The name outputs record (`source` in decisions.json and the dossiers): the path inside the
  /// folder that was named, or the file's own name, so that the same inputs give the same bytes
  /// from any working directory (`demo`, `./demo` and `/abs/demo` alike).
  public var source: String

  public init(name: String, path: String?, source: String? = nil) {
    self.name = name
    self.path = path
    self.source = source ?? (path.map { ($0 as NSString).lastPathComponent } ?? name)
  }
}

/// Errors about the command line's inputs and outputs (not about a file's content).
public struct UsageError: LocalizedError, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
  public var errorDescription: String? { description }
}

public enum InputFiles {
  /// Expands files, folders (recursively, skipping dot-files, in name order) and `-` (stdin).
  /// - Throws: `UsageError` for a path that does not exist.
  /// `expand`, refusing inputs that name no file at all.
  public static func expandSome(_ inputs: [String]) throws(UsageError) -> [InputFile] {
    let files = try expand(inputs)
    if files.isEmpty { throw UsageError("no input files found in \(inputs.joined(separator: " "))") }
    return files
  }

  public static func expand(_ inputs: [String]) throws(UsageError) -> [InputFile] {
    var result: [InputFile] = []
    let fm = FileManager.default
    for input in inputs {
      if input == "-" {
        result.append(InputFile(name: "-", path: nil))
        continue
      }
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else {
        throw UsageError("\(input): no such file or folder")
      }
      if !isDirectory.boolValue {
        result.append(InputFile(name: input, path: input))
        continue
      }
      var found: [String] = []
      collect(folder: input, into: &found)
      let prefix = input.hasSuffix("/") ? input : input + "/"
      result.append(
        contentsOf: found.sorted().map {
          InputFile(name: $0, path: $0, source: $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil)
        })
    }
    return result
  }

  static func collect(folder: String, into found: inout [String]) {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for entry in entries where !entry.hasPrefix(".") {
      let path = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue { collect(folder: path, into: &found) } else { found.append(path) }
    }
  }

  /// The largest input Thinline reads (bytes); beyond it a file is refused, never read until
  /// memory runs out (a link to /dev/zero, a runaway export).
  public static let defaultMaximumSize = 200 * 1024 * 1024

  /// Reads a file's bytes (stdin for `-`).
  ///
  /// Only regular files: a FIFO, a device or a socket is refused (opened without blocking, its
  /// type checked on the open descriptor), so that no read can hang or grow without end.
  /// - Parameters:
  ///   - followLinks: false to refuse a symbolic link (the cron job's inbox).
  ///   - expected: the device and inode the caller saw when listing; another file is refused.
  /// - Throws: `InputError` naming the file when it cannot be read.
  public static func read(
    _ file: InputFile, maximumSize: Int = defaultMaximumSize, followLinks: Bool = true, expected: (device: UInt64, inode: UInt64)? = nil
  ) throws(InputError) -> [UInt8] {
    guard let path = file.path else {
      return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }
    let location = SourceLocation(file: file.name)
    // Plain POSIX reads into one buffer: this is on the path of every file of a batch.
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
    guard fd >= 0 else {
      if errno == ELOOP && !followLinks {
        throw InputError(location, "is a symbolic link; Thinline reads only regular files here, so that nothing outside the folder is read")
      }
      throw InputError(location, "cannot open the file for reading (\(String(cString: strerror(errno))))")
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw InputError(location, "cannot read the file (\(String(cString: strerror(errno))))")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw InputError(
        location, "is \(fileTypeName(info.st_mode)), not a regular file; Thinline reads regular files only",
        expected: "a file (for a pipe, use - and standard input)")
    }
    if let expected, UInt64(info.st_dev) != expected.device || UInt64(info.st_ino) != expected.inode {
      throw InputError(location, "was replaced by another file while Thinline was reading the folder; it is read on the next run")
    }
    guard Int(info.st_size) <= maximumSize else {
      throw InputError(
        location, "is \(info.st_size) bytes, more than the \(maximumSize) Thinline reads",
        expected: "a smaller export, or a higher max_file_bytes in the configuration")
    }
    // Blocking reads from here on: it is a regular file.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    // Read until end of file, growing past the size fstat gave when the file is still growing.
    var capacity = Int(info.st_size) + 4096
    var bytes: [UInt8] = []
    var done = 0
    while true {
      if done == capacity { capacity *= 2 }
      var failed = false
      let chunk = [UInt8](unsafeUninitializedCapacity: capacity - done) { buffer, count in
        var n: Int
        repeat { n = Glibc.read(fd, buffer.baseAddress!, buffer.count) } while n < 0 && errno == EINTR
        if n < 0 { failed = true; n = 0 }
        count = n
      }
      if failed {
        throw InputError(location, "cannot read the file (\(String(cString: strerror(errno))))")
      }
      if chunk.isEmpty { break }
      if bytes.isEmpty { bytes = chunk } else { bytes.append(contentsOf: chunk) }
      done += chunk.count
      if done > maximumSize {
        throw InputError(location, "grew beyond the \(maximumSize) bytes Thinline reads while it was read")
      }
    }
    return bytes
  }

  /// "a FIFO (named pipe)", "a directory" …, for messages.
  static func fileTypeName(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFDIR: return "a folder"
    case S_IFLNK: return "a symbolic link"
    default: return "not a regular file"
    }
  }
}
