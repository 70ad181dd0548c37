import Testing
import ThinlineWriters

/// The CSV writer, cell by cell: what is quoted, what is neutralised, what stays a number.
@Suite struct CSVWriterTests {
  let writer = CSVWriter(delimiter: ";", byteOrderMark: true, lineEnding: "\r\n")

  @Test func cellsAreQuotedNeutralisedOrLeftAsTheyAre() {
    let text = writer.render(
      header: ["a", "b;c"],
      rows: [
        [.text("plain"), .text("x;y")],
        [.text("say \"hi\""), .text(" padded")],
        [.text("=SUM(A1)"), .text("-5 is text")],
        [.number("-12,50"), .identifier("007")],
        [.identifier("=1+1"), .text(nil)],
        [.text("line\r\nbreak"), .text("only\nLF")],
        [.text("Zoë; café"), .text("tab\tinside")],
      ])
    let expected =
      "\u{FEFF}a;\"b;c\"\r\n" + "plain;\"x;y\"\r\n" + "\"say \"\"hi\"\"\";\" padded\"\r\n" + "'=SUM(A1);'-5 is text\r\n"
      + "-12,50;\"007\"\r\n" + "\"'=1+1\";\r\n" + "\"line\r\nbreak\";\"only\nLF\"\r\n" + "\"Zoë; café\";tab\tinside\r\n"
    #expect(text == expected)
  }

  @Test func aMultiByteDelimiterIsFoundWhole() {
    let pipe = CSVWriter(delimiter: "¦")
    #expect(
      pipe.render(header: ["x"], rows: [[.text("a¦b")], [.text("a\u{A6}")], [.text("a\u{C2}b")]]) == "x\n\"a¦b\"\n\"a¦\"\na\u{C2}b\n")
  }
}
