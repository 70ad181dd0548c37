import Foundation
import ThinlineCore

/// `decisions.json` (interface.md, "Outputs"): every open invoice, every settled one issued in the
/// 12 months before the as-of date, and every debtor with such an invoice. Amounts are strings with
/// exactly two decimals; the order is stable (customer, then invoice), so the same inputs and
/// as-of date give the same bytes.
public enum DecisionsEncoding {
  static func money(_ d: Decimal) -> JSONValue { .string(d.moneyText) }

  static func reasons(_ reasons: [Reason]) -> JSONValue {
    .array(reasons.map { .object([("code", .string($0.code.rawValue)), ("message", .string($0.message))]) })
  }

  static func advice(_ advice: [Advice]) -> JSONValue {
    .array(advice.map { .object([("code", .string($0.code.rawValue)), ("message", .string($0.message))]) })
  }

  /// decisions.json as UTF-8 in one buffer (tests and small runs; `write` is what a run uses).
  public static func bytes(_ report: DecisionReport, policy: Policy, generator: String) -> [UInt8] {
    var out: [UInt8] = []
    write(report, policy: policy, generator: generator) { out.append(contentsOf: $0) }
    return out
  }

  /// decisions.json as UTF-8, handed to `emit` piece by piece in file order, so that a million
  /// invoices never exist as one JSON tree or one buffer: the entries are encoded on all cores,
  /// a round of chunks at a time, and each chunk is let go once emitted.
  /// - Parameter tally: the report's tally when the caller has made it already (a million
  ///   invoices cost half a second a tally).
  public static func write(
    _ report: DecisionReport, policy: Policy, generator: String, tally: DecisionTally? = nil, emit: ([UInt8]) -> Void
  ) {
    var out: [UInt8] = []
    out.reserveCapacity(16 * 1024)
    func key(_ name: String, first: Bool = false) {
      if !first { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: "\n  ".utf8)
      JSONValue.escape(name, into: &out)
      out.append(contentsOf: ": ".utf8)
    }
    out.append(UInt8(ascii: "{"))
    key("format", first: true)
    JSONValue.string("thinline-decisions").write(into: &out, indent: 1)
    key("version")
    JSONValue.int(1).write(into: &out, indent: 1)
    key("generator")
    JSONValue.string(generator).write(into: &out, indent: 1)
    key("as_of")
    JSONValue.string(report.asOf.description).write(into: &out, indent: 1)
    key("policy")
    policyJSON(policy).write(into: &out, indent: 1)
    key("summary")
    summary(report, tally: tally).write(into: &out, indent: 1)
    if let bank = report.bank {
      key("bank")
      bankJSON(bank, policy: policy).write(into: &out, indent: 1)
    }
    func list<T: Sendable>(_ name: String, _ items: [T], _ encode: @escaping @Sendable (T) -> JSONValue) {
      list(name, items) { item, out in encode(copy item).write(into: &out, indent: 2) }
    }
    func list<T: Sendable>(_ name: String, _ items: [T], writing encode: @escaping @Sendable (borrowing T, inout [UInt8]) -> Void) {
      key(name)
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      emit(out)
      out.removeAll(keepingCapacity: true)
      encodeInParallel(items, encode, emit: emit)
      out.append(contentsOf: "\n  ]".utf8)
    }
    list("invoices", report.invoices, writing: writeInvoice)
    list("debtors", report.debtors, debtor)
    list("warnings", report.warnings) { .string($0) }
    out.append(contentsOf: "\n}\n".utf8)
    emit(out)
  }

  /// The entries of a list as `,\n    <entry>` (no comma before the first): byte-identical to
  /// one pass.
  static func encodeInParallel<T: Sendable>(_ items: [T], _ encode: @escaping @Sendable (T) -> JSONValue, emit: ([UInt8]) -> Void) {
    encodeInParallel(items, { item, out in encode(copy item).write(into: &out, indent: 2) }, emit: emit)
  }

