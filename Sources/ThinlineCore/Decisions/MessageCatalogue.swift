import Foundation

/// Every message in English and Dutch, side by side, so that a translator reads one file. The
/// English texts are the ones decisions.json has always carried; change them only with the
/// golden files.
extension Message {
  /// The English text (decisions.json, the CLI).
  public var english: String { text(.en) }

  public func text(_ language: Language) -> String {
    let w = Words(language)
    let t = w.t
    let m = w.money
    let d = w.date
    switch self {
    case let .termMovesDueDate(days, printed, agreed):
      return t(
        "the agreed term of \(days) days moves the due date from \(printed) to \(agreed)",
        "de afgesproken termijn van \(days) dagen verschuift de vervaldatum van \(d(printed)) naar \(d(agreed))")
    case let .printedDueDateEarlier(printed, agreed, days):
      return t(
        "the invoice prints due date \(printed), earlier than the agreed \(agreed) (issue date + \(days) days): fix the term in the billing package",
        "op de factuur staat vervaldatum \(d(printed)), eerder dan de afgesproken \(d(agreed)) (factuurdatum + \(days) dagen): pas de termijn aan in het factuurpakket"
      )
    case let .agreedTermWithoutPrintedDate(days, agreed, defaultDays):
      return t(
        "no due date printed; the agreed term of \(days) days gives \(agreed) instead of the default \(defaultDays) days",
        "geen vervaldatum op de factuur; de afgesproken termijn van \(days) dagen geeft \(d(agreed)) in plaats van de standaard van \(defaultDays) dagen"
      )
    case let .defaultTerm(days, due):
      return t(
        "no due date on the invoice and no agreed term: the default of \(days) days gives \(due)",
        "geen vervaldatum op de factuur en geen afgesproken termijn: de standaard van \(days) dagen geeft \(d(due))")
    case let .invoiceRevised(number, source, amount, replaced, replacedAmount):
      return t(
        "\(number) was revised: this version (\(source), amount \(m(amount))) replaces the one in \(replaced) (amount \(m(replacedAmount)))",
        "\(number) is gewijzigd: deze versie (\(source), bedrag \(m(amount))) vervangt die in \(replaced) (bedrag \(m(replacedAmount)))")

    case let .creditRefersToMissingInvoice(reference):
      return t(
        "refers to \(reference), which is not among the inputs; applied as an unreferenced credit",
        "verwijst naar \(reference), dat niet bij de invoer zit; verrekend als creditnota zonder verwijzing")
    case let .creditCurrencyDiffers(creditCurrency, reference, invoiceCurrency):
      return t(
        "credit note in \(creditCurrency ?? "?") for \(reference) in \(invoiceCurrency ?? "?"): not applied",
        "creditnota in \(creditCurrency ?? "?") voor \(reference) in \(invoiceCurrency ?? "?"): niet verrekend")
    case let .creditInBillingOpenAmount(reference):
      return t(
        "credits \(reference), whose open amount from the billing package already includes it",
        "crediteert \(reference), waarvan het openstaande bedrag uit het factuurpakket haar al meetelt")
    case let .creditNoteApplied(note, amount, exceeds):
      let excess = exceeds.map {
        t(
          "; credits exceed the invoice amount \(m($0.invoiceAmount)) by \(m($0.excess)): check the billing package",
          "; de creditnota's overschrijden het factuurbedrag \(m($0.invoiceAmount)) met \(m($0.excess)): controleer het factuurpakket")
      }
      return t("credit note \(note) of \(m(amount)) applied", "creditnota \(note) van \(m(amount)) verrekend") + (excess ?? "")
    case let .creditAppliedTo(reference):
      return t("applied to \(reference)", "verrekend met \(reference)")
    case let .unreferencedCreditHere(amount, note):
      return t(
        "\(m(amount)) of credit note \(note) (which names no open invoice of this customer) applied here, oldest invoice first",
        "\(m(amount)) van creditnota \(note) (die geen openstaande factuur van deze klant noemt) hier verrekend, oudste factuur eerst")
    case let .unreferencedCreditSpread(parts, leftOver):
      guard !parts.isEmpty else {
        return t("no open invoice of this customer to apply it to", "geen openstaande factuur van deze klant om mee te verrekenen")
      }
      let applied = parts.map { t("\(m($0.amount)) to \($0.invoice)", "\(m($0.amount)) met \($0.invoice)") }.joined(separator: ", ")
      let left = leftOver > 0 ? t("; \(m(leftOver)) left over", "; \(m(leftOver)) blijft over") : ""
      return t("applied ", "verrekend: ") + applied + left

    case let .paymentCurrencyDiffers(amount, currency, date, invoiceCurrency):
      return t(
        "a payment of \(m(amount)) \(currency) on \(date) names this \(invoiceCurrency) invoice: not applied",
        "een betaling van \(m(amount)) \(currency) op \(d(date)) noemt deze factuur in \(invoiceCurrency): niet verrekend")
    case let .partialPayment(paid, amount, open):
      return t("\(m(paid)) paid of \(m(amount)); \(m(open)) open", "\(m(paid)) betaald van \(m(amount)); \(m(open)) open")
    case let .unallocatedPayments(count, total, last, bank):
      let notes = bank.map { "\(m($0.amount)) \(t("on", "op")) \(d($0.date)): \($0.how.text(language))" }
      let bankText = notes.isEmpty ? "" : t(" (bank statement: ", " (bankafschrift: ") + notes.joined(separator: "; ") + ")"
      return t(
        "\(count) payment(s) of \(m(total)) in all (last on \(last)) from this customer name no open invoice: allocate them before anyone hands this customer over",
        "\(count) betaling(en) van in totaal \(m(total)) (de laatste op \(d(last))) van deze klant noemen geen openstaande factuur: wijs ze toe voordat iemand deze klant overdraagt"
      ) + bankText
    case let .bankPaymentReversed(amount, paid, reversed, returnReason):
      return t(
        "the bank payment of \(m(amount)) on \(paid) was reversed on \(reversed)\(returnReason.map { " (reason \($0))" } ?? ""): it does not count",
        "de bankbetaling van \(m(amount)) op \(d(paid)) is op \(d(reversed)) teruggeboekt\(returnReason.map { " (reden \($0))" } ?? ""): die telt niet mee"
      )
    case let .bankPaymentInExport(amount, date, how, exportDate):
      return t(
        "the bank's payment of \(m(amount)) on \(date) (\(how.text(language))) is the billing package's payment of \(exportDate): counted once",
        "de bankbetaling van \(m(amount)) op \(d(date)) (\(how.text(language))) is de betaling van \(d(exportDate)) uit het factuurpakket: één keer geteld"
      )
    case let .bankPaid(amount, date, how, billingOpen):
      let onTopOf = billingOpen.map {
        t(" (the billing package's open amount was \(m($0)))", " (het openstaande bedrag uit het factuurpakket was \(m($0)))")
      }
      return t(
        "paid \(m(amount)) on \(date) by bank (\(how.text(language)))",
        "\(m(amount)) per bank betaald op \(d(date)) (\(how.text(language)))") + (onTopOf ?? "")
    case let .unplacedPayment(amount, currency, date, payer, iban, remittance):
      return
        "\(m(amount)) \(currency ?? "") \(t("on", "op")) \(d(date)) \(t("from", "van")) \(payer ?? t("an unnamed payer", "een onbekende betaler"))\(iban.map { " (\($0))" } ?? "")\(remittance.map { ", \"\($0)\"" } ?? "")"

