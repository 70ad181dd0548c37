import Foundation

/// What a reason or an advice says, with its numbers and dates as values: the engine decides
/// *what* to say, `MessageCatalogue` says it in English (decisions.json, the CLI) or Dutch
/// (the report in `--lang nl`). One case per sentence; adding one means writing both texts.
public indirect enum Message: Hashable, Sendable {
  // Due dates.
  case termMovesDueDate(days: Int, printed: CalendarDate, agreed: CalendarDate)
  case printedDueDateEarlier(printed: CalendarDate, agreed: CalendarDate, days: Int)
  case agreedTermWithoutPrintedDate(days: Int, agreed: CalendarDate, defaultDays: Int)
  case defaultTerm(days: Int, due: CalendarDate)
  case invoiceRevised(number: String, source: String, amount: Decimal, replaced: String, replacedAmount: Decimal)
  // Credit notes.
  case creditRefersToMissingInvoice(reference: String)
  case creditCurrencyDiffers(creditCurrency: String?, reference: String, invoiceCurrency: String?)
  case creditInBillingOpenAmount(reference: String)
  case creditNoteApplied(note: String, amount: Decimal, exceeds: CreditExcess?)
  case creditAppliedTo(reference: String)
  case unreferencedCreditHere(amount: Decimal, note: String)
  case unreferencedCreditSpread(parts: [CreditPart], leftOver: Decimal)
  // Payments.
  case paymentCurrencyDiffers(amount: Decimal, currency: String, date: CalendarDate, invoiceCurrency: String)
  case partialPayment(paid: Decimal, amount: Decimal, open: Decimal)
  case unallocatedPayments(count: Int, total: Decimal, last: CalendarDate, bank: [BankNote])
  case bankPaymentReversed(amount: Decimal, paid: CalendarDate, reversed: CalendarDate, returnReason: String?)
  case bankPaymentInExport(amount: Decimal, date: CalendarDate, how: BankMatch, exportDate: CalendarDate)
  case bankPaid(amount: Decimal, date: CalendarDate, how: BankMatch, billingOpen: Decimal?)
  case unplacedPayment(amount: Decimal, currency: String?, date: CalendarDate, payer: String?, iban: String?, remittance: String?)
  // Prices, reminders, currency.
  case priceAboveAgreement(lines: [PriceLine], disputed: Decimal)
  case reminderBeforeDue(kind: ReminderRecord.Kind, sent: CalendarDate, due: CalendarDate)
  case currencyKeptApart(currency: String, expected: String, agreementCurrency: Bool)
  // The invoice rows of rules.md §6.
  case customerAmbiguous(candidates: [String])
  case noDates
  case neverHandover
  case disputed(note: String?)
  case paused(until: CalendarDate)
  case planKept(checked: Int, installments: Int, due: Decimal, paid: Decimal)
  case planBroken(broken: Int, graceDays: Int, first: CalendarDate, paid: Decimal, due: Decimal)
  case accountManagerHold(by: String?, until: CalendarDate?, decided: CalendarDate, note: String?)
  case notRipe(daysOverdue: Int, ripeAfter: Int)
  case remindersIncomplete(count: Int, due: CalendarDate, needed: Int)
  case fourteenDayLetterRequired
  case fourteenDayLetterRunning(receipt: CalendarDate, last: CalendarDate)
  // The debtor rows.
  case belowMinimum(total: Decimal, minimum: Decimal)
  case strategicReview(DebtorDecision.ReviewFacts, currency: String?)
  case approved(by: String?, date: CalendarDate, note: String?)
  // Advice.
  case termAboveSixtyDays(days: Int)
  case limitation(date: CalendarDate, consumer: Bool, passed: Bool)
  case recurringSmallClaims(count: Int)
  case rateUnconfirmed(from: CalendarDate, lastChecked: CalendarDate)
  case noRate(day: CalendarDate, firstPeriod: CalendarDate?)

  public struct CreditExcess: Hashable, Sendable {
    public var invoiceAmount: Decimal
    public var excess: Decimal
    public init(invoiceAmount: Decimal, excess: Decimal) {
      self.invoiceAmount = invoiceAmount
      self.excess = excess
    }
  }
  public struct CreditPart: Hashable, Sendable {
    public var amount: Decimal
    public var invoice: String
    public init(amount: Decimal, invoice: String) {
      self.amount = amount
      self.invoice = invoice
    }
  }
  /// One line charged above the agreed price; `charged` is the unit price as charged, rounded
  /// to four places.
  public struct PriceLine: Hashable, Sendable {
    public var line: String?
    public var item: String
    public var charged: Decimal
    public var agreed: Decimal
    public var quantity: Decimal
    public var vatPercent: Decimal
    public var disputed: Decimal
    public init(
      line: String?, item: String, charged: Decimal, agreed: Decimal, quantity: Decimal, vatPercent: Decimal, disputed: Decimal
    ) {
      self.line = line
      self.item = item
      self.charged = charged
      self.agreed = agreed
      self.quantity = quantity
      self.vatPercent = vatPercent
      self.disputed = disputed
    }
  }
  /// A bank payment nobody could place, and why.
  public struct BankNote: Hashable, Sendable {
    public var amount: Decimal
    public var date: CalendarDate
    public var how: BankMatch
    public init(amount: Decimal, date: CalendarDate, how: BankMatch) {
      self.amount = amount
      self.date = date
      self.how = how
    }
  }
}

/// How a bank payment was matched to an invoice, or why it was not.
public indirect enum BankMatch: Hashable, Sendable {
  case paymentReference(String)
  case invoiceNumberInText(String)
  case invoiceNumbersInText([String])
  case endToEndID(String)
  case notTheirOpenAmount(BankMatch, amount: Decimal)
  case differentCustomers(BankMatch)
  case ibanOneInvoice(iban: String, customer: String)
  case ibanSeveralEqual(iban: String, invoices: [String])
  case ibanSum(iban: String, customer: String, invoices: [String])
  case ibanNoSet(iban: String, customer: String, severalSets: Bool)
}

/// Why a debtor counts as strategic (rules.md row 15).
public enum StrategicReason: Hashable, Sendable {
  case markedInAgreements
  case revenueShare(share: Decimal, threshold: Decimal)
  case revenueAtLeast(revenue: Decimal, currency: String, threshold: Decimal)
}
