import Foundation
import ThinlineCore
import ThinlineUBL

/// ISO 20022 bank-to-customer messages: camt.053 statements, and camt.052 reports and camt.054
/// notifications, which hold entries in the same shape. Every version from .001.02 on; elements
/// are matched by local name (the versions differ in wrappers such as `Pty`, not in meaning).
public enum CamtReader {
  static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.05"

  public static func sniff(_ bytes: [UInt8]) -> Bool {
    let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
    return head.contains(namespacePrefix)
  }

  public static func read(_ bytes: [UInt8], source: String) throws(InputError) -> BankStatementFile {
    var visitor = CamtVisitor(source: source)
    try SafeXMLReader.read(bytes, source: source, into: &visitor)
    guard let format = visitor.format else {
      throw InputError(
        SourceLocation(file: source), "the root element is not an ISO 20022 camt Document",
        expected: "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"> (or another camt.05x version)")
    }
    guard visitor.file.statements > 0 else {
      throw InputError(
        SourceLocation(file: source), "the \(format) document holds no statement",
        expected: "a <Stmt> (camt.053), <Rpt> (camt.052) or <Ntfctn> (camt.054) element")
    }
    visitor.file.format = format
    for i in visitor.file.entries.indices { visitor.file.entries[i].format = format }
    return visitor.file
  }
}

struct CamtVisitor: XMLVisitor {
  let source: String
  var file = BankStatementFile(format: "camt")
  var format: String?
  var path: [String] = []
  var text = ""

  // Where in the document: the depth of the open statement, entry and transaction elements.
  var statementDepth: Int?
  var entryDepth: Int?
  var transactionDepth: Int?

  // The open statement.
  var account: String?
  var accountCurrency: String?
  var statementID: String?
  var balances: [(code: String, amount: Decimal, currency: String?, line: Int)] = []
  var balanceCode: String?
  var balanceAmount: (Decimal, String?)?
  var balanceSign: String?
  var statementEntries = 0
  var movement = Decimal(0)

  // The open entry and transaction.
  var entry: BankEntry?
  var entryLine = 0
  var entryAmountText: (String, String?, Int)?
  var entryIndicator: String?
  var domain = ""
  var family = ""
  var subFamily = ""
  var proprietaryCode: String?
  var entryReference: String?
  var additionalInfo: String?
  var transactions: [BankEntry.Transaction] = []
  var transaction = BankEntry.Transaction()
  var transactionUstrd: [String] = []
  var transactionRefs: [String] = []
  var transactionAmountText: (String, Int)?
  var transactionCounterparty: [String: String] = [:]
  /// `Ccy` of the innermost element opened (an `Amt` has no children, so it is still its own at its end).
  var currentCurrency: String?

  init(source: String) { self.source = source }

  mutating func start(_ name: String, namespace: String?, attributes: [String: String], line: Int) throws(InputError) {
    if path.isEmpty {
      if name == "Document", let namespace, namespace.hasPrefix(CamtReader.namespacePrefix) {
        format = String(namespace.dropFirst("urn:iso:std:iso:20022:tech:xsd:".count))
      }
    }
    path.append(name)
    text = ""
    currentCurrency = attributes["Ccy"]
    guard format != nil else { return }
    let depth = path.count
    if statementDepth == nil, depth == 3, name == "Stmt" || name == "Rpt" || name == "Ntfctn" {
      statementDepth = depth
      account = nil
      accountCurrency = nil
      statementID = nil
      balances = []
      statementEntries = 0
      movement = 0
    } else if statementDepth != nil, entryDepth == nil, name == "Ntry", depth == statementDepth! + 1 {
      entryDepth = depth
      entryLine = line
      entry = nil
      entryAmountText = nil
      entryIndicator = nil
      domain = ""
      family = ""
      subFamily = ""
      proprietaryCode = nil
      entryReference = nil
      additionalInfo = nil
      transactions = []
      var e = BankEntry(source: SourceLocation(file: source, line: line), format: "camt", amount: .zero, direction: .credit)
      e.account = account
      e.statement = statementID
      entry = e
    } else if entryDepth != nil, transactionDepth == nil, name == "TxDtls" {
      transactionDepth = depth
      transaction = BankEntry.Transaction()
      transactionUstrd = []
      transactionRefs = []
      transactionAmountText = nil
      transactionCounterparty = [:]
    } else if statementDepth != nil, entryDepth == nil, name == "Bal" {
      balanceCode = nil
      balanceAmount = nil
      balanceSign = nil
    }
  }

  mutating func text(_ piece: String) { text += piece }

