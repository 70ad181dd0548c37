import Testing
import ThinlineCore

@Suite struct PaymentReferenceTests {
  @Test func betalingskenmerkCheckDigit() {
    // ING's sample "BET.KENM. 1004510036716378": check digit 1 over the 15 digits after it.
    #expect(PaymentReferences.isValidBetalingskenmerk("1004510036716378"))
    #expect(PaymentReferences.isValidBetalingskenmerk("1004 5100 3671 6378"))
    #expect(!PaymentReferences.isValidBetalingskenmerk("2004510036716378"))
    #expect(!PaymentReferences.isValidBetalingskenmerk("100451003671637"))
  }

  @Test func creditorReference() {
    #expect(PaymentReferences.isValidCreditorReference("RF18539007547034"))
    #expect(PaymentReferences.isValidCreditorReference("RF18 5390 0754 7034"))
    #expect(!PaymentReferences.isValidCreditorReference("RF19539007547034"))
    #expect(!PaymentReferences.isValidCreditorReference("XX18539007547034"))
  }

  @Test func iban() {
    #expect(PaymentReferences.iban("NL91 ABNA 0417 1643 00") == "NL91ABNA0417164300")
    #expect(PaymentReferences.iban("NL91ABNA0417164301") == nil)
  }

  @Test(arguments: [
    ("2026-11-30", "2026-11-30"),
    ("2026-11-30T23:30:00+00:00", "2026-12-01"),  // winter: UTC+1
    ("2026-07-31T22:30:00Z", "2026-08-01"),  // summer: UTC+2
    ("2026-07-31T21:30:00Z", "2026-07-31"),
    ("2026-11-30T23:30:00-01:00", "2026-12-01"),
    ("2026-12-01T00:30:00+02:00", "2026-11-30"),
    ("2026-03-29T00:59:00Z", "2026-03-29"),  // the switch to summer time is at 01:00 UTC
    ("2026-03-28T23:30:00Z", "2026-03-29"),
    ("2014-12-31T13:15:00.000+01:00", "2014-12-31"),
    ("2015-03-10T18:43:50", "2015-03-10"),
  ])
  func amsterdamDate(_ text: String, _ expected: String) {
    #expect(CalendarDate(amsterdamDateOf: text)?.description == expected)
  }
}
