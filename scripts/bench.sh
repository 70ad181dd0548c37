#!/usr/bin/env bash
# make bench: ingest throughput and peak memory of `thinline validate` on a generated corpus,
# side by side with the floors it is measured against (xmllint --stream, Python csv + Decimal).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v xmllint >/dev/null; then
  echo "installing libxml2-utils (xmllint) for the comparison"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils
fi
swift build -c release --product thinline >/dev/null
exec python3 scripts/bench.py .build/release/thinline "${BENCH_FILES:-20000}" "${BENCH_ROWS:-1000000}"
