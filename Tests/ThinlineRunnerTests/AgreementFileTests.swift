import Foundation
import Testing
import ThinlineCore
import ThinlineRunner
import ThinlineTestSupport

@Suite struct AgreementFileTests {
  func write(_ text: String, _ name: String = "agreements.yaml") throws -> String {
    let url = Fixtures.workdir().appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test func datesQuotedOrBareAndAmountsAsTextOrNumbers() throws {
    let path = try write(
      """
      customers:
        - id: "10023"
          payment_days: 60
          paused_until: "2026-12-15"
          prices:
            - {item: SUP-GOLD, price: "450.00", from: 2026-01-01}
            - {item: LIC-USER, price: 12.50}
          interest: 8%
      """)
    let a = try AgreementsFile.load(path)[0]
    #expect(a.paymentDays == 60)
    #expect(a.pausedUntil?.description == "2026-12-15")
    #expect(a.prices.map(\.price) == [Decimal(string: "450.00")!, Decimal(string: "12.50")!])
    #expect(a.prices[0].from?.description == "2026-01-01")
    #expect(a.interest == Decimal(string: "0.08")!)
  }

  @Test func aTypoNamesFileLineAndCustomer() throws {
    let path = try write(
      """
      customers:
        - id: "10001"
          payment_days: 30
        - id: "10023"
          payment_dayz: 60
      """)
    do {
      _ = try AgreementsFile.load(path)
      Issue.record("a typo must be an error")
    } catch {
      #expect(error.location.file == path)
      #expect(error.location.line == 5)
      #expect(error.message.contains("customer 10023"))
      #expect(error.message.contains("payment_dayz"))
      #expect(error.expected?.contains("payment_days") == true)
    }
  }

  @Test(arguments: [
    ("payment_days: sixty", "payment_days"), ("consumer: maybe", "consumer"), ("paused_until: 15-12-2026", "paused_until"),
    ("currency: XXX", "currency"), ("interest: \"1.5\"", "interest"),
  ])
  func badValuesAreErrors(line: String, key: String) throws {
    let path = try write("customers:\n  - id: \"7\"\n    \(line)\n")
    do {
      _ = try AgreementsFile.load(path)
      Issue.record("\(line) must be an error")
    } catch {
      #expect(error.location.line == 3)
      #expect(error.message.contains("customer 7: \(key)"))
    }
  }

  @Test func oneIdentifierUnderTwoCustomersIsRefused() throws {
    let path = try write(
      "customers:\n  - id: \"1\"\n    identifiers: [NL001234567B01]\n  - id: \"2\"\n    identifiers: [nl 001.234.567.b01]\n")
    #expect(throws: InputError.self) { try AgreementsFile.load(path) }
  }

  @Test func approvalsAsCSVAndYAML() throws {
    let csv = try write("customer,decision,by,date,until,note\n10023,hold,j.devries,2026-11-20,2026-12-20,Talk first\n", "approvals.csv")
    let a = try ApprovalsFile.load(csv)
    #expect(a.count == 1 && a[0].decision == .hold && a[0].until?.description == "2026-12-20")
    let yaml = try write("approvals:\n  - {customer: \"10023\", decision: handover, by: j.devries, date: 2026-11-25}\n", "approvals.yaml")
    #expect(try ApprovalsFile.load(yaml)[0].decision == .handover)
    let bad = try write("customer,decision,date\n10023,maybe,2026-11-20\n", "bad.csv")
    do {
      _ = try ApprovalsFile.load(bad)
      Issue.record("expected an error")
    } catch {
      #expect(error.location.line == 2)
    }
  }

  @Test(
    .enabled(
      if: FileManager.default.fileExists(
        atPath: Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/docs/examples").path),
      "../shared/docs/examples is absent"))
  func theSharedExamplesLoad() throws {
    let examples = Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/docs/examples")
    let agreements = try AgreementsFile.load(examples.appendingPathComponent("agreements.yaml").path)
    #expect(agreements.map(\.id) == ["10023", "10077", "10102"])
    #expect(agreements[2].interest == Decimal(string: "0.08")!)
    let config = try Configuration.load(examples.appendingPathComponent("thinline.yaml").path)
    #expect(config.policy.handoverAfterDays == 45)
    #expect(config.creditor.name == "Voorbeeld Software B.V.")
    #expect(config.agreements?.hasSuffix("agreements.yaml") == true)
    let approvals = try ApprovalsFile.load(examples.appendingPathComponent("approvals.csv").path)
    #expect(approvals[0].customer == "10023")
  }
}
