import Foundation
import Testing
import ThinlineCore
import ThinlineLedger

@testable import ThinlineRunner

/// One table from what went wrong to interface.md's exit status.
@Suite struct ExitStatusTests {
  struct Unexpected: Error {}

  @Test func usageAndConfigurationProblemsAre64() {
    #expect(ExitStatus.of(UsageError("no input files found in x")).status == 64)
    #expect(ExitStatus.of(InputError(SourceLocation(file: "thinline.yaml", line: 3, column: 1), "bad key")).status == 64)
    #expect(ExitStatus.of(CronRun.Failure.configuration("inbox x: no such folder")).status == 64)
    #expect(ExitStatus.of(Ledger.LedgerError(description: "ledger.sqlite: cannot open")).status == 64)
  }

  @Test func aHeldLockIs75() {
    #expect(ExitStatus.of(CronRun.Failure.locked("another thinline run holds x")).status == 75)
    #expect(ExitStatus.of(Ledger.LedgerError(description: "busy", busy: true)).status == 75)
  }

  @Test func anythingElseIsAnInternalError1InOneLine() {
    let (status, message) = ExitStatus.of(Unexpected())
    #expect(status == 1)
    #expect(message.hasPrefix("internal error: ") && !message.contains("\n"))
  }

  /// In the cron job, a file system problem is the environment's (64); anything else is a bug (1),
  /// not a configuration error.
  @Test func theCronJobTellsTheEnvironmentFromABug() {
    #expect(ExitStatus.of(CronRun.Failure.unexpected("Malformed()")).status == 1)
    #expect(ExitStatus.of(CronRun.Failure.unexpected("Malformed()")).message.hasPrefix("internal error: Malformed()"))
    #expect(FileErrors.isFileSystem(CocoaError(.fileWriteNoPermission)))
    #expect(FileErrors.isFileSystem(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))))
    #expect(!FileErrors.isFileSystem(Unexpected()))
  }

  @Test func namedStatusesAreInterfaceMdsNumbers() {
    #expect(
      [ExitStatus.done, ExitStatus.internalError, ExitStatus.usage, ExitStatus.rejected, ExitStatus.tryLater] == [0, 1, 64, 65, 75])
    #expect(ExitStatus.finished(rejecting: true) == 65 && ExitStatus.finished(rejecting: false) == 0)
  }

  @Test func timestampsAreUTCToTheSecondAndReproducibleOnRequest() {
    #expect(Timestamp.iso(Date(timeIntervalSince1970: 1_796_290_445)) == "2026-12-03T09:34:05Z")
    #expect(Timestamp.now(environment: ["SOURCE_DATE_EPOCH": "86400"]) == Date(timeIntervalSince1970: 86400))
  }

  @Test func errorIsSaidOnce() {
    #expect(ExitStatus.line("a.csv:2:3: error: bad date") == "a.csv:2:3: error: bad date")
    #expect(ExitStatus.line("no ledger configured") == "thinline: error: no ledger configured")
  }
}

/// Every layer's error says what it is wherever it is printed, `localizedDescription` included.
@Suite struct LayerErrorTests {
  @Test func localizedDescriptionIsTheMessage() {
    let errors: [Error] = [
      UsageError("no input files found in x"), InputError(SourceLocation(file: "a.csv", line: 2, column: 3), "bad date"),
      CronRun.Failure.locked("another thinline run holds x"), Ledger.LedgerError(description: "ledger.sqlite: cannot open"),
    ]
    for error in errors {
      #expect(!error.localizedDescription.contains("could not be completed"), "\(error)")
      #expect(error.localizedDescription == "\(error)")
    }
  }
}