    case let .priceAboveAgreement(lines, disputed):
      let each = lines.map { l in
        let charged = w.number(DecimalFormatting.plain(l.charged, scale: 2))
        let quantity = w.number(DecimalFormatting.plain(l.quantity, scale: 0))
        let vat = w.number(DecimalFormatting.plain(l.vatPercent, scale: 0))
        return t(
          "line \(l.line ?? "?") (\(l.item)): \(charged) charged, \(m(l.agreed)) agreed, × \(quantity) + \(vat) % VAT = \(m(l.disputed)) disputed",
          "regel \(l.line ?? "?") (\(l.item)): \(charged) berekend, \(m(l.agreed)) afgesproken, × \(quantity) + \(vat) % btw = \(m(l.disputed)) betwist"
        )
      }
      return t("price above agreement: ", "") + each.joined(separator: "; ")
        + t("; \(m(disputed)) disputed in all", "; \(m(disputed)) betwist in totaal")
    case let .reminderBeforeDue(kind, sent, due):
      let what: String
      switch kind {
      case .reminder: what = t("reminder", "herinnering")
      case .demand: what = t("demand", "aanmaning")
      case .fourteenDayLetter: what = t("fourteen-day-letter", "veertiendagenbrief")
      }
      return t(
        "a \(what) was sent on \(sent), on or before the effective due date \(due): it does not count, and the customer was dunned too early",
        "een \(what) is verstuurd op \(d(sent)), op of vóór de geldende vervaldatum \(d(due)): die telt niet mee, en de klant is te vroeg aangemaand"
      )
    case let .currencyKeptApart(currency, expected, agreementCurrency):
      let source =
        agreementCurrency
        ? t("the agreement's currency", "de valuta van de afspraak")
        : t("the currency of this customer's other invoices", "de valuta van de andere facturen van deze klant")
      return t(
        "invoiced in \(currency), not in \(expected) (\(source)): kept apart, never summed with them",
        "gefactureerd in \(currency), niet in \(expected) (\(source)): apart gehouden, nooit bij de andere opgeteld")

