import Foundation
import Testing
import ThinlineTestSupport

/// Placeholder dates and run-away day counts: located refusals, never a crash.
@Suite struct OddDatesTests {
  func invoice(due: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
    <cbc:ID>F-9</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate><cbc:DueDate>\(due)</cbc:DueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
    <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Klant</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
    <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>
    """
  }

  @Test(arguments: ["9999-12-31", "9994-12-31", "1899-12-31"])
  func aPlaceholderDueDateIsRefusedWithItsPlaceNotACrash(due: String) throws {
    let dir = Fixtures.workdir()
    try invoice(due: due).write(to: dir.appendingPathComponent("F-9.xml"), atomically: true, encoding: .utf8)
    try "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag\nG-1;1;01-01-2026;\(due);10,00\n".write(
      to: dir.appendingPathComponent("open.csv"), atomically: true, encoding: .utf8)
    let result = try runThinline(["handover", "--as-of", "2026-11-29", "--out", dir.appendingPathComponent("out").path, dir.path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("F-9.xml:4: error") && result.stderr.contains("cbc:DueDate"))
    #expect(result.stderr.contains("open.csv:2:4: error"))
    #expect(result.stderr.contains("1900–2199"))
  }

  @Test(arguments: ["0001-01-01", "9999-12-31"])
  func anAsOfDateOutsideTheAcceptedYearsIsAUsageError(asOf: String) throws {
    let result = try runThinline(["claim", "--principal", "100.00", "--due", "2026-01-01", "--as-of", asOf])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--as-of"))
  }

  @Test func aDutchAsOfDateGetsAHint() throws {
    let result = try runThinline(["handover", "--as-of", "29-11-2026", "--out", Fixtures.workdir().path, Fixtures.workdir().path])
    #expect(result.status == 64)
    #expect(result.stderr.contains("did you mean --as-of 2026-11-29?"))
  }

  @Test(arguments: [
    ("policy:\n  default_payment_days: 3000000\n", 2), ("policy:\n  handover_after_days: 1000000000000\n", 2),
    ("policy:\n  delivery_days:\n    post: 9223372036854775807\n", 3),
  ])
  func aRunawayDayCountInTheConfigNamesItsLine(yaml: String, line: Int) throws {
    let dir = Fixtures.workdir()
    let config = dir.appendingPathComponent("thinline.yaml")
    try yaml.write(to: config, atomically: true, encoding: .utf8)
    let result = try runThinline(["handover", "--config", config.path, "--as-of", "2026-11-29", "--out", dir.path, dir.path])
    #expect(result.status == 64)
    #expect(result.stderr.contains("thinline.yaml:\(line):"))
  }

  @Test func aRunawayPaymentTermInTheAgreementsNamesItsLine() throws {
    let dir = Fixtures.workdir()
    let agreements = dir.appendingPathComponent("agreements.yaml")
    try "customers:\n  - id: \"10\"\n    payment_days: 3000000\n".write(to: agreements, atomically: true, encoding: .utf8)
    let result = try runThinline(["handover", "--agreements", agreements.path, "--as-of", "2026-11-29", "--out", dir.path, dir.path])
    #expect(result.status == 64)
    #expect(result.stderr.contains("agreements.yaml:3:"))
    #expect(result.stderr.contains("0 to 3650 days"))
  }
}
