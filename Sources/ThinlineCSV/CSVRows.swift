import Foundation
import ThinlineCore

/// Reading the cells and rows of a file whose header and conventions are decided.
extension RowParser {
  // MARK: Cells

  mutating func text(_ field: CSVField) -> String? {
    guard let column = map[field] else { return nil }
    let value = tokenizer.string(column)
    return value.isEmpty ? nil : value
  }

  /// An identifier, kept as text (leading zeros stay, padding spaces go), with a warning when
  /// Excel mangled it.
  mutating func identifier(_ field: CSVField) -> String? {
    guard let column = map[field] else { return nil }
    checkMangled(column)
    let value = trimmedString(tokenizer.bytes(column))
    return value.isEmpty ? nil : value
  }

  /// The row's buyer: the party an earlier row with the same cells made, or a new one.
  mutating func buyer() -> Party {
    var hasher = Hasher()
    for field in RowParser.buyerFields {
      let cell = buyerCell(field)
      hasher.combine(cell.count)
      hasher.combine(bytes: UnsafeRawBufferPointer(cell))
    }
    let hash = hasher.finalize()
    if let known = buyersByBytes[hash], sameBuyerCells(known.cells) {
      // What `identifier` would have warned about, in its order.
      if let column = map[.customerNumber] { checkMangled(column) }
      if let column = map[.kvkNumber] { checkMangled(column) }
      return known.party
    }
    let party = buyerFromText()
    if buyersByBytes.count >= RowParser.buyerCacheLimit { buyersByBytes.removeAll(keepingCapacity: true) }
    buyersByBytes[hash] = (buyerCellBytes(), party)
    return party
  }

  /// The cells a buyer is made of, in the order `buyerCellBytes` keeps them.
  static let buyerFields: [CSVField] = [.customerName, .customerNumber, .vatNumber, .kvkNumber, .email]

  /// Field `field`'s cell as read (quotes undone), empty when the file has no such column.
  func buyerCell(_ field: CSVField) -> UnsafeBufferPointer<UInt8> {
    guard let column = map[field] else { return UnsafeBufferPointer(start: nil, count: 0) }
    return tokenizer.bytes(column)
  }

  /// The row's buyer cells, each after its length (four bytes), to confirm a hash match.
  func buyerCellBytes() -> [UInt8] {
    var bytes: [UInt8] = []
    for field in RowParser.buyerFields {
      let cell = buyerCell(field)
      withUnsafeBytes(of: UInt32(truncatingIfNeeded: cell.count).littleEndian) { bytes.append(contentsOf: $0) }
      bytes.append(contentsOf: cell)
    }
    return bytes
  }

  /// Whether the row's buyer cells are `stored` (as `buyerCellBytes` wrote them).
  func sameBuyerCells(_ stored: [UInt8]) -> Bool {
    stored.withUnsafeBufferPointer { stored in
      var at = 0
      for field in RowParser.buyerFields {
        let cell = buyerCell(field)
        guard at + 4 + cell.count <= stored.count else { return false }
        let length = Int(stored[at]) | Int(stored[at + 1]) << 8 | Int(stored[at + 2]) << 16 | Int(stored[at + 3]) << 24
        guard length == cell.count else { return false }
        at += 4
        if cell.count > 0, memcmp(stored.baseAddress! + at, cell.baseAddress!, cell.count) != 0 { return false }
        at += cell.count
      }
      return at == stored.count
    }
  }

  /// The buyer made from the cells' text: the party an earlier row with the same text made (the
  /// bytes may differ in padding), or a new one.
  mutating func buyerFromText() -> Party {
    let cells = BuyerCells(
      name: text(.customerName).map(trimmedName), customer: identifier(.customerNumber),
      vat: text(.vatNumber), kvk: identifier(.kvkNumber), email: text(.email))
    if let known = buyers[cells] { return known }
    var buyer = Party()
    buyer.tradingName = cells.name
    if let customer = cells.customer { buyer.identifiers.append(PartyIdentifier(scheme: "customer_number", value: customer)) }
    if let vat = cells.vat { buyer.identifiers.append(PartyIdentifier(scheme: "vat", value: vat)) }
    if let kvk = cells.kvk { buyer.identifiers.append(PartyIdentifier(scheme: "kvk", value: kvk)) }
    buyer.contact.email = cells.email
    if buyers.count >= RowParser.buyerCacheLimit {
      // Both caches start again together: a party is shared by the rows of one era only.
      buyers.removeAll(keepingCapacity: true)
      buyersByBytes.removeAll(keepingCapacity: true)
    }
    buyers[cells] = buyer
    return buyer
  }

