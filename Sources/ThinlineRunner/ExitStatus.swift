import Foundation
import ThinlineCore
import ThinlineLedger

/// interface.md's exit codes, decided in one place from what went wrong: 64 a usage or
/// configuration problem (the user can fix the command line or a file), 75 another run or
/// process holds the lock or the ledger (try again later), 1 anything else — a bug, said in one
/// line. (65, an input rejected, is an outcome the commands return, not an error.)
public enum ExitStatus {
  public static func of(_ error: Error) -> (status: Int32, message: String) {
    switch error {
    case let e as UsageError: return (64, e.description)
    case let e as InputError: return (64, e.description)
    case CronRun.Failure.configuration(let m): return (64, m)
    case CronRun.Failure.locked(let m): return (75, m)
    case let e as Ledger.LedgerError: return (e.busy ? 75 : 64, e.description)
    default: return (1, "internal error: \(error); please report it with the command that caused it")
    }
  }

  /// The line a person reads: "thinline: error: …", unless the message already says where and
  /// that it is an error (`file:line: error: …`).
  public static func line(_ message: String) -> String {
    message.contains(": error: ") ? message : "thinline: error: \(message)"
  }
}
