import ThinlineCore

// Each type's fields in declaration order; the reader reads them back in the same order. A field
// added to a type is added here on both sides, and `RecordCodec.layout` goes up by one.

extension RecordWriter {
  mutating func document(_ d: Document) {
    string(d.kind.rawValue)
    string(d.number)
    string(d.typeCode)
    string(d.customizationID)
    string(d.profileID)
    date(d.issueDate)
    date(d.dueDate)
    string(d.currency)
    string(d.declaredCurrencyText)
    string(d.taxCurrency)
    string(d.buyerReference)
    string(d.orderReference)
    string(d.contractReference)
    string(d.projectReference)
    strings(d.notes)
    party(d.seller)
    party(d.buyer)
    count(d.billingReferences.count)
    for b in d.billingReferences {
      string(b.number)
      date(b.issueDate)
    }
    string(d.paymentTermsNote)
    count(d.paymentMeans.count)
    for m in d.paymentMeans {
      string(m.code)
      string(m.paymentID)
      string(m.iban)
      string(m.accountName)
      string(m.bic)
      date(m.dueDate)
    }
    count(d.lines.count)
    for l in d.lines { line(l) }
    allowanceCharges(d.allowanceCharges)
    count(d.taxTotals.count)
    for t in d.taxTotals {
      decimal(t.taxAmount)
      string(t.currency)
      count(t.subtotals.count)
      for s in t.subtotals {
        decimal(s.taxableAmount)
        decimal(s.taxAmount)
        string(s.category)
        decimal(s.percent)
        string(s.taxScheme)
        string(s.exemptionReason)
        string(s.exemptionReasonCode)
        count(s.sourceLine)
      }
      count(t.sourceLine)
    }
    let m = d.totals
    for amount in [m.lineExtension, m.taxExclusive, m.taxInclusive, m.allowances, m.charges, m.prepaid, m.rounding, m.payable] {
      decimal(amount)
    }
    bool(m.present)
    count(m.sourceLine)
    count(d.attachments.count)
    for a in d.attachments {
      string(a.id)
      string(a.description)
      string(a.filename)
      string(a.mimeType)
      optionalCount(a.size)
      string(a.uri)
      optionalCount(a.position)
    }
    decimal(d.outstanding)
  }

  mutating func optionalCount(_ value: Int?) { optional(value) { $0.count($1) } }

  mutating func identifier(_ id: PartyIdentifier) {
    string(id.scheme)
    string(id.value)
  }

  mutating func party(_ p: Party?) { optional(p) { $0.party($1) } }

  mutating func party(_ p: Party) {
    string(p.tradingName)
    string(p.legalName)
    optional(p.endpoint) { $0.identifier($1) }
    count(p.identifiers.count)
    for id in p.identifiers { identifier(id) }
    let a = p.address
    string(a.street)
    string(a.additionalStreet)
    strings(a.lines)
    string(a.city)
    string(a.postalCode)
    string(a.region)
    string(a.country)
    string(p.contact.name)
    string(p.contact.telephone)
    string(p.contact.email)
  }

  mutating func line(_ l: Line) {
    string(l.id)
    decimal(l.quantity)
    string(l.unitCode)
    decimal(l.amount)
    string(l.name)
    string(l.description)
    string(l.itemID)
    decimal(l.price)
    decimal(l.baseQuantity)
    string(l.vatCategory)
    decimal(l.vatRate)
    allowanceCharges(l.allowanceCharges)
  }

  mutating func allowanceCharges(_ list: [AllowanceCharge]) {
    count(list.count)
    for c in list {
      bool(c.isCharge)
      decimal(c.amount)
      decimal(c.baseAmount)
      decimal(c.percentage)
      string(c.reason)
      string(c.reasonCode)
      string(c.taxCategory)
      decimal(c.taxRate)
    }
  }

  /// `bankMatch` is not stored: the engine sets it while deciding.
  mutating func payment(_ p: PaymentRecord) {
    location(p.source)
    string(p.invoiceNumber)
    string(p.customerNumber)
    date(p.date)
    decimal(p.amount)
    string(p.currency)
    string(p.reference)
  }

  mutating func reminder(_ r: ReminderRecord) {
    location(r.source)
    string(r.invoiceNumber)
    date(r.date)
    string(r.kind.rawValue)
    string(r.channel?.rawValue)
  }

