#!/usr/bin/env bash
# The import's two ways to canonical bytes, side by side on the same lines: the one-pass
# CanonicalTranscoder (fast) against DynamoJSONDecoder + CanonicalForm (full), over the
# 125,000 items of the first data file of the 1M benchmark export, shuffled. Prints the
# ratio run by run (farm-bench when present, else one timed run of each).
set -euo pipefail
cd "$(dirname "$0")/.."
out=Benchmarks/output
data=$(Benchmarks/first-data-file.sh)
lines="$out/fastpath.jsonl"
gzip -dc "$data" | shuf --random-source=<(yes) > "$lines"
bin=.build/release/ddbaudit-samples
[ -x "$bin" ] || swift build -c release --product ddbaudit-samples >&2
"$bin" canonicalize "$lines" fast
"$bin" canonicalize "$lines" full
if command -v farm-bench >/dev/null; then
  farm-bench --vs "$bin canonicalize $lines full" -- "$bin" canonicalize "$lines" fast
else
  for method in fast full; do /usr/bin/time -f "$method: %e s, %M KB peak" "$bin" canonicalize "$lines" "$method"; done
fi
