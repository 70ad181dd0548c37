import Foundation
import Testing
import ThinlineCore

/// Every message has an English and a Dutch text, and the Dutch one is Dutch.
@Suite struct MessageCatalogueTests {
  static let d1 = day("2026-08-14")
  static let d2 = day("2026-09-13")
  static let facts = DebtorDecision.ReviewFacts(
    revenue12Months: 12000, revenueShare: Decimal(string: "0.125")!, customerSince: d1, open: 1500, overdue: 1000, daysOverdue: 61,
    brokenPromises: 1, accountManager: "Ans", notes: nil,
    strategicBecause: [
      .markedInAgreements, .revenueShare(share: 0.2, threshold: 0.1), .revenueAtLeast(revenue: 12000, currency: "EUR", threshold: 10000),
    ])
  static let how = BankMatch.ibanSum(iban: "NL91ABNA0417164300", customer: "10023", invoices: ["F-1", "F-2"])

  /// One sample of every case. `index` has no `default`, so a new case does not compile until it
  /// is numbered here, and the count check fails until it has a sample.
  static let samples: [Message] = [
    .termMovesDueDate(days: 60, printed: d1, agreed: d2), .printedDueDateEarlier(printed: d1, agreed: d2, days: 60),
    .agreedTermWithoutPrintedDate(days: 60, agreed: d2, defaultDays: 30), .defaultTerm(days: 30, due: d2),
    .invoiceRevised(number: "F-1", source: "a.xml", amount: 100, replaced: "b.xml", replacedAmount: 90),
    .creditRefersToMissingInvoice(reference: "F-9"),
    .creditCurrencyDiffers(creditCurrency: "USD", reference: "F-1", invoiceCurrency: "EUR"), .creditInBillingOpenAmount(reference: "F-1"),
    .creditNoteApplied(note: "C-1", amount: 50, exceeds: .init(invoiceAmount: 40, excess: 10)), .creditAppliedTo(reference: "F-1"),
    .unreferencedCreditHere(amount: 20, note: "C-2"), .unreferencedCreditSpread(parts: [.init(amount: 20, invoice: "F-1")], leftOver: 5),
    .paymentCurrencyDiffers(amount: 10, currency: "USD", date: d1, invoiceCurrency: "EUR"),
    .partialPayment(paid: 1000, amount: 1500, open: 500),
    .unallocatedPayments(
      count: 2, total: 300, last: d2, bank: [.init(amount: 100, date: d1, how: .differentCustomers(.paymentReference("RF18")))]),
    .bankPaymentReversed(amount: 100, paid: d1, reversed: d2, returnReason: "MS03"),
    .bankPaymentInExport(amount: 100, date: d1, how: .endToEndID("E2E-1"), exportDate: d2),
    .bankPaid(amount: 100, date: d1, how: how, billingOpen: 200),
    .unplacedPayment(amount: 100, currency: "EUR", date: d1, payer: nil, iban: "NL91ABNA0417164300", remittance: nil),
    .priceAboveAgreement(
      lines: [.init(line: "1", item: "SUP", charged: 475, agreed: 450, quantity: 1, vatPercent: 21, disputed: Decimal(string: "30.25")!)],
      disputed: Decimal(string: "30.25")!),
    .reminderBeforeDue(kind: .demand, sent: d1, due: d2), .currencyKeptApart(currency: "USD", expected: "EUR", agreementCurrency: false),
    .customerAmbiguous(candidates: ["1", "2"]), .noDates, .neverHandover, .disputed(note: nil), .paused(until: d2),
    .planKept(checked: 2, installments: 3, due: 200, paid: 200), .planBroken(broken: 1, graceDays: 7, first: d1, paid: 100, due: 200),
    .accountManagerHold(by: nil, until: d2, decided: d1, note: nil), .notRipe(daysOverdue: 20, ripeAfter: 45),
    .remindersIncomplete(count: 1, due: d1, needed: 2), .fourteenDayLetterRequired, .fourteenDayLetterRunning(receipt: d1, last: d2),
    .belowMinimum(total: 40, minimum: 50), .strategicReview(facts, currency: "EUR"), .approved(by: nil, date: d1, note: nil),
    .termAboveSixtyDays(days: 90), .limitation(date: d2, consumer: true, passed: false),
    .limitation(date: d1, consumer: false, passed: true),
    .recurringSmallClaims(count: 3), .rateUnconfirmed(from: d1, lastChecked: d2), .noRate(day: d1, firstPeriod: nil),
  ]

