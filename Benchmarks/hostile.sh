#!/usr/bin/env bash
# Imports inputs built to cost memory or time, and prints each one's wall time, peak RSS and
# exit code: a full export of 100 items of 3.5 MB each (random, so gzip cannot shrink them),
# the same with --max-line-bytes raised past them, and a gzip file of 1 GiB of blank lines.
# Peak RSS must stay under 150 MB for every input. Not a test: it prints figures.
#   ITEMS=40 Benchmarks/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
items=${ITEMS:-100}
out=Benchmarks/output/hostile
[ -x .build/release/ddbaudit ] || swift build -c release --product ddbaudit >&2
mkdir -p "$out"
python3 - "$out" "$items" <<'PY'
import base64, gzip, hashlib, json, os, resource, subprocess, sys, time
out, items = sys.argv[1], int(sys.argv[2])
export = os.path.join(out, "large-items", "AWSDynamoDB", "01795154400000-b16b16b1")
if not os.path.exists(export):
    os.makedirs(os.path.join(export, "data"))
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    data = os.path.join(export, "data", "largeitemslargeitemslarge.json.gz")
    with gzip.open(data, "wb", compresslevel=1) as f:
        for k in range(items):
            blob = base64.b64encode(os.urandom(2_600_000)).decode()
            f.write((json.dumps({"Item": {"id": {"S": "item-%04d" % k}, "blob": {"S": blob}}}) + "\n").encode())
    md5 = base64.b64encode(hashlib.md5(open(data, "rb").read()).digest()).decode()
    files = json.dumps({"itemCount": items, "md5Checksum": md5, "etag": "x", "dataFileS3Key": "p/AWSDynamoDB/01795154400000-b16b16b1/data/largeitemslargeitemslarge.json.gz"}) + "\n"
    summary = json.dumps({"version": "2020-06-30", "exportArn": arn + "/export/01795154400000-b16b16b1", "startTime": "2026-11-20T06:00:00.000Z", "endTime": "2026-11-20T06:10:00.000Z", "tableArn": arn, "exportTime": "2026-11-20T06:00:00.000Z", "s3Bucket": "b", "s3Prefix": "p", "manifestFilesS3Key": "p/AWSDynamoDB/01795154400000-b16b16b1/manifest-files.json", "billedSizeBytes": 1, "itemCount": items, "outputFormat": "DYNAMODB_JSON"})
    for name, text in [("manifest-files", files), ("manifest-summary", summary)]:
        open(os.path.join(export, name + ".json"), "w").write(text)
        open(os.path.join(export, name + ".md5"), "w").write(base64.b64encode(hashlib.md5(text.encode()).digest()).decode())
bomb = os.path.join(out, "bomb.jsonl.gz")
if not os.path.exists(bomb):
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        chunk = b"\n" * (64 << 20)
        for _ in range(16): f.write(chunk)
size = os.path.getsize(os.path.join(export, "data", "largeitemslargeitemslarge.json.gz"))
print(f"large items: {items} items of 3.5 MB ({size / 1048576:.0f} MiB gzipped); bomb: 1 GiB of newlines in {os.path.getsize(bomb) / 1024:.0f} KiB")
PY
# Each run is measured by a small process of its own: a child forked from the process that
# generated the inputs would count that process's memory as its own peak.
measure() {
  label=$1; shift
  rm -f "$out/s.sqlite" "$out/s.sqlite-journal"
  python3 - "$label" "$@" <<'PY'
import resource, subprocess, sys, time
label, args = sys.argv[1], sys.argv[2:]
start = time.monotonic()
code = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
seconds = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label:<48} exit {code}  {seconds:6.2f} s  peak RSS {rss:6.1f} MiB" + ("  OVER 150 MB" if rss > 143 else ""))
PY
}
bin=(.build/release/ddbaudit import --db "$out/s.sqlite" --quiet --key id)
measure "1 GiB of blank lines, gzipped: refused as a bomb" "${bin[@]}" "$out/bomb.jsonl.gz" --table t --input-format jsonl
measure "$items items of 3.5 MB each" "${bin[@]}" "$out/large-items"
measure "the same, --max-line-bytes 1 GiB" "${bin[@]}" "$out/large-items" --max-line-bytes 1073741824
