#!/usr/bin/env bash
# Imports the first data file of the 1M benchmark export (125,000 items) as the other
# formats: JSON lines (gzipped, as is), scan output (pages of 1,000 items appended) and a
# Lambda stream event file, each into a new store. Prints items/s and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Benchmarks/output
data=$(Benchmarks/first-data-file.sh)
python3 - "$data" "$out" <<'PY'
import gzip, json, os, resource, subprocess, sys, time
data, out = sys.argv[1], sys.argv[2]
lines = [l.rstrip("\n") for l in gzip.open(data, "rt")]
items = [l[len('{"Item":'):-1] for l in lines]
scan = os.path.join(out, "bench-scan.json")
with open(scan, "w") as f:
    for k in range(0, len(items), 1000):
        page = items[k:k + 1000]
        f.write('{"Items":[' + ",\n".join(page) + '],"Count":%d,"ScannedCount":%d}\n' % (len(page), len(page)))
stream = os.path.join(out, "bench-stream.json")
with open(stream, "w") as f:
    f.write('{"Records":[\n')
    for k, item in enumerate(items):
        obj = json.loads(item)
        keys = json.dumps({"user_id": obj["user_id"], "timestamp#log_id": obj["timestamp#log_id"]})
        f.write(('' if k == 0 else ',\n') + '{"eventID":"e%d","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":%d,"Keys":%s,"NewImage":%s}}'
                % (k, 1795154400 + k, keys, item))
    f.write('\n]}\n')
for name, path in [("jsonl (gzip)", data), ("scan", scan), ("stream", stream)]:
    db = os.path.join(out, "bench-formats.sqlite")
    if os.path.exists(db): os.remove(db)
    start = time.monotonic()
    subprocess.run([".build/release/ddbaudit", "import", path, "--table", "audit_logs", "--db", db, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"import {name}: {len(items)} items, {os.path.getsize(path)/1048576:.1f} MiB, {seconds:.2f} s, {len(items)/seconds:,.0f} items/s, peak RSS so far {rss:.0f} MiB")
PY