  static func index(_ m: Message) -> Int {
    switch m {
    case .termMovesDueDate: 0
    case .printedDueDateEarlier: 1
    case .agreedTermWithoutPrintedDate: 2
    case .defaultTerm: 3
    case .invoiceRevised: 4
    case .creditRefersToMissingInvoice: 5
    case .creditCurrencyDiffers: 6
    case .creditInBillingOpenAmount: 7
    case .creditNoteApplied: 8
    case .creditAppliedTo: 9
    case .unreferencedCreditHere: 10
    case .unreferencedCreditSpread: 11
    case .paymentCurrencyDiffers: 12
    case .partialPayment: 13
    case .unallocatedPayments: 14
    case .bankPaymentReversed: 15
    case .bankPaymentInExport: 16
    case .bankPaid: 17
    case .unplacedPayment: 18
    case .priceAboveAgreement: 19
    case .reminderBeforeDue: 20
    case .currencyKeptApart: 21
    case .customerAmbiguous: 22
    case .noDates: 23
    case .neverHandover: 24
    case .disputed: 25
    case .paused: 26
    case .planKept: 27
    case .planBroken: 28
    case .accountManagerHold: 29
    case .notRipe: 30
    case .remindersIncomplete: 31
    case .fourteenDayLetterRequired: 32
    case .fourteenDayLetterRunning: 33
    case .belowMinimum: 34
    case .strategicReview: 35
    case .approved: 36
    case .termAboveSixtyDays: 37
    case .limitation: 38
    case .recurringSmallClaims: 39
    case .rateUnconfirmed: 40
    case .noRate: 41
    }
  }

  /// Words that are English and not Dutch ("was", "of" and the "to" of "end-to-end" are Dutch too):
  /// one of them in a Dutch text is an untranslated part.
  static let englishWords: Set<String> = [
    "the", "and", "with", "from", "before", "after", "which", "paid", "invoice", "invoices", "payment", "payments", "days",
    "due", "applied", "customer", "agreed", "not", "amount", "by", "on", "until", "reason", "bank's", "been", "has",
  ]

  static func words(_ text: String) -> [String] {
    text.lowercased().split { !$0.isLetter }.map(String.init)
  }

  @Test func everyCaseHasASample() {
    #expect(Set(Self.samples.map(Self.index)) == Set(0...41))
  }

  @Test(arguments: samples)
  func theDutchTextIsDutch(message: Message) {
    let nl = message.text(.nl)
    let en = message.text(.en)
    #expect(!nl.isEmpty && !en.isEmpty)
    #expect(nl != en, "\(en)")
    let english = Self.words(nl).filter(Self.englishWords.contains)
    #expect(english.isEmpty, "English in \"\(nl)\": \(english)")
    #expect(message.english == en)
  }

  @Test func dutchNumbersAndDates() {
    #expect(Words(.nl).money(Decimal(string: "-1234567.5")!) == "-1.234.567,50")
    #expect(Words(.nl).money(Decimal(string: "0.05")!) == "0,05")
    #expect(Words(.en).money(Decimal(string: "1234.5")!) == "1234.50")
    #expect(Words(.nl).date(day("2026-11-29")) == "29 november 2026")
    #expect(Words(.en).date(day("2026-11-29")) == "2026-11-29")
    #expect(Words(.nl).percent(Decimal(string: "0.1254")!) == "12,5 %")
    #expect(Message.partialPayment(paid: 1000, amount: 1500, open: 500).text(.nl) == "1.000,00 betaald van 1.500,00; 500,00 open")
  }
}