  /// Chunks of entries are encoded on every core while this thread emits the chunks before them
  /// in order: writing (the kernel's copy into the page cache, the checksum) overlaps encoding.
  /// At most `window` chunks are encoded ahead of the one being emitted, and their buffers are
  /// used again, so memory stays a few chunks whatever the number of entries.
  static func encodeInParallel<T: Sendable>(
    _ items: [T], _ encode: @escaping @Sendable (borrowing T, inout [UInt8]) -> Void, emit: ([UInt8]) -> Void
  ) {
    let chunk = max(1, items.count < 2_000 ? items.count : 8_192)
    let chunks = (items.count + chunk - 1) / chunk
    @Sendable func encoded(_ c: Int, into out: inout [UInt8]) {
      // Each entry borrowed where it lies: a copy retained each of its strings and arrays.
      items.withUnsafeBufferPointer { items in
        for n in (c * chunk)..<min(items.count, (c + 1) * chunk) {
          if n > 0 { out.append(UInt8(ascii: ",")) }
          out.append(contentsOf: "\n    ".utf8)
          encode(items[n], &out)
        }
      }
    }
    guard chunks > 1 else {
      var out: [UInt8] = []
      if chunks == 1 { encoded(0, into: &out) }
      return emit(out)
    }
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let pipeline = ChunkPipeline(chunks: chunks, window: 2 * cores, capacity: chunk * 900)
    let encoders = DispatchGroup()
    for _ in 0..<cores {
      DispatchQueue.global().async(group: encoders) {
        while let c = pipeline.claim() {
          var out = pipeline.buffer()
          encoded(c, into: &out)
          pipeline.deliver(c, out)
        }
      }
    }
    for c in 0..<chunks {
      var buffer = pipeline.take(c)
      emit(buffer)
      buffer.removeAll(keepingCapacity: true)
      pipeline.recycle(buffer)
    }
    encoders.wait()
  }

  /// What the bank statements gave: written only when there were any (older outputs unchanged).
  static func bankJSON(_ b: BankSummary, policy: Policy) -> JSONValue {
    .object([
      ("entries", .int(b.entries)), ("duplicates", .int(b.duplicates)), ("matched", .int(b.matched)),
      ("unallocated", .int(b.unallocated)), ("unplaced", .int(b.unplaced)), ("also_in_export", .int(b.alsoInExport)),
      ("reversed", .int(b.reversed)), ("debits_ignored", .int(b.debitsIgnored)), ("fees_ignored", .int(b.feesIgnored)),
      ("not_booked", .int(b.notBooked)), ("after_as_of", .int(b.afterAsOf)), ("no_currency", .int(b.noCurrency)),
      ("match_days", .int(policy.bankMatchDays)),
    ])
  }

  static func policyJSON(_ p: Policy) -> JSONValue {
    .object([
      ("default_payment_days", .int(p.defaultPaymentDays)), ("handover_after_days", .int(p.handoverAfterDays)),
      ("min_reminders", .int(p.minReminders)), ("min_amount", money(p.minAmount)),
      ("price_tolerance", money(p.priceTolerance)), ("on_price_discrepancy", .string(p.onPriceDiscrepancy.rawValue)),
      ("plan_grace_days", .int(p.planGraceDays)), ("business_costs", .string(p.businessCosts.rawValue)),
      ("delivery_days", .object([("post", .int(p.deliveryDays.post)), ("email", .int(p.deliveryDays.email))])),
      (
        "strategic",
        .object([
          ("revenue_share", .string(DecimalFormatting.plain(p.strategicRevenueShare, scale: 2))),
          ("revenue", money(p.strategicRevenue)),
        ])
      ),
    ])
  }