  /// A name without surrounding white space; Foundation's trimming only when an end may be some.
  func trimmedName(_ name: String) -> String {
    guard let first = name.utf8.first, let last = name.utf8.last, first <= 0x20 || first >= 0x80 || last <= 0x20 || last >= 0x80
    else { return name }
    return name.trimmingCharacters(in: .whitespaces)
  }

  /// Warns when Excel has rewritten an identifier in E+ notation.
  mutating func checkMangled(_ column: Int) {
    let bytes = tokenizer.bytes(column)
    if looksExcelMangled(bytes) {
      let value = String(decoding: bytes, as: UTF8.self)
      warn(
        column,
        "\(columnName(column)): \"\(value)\" looks like a number Excel rewrote in E+ notation; its last digits are lost — export the file again without opening it in Excel"
      )
    }
  }

  mutating func amount(_ field: CSVField, required: Bool = false) -> ExactDecimal? {
    guard let column = map[field] else { return nil }
    let raw = tokenizer.bytes(column)
    let convention = conventions[field.rawValue]
    if !conventionDecided[field.rawValue], RowParser.moneyFields.contains(field), AmountParsing.classify(raw) == .ambiguous {
      error(
        column, "\"\(trimmedString(raw))\" could be read with a decimal comma or a decimal point, and no amount in the file tells which",
        expected: "decimal: comma or decimal: point in a csv mapping for this file")
      return nil
    }
    switch AmountParsing.parse(raw, convention: convention) {
    case .empty:
      if required { error(column, "the amount is empty", expected: "an amount such as \(example(convention))") }
      return nil
    case .value(let v):
      if let mark = AmountParsing.currencyMark(raw) { noteCurrency(mark, column: column) }
      return RowParser.moneyFields.contains(field) ? v.trimmedToCents : v
    case .invalid:
      let shown = String(decoding: raw, as: UTF8.self)
      error(
        column, "\"\(shown)\" is not an amount", expected: "an amount such as \(example(convention)), as the rest of this column is written"
      )
      return nil
    }
  }

  /// Records the currency an amount cell shows; a file that mixes them is refused.
  mutating func noteCurrency(_ mark: String, column: Int) {
    let code = AmountParsing.currencyCode(ofMark: mark)
    if let seen = cellCurrency {
      if seen.code != code {
        error(
          column,
          "the file mixes currencies: this amount is in \(mark), but the amount on line \(seen.line) is in \(seen.code)",
          expected: "one currency sign for the whole file, or a currency column")
      }
    } else {
      cellCurrency = (code, tokenizer.recordLine)
    }
    rowCurrencyMark = mark
  }

  func example(_ convention: DecimalConvention) -> String { convention == .comma ? "1.234,56" : "1,234.56 or 1234.56" }

  mutating func date(_ field: CSVField, required: Bool = false) -> CalendarDate? {
    guard let column = map[field] else { return nil }
    let raw = tokenizer.bytes(column)
    if isBlank(raw) {
      if required { error(column, "the date is empty", expected: "a date such as 2026-11-29 or 29-11-2026") }
      return nil
    }
    let value: CalendarDate?
    if let parts = DateParsing.parts(raw) {
      if DateParsing.isAmbiguous(parts) && (!dateOrderDecided || (slashDatesNeedEvidence && parts.separator == UInt8(ascii: "/"))) {
        error(
          column, "\"\(trimmedString(raw))\" could be day-first or month-first, and nothing in the file tells which",
          expected: "date_order: dmy or mdy in a csv mapping for this file")
        return nil
      }
      value = DateParsing.date(parts, order: dateOrder)
    } else {
      value = DateParsing.named(raw)
    }
    guard let value else {
      error(
        column, "\"\(String(decoding: raw, as: UTF8.self))\" is not a date",
        expected: "YYYY-MM-DD, DD-MM-YYYY, D-M-YYYY or DD/MM/YYYY")
      return nil
    }
    guard value.isPlausible else {
      error(
        column,
        "\"\(trimmedString(raw))\" is outside the dates Thinline accepts (years 1900–2199); a placeholder such as 9999-12-31 is not a date",
        expected: "the real date, or an empty cell")
      return nil
    }
    return value
  }

  // MARK: Statuses and types

  /// Statuses of documents that are no receivable: never sent, or withdrawn.
  static let notReceivable: Set<String> = [
    "draft", "concept", "latedraft", "void", "voided", "cancelled", "canceled", "cancel", "deleted", "geannuleerd", "vervallenverwijderd",
    "reversed", "gecrediteerd",
  ]
  static let paidStatuses: Set<String> = ["paid", "betaald", "voldaan", "fullypaid"]
  static let partlyPaidStatuses: Set<String> = ["partial", "partiallypaid", "partlypaid", "deelsbetaald", "gedeeltelijkbetaald"]

