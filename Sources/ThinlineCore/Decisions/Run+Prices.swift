import Foundation

/// Prices above the agreed price: the amount disputed per line.
extension Run {
  mutating func checkPrices() {
    for i in items.indices where items[i].kind == .invoice {
      guard let agreement = agreement(items[i]), !agreement.prices.isEmpty, let issue = items[i].issueDate else { continue }
      var disputed = Decimal(0)
      var lines: [Message.PriceLine] = []
      for line in items[i].document.lines {
        let key = line.itemID ?? line.name
        guard let key, let agreed = agreement.prices.first(where: { $0.item == key && $0.valid(on: issue) }) else { continue }
        guard let quantity = line.quantity?.value, quantity != 0 else { continue }
        let unit: Decimal
        if let amount = line.amount?.value {
          unit = amount / quantity  // net of line allowances and charges
        } else if let price = line.price?.value {
          unit = price / (line.baseQuantity?.value ?? 1)
        } else {
          continue
        }
        let excess = unit - agreed.price
        guard excess > policy.priceTolerance else { continue }
        let vat = (line.vatRate?.value ?? 0) / 100
        let lineDisputed = DecimalFormatting.roundHalfUp(excess * quantity * (1 + vat), scale: 2)
        disputed += lineDisputed
        lines.append(
          Message.PriceLine(
            line: line.id, item: key, charged: DecimalFormatting.roundHalfUp(unit, scale: 4), agreed: agreed.price, quantity: quantity,
            vatPercent: vat * 100, disputed: lineDisputed))
      }
      guard disputed > 0 else { continue }
      items[i].disputed = disputed
      items[i].reasons.append(
        Reason(.priceAboveAgreement, .priceAboveAgreement(lines: lines, disputed: disputed)))
    }
  }
}
