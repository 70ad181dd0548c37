import Foundation
import Testing
import ThinlineCore
import ThinlineTestSupport

func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }
func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

@Suite struct CollectionCostsTests {
  @Test(arguments: [
    ("100", "40.00"), ("266.67", "40.00"), ("2500", "375.00"), ("3000", "425.00"), ("10000", "875.00"),
    ("250000", "3025.00"), ("1000000", "6775.00"), ("5000000", "6775.00"),
  ])
  func workedExamplesFromDomainMd(principal: String, costs: String) {
    #expect(CollectionCosts.bik(principal: dec(principal)).amount.moneyText == costs)
  }

  @Test func consumersAreCostedOverTheSummedPrincipal() {
    // Three consumer invoices of 100.00 reminded together: 15 % of 300.00, not 3 × 40.00.
    #expect(CollectionCosts.bik(principal: dec("300.00")).amount.moneyText == "45.00")
  }

  @Test func vatIsAddedOnlyWhenTheCreditorCannotDeductIt() {
    #expect(CollectionCosts.bik(principal: dec("3000"), vatOnCosts: false).vat == 0)
    #expect(CollectionCosts.bik(principal: dec("3000"), vatOnCosts: true).vat.moneyText == "89.25")
  }

  @Test func businessPolicies() {
    let principals = [dec("100.00"), dec("200.00"), dec("2700.00")]
    #expect(CollectionCosts.business(principals: principals, policy: .bik).amount.moneyText == "425.00")
    #expect(CollectionCosts.business(principals: principals, policy: .flat40).amount.moneyText == "120.00")
    #expect(CollectionCosts.business(principals: principals, policy: .none).amount == 0)
  }

  @Test func bandsAddUpToTheAmountBeforeMinimumAndMaximum() {
    let c = CollectionCosts.bik(principal: dec("12345.67"))
    #expect(c.bands.count == 4)
    #expect(c.bands.reduce(Decimal(0)) { $0 + $1.amount }.moneyText == c.amount.moneyText)
  }

  /// Property: never below 40.00 nor above 6,775.00, and monotone in the principal.
  @Test func boundedAndMonotone() {
    var generator = SeededRandom(seed: 42)
    var previous = Decimal(0)
    var principal = Decimal(0)
    for _ in 0..<3000 {
      principal += Decimal(Int.random(in: 1...90_000, using: &generator)) / 100
      let costs = CollectionCosts.bik(principal: principal).amount
      #expect(costs >= 40 && costs <= 6775)
      #expect(costs >= previous)
      previous = costs
    }
  }
}

@Suite struct InterestTests {
  @Test func workedExampleOneRatePeriod() {
    let c = Interest.compute(principal: dec("1210.00"), effectiveDueDate: day("2026-08-31"), asOf: day("2026-11-29"), kind: .commercial)
    #expect(c.amount.moneyText == "31.03")  // 90 days at 10.40 % (domain.md)
    #expect(c.segments.count == 1 && c.segments[0].days == 90)
    #expect(c.firstDay == day("2026-09-01"))
  }

  @Test func workedExampleWithCompoundingOverTwoAnniversaries() {
    let c = Interest.compute(principal: dec("10000.00"), effectiveDueDate: day("2024-06-30"), asOf: day("2026-11-29"), kind: .commercial)
    #expect(c.amount.moneyText == "2837.15")
    #expect(Set(c.segments.map(\.year)) == [1, 2, 3])
    // The base of year 2 is the principal plus year 1's interest (capitalised on 2025-07-01).
    let year2 = c.segments.first { $0.year == 2 }!
    #expect(year2.from == day("2025-07-01"))
    #expect(year2.base.moneyText == "11170.45")
    #expect(c.warnings.contains { $0.contains("not confirmed") })
  }

  @Test func workedExampleWithAPartialPayment() {
    let c = Interest.compute(
      principal: dec("2420.00"), effectiveDueDate: day("2026-07-31"), asOf: day("2026-11-29"), kind: .commercial,
      reductions: [(day("2026-08-20"), dec("420.00"))])
    #expect(c.amount.moneyText == "71.23")
    #expect(c.warnings.contains { $0.contains("not confirmed") })
  }

  @Test func nonCommercialAndContractualRates() {
    let statutory = Interest.compute(
      principal: dec("1000"), effectiveDueDate: day("2025-12-31"), asOf: day("2026-12-31"), kind: .nonCommercial)
    #expect(statutory.amount.moneyText == "40.00")  // 365 days at 4 %
    let contractual = Interest.compute(
      principal: dec("1000"), effectiveDueDate: day("2025-12-31"), asOf: day("2026-03-01"), kind: .contractual,
      contractualRate: dec("0.08"))
    #expect(contractual.amount.moneyText == (dec("1000") * dec("0.08") * 60 / 365).moneyText)
  }