  static func summary(_ report: DecisionReport, tally given: DecisionTally? = nil) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("invoices", .int(report.invoices.count)), ("debtors", .int(report.debtors.count)),
    ]
    let tally = given ?? DecisionTally(report)
    var perDecision: [(String, JSONValue)] = []
    for decision in tally.decisions.reversed() {
      let invoices = tally.invoices[decision] ?? 0
      let debtors = tally.debtors[decision] ?? 0
      let sums = tally.open[decision] ?? [:]
      perDecision.append(
        (
          decision.rawValue,
          .object([
            ("invoices", .int(invoices)), ("debtors", .int(debtors)),
            ("open", .object(sums.keys.sorted().map { ($0, money(sums[$0]!)) })),
          ])
        ))
    }
    members.append(("decisions", .object(perDecision)))
    return .object(members)
  }

  static func invoice(_ i: InvoiceDecision) -> JSONValue {
    .object([
      ("invoice", .string(i.invoice)),
      ("customer", .string(i.customer)),
      ("document", .string(i.kind.rawValue)),
      ("source", .string(i.source)),
      ("currency", .optional(i.currency)),
      ("issue_date", .optional(i.issueDate?.description)),
      ("invoice_due_date", .optional(i.invoiceDueDate?.description)),
      ("effective_due_date", .optional(i.effectiveDueDate?.description)),
      ("days_overdue", .int(i.daysOverdue)),
      ("amount", money(i.amount)),
      ("paid", money(i.paid)),
      ("credited", money(i.credited)),
      ("disputed", money(i.disputed)),
      ("open", money(i.open)),
      ("decision", .string(i.decision.rawValue)),
      ("reasons", reasons(i.reasons)),
      ("warnings", advice(i.advice)),
    ])
  }

  /// An invoice entry written straight to bytes, at the indentation of a list entry: the same
  /// bytes as `invoice(i).write(into:indent: 2)` without building its tree (a million entries).
  static func writeInvoice(_ i: borrowing InvoiceDecision, into out: inout [UInt8]) {
    /// Fixed text in one append: three per key (comma and indent, name, colon) were a tenth of
    /// this writer's time.
    func raw(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
    func string(_ text: String?) {
      if let text { JSONValue.escape(text, into: &out) } else { raw("null") }
    }
    func date(_ date: CalendarDate?) {
      guard let date else { return raw("null") }
      out.append(UInt8(ascii: "\""))
      date.appendISO(to: &out)  // digits and dashes: nothing to escape
      out.append(UInt8(ascii: "\""))
    }
    func money(_ amount: Decimal) {
      out.append(UInt8(ascii: "\""))
      if let digits = DecimalDigits(amount), let cents = digits.units(scale: 2) {
        DecimalDigits.appendFixed(negative: cents.negative, magnitude: cents.magnitude, scale: 2, to: &out)
      } else {
        out.append(contentsOf: amount.moneyText.utf8)
      }
      out.append(UInt8(ascii: "\""))
    }
    /// A reason or advice list, entry by entry (no array of pairs made per invoice first).
    func coded<Entry>(_ entries: [Entry], _ code: (Entry) -> String, _ message: (Entry) -> String) {
      if entries.isEmpty { return raw("[]") }
      out.append(UInt8(ascii: "["))
      for n in entries.indices {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        raw("\n        {\n          \"code\": ")
        JSONValue.escape(code(entries[n]), into: &out)
        raw(",\n          \"message\": ")
        JSONValue.escape(message(entries[n]), into: &out)
        raw("\n        }")
      }
      raw("\n      ]")
    }
    raw("{\n      \"invoice\": ")
    string(i.invoice)
    raw(",\n      \"customer\": ")
    string(i.customer)
    raw(",\n      \"document\": ")
    string(i.kind.rawValue)
    raw(",\n      \"source\": ")
    string(i.source)
    raw(",\n      \"currency\": ")
    string(i.currency)
    raw(",\n      \"issue_date\": ")
    date(i.issueDate)
    raw(",\n      \"invoice_due_date\": ")
    date(i.invoiceDueDate)
    raw(",\n      \"effective_due_date\": ")
    date(i.effectiveDueDate)
    raw(",\n      \"days_overdue\": ")
    out.append(contentsOf: String(i.daysOverdue).utf8)
    raw(",\n      \"amount\": ")
    money(i.amount)
    raw(",\n      \"paid\": ")
    money(i.paid)
    raw(",\n      \"credited\": ")
    money(i.credited)
    raw(",\n      \"disputed\": ")
    money(i.disputed)
    raw(",\n      \"open\": ")
    money(i.open)
    raw(",\n      \"decision\": ")
    string(i.decision.rawValue)
    raw(",\n      \"reasons\": ")
    coded(i.reasons, { $0.code.rawValue }, { $0.message })
    raw(",\n      \"warnings\": ")
    coded(i.advice, { $0.code.rawValue }, { $0.message })
    raw("\n    }")
  }

  static func debtor(_ d: DebtorDecision) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("customer", .string(d.customer)),
      ("name", .optional(d.name)),
      ("consumer", .bool(d.consumer)),
      ("currency", .optional(d.currency)),
      ("decision", .string(d.decision.rawValue)),
      ("open", money(d.open)),
      ("invoices", .array(d.invoices.map { .string($0) })),
      ("reasons", reasons(d.reasons)),
      ("warnings", advice(d.advice)),
    ]
    if let r = d.review {
      members.append(
        (
          "review",
          .object([
            ("revenue_12_months", money(r.revenue12Months)),
            ("revenue_share", .string(DecimalFormatting.plain(DecimalFormatting.roundHalfUp(r.revenueShare, scale: 4), scale: 4))),
            ("customer_since", .optional(r.customerSince?.description)),
            ("open", money(r.open)),
            ("overdue", money(r.overdue)),
            ("days_overdue", .int(r.daysOverdue)),
            ("broken_promises", .int(r.brokenPromises)),
            ("account_manager", .optional(r.accountManager)),
            ("notes", .optional(r.notes)),
            ("strategic_because", .array(r.strategicBecause.map { .string($0.text(.en)) })),
            // The two interests in numbers (issue "whatif"): what waiting costs, how they pay.
            (
              "financial",
              .object([
                ("open", money(r.open)), ("overdue", money(r.overdue)), ("interest_next_30_days", money(r.interestNext30Days)),
                ("limitation_date", .optional(r.limitationDate?.description)), ("broken_promises", .int(r.brokenPromises)),
                ("letter_days_left", r.letterDaysLeft.map { .int($0) } ?? .null),
              ])
            ),
            (
              "commercial",
              .object([
                ("revenue_12_months", money(r.revenue12Months)),
                ("revenue_share", .string(DecimalFormatting.plain(DecimalFormatting.roundHalfUp(r.revenueShare, scale: 4), scale: 4))),
                ("customer_since", .optional(r.customerSince?.description)),
                ("paid_invoices_12_months", .int(r.paymentBehaviour.paidInvoices)),
                ("paid_late", .int(r.paymentBehaviour.paidLate)), ("paid_on_time", .int(r.paymentBehaviour.paidOnTime)),
                (
                  "average_days_late",
                  .optional(r.paymentBehaviour.averageDaysLate.map { DecimalFormatting.plain($0, scale: 1) })
                ),
                ("last_days_late", .array(r.paymentBehaviour.lastDaysLate.map { .int($0) })),
                ("account_manager", .optional(r.accountManager)), ("notes", .optional(r.notes)),
              ])
            ),
            (
              "without_decision",
              .string("stays in review on every run: nothing is handed over until the account manager approves (handover) or holds")
            ),
          ])
        ))
    }
    if d.decision == .handover {
      members += [
        ("handover_invoices", .array(d.handoverInvoices.map { .string($0) })),
        ("principal", money(d.principal)),
        ("interest", money(d.interest)),
        ("costs", money(d.costs)),
        ("costs_vat", money(d.costsVAT)),
        ("total", money(d.total)),
      ]
    }
    return .object(members)
  }
}

