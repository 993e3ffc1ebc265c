#!/usr/bin/env bash
# Times queries and reports on the 1M-record store Benchmarks/import.sh builds: a 90-day
# query to CSV, and a ~100,000-row query to XLSX. Prints rows, seconds and peak RSS.
# Not a test: it prints figures.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-1000000}
out=Benchmarks/output
[ -f "$out/bench.sqlite" ] && [ -f "$out/bench.items" ] && [ "$(cat "$out/bench.items")" = "$items" ] \
  || ITEMS=$items Benchmarks/import.sh
python3 - "$out" <<'PY'
import os, resource, subprocess, sys, time
out = sys.argv[1]
db = os.path.join(out, "bench.sqlite")
def timed(label, args, output):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    subprocess.run([".build/release/ddbaudit"] + args + ["--db", db], check=True, stdout=open(output, "wb"))
    seconds = time.monotonic() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, rss
# The benchmark export spans 690 days before 2026-11-20: 90 days hold about 130,000 records.
csv = os.path.join(out, "q90.csv")
s, rss = timed("csv", ["query", "--table", "audit_logs", "--from", "2026-08-12", "--to", "2026-11-10"], csv)
rows = sum(1 for _ in open(csv, "rb")) - 1
print(f"query 90 days -> CSV: {rows} rows, {s:.2f} s, {rows/s:,.0f} rows/s, peak RSS {rss:.0f} MiB, {os.path.getsize(csv)/1048576:.1f} MiB")
xlsx = os.path.join(out, "q100k.xlsx")
if os.path.exists(xlsx): os.remove(xlsx)
s, rss = timed("xlsx", ["query", "--table", "audit_logs", "--from", "2026-08-12", "--to", "2026-10-20", "--format", "xlsx", "--output", xlsx], os.devnull)
print(f"query ~100k rows -> XLSX: {s:.2f} s, peak RSS {rss:.0f} MiB, {os.path.getsize(xlsx)/1048576:.1f} MiB")
PY
