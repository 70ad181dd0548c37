import Foundation

/// Credit notes: referenced ones to their invoice, the others to the oldest open invoices.
extension Run {
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
          && items[$0].currency == items[c].currency && self.openAmount($0) > 0
      }.sorted { oldestFirst($0, $1) }
      var applied: [Message.CreditPart] = []
      for i in targets where left > 0 {
        let part = min(left, self.openAmount(i))
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

  /// Items `a` before `b` by issue date, then number; by index, so that no item is copied.
  func oldestFirst(_ a: Int, _ b: Int) -> Bool { ageKey(a) < ageKey(b) }

  /// What `oldestFirst` orders by: the issue date (none counts as the oldest), then the number.
  func ageKey(_ i: Int) -> (date: CalendarDate, number: String) {
    (items[i].issueDate ?? CalendarDate(dayNumber: 0), items[i].number)
  }
}
