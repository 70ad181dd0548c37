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
  public var credited: Decimal
  /// The part above agreed prices, VAT included.
  public var disputed: Decimal
  public var open: Decimal
  public var decision: Decision
  public var reasons: [Reason]
  public var advice: [Advice]
  /// For a handover: the principal claimed (open, or open − disputed under `handover_undisputed`).
  public var principal: Decimal = 0
  public var interest: InterestCalculation?
  public var allocations: [Allocation] = []
  /// Reminders that counted (after the effective due date), for the dossier's dunning history.
  public var reminders: [ReminderRecord] = []
  /// The document itself (parties, lines, attachments), kept for the invoices a dossier needs
  /// (handover); nil for the others, so that a large run does not hold every document twice.
  public var document: Document?
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

/// Reconciles invoices with agreements, payments, credit notes and reminders, and decides
/// (rules.md). Pure: the same input gives the same report.
public enum DecisionEngine {
  public static func decide(_ input: DecisionInput) -> DecisionReport {
    var run = Run(input: input)
    return run.execute()
  }
}

/// The documents of a run, shared by its items.
final class DocumentStore: @unchecked Sendable {
  let documents: [Document]
  init(_ documents: [Document]) { self.documents = documents }
}

/// The working state of one decision run.
struct Run {
  let input: DecisionInput
  let policy: Policy
  let asOf: CalendarDate
  let index: CustomerIndex
  var items: [Item] = []
  var warnings: [String] = []
  /// Item indices per debtor, and lookups built once per run (a run may hold a million invoices).
  var members: [String: [Int]] = [:]
  var mainCurrencies: [String: String] = [:]
  var approvalsByDebtor: [String: [Approval]] = [:]
  var planPaymentsByDebtor: [String: [PaymentRecord]] = [:]
  var agreementByID: [String: Int] = [:]
  var bankSummary: BankSummary?

  /// One invoice or credit note on its way to a decision. Small on purpose: the document stays in
  /// the input (`store`), and the fields the rules read all the time are copied out.
  struct Item {
    let store: DocumentStore
    var documentIndex: Int
    var document: Document { store.documents[documentIndex] }
    var kind: Document.Kind
    var currency: String?
    var issueDate: CalendarDate?
    var number: String
    var debtor: String
    var agreementIndex: Int?
    var ambiguous: [String] = []
    var effectiveDue: CalendarDate?
    var amount: Decimal
    var paid: Decimal = 0
    var credited: Decimal = 0
    var disputed: Decimal = 0
    /// The billing package's open amount (CSV open items): authoritative when present.
    var outstanding: Decimal?
    var reasons: [Reason] = []
    var advice: [Advice] = []
    var allocations: [Allocation] = []
    var reminders: [ReminderRecord] = []
    var decision: Decision? = nil
    var currencyMismatch = false
    /// For a credit note: what could not be applied.
    var unapplied: Decimal = 0
    /// For a handover: the principal claimed and its interest.
    var principalClaimed: Decimal = 0
    var interest: InterestCalculation? = nil

    var open: Decimal {
      if kind == .creditNote { return -unapplied }
      if let outstanding { return outstanding }
      return amount - paid - credited
    }
  }

  init(input: DecisionInput) {
    self.input = input
    self.policy = input.policy
    self.asOf = input.asOf
    self.index = CustomerIndex(input.agreements)
  }

  // MARK: - The run

  mutating func execute() -> DecisionReport {
    collectDocuments()
    matchCustomers()
    buildLookups()
    computeDueDates()
    let byNumber = invoiceIndex()
    applyReferencedCreditNotes(byNumber)
    var unallocated = applyPayments(byNumber, input.payments)
    let fromBank = bankPayments(byNumber)
    if !fromBank.isEmpty {
      unallocated.merge(applyPayments(byNumber, fromBank)) { $0 + $1 }
    }
    indexPlanPayments(byNumber, input.payments + fromBank)
    notePartialPayments()
    applyUnreferencedCreditNotes()
    checkPrices()
    attachReminders(byNumber)
    markCurrencyMismatches()
    decideInvoices(unallocated: unallocated)
    let debtors = decideDebtors(unallocated: unallocated)
    // Sort the indices, not the decisions: the entries are large.
    let order = items.indices.sorted {
      if items[$0].debtor != items[$1].debtor { return items[$0].debtor < items[$1].debtor }
      if items[$0].number != items[$1].number { return items[$0].number < items[$1].number }
      return items[$0].kind.rawValue < items[$1].kind.rawValue
    }
    let invoices = order.compactMap { invoiceDecision($0) }
    let listed = Set(invoices.map(\.customer))
    return DecisionReport(
      asOf: asOf, invoices: invoices, debtors: debtors.filter { listed.contains($0.customer) },
      warnings: warnings, bank: bankSummary, policy: policy)
  }

  static func money(_ d: Decimal) -> String { d.moneyText }

  static let smallClaimLimit = Decimal(sign: .plus, exponent: -2, significand: 26667)

  // MARK: Documents, revisions

