#!/usr/bin/env bash
# What signing costs: a chained audit_logs export of ITEMS records (default 1000000), lines in
# random order, imported once; then `verify` against `checkpoint` (verify + tree + files) of the
# same store, timed in turn with farm-bench when it is on PATH (RUNS pairs); then
# `verify-proof` of one record's inclusion proof, and `sha256sum` over the canonical bytes the
# tree's leaves come from. Not a test: it prints figures.
#   ITEMS=250000 Benchmarks/checkpoint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
runs=${RUNS:-3}
bin=${BIN:-.build/release/ddbaudit}
samples=${SAMPLES_BIN:-.build/release/ddbaudit-samples}
[ -x "$bin" ] || swift build -c release --product ddbaudit >&2
[ -x "$samples" ] || swift build -c release --product ddbaudit-samples >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbaudit-checkpoint.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$samples" nightly "$work/export" --night 0 --items "$items" --shuffled >/dev/null
asof="--as-of 2026-09-22T00:00:00Z"
"$bin" import "$work/export" --db "$work/s.sqlite" --quiet >/dev/null
"$bin" key generate --name bench.example --output "$work/k" > "$work/k.pub" 2>/dev/null

cat > "$work/verify.sh" <<SH
#!/bin/sh
"$bin" verify --db "$work/s.sqlite" --table audit_logs $asof --format json --output "$work/v.json" --exit-zero --quiet
SH
cat > "$work/checkpoint.sh" <<SH
#!/bin/sh
"$bin" checkpoint --db "$work/s.sqlite" --table audit_logs --key "$work/k" $asof --output "$work/c.ckpt" --quiet >/dev/null
SH
chmod +x "$work/verify.sh" "$work/checkpoint.sh"
python3 - "$work" <<'PY'
import subprocess, sys, time
work = sys.argv[1]
for name in ("verify", "checkpoint"):
    t = time.monotonic(); subprocess.run([f"{work}/{name}.sh"], check=True); print(f"{name}: {time.monotonic() - t:.2f} s")
PY
if command -v farm-bench >/dev/null; then
  farm-bench -n "$runs" --vs "$work/verify.sh" -- "$work/checkpoint.sh" || true
fi
ls -l "$work"/c.ckpt* | awk '{print "  " $5 " bytes  " $9}'
user=$( ("$bin" query --db "$work/s.sqlite" --table audit_logs --columns "user_id,timestamp#log_id" --format csv 2>/dev/null || true) | sed -n 2p | tr -d "\r")
pk=${user%%,*}; sk=${user#*,}
"$bin" prove --db "$work/s.sqlite" --table audit_logs --key-values "$pk" "$sk" --checkpoint "$work/c.ckpt" --trusted-key "$work/k.pub" --output "$work/p.json"
python3 - "$bin" "$work" <<'PY'
import subprocess, sys, time
bin, work = sys.argv[1], sys.argv[2]
best = min((lambda t: (subprocess.run([bin, "verify-proof", f"{work}/p.json", "--trusted-key", f"{work}/k.pub"], check=True, capture_output=True), time.monotonic() - t)[1])(time.monotonic()) for _ in range(5))
print(f"verify-proof: {best * 1000:.0f} ms (best of 5, process start included)")
PY
"$bin" query --db "$work/s.sqlite" --table audit_logs --format jsonl 2>/dev/null > "$work/canonical.jsonl"
python3 - "$work" <<'PY'
import subprocess, sys, time, os
work = sys.argv[1]
t = time.monotonic(); subprocess.run(["sha256sum", f"{work}/canonical.jsonl"], check=True, capture_output=True)
print(f"sha256sum over {os.path.getsize(work + '/canonical.jsonl') / 1e6:.0f} MB of the records' JSON: {time.monotonic() - t:.2f} s (one core)")
PY