  mutating func bankEntry(_ e: BankEntry) {
    location(e.source)
    string(e.format)
    string(e.account)
    string(e.statement)
    date(e.bookingDate)
    date(e.valueDate)
    decimal(e.amount)
    string(e.currency)
    string(e.direction.rawValue)
    bool(e.reversal)
    string(e.status.rawValue)
    string(e.bankReference)
    string(e.counterpartyName)
    string(e.counterpartyIBAN)
    string(e.endToEndID)
    strings(e.structuredReferences)
    string(e.remittance)
    string(e.returnReason)
    string(e.transactionCode)
    count(e.transactions.count)
    for t in e.transactions {
      decimal(t.amount)
      string(t.counterpartyName)
      string(t.counterpartyIBAN)
      string(t.endToEndID)
      strings(t.structuredReferences)
      string(t.remittance)
      string(t.returnReason)
    }
  }
}

extension RecordReader {
  mutating func document() throws(RecordCodec.Malformed) -> Document {
    var d = Document(source: file, kind: try raw(Document.Kind.self))
    d.number = try optionalString()
    d.typeCode = try optionalString()
    d.customizationID = try optionalString()
    d.profileID = try optionalString()
    d.issueDate = try optionalDate()
    d.dueDate = try optionalDate()
    d.currency = try optionalString()
    d.declaredCurrencyText = try optionalString()
    d.taxCurrency = try optionalString()
    d.buyerReference = try optionalString()
    d.orderReference = try optionalString()
    d.contractReference = try optionalString()
    d.projectReference = try optionalString()
    d.notes = try strings()
    d.seller = try party()
    d.buyer = try party()
    d.billingReferences = try list { (r) throws(RecordCodec.Malformed) in
      BillingReference(number: try r.string(), issueDate: try r.optionalDate())
    }
    d.paymentTermsNote = try optionalString()
    d.paymentMeans = try list { (r) throws(RecordCodec.Malformed) in
      var m = PaymentMeans()
      m.code = try r.optionalString()
      m.paymentID = try r.optionalString()
      m.iban = try r.optionalString()
      m.accountName = try r.optionalString()
      m.bic = try r.optionalString()
      m.dueDate = try r.optionalDate()
      return m
    }
    d.lines = try list { (r) throws(RecordCodec.Malformed) in try r.line() }
    d.allowanceCharges = try allowanceCharges()
    d.taxTotals = try list { (r) throws(RecordCodec.Malformed) in
      var t = TaxTotal()
      t.taxAmount = try r.optionalDecimal()
      t.currency = try r.optionalString()
      t.subtotals = try r.list { (r) throws(RecordCodec.Malformed) in
        var s = TaxSubtotal()
        s.taxableAmount = try r.optionalDecimal()
        s.taxAmount = try r.optionalDecimal()
        s.category = try r.optionalString()
        s.percent = try r.optionalDecimal()
        s.taxScheme = try r.optionalString()
        s.exemptionReason = try r.optionalString()
        s.exemptionReasonCode = try r.optionalString()
        s.sourceLine = try r.count()
        return s
      }
      t.sourceLine = try r.count()
      return t
    }
    var m = MonetaryTotals()
    m.lineExtension = try optionalDecimal()
    m.taxExclusive = try optionalDecimal()
    m.taxInclusive = try optionalDecimal()
    m.allowances = try optionalDecimal()
    m.charges = try optionalDecimal()
    m.prepaid = try optionalDecimal()
    m.rounding = try optionalDecimal()
    m.payable = try optionalDecimal()
    m.present = try bool()
    m.sourceLine = try count()
    d.totals = m
    d.attachments = try list { (r) throws(RecordCodec.Malformed) in
      var a = Attachment()
      a.id = try r.optionalString()
      a.description = try r.optionalString()
      a.filename = try r.optionalString()
      a.mimeType = try r.optionalString()
      a.size = try r.present() ? try r.count() : nil
      a.uri = try r.optionalString()
      a.position = try r.present() ? try r.count() : nil
      return a
    }
    d.outstanding = try optionalDecimal()
    return d
  }

  mutating func identifier() throws(RecordCodec.Malformed) -> PartyIdentifier {
    PartyIdentifier(scheme: try optionalString(), value: try string())
  }

  /// A party met before (the same encoded bytes) is not decoded again: its documents share the
  /// value met first, as a CSV customer's rows do.
  mutating func party() throws(RecordCodec.Malformed) -> Party? {
    guard try present() else { return nil }
    let start = position
    try skipPartyFields()
    let end = position
    let encoded = UnsafeBufferPointer(rebasing: buffer[start..<end])
    let hash = PartyTable.hash(encoded)
    if let known = parties.party(encoded, hash: hash) { return known }
    position = start
    let decoded = try partyFields()
    guard position == end else { throw malformed("a party of another length than its fields") }
    parties.remember(encoded, hash: hash, decoded)
    return decoded
  }