  /// Documents up to the as-of date; a second version of an invoice replaces the first.
  mutating func collectDocuments() {
    var byKey: [String: Int] = [:]
    let store = DocumentStore(input.documents)
    for (documentIndex, document) in input.documents.enumerated() {
      if let issue = document.issueDate, issue > asOf { continue }  // rules.md §0
      guard let number = document.number else {
        warnings.append("\(document.source): a document without a number is left out")
        continue
      }
      let amount = document.totals.payable?.value ?? document.totals.taxInclusive?.value ?? 0
      let item = Item(
        store: store, documentIndex: documentIndex, kind: document.kind, currency: document.currency, issueDate: document.issueDate,
        number: number, debtor: "", amount: amount, outstanding: document.outstanding?.value)
      let key = document.kind.rawValue + "\u{0}" + number
      guard let existing = byKey[key] else {
        byKey[key] = items.count
        items.append(item)
        continue
      }
      var kept = items[existing]
      let old = kept.document
      // An open-items row and a UBL document of the same invoice are one invoice: the UBL has the
      // detail, the open-items row the billing package's open amount.
      if old.lines.isEmpty && old.outstanding != nil && !document.lines.isEmpty && document.outstanding == nil {
        var merged = item
        merged.outstanding = old.outstanding?.value
        items[existing] = merged
        continue
      }
      if document.lines.isEmpty && document.outstanding != nil && !old.lines.isEmpty && old.outstanding == nil {
        kept.outstanding = document.outstanding?.value
        items[existing] = kept
        continue
      }
      // A later open-items export with a new open amount for the same invoice is an update of the
      // billing package's open amount, not a revision of the invoice: the later one counts.
      if old.lines.isEmpty && document.lines.isEmpty, old.outstanding != nil, let newer = document.outstanding,
        old.totals.payable == document.totals.payable, old.issueDate == document.issueDate, old.dueDate == document.dueDate
      {
        var updated = item
        updated.reasons = kept.reasons
        updated.outstanding = newer.value
        items[existing] = updated
        continue
      }
      if old == document || (old.totals == document.totals && old.issueDate == document.issueDate && old.lines == document.lines) {
        continue  // the same document twice
      }
      // A revision: the later issue date wins, else the one read last.
      let newer = (document.issueDate ?? .init(dayNumber: 0)) >= (old.issueDate ?? .init(dayNumber: 0))
      var winner = newer ? item : kept
      let loser = newer ? old : document
      winner.reasons.append(
        Reason(
          .invoiceRevised,
          .invoiceRevised(
            number: number, source: winner.document.source, amount: winner.amount, replaced: loser.source,
            replacedAmount: loser.totals.payable?.value ?? 0)))
      items[existing] = winner
    }
  }

  // MARK: Customers

  mutating func matchCustomers() {
    for i in items.indices {
      let buyer = items[i].document.buyer
      switch index.match(buyer) {
      case .one(let a):
        items[i].agreementIndex = a
        items[i].debtor = index.agreements[a].id
      case .ambiguous(let list):
        let ids = list.map { index.agreements[$0].id }
        items[i].ambiguous = ids
        items[i].debtor = Self.fallbackKey(buyer, source: items[i].document.source)
      case .none:
        items[i].debtor = Self.fallbackKey(buyer, source: items[i].document.source)
      }
    }
  }

  mutating func buildLookups() {
    for (i, agreement) in index.agreements.enumerated() { agreementByID[agreement.id] = i }
    for i in items.indices { members[items[i].debtor, default: []].append(i) }
    for debtor in members.keys {
      if let currency = computeMainCurrency(debtor) { mainCurrencies[debtor] = currency }
    }
    for approval in input.approvals where approval.date <= asOf {
      approvalsByDebtor[approvalDebtor(approval), default: []].append(approval)
    }
  }

  /// The payments that count for a payment plan: by customer, or naming one of its invoices.
  mutating func indexPlanPayments(_ byNumber: [String: Int], _ payments: [PaymentRecord]) {
    let planned = Set(index.agreements.filter { !$0.paymentPlan.isEmpty }.map(\.id))
    guard !planned.isEmpty else { return }
    for payment in payments where payment.date <= asOf {
      var debtor = debtor(ofPayment: payment)
      if debtor == nil, let number = payment.invoiceNumber, let i = byNumber[number] { debtor = items[i].debtor }
      if let debtor, planned.contains(debtor) { planPaymentsByDebtor[debtor, default: []].append(payment) }
    }
  }

  /// A customer known only by its invoices: its customer number, else VAT, KvK, endpoint or name.
  static func fallbackKey(_ party: Party?, source: String) -> String {
    guard let party else { return "unknown (\(source))" }
    let ids = party.allIdentifiers
    if let customer = ids.first(where: { $0.scheme == "customer_number" || $0.scheme == nil }) { return customer.value }
    if let vat = ids.first(where: { $0.scheme == "vat" }) { return vat.value }
    if let kvk = ids.first(where: { $0.scheme == "0106" || $0.scheme == "kvk" }) { return kvk.value }
    if let any = ids.first { return (any.scheme.map { $0 + ":" } ?? "") + any.value }
    return party.name ?? "unknown (\(source))"
  }

  func agreement(_ item: Item) -> CustomerAgreement? { item.agreementIndex.map { index.agreements[$0] } }

  // MARK: Due dates

  mutating func computeDueDates() {
    for i in items.indices where items[i].kind == .invoice {
      let doc = items[i].document
      let printed = doc.dueDate
      let agreed: CalendarDate? = {
        guard let days = agreement(items[i])?.paymentDays, let issue = doc.issueDate else { return nil }
        return issue.adding(days: days)
      }()
      let days = agreement(items[i])?.paymentDays
      switch (printed, agreed) {
      case let (printed?, agreed?):
        if agreed > printed {
          items[i].effectiveDue = agreed
          items[i].reasons.append(
            Reason(.termExtended, .termMovesDueDate(days: days!, printed: printed, agreed: agreed)))
          items[i].reasons.append(
            Reason(.dueDateConflict, .printedDueDateEarlier(printed: printed, agreed: agreed, days: days!)))
        } else {
          items[i].effectiveDue = printed
        }
      case let (printed?, nil):
        items[i].effectiveDue = printed
      case let (nil, agreed?):
        items[i].effectiveDue = agreed
        if days! > policy.defaultPaymentDays {
          items[i].reasons.append(
            Reason(.termExtended, .agreedTermWithoutPrintedDate(days: days!, agreed: agreed, defaultDays: policy.defaultPaymentDays)))
        }
      case (nil, nil):
        if let issue = doc.issueDate {
          let due = issue.adding(days: policy.defaultPaymentDays)
          items[i].effectiveDue = due
          items[i].reasons.append(
            Reason(.defaultTerm, .defaultTerm(days: policy.defaultPaymentDays, due: due)))
        }
      }
      if let days, let warning = LegalAdvice.paymentTermWarning(days: days, consumer: agreement(items[i])?.consumer ?? false) {
        items[i].advice.append(Advice(.termAboveSixtyDays, warning))
      }
    }
  }

