import ThinlineCore

/// Finding the header, choosing the profile and deciding the file's conventions, once per file.
extension RowParser {
  func finished() -> CSVReadResult {
    var result = self.result
    for field in RowParser.amountFields {
      if let column = map[field] { result.dialect.decimalConventions[map.headers[column]] = conventions[field.rawValue] }
    }
    var decimals: [String] = []
    for field in RowParser.amountFields where field != .quantity && field != .vatRate {
      if let column = map[field] {
        decimals.append(
          "\(map.headers[column]): decimal \(conventions[field.rawValue] == .comma ? "comma (1.234,56)" : "point (1,234.56)")")
      }
    }
    result.explanation.decimals = decimals
    result.explanation.currency = currencyExplanation
    return result
  }

  var currencyExplanation: String {
    if let column = map[.currency] { return "from column \(column + 1) \"\(map.headers[column])\"" }
    if let cell = cellCurrency { return "\(cell.code), from the amounts' sign or code (first on line \(cell.line))" }
    if let code = profile.defaultCurrency { return "\(code), the mapping's default" }
    return "EUR (no currency column and no sign in the amounts)"
  }

  /// Reads every record the tokenizer has left.
  mutating func readRecords() throws(InputError) {
    while !stopped, tokenizer.next() {
      if let quoteLine = tokenizer.unterminatedQuoteLine {
        throw InputError(
          SourceLocation(file: source, line: quoteLine), "a quoted field is never closed",
          expected: "a closing \" before the end of the file")
      }
      if tokenizer.isBlankRecord() || isRepeatedHeader() || isSummaryRow() { continue }
      if profile.sections && isSectionLine() {
        stopped = true
        result.explanation.stoppedAt =
          "reading stopped at the section line \"\(trimmedString(tokenizer.bytes(0)))\" on line \(tokenizer.recordLine): what follows is another section"
        break
      }
      result.rows += 1
      switch result.kind {
      case .payments: readPayment()
      case .reminders: readReminder()
      case .invoices, .openItems, .invoiceLines: readDocumentRow()
      }
    }
  }

  /// One non-blank cell in capitals and nothing else: `PAYMENTS`, `CLIENTS`.
  func isSectionLine() -> Bool {
    var nonBlank = 0
    for i in 0..<tokenizer.fields.count where !isBlank(tokenizer.bytes(i)) { nonBlank += 1 }
    guard nonBlank == 1, !isBlank(tokenizer.bytes(0)) else { return false }
    let text = trimmedString(tokenizer.bytes(0))
    return text.count >= 3 && text.allSatisfy { $0.isUppercase || $0 == " " || $0 == "_" }
  }

  /// The first record in which at least two cells are known column names (or a mapping's
  /// headers); rows above are a preamble. Then the profile: a mapping, else the package whose
  /// signature the header carries, else generic.
  mutating func findHeader() throws(InputError) {
    var scanned = 0
    let known = Set(CSVProfile.all.flatMap { $0.aliases.values.flatMap { $0 } })
    // Mappings chosen by the file's name: detection must not take the file from them.
    let byName = mappings.filter { $0.fileGlob.map { CSVGlob.matches($0, CSVProfile.basename(source)) } ?? false }
    while tokenizer.next() {
      scanned += 1
      if let quoteLine = tokenizer.unterminatedQuoteLine {
        throw InputError(SourceLocation(file: source, line: quoteLine), "a quoted field is never closed", expected: "a closing \"")
      }
      let cells = (0..<tokenizer.fields.count).map { tokenizer.string($0) }
      let normalised = cells.map(CSVProfile.normalise)
      // A mapping always beats detection.
      if let mapping = mappings.first(where: { $0.appliesToHeader(normalised, fileName: source) }) {
        try adopt(
          mapping, cells: cells, normalised: normalised, why: "the csv mapping at \(mapping.origin?.description ?? "the configuration")")
        return
      }
      if byName.isEmpty, normalised.filter({ known.contains($0) }).count >= 2 {
        if CSVProfile.looksLikeLedger(normalised) {
          throw InputError(
            location(line: tokenizer.recordLine),
            "this looks like a general-ledger or journal export (debit/credit or ledger-account columns: \(cells.joined(separator: ", "))), not a list of invoices or open items",
            expected: "an export of invoices, open items (openstaande posten debiteuren), payments or reminders")
        }
        if let package = CSVPackageProfiles.all.first(where: { $0.matches(normalised) }) {
          try adopt(package, cells: cells, normalised: normalised, why: "its header has \(package.signatureText)")
        } else {
          try adopt(.generic, cells: cells, normalised: normalised, why: "no package profile's header matched; generic column names")
        }
        return
      }
      if scanned >= 30 { break }
    }
    if let mapping = byName.first {
      throw InputError(
        SourceLocation(file: source, line: 1),
        "the csv mapping at \(mapping.origin?.description ?? "the configuration") applies to this file's name, but no row in the first \(scanned) holds its headers (\(mapping.mappedHeaders.joined(separator: ", ")))",
        expected: "a header row with the column names the mapping gives, spelled as in the file")
    }
    throw InputError(
      SourceLocation(file: source, line: 1), "no header row found in the first \(scanned) rows",
      expected: "a header with column names such as invoice_number/factuurnummer, customer_number/klantnummer, amount/bedrag")
  }

