/// How a CSV file was read, in words a controller checks in ten seconds before trusting a cron
/// job with an export: the profile and why, each field's header, and the conventions applied.
public struct CSVExplanation: Sendable, Hashable {
  public struct FieldReading: Sendable, Hashable {
    public var field: String
    public var header: String
    public var column: Int
  }

  public var profile = "generic"
  public var why = ""
  public var kind = ""
  public var fields: [FieldReading] = []
  public var dateOrder = ""
  public var decimals: [String] = []
  public var sign = ""
  public var currency = ""
  /// Rows not read as data, with the reason (`2 rows with status draft`).
  public var skipped: [String: Int] = [:]
  /// Where reading stopped before the end of the file (a report's next section).
  public var stoppedAt: String? = nil

  public init() {}

  /// The explanation as indented lines for the text report.
  public var lines: [String] {
    var out = ["profile: \(profile) (\(why))", "holds: \(kind)"]
    for f in fields { out.append("  \(f.field) ← column \(f.column) \"\(f.header)\"") }
    out.append("dates: \(dateOrder)")
    if !decimals.isEmpty { out.append("amounts: " + decimals.joined(separator: "; ")) }
    out.append("credit notes: \(sign)")
    out.append("currency: \(currency)")
    for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) {
      out.append("skipped: \(count) row\(count == 1 ? "" : "s") \(reason)")
    }
    if let stoppedAt { out.append(stoppedAt) }
    return out
  }
}
