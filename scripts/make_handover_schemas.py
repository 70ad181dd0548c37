#!/usr/bin/env python3
"""Writes schemas/handover.xsd and schemas/handover.schema.json from one description, so that the
two encodings of the dossier format cannot drift apart and every element is documented.
XML element names are lowerCamelCase; JSON keys are the same names in snake_case.
Run after changing the format (and bump the version), then commit both files.
"""
import json, os, re

VERSION = "1.0"
# A field: (name, type, doc, optional, repeated-item-name or None). Types: string, date, money,
# rate, integer, boolean, or a nested list of fields (an object).
def f(name, typ, doc, optional=True, item=None):
    return (name, typ, doc, optional, item)

FILE = [
    f("path", "string", "Path of the file relative to the batch folder (or, for a referenced source, where Thinline read it).", False),
    f("mimeType", "string", "MIME type, e.g. application/pdf."),
    f("size", "integer", "Size in bytes.", False),
    f("sha256", "string", "SHA-256 of the file's bytes, lowercase hex.", False),
    f("description", "string", "What the file is."),
]
ADDRESS = [f("street", "string", "Street and number."), f("additionalStreet", "string", "Second address line."),
           f("postcode", "string", "Postal code."), f("city", "string", "City."), f("country", "string", "ISO 3166-1 alpha-2 country code.")]
DEBTOR = [
    f("type", "string", "consumer or business (decides the regime: the 14-day letter and statutory interest art. 6:119 for consumers).", False),
    f("customerNumber", "string", "The creditor's number for this customer (the id in Thinline's agreements).", False),
    f("name", "string", "Legal name (or the name on the invoices)."),
    f("tradingName", "string", "Trading name from the invoices, when different from the legal name."),
    f("contactPerson", "string", "Who to address."),
    f("address", ADDRESS, "Postal address from the latest invoice."),
    f("kvk", "string", "Dutch Chamber of Commerce number (KvK)."),
    f("vat", "string", "VAT identification number."),
    f("emails", "string", "E-mail addresses.", True, "email"),
    f("phones", "string", "Telephone numbers.", True, "phone"),
    f("language", "string", "Preferred language (ISO 639-1), when known; Thinline does not guess it."),
    f("identifiers", [f("scheme", "string", "UBL schemeID (0106 KvK, 0088 GLN, …), vat, kvk or customer_number."),
                      f("value", "string", "The identifier.", False)], "Every identifier the invoices carry.", True, "identifier"),
]
LETTER = [f("sent", "date", "Date the 14-day letter was sent.", False), f("channel", "string", "post or email.", False),
          f("received", "date", "Date it counts as received (sent + delivery days).", False),
          f("expires", "date", "Last of the 14 days, counted from the day after receipt; costs are due from the next day.", False),
          f("announcedCosts", "money", "The collection costs the dossier claims (which the letter must have stated).", False)]
