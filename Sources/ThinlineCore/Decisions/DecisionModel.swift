import Foundation

/// Everything one decision run looks at. No paths, no clock: the as-of date is an input.
public struct DecisionInput: Sendable {
  public var documents: [Document]
  public var payments: [PaymentRecord]
  public var reminders: [ReminderRecord]
  public var agreements: [CustomerAgreement]
  public var approvals: [Approval]
  public var policy: Policy
  public var creditor: Creditor
  public var asOf: CalendarDate
  public var rates: StatutoryInterestRates
  /// Invoices handed over in an earlier batch (cron mode): `handed_over`, never in a second batch.
  public var handedOver: Set<String> = []
  /// Per debtor, the open dossier an earlier batch handed over (not released): a new dossier
  /// for the debtor follows it, and its costs are what the combined principal adds.
  public var earlierHandovers: [String: EarlierHandover] = [:]
  /// Bank statement entries (camt.053, MT940): matched credits become payments.
  public var bankEntries: [BankEntry] = []
  /// IBAN (compact, upper case) → customer, learned from earlier matched bank payments.
  public var knownIBANs: [String: String] = [:]

  public init(
    documents: [Document], payments: [PaymentRecord] = [], reminders: [ReminderRecord] = [],
    agreements: [CustomerAgreement] = [], approvals: [Approval] = [], policy: Policy = Policy(),
    creditor: Creditor = Creditor(), asOf: CalendarDate, rates: StatutoryInterestRates = .shipped
  ) {
    self.documents = documents
    self.payments = payments
    self.reminders = reminders
    self.agreements = agreements
    self.approvals = approvals
    self.policy = policy
    self.creditor = creditor
    self.asOf = asOf
    self.rates = rates
  }
}

/// A payment or credit that reduced an invoice.
public struct Allocation: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable { case payment, creditNote = "credit_note" }
  public var kind: Kind
  public var date: CalendarDate?
  public var amount: Decimal
  /// Payment reference or credit-note number.
  public var reference: String?
}

/// The decision for one invoice or credit note, with everything that decided it.
public struct InvoiceDecision: Hashable, Sendable {
  public var invoice: String
  public var customer: String
  public var customerName: String?
  public var kind: Document.Kind
  public var source: String
  public var currency: String?
  public var issueDate: CalendarDate?
  public var invoiceDueDate: CalendarDate?
  public var effectiveDueDate: CalendarDate?
  public var daysOverdue: Int
  /// Payable amount incl. VAT.
  public var amount: Decimal
  public var paid: Decimal
  public var open: Decimal
  public var decision: Decision
  public var reasons: [Reason]
  public var allocations: [Allocation] = []
  /// Reminders that counted (after the effective due date), for the dossier's dunning history.
  public var reminders: [ReminderRecord] = []
  /// What most entries leave empty (a credit, a dispute, advice, a handover's claim, interest
  /// and document), behind one pointer: inline it cost about 90 bytes in each of a million
  /// entries, at the run's peak. nil when all of it is empty, so that equal entries are equal.
  var rare: ValueBox<Rare>?

  struct Rare: Hashable, Sendable {
    var credited: Decimal = 0
    var disputed: Decimal = 0
    var advice: [Advice] = []
    var principal: Decimal = 0
    var interestBox: ValueBox<InterestCalculation>? = nil
    var documentBox: DocumentBox? = nil
    var isEmpty: Bool {
      credited.isZero && disputed.isZero && advice.isEmpty && principal.isZero && interestBox == nil && documentBox == nil
    }
  }

  private mutating func changeRare(_ change: (inout Rare) -> Void) {
    var value = rare?.value ?? Rare()
    change(&value)
    rare = value.isEmpty ? nil : ValueBox(value)
  }

  public var credited: Decimal {
    get { rare?.value.credited ?? 0 }
    set { changeRare { $0.credited = newValue } }
  }
  /// The part above agreed prices, VAT included.
  public var disputed: Decimal {
    get { rare?.value.disputed ?? 0 }
    set { changeRare { $0.disputed = newValue } }
  }
  public var advice: [Advice] {
    get { rare?.value.advice ?? [] }
    set { changeRare { $0.advice = newValue } }
  }
  /// For a handover: the principal claimed (open, or open − disputed under `handover_undisputed`).
  public var principal: Decimal {
    get { rare?.value.principal ?? 0 }
    set { changeRare { $0.principal = newValue } }
  }
  public var interest: InterestCalculation? {
    get { interestBox?.value }
    set { interestBox = newValue.map(ValueBox.init) }
  }
  var interestBox: ValueBox<InterestCalculation>? {
    get { rare?.value.interestBox }
    set { changeRare { $0.interestBox = newValue } }
  }
  /// The document itself (parties, lines, attachments), kept for the invoices a dossier needs
  /// (handover); nil for the others, so that a large run does not hold every document twice.
  public var document: Document? {
    get { documentBox?.document }
    set { documentBox = newValue.map(DocumentBox.init) }
  }
  var documentBox: DocumentBox? {
    get { rare?.value.documentBox }
    set { changeRare { $0.documentBox = newValue } }
  }

