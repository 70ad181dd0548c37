import Foundation
import Testing
import ThinlineTestSupport

/// A debtor already at the agency with a new ripe invoice: the new dossier follows the open one,
/// and its costs are what the combined principal adds (the BIK scale is per claim total).
@Suite(.serialized) struct FollowUpClaimTests {
  typealias Site = CronRunTests.Site

  func drop(_ site: Site, _ name: String, _ text: String) throws {
    let url = site.inbox.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: url.path)
  }

  func dossiers(_ site: Site, _ batch: String) throws -> [[String: Any]] {
    let delivery = site.outbox.appendingPathComponent("\(batch)/delivery")
    let file = try #require(Fixtures.files(under: delivery).first { $0.hasPrefix("handover-") && $0.hasSuffix(".json") })
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: delivery.appendingPathComponent(file))) as? [String: Any])
    return try #require(json["dossiers"] as? [[String: Any]])
  }

  @Test func aLaterRipeInvoiceFollowsTheOpenDossierWithTheCostsItAdds() throws {
    let site = try Site(demo: false)
    // Revenue elsewhere, so that K-1 is not a strategic customer.
    try drop(
      site, "a-background.csv",
      "factuurnummer;klantnummer;naam;factuurdatum;vervaldatum;bedrag\nB-1;99999;Achtergrond B.V.;01-06-2026;01-07-2026;1000000,00\n")
    try drop(site, "a-payments.csv", "betaaldatum;factuurnummer;klantnummer;bedrag\n20-06-2026;B-1;99999;1000000,00\n")
    try drop(
      site, "b-open.csv",
      "factuurnummer;klantnummer;naam;factuurdatum;vervaldatum;openstaand\nG-1;K-1;Volger B.V.;02-05-2026;01-06-2026;3000,00\n")
    try drop(site, "c-reminders.csv", "factuurnummer;datum;soort;kanaal\nG-1;15-06-2026;herinnering;email\nG-1;01-07-2026;aanmaning;post\n")
    let first = try site.run()
    #expect(first.status == 0, "\(first.stderr)")
    let batch1 = try #require(site.batches().first)
    let d1 = try #require(try dossiers(site, batch1).first)
    #expect(d1["follows"] is NSNull)
    #expect((d1["totals"] as? [String: Any])?["costs"] as? String == "425.00")  // BIK over 3,000.00

    try drop(
      site, "d-open.csv",
      "factuurnummer;klantnummer;naam;factuurdatum;vervaldatum;openstaand\nG-2;K-1;Volger B.V.;01-06-2026;01-07-2026;3000,00\n")
    try drop(site, "e-reminders.csv", "factuurnummer;datum;soort;kanaal\nG-2;15-07-2026;herinnering;email\nG-2;01-08-2026;aanmaning;post\n")
    let second = try site.run()
    #expect(second.status == 0, "\(second.stderr)")
    let batch2 = try #require(site.batches().first { $0 != batch1 })
    let d2 = try #require(try dossiers(site, batch2).first)
    let follows = try #require(d2["follows"] as? [String: Any])
    #expect(follows["reference"] as? String == "\(batch1)-K-1")
    #expect(follows["batch"] as? String == batch1)
    #expect(follows["principal_claimed"] as? String == "3000.00")
    // BIK over 6,000.00 is 675.00; the first dossier claimed 425.00: this one adds 250.00.
    #expect((d2["totals"] as? [String: Any])?["costs"] as? String == "250.00")
  }
}
