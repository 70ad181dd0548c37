import Foundation

/// Reminders: which count, and which were sent too early.
extension Run {
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
    // Most invoices have none or one: only longer lists need sorting.
    for i in items.indices where items[i].reminders.count > 1 { items[i].reminders.sort { $0.date < $1.date } }
  }
}