  /// Document types that mean a purchase, not a sale: not something a debtor owes.
  static let purchaseTypes: Set<String> = ["accpay", "accpaycredit", "bill", "purchase", "purchaseinvoice", "inkoop", "inkoopfactuur"]

  // MARK: Rows

  mutating func skip(_ reason: String) {
    result.rows -= 1
    result.explanation.skipped[reason, default: 0] += 1
  }

  mutating func readPayment() {
    let line = tokenizer.recordLine
    if let counted = profile.countedStatuses {
      let status = CSVProfile.normalise(text(.status) ?? "")
      guard counted.contains(status) else {
        skip("with status \"\(text(.status) ?? "")\" (only \(counted.sorted().joined(separator: ", ")) payments count)")
        return
      }
    }
    guard let date = date(.paymentDate, required: true), let paid = amount(.amount, required: true) else { return }
    var net = paid
    // A refunded payment pays only what was kept.
    if let refunded = amount(.refunded), refunded.value != 0 { net = paid - (refunded.value < 0 ? -refunded : refunded) }
    var invoiceNumber = identifier(.invoiceNumber)
    let description = text(.description)
    if invoiceNumber == nil, profile.invoiceNumberInDescription, let description {
      invoiceNumber = PaymentDescription.invoiceNumber(in: description)
    }
    let currency = text(.currency)?.uppercased() ?? rowCurrencyMark.map(AmountParsing.currencyCode(ofMark:)) ?? profile.defaultCurrency
    rowCurrencyMark = nil
    let record = PaymentRecord(
      source: SourceLocation(file: source, line: line), invoiceNumber: invoiceNumber,
      customerNumber: identifier(.customerNumber), date: date, amount: net, currency: currency,
      reference: text(.reference) ?? description)
    if keepDocuments { result.payments.append(record) }
  }

  mutating func readReminder() {
    let line = tokenizer.recordLine
    guard let number = identifier(.invoiceNumber) else {
      if let column = map[.invoiceNumber] {
        error(column, "the invoice number is empty", expected: "the invoice the reminder was sent for")
      }
      return
    }
    guard let date = date(.date, required: true) else { return }
    let kindText = CSVProfile.normalise(text(.reminderKind) ?? "")
    let kind: ReminderRecord.Kind
    switch kindText {
    case "reminder", "herinnering", "betalingsherinnering", "1eherinnering", "2eherinnering": kind = .reminder
    case "demand", "aanmaning", "sommatie": kind = .demand
    case "fourteendayletter", "veertiendagenbrief", "14dagenbrief", "14daybrief", "14dayletter", "14dagenbrief(wik)", "wikbrief":
      kind = .fourteenDayLetter
    default:
      error(
        map[.reminderKind] ?? 0, "\"\(text(.reminderKind) ?? "")\" is not a reminder kind",
        expected: "reminder/herinnering, demand/aanmaning or fourteen_day_letter/veertiendagenbrief")
      return
    }
    var channel: ReminderRecord.Channel? = nil
    if let raw = text(.channel) {
      switch CSVProfile.normalise(raw) {
      case "post", "mail", "brief", "letter", "postal": channel = .post
      case "email", "e-mail", "mailbericht": channel = .email
      default:
        error(map[.channel] ?? 0, "\"\(raw)\" is not a channel", expected: "post or email")
        return
      }
    }
    let record = ReminderRecord(
      source: SourceLocation(file: source, line: line), invoiceNumber: number, date: date, kind: kind, channel: channel)
    if keepDocuments { result.reminders.append(record) }
  }

  /// A row without an invoice number and without any date or amount: a report's bucket heading
  /// (`91 or more days past due`), a footer or a note. Not data.
  func isHeadingRow() -> Bool {
    for field in RowParser.dateFields + RowParser.amountFields {
      if let column = map[field], !isBlank(tokenizer.bytes(column)) { return false }
    }
    return true
  }

