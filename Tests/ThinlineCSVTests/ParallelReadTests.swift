import Foundation
import Testing
import ThinlineCSV
import ThinlineCore

/// A large file is read as two halves on two cores; the result must equal a serial read,
/// whatever straddles the split.
@Suite struct ParallelReadTests {
  func compare(_ text: String) throws {
    let bytes = Array(text.utf8)
    let serial = try CSVReader.read(bytes, source: "big.csv", parallelAbove: Int.max)
    let parallel = try CSVReader.read(bytes, source: "big.csv", parallelAbove: 1)
    #expect(parallel.rows == serial.rows)
    #expect(parallel.errors.map(\.description) == serial.errors.map(\.description))
    // A file with errors is rejected whole, so its documents only matter when there are none.
    guard serial.errors.isEmpty else { return }
    #expect(parallel.documentCount == serial.documentCount)
    #expect(parallel.documents == serial.documents)
    #expect(parallel.payments == serial.payments)
    #expect(parallel.warnings.count == serial.warnings.count)
  }

  @Test func sortedOpenItems() throws {
    var text = "factuurnummer;klantnummer;naam;factuurdatum;bedrag;openstaand\n"
    for i in 0..<5000 {
      text += "F\(String(format: "%06d", i));\(10000 + i % 37);\"Klant \(i); B.V.\";01-0\(i % 9 + 1)-2026;\(i),50;\(i % 7),25\n"
    }
    try compare(text)
  }

  @Test func unsortedWithDuplicatesAcrossTheHalves() throws {
    var text = "invoice_number,issue_date,amount\n"
    for i in 0..<4000 { text += "INV-\((i * 7919) % 3000),2026-01-01,\(i).00\n" }
    let serial = try CSVReader.read(Array(text.utf8), source: "d.csv", parallelAbove: Int.max)
    #expect(!serial.errors.isEmpty)
    try compare(text)
  }

  @Test func lineItemsOfOneInvoiceAcrossTheSplit() throws {
    // Few invoices with many lines each: one of them must straddle the middle.
    var text = "InvoiceNumber,ContactName,InvoiceDate,Total,Quantity,UnitAmount,LineAmount\n"
    for invoice in 0..<3 {
      for line in 0..<1500 { text += "INV-\(invoice),Acme,2026-01-0\(invoice + 1),1500.00,1,1.00,\(line % 2 == 0 ? "1.00" : "1.00")\n" }
    }
    try compare(text)
    let parallel = try CSVReader.read(Array(text.utf8), source: "x.csv", parallelAbove: 1)
    #expect(parallel.documents.map(\.lines.count) == [1500, 1500, 1500])
    #expect(parallel.errors.isEmpty)
  }

  @Test func quotedLineBreaksNearTheMiddle() throws {
    var text = "invoice,customer_name,total,date\n"
    for i in 0..<3000 { text += "A\(i),\"line one\nline two \(i)\",\(i).00,2026-02-03\n" }
    try compare(text)
  }
}
