import Foundation

/// Bank statement entries → payments (issue "Bank statements in", README "Bank statements").
///
/// Credits are matched to invoices in a fixed order, each match with its reason: a structured
/// reference the creditor issued (RF / betalingskenmerk, check digits verified), the invoice
/// number as a token in the remittance text, the end-to-end id, and last the counterparty's
/// IBAN known for a customer with an amount equal to one open invoice or to exactly one set of
/// them. Nothing is guessed: a payment that fits several ways is the customer's, unallocated.
public struct BankSummary: Hashable, Sendable {
  public var entries = 0
  public var duplicates = 0
  public var matched = 0
  public var unallocated = 0
  public var unplaced = 0
  public var alsoInExport = 0
  public var reversed = 0
  public var debitsIgnored = 0
  public var feesIgnored = 0
  public var notBooked = 0
  public var afterAsOf = 0
  /// Credits whose statement names no currency: never matched, since an amount alone could be in any.
  public var noCurrency = 0
  /// The credits nobody can place, in words (also run warnings), for the report.
  public var unplacedPayments: [Message] = []
  public init() {}

  /// One line for people: what the statements gave and what was left aside.
  public var line: String { line(.en) }
}

extension Run {
  /// A payment found on a bank statement, before it is applied.
  struct BankPayment {
    var record: PaymentRecord
    var how: BankMatch
    var iban: String?
    var endToEnd: String?
  }

  /// What one credit (or one transaction of a batch) offers for matching.
  struct BankCandidate {
    var entry: BankEntry
    var amount: ExactDecimal
    var references: [String]
    var remittance: String?
    var endToEnd: String?
    var iban: String?
    var name: String?
  }

  /// Keeps one of each entry that two statement files both hold (by account and bank reference,
  /// else by content); an entry repeated inside one file is two entries.
  static func uniqueEntries(_ entries: [BankEntry]) -> (kept: [BankEntry], duplicates: Int) {
    var kept: [BankEntry] = []
    var keptCount: [String: Int] = [:]
    var fileCount: [String: Int] = [:]
    var file: String?
    var duplicates = 0
    for entry in entries {
      if entry.source.file != file {
        file = entry.source.file
        fileCount.removeAll(keepingCapacity: true)
      }
      let key = dedupKey(entry)
      fileCount[key, default: 0] += 1
      if fileCount[key]! > keptCount[key, default: 0] {
        keptCount[key] = fileCount[key]!
        kept.append(entry)
      } else {
        duplicates += 1
      }
    }
    return (kept, duplicates)
  }

  static func dedupKey(_ e: BankEntry) -> String {
    let head = [e.account ?? "", e.direction.rawValue, e.amount.value.moneyText, e.currency ?? ""].joined(separator: "\u{1}")
    if let reference = e.bankReference, !reference.isEmpty, reference.uppercased() != "NONREF" {
      return head + "\u{2}" + reference
    }
    let content: [String] = [
      e.date?.description ?? "", e.counterpartyIBAN ?? "", e.counterpartyName ?? "", e.remittance ?? "", e.endToEndID ?? "",
      e.structuredReferences.joined(separator: " "),
    ]
    return head + "\u{3}" + content.joined(separator: "\u{1}")
  }