  mutating func readDocumentRow() {
    let line = tokenizer.recordLine
    guard let numberColumn = map[.invoiceNumber] else { return }
    checkMangled(numberColumn)
    var statusPaid = false
    if let status = text(.status) {
      let s = CSVProfile.normalise(status)
      if RowParser.notReceivable.contains(s) {
        skip("with status \"\(status)\" (not a receivable)")
        return
      }
      statusPaid = RowParser.paidStatuses.contains(s)
      if RowParser.partlyPaidStatuses.contains(s) && !map.has(.outstanding) && !map.has(.paid) {
        error(
          map[.status]!, "the status \"\(status)\" says part is paid, but the file has no open or paid amount to tell how much",
          expected: "an export with the open amount (balance), or a payments file beside it and no partly paid rows")
        return
      }
    }
    var number = trimmedString(tokenizer.bytes(numberColumn))
    if number.isEmpty, let fallback = numberFallbackColumn {
      number = trimmedString(tokenizer.bytes(fallback))
    }
    if number.isEmpty {
      if isHeadingRow() {
        skip("without invoice number, date or amount (headings, notes)")
      } else {
        error(numberColumn, "the invoice number is empty", expected: "an invoice number on every row")
      }
      return
    }
    var isCredit = false
    if let type = text(.documentType) {
      let t = CSVProfile.normalise(type)
      if RowParser.purchaseTypes.contains(t) {
        error(
          map[.documentType]!, "\"\(type)\" is a purchase document, not something a customer owes",
          expected: "sales invoices and credit notes only")
        return
      }
      isCredit = t.contains("credit") || t.hasPrefix("rinv") || t == "creditnota"
    }
    if current?.number != number {
      flush()
      let first: Int?
      if let range = tokenizer.range(numberColumn) {
        first = seenNumbers.insert(start: range.start, length: range.length, line: line)
      } else {
        first = seenNumbers.insert(number, line: line)
      }
      if let first {
        let what = result.kind == .invoiceLines ? "rows of one invoice must be together" : "each invoice must appear once"
        error(numberColumn, "invoice \(number) appears again (first on line \(first)); \(what)")
        return
      }
      let issueDate = date(.issueDate, required: result.kind == .invoices)
      let dueDate = date(.dueDate)
      let total = amount(.total, required: result.kind == .invoices)
      let outstanding = amount(.outstanding, required: result.kind == .openItems)
      let paid = amount(.paid)
      let tax = amount(.taxAmount)
      current = Group(number: number, firstLine: line, totalGiven: total, paidGiven: paid, statusPaid: statusPaid)
      if profile.sign == .typeColumn, [total, outstanding, paid].contains(where: { ($0?.value ?? 0) < 0 }) {
        error(
          map[.total] ?? map[.outstanding] ?? numberColumn,
          "a negative amount, but this mapping says credit notes are told by the type column",
          expected: "positive amounts, or sign: negative_is_credit")
      }
      if keepDocuments {
        var document = Document(source: source, kind: isCredit ? .creditNote : .invoice)
        document.number = number
        document.issueDate = issueDate
        document.dueDate = dueDate
        document.currency = documentCurrency()
        document.buyer = buyer()
        if let creditFor = identifier(.creditFor) { document.billingReferences.append(BillingReference(number: creditFor)) }
        document.outstanding = outstanding
        if let reference = identifier(.paymentReference) {
          var means = PaymentMeans()
          means.paymentID = reference
          document.paymentMeans = [means]
        }
        if let tax {
          var taxTotal = TaxTotal()
          taxTotal.taxAmount = tax
          taxTotal.currency = document.currency
          document.taxTotals = [taxTotal]
        }
        currentDocument = document
      } else {
        _ = documentCurrency()
        if let column = map[.customerNumber] { checkMangled(column) }
      }
    } else if map.has(.total), let total = amount(.total), let given = current?.totalGiven, total != given {
      error(
        map[.total]!, "invoice \(number) has total \(total.amountText) here but \(given.amountText) on line \(current!.firstLine)",
        expected: "the same invoice total on each of its rows")
    }
    if result.kind == .invoiceLines { readLine() }
  }

  /// The currency column, else the sign or code in the amounts, else the mapping's default, else
  /// EUR (interface.md: the currency column is optional and means EUR when absent). A sign that
  /// contradicts the currency column is an error.
  mutating func documentCurrency() -> String {
    let mark = rowCurrencyMark
    rowCurrencyMark = nil
    if let column = map[.currency], let code = text(.currency)?.trimmingCharacters(in: .whitespaces).uppercased() {
      if let mark, mark == "$" ? !code.hasSuffix("D") : mark != code {
        error(column, "the currency column says \(code), but the amounts are written in \(mark)", expected: "amounts in the row's currency")
      }
      return code
    }
    if let mark { return AmountParsing.currencyCode(ofMark: mark) }
    return profile.defaultCurrency ?? "EUR"
  }

