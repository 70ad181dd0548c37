import Foundation

/// Due dates: the printed date, the agreed term and the default (rules.md "Effective due date").
extension Run {
  mutating func computeDueDates() {
    // An invoice's due date is its own: on all cores, each read in place (a copy of the
    // document, and of the item and agreement for each question, retained every field).
    inParallel { run, range, items in
      for i in range where items[i].kind == .invoice {
        let agreement = items[i].agreementIndex.map { run.index.agreements[$0] }
        let days = agreement?.paymentDays
        let printed = items[i].document.dueDate
        let issueDate = items[i].document.issueDate
        let agreed: CalendarDate? = {
          guard let days, let issueDate else { return nil }
          return issueDate.adding(days: days)
        }()
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
          if days! > run.policy.defaultPaymentDays {
            items[i].reasons.append(
              Reason(
                .termExtended, .agreedTermWithoutPrintedDate(days: days!, agreed: agreed, defaultDays: run.policy.defaultPaymentDays)
              ))
          }
        case (nil, nil):
          if let issueDate {
            let due = issueDate.adding(days: run.policy.defaultPaymentDays)
            items[i].effectiveDue = due
            items[i].reasons.append(
              Reason(.defaultTerm, .defaultTerm(days: run.policy.defaultPaymentDays, due: due)))
          }
        }
        if let days, let warning = LegalAdvice.paymentTermWarning(days: days, consumer: agreement?.consumer ?? false) {
          items[i].advice.append(Advice(.termAboveSixtyDays, warning))
        }
      }
    }
  }
}