  /// Turns the run's bank entries into payments; `exportPayments` are the billing package's, so
  /// that a payment both know counts once.
  mutating func bankPayments(_ byNumber: [String: Int]) -> [PaymentRecord] {
    guard !input.bankEntries.isEmpty else { return [] }
    var summary = BankSummary()
    let (entries, duplicates) = Self.uniqueEntries(input.bankEntries)
    summary.entries = input.bankEntries.count
    summary.duplicates = duplicates

    // Lookups, built once: payment references and invoice numbers (upper case), IBANs.
    var byReference: [String: Int] = [:]
    var byUpperNumber: [String: Int] = [:]
    byUpperNumber.reserveCapacity(byNumber.count)
    for (number, i) in byNumber { byUpperNumber[number.uppercased()] = i }
    for i in items.indices where items[i].kind == .invoice {
      for means in items[i].document.paymentMeans {
        if let id = means.paymentID, !id.isEmpty { byReference[PaymentReferences.normalise(id)] = i }
      }
    }
    var ibanOwner: [String: String] = [:]
    for agreement in index.agreements {
      for iban in agreement.ibans { ibanOwner[iban.uppercased().filter { $0 != " " }] = agreement.id }
    }
    for (iban, customer) in input.knownIBANs where ibanOwner[iban] == nil {
      if let a = index.match(customer: customer) {
        ibanOwner[iban] = index.agreements[a].id
      } else if members[customer] != nil {
        ibanOwner[iban] = customer
      }
    }

    var candidates: [BankCandidate] = []
    var reversals: [BankEntry] = []
    for entry in entries {
      guard entry.status == .booked else {
        summary.notBooked += 1
        continue
      }
      guard let date = entry.date, date <= asOf else {
        summary.afterAsOf += 1
        continue
      }
      if entry.direction == .debit {
        // A reversed credit or a returned direct debit takes a payment back; other debits are
        // the company's own spending.
        if entry.reversal || entry.returnReason != nil || entry.transactions.contains(where: { $0.returnReason != nil }) {
          reversals.append(entry)
        } else if entry.isFee {
          summary.feesIgnored += 1
        } else {
          summary.debitsIgnored += 1
        }
        continue
      }
      if entry.reversal || entry.returnReason != nil || entry.isFee {
        summary.debitsIgnored += 1  // a reversed debit or a returned transfer: not a customer paying
        continue
      }
      guard entry.currency != nil else {
        summary.noCurrency += 1
        warnings.append(
          "\(entry.source): a credit of \(Self.money(entry.amount.value)) on \(date) has no currency (its statement names none): not matched; give the statement with its :60F: balance"
        )
        continue
      }
      if entry.transactions.count > 1, entry.transactions.allSatisfy({ $0.amount != nil }) {
        for t in entry.transactions {
          candidates.append(
            BankCandidate(
              entry: entry, amount: t.amount!, references: t.structuredReferences, remittance: t.remittance, endToEnd: t.endToEndID,
              iban: t.counterpartyIBAN, name: t.counterpartyName))
        }
      } else {
        candidates.append(
          BankCandidate(
            entry: entry, amount: entry.amount, references: entry.structuredReferences, remittance: entry.remittance,
            endToEnd: entry.endToEndID, iban: entry.counterpartyIBAN, name: entry.counterpartyName))
      }
    }

    // Pass 1: references, invoice numbers, end-to-end ids. What they place teaches the IBAN.
    var payments: [BankPayment] = []
    var byIBANOnly: [BankCandidate] = []
    for candidate in candidates {
      if let placed = placeByReference(candidate, byReference: byReference, byUpperNumber: byUpperNumber) {
        payments += placed
        if let iban = candidate.iban?.uppercased(), ibanOwner[iban] == nil, let first = placed.first,
          let number = first.record.invoiceNumber, let i = byNumber[number]
        {
          ibanOwner[iban] = items[i].debtor
        }
      } else {
        byIBANOnly.append(candidate)
      }
    }
    // Pass 2: the customer by IBAN, the invoices by amount.
    for candidate in byIBANOnly {
      guard let iban = candidate.iban?.uppercased(), let debtor = ibanOwner[iban] else {
        summary.unplaced += 1
        let what = Message.unplacedPayment(
          amount: candidate.amount.value, currency: candidate.entry.currency, date: candidate.entry.date!, payer: candidate.name,
          iban: candidate.iban, remittance: candidate.remittance)
        summary.unplacedPayments.append(what)
        warnings.append(
          "\(candidate.entry.source): payments nobody can place: \(what.english) names no invoice and comes from an IBAN no customer is known by"
        )
        continue
      }
      payments += placeByAmount(candidate, debtor: debtor)
    }

    // Returned and reversed payments take back the payment they undo.
    for reversal in reversals {
      guard let date = reversal.date else { continue }
      let e2e = reversal.endToEndID ?? reversal.transactions.first?.endToEndID
      let iban = (reversal.counterpartyIBAN ?? reversal.transactions.first?.counterpartyIBAN)?.uppercased()
      let match = payments.lastIndex {
        $0.record.amount == reversal.amount && $0.record.date <= date
          && ((e2e != nil && $0.endToEnd == e2e) || (e2e == nil && iban != nil && $0.iban == iban))
      }
      guard let match else {
        summary.debitsIgnored += 1
        continue
      }
      let undone = payments.remove(at: match)
      summary.reversed += 1
      let message = Message.bankPaymentReversed(
        amount: undone.record.amount.value, paid: undone.record.date, reversed: date, returnReason: reversal.returnReason)
      if let number = undone.record.invoiceNumber, let i = byNumber[number] {
        items[i].reasons.append(Reason(.bankPayment, message))
      } else {
        warnings.append("\(reversal.source): \(message.english)")
      }
    }

    // A payment the billing package's export also has counts once (indexed: a million of each).
    var exportByInvoice: [String: [Int]] = [:]
    var exportByDebtor: [String: [Int]] = [:]
    for (p, e) in input.payments.enumerated() {
      if let number = e.invoiceNumber {
        exportByInvoice[number, default: []].append(p)
      } else if let debtor = debtor(ofPayment: e) {
        exportByDebtor[debtor, default: []].append(p)
      }
    }
    var exportUsed = Set<Int>()
    var result: [PaymentRecord] = []
    for payment in payments {
      let r = payment.record
      let pool = r.invoiceNumber.map { exportByInvoice[$0] ?? [] } ?? r.customerNumber.map { exportByDebtor[$0] ?? [] } ?? []
      let twin = pool.first { p in
        let e = input.payments[p]
        return !exportUsed.contains(p) && e.amount == r.amount && abs(e.date.days(until: r.date)) <= policy.bankMatchDays
      }
      if let twin {
        exportUsed.insert(twin)
        summary.alsoInExport += 1
        if let number = r.invoiceNumber, let i = byNumber[number] {
          items[i].reasons.append(
            Reason(
              .bankPayment,
              .bankPaymentInExport(amount: r.amount.value, date: r.date, how: payment.how, exportDate: input.payments[twin].date)))
        }
        continue
      }
      if let number = r.invoiceNumber, let i = byNumber[number] {
        summary.matched += 1
        items[i].reasons.append(
          Reason(.bankPayment, .bankPaid(amount: r.amount.value, date: r.date, how: payment.how, billingOpen: items[i].outstanding)))
      } else {
        summary.unallocated += 1
      }
      result.append(r)
    }
    bankSummary = summary
    return result
  }

