import Foundation
import ThinlineCore
import ThinlineLedger

/// `thinline release`: an invoice handed over may be handed over again by a later run.
public enum Release {
  /// The batches the invoice is released from (none: it was in no batch, or released already).
  /// - Parameter at: when (the ledger records it as `Timestamp.iso`).
  public static func run(configuration: Configuration, configPath: String, invoice: String, note: String?, at: Date) throws
    -> [String]
  {
    guard let path = configuration.ledger else { throw UsageError("\(configPath): no ledger configured") }
    return try Ledger(path: path).release(invoice: invoice, at: Timestamp.iso(at), note: note)
  }
}
