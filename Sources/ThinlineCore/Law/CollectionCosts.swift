import Foundation

/// One band of the BIK scale as applied to a principal.
public struct CostBand: Hashable, Sendable {
  /// The part of the principal this band covers (from exclusive, to inclusive).
  public var from: Decimal
  public var to: Decimal
  public var rate: Decimal
  public var amount: Decimal
}

/// How collection costs are charged to businesses (policy `business_costs`).
public enum BusinessCostsPolicy: String, Hashable, Sendable, CaseIterable {
  /// The BIK scale over the dossier's summed principal (the default).
  case bik
  /// 40.00 per invoice (art. 6:96 lid 4 BW: due without reminder from the day after the due date).
  case flat40
  case none
}

/// Collection costs with their working.
public struct CostsCalculation: Hashable, Sendable {
  /// Rounded half up to the cent, after minimum and maximum.
  public var amount: Decimal
  public var vat: Decimal
  public var bands: [CostBand]
  /// What decided the amount, in words (minimum, maximum, flat rate …).
  public var notes: [String]
  public var total: Decimal { amount + vat }
}

/// Buitengerechtelijke incassokosten (Besluit vergoeding voor buitengerechtelijke incassokosten,
/// Stb. 2012, 141, art. 2): cumulative bands over the principal, minimum 40.00, maximum 6,775.00.
public enum CollectionCosts {
  public static let minimum = Decimal(40)
  public static let maximum = Decimal(6775)
  public static let vatRate = Decimal(sign: .plus, exponent: -2, significand: 21)

  /// (upper bound of the band or nil for the rest, rate)
  static let scale: [(Decimal?, Decimal)] = [
    (2_500, Decimal(sign: .plus, exponent: -2, significand: 15)),
    (5_000, Decimal(sign: .plus, exponent: -2, significand: 10)),
    (10_000, Decimal(sign: .plus, exponent: -2, significand: 5)),
    (200_000, Decimal(sign: .plus, exponent: -2, significand: 1)),
    (nil, Decimal(sign: .plus, exponent: -3, significand: 5)),
  ]

  /// The BIK scale over one principal (for a consumer, the sum of the claims reminded together:
  /// art. 6:96 lid 7 BW).
  /// - Parameter vatOnCosts: true when the creditor cannot deduct VAT (config `creditor.vat_deductible: false`).
  public static func bik(principal: Decimal, vatOnCosts: Bool = false) -> CostsCalculation {
    var bands: [CostBand] = []
    var lower = Decimal(0)
    var raw = Decimal(0)
    for (upper, rate) in scale {
      guard principal > lower else { break }
      let top = upper.map { min($0, principal) } ?? principal
      let amount = (top - lower) * rate
      bands.append(CostBand(from: lower, to: top, rate: rate, amount: DecimalFormatting.roundHalfUp(amount, scale: 2)))
      raw += amount
      lower = top
      if let upper, principal <= upper { break }
    }
    var amount = DecimalFormatting.roundHalfUp(raw, scale: 2)
    var notes: [String] = []
    if amount < minimum {
      notes.append("the scale gives \(amount.moneyText), below the minimum of 40.00")
      amount = minimum
    } else if amount > maximum {
      notes.append("the scale gives \(amount.moneyText), above the maximum of 6,775.00")
      amount = maximum
    }
    let vat = vatOnCosts ? DecimalFormatting.roundHalfUp(amount * vatRate, scale: 2) : 0
    if vatOnCosts { notes.append("21 % VAT added: the creditor cannot deduct VAT on the collection service") }
    return CostsCalculation(amount: amount, vat: vat, bands: bands, notes: notes)
  }

  /// Costs for a business dossier by policy: the scale over the summed principal, 40.00 per
  /// invoice, or none.
  public static func business(principals: [Decimal], policy: BusinessCostsPolicy, vatOnCosts: Bool = false) -> CostsCalculation {
    switch policy {
    case .bik:
      return bik(principal: principals.reduce(0, +), vatOnCosts: vatOnCosts)
    case .flat40:
      let amount = minimum * Decimal(principals.count)
      let vat = vatOnCosts ? DecimalFormatting.roundHalfUp(amount * vatRate, scale: 2) : 0
      return CostsCalculation(amount: amount, vat: vat, bands: [], notes: ["40.00 per invoice (policy flat40)"])
    case .none:
      return CostsCalculation(amount: 0, vat: 0, bands: [], notes: ["no collection costs (policy none)"])
    }
  }
}
