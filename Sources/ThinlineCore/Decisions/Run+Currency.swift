import Foundation

/// Currencies: the debtor's own, and invoices kept apart from it.
extension Run {
  func mainCurrency(_ debtor: String) -> String? { mainCurrencies[debtor] }

  /// The debtor's currency: the agreement's, else EUR when present, else the most frequent.
  func computeMainCurrency(_ debtor: String) -> String? {
    if let i = agreementByID[debtor], let c = index.agreements[i].currency { return c }
    let currencies = (members[debtor] ?? []).filter { items[$0].kind == .invoice }.compactMap { items[$0].currency }
    if currencies.contains("EUR") { return "EUR" }
    var counts: [String: Int] = [:]
    for c in currencies { counts[c, default: 0] += 1 }
    return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
  }

  mutating func markCurrencyMismatches() {
    inParallel { run, range, items in
      for i in range where items[i].kind == .invoice {
        guard let expected = run.mainCurrencies[items[i].debtor], let currency = items[i].currency, currency != expected else {
          continue
        }
        items[i].currencyMismatch = true
        let byAgreement = items[i].agreementIndex.map { run.index.agreements[$0].currency != nil } ?? false
        items[i].reasons.append(
          Reason(.currencyMismatch, .currencyKeptApart(currency: currency, expected: expected, agreementCurrency: byAgreement)))
      }
    }
  }
}
