"""The anchor `make bench` measures Thinline against (issue "Decide from the ledger, at scale"):
DuckDB doing only part of the rules over the same CSV files — agreed terms and due dates,
netting payments, reminders after the due date, ripeness, simple statutory interest and the BIK
scale per customer — and writing its per-invoice JSON. It is not Thinline's logic (no credit
notes, plans, disputes, strategic review, compounding or rate periods): a floor for the speed of
reading and joining these files, not a second implementation.

usage: duckdb_anchor.py EXPORTS_DIR AGREEMENTS_YAML OUT_DIR AS_OF
"""
import os
import re
import sys

import duckdb

exports, agreements, out, as_of = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
terms = []
current = None
for line in open(agreements, encoding="utf-8"):
    if m := re.match(r'\s*- id: "?([^"\n]+)"?', line):
        current = m.group(1)
    elif (m := re.match(r"\s+payment_days: (\d+)", line)) and current is not None:
        terms.append((current, int(m.group(1))))

db = duckdb.connect()
db.execute("SET threads TO 2")
db.execute("CREATE TABLE agr (customer_number VARCHAR, payment_days INTEGER)")
db.executemany("INSERT INTO agr VALUES (?, ?)", terms)
f = lambda name: os.path.join(exports, name)
db.execute(f"""
CREATE TABLE inv AS SELECT * FROM read_csv('{f("facturen.csv")}', header = true,
  types = {{'invoice_number': 'VARCHAR', 'customer_number': 'VARCHAR', 'customer_name': 'VARCHAR',
           'issue_date': 'DATE', 'due_date': 'DATE', 'amount': 'DECIMAL(18,2)'}})""")
db.execute(f"""
CREATE TABLE pay AS SELECT invoice_number, sum(amount) AS paid FROM read_csv('{f("betalingen.csv")}', header = true,
  types = {{'payment_date': 'DATE', 'invoice_number': 'VARCHAR', 'customer_number': 'VARCHAR', 'amount': 'DECIMAL(18,2)'}})
  WHERE payment_date <= DATE '{as_of}' GROUP BY invoice_number""")
db.execute(f"""
CREATE TABLE rem AS SELECT invoice_number, date FROM read_csv('{f("herinneringen.csv")}', header = true,
  types = {{'invoice_number': 'VARCHAR', 'date': 'DATE', 'kind': 'VARCHAR', 'channel': 'VARCHAR'}})""")
db.execute(f"""
CREATE TABLE decided AS
WITH d AS (
  SELECT i.invoice_number, i.customer_number, i.amount,
         greatest(i.due_date, coalesce(i.issue_date + a.payment_days, i.due_date)) AS due,
         coalesce(p.paid, 0) AS paid
  FROM inv i LEFT JOIN agr a USING (customer_number) LEFT JOIN pay p USING (invoice_number)),
r AS (
  SELECT d.invoice_number, count(rem.date) FILTER (WHERE rem.date > d.due AND rem.date <= DATE '{as_of}') AS reminders
  FROM d LEFT JOIN rem USING (invoice_number) GROUP BY d.invoice_number)
SELECT d.*, r.reminders, d.amount - d.paid AS open, DATE '{as_of}' - d.due AS days_overdue,
       (d.amount - d.paid > 0 AND DATE '{as_of}' - d.due >= 45 AND r.reminders >= 2) AS ripe,
       round((d.amount - d.paid) * 0.1015 * greatest(DATE '{as_of}' - d.due, 0) / 365, 2) AS interest
FROM d JOIN r USING (invoice_number)""")
db.execute(f"COPY (SELECT * FROM decided ORDER BY invoice_number) TO '{os.path.join(out, 'invoices.json')}' (FORMAT JSON)")
db.execute(f"""
COPY (
  SELECT customer_number, principal,
         least(6775, greatest(40, round(
           0.15 * least(principal, 2500) + 0.10 * greatest(least(principal, 5000) - 2500, 0)
           + 0.05 * greatest(least(principal, 10000) - 5000, 0) + 0.01 * greatest(least(principal, 200000) - 10000, 0)
           + 0.005 * greatest(principal - 200000, 0), 2))) AS bik
  FROM (SELECT customer_number, sum(open) AS principal FROM decided WHERE ripe GROUP BY customer_number)
  ORDER BY customer_number
) TO '{os.path.join(out, 'customers.json')}' (FORMAT JSON)""")
