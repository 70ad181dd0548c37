import Foundation
import ThinlineCore
import ThinlineLedger

/// interface.md's exit codes, decided in one place from what went wrong: 64 a usage or
/// configuration problem (the user can fix the command line or a file), 75 another run or
/// process holds the lock or the ledger (try again later), 1 anything else — a bug, said in one
/// line. (65, an input rejected, is an outcome the commands return, not an error.)
public enum ExitStatus {
  public static let done: Int32 = 0
  public static let internalError: Int32 = 1
  public static let usage: Int32 = 64
  /// The run finished, but an input was rejected (quarantined, invalid, left out).
  public static let rejected: Int32 = 65
  public static let tryLater: Int32 = 75

  /// `rejected` when something was, else `done`.
  public static func finished(rejecting rejected: Bool) -> Int32 { rejected ? Self.rejected : done }

  public static func of(_ error: Error) -> (status: Int32, message: String) {
    switch error {
    case let e as UsageError: return (usage, e.description)
    case let e as InputError: return (usage, e.description)
    case CronRun.Failure.configuration(let m): return (usage, m)
    case CronRun.Failure.locked(let m): return (tryLater, m)
    case CronRun.Failure.unexpected(let m): return (internalError, internalMessage(m))
    case let e as Ledger.LedgerError: return (e.busy ? tryLater : usage, e.description)
    default: return (internalError, internalMessage("\(error)"))
    }
  }

  static func internalMessage(_ what: String) -> String {
    "internal error: \(what); please report it with the command that caused it"
  }

  /// The line a person reads: "thinline: error: …", unless the message already says where and
  /// that it is an error (`file:line: error: …`).
  public static func line(_ message: String) -> String {
    message.contains(": error: ") ? message : "thinline: error: \(message)"
  }
}
