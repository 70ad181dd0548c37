#!/usr/bin/env python3
"""Writes fixtures/decisions/<case>/: one small export per rule row and reason code of rules.md.

Each case has `args` (run from the case folder; $OUT is a scratch output folder), its inputs,
and `expect` (lines "INVOICE decision", "INVOICE has CODE", "DEBTOR debtor decision",
"DEBTOR field value") that a test checks against the produced decisions.json, next to the
golden expected/ files. As-of date for all cases: 2026-11-29 unless args say otherwise.
Run once after changing it, then `make golden` and review the diff.
"""
import os, shutil, sys
sys.path.insert(0, os.path.dirname(__file__))
from gen_ubl import invoice_xml

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "decisions")
HEADER = "invoice_number,customer_number,customer_name,issue_date,due_date,amount\n"
# One large settled customer, so that the case customers' revenue shares stay small.
BACKGROUND = "B-0001,99999,Achtergrond B.V.,2026-06-01,2026-07-01,1000000.00\n"
BACKGROUND_PAID = "payment_date,invoice_number,customer_number,amount\n2026-06-20,B-0001,99999,1000000.00\n"

def case(name, files, expect, args_extra=(), agreements=None, approvals=None, config=None, inputs=None):
    folder = os.path.join(ROOT, name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, "input"))
    for fname, text in files.items():
        with open(os.path.join(folder, "input", fname), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    args = ["handover", "--as-of", "2026-11-29", "--out", "$OUT"]
    if agreements is not None:
        with open(os.path.join(folder, "agreements.yaml"), "w") as f:
            f.write(agreements)
        args += ["--agreements", "agreements.yaml"]
    if approvals is not None:
        with open(os.path.join(folder, "approvals.csv"), "w") as f:
            f.write(approvals)
        args += ["--approvals", "approvals.csv"]
    if config is not None:
        with open(os.path.join(folder, "thinline.yaml"), "w") as f:
            f.write(config)
        args += ["--config", "thinline.yaml"]
    args += list(args_extra)
    args += inputs or ["input"]
    with open(os.path.join(folder, "args"), "w") as f:
        f.write("\n".join(args) + "\n")
    with open(os.path.join(folder, "expect"), "w") as f:
        f.write("\n".join(expect) + "\n")

def invoices(rows, background=True):
    return HEADER + (BACKGROUND if background else "") + "".join(r + "\n" for r in rows)

def reminders(rows):
    return "invoice_number,date,kind,channel\n" + "".join(r + "\n" for r in rows)

def payments(rows, background=True):
    return BACKGROUND_PAID + "".join(r + "\n" for r in rows) if background else \
        "payment_date,invoice_number,customer_number,amount\n" + "".join(r + "\n" for r in rows)

TWO_REMINDERS = lambda inv, d1="2026-09-10", d2="2026-09-24": [f"{inv},{d1},reminder,email", f"{inv},{d2},demand,post"]

# 1. Terms: negotiated later than printed; printed later than agreed; none at all.
case("due-dates",
     {"invoices.csv": invoices([
         "T-1,10001,Later Agreed B.V.,2026-10-01,2026-10-31,1210.00",
         "T-2,10002,Printed Later B.V.,2026-10-01,2026-12-15,1210.00",
         "T-3,10003,No Date B.V.,2026-08-01,,1210.00"]),
      "payments.csv": payments([])},
     ["T-1 not_due", "T-1 has TERM_EXTENDED", "T-1 has DUE_DATE_CONFLICT", "T-1 effective_due_date 2026-11-30",
      "T-2 not_due", "T-2 effective_due_date 2026-12-15", "T-2 lacks DUE_DATE_CONFLICT",
      "T-3 remind", "T-3 has DEFAULT_TERM", "T-3 effective_due_date 2026-08-31", "T-3 has REMINDERS_INCOMPLETE"],
     agreements="customers:\n  - id: \"10001\"\n    payment_days: 60\n  - id: \"10002\"\n    payment_days: 30\n")

# 2. Reminders: one before the due date does not count; not ripe below 45 days.
case("reminders",
     {"invoices.csv": invoices([
         "R-1,10011,Early Dunned B.V.,2026-08-01,2026-08-31,500.00",
         "R-2,10012,Fresh Overdue B.V.,2026-10-01,2026-10-31,500.00"]),
      "reminders.csv": reminders(["R-1,2026-08-25,reminder,email", "R-1,2026-09-15,demand,email",
                                  "R-2,2026-11-05,reminder,email", "R-2,2026-11-20,demand,email"]),
      "payments.csv": payments([])},
     ["R-1 remind", "R-1 has REMINDER_BEFORE_DUE", "R-1 has REMINDERS_INCOMPLETE",
      "R-2 remind", "R-2 has NOT_RIPE", "R-2 days_overdue 29"])

# 3. Open amounts: partial payment, referenced and unreferenced credit notes, revision, currency.
case("open-amounts",
     {"invoices.csv": invoices([
         "P-1,10021,Half Paid B.V.,2026-08-01,2026-08-31,1000.00",
         "C-1,10022,Credited B.V.,2026-08-01,2026-08-31,1000.00",
         "C-2,10023,Loose Credit B.V.,2026-07-01,2026-07-31,300.00",
         "C-3,10023,Loose Credit B.V.,2026-08-01,2026-08-31,300.00",
         "V-1,10024,Revised B.V.,2026-08-01,2026-08-31,800.00",
         "X-1,10025,Two Currencies B.V.,2026-08-01,2026-08-31,700.00",
         "OVER-1,10026,Over Credited B.V.,2026-08-01,2026-08-31,100.00"]),
      "creditnotes.csv": "invoice_number,customer_number,issue_date,amount,type,credit_for\n"
                         "CN-1,10022,2026-09-01,-250.00,credit_note,C-1\n"
                         "CN-2,10023,2026-09-01,-400.00,credit_note,\n"
                         "CN-3,10026,2026-09-01,-150.00,credit_note,OVER-1\n",
      "revision.csv": HEADER + "V-1,10024,Revised B.V.,2026-08-05,2026-09-04,750.00\n",
      "usd.csv": "invoice_number,customer_number,customer_name,issue_date,due_date,amount,currency\n"
                 "X-2,10025,Two Currencies B.V.,2026-08-01,2026-08-31,900.00,USD\n",
      "reminders.csv": reminders(TWO_REMINDERS("P-1") + TWO_REMINDERS("C-1") + TWO_REMINDERS("C-3") + TWO_REMINDERS("V-1", "2026-09-14", "2026-09-28")
                                 + TWO_REMINDERS("X-1") + TWO_REMINDERS("X-2")),
      "payments.csv": payments(["2026-09-20,P-1,10021,400.00"])},
     ["P-1 handover", "P-1 has PARTIAL_PAYMENT", "P-1 paid 400.00", "P-1 open 600.00",
      "C-1 handover", "C-1 has CREDIT_APPLIED", "C-1 credited 250.00", "C-1 open 750.00",
      "C-2 settled", "C-2 has CREDIT_APPLIED", "C-3 has CREDIT_APPLIED", "C-3 open 200.00",
      "V-1 has INVOICE_REVISED", "V-1 amount 750.00", "V-1 effective_due_date 2026-09-04",
      "X-2 hold", "X-2 has CURRENCY_MISMATCH", "X-1 handover",
      "OVER-1 settled", "warning credit note CN-3",
      "debtor 10021 handover", "debtor 10021 principal 600.00"])

# 4. Prices above the agreement: hold (default) and handover_undisputed.
LINES = ("invoice_number,customer_number,customer_name,issue_date,due_date,item,description,quantity,unit_price,vat_rate\n"
         "L-1,10031,Price Hold B.V.,2026-08-01,2026-08-31,SUP-GOLD,Support Gold,1,475.00,21\n"
         "L-1,10031,Price Hold B.V.,2026-08-01,2026-08-31,LIC-USER,Licence,40,12.50,21\n")
PRICES = ("customers:\n  - id: \"10031\"\n    prices:\n      - {item: SUP-GOLD, price: \"450.00\", from: 2026-01-01}\n"
          "      - {item: LIC-USER, price: \"12.50\"}\n")
for name, policy, expect in [
        ("price-hold", "hold", ["L-1 hold", "L-1 has PRICE_ABOVE_AGREEMENT", "L-1 disputed 30.25"]),
        ("price-handover-undisputed", "handover_undisputed",
         ["L-1 handover", "L-1 has PRICE_ABOVE_AGREEMENT", "L-1 disputed 30.25", "debtor 10031 principal 1149.50"])]:
    case(name,
         {"lines.csv": LINES, "background.csv": invoices([]), "payments.csv": payments([]),
          "reminders.csv": reminders(TWO_REMINDERS("L-1"))},
         expect, agreements=PRICES, config=f"policy:\n  on_price_discrepancy: {policy}\n")

# 5. Consumers and the 14-day letter: none, running and expired, by post and e-mail.
CONSUMERS = "customers:\n" + "".join(f"  - id: \"{i}\"\n    consumer: true\n" for i in range(10041, 10046))
case("fourteen-day-letter",
     {"invoices.csv": invoices([f"K-{n},{10040 + n},Consument {n},2026-08-01,2026-08-31,300.00" for n in range(1, 6)]),
      "reminders.csv": reminders(
          TWO_REMINDERS("K-1") + TWO_REMINDERS("K-2") + ["K-2,2026-11-20,fourteen_day_letter,post"]
          + TWO_REMINDERS("K-3") + ["K-3,2026-11-10,fourteen_day_letter,post"]
          + TWO_REMINDERS("K-4") + ["K-4,2026-11-20,fourteen_day_letter,email"]
          + TWO_REMINDERS("K-5") + ["K-5,2026-11-14,fourteen_day_letter,email"]),
      "payments.csv": payments([])},
     ["K-1 remind", "K-1 has FOURTEEN_DAY_LETTER_REQUIRED",
      "K-2 remind", "K-2 has FOURTEEN_DAY_LETTER_RUNNING",
      "K-3 handover", "debtor 10043 costs 45.00", "debtor 10043 consumer true",
      "K-4 remind", "K-4 has FOURTEEN_DAY_LETTER_RUNNING",
      "K-5 handover"],
     agreements=CONSUMERS)

# 6. Holds from the agreements: pause, dispute, never hand over; a payment plan kept and broken.
case("holds",
     {"invoices.csv": invoices([
         "H-1,10051,Paused B.V.,2026-08-01,2026-08-31,500.00",
         "H-2,10052,Disputing B.V.,2026-08-01,2026-08-31,500.00",
         "H-3,10053,Protected B.V.,2026-08-01,2026-08-31,500.00",
         "H-4,10054,Plan Kept,2026-07-01,2026-07-31,600.00",
         "H-5,10055,Plan Broken,2026-07-01,2026-07-31,600.00"]),
      "reminders.csv": reminders(sum((TWO_REMINDERS(f"H-{n}") for n in range(1, 6)), [])),
      "payments.csv": payments(["2026-10-02,,10054,200.00", "2026-11-03,,10054,200.00", "2026-10-02,,10055,200.00"])},
     ["H-1 hold", "H-1 has PAUSED", "H-2 hold", "H-2 has DISPUTED", "H-3 hold", "H-3 has NEVER_HANDOVER",
      "H-4 hold", "H-4 has PAYMENT_PLAN", "H-5 handover", "H-5 has PAYMENT_PLAN_DEFAULTED", "H-5 open 400.00"],
     agreements=("customers:\n"
                 "  - id: \"10051\"\n    paused_until: 2026-12-15\n"
                 "  - id: \"10052\"\n    disputes:\n      - {invoice: H-2, note: Delivery incomplete}\n"
                 "  - id: \"10053\"\n    never_handover: true\n"
                 "  - id: \"10054\"\n    payment_plan:\n      - {date: 2026-10-01, amount: \"200.00\"}\n      - {date: 2026-11-01, amount: \"200.00\"}\n      - {date: 2026-12-01, amount: \"200.00\"}\n"
                 "  - id: \"10055\"\n    payment_plan:\n      - {date: 2026-10-01, amount: \"200.00\"}\n      - {date: 2026-11-01, amount: \"200.00\"}\n      - {date: 2026-12-01, amount: \"200.00\"}\n"))

# 7. An unallocated payment, below the minimum, an ambiguous customer.
case("unallocated-minimum-ambiguous",
     {"invoices.csv": invoices([
         "U-1,10061,Mystery Payer B.V.,2026-08-01,2026-08-31,500.00",
         "M-1,10062,Small B.V.,2026-08-01,2026-08-31,36.30",
         "A-1,10063,Twice Known B.V.,2026-08-01,2026-08-31,500.00"]),
      "ubl-ambiguous.xml": "",
      "reminders.csv": reminders(TWO_REMINDERS("U-1") + TWO_REMINDERS("M-1") + TWO_REMINDERS("A-1")),
      "payments.csv": payments(["2026-10-15,,10061,120.00", "2026-10-16,NOPE-9,,50.00"])},
     ["U-1 hold", "U-1 has UNALLOCATED_PAYMENT", "M-1 hold", "M-1 has BELOW_MINIMUM",
      "AMB-1 hold", "AMB-1 has CUSTOMER_AMBIGUOUS", "A-1 handover", "warning NOPE-9"],
     agreements=("customers:\n  - id: \"10063\"\n    identifiers: [NL999999999B01]\n"
                 "  - id: \"10064\"\n    identifiers: [\"0106:87654321\"]\n"))
# The UBL file of the ambiguous case: VAT id of one customer, KvK of another.
with open(os.path.join(ROOT, "unallocated-minimum-ambiguous", "input", "ubl-ambiguous.xml"), "w") as f:
    f.write(invoice_xml("AMB-1", "2026-08-01", "2026-08-31",
                        {"name": "Twee Gezichten B.V.", "kvk": "87654321", "vat": "NL999999999B01"},
                        [("X", "Dienst", "1", "500.00", "21")]))
with open(os.path.join(ROOT, "unallocated-minimum-ambiguous", "input", "reminders-amb.csv"), "w") as f:
    f.write(reminders(TWO_REMINDERS("AMB-1")))

# 8. Strategic customers: by flag, by revenue share, by revenue; approvals and holds.
case("strategic",
     {"invoices.csv": HEADER + "".join([
         "S-1,10071,Flagged B.V.,2026-08-01,2026-08-31,500.00\n",
         "S-3,10073,Big Revenue B.V.,2026-08-01,2026-08-31,500.00\n",
         "S-3A,10073,Big Revenue B.V.,2026-02-01,2026-03-03,150000.00\n",
         "S-4,10074,Approved B.V.,2026-08-01,2026-08-31,500.00\n",
         "S-5,10075,Held B.V.,2026-08-01,2026-08-31,500.00\n",
         "S-6,10076,Hold Expired B.V.,2026-08-01,2026-08-31,500.00\n",
         "S-7,10077,Plain B.V.,2026-08-01,2026-08-31,500.00\n",
         "BG-1,99999,Achtergrond B.V.,2026-06-01,2026-07-01,1350000.00\n",
         "BG-2,99998,Achtergrond Twee B.V.,2026-06-01,2026-07-01,1350000.00\n"]),
      "payments.csv": "payment_date,invoice_number,customer_number,amount\n"
                      "2026-03-01,S-3A,10073,150000.00\n"
                      "2026-06-20,BG-1,99999,1350000.00\n2026-06-20,BG-2,99998,1350000.00\n",
      "reminders.csv": reminders(sum((TWO_REMINDERS(f"S-{n}") for n in [1, 3, 4, 5, 6, 7]), []))},
     ["S-1 review", "S-1 has STRATEGIC_CUSTOMER", "S-3 review",
      "S-4 handover", "S-4 has APPROVED", "S-5 hold", "S-5 has ACCOUNT_MANAGER_HOLD", "S-6 handover", "S-7 handover",
      "debtor 10071 review", "debtor 10073 review"],
     agreements=("customers:\n"
                 "  - id: \"10071\"\n    strategic: true\n    account_manager: a.jansen@voorbeeld.nl\n    notes: Pilot for the new module\n"
                 "  - id: \"10074\"\n    strategic: true\n"
                 "  - id: \"10075\"\n    strategic: true\n"
                 "  - id: \"10076\"\n    strategic: true\n"),
     approvals=("customer,decision,by,date,until,note\n"
                "10074,handover,a.jansen@voorbeeld.nl,2026-11-20,,Talked to their CFO; go ahead\n"
                "10075,hold,a.jansen@voorbeeld.nl,2026-11-20,2026-12-20,Renewal meeting first\n"
                "10076,hold,a.jansen@voorbeeld.nl,2026-10-01,2026-10-31,Waited long enough\n"
                "10076,handover,a.jansen@voorbeeld.nl,2026-11-25,,After the hold\n"))

# 8b. Strategic by revenue share alone (below the revenue threshold).
case("strategic-share",
     {"invoices.csv": HEADER + "S-2,10072,Big Share B.V.,2026-08-01,2026-08-31,500.00\n"
                      "S-2A,10072,Big Share B.V.,2026-03-01,2026-03-31,90000.00\n"
                      "S-8,10078,Small Share B.V.,2026-08-01,2026-08-31,500.00\n"
                      "BG-3,99997,Achtergrond B.V.,2026-06-01,2026-07-01,500000.00\n",
      "payments.csv": "payment_date,invoice_number,customer_number,amount\n"
                      "2026-04-01,S-2A,10072,90000.00\n2026-06-20,BG-3,99997,500000.00\n",
      "reminders.csv": reminders(TWO_REMINDERS("S-2") + TWO_REMINDERS("S-8"))},
     ["S-2 review", "S-2 has STRATEGIC_CUSTOMER", "S-8 handover", "debtor 10072 review"])

# 9. A plain handover: interest and costs; the dossier bundles only the ripe invoices.
case("handover-business",
     {"invoices.csv": invoices([
         "B-1,10081,Slow Payer B.V.,2026-08-01,2026-08-31,1210.00",
         "B-2,10081,Slow Payer B.V.,2026-11-01,2026-12-01,500.00",
         "B-3,10081,Slow Payer B.V.,2024-06-01,2024-06-30,10000.00"]),
      "reminders.csv": reminders(TWO_REMINDERS("B-1") + TWO_REMINDERS("B-3", "2024-07-10", "2024-07-24")),
      "payments.csv": payments([])},
     ["B-1 handover", "B-2 not_due", "B-3 handover", "debtor 10081 handover", "debtor 10081 interest 2854.62",
      "debtor 10081 costs 887.10", "debtor 10081 costs_vat 186.29", "debtor 10081 total 15138.01",
      "debtor 10081 handover_invoices B-1 B-3"],
     config="creditor:\n  name: Voorbeeld Software B.V.\n  vat_deductible: false\n")
print("wrote", ROOT)

# 10. A full handover batch: two businesses (one with a name that looks like a spreadsheet formula),
# one consumer after an expired 14-day letter, and a UBL invoice with an embedded PDF.
import base64
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
case("dossier-batch",
     {"invoices.csv": "invoice_number,customer_number,customer_name,issue_date,due_date,amount,email\n" + BACKGROUND.replace("\n", ",\n")
                      + "D-1,10091,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2026-08-01,2026-08-31,1210.00,@SUM(A1)\n"
                      + "D-2,10091,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2026-08-15,2026-09-14,605.00,@SUM(A1)\n"
                      + "K-9,10093,Consument Negen,2026-08-01,2026-08-31,300.00,\n",
      "payments.csv": payments(["2026-09-30,D-1,10091,210.00"]),
      "reminders.csv": reminders(TWO_REMINDERS("D-1") + TWO_REMINDERS("D-2", "2026-09-20", "2026-10-04") + TWO_REMINDERS("P-1")
                                 + TWO_REMINDERS("K-9") + ["K-9,2026-11-02,fourteen_day_letter,post"])},
     ["D-1 handover", "D-1 open 1000.00", "D-2 handover", "P-1 handover", "K-9 handover",
      "debtor 10091 handover_invoices D-1 D-2", "debtor 10092 handover", "debtor 10093 consumer true", "debtor 10093 costs 45.00"],
     agreements="customers:\n  - id: \"10093\"\n    consumer: true\n  - id: \"10092\"\n    identifiers: [\"0106:56789012\"]\n    account_manager: s.bakker@voorbeeld.nl\n    notes: Long-standing customer; be courteous\n",
     config=("creditor:\n  name: Voorbeeld Software B.V.\n  kvk: \"12345678\"\n  vat: NL123456789B01\n  iban: NL91ABNA0417164300\n"
             "  address: {street: Stationsplein 1, postcode: 1012 AB, city: Amsterdam, country: NL}\n"
             "  contact: {name: Finance, email: debiteuren@voorbeeld.nl, phone: \"+31 20 123 4567\"}\n"
             "agency:\n  name: Incassobureau Voorbeeld\n"))
with open(os.path.join(ROOT, "dossier-batch", "input", "P-1.xml"), "w") as fh:
    fh.write(invoice_xml("P-1", "2026-08-01", "2026-08-31",
                         {"name": "Grafisch Bureau Lijn V.O.F.", "customer": "10092", "kvk": "56789012", "vat": "NL003456789B01",
                          "contact": "Sam de Lijn", "email": "sam@bureaulijn.nl"},
                         [("TRAIN", "Trainingsdag", "2", "650.00", "21")],
                         attachment=("P-1.pdf", base64.b64encode(PDF).decode())))
