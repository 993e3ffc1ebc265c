# ddbaudit: `make demo` and `make test` work on a fresh Debian 12 machine with Swift 6.
#
# demo builds a debug binary in .build/debug. test builds and runs the tests optimized (release,
# with testability, in .build-test): what ships is what is tested, and the suite runs in a third
# of the time it takes in debug. install and bench build a release binary in .build/release.
SWIFT ?= swift
DEMO := demo-output
BIN := .build/debug/ddbaudit
RELEASE_BIN := .build/release/ddbaudit
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share

.PHONY: demo test build deps release install uninstall samples reports-source bench clean fuzz fuzz-build

## demo: install what is missing, build, then run the nightly job on Samples/ (Samples/nightly.json):
## import every sample export (the six seed tables, and the next day's tampered audit_logs export),
## verify, check retention, write the audit-trail, integrity and retention reports into
## demo-output/2026-11-21/. The samples carry tampering and TTL mistakes, so the job exits 1, as
## expected. Then the same findings as text, JUnit and SARIF, the table-settings check, and the
## SHA-256 sidecars checked; then a signed checkpoint of the clean export, the tampered one verified
## against it on a fresh store, and one record's inclusion proof checked; then the access review
## of 2026-Q3: the two sample snapshots of the Cognito user pool joined with the audit tables.
demo: build
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
	@echo "== signed checkpoints: yesterday's clean export signed, today's tampered one verified on a fresh store"
	$(BIN) key generate --name demo.ddbaudit.invalid --output $(DEMO)/demo.key > $(DEMO)/demo.vkey
	$(BIN) import Samples/exports/audit_logs --db $(DEMO)/clean.sqlite --quiet
	$(BIN) checkpoint --db $(DEMO)/clean.sqlite --table audit_logs --key $(DEMO)/demo.key --as-of 2026-11-21T12:00:00Z --output $(DEMO)/audit_logs.ckpt
	$(BIN) import Samples/tampered/audit_logs --db $(DEMO)/ci.sqlite --quiet
	$(BIN) verify --db $(DEMO)/ci.sqlite --checkpoint $(DEMO)/audit_logs.ckpt --trusted-key $(DEMO)/demo.vkey --as-of 2026-11-21T12:00:00Z --exit-zero
	$(BIN) prove --db $(DEMO)/clean.sqlite --table audit_logs --key-values user-0001 '2025-07-26T11:32:37.274Z#log-d04e4a6a0db3' \
	  --checkpoint $(DEMO)/audit_logs.ckpt --trusted-key $(DEMO)/demo.vkey --output $(DEMO)/record.proof.json
	$(BIN) verify-proof $(DEMO)/record.proof.json --trusted-key $(DEMO)/demo.vkey
	@echo "== access review: who acted with which role, joined with the Cognito user pool (docs/access-review.md)"
	$(BIN) import Samples/exports --db $(DEMO)/review.sqlite --quiet
	$(BIN) import Samples/cognito/2026-07-01 --db $(DEMO)/review.sqlite --snapshot-time 2026-07-01T00:00:00Z
	$(BIN) import Samples/cognito/2026-09-01 --db $(DEMO)/review.sqlite --snapshot-time 2026-09-01T00:00:00Z
	$(BIN) report access-review --db $(DEMO)/review.sqlite --period 2026-Q3 --as-of 2026-11-20T06:00:00Z --output-dir $(DEMO)/access-review

## test: install what is missing and run the whole test suite (optimized, in .build-test)
TEST_BUILD := -c release -Xswiftc -enable-testing --scratch-path .build-test
test: deps
	$(SWIFT) build $(TEST_BUILD) --build-tests
	$(SWIFT) test $(TEST_BUILD) --skip-build

build: deps
	$(SWIFT) build --product ddbaudit

deps:
	@scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release --product ddbaudit