CLAIM = [
    f("invoice", "string", "Invoice number.", False),
    f("issueDate", "date", "Issue date."),
    f("invoiceDueDate", "date", "Due date as printed on the invoice."),
    f("effectiveDueDate", "date", "Due date Thinline applied: the later of the printed and the agreed date.", False),
    f("termDays", "integer", "Days from issue to the effective due date."),
    f("originalAmount", "money", "Invoice amount including VAT.", False),
    f("vat", "money", "VAT on the invoice, where known."),
    f("paid", "money", "Payments received.", False),
    f("credited", "money", "Credit notes applied.", False),
    f("outstanding", "money", "Open amount after payments and credit notes.", False),
    f("principal", "money", "The principal claimed (the outstanding amount, less any disputed part the creditor does not claim).", False),
    f("interest", [f("from", "date", "First interest day (the day after the effective due date)."),
                   f("to", "date", "Last interest day (the as-of date)."),
                   f("amount", "money", "Interest, rounded once per claim.", False)], "Interest on this claim.", False),
    f("payments", [f("date", "date", "Payment date."), f("amount", "money", "Amount.", False), f("reference", "string", "Payment reference.")],
      "Payments applied to this claim.", True, "payment"),
    f("credits", [f("date", "date", "Credit-note date."), f("amount", "money", "Amount applied.", False),
                  f("creditNote", "string", "Credit-note number.")], "Credit notes applied to this claim.", True, "credit"),
    f("dunning", [f("date", "date", "Date sent.", False), f("kind", "string", "reminder, demand or fourteen_day_letter.", False),
                  f("channel", "string", "post or email.")], "Reminders sent after the due date.", True, "event"),
    f("source", FILE, "The source document (UBL or CSV export) with its checksum."),
    f("attachments", FILE, "Documents embedded in the invoice (PDF …), extracted next to the dossier.", True, "attachment"),
]
DOSSIER = [
    f("reference", "string", "The dossier's reference: batch id and customer number.", False),
    f("currency", "string", "ISO 4217 currency of every amount in the dossier.", False),
    f("regime", "string", "B2C (consumer: art. 6:96 lid 5–7 BW, the 14-day letter) or B2B.", False),
    f("defaultDate", "date", "The first day of default: the day after the earliest effective due date."),
    f("debtor", DEBTOR, "Who owes.", False),
    f("fourteenDayLetter", LETTER, "Consumers: the 14-day letter the costs rest on."),
    f("interest", [f("basis", "string", "6:119 (statutory), 6:119a (commercial) or contractual.", False),
                   f("contractualRate", "rate", "Yearly contractual rate as a fraction (0.08 is 8 %)."),
                   f("from", "date", "Earliest first interest day of the claims."), f("to", "date", "Last interest day (as-of)."),
                   f("amount", "money", "Interest of all claims.", False)], "Interest basis and amount.", False),
    f("costs", [f("base", "money", "Principal the costs are computed over (the claims together).", False),
                f("amount", "money", "Collection costs (BIK scale, or the creditor's business-costs policy).", False),
                f("vat", "money", "VAT on the costs.", False), f("vatJustification", "string", "Why VAT is or is not added.", False),
                f("bands", [f("from", "money", "Band start.", False), f("to", "money", "Band end.", False),
                            f("rate", "rate", "Rate of the band.", False), f("amount", "money", "Amount of the band.", False)],
                  "The BIK bands that applied.", True, "band")], "Extrajudicial collection costs.", False),
    f("disputed", [f("invoice", "string", "Invoice.", False), f("amount", "money", "Disputed amount incl. VAT.", False),
                   f("reason", "string", "Why.")], "Parts of claims above the agreed prices.", True, "dispute"),
    f("arrangement", "string", "none, payment plan, or payment plan broken.", False),
    f("agreement", [f("paymentDays", "integer", "Negotiated payment term in days."),
                    f("accountManager", "string", "The creditor's account manager."),
                    f("strategic", "boolean", "A customer the creditor considers strategic.", False),
                    f("notes", "string", "Relationship notes the agency should respect.")],
      "What the creditor agreed with this customer and wants the agency to know.", False),
    f("claims", CLAIM, "The invoices handed over.", False, "claim"),
    f("totals", [f("principal", "money", "Principal.", False), f("interest", "money", "Interest.", False),
                 f("costs", "money", "Costs.", False), f("costsVat", "money", "VAT on costs.", False),
                 f("total", "money", "Everything claimed.", False)], "Dossier totals.", False),
]
ROOT = [
    f("format", "string", "Always thinline-handover.", False),
    f("version", "string", f"Format version ({VERSION}).", False),
    f("batch", [f("id", "string", "Batch id: TL-<as-of>-<fingerprint>; the same inputs give the same id.", False),
                f("asOf", "date", "The date the decisions and amounts were computed for.", False),
                f("agency", "string", "The collection agency the batch is for.")], "The batch.", False),
    f("creditor", [f("name", "string", "Creditor's legal name."), f("kvk", "string", "KvK number."), f("vat", "string", "VAT id."),
                   f("iban", "string", "Account for payments."), f("address", ADDRESS, "Address."),
                   f("contact", [f("name", "string", "Contact."), f("email", "string", "E-mail."), f("phone", "string", "Telephone.")],
                     "Who the agency can ask.")], "Who is owed.", False),
    f("dossiers", DOSSIER, "One dossier per debtor handed over.", False, "dossier"),
]

def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)

# ---------- XSD
xsd_types = {"string": "xs:string", "date": "xs:date", "money": "tl:money", "rate": "tl:rate",
             "integer": "xs:integer", "boolean": "xs:boolean"}
out = []
def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
def doc(indent, text):
    return f'{indent}<xs:annotation><xs:documentation>{esc(text)}</xs:documentation></xs:annotation>\n'
