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
