#!/usr/bin/env bash
# A year of nightly imports, shortened: NIGHTS (default 20) successive full exports of a chained
# audit_logs table of ITEMS records (default 500000), each night 2,000 new records and about 200
# expired by their ttl, lines in random order. Each night is imported into one store and
# verified (NIGHTS up to 60: later nights would lie in the future); prints per night: import time, bytes the import wrote, new versions, store size,
# verify time and peak RSS. Not a test: it prints figures. BIN picks the ddbaudit binary.
#   NIGHTS=5 ITEMS=100000 Benchmarks/nightly.sh
set -euo pipefail
cd "$(dirname "$0")/.."
nights=${NIGHTS:-20}
items=${ITEMS:-500000}
bin=${BIN:-.build/release/ddbaudit}
samples=${SAMPLES_BIN:-.build/release/ddbaudit-samples}
[ -x "$bin" ] || swift build -c release --product ddbaudit >&2
[ -x "$samples" ] || swift build -c release --product ddbaudit-samples >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbaudit-nightly.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 - "$bin" "$samples" "$work" "$items" "$nights" <<'PY'
import json, os, resource, subprocess, sys, time, datetime, shutil
bin, samples, work, items, nights = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
db = os.path.join(work, "store.sqlite")
start = datetime.datetime(2026, 9, 21, 6, tzinfo=datetime.timezone.utc)  # night 0 (NightlyExport.start)

def child(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, seconds, (after.ru_oublock - before.ru_oublock) * 512

print(f"{'night':>5} {'import s':>9} {'written MiB':>12} {'new versions':>13} {'store MiB':>10} {'growth MiB':>11} {'verify s':>9}")
size = versions = 0
for night in range(nights + 1):
    out = os.path.join(work, f"night-{night}")
    folder = subprocess.run([samples, "nightly", out, "--night", str(night), "--items", str(items), "--shuffled"],
                            check=True, capture_output=True, text=True).stdout.strip()
    os.sync()
    result, seconds, written = child([bin, "import", folder, "--db", db, "--quiet"])
    if result.returncode != 0:
        sys.exit(f"night {night}: import failed: {result.stderr}")
    listing = json.loads(subprocess.run([bin, "tables", "--db", db, "--format", "json"], check=True, capture_output=True, text=True).stdout)
    total = sum(t["versions"] for t in listing["tables"])
    new_versions, versions = total - versions, total
    as_of = (start + datetime.timedelta(days=night, hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    check, verify_seconds, _ = child([bin, "verify", "--db", db, "--as-of", as_of, "--quiet"])
    if check.returncode != 0:
        sys.exit(f"night {night}: verify exit {check.returncode}: {check.stderr}")
    new_size = os.path.getsize(db)
    print(f"{night:>5} {seconds:>9.2f} {written / 1048576:>12.1f} {new_versions:>13,} {new_size / 1048576:>10.1f} "
          f"{(new_size - size) / 1048576:>11.1f} {verify_seconds:>9.2f}", flush=True)
    size = new_size
    shutil.rmtree(out)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"peak RSS of any import or verify: {rss:.0f} MiB")
PY