  mutating func adopt(_ chosen: CSVProfile, cells: [String], normalised: [String], why: String) throws(InputError) {
    if chosen.origin != nil {
      // Every column a mapping names must be in the file: name the config line and the header.
      for (field, names) in chosen.aliases.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        guard let name = names.first, !normalised.contains(name) else { continue }
        let at = chosen.originByField[field] ?? chosen.origin
        throw InputError(
          location(line: tokenizer.recordLine),
          "the csv mapping at \(at?.description ?? "the configuration") reads \(field.key) from column \"\(chosen.headerSpelling[field] ?? name)\", which this file's header does not have (its columns: \(cells.joined(separator: ", ")))",
          expected: "the header as the file spells it, or a mapping for another file pattern")
      }
    }
    guard let kind = chosen.kind(of: normalised) else {
      throw InputError(
        location(line: tokenizer.recordLine),
        "cannot tell what this CSV holds from its columns (\(cells.joined(separator: ", ")))",
        expected:
          "invoices (invoice number + total or outstanding), invoice lines (+ quantity/unit price), payments (payment date + amount) or reminders (invoice number, date, kind, channel); for another export, a csv mapping in the configuration"
      )
    }
    profile = chosen
    normalisedHeader = normalised
    headerFirstCell = Array(tokenizer.bytes(0))
    map = chosen.map(normalised, kind: kind, original: cells)
    // `Customer`, `Klant`, `Debiteur`, `Client` alone may hold a number or a name: with no name
    // column beside it, it is read as both, so that a dossier never shows a name as the number only.
    if chosen.origin == nil, !map.has(.customerName), let column = map[.customerNumber],
      ["customer", "klant", "debiteur", "client", "relatie", "party"].contains(normalised[column])
    {
      map[.customerName] = column
    }
    numberFallbackColumn = chosen.numberFallback.flatMap { normalised.firstIndex(of: $0) }
    result.kind = kind
    result.profile = chosen.name
    result.dialect.headerLine = tokenizer.recordLine
    result.explanation.profile = chosen.name
    result.explanation.why = "\(chosen.title): \(why)"
    result.explanation.kind = kind.rawValue.replacingOccurrences(of: "_", with: " ")
    result.explanation.fields = CSVField.allCases.compactMap { field in
      map[field].map { CSVExplanation.FieldReading(field: field.key, header: cells[$0], column: $0 + 1) }
    }
    switch chosen.sign {
    case .negativeIsCredit:
      result.explanation.sign =
        "a negative total or open amount is a credit note"
        + (map.has(.documentType) ? ", and so is a credit type in \"\(cells[map[.documentType]!])\"" : "")
    case .typeColumn:
      result.explanation.sign = "only the type column tells a credit note; amounts are positive"
    }
    try checkRequired(kind)
  }

  func checkRequired(_ kind: CSVKind) throws(InputError) {
    let required: [CSVField]
    switch kind {
    case .payments: required = [.paymentDate, .amount]
    case .reminders: required = [.invoiceNumber, .date, .reminderKind]
    case .invoices: required = [.invoiceNumber, .issueDate, .total]
    case .openItems: required = [.invoiceNumber, .outstanding]
    case .invoiceLines: required = [.invoiceNumber]
    }
    for field in required where !map.has(field) && !(field == .invoiceNumber && profile.invoiceNumberInDescription) {
      let names = profile.names(field).prefix(4).joined(separator: ", ")
      throw InputError(
        SourceLocation(file: source, line: result.dialect.headerLine),
        "the \(kind.rawValue) file (profile \(profile.name)) has no \(field.key) column",
        expected: names.isEmpty ? "a csv mapping that names the \(field.key) column" : "a column named one of \(names)")
    }
    if profile.sign == .typeColumn && !map.has(.documentType) {
      throw InputError(
        SourceLocation(file: source, line: result.dialect.headerLine),
        "sign: type_column needs a document_type column, and the mapping names none", expected: "document_type: <header>")
    }
    if kind == .invoiceLines && !map.has(.total) && !(map.has(.lineAmount) || (map.has(.quantity) && map.has(.unitPrice))) {
      throw InputError(
        SourceLocation(file: source, line: result.dialect.headerLine),
        "the invoice-lines file has neither a total nor line amounts (quantity × unit price)",
        expected: "columns quantity/aantal and unit_price/stukprijs, or a line amount")
    }
  }

  static let amountFields: [CSVField] = [
    .total, .outstanding, .paid, .unitPrice, .lineAmount, .taxAmount, .amount, .refunded, .quantity, .vatRate,
  ]
  static let moneyFields: Set<CSVField> = [.total, .outstanding, .paid, .lineAmount, .taxAmount, .amount, .refunded]
  static let dateFields: [CSVField] = [.issueDate, .dueDate, .paymentDate, .date]

  /// Decides each amount column's decimal convention and the file's one day/month order from
  /// the evidence in its cells, so that `1.234` and `03/04/2026` mean the same on every row.
  ///
  /// Dates: a value whose first part is above 12 proves day-first, second part above 12
  /// month-first, for every date column of the file. Reading goes on to the end of the file
  /// while only ambiguous slash dates were seen; if nothing decides, the file is refused.
  mutating func prescan() throws(InputError) {
    var verdicts: [CSVField: (comma: Int, point: Int)] = [:]
    var evidence: (order: DateOrder, line: Int, column: Int, text: String)? = nil
    var ambiguousSlash: (line: Int, column: Int, text: String)? = nil
    var ambiguousOther = false
    var nonISO = false
    let dateColumns = RowParser.dateFields.compactMap { map[$0] }
    var rows = 0
    let needDates = profile.dateOrder == nil && !dateColumns.isEmpty
    while tokenizer.next() {
      rows += 1
      if rows <= 5000 {
        for field in RowParser.amountFields {
          guard let column = map[field] else { continue }
          switch AmountParsing.classify(tokenizer.bytes(column)) {
          case .comma: verdicts[field, default: (0, 0)].comma += 1
          case .point: verdicts[field, default: (0, 0)].point += 1
          default: break
          }
        }
      }
      if needDates && evidence == nil {
        for column in dateColumns {
          guard let p = DateParsing.parts(tokenizer.bytes(column)), !p.isoOrder else { continue }
          nonISO = true
          if p.a > 12 && p.b <= 12 {
            evidence = (.dmy, tokenizer.recordLine, column, trimmedString(tokenizer.bytes(column)))
            break
          } else if p.b > 12 && p.a <= 12 {
            evidence = (.mdy, tokenizer.recordLine, column, trimmedString(tokenizer.bytes(column)))
            break
          } else if DateParsing.isAmbiguous(p) {
            if p.separator == UInt8(ascii: "/") {
              if ambiguousSlash == nil { ambiguousSlash = (tokenizer.recordLine, column, trimmedString(tokenizer.bytes(column))) }
            } else {
              ambiguousOther = true
            }
          }
        }
      }
      let datesSettled = !needDates || evidence != nil || (rows >= 5000 && ambiguousSlash == nil)
      if rows >= 5000 && datesSettled { break }
    }
    // Amounts. A semicolon-delimited file comes from a decimal-comma locale (Excel's list separator).
    let semicolon = tokenizer.delimiter == UInt8(ascii: ";")
    let fileDefault: DecimalConvention = semicolon ? .comma : .point
    var fileVerdict: DecimalConvention? = nil
    let all = verdicts.values.reduce((0, 0)) { ($0.0 + $1.comma, $0.1 + $1.point) }
    if all.0 > all.1 { fileVerdict = .comma } else if all.1 > all.0 { fileVerdict = .point }
    for field in RowParser.amountFields where map.has(field) {
      if let declared = profile.decimal {
        conventions[field.rawValue] = declared
        conventionDecided[field.rawValue] = true
        continue
      }
      let v = verdicts[field] ?? (0, 0)
      conventions[field.rawValue] = v.comma > v.point ? .comma : v.point > v.comma ? .point : (fileVerdict ?? fileDefault)
      conventionDecided[field.rawValue] = v.comma != v.point || fileVerdict != nil || semicolon
    }
    // Dates.
    let columnNames = dateColumns.map { "\"\(map.headers[$0])\"" }.joined(separator: ", ")
    if let declared = profile.dateOrder {
      dateOrder = declared
      dateOrderDecided = true
      result.explanation.dateOrder =
        "\(declared.rawValue), " + (profile.origin != nil ? "as the csv mapping says" : "as \(profile.name) writes its dates")
    } else if let evidence {
      dateOrder = evidence.order
      dateOrderDecided = true
      result.explanation.dateOrder =
        "\(evidence.order.rawValue) for every date column (\(columnNames)): \"\(evidence.text)\" on line \(evidence.line) in column \(evidence.column + 1) can only be read that way"
    } else if let slash = ambiguousSlash {
      throw InputError(
        SourceLocation(file: source, line: slash.line, column: slash.column + 1),
        "the dates in \(columnNames) could be day-first or month-first (\"\(slash.text)\"), and no date in the file tells which",
        expected: "date_order: dmy or mdy in a csv mapping for this file in the configuration")
    } else if ambiguousOther {
      dateOrder = .dmy
      dateOrderDecided = true
      slashDatesNeedEvidence = true
      result.explanation.dateOrder =
        "dmy: no date in \(columnNames) tells, and dates written with - or . are day-first (DD-MM-YYYY) as Dutch and European packages write them"
    } else {
      dateOrder = .dmy
      dateOrderDecided = !nonISO
      result.explanation.dateOrder = dateColumns.isEmpty ? "no date columns" : "ISO (YYYY-MM-DD)"
    }
  }

  func isRepeatedHeader() -> Bool {
    guard tokenizer.fields.count == normalisedHeader.count, tokenizer.bytes(0).elementsEqual(headerFirstCell) else { return false }
    for i in 0..<min(3, normalisedHeader.count) where CSVProfile.normalise(tokenizer.string(i)) != normalisedHeader[i] {
      return false
    }
    return true
  }

  /// `Totaal`, `Subtotaal`, `Total`, `Totaal debiteuren`, `Total for …` with no invoice number.
  /// Checked on bytes first: a cell that starts with a digit or another letter is no total.
  func isSummaryRow() -> Bool {
    func mayBeTotal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      guard let first = bytes.first(where: { !isSpaceByte($0) }) else { return false }
      switch first | 0x20 {
      case UInt8(ascii: "t"), UInt8(ascii: "s"), UInt8(ascii: "g"):
        let text = CSVProfile.normalise(String(decoding: bytes, as: UTF8.self))
        return text.hasPrefix("totaal") || text.hasPrefix("total") || text.hasPrefix("subtota") || text == "grandtotal"
      default: return false
      }
    }
    if let column = map[.invoiceNumber], !isBlank(tokenizer.bytes(column)) {
      return mayBeTotal(tokenizer.bytes(column))
    }
    for i in 0..<min(tokenizer.fields.count, 4) where mayBeTotal(tokenizer.bytes(i)) { return true }
    return false
  }
}

extension CSVProfile {
  static func basename(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
  }

  var signatureText: String { signature.map { "\"\($0)\"" }.joined(separator: ", ") }

  /// The headers a mapping reads (normalised).
  var mappedHeaders: [String] { aliases.values.compactMap(\.first).sorted() }

  /// A mapping applies to a header row when the file's name matches its pattern (if it has one)
  /// and the row carries its signature (if it has one) — or, for a name-only mapping, one of its
  /// columns.
  func appliesToHeader(_ normalised: [String], fileName: String) -> Bool {
    if let glob = fileGlob, !CSVGlob.matches(glob, CSVProfile.basename(fileName)) { return false }
    if !signature.isEmpty { return signature.allSatisfy { normalised.contains($0) } }
    // Chosen by file name: the first row with one of its headers is the header row, and a
    // header it lacks is then named.
    return mappedHeaders.contains { normalised.contains($0) }
  }
}