  /// Invoice number → item index (invoices only).
  func invoiceIndex() -> [String: Int] {
    var map: [String: Int] = [:]
    for (i, item) in items.enumerated() where item.kind == .invoice { map[item.number] = i }
    return map
  }

  // MARK: Credit notes

  mutating func applyReferencedCreditNotes(_ byNumber: [String: Int]) {
    for c in items.indices where items[c].kind == .creditNote {
      let credit = items[c].amount
      let references = items[c].document.billingReferences.map(\.number)
      guard let reference = references.first(where: { byNumber[$0] != nil }), let i = byNumber[reference] else {
        items[c].unapplied = credit
        if let missing = references.first {
          items[c].reasons.append(
            Reason(.creditApplied, .creditRefersToMissingInvoice(reference: missing)))
        }
        continue
      }
      guard items[i].currency == items[c].currency else {
        items[c].unapplied = credit
        items[c].reasons.append(
          Reason(
            .currencyMismatch,
            .creditCurrencyDiffers(creditCurrency: items[c].currency, reference: reference, invoiceCurrency: items[i].currency)))
        continue
      }
      if items[i].outstanding != nil {
        items[c].reasons.append(
          Reason(.creditApplied, .creditInBillingOpenAmount(reference: reference)))
        continue
      }
      let date = items[c].issueDate
      items[i].credited += credit
      items[i].allocations.append(Allocation(kind: .creditNote, date: date, amount: credit, reference: items[c].number))
      var exceeds: Message.CreditExcess? = nil
      let invoiceAmount = items[i].amount
      if items[i].credited > invoiceAmount {
        let excess = items[i].credited - invoiceAmount
        exceeds = Message.CreditExcess(invoiceAmount: invoiceAmount, excess: excess)
        warnings.append(
          "credit note \(items[c].number) makes \(reference) negative by \(Self.money(excess)); the excess is not moved to other invoices")
      }
      items[i].reasons.append(Reason(.creditApplied, .creditNoteApplied(note: items[c].number, amount: credit, exceeds: exceeds)))
      items[c].reasons.append(Reason(.creditApplied, .creditAppliedTo(reference: reference)))
    }
  }

  /// Credit notes that reference no known invoice go to the customer's oldest open invoices first.
  mutating func applyUnreferencedCreditNotes() {
    for c in items.indices where items[c].kind == .creditNote && items[c].unapplied > 0 {
      var left = items[c].unapplied
      let targets = (members[items[c].debtor] ?? []).filter {
        items[$0].kind == .invoice && items[$0].outstanding == nil
          && items[$0].currency == items[c].currency && items[$0].open > 0
      }.sorted { oldestFirst(items[$0], items[$1]) }
      var applied: [Message.CreditPart] = []
      for i in targets where left > 0 {
        let part = min(left, items[i].open)
        items[i].credited += part
        items[i].allocations.append(Allocation(kind: .creditNote, date: items[c].issueDate, amount: part, reference: items[c].number))
        items[i].reasons.append(
          Reason(.creditApplied, .unreferencedCreditHere(amount: part, note: items[c].number)))
        applied.append(Message.CreditPart(amount: part, invoice: items[i].number))
        left -= part
      }
      items[c].unapplied = left
      items[c].reasons.append(Reason(.creditApplied, .unreferencedCreditSpread(parts: applied, leftOver: left)))
    }
  }

  func oldestFirst(_ a: Item, _ b: Item) -> Bool {
    let da = a.issueDate ?? CalendarDate(dayNumber: 0)
    let db = b.issueDate ?? CalendarDate(dayNumber: 0)
    return da != db ? da < db : a.number < b.number
  }

  // MARK: Payments

  /// Applies payments to the invoices they name; returns the unallocated payments per debtor.
  mutating func applyPayments(_ byNumber: [String: Int], _ payments: [PaymentRecord]) -> [String: [PaymentRecord]] {
    var unallocated: [String: [PaymentRecord]] = [:]
    var planPayments: [String: [PaymentRecord]] = [:]
    let order = payments.indices.filter { payments[$0].date <= asOf }.sorted {
      let a = payments[$0], b = payments[$1]
      return a.date != b.date ? a.date < b.date : (a.source.line, $0) < (b.source.line, $1)
    }
    for p in order {
      let payment = payments[p]
      if let number = payment.invoiceNumber, let i = byNumber[number] {
        if let currency = payment.currency, let invoiceCurrency = items[i].currency, currency != invoiceCurrency {
          unallocated[items[i].debtor, default: []].append(payment)
          items[i].reasons.append(
            Reason(
              .currencyMismatch,
              .paymentCurrencyDiffers(
                amount: payment.amount.value, currency: currency, date: payment.date, invoiceCurrency: invoiceCurrency)))
          continue
        }
        if items[i].outstanding != nil { continue }  // the billing package's open amount already has it
        items[i].paid += payment.amount.value
        items[i].allocations.append(
          Allocation(kind: .payment, date: payment.date, amount: payment.amount.value, reference: payment.reference))
        continue
      }
      // No known invoice: whose payment is it?
      guard let debtor = debtor(ofPayment: payment) else {
        warnings.append(
          "\(payment.source): a payment of \(Self.money(payment.amount.value)) on \(payment.date)\(payment.invoiceNumber.map { " for unknown invoice \($0)" } ?? "") matches no invoice and no customer"
        )
        continue
      }
      if let plan = planAgreement(debtor), let first = plan.paymentPlan.map(\.date).min(),
        payment.date >= first.adding(days: -policy.planGraceDays), payment.invoiceNumber == nil
      {
        planPayments[debtor, default: []].append(payment)
        continue
      }
      unallocated[debtor, default: []].append(payment)
    }
    // Payment-plan payments go to the plan's invoices, oldest first.
    for (debtor, payments) in planPayments {
      guard let plan = planAgreement(debtor), let first = plan.paymentPlan.map(\.date).min() else { continue }
      for payment in payments {
        var left = payment.amount.value
        let targets = (members[debtor] ?? []).filter {
          items[$0].kind == .invoice && items[$0].outstanding == nil && items[$0].open > 0
            && (items[$0].issueDate.map { $0 < first } ?? false)
        }.sorted { oldestFirst(items[$0], items[$1]) }
        for i in targets where left > 0 {
          let part = min(left, items[i].open)
          items[i].paid += part
          items[i].allocations.append(Allocation(kind: .payment, date: payment.date, amount: part, reference: payment.reference))
          left -= part
        }
        // Invoices that come with the billing package's open amount already include the payment.
        let accountedElsewhere = (members[debtor] ?? []).contains { items[$0].outstanding != nil }
        if left > 0 && !accountedElsewhere {
          warnings.append(
            "\(payment.source): \(Self.money(left)) of a payment-plan payment on \(payment.date) exceeds the plan's open invoices")
        }
      }
    }
    return unallocated
  }

