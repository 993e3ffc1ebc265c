#!/usr/bin/env bash
# Verifies the store Benchmarks/import.sh built (1M chained audit_logs records by default),
# printing records/s, wall time and peak RSS. Not a test: it prints figures.
#   ITEMS=200000 Benchmarks/verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
out=Benchmarks/output
[ -f "$out/bench.sqlite" ] && [ -f "$out/bench.items" ] && [ "$(cat "$out/bench.items")" = "$items" ] \
  || { ITEMS=$items Benchmarks/import.sh && echo "$items" > "$out/bench.items"; }
python3 - "$out/bench.sqlite" "$items" <<'PY'
import json, resource, subprocess, sys, time
db, items = sys.argv[1], int(sys.argv[2])
start = time.monotonic()
run = subprocess.run([".build/release/ddbaudit", "verify", "--db", db, "--format", "json", "--as-of", "2026-11-21"],
                     stdout=subprocess.PIPE, check=False)
seconds = time.monotonic() - start
summary = json.loads(run.stdout)["summary"]
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"verify: {summary['records']} records in {summary['chains']} chains, {seconds:.2f} s, "
      f"{summary['records']/seconds:,.0f} records/s, peak RSS {rss:.0f} MiB, findings {summary['findings']}, exit {run.returncode}")
PY
