import ArgumentParser
import Foundation
import ThinlineRunner

struct ReleaseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "release",
    abstract: "Release a handed-over invoice, so that a later run may hand it over again (recorded in the ledger).")

  @Option(help: "The configuration file (YAML) naming the ledger.")
  var config: String

  @Option(help: "Why it is released (kept in the ledger).")
  var note: String?

  @Argument(help: "The invoice number.")
  var invoice: String

  func run() throws {
    let batches = try Release.run(
      configuration: Configuration.load(config), configPath: config, invoice: invoice, note: note,
      at: Date())
    if batches.isEmpty {
      printError("thinline: \(invoice) is not in any batch (or was released already): nothing to release")
      throw ExitCode(ExitStatus.rejected)
    }
    printError("released \(invoice) from \(batches.joined(separator: ", ")); a later run may hand it over again")
  }
}
