import Testing

@testable import ThinlineCore

/// `Party` keeps its fields in a shared box: it must still behave as a value.
@Suite struct PartyValueTests {
  @Test func copiesAreIndependentAndEqualByContent() {
    var a = Party()
    a.legalName = "Bakkerij B.V."
    a.identifiers.append(PartyIdentifier(scheme: "kvk", value: "123"))
    a.address.city = "Utrecht"
    var b = a
    b.address.city = "Zwolle"
    b.contact.email = "x@example.com"
    #expect(a.address.city == "Utrecht" && a.contact.email == nil)
    #expect(b.address.city == "Zwolle" && b.identifiers.count == 1)
    #expect(a != b)
    b.address.city = "Utrecht"
    b.contact.email = nil
    #expect(a == b && a.hashValue == b.hashValue)
    let some: Party? = a
    let none: Party? = nil
    #expect(some != nil && none == nil && some != none)
  }
}
