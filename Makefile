# Thinline — the front door. Rules:
#   make deps     install what is missing (pkg-config, libxml2-dev, libsqlite3-dev via apt; Python's
#                 jsonschema via pip, which the tests use to check dossiers against their JSON Schema)
#   make build    debug build of the thinline binary
#   make test     run every test (what CI runs, through .ci/run)
#   make run      the main job on the bundled demo export folder (fixtures/demo)
#   make bench    throughput and peak memory on generated corpora, beside xmllint, Python and DuckDB (installs
#                 duckdb via pip; not part of test)
#   make golden   rewrite the golden files under fixtures/ (then review the diff)
#   make report-screenshot  the demo report at 1280 px and 390 px and as PDF pages under demo-run/ (installs chromium)
#   make install  release build, installed as $(PREFIX)/bin/thinline (PREFIX=/usr/local by default)
#   make fuzz     libFuzzer on the UBL and CSV readers (FUZZ_SECONDS, default 300; not part of test)
#   make lint     swift format lint --strict
#   make format   swift format in place
#   make clean    remove build output and scratch folders

SWIFT ?= swift
BIN := .build/debug/thinline
APT_PACKAGES := pkg-config libxml2-dev libsqlite3-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test run bench golden lint format clean report-screenshot fuzz install

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build
	$(SWIFT) test

run: build
	@scripts/demo.sh $(BIN)

bench: deps
	@python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install -q duckdb
	@scripts/bench.sh

golden: deps
	UPDATE_GOLDEN=1 $(SWIFT) test --filter Golden || true
	@git status --short fixtures

report-screenshot: build
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || ($(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils)
	@mkdir -p demo-run
	$(BIN) report --config fixtures/demo-settings/thinline.yaml --as-of 2026-11-29 -o demo-run/report.html fixtures/demo \
	  || [ $$? -eq 65 ]  # the demo holds one truncated file on purpose
	@for size in 1280,2600 390,5200; do \
	  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$$size \
	    --screenshot=$(CURDIR)/demo-run/report-$${size%%,*}.png file://$(CURDIR)/demo-run/report.html 2>/dev/null; \
	done
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=$(CURDIR)/demo-run/report.pdf \
	  file://$(CURDIR)/demo-run/report.html 2>/dev/null
	pdftoppm -png -r 60 demo-run/report.pdf demo-run/report-print
	@echo "demo-run/report-1280.png (desktop), demo-run/report-390.png (phone), demo-run/report.pdf and demo-run/report-print-*.png (printed pages)"

PREFIX ?= /usr/local
install: deps
	$(SWIFT) build -c release --product thinline
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/thinline $(DESTDIR)$(PREFIX)/bin/thinline
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --multi-page >/dev/null
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0644 .build/plugins/GenerateManual/outputs/thinline/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	.build/release/thinline --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/thinline
	.build/release/thinline --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_thinline
	.build/release/thinline --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/thinline.fish
	@echo "installed $(DESTDIR)$(PREFIX)/bin/thinline, its man pages (man thinline) and completions for bash, zsh and fish"

FUZZ_SECONDS ?= 300
fuzz: deps
	$(SWIFT) build --scratch-path .build-fuzz --product ThinlineFuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING \
	  -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
	@mkdir -p fuzz-corpus fuzz-crashes
	@cp -n fixtures/demo/* fixtures/golden/*/input/* fuzz-corpus/ 2>/dev/null || true
	.build-fuzz/debug/ThinlineFuzz -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -artifact_prefix=fuzz-crashes/ fuzz-corpus
	@echo "no crash in $(FUZZ_SECONDS) s; reproduce a crash with: swift run ThinlineFuzz fuzz-crashes/<file>"

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build .build-fuzz demo-run bench-data fuzz-corpus fuzz-crashes