  /// Pass 1 for one candidate: the invoices its references, text or end-to-end id name.
  func placeByReference(_ c: BankCandidate, byReference: [String: Int], byUpperNumber: [String: Int]) -> [BankPayment]? {
    var found: [Int] = []
    var how = BankMatch.paymentReference("")
    for reference in c.references {
      let normal = PaymentReferences.normalise(reference)
      let digits = normal.allSatisfy(\.isNumber)
      if normal.hasPrefix("RF") && !PaymentReferences.isValidCreditorReference(normal) { continue }
      if digits && normal.count == 16 && !PaymentReferences.isValidBetalingskenmerk(normal) { continue }
      if let i = byReference[normal] ?? byUpperNumber[reference.uppercased()], !found.contains(i) {
        found.append(i)
        how = .paymentReference(reference)
      }
    }
    if found.isEmpty, let text = c.remittance {
      for token in Self.tokens(text) {
        if let i = byUpperNumber[token] ?? byReference[token], !found.contains(i) {
          found.append(i)
          how = .invoiceNumberInText(items[i].number)
        }
      }
      if found.count > 1 { how = .invoiceNumbersInText(found.map { items[$0].number }) }
    }
    if found.isEmpty, let e2e = c.endToEnd {
      if let i = byUpperNumber[e2e.uppercased()] ?? byReference[PaymentReferences.normalise(e2e)] {
        found.append(i)
        how = .endToEndID(e2e)
      }
    }
    guard !found.isEmpty else { return nil }
    let debtor = items[found[0]].debtor
    if found.count == 1 {
      return [payment(c, invoice: found[0], how: how)]
    }
    // Several invoices: exactly their open amounts together, or nobody guesses the split.
    let total = found.reduce(Decimal(0)) { $0 + max(0, self.openAmount($1)) }
    if total == c.amount.value, found.allSatisfy({ items[$0].debtor == debtor }) {
      return found.map { i in
        var p = payment(c, invoice: i, how: how)
        p.record.amount = ExactDecimal(max(0, self.openAmount(i)), scale: 2)
        return p
      }
    }
    if found.allSatisfy({ items[$0].debtor == debtor }) {
      return [
        unallocated(c, debtor: debtor, how: .notTheirOpenAmount(how, amount: c.amount.value))
      ]
    }
    return [
      unallocated(
        c, debtor: debtor, how: .differentCustomers(how))
    ]
  }