## install: a release binary in $(PREFIX)/bin, shell completions for bash, zsh and fish, and the
## docs and example configs in $(PREFIX)/share/doc/ddbaudit. DESTDIR is prepended to every path.
install: release
	install -d $(BINDIR) $(SHAREDIR)/bash-completion/completions $(SHAREDIR)/zsh/site-functions \
	  $(SHAREDIR)/fish/vendor_completions.d $(SHAREDIR)/doc/ddbaudit/examples $(SHAREDIR)/doc/ddbaudit/spec
	install -m 0755 $(RELEASE_BIN) $(BINDIR)/ddbaudit
	$(RELEASE_BIN) --generate-completion-script bash >$(SHAREDIR)/bash-completion/completions/ddbaudit
	$(RELEASE_BIN) --generate-completion-script zsh >$(SHAREDIR)/zsh/site-functions/_ddbaudit
	$(RELEASE_BIN) --generate-completion-script fish >$(SHAREDIR)/fish/vendor_completions.d/ddbaudit.fish
	install -m 0644 README.md docs/*.md $(SHAREDIR)/doc/ddbaudit/
	install -m 0644 docs/spec/* $(SHAREDIR)/doc/ddbaudit/spec/
	install -m 0644 Reports/*.json Samples/retention-policy.json $(SHAREDIR)/doc/ddbaudit/examples/
	@echo "installed $(BINDIR)/ddbaudit ($$($(BINDIR)/ddbaudit --version))"

uninstall:
	rm -f $(BINDIR)/ddbaudit $(SHAREDIR)/bash-completion/completions/ddbaudit \
	  $(SHAREDIR)/zsh/site-functions/_ddbaudit $(SHAREDIR)/fish/vendor_completions.d/ddbaudit.fish
	rm -rf $(SHAREDIR)/doc/ddbaudit

## samples: regenerate Samples/ (deterministic; a test checks the committed copy matches)
samples:
	rm -rf Samples/exports Samples/tampered Samples/items Samples/formats
	$(SWIFT) run ddbaudit-samples samples Samples

## fuzz: build the libFuzzer targets (-sanitize=fuzzer, in .build-fuzz) and run each for FUZZ_SECONDS
## (default 30) from the committed corpus in Tests/Fixtures/fuzz/TARGET. A crash, a hang (10 s) or
## 1 GiB of memory fails it; the input is kept in .build-fuzz/crashes/TARGET/ (add it to the corpus
## once fixed). New inputs that widen coverage go to .build-fuzz/corpus/TARGET/.
FUZZ_TARGETS := decoder manifest scan stream lines gzip merge checkpoint
FUZZ_SECONDS ?= 30
FUZZ_BIN := .build-fuzz/debug/ddbaudit-fuzz

fuzz-build: deps
	$(SWIFT) build --scratch-path .build-fuzz --product ddbaudit-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t .build-fuzz/crashes/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  DDBAUDIT_FUZZ_TARGET=$$t $(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 -max_len=65536 \
	    -print_final_stats=0 -artifact_prefix=.build-fuzz/crashes/$$t/ .build-fuzz/corpus/$$t Tests/Fixtures/fuzz/$$t 2>.build-fuzz/$$t.log \
	    || { tail -40 .build-fuzz/$$t.log; echo "fuzz: $$t FAILED; the input is in .build-fuzz/crashes/$$t/"; exit 1; }; \
	  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" .build-fuzz/$$t.log | tail -1; \
	done

## reports-source: embed Reports/*.json in the binary again (a test checks the embedded copy matches)
reports-source:
	scripts/embed-reports.sh

## bench: import a generated 1M-item audit export, verify it, query it, check retention, import other formats and hostile inputs, then 20 nights of nightly imports; print throughput, bytes written and peak RSS
bench: release
	Benchmarks/import.sh
	Benchmarks/verify.sh
	Benchmarks/query.sh
	Benchmarks/retention.sh
	Benchmarks/formats.sh
	Benchmarks/hostile.sh
	Benchmarks/fastpath.sh
	Benchmarks/nightly.sh
	Benchmarks/shards.sh

clean:
	rm -rf .build $(DEMO) Benchmarks/output
