import Testing
@Test func ledgerPlaceholder() { #expect(true) }
