import Foundation
import Testing
import ThinlineTestSupport

/// Every message about a file is in the `file:line:column: severity: message` form, libxml2's own
/// included.
@Suite struct MessageFormatTests {
  @Test func libxml2EncodingErrorsArePlacedNotPrintedBare() throws {
    let dir = Fixtures.workdir()
    var bytes = Array(
      "<?xml version=\"1.0\" encoding=\"Windows-1252\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">abc"
        .utf8)
    bytes += [0x81] + Array("</Invoice>".utf8)
    for i in 1...3 { try Data(bytes).write(to: dir.appendingPathComponent("e\(i).xml")) }
    let result = try runThinline(["convert", dir.path, "-o", dir.appendingPathComponent("out.json").path])
    #expect(result.status == 65)
    let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("converted ") }
    #expect(lines.count == 3)
    for line in lines {
      #expect(line.hasPrefix(dir.path) && line.contains(": error: "), "\(line)")
    }
    #expect(!result.stderr.contains("encoding error :") && !result.stderr.contains("xmlParseChunk"))
  }
}

@Suite struct OutputTargetTests {
  /// `-o` naming a FIFO (or /dev/null) writes into it; a temporary file renamed over it would have
  /// replaced the node with a regular file (it did so to /dev/null).
  @Test func anOutputThatIsAFIFOIsWrittenIntoNotReplaced() throws {
    let dir = Fixtures.workdir()
    let fifo = dir.appendingPathComponent("out.fifo").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let received = dir.appendingPathComponent("received.json")
    let reader = Process()
    reader.executableURL = URL(fileURLWithPath: "/bin/sh")
    reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, received.path]
    try reader.run()
    let result = try runThinline(["convert", Fixtures.fixtures.appendingPathComponent("demo/F2026-0420.xml").path, "-o", fifo])
    // A reader left blocked on a replaced FIFO must not hang the suite.
    let deadline = Date().addingTimeInterval(10)
    while reader.isRunning && Date() < deadline { usleep(20_000) }
    if reader.isRunning { reader.terminate() }
    #expect(result.status == 0, "\(result.stderr)")
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    #expect(String(decoding: Fixtures.bytes(received), as: UTF8.self).contains("F2026-0420"))
  }
}