  /// Why bank payments among `payments` could not be placed, for messages.
  static func bankNotes(_ payments: [PaymentRecord]) -> [Message.BankNote] {
    payments.compactMap { p in p.bankMatch.map { Message.BankNote(amount: p.amount.value, date: p.date, how: $0) } }
  }

  /// PARTIAL_PAYMENT for what payments left open; a warning for what they overpaid.
  mutating func notePartialPayments() {
    for i in items.indices where items[i].kind == .invoice && items[i].paid > 0 && items[i].outstanding == nil {
      let open = items[i].open
      if open > 0 {
        items[i].reasons.append(
          Reason(.partialPayment, .partialPayment(paid: items[i].paid, amount: items[i].amount, open: open)))
      } else if open < 0 {
        warnings.append("\(items[i].number) is overpaid by \(Self.money(-open)); the excess is not moved to other invoices")
      }
    }
  }

  /// The debtor a payment without a known invoice belongs to: by customer number, else by the
  /// invoice number's customer when the invoice is known under another kind.
  func debtor(ofPayment payment: PaymentRecord) -> String? {
    guard let customer = payment.customerNumber else { return nil }
    if let a = index.match(customer: customer) { return index.agreements[a].id }
    if members[customer] != nil { return customer }
    return nil
  }

  func planAgreement(_ debtor: String) -> CustomerAgreement? {
    guard let i = agreementByID[debtor], !index.agreements[i].paymentPlan.isEmpty else { return nil }
    return index.agreements[i]
  }

  // MARK: Prices

  mutating func checkPrices() {
    for i in items.indices where items[i].kind == .invoice {
      guard let agreement = agreement(items[i]), !agreement.prices.isEmpty, let issue = items[i].issueDate else { continue }
      var disputed = Decimal(0)
      var lines: [Message.PriceLine] = []
      for line in items[i].document.lines {
        let key = line.itemID ?? line.name
        guard let key, let agreed = agreement.prices.first(where: { $0.item == key && $0.valid(on: issue) }) else { continue }
        guard let quantity = line.quantity?.value, quantity != 0 else { continue }
        let unit: Decimal
        if let amount = line.amount?.value {
          unit = amount / quantity  // net of line allowances and charges
        } else if let price = line.price?.value {
          unit = price / (line.baseQuantity?.value ?? 1)
        } else {
          continue
        }
        let excess = unit - agreed.price
        guard excess > policy.priceTolerance else { continue }
        let vat = (line.vatRate?.value ?? 0) / 100
        let lineDisputed = DecimalFormatting.roundHalfUp(excess * quantity * (1 + vat), scale: 2)
        disputed += lineDisputed
        lines.append(
          Message.PriceLine(
            line: line.id, item: key, charged: DecimalFormatting.roundHalfUp(unit, scale: 4), agreed: agreed.price, quantity: quantity,
            vatPercent: vat * 100, disputed: lineDisputed))
      }
      guard disputed > 0 else { continue }
      items[i].disputed = disputed
      items[i].reasons.append(
        Reason(.priceAboveAgreement, .priceAboveAgreement(lines: lines, disputed: disputed)))
    }
  }

  // MARK: Reminders

  mutating func attachReminders(_ byNumber: [String: Int]) {
    for reminder in input.reminders where reminder.date <= asOf {
      guard let i = byNumber[reminder.invoiceNumber] else { continue }
      guard let due = items[i].effectiveDue else {
        items[i].reminders.append(reminder)
        continue
      }
      if reminder.date <= due {
        items[i].reasons.append(
          Reason(.reminderBeforeDue, .reminderBeforeDue(kind: reminder.kind, sent: reminder.date, due: due)))
      } else {
        items[i].reminders.append(reminder)
      }
    }
    for i in items.indices { items[i].reminders.sort { $0.date < $1.date } }
  }

  // MARK: Currency

  func mainCurrency(_ debtor: String) -> String? { mainCurrencies[debtor] }

  /// The debtor's currency: the agreement's, else EUR when present, else the most frequent.
  func computeMainCurrency(_ debtor: String) -> String? {
    if let i = agreementByID[debtor], let c = index.agreements[i].currency { return c }
    let currencies = (members[debtor] ?? []).filter { items[$0].kind == .invoice }.compactMap { items[$0].currency }
    if currencies.contains("EUR") { return "EUR" }
    var counts: [String: Int] = [:]
    for c in currencies { counts[c, default: 0] += 1 }
    return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
  }

  mutating func markCurrencyMismatches() {
    for i in items.indices where items[i].kind == .invoice {
      guard let expected = mainCurrencies[items[i].debtor], let currency = items[i].currency, currency != expected else { continue }
      items[i].currencyMismatch = true
      let byAgreement = agreement(items[i])?.currency != nil
      items[i].reasons.append(
        Reason(.currencyMismatch, .currencyKeptApart(currency: currency, expected: expected, agreementCurrency: byAgreement)))
    }
  }

  // MARK: Decisions per invoice (rows 1–13; 14–16 need the debtor)