    case let .customerAmbiguous(candidates):
      return t(
        "the buyer matches \(candidates.count) customers in the agreements (\(w.list(candidates))): fix their identifiers so that exactly one matches",
        "de koper past bij \(candidates.count) klanten in de afspraken (\(w.list(candidates))): maak hun kenmerken zo dat er precies één past"
      )
    case .noDates:
      return t(
        "neither an issue date nor a due date: no term can be computed; the invoice needs a date",
        "geen factuurdatum en geen vervaldatum: er is geen termijn te berekenen; de factuur heeft een datum nodig")
    case .neverHandover:
      return t("the agreement says never to hand this customer over", "volgens de afspraak wordt deze klant nooit overgedragen")
    case let .disputed(note):
      return t("in dispute: \(note ?? "no note")", note ?? "geen notitie")
    case let .paused(until):
      return t("collection is paused until \(until)", "de incasso is gepauzeerd tot en met \(d(until))")
    case let .planKept(checked, installments, due, paid):
      return t(
        "payment plan kept: \(checked) of \(installments) installments due by now (\(m(due))), \(m(paid)) paid",
        "\(checked) van \(installments) termijnen nu vervallen (\(m(due))), \(m(paid)) betaald")
    case let .planBroken(broken, graceDays, first, paid, due):
      return t(
        "payment plan broken: \(broken) installment(s) not paid within \(graceDays) days of their date, the first on \(first); \(m(paid)) paid of \(m(due)) due",
        "\(broken) termijn(en) niet binnen \(graceDays) dagen na de datum betaald, de eerste op \(d(first)); \(m(paid)) betaald van \(m(due)) verschuldigd"
      )
    case let .accountManagerHold(by, until, decided, note):
      return t(
        "\(by ?? "the account manager") holds this customer\(until.map { " until \($0)" } ?? "") (decided \(decided))\(note.map { ": \($0)" } ?? "")",
        "\(by ?? "de accountmanager") houdt deze klant aan\(until.map { " tot en met \(d($0))" } ?? "") (besloten op \(d(decided)))\(note.map { ": \($0)" } ?? "")"
      )
    case let .notRipe(days, after):
      return t(
        "\(days) days overdue; ripe for handover after \(after)",
        "\(days) dagen vervallen; rijp voor overdracht na \(after) dagen")
    case let .remindersIncomplete(count, due, needed):
      return t(
        "\(count) reminder(s) after the due date \(due); \(needed) are needed before handover",
        "\(count) herinnering(en) na de vervaldatum \(d(due)); er zijn er \(needed) nodig vóór overdracht")
    case .fourteenDayLetterRequired:
      return t(
        "a consumer: send the 14-day letter (art. 6:96 lid 6 BW) stating the costs; no handover with costs before its 14 days have passed",
        "een consument: stuur de veertiendagenbrief (art. 6:96 lid 6 BW) met de kosten; geen overdracht met kosten voordat de 14 dagen om zijn"
      )
    case let .fourteenDayLetterRunning(receipt, last):
      return t(
        "the 14-day letter counts as received on \(receipt); its 14 days run through \(last)",
        "de veertiendagenbrief geldt als ontvangen op \(d(receipt)); de 14 dagen lopen tot en met \(d(last))")