def element(field, indent):
    name, typ, text, optional, item = field
    occurs = ' minOccurs="0"' if optional else ""
    s = ""
    if item:
        s += f'{indent}<xs:element name="{name}"{occurs}>\n{doc(indent + "  ", text)}{indent}  <xs:complexType><xs:sequence>\n'
        s += element((item, typ, text, True, None), indent + "    ").replace(' minOccurs="0"', ' minOccurs="0" maxOccurs="unbounded"', 1)
        s += f'{indent}  </xs:sequence></xs:complexType>\n{indent}</xs:element>\n'
        return s
    if isinstance(typ, list):
        s += f'{indent}<xs:element name="{name}"{occurs}>\n{doc(indent + "  ", text)}{indent}  <xs:complexType><xs:sequence>\n'
        for sub in typ:
            s += element(sub, indent + "    ")
        s += f'{indent}  </xs:sequence></xs:complexType>\n{indent}</xs:element>\n'
        return s
    return f'{indent}<xs:element name="{name}" type="{xsd_types[typ]}"{occurs}>\n{doc(indent + "  ", text)}{indent}</xs:element>\n'

xsd = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<!-- Thinline handover dossier, format ' + VERSION + '. Written by scripts/make_handover_schemas.py: edit that, not this. -->',
       '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tl="urn:thinline:handover:1"',
       '           targetNamespace="urn:thinline:handover:1" elementFormDefault="qualified" version="' + VERSION + '">',
       '  <xs:simpleType name="money">', '    <xs:annotation><xs:documentation>An amount with exactly two decimals, point as separator.</xs:documentation></xs:annotation>',
       '    <xs:restriction base="xs:decimal"><xs:pattern value="-?[0-9]+\\.[0-9]{2}"/></xs:restriction>', '  </xs:simpleType>',
       '  <xs:simpleType name="rate">', '    <xs:annotation><xs:documentation>A yearly rate as a fraction (0.08 is 8 %).</xs:documentation></xs:annotation>',
       '    <xs:restriction base="xs:decimal"/>', '  </xs:simpleType>']
xsd.append(element(("handover", ROOT, "A batch of handover dossiers from a creditor to a collection agency.", False, None), "  ").rstrip("\n"))
xsd.append("</xs:schema>\n")

# ---------- JSON Schema
json_types = {"string": {"type": ["string", "null"]}, "date": {"type": ["string", "null"], "format": "date"},
              "money": {"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$"}, "rate": {"type": ["string", "null"], "pattern": "^[0-9]+(\\.[0-9]+)?$"},
              "integer": {"type": ["integer", "null"]}, "boolean": {"type": "boolean"}}
def schema(field):
    name, typ, text, optional, item = field
    if isinstance(typ, list):
        inner = {"type": "object", "additionalProperties": False,
                 "required": [snake(s[0]) for s in typ], "properties": {snake(s[0]): schema(s) for s in typ}}
    else:
        inner = dict(json_types[typ])
        if optional and not item and inner["type"] == "string":
            inner["type"] = ["string", "null"]
    if item:
        inner["description"] = text
        return {"type": "array", "description": text, "items": inner}
    if isinstance(typ, list) and optional:
        inner = {"description": text, "anyOf": [inner, {"type": "null"}]}
    else:
        inner["description"] = text
    return inner

root = schema(("handover", ROOT, "", False, None))
root.update({"$schema": "https://json-schema.org/draft/2020-12/schema",
             "$id": "https://thinline.example/schemas/handover.schema.json",
             "title": "Thinline handover dossier " + VERSION,
             "description": "A batch of handover dossiers from a creditor to a collection agency. Same facts as handover.xsd; keys are the XML names in snake_case. Written by scripts/make_handover_schemas.py."})

here = os.path.join(os.path.dirname(__file__), "..", "schemas")
with open(os.path.join(here, "handover.xsd"), "w") as fh:
    fh.write("\n".join(xsd))
with open(os.path.join(here, "handover.schema.json"), "w") as fh:
    json.dump(root, fh, indent=2, ensure_ascii=False)
    fh.write("\n")
print("wrote schemas/handover.xsd and schemas/handover.schema.json")

# ---------- README: the format field by field, between markers
def rows(fields, prefix, out):
    for name, typ, text, optional, item in fields:
        path = prefix + snake(name)
        kind = "object" if isinstance(typ, list) else typ
        if item:
            kind = f"list of {'objects' if isinstance(typ, list) else typ}"
        out.append(f"| `{path}` | {kind} | {'' if optional else 'yes'} | {text} |")
        if isinstance(typ, list):
            rows(typ, path + ("[]." if item else "."), out)
table = ["| JSON key (XML element in lowerCamelCase) | type | required | meaning |", "| --- | --- | --- | --- |"]
rows(ROOT, "", table)
readme = os.path.join(os.path.dirname(__file__), "..", "README.md")
text = open(readme).read()
begin, end = "<!-- handover-format:begin -->", "<!-- handover-format:end -->"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = head + begin + "\n" + "\n".join(table) + "\n" + end + tail
    open(readme, "w").write(text)
    print("updated the format table in README.md")
