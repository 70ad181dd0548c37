import ArgumentParser
import Foundation
import ThinlineRunner

/// Runs a parsed command through the one exit table (`ExitStatus.of`): every error is printed
/// once and becomes the exit status; the parser's own (`--help`, a bad flag) stay the parser's.
func runCommand(_ command: inout ParsableCommand) -> Never {
  do {
    try command.run()
    Foundation.exit(0)
  } catch let error where error is ExitCode || error is CleanExit || error is ValidationError {
    Thinline.exit(withError: error)
  } catch {
    let (status, message) = ExitStatus.of(error)
    printError(ExitStatus.line(message))
    Foundation.exit(status)
  }
}
