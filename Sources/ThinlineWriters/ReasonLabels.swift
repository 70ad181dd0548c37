import ThinlineCore

/// Reason codes in words, for people (the codes stay what scripts read).
extension HTMLReport.Labels {
  func reason(_ code: ReasonCode) -> String {
    switch code {
    case .termExtended: return t("longer payment term agreed", "langere betaaltermijn afgesproken")
    case .dueDateConflict: return t("printed due date conflicts with the agreement", "vervaldatum op factuur in strijd met afspraak")
    case .defaultTerm: return t("standard payment term", "standaard betaaltermijn")
    case .priceAboveAgreement: return t("price above the agreed price", "prijs boven de afgesproken prijs")
    case .creditApplied: return t("credit note applied", "creditnota verrekend")
    case .partialPayment: return t("partly paid", "deels betaald")
    case .unallocatedPayment: return t("payment not yet allocated", "betaling nog niet toegewezen")
    case .reminderBeforeDue: return t("reminded before the due date", "herinnerd vóór de vervaldatum")
    case .remindersIncomplete: return t("not enough reminders sent", "nog niet genoeg herinneringen")
    case .notRipe: return t("not overdue long enough", "nog niet lang genoeg vervallen")
    case .fourteenDayLetterRequired: return t("14-day letter still to send", "veertiendagenbrief nog versturen")
    case .fourteenDayLetterRunning: return t("14-day letter period running", "termijn veertiendagenbrief loopt")
    case .paused: return t("collection paused", "incasso gepauzeerd")
    case .neverHandover: return t("never hand over (agreement)", "nooit overdragen (afspraak)")
    case .disputed: return t("in dispute", "betwist")
    case .paymentPlan: return t("payment plan kept", "betalingsregeling loopt")
    case .paymentPlanDefaulted: return t("payment plan broken", "betalingsregeling niet nagekomen")
    case .belowMinimum: return t("below the minimum amount", "onder het minimumbedrag")
    case .strategicCustomer: return t("strategic customer", "strategische klant")
    case .approved: return t("account manager's decision", "besluit accountmanager")
    case .accountManagerHold: return t("held by the account manager", "aangehouden door accountmanager")
    case .invoiceRevised: return t("invoice revised", "factuur gewijzigd")
    case .currencyMismatch: return t("currency differs", "afwijkende valuta")
    case .customerAmbiguous: return t("customer not unambiguous", "klant niet eenduidig")
    case .noDates: return t("no invoice or due date", "geen factuur- of vervaldatum")
    case .bankPayment: return t("payment on the bank statement", "betaling op het bankafschrift")
    }
  }
}
