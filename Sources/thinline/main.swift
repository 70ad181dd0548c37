import ArgumentParser
import Foundation
import Logging
import ThinlineRunner

/// Thinline's command line: each subcommand builds its options, calls the runner, prints and
/// maps the outcome to an exit code (interface.md: 0, 64, 65, 75, 1).
struct Thinline: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thinline",
    abstract: "Credit management batch processor: UBL and CSV in, reconciled decisions and handover dossiers out.",
    discussion: """
      Exit codes: 0 all done · 64 usage or configuration error · 65 finished, but an input was \
      rejected · 75 another run holds the lock · 1 internal error.
      """,
    version: Handover.version,
    subcommands: [
      RunCommand.self, ReleaseCommand.self, HandoverCommand.self, ReportCommand.self, WhatIfCommand.self, ConvertCommand.self,
      ValidateCommand.self, ClaimCommand.self,
    ]
  )

  /// `thinline` alone is a usage mistake: the help goes to stderr and the exit code is 64.
  func run() throws {
    printError(Thinline.helpMessage())
    throw ExitCode(ExitStatus.usage)
  }
}

LoggingSystem.bootstrap { label in
  var handler = StreamLogHandler.standardError(label: label)
  let level = ProcessInfo.processInfo.environment["THINLINE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
  handler.logLevel = level ?? .error
  return handler
}
// Parse (the parser's own mistakes and --help end here), then run through the one exit table.
var command: ParsableCommand
do { command = try Thinline.parseAsRoot() } catch { Thinline.exit(withError: error) }
runCommand(&command)
