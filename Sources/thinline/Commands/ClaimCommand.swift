import ArgumentParser
import Foundation
import ThinlineRunner

struct ClaimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim",
    abstract: "Statutory interest and collection costs for one claim, with the working shown.",
    discussion: """
      Interest accrues every day from the day after the due date through the as-of date at the rate in force \
      that day (base × rate / 365), is capitalised on each anniversary and rounded once, half up. Costs follow \
      the BIK scale (minimum 40.00, maximum 6,775.00).
      """)

  @Option(help: "The open principal, e.g. 1210.00.")
  var principal: String

  @Option(help: "The effective due date (YYYY-MM-DD).", transform: { try parseDate($0, flag: "--due") })
  var due: CalendarDate

  @OptionGroup var asOf: AsOfOption

  @Flag(help: "The debtor is a consumer (statutory interest art. 6:119, costs only after a 14-day letter).")
  var consumer = false

  /// The statutory kinds only: a contractual rate is `--contractual`.
  enum RateKind: String, CaseIterable, ExpressibleByArgument {
    case commercial, nonCommercial = "non-commercial"
    var kind: InterestKind { self == .commercial ? .commercial : .nonCommercial }
  }

  @Option(name: .customLong("rate-kind"), help: "commercial (art. 6:119a) or non-commercial (art. 6:119); default by --consumer.")
  var rateKind: RateKind?

  @Option(help: "A contractual yearly rate instead of the statutory one: 0.08 or 8%.")
  var contractual: String?

  @Option(name: .customLong("business-costs"), help: "Costs for a business: bik (default), flat40 or none.")
  var businessCosts: BusinessCostsPolicy = .bik

  @Flag(name: .customLong("vat-on-costs"), help: "Add 21 % VAT to the costs (the creditor cannot deduct VAT).")
  var vatOnCosts = false

  @Option(help: "A rate table (JSON, see schemas/statutory-interest-rates.schema.json) instead of the shipped one.")
  var rates: String?

  @Option(help: "Output format: text or json.")
  var format: Claim.Format = .text

  func run() throws {
    let table = try rates.map { path throws in try RateTableFile.load(path) } ?? StatutoryInterestRates.shipped
    let result = Claim.compute(
      Claim.Request(
        principal: try Claim.principal(principal), due: due, asOf: asOf.date, consumer: consumer, kind: rateKind?.kind,
        contractualRate: try Claim.contractualRate(contractual), businessCosts: businessCosts, vatOnCosts: vatOnCosts, rates: table))
    let output = format == .json ? Claim.json(result).rendered() : Claim.text(result)
    FileHandle.standardOutput.write(Data(output.utf8))
  }
}
