#!/usr/bin/env python3
"""Writes Peppol BIS 3 style UBL 2.1 invoices for Thinline's demo data and benchmarks.

usage: gen_ubl.py OUT_DIR COUNT [--seed N]        (benchmark corpus, ~5 KB each)
       as a module: invoice_xml(...) for hand-made fixtures
Amounts are computed with Decimal and consistent with EN 16931 (BR-CO-10..17, BR-S-08).
"""
import os, random, sys
from decimal import Decimal, ROUND_HALF_UP
from xml.sax.saxutils import escape

C2 = Decimal("0.01")

def r2(x):
    return x.quantize(C2, rounding=ROUND_HALF_UP)

def invoice_xml(number, issue, due, buyer, lines, seller=None, currency="EUR", credit_note=False,
                billing_ref=None, note=None, attachment=None):
    """lines: list of (item_id, name, qty, price, vat_rate)."""
    seller = seller or {"name": "Voorbeeld Software B.V.", "kvk": "12345678", "vat": "NL123456789B01",
                        "street": "Stationsplein 1", "city": "Amsterdam", "zip": "1012 AB"}
    root = "CreditNote" if credit_note else "Invoice"
    line_tag = "CreditNoteLine" if credit_note else "InvoiceLine"
    qty_tag = "CreditedQuantity" if credit_note else "InvoicedQuantity"
    by_rate = {}
    line_xml = []
    for i, (item, name, qty, price, rate) in enumerate(lines, 1):
        amount = r2(Decimal(qty) * Decimal(price))
        by_rate[rate] = by_rate.get(rate, Decimal(0)) + amount
        line_xml.append(f"""  <cac:{line_tag}>
    <cbc:ID>{i}</cbc:ID>
    <cbc:{qty_tag} unitCode="C62">{qty}</cbc:{qty_tag}>
    <cbc:LineExtensionAmount currencyID="{currency}">{amount}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>{escape(name)}</cbc:Name>
      <cac:SellersItemIdentification><cbc:ID>{escape(item)}</cbc:ID></cac:SellersItemIdentification>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>{'S' if Decimal(rate) > 0 else 'Z'}</cbc:ID>
        <cbc:Percent>{rate}</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="{currency}">{price}</cbc:PriceAmount></cac:Price>
  </cac:{line_tag}>""")
    net = sum(by_rate.values(), Decimal(0))
    subtotals = []
    tax = Decimal(0)
    for rate, base in sorted(by_rate.items()):
        t = r2(base * Decimal(rate) / 100)
        tax += t
        subtotals.append(f"""    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="{currency}">{r2(base)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="{currency}">{t}</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>{'S' if Decimal(rate) > 0 else 'Z'}</cbc:ID>
        <cbc:Percent>{rate}</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>""")
    total = r2(net + tax)
    due_xml = f"\n  <cbc:DueDate>{due}</cbc:DueDate>" if (due and not credit_note) else ""
    type_xml = f"<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>" if credit_note else "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"
    note_xml = f"\n  <cbc:Note>{escape(note)}</cbc:Note>" if note else ""
    ref_xml = ""
    if billing_ref:
        ref_xml = f"""
  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{billing_ref}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>"""
    att_xml = ""
    if attachment:
        fname, b64 = attachment
        att_xml = f"""
  <cac:AdditionalDocumentReference>
    <cbc:ID>{number}-pdf</cbc:ID>
    <cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="{fname}">{b64}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>
  </cac:AdditionalDocumentReference>"""
    b = buyer
    buyer_ids = ""
    if b.get("customer"):
        buyer_ids += f"\n      <cac:PartyIdentification><cbc:ID>{b['customer']}</cbc:ID></cac:PartyIdentification>"
    kvk = f'\n        <cbc:CompanyID schemeID="0106">{b["kvk"]}</cbc:CompanyID>' if b.get("kvk") else ""
    vat = ""
    if b.get("vat"):
        vat = f"""
      <cac:PartyTaxScheme>
        <cbc:CompanyID>{b['vat']}</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>"""
    endpoint = f'\n      <cbc:EndpointID schemeID="0106">{b["kvk"]}</cbc:EndpointID>' if b.get("kvk") else \
        f'\n      <cbc:EndpointID schemeID="EM">{escape(b.get("email", "invoices@example.nl"))}</cbc:EndpointID>'
    ns = "urn:oasis:names:specification:ubl:schema:xsd:" + root + "-2"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="{ns}"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>{issue}</cbc:IssueDate>{due_xml}
  {type_xml}{note_xml}
  <cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{b.get('customer', 'n/a')}</cbc:BuyerReference>{ref_xml}{att_xml}
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0106">{seller['kvk']}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>{escape(seller['name'])}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>{escape(seller['street'])}</cbc:StreetName>
        <cbc:CityName>{escape(seller['city'])}</cbc:CityName>
        <cbc:PostalZone>{seller['zip']}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>{seller['vat']}</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{escape(seller['name'])}</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0106">{seller['kvk']}</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>{endpoint}{buyer_ids}
      <cac:PartyName><cbc:Name>{escape(b.get('trading', b['name']))}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>{escape(b.get('street', 'Dorpsstraat 1'))}</cbc:StreetName>
        <cbc:CityName>{escape(b.get('city', 'Utrecht'))}</cbc:CityName>
        <cbc:PostalZone>{b.get('zip', '3511 AA')}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>{vat}
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{escape(b['name'])}</cbc:RegistrationName>{kvk}
      </cac:PartyLegalEntity>
      <cac:Contact>
        <cbc:Name>{escape(b.get('contact', 'Administratie'))}</cbc:Name>
        <cbc:ElectronicMail>{escape(b.get('email', 'administratie@example.nl'))}</cbc:ElectronicMail>
      </cac:Contact>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cbc:PaymentID>{number}</cbc:PaymentID>
    <cac:PayeeFinancialAccount><cbc:ID>NL91ABNA0417164300</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="{currency}">{r2(tax)}</cbc:TaxAmount>
{chr(10).join(subtotals)}
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="{currency}">{r2(net)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="{currency}">{r2(net)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="{currency}">{total}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="{currency}">{total}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
{chr(10).join(line_xml)}
</{root}>
"""

def corpus(out, count, seed=7):
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    items = [("SUP-GOLD", "Support Gold", "450.00"), ("LIC-USER", "Licence per user", "12.50"),
             ("CONS-HR", "Consultancy hour", "95.00"), ("TRAIN", "Training day", "650.00"),
             ("HOST-M", "Hosting per month", "39.95")]
    for n in range(count):
        cust = 10000 + rnd.randrange(2000)
        lines = []
        for _ in range(rnd.randint(3, 5)):
            item, name, price = rnd.choice(items)
            lines.append((item, name, str(rnd.randint(1, 40)), price, "21"))
        day = 1 + rnd.randrange(28)
        month = 1 + rnd.randrange(11)
        xml = invoice_xml(f"B2026-{n:06d}", f"2026-{month:02d}-{day:02d}", f"2026-{month+1:02d}-{day:02d}",
                          {"name": f"Klant {cust} B.V.", "customer": str(cust), "kvk": f"{30000000 + cust}",
                           "vat": f"NL{800000000 + cust}B01"}, lines)
        with open(os.path.join(out, f"inv-{n:06d}.xml"), "w") as f:
            f.write(xml)

if __name__ == "__main__":
    corpus(sys.argv[1], int(sys.argv[2]))
