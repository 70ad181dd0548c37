import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes output files atomically: to a temporary name beside the target, then renamed into place.
public enum OutputFile {
  /// - Throws: `UsageError` naming the path when it cannot be written.
  public static func write(_ text: String, to path: String) throws(UsageError) {
    try write(Array(text.utf8), to: path)
  }

  public static func write(_ bytes: [UInt8], to path: String) throws(UsageError) {
    _ = try write(to: path) { emit in emit(bytes) }
  }

  /// Writes what `produce` emits, piece by piece, checksumming as it goes: the file is never held
  /// whole in memory. Its size and SHA-256 come back (the manifest and the batch id need them).
  /// - Throws: `UsageError` naming the path when it cannot be written; nothing is left behind then.
  @discardableResult
  public static func write(to path: String, _ produce: (_ emit: ([UInt8]) -> Void) -> Void) throws(UsageError) -> Checksum.Digest {
    var running = Checksum.Running()
    if path == "-" {
      produce { piece in
        running.update(piece)
        FileHandle.standardOutput.write(Data(piece))
      }
      return running.digest()
    }
    // `-o /dev/null`, a FIFO, a terminal: written to as they are. A temporary file renamed over
    // them would replace the device node with a regular file.
    var info = stat()
    let special = stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG
    if special && info.st_mode & S_IFMT == S_IFDIR { throw UsageError("\(path): is a folder; name a file to write") }
    let url = URL(fileURLWithPath: path)
    let temporary =
      special ? path : url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    func failed(_ what: String, _ code: Int32) -> UsageError {
      if !special { unlink(temporary) }
      return UsageError("\(path): \(what) (\(String(cString: strerror(code)))); check the folder exists and is writable")
    }
    let fd = special ? open(path, O_WRONLY | O_CLOEXEC) : open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw failed(special ? "cannot open it for writing" : "cannot write the output", errno) }
    // The first failed write is kept; later pieces are skipped, and the failure thrown at the end.
    let sink = FileSink(fd, pastThePageCache: !special)
    produce { piece in
      running.update(piece)
      piece.withUnsafeBytes { sink.append($0) }
    }
    sink.finish()
    var failure = sink.failure
    if special {
      close(fd)
      if let failure { throw failed("cannot write", failure) }
      return running.digest()
    }
    if failure == nil && fsync(fd) != 0 { failure = errno }
    if let failure {
      close(fd)
      throw failed("cannot write the output", failure)
    }
    guard close(fd) == 0 else { throw failed("cannot write the output", errno) }
    guard rename(temporary, url.path) == 0 else { throw failed("cannot move the output into place", errno) }
    return running.digest()
  }
}

/// The bytes of one output on their way to its file, gathered in a page-aligned buffer and
/// written a full buffer at a time. The full buffers of a large output go past the page cache
/// (`O_DIRECT`): the file is synced before it is renamed into place anyway, and on a virtual
/// machine the copy into fresh page-cache pages was most of the time decisions.json took
/// (800 MB at 150–300 MB/s, against 2.6 GB/s direct). Where the file system refuses direct
/// writes, they are written the ordinary way; a small output never uses them.
final class FileSink {
  private let fd: Int32
  private let capacity = 8 << 20
  private let alignment = 4_096
  private let buffer: UnsafeMutableRawPointer
  private var count = 0
  private var directAllowed: Bool
  private var direct = false
  /// The first write that failed (errno); what follows it is not written.
  private(set) var failure: Int32? = nil

  init(_ fd: Int32, pastThePageCache: Bool) {
    self.fd = fd
    self.directAllowed = pastThePageCache && Self.directFlag != 0
    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: alignment)
  }

  deinit { buffer.deallocate() }

  /// `O_DIRECT`, which Glibc's Swift overlay does not export (its value differs by architecture).
  static var directFlag: Int32 {
    #if os(Linux) && arch(x86_64)
      return 0o40000
    #elseif os(Linux) && arch(arm64)
      return 0o200000
    #else
      return 0
    #endif
  }

  func append(_ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count && failure == nil {
      let n = min(capacity - count, bytes.count - offset)
      (buffer + count).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
      count += n
      offset += n
      if count == capacity {
        if directAllowed && !direct { direct = setDirect(true) }
        writeOut(count)
        count = 0
      }
    }
  }

  /// Writes what is left: the whole pages of it as the buffers before, the last part the
  /// ordinary way (a direct write must be a whole number of pages).
  func finish() {
    guard failure == nil, count > 0 else { return }
    let whole = direct ? count / alignment * alignment : 0
    if whole > 0 { writeOut(whole) }
    if direct { direct = !setDirect(false) }
    guard failure == nil, count > whole else { return }
    if whole > 0 { memmove(buffer, buffer + whole, count - whole) }
    writeOut(count - whole)
    count = 0
  }

  /// Writes the buffer's first `n` bytes; a direct write the file system refuses is retried the
  /// ordinary way, and direct writes are not tried again.
  private func writeOut(_ n: Int) {
    var offset = 0
    while offset < n {
      let written = Glibc.write(fd, buffer + offset, n - offset)
      if written < 0 && errno == EINTR { continue }
      if written < 0 && errno == EINVAL && direct {
        _ = setDirect(false)
        direct = false
        directAllowed = false
        continue
      }
      guard written > 0 else {
        failure = written < 0 ? errno : ENOSPC
        return
      }
      offset += written
    }
  }

  private func setDirect(_ on: Bool) -> Bool {
    let flags = fcntl(fd, F_GETFL)
    guard flags >= 0 else { return false }
    return fcntl(fd, F_SETFL, on ? flags | Self.directFlag : flags & ~Self.directFlag) == 0
  }
}