  mutating func decideInvoices(unallocated: [String: [PaymentRecord]]) {
    for i in items.indices {
      var item = items[i]
      defer { items[i] = item }
      if item.kind == .creditNote {
        item.decision = .settled
        continue
      }
      if input.handedOver.contains(item.number) {
        item.decision = .handedOver
        continue
      }
      let open = item.open
      // Row 1.
      if open <= 0 {
        item.decision = .settled
        continue
      }
      if !item.ambiguous.isEmpty {
        item.decision = .hold
        item.reasons.append(
          Reason(.customerAmbiguous, .customerAmbiguous(candidates: item.ambiguous)))
        continue
      }
      guard let due = item.effectiveDue else {
        item.decision = .hold
        item.reasons.append(Reason(.noDates, .noDates))
        continue
      }
      // Row 2.
      if asOf <= due {
        item.decision = .notDue
        continue
      }
      if item.currencyMismatch {
        item.decision = .hold
        continue
      }
      let agreement = agreement(item)
      // Row 3.
      if agreement?.neverHandover == true {
        item.decision = .hold
        item.reasons.append(Reason(.neverHandover, .neverHandover))
        continue
      }
      // Row 4.
      if let dispute = agreement?.disputes.first(where: { $0.invoice == item.number }) {
        item.decision = .hold
        item.reasons.append(Reason(.disputed, .disputed(note: dispute.note)))
        continue
      }
      // Row 5.
      if let paused = agreement?.pausedUntil, paused >= asOf {
        item.decision = .hold
        item.reasons.append(Reason(.paused, .paused(until: paused)))
        continue
      }
      // Row 6.
      if let agreement, let plan = planStatus(agreement), let firstDate = agreement.paymentPlan.map(\.date).min(),
        item.issueDate.map({ $0 < firstDate }) ?? false
      {
        if plan.kept {
          item.decision = .hold
          item.reasons.append(Reason(.paymentPlan, plan.message))
          continue
        }
        item.reasons.append(Reason(.paymentPlanDefaulted, plan.message))
      }
      // Row 7.
      if item.disputed > 0 && policy.onPriceDiscrepancy == .hold && item.credited < item.disputed {
        item.decision = .hold
        continue  // the PRICE_ABOVE_AGREEMENT reason is already there
      }
      // Row 8.
      if let payments = unallocated[item.debtor], !payments.isEmpty {
        let total = payments.reduce(Decimal(0)) { $0 + $1.amount.value }
        let last = payments.map(\.date).max()!
        item.decision = .hold
        item.reasons.append(
          Reason(
            .unallocatedPayment, .unallocatedPayments(count: payments.count, total: total, last: last, bank: Self.bankNotes(payments))))
        continue
      }
      // Row 9.
      if let hold = activeHold(item.debtor) {
        item.decision = .hold
        item.reasons.append(
          Reason(.accountManagerHold, .accountManagerHold(by: hold.by, until: hold.until, decided: hold.date, note: hold.note)))
        continue
      }
      let daysOverdue = due.days(until: asOf)
      // Row 10.
      if daysOverdue < policy.handoverAfterDays {
        item.decision = .remind
        item.reasons.append(Reason(.notRipe, .notRipe(daysOverdue: daysOverdue, ripeAfter: policy.handoverAfterDays)))
        continue
      }
      // Row 11.
      if item.reminders.count < policy.minReminders {
        item.decision = .remind
        item.reasons.append(
          Reason(.remindersIncomplete, .remindersIncomplete(count: item.reminders.count, due: due, needed: policy.minReminders)))
        continue
      }
      // Rows 12 and 13.
      if agreement?.consumer == true {
        let letters = item.reminders.filter { $0.kind == .fourteenDayLetter }.map {
          (sent: $0.date, channel: $0.channel.map { DeliveryChannel(rawValue: $0.rawValue)! } ?? .post)
        }
        switch FourteenDayLetter.status(letters: letters, effectiveDueDate: due, asOf: asOf, delivery: policy.deliveryDays) {
        case .required:
          item.decision = .remind
          item.reasons.append(
            Reason(.fourteenDayLetterRequired, .fourteenDayLetterRequired))
          continue
        case .running(let receipt, let last):
          item.decision = .remind
          item.reasons.append(
            Reason(.fourteenDayLetterRunning, .fourteenDayLetterRunning(receipt: receipt, last: last)))
          continue
        case .expired:
          break
        }
      }
      // Rows 14–16 are decided per debtor.
      item.decision = nil
    }
  }

  struct PlanStatus {
    var kept: Bool
    var broken: Int
    var message: Message
  }

  /// Rules.md "Payment plan": in force while every installment due by as-of (with grace) is paid.
  func planStatus(_ agreement: CustomerAgreement) -> PlanStatus? {
    guard !agreement.paymentPlan.isEmpty else { return nil }
    let plan = agreement.paymentPlan.sorted { $0.date < $1.date }
    let from = plan[0].date.adding(days: -policy.planGraceDays)
    let payments = (planPaymentsByDebtor[agreement.id] ?? []).filter { $0.date >= from }
    var due = Decimal(0)
    var broken = 0
    var firstBroken: CalendarDate? = nil
    var checked = 0
    for installment in plan where installment.date.adding(days: policy.planGraceDays) <= asOf {
      checked += 1
      due += installment.amount
      let deadline = installment.date.adding(days: policy.planGraceDays)
      let paid = payments.filter { $0.date <= deadline }.reduce(Decimal(0)) { $0 + $1.amount.value }
      if paid < due {
        broken += 1
        if firstBroken == nil { firstBroken = installment.date }
      }
    }
    let paidSoFar = payments.reduce(Decimal(0)) { $0 + $1.amount.value }
    if broken == 0 {
      return PlanStatus(
        kept: true, broken: 0,
        message: .planKept(checked: checked, installments: plan.count, due: due, paid: paidSoFar))
    }
    return PlanStatus(
      kept: false, broken: broken,
      message: .planBroken(broken: broken, graceDays: policy.planGraceDays, first: firstBroken!, paid: paidSoFar, due: due))
  }

  /// An account manager's hold in force on the as-of date.
  func activeHold(_ debtor: String) -> Approval? {
    latestApproval(debtor).flatMap { $0.decision == .hold && ($0.until.map { $0 >= asOf } ?? true) ? $0 : nil }
  }

