import Foundation

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
    /// Read in place (`_read`): `item.document.buyer` borrows the stored document instead of
    /// copying all of it (about a kilobyte and a retain per field) for one field.
    var document: Document { _read { yield store.documents[documentIndex] } }
    var kind: Document.Kind
    var currency: String?
    var issueDate: CalendarDate?
    var number: String
    var debtor: String
    var agreementIndex: Int?
    var effectiveDue: CalendarDate?
    var amount: Decimal
    var paid: Decimal = 0
    /// The billing package's open amount (CSV open items): authoritative when present.
    var outstanding: Decimal?
    var reasons: [Reason] = []
    var allocations: [Allocation] = []
    var reminders: [ReminderRecord] = []
    var decision: Decision? = nil
    var currencyMismatch = false
    /// What most items leave empty, behind one pointer: inline it cost about 90 bytes in each
    /// of a million items (and the page faults of a third more memory).
    var rare: RareBox? = nil

    struct Rare {
      var ambiguous: [String] = []
      var credited: Decimal = 0
      var disputed: Decimal = 0
      var advice: [Advice] = []
      var unapplied: Decimal = 0
      var principalClaimed: Decimal = 0
      var interestBox: ValueBox<InterestCalculation>? = nil
    }
    final class RareBox {
      var value: Rare
      init(_ value: Rare) { self.value = value }
    }

    /// The box, made first or copied when another item shares it (copy on write).
    private mutating func uniqueRare() -> RareBox {
      if rare == nil || !isKnownUniquelyReferenced(&rare!) { rare = RareBox(rare?.value ?? Rare()) }
      return rare!
    }

    var ambiguous: [String] {
      get { rare?.value.ambiguous ?? [] }
      _modify { yield &uniqueRare().value.ambiguous }
    }
    var credited: Decimal {
      get { rare?.value.credited ?? 0 }
      _modify { yield &uniqueRare().value.credited }
    }
    var disputed: Decimal {
      get { rare?.value.disputed ?? 0 }
      _modify { yield &uniqueRare().value.disputed }
    }
    var advice: [Advice] {
      get { rare?.value.advice ?? [] }
      _modify { yield &uniqueRare().value.advice }
    }
    /// For a credit note: what could not be applied.
    var unapplied: Decimal {
      get { rare?.value.unapplied ?? 0 }
      _modify { yield &uniqueRare().value.unapplied }
    }
    /// For a handover: the principal claimed and its interest.
    var principalClaimed: Decimal {
      get { rare?.value.principalClaimed ?? 0 }
      _modify { yield &uniqueRare().value.principalClaimed }
    }
    var interestBox: ValueBox<InterestCalculation>? {
      get { rare?.value.interestBox }
      _modify { yield &uniqueRare().value.interestBox }
    }
    var interest: InterestCalculation? {
      get { interestBox?.value }
      set { interestBox = newValue.map(ValueBox.init) }
    }

    /// An item that stands in a slot while its item is moved elsewhere: it holds nothing to
    /// retain but the store.
    static func placeholder(store: DocumentStore) -> Item {
      Item(
        store: store, documentIndex: 0, kind: .invoice, currency: nil, issueDate: nil, number: "", debtor: "", amount: 0,
        outstanding: nil)
    }

    /// Inlined: called on `items[i]` in a mutating run, an out-of-line getter copied the item.
    @inline(__always) var open: Decimal {
      if kind == .creditNote { return -unapplied }
      if let outstanding { return outstanding }
      if paid.isZero && credited.isZero { return amount }
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
    let byNumber = collectDocuments()
    matchCustomers()
    buildLookups()
    computeDueDates()
    applyReferencedCreditNotes(byNumber)
    var unallocated = applyPayments(byNumber, input.payments)
    let fromBank = bankPayments(byNumber)
    if !fromBank.isEmpty {
      unallocated.merge(applyPayments(byNumber, fromBank)) { $0 + $1 }
    }
    indexPlanPayments(byNumber, input.payments, fromBank)
    notePartialPayments()
    applyUnreferencedCreditNotes()
    checkPrices()
    attachReminders(byNumber)
    markCurrencyMismatches()
    decideInvoices(unallocated: unallocated)
    var debtors = decideDebtors(unallocated: unallocated)
    // Sort the indices, not the decisions: the entries are large. In debtor order, then each
    // debtor's own items (a kind and number are one item's only): the same order as one sort of
    // all items, with a fifth of its string comparisons.
    var order: [Int] = []
    order.reserveCapacity(items.count)
    for debtor in members.keys.sorted() {
      order += members[debtor]!.sorted {
        if items[$0].number != items[$1].number { return items[$0].number < items[$1].number }
        return items[$0].kind.rawValue < items[$1].kind.rawValue
      }
    }
    let invoices = invoiceDecisions(order.filter(isListed))
    // The debtors an entry names (entries come in debtor order), the others dropped in place.
    var listed = Set<String>(minimumCapacity: debtors.count)
    var previous: String? = nil
    for i in invoices.indices where invoices[i].customer != previous {
      listed.insert(invoices[i].customer)
      previous = invoices[i].customer
    }
    debtors.removeAll { !listed.contains($0.customer) }
    return DecisionReport(
      asOf: asOf, invoices: invoices, debtors: debtors,
      warnings: warnings, bank: bankSummary, policy: policy)
  }

  /// What is open on item `i` (`Item.open`), read field by field in place: the getter called on
  /// `items[i]` copied the whole item first, a retain per field, in loops over a million.
  @inline(__always) func openAmount(_ i: Int) -> Decimal {
    if items[i].kind == .creditNote { return -items[i].unapplied }
    if let outstanding = items[i].outstanding { return outstanding }
    // Most invoices have nothing paid or credited: the amount itself, without two subtractions.
    if items[i].paid.isZero && items[i].credited.isZero { return items[i].amount }
    return items[i].amount - items[i].paid - items[i].credited
  }

  static func money(_ d: Decimal) -> String { d.moneyText }

  static let smallClaimLimit = Decimal(sign: .plus, exponent: -2, significand: 26667)

  // MARK: Output

  /// Whether decisions.json lists the item: open invoices, and settled ones issued in the last
  /// 12 months.
  func isListed(_ i: Int) -> Bool {
    guard (items[i].decision ?? .settled) == .settled else { return true }
    guard let issue = items[i].issueDate else { return false }
    return issue > asOf.adding(years: -1)
  }

  /// The entries of `indices`, in that order, built on all cores (each reads its own item only;
  /// an array of exactly the right size, filled in place, so no entry is copied).
  func invoiceDecisions(_ indices: [Int]) -> [InvoiceDecision] {
    nonisolated(unsafe) let run = self
    return [InvoiceDecision](unsafeUninitializedCapacity: indices.count) { buffer, count in
      nonisolated(unsafe) let base = buffer.baseAddress
      forEachChunk(of: indices.count, chunk: 16_384) { range in
        for n in range { (base! + n).initialize(to: run.invoiceDecision(indices[n])) }
      }
      count = indices.count
    }
  }

  /// The entry for decisions.json of a listed item.
  func invoiceDecision(_ i: Int) -> InvoiceDecision {
    // Each field read in place: `let item = items[i]` copied the whole item, a retain per field.
    let decision = items[i].decision ?? .settled
    let days = items[i].effectiveDue.map { max(0, $0.days(until: asOf)) } ?? 0
    let open = self.openAmount(i)
    // The agreement's name only: `agreement(item)` would copy the whole agreement per invoice.
    let name = items[i].agreementIndex.flatMap { index.agreements[$0].name }
    return InvoiceDecision(
      invoice: items[i].number, customer: items[i].debtor, customerName: name ?? items[i].document.buyer?.name,
      kind: items[i].kind, source: items[i].document.source, currency: items[i].currency, issueDate: items[i].issueDate,
      invoiceDueDate: items[i].document.dueDate, effectiveDueDate: items[i].effectiveDue, daysOverdue: open > 0 ? days : 0,
      amount: items[i].amount, paid: items[i].outstanding != nil ? max(items[i].amount - items[i].outstanding!, 0) : items[i].paid,
      credited: items[i].outstanding != nil ? 0 : items[i].credited, disputed: items[i].disputed, open: open, decision: decision,
      reasons: items[i].reasons, advice: items[i].advice, principal: items[i].principalClaimed, interestBox: items[i].interestBox,
      allocations: items[i].allocations, reminders: items[i].reminders,
      documentBox: decision == .handover ? DocumentBox(items[i].document) : nil)
  }
}
