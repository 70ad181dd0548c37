#!/usr/bin/env python3
"""Writes fixtures/demo/: the demo export folder of a small Dutch software company.

Run once after changing it; the files are committed. As-of date for the demo: 2026-11-29.
"""
import base64, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from gen_ubl import invoice_xml

out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "demo")
os.makedirs(out, exist_ok=True)

def write(name, text, encoding="utf-8"):
    with open(os.path.join(out, name), "w", encoding=encoding, newline="") as f:
        f.write(text)

korenschoof = {"name": "Bakkerij De Korenschoof B.V.", "trading": "De Korenschoof", "customer": "10023",
               "kvk": "34567890", "vat": "NL001234567B01", "street": "Molenweg 12", "city": "Zwolle",
               "zip": "8011 AB", "contact": "Petra Mulder", "email": "administratie@korenschoof.nl"}
transport = {"name": "Transport Noord B.V.", "customer": "10102", "kvk": "45678901", "vat": "NL002345678B01",
             "street": "Havenweg 4", "city": "Groningen", "zip": "9711 AA", "email": "crediteuren@transportnoord.nl"}
lijn = {"name": "Grafisch Bureau Lijn V.O.F.", "customer": "10150", "kvk": "56789012", "vat": "NL003456789B01",
        "street": "Oudegracht 200", "city": "Utrecht", "zip": "3511 NR", "contact": "Sam de Lijn",
        "email": "sam@bureaulijn.nl"}

pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
write("F2026-0388.xml", invoice_xml("F2026-0388", "2026-07-15", "2026-08-14", korenschoof,
      [("SUP-GOLD", "Support Gold (jaar)", "1", "475.00", "21"), ("LIC-USER", "Licentie per gebruiker", "40", "12.50", "21")]))
write("F2026-0412.xml", invoice_xml("F2026-0412", "2026-08-20", "2026-09-19", transport,
      [("CONS-HR", "Consultancy uur", "16", "95.00", "21")]))
write("F2026-0420.xml", invoice_xml("F2026-0420", "2026-08-01", "2026-08-31", lijn,
      [("TRAIN", "Trainingsdag", "2", "650.00", "21"), ("HOST-M", "Hosting per maand", "3", "39.95", "21")],
      attachment=("F2026-0420.pdf", base64.b64encode(pdf).decode())))
write("C2026-0031.xml", invoice_xml("C2026-0031", "2026-09-10", None, lijn,
      [("HOST-M", "Creditering hosting september", "1", "39.95", "21")], credit_note=True, billing_ref="F2026-0420"))

# Open items as a Dutch package exports them: semicolons, decimal commas, euro signs,
# Windows-1252, a preamble and a total row.
write("openstaande-posten.csv",
      "Openstaande posten debiteuren per 28-11-2026\r\n"
      "\r\n"
      "Factuurnummer;Klantnummer;Naam;Factuurdatum;Vervaldatum;Bedrag;Openstaand\r\n"
      "F2026-0301;10077;J. Jansen;05-06-2026;05-07-2026;€ 450,00;€ 450,00\r\n"
      "F2026-0355;10077;J. Jansen;03-07-2026;02-08-2026;€ 181,50;€ 181,50\r\n"
      "F2026-0377;10201;Zoë's Bloemenhuis;12-07-2026;11-08-2026;€ 1.234,56;€ 1.234,56\r\n"
      "F2026-0390;10230;Café Het Hoekje;20-07-2026;19-08-2026;€ 36,30;€ 36,30\r\n"
      "F2026-0402;10201;Zoë's Bloemenhuis;02-08-2026;01-09-2026;€ 2.420,00;€ 1.420,00\r\n"
      ";;Totaal;;;€ 4.322,36;€ 3.322,36\r\n",
      encoding="cp1252")
write("betalingen.csv",
      "betaaldatum;factuurnummer;klantnummer;bedrag;kenmerk\r\n"
      "15-10-2026;F2026-0402;10201;1.000,00;F2026-0402 deel 1\r\n"
      "01-10-2026;;10077;100,00;termijn 1\r\n"
      "02-11-2026;;10077;100,00;termijn 2\r\n")
write("herinneringen.csv",
      "factuurnummer;datum;soort;kanaal\r\n"
      "F2026-0388;2026-08-21;herinnering;email\r\n"
      "F2026-0388;2026-09-04;aanmaning;email\r\n"
      "F2026-0420;2026-09-07;herinnering;email\r\n"
      "F2026-0420;2026-09-28;aanmaning;post\r\n"
      "F2026-0377;2026-08-25;herinnering;email\r\n"
      "F2026-0377;2026-09-15;aanmaning;email\r\n"
      "F2026-0301;2026-07-12;herinnering;email\r\n"
      "F2026-0301;2026-07-26;aanmaning;post\r\n"
      "F2026-0301;2026-08-10;veertiendagenbrief;post\r\n")
# The rest of the year's invoicing, paid: it makes the revenue figures (and so the strategic
# customers) realistic.
rows = []
for n in range(40):
    customer = 10300 + n
    for month in (2, 5, 8):
        rows.append(f"F2026-{1000 + n * 3 + month // 3:04d};{customer};Klant {customer} B.V.;15-{month:02d}-2026;14-{month + 1:02d}-2026;"
                    f"{(2500 + n * 137) * (1 + month % 3)},00;0,00")
write("facturen-2026.csv", "Factuurnummer;Klantnummer;Naam;Factuurdatum;Vervaldatum;Bedrag;Openstaand\r\n" + "\r\n".join(rows) + "\r\n")

# A file the billing package cut off mid-write: it must be reported, not crash the run.
write("F2026-0431.xml", invoice_xml("F2026-0431", "2026-09-01", "2026-10-01", lijn,
      [("TRAIN", "Trainingsdag", "1", "650.00", "21")])[:900])
