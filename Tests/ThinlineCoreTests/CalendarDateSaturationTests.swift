import Testing
import ThinlineCore
import ThinlineTestSupport

/// Date arithmetic that cannot trap, whatever a file or a config says.
@Suite struct CalendarDateSaturationTests {
  let placeholder = CalendarDate(year: 9999, month: 12, day: 31)!

  @Test func addingPastTheLastDateSaturatesInsteadOfTrapping() {
    #expect(placeholder.adding(days: 30) == .latest)
    #expect(placeholder.adding(years: 5) == .latest)
    #expect(CalendarDate(year: 9994, month: 12, day: 31)!.adding(years: 5) == .latest)
    #expect(placeholder.adding(days: Int.max) == .latest)
    #expect(CalendarDate.earliest.adding(days: -1) == .earliest)
    #expect(CalendarDate.earliest.adding(days: Int.min) == .earliest)
    #expect(CalendarDate.earliest.adding(years: -20) == .earliest)
    #expect(CalendarDate(year: 2026, month: 1, day: 1)!.adding(years: Int.max) == .latest)
  }

  @Test func randomDaysAndYearsStayInRangeAndAgreeWithDayNumbers() {
    var random = SeededRandom(seed: 11)
    for _ in 0..<5000 {
      let start = CalendarDate(dayNumber: Int.random(in: CalendarDate.earliest.dayNumber...CalendarDate.latest.dayNumber, using: &random))
      let days = Int.random(in: -4_000_000...4_000_000, using: &random)
      let moved = start.adding(days: days)
      #expect(moved >= .earliest && moved <= .latest)
      let exact = start.dayNumber + days
      if exact > CalendarDate.earliest.dayNumber && exact < CalendarDate.latest.dayNumber {
        #expect(moved.dayNumber == exact)
        #expect(start.days(until: moved) == days)
      }
      let years = Int.random(in: -12000...12000, using: &random)
      let shifted = start.adding(years: years)
      #expect(shifted >= .earliest && shifted <= .latest)
    }
  }

  @Test func plausibleInputDatesAreTheYears1900To2199() {
    #expect(CalendarDate(year: 1900, month: 1, day: 1)!.isPlausible)
    #expect(CalendarDate(year: 2199, month: 12, day: 31)!.isPlausible)
    #expect(!placeholder.isPlausible)
    #expect(!CalendarDate(year: 1899, month: 12, day: 31)!.isPlausible)
  }

  /// The text built in place is the padded `YYYY-MM-DD` and reads back as the same date, in
  /// every year a date can have; `appendISO` writes the same bytes.
  @Test func theTextOfEveryYearReadsBack() {
    for year in 1...9999 {
      let month = year % 12 + 1
      let date = CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
      let text = date.description
      var expected = String(year)
      expected = String(repeating: "0", count: 4 - expected.count) + expected
      expected += month < 10 ? "-0\(month)-" : "-\(month)-"
      expected += String(CalendarDate.daysIn(month: month, year: year))
      #expect(text == expected)
      #expect(CalendarDate(iso: text) == date)
      var bytes: [UInt8] = [0x7B]
      date.appendISO(to: &bytes)
      #expect(bytes == [0x7B] + Array(text.utf8))
    }
    #expect(CalendarDate(year: 2026, month: 3, day: 1)!.description == "2026-03-01")
  }
}