  func latestApproval(_ debtor: String) -> Approval? {
    (approvalsByDebtor[debtor] ?? []).max { $0.date < $1.date }
  }

  func approvalDebtor(_ approval: Approval) -> String {
    index.match(customer: approval.customer).map { index.agreements[$0].id } ?? approval.customer
  }

  // MARK: Debtors (rows 14–16, review facts, handover amounts)

  mutating func decideDebtors(unallocated: [String: [PaymentRecord]]) -> [DebtorDecision] {
    let revenue = revenueByDebtor()
    var totals: [String: Decimal] = [:]  // per currency: all customers' revenue
    for (key, value) in revenue { totals[key.currency, default: 0] += value }
    let groups = members
    var result: [DebtorDecision] = []
    for debtor in groups.keys.sorted() {
      let members = groups[debtor]!
      let agreement = members.compactMap { items[$0].agreementIndex }.first.map { index.agreements[$0] }
      let currency = mainCurrency(debtor)
      // Row 14: the ripe open total.
      let ripe = members.filter { items[$0].decision == nil }
      let ripeTotal = ripe.reduce(Decimal(0)) { $0 + items[$1].open }
      if !ripe.isEmpty && ripeTotal < policy.minAmount {
        for i in ripe {
          items[i].decision = .hold
          items[i].reasons.append(
            Reason(.belowMinimum, .belowMinimum(total: ripeTotal, minimum: policy.minAmount)))
        }
      }
      // Row 15: strategic.
      let strategic = strategicReasons(debtor: debtor, agreement: agreement, currency: currency, revenue: revenue, totals: totals)
      let stillRipe = members.filter { items[$0].decision == nil }
      var review: DebtorDecision.ReviewFacts? = nil
      if !stillRipe.isEmpty {
        let oldestDue = stillRipe.compactMap { items[$0].effectiveDue }.min()!
        let approval = latestApproval(debtor)
        let approved = approval.map { $0.decision == .handover && $0.date >= oldestDue } ?? false
        if !strategic.isEmpty && !approved {
          let facts = reviewFacts(
            debtor: debtor, members: members, agreement: agreement, currency: currency, revenue: revenue, totals: totals,
            strategic: strategic)
          review = facts
          for i in stillRipe {
            items[i].decision = .review
            items[i].reasons.append(Reason(.strategicCustomer, .strategicReview(facts, currency: currency)))
          }
        } else {
          for i in stillRipe {
            items[i].decision = .handover
            if approved, let approval {
              items[i].reasons.append(
                Reason(.approved, .approved(by: approval.by, date: approval.date, note: approval.note)))
            }
          }
        }
      }
      // Limitation advice on what is still open.
      for i in members where items[i].kind == .invoice && (items[i].decision ?? .settled) != .settled {
        if let due = items[i].effectiveDue,
          let warning = LegalAdvice.limitationWarning(effectiveDueDate: due, asOf: asOf, consumer: agreement?.consumer ?? false)
        {
          items[i].advice.append(Advice(.limitation, warning))
        }
      }
      // Small recurring claims: since 1 October 2024 the costs of claims below 266.67 are capped
      // per six months (Besluit kwaliteit incassodienstverlening; article text unconfirmed):
      // flagged for a person, not computed.
      let sixMonthsAgo = asOf.adding(days: -183)
      let small = members.filter {
        items[$0].kind == .invoice && items[$0].open > 0 && items[$0].amount < Self.smallClaimLimit
          && (items[$0].issueDate.map { $0 > sixMonthsAgo } ?? false)
      }
      if small.count >= 2 {
        let advice = Advice(.recurringSmallClaims, .recurringSmallClaims(count: small.count))
        for i in small { items[i].advice.append(advice) }
      }
      let decided = members.map { items[$0] }
      let decision = decided.compactMap(\.decision).max() ?? .settled
      let invoiceNumbers = decided.filter { $0.kind == .invoice }.map(\.number).sorted()
      let open = decided.filter { $0.kind == .invoice && $0.currency == currency }.reduce(Decimal(0)) { $0 + max($1.open, 0) }
      var debtorDecision = DebtorDecision(
        customer: debtor, name: agreement?.name ?? latestParty(members)?.name, consumer: agreement?.consumer ?? false,
        currency: currency, decision: decision, open: open, invoices: invoiceNumbers,
        reasons: debtorReasons(decided, decision: decision), advice: uniqueAdvice(decided.flatMap(\.advice)), review: review)
      debtorDecision.agreement = agreement
      if let details = DebtorDetails(newestFirst: partiesNewestFirst(members)) {
        debtorDecision.party = details.party
        debtorDecision.emails = details.emails
        debtorDecision.phones = details.phones
      }
      if decision == .review && review == nil {
        debtorDecision.review = reviewFacts(
          debtor: debtor, members: members, agreement: agreement, currency: currency, revenue: revenue, totals: totals, strategic: strategic
        )
      }
      if decision == .handover { computeHandover(&debtorDecision, members: members, agreement: agreement) }
      result.append(debtorDecision)
    }
    return result
  }

  func partiesNewestFirst(_ members: [Int]) -> [Party] {
    members.map { items[$0] }.filter { $0.document.buyer != nil }.sorted { oldestFirst($1, $0) }.compactMap(\.document.buyer)
  }

  func latestParty(_ members: [Int]) -> Party? {
    members.map { items[$0] }.filter { $0.document.buyer != nil }.max { oldestFirst($0, $1) }?.document.buyer
  }

  func debtorReasons(_ decided: [Item], decision: Decision) -> [Reason] {
    var seen = Set<ReasonCode>()
    var reasons: [Reason] = []
    let relevant: Set<ReasonCode> = [
      .strategicCustomer, .approved, .neverHandover, .disputed, .paused, .paymentPlan, .paymentPlanDefaulted,
      .priceAboveAgreement, .unallocatedPayment, .accountManagerHold, .notRipe, .remindersIncomplete,
      .fourteenDayLetterRequired, .fourteenDayLetterRunning, .belowMinimum, .currencyMismatch, .customerAmbiguous, .noDates,
    ]
    for item in decided.sorted(by: { $0.number < $1.number }) where item.decision == decision {
      for reason in item.reasons where relevant.contains(reason.code) && !seen.contains(reason.code) {
        seen.insert(reason.code)
        reasons.append(reason)
      }
    }
    return reasons
  }

