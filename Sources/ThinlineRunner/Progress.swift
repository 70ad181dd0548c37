import Foundation

/// A progress line on stderr for long runs, when stderr is a terminal; silent otherwise (cron,
/// pipes, tests), so that logs and mails stay clean.
enum Progress {
  static let enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["THINLINE_NO_PROGRESS"] == nil

  /// Replaces the current progress line.
  static func say(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
  }

  /// Clears the progress line before other output.
  static func done() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
