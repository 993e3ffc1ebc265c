#!/usr/bin/env bash
# Prints the first data file of the 1M benchmark export (generating the export first when
# Benchmarks/output has none): 125,000 items, gzipped DynamoDB JSON lines.
set -euo pipefail
cd "$(dirname "$0")/.."
out=Benchmarks/output
[ -f "$out/bench.items" ] || Benchmarks/import.sh >&2
export_dir=$(ls -d "$out"/export-"$(cat "$out/bench.items")")
ls "$export_dir"/*/audit_logs/AWSDynamoDB/*/data/*.json.gz | head -1