  func uniqueAdvice(_ advice: [Advice]) -> [Advice] {
    var seen = Set<Advice>()
    return advice.filter { seen.insert($0).inserted }
  }

  struct RevenueKey: Hashable {
    var debtor: String
    var currency: String
  }

  /// Trailing-12-month revenue per debtor and currency: invoiced amounts excluding VAT (the
  /// total where VAT is unknown), net of credit notes, for documents issued in the 12 months up
  /// to the as-of date.
  func revenueByDebtor() -> [RevenueKey: Decimal] {
    let start =
      asOf.adding(years: -1)
    var revenue: [RevenueKey: Decimal] = [:]
    for item in items {
      guard let issue = item.issueDate, issue > start, issue <= asOf, let currency = item.currency else { continue }
      let value = item.document.totals.taxExclusive?.value ?? item.amount
      revenue[RevenueKey(debtor: item.debtor, currency: currency), default: 0] += item.kind == .creditNote ? -value : value
    }
    return revenue
  }

  func strategicReasons(
    debtor: String, agreement: CustomerAgreement?, currency: String?, revenue: [RevenueKey: Decimal], totals: [String: Decimal]
  ) -> [StrategicReason] {
    var reasons: [StrategicReason] = []
    if agreement?.strategic == true { reasons.append(.markedInAgreements) }
    guard let currency else { return reasons }
    let own = revenue[RevenueKey(debtor: debtor, currency: currency)] ?? 0
    let all = totals[currency] ?? 0
    if all > 0 && own > 0 && own / all >= policy.strategicRevenueShare {
      reasons.append(.revenueShare(share: own / all, threshold: policy.strategicRevenueShare))
    }
    if own >= policy.strategicRevenue {
      reasons.append(.revenueAtLeast(revenue: own, currency: currency, threshold: policy.strategicRevenue))
    }
    return reasons
  }

  static func percent(_ fraction: Decimal) -> String {
    DecimalFormatting.plain(DecimalFormatting.roundHalfUp(fraction * 100, scale: 1), scale: 1) + " %"
  }

  func reviewFacts(
    debtor: String, members: [Int], agreement: CustomerAgreement?, currency: String?, revenue: [RevenueKey: Decimal],
    totals: [String: Decimal], strategic: [StrategicReason]
  ) -> DebtorDecision.ReviewFacts {
    let own = currency.map { revenue[RevenueKey(debtor: debtor, currency: $0)] ?? 0 } ?? 0
    let all = currency.flatMap { totals[$0] } ?? 0
    let invoices = members.map { items[$0] }.filter { $0.kind == .invoice && $0.currency == currency }
    let open = invoices.reduce(Decimal(0)) { $0 + max($1.open, 0) }
    let overdueItems = invoices.filter { $0.open > 0 && ($0.effectiveDue.map { $0 < asOf } ?? false) }
    let overdue = overdueItems.reduce(Decimal(0)) { $0 + $1.open }
    let days = overdueItems.compactMap { $0.effectiveDue.map { $0.days(until: asOf) } }.max() ?? 0
    let since = members.compactMap { items[$0].issueDate }.min()
    let broken = agreement.flatMap { planStatus($0) }?.broken ?? 0
    var facts = DebtorDecision.ReviewFacts(
      revenue12Months: own, revenueShare: all > 0 ? own / all : 0, customerSince: since, open: open, overdue: overdue,
      daysOverdue: days, brokenPromises: broken, accountManager: agreement?.accountManager, notes: agreement?.notes,
      strategicBecause: strategic)
    // What waiting costs: the interest a claim would carry 30 days later, minus today's.
    let consumer = agreement?.consumer ?? false
    let kind: InterestKind = agreement?.interest != nil ? .contractual : (consumer ? .nonCommercial : .commercial)
    let later = asOf.adding(days: 30)
    for item in overdueItems {
      guard let due = item.effectiveDue else { continue }
      func interest(_ to: CalendarDate) -> Decimal {
        Interest.compute(
          principal: item.open, effectiveDueDate: due, asOf: to, kind: kind, contractualRate: agreement?.interest, rates: input.rates
        ).exact
      }
      facts.interestNext30Days += interest(later) - interest(asOf)
      let limit = LegalAdvice.limitationDate(effectiveDueDate: due, consumer: consumer)
      if facts.limitationDate.map({ limit < $0 }) ?? true { facts.limitationDate = limit }
    }
    facts.interestNext30Days = DecimalFormatting.roundHalfUp(facts.interestNext30Days, scale: 2)  // once, at the end
    var without = "stays in review at every run: nothing is handed over until the account manager approves (handover) or holds"
    if consumer {
      for item in overdueItems {
        guard let due = item.effectiveDue else { continue }
        let letters = item.reminders.filter { $0.kind == .fourteenDayLetter }.map {
          (sent: $0.date, channel: $0.channel.map { DeliveryChannel(rawValue: $0.rawValue)! } ?? .post)
        }
        switch FourteenDayLetter.status(letters: letters, effectiveDueDate: due, asOf: asOf, delivery: policy.deliveryDays) {
        case .required: continue
        case .running(_, let last): facts.letterDaysLeft = max(facts.letterDaysLeft ?? 0, asOf.days(until: last))
        case .expired: facts.letterDaysLeft = max(facts.letterDaysLeft ?? 0, 0)
        }
      }
      without +=
        facts.letterDaysLeft.map { $0 > 0 ? "; the 14-day letter runs \($0) more day(s)" : "" }
        ?? "; no 14-day letter sent yet: no costs can be claimed"
    }
    if let last = (approvalsByDebtor[debtor] ?? []).max(by: { $0.date < $1.date }), last.decision == .hold, let until = last.until,
      until < asOf
    {
      without = "the account manager's hold until \(until) has expired: " + without
    }
    facts.withoutDecision = without
    facts.paymentBehaviour = paymentBehaviour(members)
    return facts
  }