  /// XML whitespace trimmed on the UTF-8 bytes (Foundation's trimming bridges to NSString: slow
  /// for a hundred thousand entries).
  static func trimmed(_ s: String) -> String {
    let u = s.utf8
    guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return "" }
    let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })!
    if first == u.startIndex && last == u.index(before: u.endIndex) { return s }
    return String(s[first...last])
  }

  /// The path below the element at `depth` (`RltdPties/Dbtr/Pty/Nm`).
  func relative(_ depth: Int) -> String { path[depth...].joined(separator: "/") }

  mutating func end(_ name: String, line: Int) throws(InputError) {
    defer {
      path.removeLast()
      text = ""
    }
    guard let statementDepth else { return }
    let value = Self.trimmed(text)
    let depth = path.count
    if let transactionDepth {
      if depth == transactionDepth {
        try finishTransaction(line: line)
        self.transactionDepth = nil
        return
      }
      transactionField(relative(transactionDepth), value: value, line: line)
      return
    }
    if let entryDepth {
      if depth == entryDepth {
        try finishEntry(line: line)
        self.entryDepth = nil
        return
      }
      try entryField(relative(entryDepth), value: value, line: line)
      return
    }
    if depth == statementDepth {
      finishStatement(line: line)
      self.statementDepth = nil
      return
    }
    switch relative(statementDepth) {
    case "Id": statementID = value
    case "Acct/Id/IBAN": account = PaymentReferences.ibanShaped(value) ?? value
    case "Acct/Id/Othr/Id": if account == nil { account = value }
    case "Acct/Ccy": accountCurrency = value
    case "Bal/Tp/CdOrPrtry/Cd": balanceCode = value
    case "Bal/Amt":
      if let amount = ExactDecimal(xsDecimal: value) { balanceAmount = (amount.value, currentCurrency) }
    case "Bal/CdtDbtInd": balanceSign = value
    case "Bal":
      if let code = balanceCode, let (amount, currency) = balanceAmount {
        balances.append((code, balanceSign == "DBIT" ? -amount : amount, currency, line))
      }
    default: break
    }
  }

  mutating func entryField(_ relative: String, value: String, line: Int) throws(InputError) {
    guard entry != nil else { return }
    switch relative {
    case "Amt": entryAmountText = (value, currentCurrency, line)
    case "CdtDbtInd": entryIndicator = value
    case "RvslInd": entry!.reversal = value.lowercased() == "true" || value == "1"
    case "Sts", "Sts/Cd":
      switch value.uppercased() {
      case "BOOK": entry!.status = .booked
      case "INFO": entry!.status = .info
      default: entry!.status = .pending
      }
    case "BookgDt/Dt", "BookgDt/DtTm": entry!.bookingDate = try date(value, line: line)
    case "ValDt/Dt", "ValDt/DtTm": entry!.valueDate = try date(value, line: line)
    case "AcctSvcrRef": entry!.bankReference = value
    case "NtryRef": entryReference = value
    case "BkTxCd/Domn/Cd": domain = value
    case "BkTxCd/Domn/Fmly/Cd": family = value
    case "BkTxCd/Domn/Fmly/SubFmlyCd": subFamily = value
    case "BkTxCd/Prtry/Cd": if proprietaryCode == nil { proprietaryCode = value }
    case "AddtlNtryInf": additionalInfo = value.isEmpty ? nil : value
    default: break
    }
  }

  mutating func transactionField(_ relative: String, value: String, line: Int) {
    switch relative {
    case "Refs/EndToEndId":
      transaction.endToEndID = value.isEmpty || value.uppercased() == "NOTPROVIDED" ? nil : value
    case "Amt", "AmtDtls/TxAmt/Amt":
      if transactionAmountText == nil || relative == "Amt" { transactionAmountText = (value, line) }
    case "RmtInf/Ustrd": if !value.isEmpty { transactionUstrd.append(value) }
    case "RmtInf/Strd/CdtrRefInf/Ref", "RmtInf/Strd/CdtrRefInf/CdtrRef":
      if !value.isEmpty { transactionRefs.append(ReferenceScanner.asWritten(value)) }
    case "RmtInf/Strd/RfrdDocInf/Nb":
      if !value.isEmpty { transactionRefs.append(value) }
    case "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry":
      if !value.isEmpty { transaction.returnReason = value }
    case "AddtlTxInf":
      if !value.isEmpty, transactionUstrd.isEmpty { transactionCounterparty["info"] = value }
    // The parties: v8 wraps the name in Pty.
    case "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm": transactionCounterparty["Dbtr.name"] = value
    case "RltdPties/Cdtr/Nm", "RltdPties/Cdtr/Pty/Nm": transactionCounterparty["Cdtr.name"] = value
    case "RltdPties/DbtrAcct/Id/IBAN": transactionCounterparty["DbtrAcct.iban"] = value
    case "RltdPties/CdtrAcct/Id/IBAN": transactionCounterparty["CdtrAcct.iban"] = value
    default: break
    }
  }

  mutating func finishTransaction(line: Int) throws(InputError) {
    if let (text, at) = transactionAmountText {
      transaction.amount = try BankAmount.parse(Substring(text), at: SourceLocation(file: source, line: at))
    }
    // The counterparty is the other side: the debtor of a credit, the creditor of a debit.
    let credit = entryIndicator != "DBIT"
    let role = credit ? "Dbtr" : "Cdtr"
    transaction.counterpartyName = transactionCounterparty[role + ".name"]
    if let iban = transactionCounterparty[role + "Acct.iban"] { transaction.counterpartyIBAN = PaymentReferences.ibanShaped(iban) ?? iban }
    if !transactionUstrd.isEmpty {
      // Ustrd lines are 140 characters at most; a full one was cut mid-word.
      var joined = ""
      for part in transactionUstrd {
        if !joined.isEmpty && joined.count % 140 != 0 { joined += " " }
        joined += part
      }
      transaction.remittance = joined.collapsingSpaces
    } else if let info = transactionCounterparty["info"] {
      transaction.remittance = info.collapsingSpaces
    }
    var references = transactionRefs
    for reference in ReferenceScanner.references(in: transaction.remittance ?? "") where !references.contains(reference) {
      references.append(reference)
    }
    transaction.structuredReferences = references
    transactions.append(transaction)
  }

  func date(_ value: String, line: Int) throws(InputError) -> CalendarDate {
    guard let date = CalendarDate(amsterdamDateOf: value), date.isPlausible else {
      throw InputError(
        SourceLocation(file: source, line: line), "the date \"\(value)\" cannot be read", expected: "YYYY-MM-DD or an ISO date-time")
    }
    return date
  }

  mutating func finishEntry(line: Int) throws(InputError) {
    guard var e = entry else { return }
    guard let (amountText, currency, amountLine) = entryAmountText else {
      throw InputError(
        SourceLocation(file: source, line: entryLine), "the entry has no <Amt>", expected: "<Amt Ccy=\"EUR\">…</Amt> in every <Ntry>")
    }
    e.amount = try BankAmount.parse(Substring(amountText), at: SourceLocation(file: source, line: amountLine))
    e.currency = currency ?? accountCurrency
    switch entryIndicator {
    case "CRDT": e.direction = .credit
    case "DBIT": e.direction = .debit
    default:
      throw InputError(
        SourceLocation(file: source, line: entryLine), "the entry has no credit/debit indicator",
        expected: "<CdtDbtInd>CRDT</CdtDbtInd> or DBIT")
    }
    if !domain.isEmpty {
      e.transactionCode = [domain, family, subFamily].filter { !$0.isEmpty }.joined(separator: "-")
    } else {
      e.transactionCode = proprietaryCode
    }
    if e.bankReference == nil { e.bankReference = entryReference }
    if transactions.count == 1 {
      let t = transactions[0]
      e.counterpartyName = t.counterpartyName
      e.counterpartyIBAN = t.counterpartyIBAN
      e.endToEndID = t.endToEndID
      e.structuredReferences = t.structuredReferences
      e.remittance = t.remittance ?? additionalInfo?.collapsingSpaces
      e.returnReason = t.returnReason
    } else if transactions.count > 1 {
      e.transactions = transactions
      e.remittance = additionalInfo?.collapsingSpaces
    } else {
      e.remittance = additionalInfo?.collapsingSpaces
      e.structuredReferences = ReferenceScanner.references(in: e.remittance ?? "")
    }
    if e.date == nil {
      file.warnings.append(
        Finding(
          .warning, rule: "TL-BANK-DATE", "the entry has neither a booking nor a value date: it cannot count as a payment", at: e.source))
    }
    movement += e.direction == .credit ? e.amount.value : -e.amount.value
    statementEntries += 1
    file.entries.append(e)
    entry = nil
  }

  mutating func finishStatement(line: Int) {
    file.statements += 1
    let opening = balances.first { $0.code == "OPBD" } ?? balances.first { $0.code == "PRCD" }
    let closing = balances.first { $0.code == "CLBD" }
    if let opening, let closing, opening.currency == closing.currency, statementEntries > 0,
      opening.amount + movement != closing.amount
    {
      file.warnings.append(
        Finding(
          .warning, rule: "TL-BANK-BALANCE",
          "the opening balance \(opening.amount.moneyText) and the entries (\(movement.moneyText)) do not add up to the closing balance \(closing.amount.moneyText) of statement \(statementID ?? "?")",
          at: SourceLocation(file: source, line: closing.line)))
    }
  }
}