    case let .belowMinimum(total, minimum):
      return t(
        "the customer's ripe open total is \(m(total)), below the minimum of \(m(minimum)) for handover",
        "het rijpe openstaande totaal van de klant is \(m(total)), onder het minimum van \(m(minimum)) voor overdracht")
    case let .strategicReview(f, currency):
      let c = currency.map { " \($0)" } ?? ""
      var parts = [
        t(
          "strategic customer (\(f.strategicBecause.map { $0.text(language) }.joined(separator: "; "))): the account manager decides",
          "strategische klant (\(f.strategicBecause.map { $0.text(language) }.joined(separator: "; "))): de accountmanager beslist"),
        t(
          "12-month revenue \(m(f.revenue12Months))\(c) (\(w.percent(f.revenueShare)) of all customers)",
          "omzet over 12 maanden \(m(f.revenue12Months))\(c) (\(w.percent(f.revenueShare)) van alle klanten)"),
        t("customer since \(f.customerSince?.description ?? "unknown")", "klant sinds \(f.customerSince.map(d) ?? "onbekend")"),
        t(
          "open \(m(f.open))\(c), overdue \(m(f.overdue))\(c), up to \(f.daysOverdue) days overdue",
          "open \(m(f.open))\(c), vervallen \(m(f.overdue))\(c), tot \(f.daysOverdue) dagen vervallen"),
        t("\(f.brokenPromises) broken payment-plan promise(s)", "\(f.brokenPromises) gebroken betalingsafspraak/-afspraken"),
      ]
      if let manager = f.accountManager { parts.append(t("account manager \(manager)", "accountmanager \(manager)")) }
      if let notes = f.notes { parts.append(t("notes: \(notes)", "notities: \(notes)")) }
      parts.append(t("without an approval nothing is handed over", "zonder akkoord wordt niets overgedragen"))
      return parts.joined(separator: "; ")
    case let .approved(by, date, note):
      return t(
        "\(by ?? "the account manager") approved the handover on \(date)\(note.map { ": \($0)" } ?? "")",
        "\(by ?? "de accountmanager") gaf op \(d(date)) akkoord voor overdracht\(note.map { ": \($0)" } ?? "")")

    case let .termAboveSixtyDays(days):
      return t(
        "the negotiated term of \(days) days is above the 60 days art. 6:119a lid 5 BW allows between businesses unless expressly agreed and not grossly unfair; it may not hold in court",
        "de afgesproken termijn van \(days) dagen ligt boven de 60 dagen die art. 6:119a lid 5 BW tussen bedrijven toestaat, tenzij uitdrukkelijk overeengekomen en niet grof onbillijk; mogelijk houdt die geen stand bij de rechter"
      )
    case let .limitation(date, consumer, passed):
      let law =
        consumer
        ? t("art. 7:28 BW (2 years, consumer purchase; text unconfirmed)", "art. 7:28 BW (2 jaar, consumentenkoop; tekst onbevestigd)")
        : t("art. 3:307 BW (5 years)", "art. 3:307 BW (5 jaar)")
      return passed
        ? t(
          "the claim may be time-barred since \(date) under \(law), unless the limitation was interrupted",
          "de vordering is mogelijk verjaard sinds \(d(date)) volgens \(law), tenzij de verjaring is gestuit")
        : t(
          "the claim is time-barred on \(date) under \(law) unless interrupted: act before then",
          "de vordering verjaart op \(d(date)) volgens \(law), tenzij gestuit: handel vóór die datum")
    case let .recurringSmallClaims(count):
      return t(
        "\(count) open claims below 266.67 in the last six months: the cap on collection costs for small recurring claims (at most 140.00 per six months, Besluit kwaliteit incassodienstverlening, since 1 October 2024) may apply; Thinline does not compute it — check the costs by hand",
        "\(count) openstaande vorderingen onder 266,67 in de laatste zes maanden: de grens aan de incassokosten voor kleine terugkerende vorderingen (hoogstens 140,00 per zes maanden, Besluit kwaliteit incassodienstverlening, sinds 1 oktober 2024) kan gelden; Thinline berekent die niet — controleer de kosten zelf"
      )
    case let .rateUnconfirmed(from, lastChecked):
      return t(
        "the statutory rate from \(from) on is not confirmed in the rate table (last checked \(lastChecked)); check the current rate at DNB/rijksoverheid.nl and override it with --rates if it differs",
        "de wettelijke rente vanaf \(d(from)) is niet bevestigd in de rentetabel (laatst gecontroleerd op \(d(lastChecked))); controleer de actuele rente bij DNB/rijksoverheid.nl en geef die met --rates op als die afwijkt"
      )
    case let .noRate(day, firstPeriod):
      return t(
        "the rate table has no rate for \(day); no interest counted before \(firstPeriod?.description ?? "its first period")",
        "de rentetabel heeft geen rente voor \(d(day)); geen rente geteld vóór \(firstPeriod.map(d) ?? "de eerste periode")")
    }
  }
}

