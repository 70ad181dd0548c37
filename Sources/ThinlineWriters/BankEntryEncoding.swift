import ThinlineCore

/// `convert`'s `bank_entry` records: the fields of interface.md, in that order, null where the
/// statement does not say.
public enum BankEntryEncoding {
  public static func json(_ e: BankEntry) -> JSONValue {
    .object([
      ("record", .string("bank_entry")),
      ("source", .string(e.source.file)),
      ("format", .string(e.format)),
      ("account", .optional(e.account)),
      ("statement", .optional(e.statement)),
      ("booking_date", .optional(e.bookingDate?.description)),
      ("value_date", .optional(e.valueDate?.description)),
      ("amount", .string(e.amount.value.moneyText)),
      ("currency", .optional(e.currency)),
      ("direction", .string(e.direction.rawValue)),
      ("reversal", .bool(e.reversal)),
      ("status", .string(e.status.rawValue)),
      ("bank_reference", .optional(e.bankReference)),
      ("counterparty_name", .optional(e.counterpartyName)),
      ("counterparty_iban", .optional(e.counterpartyIBAN)),
      ("end_to_end_id", .optional(e.endToEndID)),
      ("structured_references", .array(e.structuredReferences.map { .string($0) })),
      ("remittance", .optional(e.remittance)),
      ("return_reason", .optional(e.returnReason)),
      ("transactions", .array(e.transactions.map(transaction))),
    ])
  }

  static func transaction(_ t: BankEntry.Transaction) -> JSONValue {
    .object([
      ("amount", .optional(t.amount?.value.moneyText)),
      ("counterparty_name", .optional(t.counterpartyName)),
      ("counterparty_iban", .optional(t.counterpartyIBAN)),
      ("end_to_end_id", .optional(t.endToEndID)),
      ("structured_references", .array(t.structuredReferences.map { .string($0) })),
      ("remittance", .optional(t.remittance)),
      ("return_reason", .optional(t.returnReason)),
    ])
  }

  public static let csvHeader = [
    "record", "source", "format", "account", "statement", "booking_date", "value_date", "amount", "currency", "direction", "reversal",
    "status", "bank_reference", "counterparty_name", "counterparty_iban", "end_to_end_id", "structured_references", "remittance",
    "return_reason", "transactions",
  ]

  public static func csvRow(_ e: BankEntry) -> [CSVWriter.Cell] {
    [
      .text("bank_entry"), .text(e.source.file), .text(e.format), .identifier(e.account), .text(e.statement),
      .text(e.bookingDate?.description), .text(e.valueDate?.description), .number(e.amount.value.moneyText), .text(e.currency),
      .text(e.direction.rawValue), .text(e.reversal ? "true" : "false"), .text(e.status.rawValue), .identifier(e.bankReference),
      .text(e.counterpartyName), .text(e.counterpartyIBAN), .text(e.endToEndID),
      .identifier(e.structuredReferences.isEmpty ? nil : e.structuredReferences.joined(separator: " ")), .text(e.remittance),
      .text(e.returnReason), .number(String(e.transactions.count)),
    ]
  }
}
