import Foundation
import ThinlineCore

/// The files beside the exports that every decision reads — agreements, approvals, the rate
/// table — loaded in one place for `handover`, `report`, `whatif` and `run`.
public struct PolicyFiles: Sendable {
  public var agreements: [CustomerAgreement] = []
  public var approvals: [Approval] = []
  public var rates = StatutoryInterestRates.shipped

  /// - Throws: `InputError` naming the file, line and column of what cannot be read.
  public static func load(_ config: Configuration) throws(InputError) -> PolicyFiles {
    var files = PolicyFiles()
    if let path = config.agreements { files.agreements = try AgreementsFile.load(path) }
    if let path = config.approvals { files.approvals = try ApprovalsFile.load(path) }
    if let path = config.rates { files.rates = try RateTableFile.load(path) }
    return files
  }

  /// The decision context: what was read, these files, the configuration's policy and creditor.
  public func decisionInput(
    documents: [Document], payments: [PaymentRecord], reminders: [ReminderRecord], bankEntries: [BankEntry],
    configuration config: Configuration, asOf: CalendarDate
  ) -> DecisionInput {
    var input = DecisionInput(
      documents: documents, payments: payments, reminders: reminders, agreements: agreements, approvals: approvals,
      policy: config.policy, creditor: config.creditor, asOf: asOf, rates: rates)
    input.bankEntries = bankEntries
    return input
  }
}