/// Encoded chunks handed from the encoders to the one thread that emits them, in order.
final class ChunkPipeline: @unchecked Sendable {
  private let condition = NSCondition()
  private let chunks: Int
  private let window: Int
  private let capacity: Int
  /// Guarded by `condition`.
  private var claimed = 0
  private var emitted = 0
  private var ready: [Int: [UInt8]] = [:]
  private var spare: [[UInt8]] = []

  init(chunks: Int, window: Int, capacity: Int) {
    self.chunks = chunks
    self.window = window
    self.capacity = capacity
  }

  /// The next chunk to encode, once fewer than `window` wait ahead of the emitter; nil when all are claimed.
  func claim() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while claimed < chunks && claimed - emitted >= window { condition.wait() }
    guard claimed < chunks else { return nil }
    claimed += 1
    return claimed - 1
  }

  /// An empty buffer: one the emitter is done with, else a new one.
  func buffer() -> [UInt8] {
    condition.lock()
    let reused = spare.popLast()
    condition.unlock()
    if let reused { return reused }
    var fresh: [UInt8] = []
    fresh.reserveCapacity(capacity)
    return fresh
  }

  func deliver(_ c: Int, _ bytes: [UInt8]) {
    condition.lock()
    ready[c] = bytes
    condition.broadcast()
    condition.unlock()
  }

  /// Chunk `c`, waiting until it is encoded.
  func take(_ c: Int) -> [UInt8] {
    condition.lock()
    defer { condition.unlock() }
    while ready[c] == nil { condition.wait() }
    return ready.removeValue(forKey: c)!
  }

  /// A chunk emitted: its buffer is free again and one more may be claimed.
  func recycle(_ buffer: [UInt8]) {
    condition.lock()
    emitted += 1
    spare.append(buffer)
    condition.broadcast()
    condition.unlock()
  }
}
