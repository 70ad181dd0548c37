import Foundation
import Testing
import ThinlineCSV
import ThinlineCore
import ThinlineTestSupport

/// Every export under fixtures/csv-profiles (built from the packages' documented headers, see
/// its README) against its `.expected.json`: number, kind, customer, dates, total, open,
/// currency — or, for the files that must be refused, the refusal.
@Suite struct ProfileFixtureTests {
  static let folder = Fixtures.fixtures.appendingPathComponent("csv-profiles")
  static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    .filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()

  @Test func thereIsAFixturePerPackage() {
    #expect(Self.names.count >= 20)
  }

  @Test(arguments: names)
  func readsAsExpected(name: String) throws {
    let bytes = Fixtures.bytes(Self.folder.appendingPathComponent("\(name).csv"))
    let expectedData = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).expected.json"))
    let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
    if let refused = expected["refused"] as? String {
      do {
        let result = try CSVReader.read(bytes, source: "\(name).csv")
        #expect(!result.errors.isEmpty, "\(name) must be refused (\(refused)) but was read")
        if refused == "currency" { #expect(result.errors.contains { $0.message.contains("mixes currencies") }) }
      } catch {
        let words = ["date_order": "date_order", "general_ledger": "general-ledger", "currency": "currency"]
        let text = error.description + (error.expected ?? "")
        #expect(text.contains(words[refused] ?? refused), "\(error)")
      }
      return
    }
    let result = try CSVReader.read(bytes, source: "\(name).csv")
    #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
    #expect(result.profile == expected["profile"] as? String)
    #expect(result.kind.rawValue == expected["kind"] as? String)
    if let payments = expected["payments"] as? [[String: Any]] {
      #expect(result.payments.count == payments.count)
      for (got, want) in zip(result.payments, payments) {
        #expect(got.invoiceNumber == want["invoice_number"] as? String, "\(want)")
        #expect(got.date.description == want["date"] as? String, "\(want)")
        #expect(got.amount.amountText == want["amount"] as? String, "\(want)")
        #expect(got.currency == want["currency"] as? String, "\(want)")
      }
      return
    }
    let documents = try #require(expected["documents"] as? [[String: Any]])
    #expect(result.documents.count == documents.count, "\(result.documents.map(\.number))")
    for (doc, want) in zip(result.documents, documents) {
      let label = want["number"] as? String ?? "?"
      #expect(doc.number == want["number"] as? String)
      #expect((doc.kind == .creditNote ? "credit_note" : "invoice") == want["document"] as? String, "\(label)")
      let customer = doc.buyer?.identifiers.first { $0.scheme == "customer_number" }?.value
      #expect(customer == want["customer_number"] as? String, "\(label)")
      #expect(doc.buyer?.name == want["customer_name"] as? String, "\(label)")
      #expect(doc.issueDate?.description == want["issue_date"] as? String, "\(label)")
      #expect(doc.dueDate?.description == want["due_date"] as? String, "\(label)")
      #expect(doc.currency == want["currency"] as? String, "\(label)")
      #expect(doc.totals.payable?.amountText == want["total"] as? String, "\(label)")
      #expect((doc.outstanding ?? doc.totals.payable)?.amountText == want["open"] as? String, "\(label)")
    }
  }
}
