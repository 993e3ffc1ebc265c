# ddbaudit: `make demo` and `make test` work on a fresh Debian 12 machine with Swift 6.
SWIFT ?= swift
DEMO := demo-output
BIN := .build/release/ddbaudit

.PHONY: demo test deps release samples bench clean

## demo: install what is missing, build, then run the nightly job on Samples/ (Samples/nightly.json):
## import every sample export (the six seed tables, and the next day's tampered audit_logs export),
## verify, check retention, write the audit-trail, integrity and retention reports into
## demo-output/2026-11-21/. The samples carry tampering and TTL mistakes, so the job exits 1, as
## expected. Then the same findings as text, JUnit and SARIF, the table-settings check, and the
## SHA-256 sidecars checked.
demo: release
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) run --config Samples/nightly.json --as-of 2026-11-21T12:00:00Z; \
	  status=$$?; echo "run exit status $$status (1: findings, as expected)"; test $$status -eq 1
	$(BIN) tables --db $(DEMO)/ddbaudit.sqlite
	$(BIN) verify --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-21T12:00:00Z --exit-zero
	$(BIN) retention --db $(DEMO)/ddbaudit.sqlite --policy Samples/retention-policy.json --as-of 2026-11-21T12:00:00Z --exit-zero
	$(BIN) retention --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-21T12:00:00Z --format junit --output $(DEMO)/retention.junit.xml --exit-zero
	$(BIN) retention --db $(DEMO)/ddbaudit.sqlite --as-of 2026-11-21T12:00:00Z --format sarif --output $(DEMO)/retention.sarif --exit-zero
	$(BIN) settings Samples/settings/* --as-of 2026-11-21T12:00:00Z --exit-zero
	cd $(DEMO)/2026-11-21 && sha256sum -c *.sha256

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
	rm -rf Samples/exports Samples/tampered Samples/items Samples/formats
	$(SWIFT) run ddbaudit-samples samples Samples

## bench: import a generated 1M-item audit export, verify it, query it, check retention, import other formats; print throughput and peak RSS
bench: release
	Benchmarks/import.sh
	Benchmarks/verify.sh
	Benchmarks/query.sh
	Benchmarks/retention.sh
	Benchmarks/formats.sh

clean:
	rm -rf .build $(DEMO) Benchmarks/output