  init(
    invoice: String, customer: String, customerName: String?, kind: Document.Kind, source: String, currency: String?,
    issueDate: CalendarDate?, invoiceDueDate: CalendarDate?, effectiveDueDate: CalendarDate?, daysOverdue: Int, amount: Decimal,
    paid: Decimal, credited: Decimal, disputed: Decimal, open: Decimal, decision: Decision, reasons: [Reason], advice: [Advice],
    principal: Decimal = 0, interestBox: ValueBox<InterestCalculation>? = nil, allocations: [Allocation] = [],
    reminders: [ReminderRecord] = [], documentBox: DocumentBox? = nil
  ) {
    self.invoice = invoice
    self.customer = customer
    self.customerName = customerName
    self.kind = kind
    self.source = source
    self.currency = currency
    self.issueDate = issueDate
    self.invoiceDueDate = invoiceDueDate
    self.effectiveDueDate = effectiveDueDate
    self.daysOverdue = daysOverdue
    self.amount = amount
    self.paid = paid
    self.open = open
    self.decision = decision
    self.reasons = reasons
    self.allocations = allocations
    self.reminders = reminders
    let rare = Rare(
      credited: credited, disputed: disputed, advice: advice, principal: principal, interestBox: interestBox, documentBox: documentBox)
    self.rare = rare.isEmpty ? nil : ValueBox(rare)
  }
}

/// A value behind a reference, compared and hashed by its content: a field most entries leave
/// empty costs a pointer, not the value inline.
final class ValueBox<Value: Hashable & Sendable>: Hashable, Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
  static func == (a: ValueBox, b: ValueBox) -> Bool { a === b || a.value == b.value }
  func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

typealias DocumentBox = ValueBox<Document>

extension ValueBox where Value == Document {
  var document: Document { value }
}

/// The decision for one debtor: the most urgent of its invoices.
public struct DebtorDecision: Hashable, Sendable {
  public struct ReviewFacts: Hashable, Sendable {
    public var revenue12Months: Decimal
    public var revenueShare: Decimal
    public var customerSince: CalendarDate?
    public var open: Decimal
    public var overdue: Decimal
    public var daysOverdue: Int
    public var brokenPromises: Int
    public var accountManager: String?
    public var notes: String?
    public var strategicBecause: [StrategicReason]
    /// The financial side: what 30 more days of waiting cost in interest (at the rate a claim
    /// would use), and the earliest date an open invoice may be time-barred.
    public var interestNext30Days: Decimal = 0
    public var limitationDate: CalendarDate? = nil
    /// The commercial side: how the customer pays.
    public var paymentBehaviour = PaymentBehaviour()
    /// For a consumer: the days the 14-day letter still runs (0 when it has run out), nil when
    /// none was sent after the due date.
    public var letterDaysLeft: Int? = nil
    /// What happens when nobody decides.
    public var withoutDecision = ""
    public init(
      revenue12Months: Decimal, revenueShare: Decimal, customerSince: CalendarDate?, open: Decimal, overdue: Decimal, daysOverdue: Int,
      brokenPromises: Int, accountManager: String?, notes: String?, strategicBecause: [StrategicReason]
    ) {
      self.revenue12Months = revenue12Months
      self.revenueShare = revenueShare
      self.customerSince = customerSince
      self.open = open
      self.overdue = overdue
      self.daysOverdue = daysOverdue
      self.brokenPromises = brokenPromises
      self.accountManager = accountManager
      self.notes = notes
      self.strategicBecause = strategicBecause
    }
  }

  /// Days late per paid invoice (the day it was paid in full − its effective due date), over the
  /// invoices paid in the 12 months before the as-of date.
  public struct PaymentBehaviour: Hashable, Sendable {
    public var paidInvoices = 0
    public var paidLate = 0
    public var paidOnTime = 0
    /// Average days late (early payments count as 0), one decimal; nil without paid invoices.
    public var averageDaysLate: Decimal? = nil
    /// The most recent payments first, at most five.
    public var lastDaysLate: [Int] = []
    public init() {}
  }

  public var customer: String
  public var name: String?
  public var consumer: Bool
  public var currency: String?
  public var decision: Decision
  public var open: Decimal
  public var invoices: [String]
  public var reasons: [Reason]
  public var advice: [Advice]
  public var review: ReviewFacts?
  /// Handover amounts (zero unless the decision is handover).
  public var principal: Decimal = 0
  public var interest: Decimal = 0
  public var costs: Decimal = 0
  public var costsVAT: Decimal = 0
  public var total: Decimal { principal + interest + costs + costsVAT }
  public var costsCalculation: CostsCalculation?
  /// The invoices a handover dossier bundles: exactly those decided `handover`.
  public var handoverInvoices: [String] = []
  public var agreement: CustomerAgreement?
  /// The buyer party merged over the debtor's documents (newest non-empty value per field,
  /// every identifier; see `DebtorDetails`).
  public var party: Party?
  /// Every distinct e-mail address and phone number its documents give, newest first.
  public var emails: [String] = []
  public var phones: [String] = []
  /// For a follow-up claim: the dossier an earlier batch handed over for this debtor.
  public var follows: EarlierHandover?
}

/// A dossier an earlier batch handed over and the agency still has.
public struct EarlierHandover: Hashable, Sendable {
  public var batch: String
  /// The earlier dossier's reference (`BATCH-CUSTOMER`).
  public var reference: String
  /// The principal that dossier claimed (its unreleased invoices).
  public var principal: Decimal
  public init(batch: String, reference: String, principal: Decimal) {
    self.batch = batch
    self.reference = reference
    self.principal = principal
  }
}

/// The outcome of a run: per invoice, per debtor, and what needs a person's attention.
public struct DecisionReport: Hashable, Sendable {
  public var asOf: CalendarDate
  public var invoices: [InvoiceDecision]
  public var debtors: [DebtorDecision]
  /// Problems in the inputs that did not stop the run (a payment nobody can be found for …).
  public var warnings: [String]
  /// What the bank statements gave, when there were any.
  public var bank: BankSummary? = nil
  /// The policy it was decided under (the report's next steps need its numbers).
  public var policy = Policy()
}