  /// Pass 2: the customer is known by IBAN; an open invoice, or exactly one set of them, of
  /// that amount.
  func placeByAmount(_ c: BankCandidate, debtor: String) -> [BankPayment] {
    let open = (members[debtor] ?? []).filter {
      items[$0].kind == .invoice && self.openAmount($0) > 0 && (items[$0].currency ?? "EUR") == (c.entry.currency ?? "EUR")
    }.sorted { oldestFirst($0, $1) }
    let amount = c.amount.value
    let single = open.filter { self.openAmount($0) == amount }
    if single.count == 1 {
      return [payment(c, invoice: single[0], how: .ibanOneInvoice(iban: c.iban!, customer: debtor))]
    }
    if single.count > 1 {
      return [
        unallocated(
          c, debtor: debtor,
          how: .ibanSeveralEqual(iban: c.iban!, invoices: single.map { items[$0].number }))
      ]
    }
    let sets = Self.subsets(of: open.map { self.openAmount($0) }, summingTo: amount, limit: 2)
    if sets.count == 1 {
      let chosen = sets[0].map { open[$0] }
      return chosen.map { i in
        var p = payment(
          c, invoice: i,
          how: .ibanSum(iban: c.iban!, customer: debtor, invoices: chosen.map { items[$0].number }))
        p.record.amount = ExactDecimal(self.openAmount(i), scale: 2)
        return p
      }
    }
    return [unallocated(c, debtor: debtor, how: .ibanNoSet(iban: c.iban!, customer: debtor, severalSets: sets.count > 1))]
  }

  /// Index sets of `amounts` that sum to `target`, at most `limit` of them (searched over the 20
  /// oldest invoices; beyond that only the single-invoice match is tried).
  static func subsets(of amounts: [Decimal], summingTo target: Decimal, limit: Int) -> [[Int]] {
    let cents = amounts.prefix(20).map { NSDecimalToCents($0) }
    let goal = NSDecimalToCents(target)
    var found: [[Int]] = []
    var chosen: [Int] = []
    let suffix = cents.indices.map { cents[$0...].reduce(0, +) }
    func search(_ i: Int, _ left: Int) {
      if found.count >= limit { return }
      if left == 0, chosen.count >= 2 {
        found.append(chosen)
        return
      }
      guard i < cents.count, left > 0, suffix[i] >= left else { return }
      chosen.append(i)
      search(i + 1, left - cents[i])
      chosen.removeLast()
      search(i + 1, left)
    }
    search(0, goal)
    return found
  }

  static func NSDecimalToCents(_ d: Decimal) -> Int {
    var scaled = d * 100
    var rounded = Decimal()
    NSDecimalRound(&rounded, &scaled, 0, .plain)
    return NSDecimalNumber(decimal: rounded).intValue
  }

  /// Upper-case tokens of a payment description that could be invoice numbers: words split on
  /// spaces and punctuation, each also without a letter prefix glued to its digits
  /// (`FACTUUR10530`, `NR.10530`), and the parts of `2024-001/2024-002` lists.
  static func tokens(_ text: String) -> [String] {
    var out: [String] = []
    let separators: Set<Character> = [" ", ",", ";", ":", "(", ")", "[", "]", "\"", "'", "#", "+", "&"]
    for word in text.uppercased().split(whereSeparator: { separators.contains($0) }) {
      var token = Substring(word)
      while let last = token.last, last == "." || last == "/" || last == "-" { token = token.dropLast() }
      while let first = token.first, first == "." || first == "/" || first == "-" { token = token.dropFirst() }
      guard !token.isEmpty else { continue }
      out.append(String(token))
      if token.contains("/") {
        for part in token.split(separator: "/") where !part.isEmpty { out.append(String(part)) }
      }
      if let digit = token.firstIndex(where: \.isNumber), digit > token.startIndex, token[..<digit].allSatisfy({ $0.isLetter || $0 == "." })
      {
        out.append(String(token[digit...]))
      }
    }
    return out
  }

  func payment(_ c: BankCandidate, invoice i: Int, how: BankMatch) -> BankPayment {
    BankPayment(
      record: PaymentRecord(
        source: c.entry.source, invoiceNumber: items[i].number, customerNumber: nil, date: c.entry.date!, amount: c.amount,
        currency: c.entry.currency, reference: c.endToEnd ?? c.entry.bankReference),
      how: how, iban: c.iban?.uppercased(), endToEnd: c.endToEnd)
  }

  func unallocated(_ c: BankCandidate, debtor: String, how: BankMatch) -> BankPayment {
    var record = PaymentRecord(
      source: c.entry.source, invoiceNumber: nil, customerNumber: debtor, date: c.entry.date!, amount: c.amount,
      currency: c.entry.currency, reference: "bank: " + how.text(.en))
    record.bankMatch = how
    return BankPayment(record: record, how: how, iban: c.iban?.uppercased(), endToEnd: c.endToEnd)
  }
}
