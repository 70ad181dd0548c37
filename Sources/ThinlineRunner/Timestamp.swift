import Foundation

/// Wall-clock times as Thinline writes them (the ledger's rows, a manifest's `created_at`, a
/// release): ISO 8601 in UTC, to the second. Decisions never read the clock; they take `--as-of`.
public enum Timestamp {
  public static func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }

  /// Now, or `SOURCE_DATE_EPOCH` when it is set (a reproducible build of the outputs).
  public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
    if let epoch = environment["SOURCE_DATE_EPOCH"], let seconds = TimeInterval(epoch) { return Date(timeIntervalSince1970: seconds) }
    return Date()
  }
}
