import Foundation

/// Documents, revisions and customers: which items the run decides, and whose they are.
extension Run {
  /// Documents up to the as-of date; a second version of an invoice replaces the first.
  /// A document's identity in a run: its kind and number (an invoice and a credit note may
  /// share a number).
  /// - Returns: the invoices' item index by number, which the payments, credit notes and
  ///   reminders are matched with (one table per kind: a key with the kind in it hashed the
  ///   kind's name, and the invoice table was built a second time after this pass).
  mutating func collectDocuments() -> [String: Int] {
    let store = DocumentStore(input.documents)
    var invoices: [String: Int] = [:]
    var creditNotes: [String: Int] = [:]
    invoices.reserveCapacity(store.documents.count)
    items.reserveCapacity(store.documents.count)
    for documentIndex in store.documents.indices {
      // The fields are read in place: a copy of each document would cost a retain per field.
      if let issue = store.documents[documentIndex].issueDate, issue > asOf { continue }  // rules.md §0
      guard let number = store.documents[documentIndex].number else {
        warnings.append("\(store.documents[documentIndex].source): a document without a number is left out")
        continue
      }
      let item = Item(
        store: store, documentIndex: documentIndex, kind: store.documents[documentIndex].kind,
        currency: store.documents[documentIndex].currency, issueDate: store.documents[documentIndex].issueDate, number: number,
        debtor: "",
        amount: store.documents[documentIndex].totals.payable?.value ?? store.documents[documentIndex].totals.taxInclusive?.value ?? 0,
        outstanding: store.documents[documentIndex].outstanding?.value)
      // One lookup for a new number (nearly all of them): the slot is claimed, and given back
      // when the number was there already.
      let claimed =
        item.kind == .invoice
        ? invoices.updateValue(items.count, forKey: number) : creditNotes.updateValue(items.count, forKey: number)
      guard let existing = claimed else {
        items.append(item)
        continue
      }
      if item.kind == .invoice { invoices[number] = existing } else { creditNotes[number] = existing }
      let document = store.documents[documentIndex]
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
    return invoices
  }

  // MARK: Customers

  mutating func matchCustomers() {
    // Each item's match is its own: ranges of items are matched on all cores. Documents that
    // share one party (a CSV customer's rows) are matched once per range: the outcome by the
    // party's identity, with the source it was found for (a fallback key may name the file);
    // bounded, because documents of their own (UBL files) never repeat one.
    // One range per core: each range's memo then meets each party once, where small ranges
    // each met most of them afresh.
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    inParallel(chunk: max(16_384, (items.count + cores - 1) / cores)) { run, range, items in
      var known: [ObjectIdentifier: (source: String, agreementIndex: Int?, ambiguous: [String], debtor: String)] = [:]
      for i in range {
        let buyer = items[i].document.buyer
        if let identity = buyer?.sharedIdentity, let seen = known[identity], seen.source == items[i].document.source {
          items[i].agreementIndex = seen.agreementIndex
          if !seen.ambiguous.isEmpty { items[i].ambiguous = seen.ambiguous }
          items[i].debtor = seen.debtor
          continue
        }
        switch run.index.match(buyer) {
        case .one(let a):
          items[i].agreementIndex = a
          items[i].debtor = run.index.agreements[a].id
        case .ambiguous(let list):
          let ids = list.map { run.index.agreements[$0].id }
          items[i].ambiguous = ids
          items[i].debtor = Self.fallbackKey(buyer, source: items[i].document.source)
        case .none:
          items[i].debtor = Self.fallbackKey(buyer, source: items[i].document.source)
        }
        if let identity = buyer?.sharedIdentity, known.count < 100_000 {
          known[identity] = (items[i].document.source, items[i].agreementIndex, items[i].ambiguous, items[i].debtor)
        }
      }
    }
  }

  /// Runs `body` over ranges of the items on all cores, for passes in which an item's changes
  /// depend on nothing but itself and the run's tables. The items are taken out of the run for
  /// the pass (`run.items` is empty in `body`), so that the run can be shared without a copy.
  mutating func inParallel(
    chunk: Int = 16_384, _ body: @Sendable (_ run: Run, _ range: Range<Int>, _ items: UnsafeMutableBufferPointer<Item>) -> Void
  ) {
    var taken: [Item] = []
    swap(&taken, &items)
    nonisolated(unsafe) let run = self
    taken.withUnsafeMutableBufferPointer { buffer in
      // Each range is read and written by one worker only.
      nonisolated(unsafe) let buffer = buffer
      forEachChunk(of: buffer.count, chunk: max(1, chunk)) { range in body(run, range, buffer) }
    }
    swap(&taken, &items)
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
  /// - Parameter lists: the export's payments and the bank's, apart (joined, half a million
  ///   payments were copied for a run without a plan).
  mutating func indexPlanPayments(_ byNumber: [String: Int], _ lists: [PaymentRecord]...) {
    let planned = Set(index.agreements.filter { !$0.paymentPlan.isEmpty }.map(\.id))
    guard !planned.isEmpty else { return }
    for payments in lists {
      indexPlanPayments(byNumber, payments, planned: planned)
    }
  }

  private mutating func indexPlanPayments(_ byNumber: [String: Int], _ payments: [PaymentRecord], planned: Set<String>) {
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
}
