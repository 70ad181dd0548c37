import Foundation
import Testing
import ThinlineCore

@Suite struct ExactDecimalTests {
  @Test(arguments: [
    ("1210.00", "1210.00"), ("0.10", "0.10"), ("-834.9", "-834.90"), ("+0.10", "0.10"), ("12", "12.00"),
    ("12.500", "12.500"), ("-0.00", "0.00"), (" 42.5\n", "42.50"), ("123456789012345678901.25", "123456789012345678901.25"),
  ])
  func parsesXSDecimalExactly(input: String, amount: String) {
    #expect(ExactDecimal(xsDecimal: input)?.amountText == amount)
  }

  @Test(arguments: ["", "-", "1e5", "1,5", "12abc", "1.2.3", "١٢"])
  func rejectsWhatIsNotXSDecimal(input: String) {
    #expect(ExactDecimal(xsDecimal: input) == nil)
  }

  @Test func keepsWrittenScaleForPricesAndQuantities() {
    #expect(ExactDecimal(xsDecimal: "0.125")?.formatted() == "0.125")
    #expect(ExactDecimal(xsDecimal: "3")?.formatted() == "3")
  }

  @Test func xpathRoundingGoesHalfTowardsPositiveInfinity() {
    #expect(DecimalFormatting.xpathRound(Decimal(string: "2.345")!, scale: 2) == Decimal(string: "2.35")!)
    #expect(DecimalFormatting.xpathRound(Decimal(string: "-2.345")!, scale: 2) == Decimal(string: "-2.34")!)
    #expect(DecimalFormatting.xpathRound(Decimal(string: "-2.5")!, scale: 0) == Decimal(-2))
  }

  @Test func moneyRoundsHalfUpAwayFromZero() {
    #expect(Decimal(string: "2.345")!.moneyText == "2.35")
    #expect(Decimal(string: "-2.345")!.moneyText == "-2.35")
    #expect(Decimal(string: "0.004")!.moneyText == "0.00")
  }

  @Test func sumsAreExactWhereDoubleIsNot() {
    var sum = ExactDecimal.zero
    for _ in 0..<10 { sum = sum + ExactDecimal(xsDecimal: "0.10")! }
    #expect(sum.amountText == "1.00")
  }
}

@Suite struct CalendarDateTests {
  @Test func parsesISODatesAndIgnoresZones() {
    #expect(CalendarDate(iso: "2026-11-29")?.description == "2026-11-29")
    #expect(CalendarDate(iso: "2017-11-13+01:00")?.description == "2017-11-13")
    #expect(CalendarDate(iso: "2026-02-30") == nil)
    #expect(CalendarDate(iso: "2026-1-5") == nil)
    #expect(CalendarDate(iso: "2024-02-29") != nil)
  }

  @Test func addsAndCountsCalendarDays() {
    let due = CalendarDate(iso: "2026-08-31")!
    #expect(due.adding(days: 1).description == "2026-09-01")
    #expect(due.days(until: CalendarDate(iso: "2026-11-29")!) == 90)
    #expect(CalendarDate(iso: "2024-02-28")!.adding(days: 1).description == "2024-02-29")
    #expect(CalendarDate(iso: "2026-12-31")!.adding(days: 60).description == "2027-03-01")
  }

  @Test func dayNumbersRoundTripOverCenturies() {
    for n in stride(from: -200_000, through: 200_000, by: 997) {
      #expect(CalendarDate(dayNumber: n).dayNumber == n)
    }
  }
}
