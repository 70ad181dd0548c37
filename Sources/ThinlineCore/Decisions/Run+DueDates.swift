import Foundation

/// Due dates: the printed date, the agreed term and the default (rules.md "Effective due date").
extension Run {
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
    // Reserved, and read by index: a million invoices grew the table twenty times, and
    // `enumerated()` copied each item.
    var map: [String: Int] = [:]
    map.reserveCapacity(items.count)
    for i in items.indices where items[i].kind == .invoice { map[items[i].number] = i }
    return map
  }
}
