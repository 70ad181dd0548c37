/// A debtor's details as all its documents give them, not only the latest: a phone on an invoice
/// is not lost because a later credit note has none.
public struct DebtorDetails: Hashable, Sendable {
  /// Per field the newest non-empty value; the address as a whole from the newest document that
  /// has one (street, postcode and city of one address, never mixed); every identifier.
  public var party: Party
  /// Every distinct e-mail address and phone number, newest first.
  public var emails: [String]
  public var phones: [String]

  /// - Parameter parties: the debtor's buyer parties, newest first.
  public init?(newestFirst parties: [Party]) {
    guard !parties.isEmpty else { return nil }
    var merged = Party()
    func first<T>(_ value: (Party) -> T?) -> T? { parties.lazy.compactMap(value).first }
    merged.tradingName = first(\.tradingName)
    merged.legalName = first(\.legalName)
    merged.endpoint = first(\.endpoint)
    merged.address = parties.first { !$0.address.isEmpty }?.address ?? Address()
    merged.contact.name = first(\.contact.name)
    merged.contact.email = first(\.contact.email)
    merged.contact.telephone = first(\.contact.telephone)
    for party in parties {
      for id in party.identifiers where !merged.identifiers.contains(id) { merged.identifiers.append(id) }
    }
    party = merged
    func distinct(_ values: [String]) -> [String] {
      var seen = Set<String>()
      return values.filter { seen.insert($0.lowercased().filter { !$0.isWhitespace }).inserted }
    }
    emails = distinct(parties.compactMap(\.contact.email))
    phones = distinct(parties.compactMap(\.contact.telephone))
  }
}

extension PartyIdentifier {
  /// One name per kind of identifier, whatever the source wrote: UBL's ICD codes (`0106` KvK,
  /// `9944` VAT …) and Thinline's CSV names alike; an identifier without a scheme is the
  /// creditor's customer number (as the decision engine reads it).
  public var canonicalScheme: String {
    guard let scheme = scheme?.trimmingCharacters(in: .whitespaces), !scheme.isEmpty else { return "customer_number" }
    switch scheme.lowercased() {
    case "0106", "kvk", "nl:kvk": return "kvk"
    case "9944", "vat", "nl:vat", "9930", "9925", "9906", "9957": return "vat"
    case "0088", "gln": return "gln"
    case "0190", "oin", "nl:oin": return "oin"
    case "0208", "be:en": return "be_enterprise"
    case "customer_number", "customernumber": return "customer_number"
    default: return scheme
    }
  }

  /// The identifier under its canonical scheme.
  public var canonical: PartyIdentifier { PartyIdentifier(scheme: canonicalScheme, value: value) }
}
