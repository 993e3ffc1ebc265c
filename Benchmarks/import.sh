#!/usr/bin/env bash
# Generates a 1M-item chained audit_logs export (once; cached in Benchmarks/output) and
# imports it into a new store, printing throughput and peak RSS. Not a test: it prints figures.
#   ITEMS=200000 Benchmarks/import.sh     # a smaller run
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
out=Benchmarks/output
export_dir=$out/export-$items
[ -x .build/release/ddbaudit ] || swift build -c release >&2
if [ ! -d "$export_dir" ]; then
  echo "generating a $items-item export in $export_dir ..." >&2
  .build/release/ddbaudit-samples bench "$export_dir" --items "$items" >/dev/null
fi
rm -f "$out/bench.sqlite" "$out/bench.items"
python3 - "$export_dir" "$out/bench.sqlite" "$items" <<'PY'
import os, resource, subprocess, sys, time
export_dir, db, items = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(export_dir) for f in fs)
start = time.monotonic()
subprocess.run([".build/release/ddbaudit", "import", export_dir, "--db", db, "--quiet"], check=True, stdout=subprocess.DEVNULL)
seconds = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"import: {items} items, {size/1048576:.1f} MiB gzipped, {seconds:.2f} s, "
      f"{items/seconds:,.0f} items/s, peak RSS {rss:.0f} MiB, store {os.path.getsize(db)/1048576:.0f} MiB")
PY
echo "$items" > "$out/bench.items"