extension BankMatch {
  public func text(_ language: Language) -> String {
    let w = Words(language)
    let t = w.t
    switch self {
    case let .paymentReference(reference):
      return t("payment reference \(reference)", "betalingskenmerk \(reference)")
    case let .invoiceNumberInText(number):
      return t("invoice number \(number) in the payment description", "factuurnummer \(number) in de omschrijving")
    case let .invoiceNumbersInText(numbers):
      return t("invoice numbers \(w.list(numbers)) in the payment description", "factuurnummers \(w.list(numbers)) in de omschrijving")
    case let .endToEndID(id):
      return t("end-to-end id \(id)", "end-to-end-id \(id)")
    case let .notTheirOpenAmount(how, amount):
      return t(
        "\(how.text(language)), but \(w.money(amount)) is not their open amount together: not split by guess",
        "\(how.text(language)), maar \(w.money(amount)) is niet hun openstaande bedrag samen: niet op de gok verdeeld")
    case let .differentCustomers(how):
      return t(
        "\(how.text(language)) of different customers: not split by guess",
        "\(how.text(language)) van verschillende klanten: niet op de gok verdeeld")
    case let .ibanOneInvoice(iban, customer):
      return t(
        "IBAN \(iban) of customer \(customer), the amount of one open invoice",
        "IBAN \(iban) van klant \(customer), het bedrag van één openstaande factuur")
    case let .ibanSeveralEqual(iban, invoices):
      return t(
        "IBAN \(iban); \(invoices.count) open invoices (\(w.list(invoices))) have this amount: not chosen by guess",
        "IBAN \(iban); \(invoices.count) openstaande facturen (\(w.list(invoices))) hebben dit bedrag: niet op de gok gekozen")
    case let .ibanSum(iban, customer, invoices):
      return t(
        "IBAN \(iban) of customer \(customer), the open amounts of \(w.list(invoices)) together",
        "IBAN \(iban) van klant \(customer), de openstaande bedragen van \(w.list(invoices)) samen")
    case let .ibanNoSet(iban, customer, severalSets):
      let why =
        severalSets
        ? t("several sets of open invoices add up to it", "meerdere combinaties van openstaande facturen komen erop uit")
        : t("no open invoice or set of them has this amount", "geen openstaande factuur of combinatie daarvan heeft dit bedrag")
      return t("IBAN \(iban) of customer \(customer); \(why)", "IBAN \(iban) van klant \(customer); \(why)")
    }
  }
}

extension StrategicReason {
  public func text(_ language: Language) -> String {
    let w = Words(language)
    let t = w.t
    switch self {
    case .markedInAgreements:
      return t("marked strategic in the agreements", "in de afspraken als strategisch aangemerkt")
    case let .revenueShare(share, threshold):
      return t(
        "12-month revenue is \(w.percent(share)) of all customers' (threshold \(w.percent(threshold)))",
        "omzet over 12 maanden is \(w.percent(share)) van die van alle klanten (drempel \(w.percent(threshold)))")
    case let .revenueAtLeast(revenue, currency, threshold):
      return t(
        "12-month revenue \(w.money(revenue)) \(currency) is at least \(w.money(threshold))",
        "omzet over 12 maanden \(w.money(revenue)) \(currency) is minstens \(w.money(threshold))")
    }
  }
}

extension BankSummary {
  /// One line for people: what the statements gave and what was left aside.
  public func line(_ language: Language) -> String {
    let t = Words(language).t
    let extra =
      (notBooked > 0 ? t(", \(notBooked) not booked", ", \(notBooked) niet geboekt") : "")
      + (afterAsOf > 0 ? t(", \(afterAsOf) after the as-of date", ", \(afterAsOf) na de peildatum") : "")
      + (noCurrency > 0 ? t(", \(noCurrency) without a currency", ", \(noCurrency) zonder valuta") : "")
    return t(
      "bank: \(entries) entr\(entries == 1 ? "y" : "ies")\(duplicates > 0 ? " (\(duplicates) already in another statement)" : ""): \(matched) matched to invoices, \(unallocated) unallocated, \(unplaced) nobody can place, \(alsoInExport) also in the payments export, \(reversed) reversed; \(debitsIgnored) debit(s) and \(feesIgnored) fee(s) ignored",
      "bank: \(entries) \(entries == 1 ? "post" : "posten")\(duplicates > 0 ? " (\(duplicates) al in een ander afschrift)" : ""): \(matched) aan facturen gekoppeld, \(unallocated) niet toegewezen, \(unplaced) door niemand te plaatsen, \(alsoInExport) ook in de betalingsexport, \(reversed) teruggeboekt; \(debitsIgnored) afschrijving(en) en \(feesIgnored) kostenpost(en) genegeerd"
    ) + extra
  }
}

extension Decision {
  /// The decision in words for people ("hand over", "overdragen"); scripts read `rawValue`.
  public func text(_ language: Language) -> String {
    let t = Words(language).t
    switch self {
    case .settled: return t("settled", "voldaan")
    case .notDue: return t("not due", "niet vervallen")
    case .hold: return t("hold", "aangehouden")
    case .remind: return t("remind", "herinneren")
    case .review: return t("review", "beoordelen")
    case .handover: return t("hand over", "overdragen")
    case .handedOver: return t("handed over", "overgedragen")
    }
  }
}
