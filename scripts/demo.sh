#!/usr/bin/env bash
# make run: the demo export folder (fixtures/demo) through Thinline, in a scratch folder.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/thinline}"
out="demo-run"
rm -rf "$out" && mkdir -p "$out/exports"
cp fixtures/demo/* "$out/exports/"
echo "== thinline validate $out/exports   (one file is cut off on purpose: it is reported, the rest goes on)"
"$bin" validate "$out/exports"
echo "   exit code $? (65 = finished, but at least one input was rejected)"
echo
echo "== thinline convert $out/exports --to json -o $out/documents.json"
"$bin" convert "$out/exports" --to json -o "$out/documents.json"
echo "   exit code $?"
"$bin" convert "$out/exports" --to csv -o "$out/documents.csv" 2>/dev/null
echo
echo "== thinline handover --config fixtures/demo-settings/thinline.yaml --as-of 2026-11-29 --out $out/out $out/exports"
"$bin" handover --config fixtures/demo-settings/thinline.yaml --as-of 2026-11-29 --out "$out/out" "$out/exports"
echo "   exit code $?"
echo
echo "== thinline run --config fixtures/demo-settings/thinline.yaml --as-of 2026-11-29   (the cron job, twice)"
rm -rf "$out/exports-cron" && mkdir -p "$out/exports-cron" && cp fixtures/demo/* "$out/exports-cron/"
"$bin" run --config fixtures/demo-settings/thinline.yaml --as-of 2026-11-29
echo "   exit code $? (the cut-off file went to quarantine with an explanation beside it)"
"$bin" run --config fixtures/demo-settings/thinline.yaml --as-of 2026-11-29
echo "   exit code $? (second run: nothing new, nothing handed over twice)"
echo "   batch: $(ls -d "$out"/outbox/TL-* 2>/dev/null | head -1)"
echo
echo "Outputs: $out/documents.json and $out/documents.csv (one normalised record per invoice or credit note),"
echo "         $out/out/ (thinline handover: decisions.json, the dossiers in XML, JSON and CSV, the extracted PDF, the manifest),"
echo "         $out/outbox/TL-…/ (thinline run: delivery/ for the agency — dossiers, manifest, schemas, PDFs, the claimed sources — and internal/ with decisions.json and report.html: open it in a browser)."
exit 0
