# ddbaudit: `make demo` and `make test` work on a fresh Debian 12 machine with Swift 6.
SWIFT ?= swift
DEMO := demo-output
BIN := .build/release/ddbaudit

.PHONY: demo test deps release samples bench clean

## demo: install what is missing, build, import Samples/ into a new store and list it
demo: release
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) import Samples/exports --db $(DEMO)/ddbaudit.sqlite
	$(BIN) tables --db $(DEMO)/ddbaudit.sqlite

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
	rm -rf Samples/exports
	$(SWIFT) run ddbaudit-samples samples Samples

## bench: import a generated 1M-item audit export and print items/s and peak RSS
bench: release
	Benchmarks/import.sh

clean:
	rm -rf .build $(DEMO) Benchmarks/output
