import ArgumentParser
import Foundation
import ThinlineRunner

struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "What a policy or agreement change moves: decisions and money before → after, the debtors that change. Writes nothing else.",
    discussion: """
      Inputs as for handover (files and folders), or none with --config to use the cron job's ledger. Keys: \
      policy.<key> (policy.handover_after_days=60, policy.min_amount=100, policy.strategic.revenue_share=0.05) and \
      customers.<id>.<key> (customers.10150.payment_days=60, customers.10150.strategic=true). --variant FILE is a YAML \
      overlay with policy: and customers: (by id, only the keys given).
      """)

  @OptionGroup var decision: DecisionInputOptions

  @Option(name: .customLong("set"), help: "A change KEY=VALUE (repeatable).")
  var sets: [String] = []

  @Option(help: "A YAML overlay of policy: and customers: keys.")
  var variant: String?

  @Option(help: "One key over a range, KEY=FROM:TO:STEP: the totals for each value.")
  var sweep: String?

  @Option(help: "Output format: text or json.")
  var format: SummaryFormat = .text

  @Option(help: "For a sweep: write a self-contained HTML chart to this file.")
  var html: String?

  @Argument(help: "Files, folders or - for stdin; none to decide over the ledger of --config.")
  var inputs: [String] = []

  func validate() throws {
    if sets.isEmpty && variant == nil && sweep == nil {
      throw ValidationError("give a change: --set KEY=VALUE, --variant FILE or --sweep KEY=FROM:TO:STEP")
    }
    if html != nil && sweep == nil { throw ValidationError("--html draws a sweep: give --sweep KEY=FROM:TO:STEP") }
  }

  func run() throws {
    let date = decision.date()
    let configuration = try decision.configuration()
    let (base, loaded) = try decision.decisionContext(inputs, configuration: configuration, purpose: "decide over the ledger")
    let rejected = loaded.rejected
    let output: String
    let changed = try WhatIf.apply(sets: sets, variant: variant, to: base)
    if let sweep {
      let (key, values, totals) = try WhatIf.sweep(sweep, over: changed)
      output =
        format == .json
        ? WhatIf.sweepJSON(key: key, values: values, totals: totals, asOf: date).rendered()
        : WhatIf.sweepText(key: key, values: values, totals: totals, asOf: date)
      if let html {
        try OutputFile.write(WhatIf.sweepHTML(key: key, values: values, totals: totals, asOf: date), to: html)
      }
    } else {
      let comparison = WhatIf.compare(
        before: DecisionEngine.decide(base), after: DecisionEngine.decide(changed),
        changes: (variant.map { ["--variant \($0)"] } ?? []) + sets)
      output = format == .json ? WhatIf.json(comparison).rendered() : WhatIf.text(comparison)
    }
    FileHandle.standardOutput.write(Data(output.utf8))
    if let html { printError("wrote \(html)") }
    if rejected > 0 { throw ExitCode(ExitStatus.rejected) }
  }
}
