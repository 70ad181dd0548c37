import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What failed where, in words: Foundation's file errors say "The operation could not be
/// completed"; this says the path and the system's reason (`Permission denied`, `No space left`).
enum FileErrors {
  static func describe(_ error: Error) -> String {
    if let usage = error as? UsageError { return usage.description }
    let ns = error as NSError
    let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo["NSDestinationFilePath"] as? String)
    var code: Int32? = nil
    if ns.domain == NSPOSIXErrorDomain { code = Int32(ns.code) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      code = Int32(underlying.code)
    }
    let reason = code.map { String(cString: strerror($0)) } ?? cocoaReason(ns)
    return path.map { "\($0): \(reason)" } ?? reason
  }

  /// An error of the file system (Foundation's file operations, a system call): the
  /// environment, which a person can fix, not a bug.
  static func isFileSystem(_ error: Error) -> Bool {
    let domain = (error as NSError).domain
    return domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain
  }

  static func cocoaReason(_ ns: NSError) -> String {
    switch CocoaError.Code(rawValue: ns.code) {
    case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
    case .fileWriteFileExists: return "it already exists"
    case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
    case .fileWriteOutOfSpace: return "no space left on the disk"
    case .fileWriteVolumeReadOnly: return "the file system is read-only"
    default: return "file error \(ns.code) (\(ns.domain))"
    }
  }
}
