import Foundation
import ThinlineCore

/// One handover batch in Thinline's dossier format (schemas/handover.xsd, handover.schema.json):
/// the union of what Dutch and European collection agencies ask for (collection-nl.md §3).
/// The XML, JSON and CSV encodings are three views of this one model.
public struct HandoverBatch: Sendable {
  public static let formatVersion = "1.0"

  public var batchID: String
  public var asOf: CalendarDate
  public var agency: String?
  public var creditor: Creditor
  public var dossiers: [Dossier]

  /// A file that belongs to the batch (an extracted PDF or the source UBL).
  public struct FileReference: Sendable, Hashable {
    /// Path relative to the batch folder.
    public var path: String
    public var mimeType: String?
    public var size: Int
    public var sha256: String
    public var description: String?
    public init(path: String, mimeType: String?, size: Int, sha256: String, description: String? = nil) {
      self.path = path
      self.mimeType = mimeType
      self.size = size
      self.sha256 = sha256
      self.description = description
    }
  }

  public struct Dossier: Sendable {
    public var reference: String
    public var debtor: DebtorDecision
    public var claims: [InvoiceDecision]
    public var currency: String
    /// B2C: the 14-day letter regime (art. 6:96 lid 6 BW); B2B otherwise.
    public var regime: String { debtor.consumer ? "B2C" : "B2B" }
    /// The first day of default: the day after the earliest effective due date.
    public var defaultDate: CalendarDate?
    public var fourteenDayLetter: LetterFacts?
    public var interestBasis: String
    public var contractualRate: Decimal?
    public var vatJustification: String
    public var arrangement: String
    /// Per claim: the source document and the attachments extracted from it.
    public var sources: [String: FileReference]
    public var attachments: [String: [FileReference]]
  }

  public struct LetterFacts: Sendable {
    public var sent: CalendarDate
    public var channel: String
    public var received: CalendarDate
    public var expires: CalendarDate
    public var announcedCosts: Decimal
  }

  /// Builds the batch for the debtors decided `handover`.
  /// - Parameters:
  ///   - sources: per invoice number, the reference to its source document in the batch.
  ///   - attachments: per invoice number, the attachments extracted next to the dossier.
  public static func build(
    report: DecisionReport, creditor: Creditor, agency: String?, policy: Policy, batchID: String,
    sources: [String: FileReference] = [:], attachments: [String: [FileReference]] = [:]
  ) -> HandoverBatch {
    var dossiers: [Dossier] = []
    // Filtered by index: `filter` on the entries would copy each of a million of them.
    let handedOver = report.invoices.indices.lazy.filter {
      report.invoices[$0].decision == .handover && report.invoices[$0].kind == .invoice
    }
    let byCustomer = Dictionary(grouping: handedOver.map { report.invoices[$0] }, by: \.customer)
    for debtor in report.debtors where debtor.decision == .handover {
      let claims = (byCustomer[debtor.customer] ?? []).filter { debtor.handoverInvoices.contains($0.invoice) }.sorted {
        $0.invoice < $1.invoice
      }
      guard !claims.isEmpty else { continue }
      let defaultDate = claims.compactMap(\.effectiveDueDate).min()?.adding(days: 1)
      var letter: LetterFacts? = nil
      if debtor.consumer {
        let letters = claims.flatMap(\.reminders).filter { $0.kind == .fourteenDayLetter }
        if let l = letters.max(by: { $0.date < $1.date }) {
          let channel = l.channel.map { DeliveryChannel(rawValue: $0.rawValue)! } ?? .post
          let received = FourteenDayLetter.receipt(sent: l.date, channel: channel, delivery: policy.deliveryDays)
          letter = LetterFacts(
            sent: l.date, channel: channel.rawValue, received: received, expires: received.adding(days: 14),
            announcedCosts: debtor.costs)
        }
      }
      let rate = debtor.agreement?.interest
      let basis = rate != nil ? "contractual" : (debtor.consumer ? "6:119" : "6:119a")
      let vat =
        debtor.costsVAT > 0
        ? "21 % VAT on the costs: the creditor cannot deduct VAT on the collection service (Besluit BIK art. 2 lid 3)"
        : "no VAT on the costs: the creditor can deduct VAT (Besluit BIK art. 2 lid 3)"
      let arrangement: String = {
        guard let agreement = debtor.agreement else { return "none" }
        if !agreement.paymentPlan.isEmpty {
          return claims.contains { $0.reasons.contains { $0.code == .paymentPlanDefaulted } } ? "payment plan broken" : "payment plan"
        }
        return "none"
      }()
      dossiers.append(
        Dossier(
          reference: "\(batchID)-\(debtor.customer)", debtor: debtor, claims: claims,
          currency: debtor.currency ?? claims[0].currency ?? "EUR",
          defaultDate: defaultDate, fourteenDayLetter: letter, interestBasis: basis, contractualRate: rate, vatJustification: vat,
          arrangement: arrangement, sources: sources, attachments: attachments))
    }
    return HandoverBatch(batchID: batchID, asOf: report.asOf, agency: agency, creditor: creditor, dossiers: dossiers)
  }

  /// Control totals per currency: principal, interest, costs, VAT, total.
  public struct Totals: Sendable, Equatable {
    public var dossiers = 0
    public var claims = 0
    public var principal = Decimal(0)
    public var interest = Decimal(0)
    public var costs = Decimal(0)
    public var vat = Decimal(0)
    public var total: Decimal { principal + interest + costs + vat }
  }

  public var totalsPerCurrency: [String: Totals] {
    var totals: [String: Totals] = [:]
    for d in dossiers {
      var t = totals[d.currency] ?? Totals()
      t.dossiers += 1
      t.claims += d.claims.count
      t.principal += d.debtor.principal
      t.interest += d.debtor.interest
      t.costs += d.debtor.costs
      t.vat += d.debtor.costsVAT
      totals[d.currency] = t
    }
    return totals
  }
}
