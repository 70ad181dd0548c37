import Foundation

/// What Sales negotiated with one customer (agreements file, `customers:`).
public struct CustomerAgreement: Hashable, Sendable {
  public struct AgreedPrice: Hashable, Sendable {
    /// Seller's item id (or the item's name) the price is for.
    public var item: String
    /// Agreed unit price excluding VAT.
    public var price: Decimal
    public var from: CalendarDate?
    public var until: CalendarDate?
    public init(item: String, price: Decimal, from: CalendarDate? = nil, until: CalendarDate? = nil) {
      self.item = item
      self.price = price
      self.from = from
      self.until = until
    }
    public func valid(on date: CalendarDate) -> Bool {
      (from.map { $0 <= date } ?? true) && (until.map { date <= $0 } ?? true)
    }
  }

  public struct Installment: Hashable, Sendable {
    public var date: CalendarDate
    public var amount: Decimal
    public init(date: CalendarDate, amount: Decimal) {
      self.date = date
      self.amount = amount
    }
  }

  public struct Dispute: Hashable, Sendable {
    public var invoice: String
    public var note: String?
    public init(invoice: String, note: String?) {
      self.invoice = invoice
      self.note = note
    }
  }

  public var id: String
  /// Customer numbers, VAT ids, KvK numbers (`0106:34567890`), GLNs, Peppol endpoint ids.
  public var identifiers: [String] = []
  /// The customer's bank accounts: a bank payment from one of them is this customer's.
  public var ibans: [String] = []
  public var name: String?
  public var consumer = false
  public var paymentDays: Int?
  public var prices: [AgreedPrice] = []
  public var paymentPlan: [Installment] = []
  public var pausedUntil: CalendarDate?
  public var neverHandover = false
  public var strategic = false
  public var accountManager: String?
  /// Contractual yearly interest rate (fraction) in place of the statutory one.
  public var interest: Decimal?
  public var disputes: [Dispute] = []
  public var notes: String?
  /// The currency the agreement is in; invoices in another currency are kept apart.
  public var currency: String?
  /// Where the agreement was written (file:line), for messages.
  public var location: SourceLocation?

  public init(id: String) { self.id = id }
}

/// An account manager's word on a debtor: hand over, or hold (until a date).
public struct Approval: Hashable, Sendable {
  public enum Decision: String, Hashable, Sendable { case handover, hold }
  public var customer: String
  public var decision: Decision
  public var by: String?
  public var date: CalendarDate
  public var until: CalendarDate?
  public var note: String?
  public var location: SourceLocation?
  public init(customer: String, decision: Decision, by: String?, date: CalendarDate, until: CalendarDate?, note: String?) {
    self.customer = customer
    self.decision = decision
    self.by = by
    self.date = date
    self.until = until
    self.note = note
  }
}

/// The policy numbers of rules.md; every one has the default a Dutch finance team would expect.
public struct Policy: Hashable, Sendable {
  public enum PriceDiscrepancy: String, Hashable, Sendable { case hold, handoverUndisputed = "handover_undisputed" }
  public var defaultPaymentDays = 30
  public var handoverAfterDays = 45
  public var minReminders = 2
  public var minAmount = Decimal(50)
  public var priceTolerance = Decimal(sign: .plus, exponent: -2, significand: 1)
  public var onPriceDiscrepancy = PriceDiscrepancy.hold
  public var planGraceDays = 7
  /// A bank payment and a billing-export payment of the same invoice and amount, this many days
  /// apart at most, are one payment.
  public var bankMatchDays = 5
  public var businessCosts = BusinessCostsPolicy.bik
  public var deliveryDays = FourteenDayLetter.DeliveryDays()
  public var strategicRevenueShare = Decimal(sign: .plus, exponent: -2, significand: 10)
  public var strategicRevenue = Decimal(100_000)
  public init() {}
}

/// The creditor, as the config names it (the dossiers' sender).
public struct Creditor: Hashable, Sendable {
  public var name: String?
  public var kvk: String?
  public var vat: String?
  public var iban: String?
  public var street: String?
  public var postcode: String?
  public var city: String?
  public var country: String?
  public var contactName: String?
  public var email: String?
  public var phone: String?
  /// False: 21 % VAT is added to collection costs (the creditor cannot deduct it).
  public var vatDeductible = true
  public init() {}
}