  mutating func readLine() {
    var l = Line()
    l.quantity = amount(.quantity)
    l.price = amount(.unitPrice)
    l.vatRate = amount(.vatRate)
    l.amount = amount(.lineAmount)
    rowCurrencyMark = nil
    if l.amount == nil, let q = l.quantity, let p = l.price {
      l.amount = ExactDecimal(DecimalFormatting.roundHalfUp(q.value * p.value, scale: 2), scale: 2)
    }
    guard current != nil else { return }
    current!.lineCount += 1
    if let amount = l.amount {
      current!.lineNet += amount.value
      current!.lineVAT[l.vatRate?.value ?? 0, default: 0] += amount.value
    }
    guard keepDocuments else { return }
    l.id = text(.line)
    l.itemID = identifier(.itemID)
    l.name = text(.description)
    if map.has(.vatRate), let rate = l.vatRate { l.vatCategory = rate.value == 0 ? "Z" : "S" }
    currentDocument?.lines.append(l)
  }

  /// Completes the current invoice: its total is the given one, else lines plus VAT per rate
  /// (VAT rounded half up per rate, as an invoice's VAT breakdown does), else its open amount.
  /// Its open amount is the given one, else total − paid, else 0 when its status says paid.
  mutating func flush() {
    guard let group = current else { return }
    current = nil
    if holdFirstGroup {
      holdFirstGroup = false
      heldFirst = (group, currentDocument)
      currentDocument = nil
      return
    }
    result.documentCount += 1
    guard keepDocuments, var d = currentDocument else { return }
    currentDocument = nil
    // Lines without a line-number column are numbered in file order.
    for i in d.lines.indices where d.lines[i].id == nil { d.lines[i].id = String(i + 1) }
    if group.lineCount > 0 { d.totals.lineExtension = ExactDecimal(group.lineNet, scale: 2) }
    var total = group.totalGiven
    if total == nil, group.lineCount > 0 {
      var vat = Decimal(0)
      for (rate, base) in group.lineVAT.sorted(by: { $0.key < $1.key }) {
        vat += DecimalFormatting.roundHalfUp(base * rate / 100, scale: 2)
      }
      total = ExactDecimal(group.lineNet + vat, scale: 2)
      if d.taxTotals.isEmpty, map.has(.vatRate) {
        var taxTotal = TaxTotal()
        taxTotal.taxAmount = ExactDecimal(vat, scale: 2)
        taxTotal.currency = d.currency
        d.taxTotals = [taxTotal]
      }
      d.totals.taxExclusive = d.totals.lineExtension
    }
    if d.outstanding == nil, let t = total, let paid = group.paidGiven {
      // A credit note's paid amount may be written either way: what is left is the difference in size.
      let sameSign = (t.value < 0) == (paid.value < 0) || paid.value == 0
      d.outstanding = sameSign ? t - paid : t + paid
    }
    if d.outstanding == nil, group.statusPaid, !map.has(.paid) { d.outstanding = ExactDecimal(Decimal(0), scale: 2) }
    // An open item without a total (or with a zero one, as a payment entry in a receivables
    // report): its open amount is what it was for, and a negative one is a credit.
    if let open = d.outstanding, total == nil || (total?.value == 0 && open.value < 0) { total = open }
    // Credit notes carry positive amounts that mean money back, as in UBL.
    if let t = total, t.value < 0 { d.kind = .creditNote }
    if d.kind == .creditNote {
      if let t = total, t.value < 0 { total = -t }
      if let o = d.outstanding, o.value < 0 { d.outstanding = -o }
    }
    d.totals.taxInclusive = total
    d.totals.payable = total
    d.totals.present = total != nil
    result.documents.append(d)
  }
}

/// The invoice number in a payment's description (`Factuur 2026-0142`, `Invoice INV-7 paid`):
/// the one token with a digit that is not a date or an amount; nil when there is none or several.
enum PaymentDescription {
  static let words: Set<String> = [
    "factuur", "factuurnummer", "factuurnr", "invoice", "inv", "nr", "no", "number", "betaling", "payment", "order",
  ]

  static func invoiceNumber(in description: String) -> String? {
    let tokens = description.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == ":" || $0 == "#" })
      .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".()[]'\"")) }
    let candidates = tokens.filter { token in
      guard token.count >= 3, token.contains(where: \.isNumber), !words.contains(token.lowercased()) else { return false }
      // Amounts (12,10 / 12.10 / €12) are not numbers of invoices.
      if token.hasPrefix("€") || token.hasPrefix("$") { return false }
      let digitsAndSeparators = token.allSatisfy { $0.isNumber || $0 == "," || $0 == "." }
      if digitsAndSeparators && (token.contains(",") || token.contains(".")) { return false }
      return true
    }
    return candidates.count == 1 ? candidates[0] : nil
  }
}
