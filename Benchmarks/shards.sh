#!/usr/bin/env bash
# One machine against N shards of it: a chained audit_logs export of ITEMS records (default
# 500000), lines in random order, imported and verified whole, then as SHARDS parts (default 4)
# one after another on this machine, each into its own store, and the parts' results merged.
# Prints wall and CPU seconds of each way and checks that the merged result is the whole
# store's, byte for byte. With farm-bench on PATH, one shard alone (what each of N machines
# does) is timed against the whole, in turn (RUNS pairs). Not a test: it prints figures.
#   ITEMS=100000 SHARDS=4 Benchmarks/shards.sh
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-500000}
shards=${SHARDS:-4}
runs=${RUNS:-3}
bin=${BIN:-.build/release/ddbaudit}
samples=${SAMPLES_BIN:-.build/release/ddbaudit-samples}
[ -x "$bin" ] || swift build -c release --product ddbaudit >&2
[ -x "$samples" ] || swift build -c release --product ddbaudit-samples >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbaudit-shards.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$samples" nightly "$work/export" --night 0 --items "$items" --shuffled >/dev/null
asof="--as-of 2026-09-22T00:00:00Z --format json --exit-zero"  # the day after night 0

cat > "$work/whole.sh" <<SH
#!/bin/sh
set -e
rm -f "$work/whole.sqlite"
"$bin" import "$work/export" --db "$work/whole.sqlite" --quiet >/dev/null
"$bin" verify --db "$work/whole.sqlite" $asof --output "$work/whole.json" --quiet
SH
cat > "$work/shard.sh" <<SH
#!/bin/sh
set -e
rm -f "$work/shard-\$1.sqlite"
"$bin" import "$work/export" --db "$work/shard-\$1.sqlite" --shard "\$1/$shards" --quiet >/dev/null
"$bin" verify --db "$work/shard-\$1.sqlite" $asof --output "$work/verify-\$1.json" --quiet
SH
cat > "$work/sharded.sh" <<SH
#!/bin/sh
set -e
for k in \$(seq 0 $((shards - 1))); do "$work/shard.sh" "\$k"; done
"$bin" merge "$work"/verify-*.json --output "$work/merged.json" --exit-zero --quiet
SH
chmod +x "$work/whole.sh" "$work/shard.sh" "$work/sharded.sh"

python3 - "$work" "$items" "$shards" <<'PY'
import resource, subprocess, sys, time, filecmp
work, items, shards = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def timed(script):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run([f"{work}/{script}"], check=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
w, wc = timed("whole.sh")
s, sc = timed("sharded.sh")
same = filecmp.cmp(f"{work}/whole.json", f"{work}/merged.json", shallow=False)
print(f"whole:   {items} items, import + verify {w:.2f} s wall, {wc:.2f} s CPU, {items / wc:,.0f} items per CPU-second")
print(f"sharded: {shards} shards one after another + merge {s:.2f} s wall, {sc:.2f} s CPU ({sc / wc:.2f}x the whole's: every shard reads and parses every line)")
print(f"merged result {'is' if same else 'is NOT'} the whole store's, byte for byte")
if not same: sys.exit(1)
PY
if command -v farm-bench >/dev/null; then
  echo "one shard of $shards alone (A) against the whole (B):"
  farm-bench -n "$runs" --timeout 3000 --vs "$work/whole.sh" -- "$work/shard.sh" 0
fi