  @Test func nothingOnOrBeforeTheDueDate() {
    for asOf in ["2026-08-30", "2026-08-31"] {
      #expect(Interest.compute(principal: dec("500"), effectiveDueDate: day("2026-08-31"), asOf: day(asOf), kind: .commercial).exact == 0)
    }
    #expect(
      Interest.compute(principal: dec("500"), effectiveDueDate: day("2026-08-31"), asOf: day("2026-09-01"), kind: .commercial).exact > 0)
  }

  @Test func oneYearAfterTheTwentyNinthOfFebruaryIsTheFirstOfMarch() {
    #expect(Interest.oneYearAfter(day("2024-02-29")) == day("2025-03-01"))
    #expect(Interest.oneYearAfter(day("2024-07-01")) == day("2025-07-01"))
  }

  /// Property: monotone in time and in principal.
  @Test func monotoneInTimeAndPrincipal() {
    var generator = SeededRandom(seed: 7)
    for _ in 0..<60 {
      let due = day("2023-01-01").adding(days: Int.random(in: 0...1000, using: &generator))
      let principal = Decimal(Int.random(in: 100...5_000_000, using: &generator)) / 100
      var previous = Decimal(0)
      for step in stride(from: 0, through: 900, by: 45) {
        let value = Interest.compute(principal: principal, effectiveDueDate: due, asOf: due.adding(days: step), kind: .commercial).exact
        #expect(value >= previous)
        previous = value
      }
      let more = Interest.compute(principal: principal + 1, effectiveDueDate: due, asOf: due.adding(days: 400), kind: .commercial).exact
      let less = Interest.compute(principal: principal, effectiveDueDate: due, asOf: due.adding(days: 400), kind: .commercial).exact
      #expect(more > less)
    }
  }

  /// Property: within one compounding year, interest to d2 = interest to d1 + interest over (d1, d2].
  @Test func splitPeriodsAddUpWhereNoAnniversaryIntervenes() {
    var generator = SeededRandom(seed: 99)
    for _ in 0..<100 {
      let due = day("2023-01-01").adding(days: Int.random(in: 0...900, using: &generator))
      let principal = Decimal(Int.random(in: 100...2_000_000, using: &generator)) / 100
      let d1 = due.adding(days: Int.random(in: 1...180, using: &generator))
      let d2 = d1.adding(days: Int.random(in: 1...180, using: &generator))
      guard d2 < Interest.oneYearAfter(due.adding(days: 1)) else { continue }
      let whole = Interest.compute(principal: principal, effectiveDueDate: due, asOf: d2, kind: .commercial).exact
      let first = Interest.compute(principal: principal, effectiveDueDate: due, asOf: d1, kind: .commercial).exact
      // The second part: the same claim as if it fell due on d1.
      let second = Interest.compute(principal: principal, effectiveDueDate: d1, asOf: d2, kind: .commercial).exact
      #expect(abs(whole - (first + second)) < dec("0.0000000001"))
    }
  }
}

@Suite struct FourteenDayLetterTests {
  let due = day("2026-09-30")

  @Test func receiptAndLastDayPerChannel() {
    #expect(FourteenDayLetter.lastDay(sent: day("2026-10-05"), channel: .post) == day("2026-10-21"))
    #expect(FourteenDayLetter.lastDay(sent: day("2026-10-05"), channel: .email) == day("2026-10-19"))
  }

  @Test func requiredRunningExpired() {
    #expect(FourteenDayLetter.status(letters: [], effectiveDueDate: due, asOf: day("2026-11-29")) == .required)
    // A letter sent before the claim fell due does not count.
    #expect(FourteenDayLetter.status(letters: [(day("2026-09-20"), .post)], effectiveDueDate: due, asOf: day("2026-11-29")) == .required)
    let letter = [(sent: day("2026-11-20"), channel: DeliveryChannel.post)]
    #expect(
      FourteenDayLetter.status(letters: letter, effectiveDueDate: due, asOf: day("2026-11-29"))
        == .running(receipt: day("2026-11-22"), lastDay: day("2026-12-06")))
    #expect(
      FourteenDayLetter.status(letters: letter, effectiveDueDate: due, asOf: day("2026-12-06"))
        == .running(receipt: day("2026-11-22"), lastDay: day("2026-12-06")))
    #expect(
      FourteenDayLetter.status(letters: letter, effectiveDueDate: due, asOf: day("2026-12-07"))
        == .expired(receipt: day("2026-11-22"), lastDay: day("2026-12-06")))
  }
}

@Suite struct LegalAdviceTests {
  @Test func termsAboveSixtyDaysBetweenBusinesses() {
    #expect(LegalAdvice.paymentTermWarning(days: 60, consumer: false) == nil)
    #expect(LegalAdvice.paymentTermWarning(days: 90, consumer: false)?.english.contains("60 days") == true)
    #expect(LegalAdvice.paymentTermWarning(days: 90, consumer: true) == nil)
  }

  @Test func limitationApproachingAndPast() {
    #expect(
      LegalAdvice.limitationWarning(effectiveDueDate: day("2022-01-31"), asOf: day("2026-11-29"), consumer: false)?.english.contains(
        "2027-02-01")
        == true)
    #expect(
      LegalAdvice.limitationWarning(effectiveDueDate: day("2021-01-31"), asOf: day("2026-11-29"), consumer: false)?.english.contains(
        "time-barred since") == true)
    #expect(LegalAdvice.limitationWarning(effectiveDueDate: day("2026-01-31"), asOf: day("2026-11-29"), consumer: false) == nil)
    #expect(LegalAdvice.limitationWarning(effectiveDueDate: day("2024-12-31"), asOf: day("2026-11-29"), consumer: true) != nil)
  }
}