  /// Moves past a party's fields without decoding them: the fields of `partyFields`, in its
  /// order (`party()` checks that both end at the same byte).
  mutating func skipPartyFields() throws(RecordCodec.Malformed) {
    try skipOptionalString()
    try skipOptionalString()
    if try present() { try skipIdentifier() }
    for _ in 0..<(try count()) { try skipIdentifier() }
    try skipOptionalString()
    try skipOptionalString()
    for _ in 0..<(try count()) { try skipString() }
    for _ in 0..<7 { try skipOptionalString() }
  }

  mutating func skipIdentifier() throws(RecordCodec.Malformed) {
    try skipOptionalString()
    try skipString()
  }

  mutating func partyFields() throws(RecordCodec.Malformed) -> Party {
    var p = Party()
    p.tradingName = try optionalString()
    p.legalName = try optionalString()
    p.endpoint = try present() ? try identifier() : nil
    p.identifiers = try list { (r) throws(RecordCodec.Malformed) in try r.identifier() }
    p.address.street = try optionalString()
    p.address.additionalStreet = try optionalString()
    p.address.lines = try strings()
    p.address.city = try optionalString()
    p.address.postalCode = try optionalString()
    p.address.region = try optionalString()
    p.address.country = try optionalString()
    p.contact.name = try optionalString()
    p.contact.telephone = try optionalString()
    p.contact.email = try optionalString()
    return p
  }

  mutating func line() throws(RecordCodec.Malformed) -> Line {
    var l = Line()
    l.id = try optionalString()
    l.quantity = try optionalDecimal()
    l.unitCode = try optionalString()
    l.amount = try optionalDecimal()
    l.name = try optionalString()
    l.description = try optionalString()
    l.itemID = try optionalString()
    l.price = try optionalDecimal()
    l.baseQuantity = try optionalDecimal()
    l.vatCategory = try optionalString()
    l.vatRate = try optionalDecimal()
    l.allowanceCharges = try allowanceCharges()
    return l
  }

  mutating func allowanceCharges() throws(RecordCodec.Malformed) -> [AllowanceCharge] {
    try list { (r) throws(RecordCodec.Malformed) in
      var c = AllowanceCharge(isCharge: try r.bool())
      c.amount = try r.optionalDecimal()
      c.baseAmount = try r.optionalDecimal()
      c.percentage = try r.optionalDecimal()
      c.reason = try r.optionalString()
      c.reasonCode = try r.optionalString()
      c.taxCategory = try r.optionalString()
      c.taxRate = try r.optionalDecimal()
      return c
    }
  }

  mutating func payment() throws(RecordCodec.Malformed) -> PaymentRecord {
    PaymentRecord(
      source: try location(), invoiceNumber: try optionalString(), customerNumber: try optionalString(), date: try date(),
      amount: try decimal(), currency: try optionalString(), reference: try optionalString())
  }

  mutating func reminder() throws(RecordCodec.Malformed) -> ReminderRecord {
    ReminderRecord(
      source: try location(), invoiceNumber: try string(), date: try date(), kind: try raw(ReminderRecord.Kind.self),
      channel: try optionalRaw(ReminderRecord.Channel.self))
  }

  mutating func bankEntry() throws(RecordCodec.Malformed) -> BankEntry {
    let source = try location()
    let format = try string()
    let account = try optionalString()
    let statement = try optionalString()
    let booking = try optionalDate()
    let value = try optionalDate()
    let amount = try decimal()
    let currency = try optionalString()
    var e = BankEntry(source: source, format: format, amount: amount, direction: .credit)
    e.account = account
    e.statement = statement
    e.bookingDate = booking
    e.valueDate = value
    e.currency = currency
    e.direction = try raw(BankEntry.Direction.self)
    e.reversal = try bool()
    e.status = try raw(BankEntry.Status.self)
    e.bankReference = try optionalString()
    e.counterpartyName = try optionalString()
    e.counterpartyIBAN = try optionalString()
    e.endToEndID = try optionalString()
    e.structuredReferences = try strings()
    e.remittance = try optionalString()
    e.returnReason = try optionalString()
    e.transactionCode = try optionalString()
    e.transactions = try list { (r) throws(RecordCodec.Malformed) in
      var t = BankEntry.Transaction()
      t.amount = try r.optionalDecimal()
      t.counterpartyName = try r.optionalString()
      t.counterpartyIBAN = try r.optionalString()
      t.endToEndID = try r.optionalString()
      t.structuredReferences = try r.strings()
      t.remittance = try r.optionalString()
      t.returnReason = try r.optionalString()
      return t
    }
    return e
  }
}
