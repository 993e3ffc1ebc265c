# ddbaudit: `make demo` and `make test` work on a fresh Debian 12 machine with Swift 6.
SWIFT ?= swift
DEMO := demo-output
BIN := .build/release/ddbaudit

.PHONY: demo test deps release samples bench clean

## demo: install what is missing, build, import Samples/ into a new store, verify it, write the
## audit-trail report; then import the next day's tampered audit export, verify again (findings
## exit 1: expected) and write the integrity report. Everything lands in demo-output/.
demo: release
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) import Samples/exports --db $(DEMO)/ddbaudit.sqlite
	$(BIN) tables --db $(DEMO)/ddbaudit.sqlite
	$(BIN) verify --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-20T12:00:00Z
	$(BIN) report audit-trail --db $(DEMO)/ddbaudit.sqlite --period 2026-10 --as-of 2026-11-20T12:00:00Z --output-dir $(DEMO)
	$(BIN) import Samples/tampered --db $(DEMO)/ddbaudit.sqlite
	$(BIN) verify --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-21T12:00:00Z --output $(DEMO)/verify.txt --exit-zero
	$(BIN) verify --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-21T12:00:00Z --format json --output $(DEMO)/verify.json; \
	  status=$$?; cat $(DEMO)/verify.txt; echo "verify exit status $$status (1: findings, as expected)"; test $$status -eq 1
	$(BIN) report integrity --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-21T12:00:00Z --output-dir $(DEMO)
	cd $(DEMO) && sha256sum -c *.sha256

## test: install what is missing and run the whole test suite
test: deps
	$(SWIFT) build
	$(SWIFT) test

deps:
	@scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release

## samples: regenerate Samples/ (deterministic; a test checks the committed copy matches)
samples:
	rm -rf Samples/exports Samples/tampered Samples/items
	$(SWIFT) run ddbaudit-samples samples Samples

## bench: import a generated 1M-item audit export, verify it, query it; print throughput and peak RSS
bench: release
	Benchmarks/import.sh
	Benchmarks/verify.sh
	Benchmarks/query.sh

clean:
	rm -rf .build $(DEMO) Benchmarks/output
