/// One entry of a bank statement (camt.053/052/054 `Ntry`, MT940 `:61:` with its `:86:`), as
/// the bank wrote it: nothing the file does not say is filled in.
public struct BankEntry: Hashable, Sendable {
  public enum Direction: String, Hashable, Sendable { case credit, debit }
  public enum Status: String, Hashable, Sendable { case booked, pending, info }

  /// One of several transactions booked as one entry (camt `TxDtls` of a batch).
  public struct Transaction: Hashable, Sendable {
    public var amount: ExactDecimal?
    public var counterpartyName: String?
    public var counterpartyIBAN: String?
    public var endToEndID: String?
    public var structuredReferences: [String] = []
    public var remittance: String?
    public var returnReason: String?
    public init() {}
  }

  public var source: SourceLocation
  /// `MT940`, `camt.053.001.02` …
  public var format: String
  /// The statement's account: IBAN, or the account id as written.
  public var account: String?
  /// MT940 `:20:`/`:28C:`, camt `Stmt/Id`.
  public var statement: String?
  public var bookingDate: CalendarDate?
  public var valueDate: CalendarDate?
  /// Always positive; `direction` says which way.
  public var amount: ExactDecimal
  public var currency: String?
  public var direction: Direction
  /// The entry undoes an earlier one (camt `RvslInd`, MT940 `RC`/`RD`).
  public var reversal = false
  public var status = Status.booked
  /// The bank's own reference (camt `AcctSvcrRef`/`NtryRef`, MT940 the reference after `//`).
  public var bankReference: String?
  public var counterpartyName: String?
  public var counterpartyIBAN: String?
  /// nil for `NOTPROVIDED`.
  public var endToEndID: String?
  /// ISO 11649 `RF…`, Dutch betalingskenmerken and other creditor references, as written.
  public var structuredReferences: [String] = []
  /// The unstructured remittance text, wrapped lines joined.
  public var remittance: String?
  /// Why a payment came back (camt `RtrInf/Rsn`, MT940 `/RTRN/`).
  public var returnReason: String?
  /// The bank's transaction code (`NTRF`, `NCHG`, `PMNT-RCDT-ESCT` …), for fee detection.
  public var transactionCode: String?
  public var transactions: [Transaction] = []

  public init(source: SourceLocation, format: String, amount: ExactDecimal, direction: Direction) {
    self.source = source
    self.format = format
    self.amount = amount
    self.direction = direction
  }

  /// The date money moved: the booking date, else the value date.
  public var date: CalendarDate? { bookingDate ?? valueDate }

  /// A bank charge rather than a customer's payment (MT940 `NCHG`, camt `CHRG` family codes).
  public var isFee: Bool {
    guard let code = transactionCode?.uppercased() else { return false }
    return code == "NCHG" || code == "CHG" || code.contains("CHRG")
  }
}