  /// How a debtor pays: for each invoice paid in full within the 12 months before the as-of
  /// date, the day of its last payment minus its effective due date.
  func paymentBehaviour(_ members: [Int]) -> DebtorDecision.PaymentBehaviour {
    var late: [(date: CalendarDate, days: Int)] = []
    let yearAgo = asOf.adding(days: -365)
    for i in members where items[i].kind == .invoice && items[i].outstanding == nil && items[i].open <= 0 {
      let payments = items[i].allocations.filter { $0.kind == .payment }
      guard let paidOn = payments.compactMap(\.date).max(), paidOn > yearAgo, let due = items[i].effectiveDue else { continue }
      late.append((paidOn, max(0, due.days(until: paidOn))))
    }
    var behaviour = DebtorDecision.PaymentBehaviour()
    guard !late.isEmpty else { return behaviour }
    late.sort { $0.date != $1.date ? $0.date > $1.date : $0.days > $1.days }
    behaviour.paidInvoices = late.count
    behaviour.paidLate = late.filter { $0.days > 0 }.count
    behaviour.paidOnTime = late.count - behaviour.paidLate
    let total = late.reduce(0) { $0 + $1.days }
    behaviour.averageDaysLate = DecimalFormatting.roundHalfUp(Decimal(total) / Decimal(late.count), scale: 1)
    behaviour.lastDaysLate = late.prefix(5).map(\.days)
    return behaviour
  }

  /// Principal, interest per invoice, and costs over the dossier's summed principal.
  mutating func computeHandover(_ debtor: inout DebtorDecision, members: [Int], agreement: CustomerAgreement?) {
    let consumer = agreement?.consumer ?? false
    var principals: [Decimal] = []
    var interest = Decimal(0)
    var numbers: [String] = []
    for i in members.sorted(by: { items[$0].number < items[$1].number }) where items[i].decision == .handover {
      var principal = items[i].open
      if policy.onPriceDiscrepancy == .handoverUndisputed && items[i].disputed > items[i].credited {
        principal -= items[i].disputed - items[i].credited
      }
      principal = max(principal, 0)
      items[i].principalClaimed = principal
      let kind: InterestKind = agreement?.interest != nil ? .contractual : (consumer ? .nonCommercial : .commercial)
      // Interest runs on what is claimed. Credit notes count as never owed; each payment lowered
      // the amount from its date on. (With only the billing package's open amount, payment dates
      // are unknown: interest runs on that amount from the due date.)
      let payments =
        items[i].outstanding != nil
        ? [] : items[i].allocations.filter { $0.kind == .payment }.compactMap { a in a.date.map { (date: $0, amount: a.amount) } }
      let startAmount = principal + payments.reduce(Decimal(0)) { $0 + $1.amount }
      let calculation = Interest.compute(
        principal: startAmount, effectiveDueDate: items[i].effectiveDue!, asOf: asOf, kind: kind,
        contractualRate: agreement?.interest, rates: input.rates, reductions: payments)
      items[i].interest = calculation
      for warning in calculation.notices where !items[i].advice.contains(where: { $0.code == .unconfirmedRate }) {
        items[i].advice.append(Advice(.unconfirmedRate, warning))
      }
      interest += calculation.amount
      principals.append(principal)
      numbers.append(items[i].number)
    }
    let vatOnCosts = !input.creditor.vatDeductible
    func costsOf(_ principals: [Decimal]) -> CostsCalculation {
      consumer
        ? CollectionCosts.bik(principal: principals.reduce(0, +), vatOnCosts: vatOnCosts)
        : CollectionCosts.business(principals: principals, policy: policy.businessCosts, vatOnCosts: vatOnCosts)
    }
    var costs = costsOf(principals)
    if let earlier = input.earlierHandovers[debtor.customer] {
      // A follow-up claim: the scale is per claim total, not per delivery, so it adds what the
      // combined principal costs beyond what the earlier dossier already claimed.
      let combined = costsOf([earlier.principal] + principals)
      let already = costsOf([earlier.principal])
      costs = combined
      costs.amount = max(combined.amount - already.amount, 0)
      costs.vat = max(combined.vat - already.vat, 0)
      costs.notes.append(
        "follow-up of \(earlier.reference): costs over the combined principal \(Self.money(earlier.principal + principals.reduce(0, +))) (\(Self.money(combined.amount))) less the \(Self.money(already.amount)) the earlier dossier claimed"
      )
      debtor.follows = earlier
    }
    debtor.principal = principals.reduce(0, +)
    debtor.interest = interest
    debtor.costs = costs.amount
    debtor.costsVAT = costs.vat
    debtor.costsCalculation = costs
    debtor.handoverInvoices = numbers
  }

  // MARK: Output

  /// The entry for decisions.json: open invoices, and settled ones issued in the last 12 months.
  func invoiceDecision(_ i: Int) -> InvoiceDecision? {
    let item = items[i]
    let decision = item.decision ?? .settled
    if decision == .settled {
      let start =
        asOf.adding(years: -1)
      guard let issue = item.issueDate, issue > start else { return nil }
    }
    let days = item.effectiveDue.map { max(0, $0.days(until: asOf)) } ?? 0
    return InvoiceDecision(
      invoice: item.number, customer: item.debtor, customerName: agreement(item)?.name ?? item.document.buyer?.name,
      kind: item.kind, source: item.document.source, currency: item.currency, issueDate: item.issueDate,
      invoiceDueDate: item.document.dueDate, effectiveDueDate: item.effectiveDue, daysOverdue: item.open > 0 ? days : 0,
      amount: item.amount, paid: item.outstanding != nil ? max(item.amount - item.outstanding!, 0) : item.paid,
      credited: item.outstanding != nil ? 0 : item.credited, disputed: item.disputed, open: item.open, decision: decision,
      reasons: item.reasons, advice: item.advice, principal: item.principalClaimed, interest: item.interest,
      allocations: item.allocations, reminders: item.reminders, document: decision == .handover ? item.document : nil)
  }
}
