#!/usr/bin/env bash
# Checks retention item by item over the 1M-record store Benchmarks/import.sh builds, and
# prints the time and peak RSS. Not a test: it prints figures.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Benchmarks/output
[ -f "$out/bench.sqlite" ] || Benchmarks/import.sh
python3 - "$out/bench.sqlite" "$(cat "$out/bench.items")" <<'PY'
import resource, subprocess, sys, time, json
db, items = sys.argv[1], int(sys.argv[2])
start = time.monotonic()
run = subprocess.run([".build/release/ddbaudit", "retention", "--db", db, "--as-of", "2026-11-21", "--format", "json", "--exit-zero"],
                     check=True, capture_output=True)
seconds = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
summary = json.loads(run.stdout)["summary"]
print(f"retention: {summary['items']} items, {seconds:.2f} s, {summary['items']/seconds:,.0f} items/s, "
      f"peak RSS {rss:.0f} MiB, findings {summary['findings']}")
PY
