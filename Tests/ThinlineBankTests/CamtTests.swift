import Testing
import ThinlineBank
import ThinlineCore

@Suite struct CamtTests {
  func read(_ body: String, version: String = "053.001.08") throws -> BankStatementFile {
    let text =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.\(version)\"><BkToCstmrStmt><Stmt><Id>S1</Id><Acct><Id><IBAN>NL39RABO0300065264</IBAN></Id></Acct>\(body)</Stmt></BkToCstmrStmt></Document>"
    return try BankStatementReader.read(Array(text.utf8), source: "camt.xml")
  }

  @Test func aBatchKeepsItsTransactionsAndInventsNoCounterparty() throws {
    let file = try read(
      """
      <Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2026-11-30T23:30:00+00:00</DtTm></BookgDt>
      <NtryDtls><TxDtls><Amt Ccy="EUR">10.00</Amt><RltdPties><Dbtr><Pty><Nm>A</Nm></Pty></Dbtr></RltdPties></TxDtls>
      <TxDtls><Amt Ccy="EUR">20.00</Amt><Refs><EndToEndId>E-2</EndToEndId></Refs><RmtInf><Ustrd>F-2</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
      """)
    let e = file.entries[0]
    #expect(e.format == "camt.053.001.08")
    #expect(e.bookingDate?.description == "2026-12-01")  // 23:30 UTC is past midnight in Amsterdam
    #expect(e.counterpartyName == nil && e.remittance == nil)
    #expect(e.transactions.map { $0.amount?.value.moneyText } == ["10.00", "20.00"])
    #expect(e.transactions[0].counterpartyName == "A")
    #expect(e.transactions[1].endToEndID == "E-2" && e.transactions[1].remittance == "F-2")
  }

  @Test func aDoctypeIsRefusedBeforeParsing() {
    let text =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&e;</Document>"
    #expect(throws: InputError.self) { try BankStatementReader.read(Array(text.utf8), source: "x.xml") }
  }

  @Test func anEntryWithoutIndicatorIsALocatedError() {
    #expect {
      try read("<Ntry><Amt Ccy=\"EUR\">1.00</Amt><BookgDt><Dt>2026-11-30</Dt></BookgDt></Ntry>")
    } throws: { error in
      (error as! InputError).message.contains("credit/debit indicator")
    }
  }

  @Test func reversalAndPendingAreRead() throws {
    let file = try read(
      "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>PDNG</Sts><ValDt><Dt>2026-11-30</Dt></ValDt></Ntry>",
      version: "053.001.02")
    #expect(file.entries[0].reversal && file.entries[0].status == .pending && file.entries[0].direction == .debit)
  }
}
