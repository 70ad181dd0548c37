/// A payment as a billing package or bank export records it.
public struct PaymentRecord: Hashable, Sendable {
  public var source: SourceLocation
  /// The invoice it pays, when the export says so; nil for an unallocated payment.
  public var invoiceNumber: String?
  public var customerNumber: String?
  public var date: CalendarDate
  public var amount: ExactDecimal
  public var currency: String?
  public var reference: String?
  /// For a bank payment nobody could place: how it was tried, for the reason's message.
  public var bankMatch: BankMatch? = nil
  public init(
    source: SourceLocation, invoiceNumber: String?, customerNumber: String?, date: CalendarDate, amount: ExactDecimal, currency: String?,
    reference: String?
  ) {
    self.source = source
    self.invoiceNumber = invoiceNumber
    self.customerNumber = customerNumber
    self.date = date
    self.amount = amount
    self.currency = currency
    self.reference = reference
  }
}

/// A reminder, demand or 14-day letter that was sent for an invoice.
public struct ReminderRecord: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable { case reminder, demand, fourteenDayLetter = "fourteen_day_letter" }
  public enum Channel: String, Hashable, Sendable { case post, email }
  public var source: SourceLocation
  public var invoiceNumber: String
  public var date: CalendarDate
  public var kind: Kind
  public var channel: Channel?
  public init(source: SourceLocation, invoiceNumber: String, date: CalendarDate, kind: Kind, channel: Channel?) {
    self.source = source
    self.invoiceNumber = invoiceNumber
    self.date = date
    self.kind = kind
    self.channel = channel
  }
}
