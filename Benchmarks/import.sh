#!/usr/bin/env bash
# Generates a 1M-item chained audit_logs export (once; cached in Benchmarks/output) and
# imports it into a new store RUNS times (default 3), printing throughput and peak RSS of
# each run and the median. Not a test: it prints figures.
#   ITEMS=200000 RUNS=1 Benchmarks/import.sh     # a smaller run
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
runs=${RUNS:-3}
out=Benchmarks/output
export_dir=$out/export-$items
[ -x .build/release/ddbaudit ] || swift build -c release >&2
if [ ! -d "$export_dir" ]; then
  echo "generating a $items-item export in $export_dir ..." >&2
  .build/release/ddbaudit-samples bench "$export_dir" --items "$items" >/dev/null
fi
rm -f "$out/bench.items"
python3 - "$export_dir" "$out/bench.sqlite" "$items" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
export_dir, db, items, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(export_dir) for f in fs)
seconds = []
for run in range(runs):
    if os.path.exists(db):
        os.remove(db)
    os.sync()  # let the kernel write back the last store first, so one run does not pay for another
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run([".build/release/ddbaudit", "import", export_dir, "--db", db, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    seconds.append(time.monotonic() - start)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    print(f"run {run + 1}: {seconds[-1]:.2f} s, {items / seconds[-1]:,.0f} items/s, CPU {cpu:.2f} s", file=sys.stderr)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
median = statistics.median(seconds)
print(f"import: {items} items, {size/1048576:.1f} MiB gzipped, median of {runs}: {median:.2f} s, "
      f"{items/median:,.0f} items/s (best {items/min(seconds):,.0f}), peak RSS {rss:.0f} MiB, "
      f"store {os.path.getsize(db)/1048576:.0f} MiB")
PY
echo "$items" > "$out/bench.items"
