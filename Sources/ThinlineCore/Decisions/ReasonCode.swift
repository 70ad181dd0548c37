/// Stable reason codes (interface.md); messages are free text that names the numbers.
public enum ReasonCode: String, Hashable, Sendable, CaseIterable {
  case termExtended = "TERM_EXTENDED"
  case dueDateConflict = "DUE_DATE_CONFLICT"
  case defaultTerm = "DEFAULT_TERM"
  case priceAboveAgreement = "PRICE_ABOVE_AGREEMENT"
  case creditApplied = "CREDIT_APPLIED"
  case partialPayment = "PARTIAL_PAYMENT"
  case unallocatedPayment = "UNALLOCATED_PAYMENT"
  case reminderBeforeDue = "REMINDER_BEFORE_DUE"
  case remindersIncomplete = "REMINDERS_INCOMPLETE"
  case notRipe = "NOT_RIPE"
  case fourteenDayLetterRequired = "FOURTEEN_DAY_LETTER_REQUIRED"
  case fourteenDayLetterRunning = "FOURTEEN_DAY_LETTER_RUNNING"
  case paused = "PAUSED"
  case neverHandover = "NEVER_HANDOVER"
  case disputed = "DISPUTED"
  case paymentPlan = "PAYMENT_PLAN"
  case paymentPlanDefaulted = "PAYMENT_PLAN_DEFAULTED"
  case belowMinimum = "BELOW_MINIMUM"
  case strategicCustomer = "STRATEGIC_CUSTOMER"
  case approved = "APPROVED"
  case accountManagerHold = "ACCOUNT_MANAGER_HOLD"
  case invoiceRevised = "INVOICE_REVISED"
  case currencyMismatch = "CURRENCY_MISMATCH"
  // Added by Thinline where interface.md has no code for a situation that must never be guessed.
  /// The invoice's buyer matches more than one customer in the agreements.
  case customerAmbiguous = "CUSTOMER_AMBIGUOUS"
  /// Neither an issue date nor a due date: no term can be computed.
  case noDates = "NO_DATES"
  /// A payment found on a bank statement: how it was matched, or why it does not count.
  case bankPayment = "BANK_PAYMENT"
}

public struct Reason: Hashable, Sendable {
  public var code: ReasonCode
  /// What it says, in either language (`text.text(.nl)`).
  public var text: Message
  /// The English message, as decisions.json has it.
  public var message: String { text.english }
  public init(_ code: ReasonCode, _ text: Message) {
    self.code = code
    self.text = text
  }
}

/// Advice that does not change a decision (terms above 60 days, limitation).
public struct Advice: Hashable, Sendable {
  public enum Code: String, Hashable, Sendable {
    case termAboveSixtyDays = "TERM_ABOVE_60_DAYS"
    case limitation = "LIMITATION"
    case recurringSmallClaims = "RECURRING_SMALL_CLAIMS"
    case unconfirmedRate = "RATE_UNCONFIRMED"
  }
  public var code: Code
  public var text: Message
  public var message: String { text.english }
  public init(_ code: Code, _ text: Message) {
    self.code = code
    self.text = text
  }
}

/// What to do with an invoice or a debtor, in order of urgency (most urgent last).
public enum Decision: String, Hashable, Sendable, CaseIterable, Comparable {
  case settled, notDue = "not_due", hold, remind, review, handover, handedOver = "handed_over"

  /// handover > review > remind > hold > not_due > settled (rules.md).
  var urgency: Int {
    switch self {
    case .settled: return 0
    case .handedOver: return 1  // with the agency already: more than settled, less than anything to do
    case .notDue: return 2
    case .hold: return 3
    case .remind: return 4
    case .review: return 5
    case .handover: return 6
    }
  }
  public static func < (a: Decision, b: Decision) -> Bool { a.urgency < b.urgency }
}
