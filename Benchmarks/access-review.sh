#!/usr/bin/env bash
# The access review at scale: a Cognito pool of USERS users (default 100000, list-users pages of
# 60 appended, as the CLI writes them) and an ec2-audit-logs table of ITEMS records (default
# 1000000, lines in random order, every user acting). Times the pool import, then
# `report access-review` (JSON) against the sqlite3 shell running the same join (each record to
# the user version in force at its time, counted by user and action) over the same store, in
# turn with farm-bench when it is on PATH (RUNS pairs). Not a test: it prints figures.
#   USERS=10000 ITEMS=100000 Benchmarks/access-review.sh
set -euo pipefail
cd "$(dirname "$0")/.."
users=${USERS:-100000}
items=${ITEMS:-1000000}
runs=${RUNS:-3}
bin=${BIN:-.build/release/ddbaudit}
[ -x "$bin" ] || swift build -c release --product ddbaudit >&2
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed for the comparison (apt-get install sqlite3)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbaudit-access.XXXXXX")
[ -n "${KEEP:-}" ] && echo "work: $work" || trap 'rm -rf "$work"' EXIT
python3 - "$work" "$users" "$items" <<'PY'
import json, os, random, sys
work, users, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
os.makedirs(f"{work}/pool")
with open(f"{work}/pool/users.json", "w") as f:
    for start in range(0, users, 60):
        page = []
        for k in range(start, min(start + 60, users)):
            attrs = [("sub", f"sub-{k:08d}"), ("email", f"u{k}@example.com"), ("email_verified", "true"),
                     ("custom:role", "readonly" if k % 10 == 0 else "admin"), ("custom:department", f"d{k % 17}")]
            page.append({"Username": f"user-{k:08d}", "Attributes": [{"Name": n, "Value": v} for n, v in attrs],
                         "UserCreateDate": "2025-01-01T00:00:00.000000+00:00", "UserLastModifiedDate": "2025-01-01T00:00:00.000000+00:00",
                         "Enabled": k % 97 != 0, "UserStatus": "CONFIRMED"})
        doc = {"Users": page}
        if start + 60 < users: doc["PaginationToken"] = f"t{start}"
        f.write(json.dumps(doc) + "\n")
with open(f"{work}/pool/groups.json", "w") as f:
    json.dump({"Groups": [{"GroupName": "admins", "UserPoolId": "us-east-1_Bench0001"}]}, f)
actions = ["START_INSTANCE", "STOP_INSTANCE", "REBOOT_INSTANCE", "DESCRIBE_INSTANCE", "LOGIN"]
t0 = 1782864000  # 2026-07-01
lines = []
for k in range(items):
    u = rng.randrange(users + users // 100)  # 1 % of actors are not in the pool
    ts = t0 + rng.randrange(92 * 86400)
    when = f"{__import__('time').strftime('%Y-%m-%dT%H:%M:%S', __import__('time').gmtime(ts))}.{k % 1000:03d}Z"
    lines.append(json.dumps({"userId": {"S": f"sub-{u:08d}"}, "timestamp": {"S": when}, "action": {"S": rng.choice(actions)},
                             "resourceId": {"S": f"i-{k:017x}"}, "userEmail": {"S": f"u{u}@example.com"}}))
rng.shuffle(lines)
with open(f"{work}/records.jsonl", "w") as f:
    f.write("\n".join(lines) + "\n")
PY
db="$work/s.sqlite"
"$bin" import "$work/records.jsonl" --table ec2-audit-logs --snapshot-time 2026-11-20T00:00:00Z --db "$db" --quiet >/dev/null
python3 - "$bin" "$work" <<'PY'
import subprocess, sys, time
bin, work = sys.argv[1], sys.argv[2]
t = time.monotonic()
subprocess.run([bin, "import", f"{work}/pool", "--snapshot-time", "2026-07-01T00:00:00Z", "--db", f"{work}/s.sqlite", "--quiet"], check=True, stdout=subprocess.DEVNULL)
print(f"pool import: {time.monotonic() - t:.2f} s")
PY
cat > "$work/review.sh" <<SH
#!/bin/sh
"$bin" report access-review --db "$db" --period 2026-Q3 --as-of 2026-11-20T00:00:00Z --format json --output-dir "$work/out" --quiet >/dev/null
SH
cat > "$work/sqlite.sh" <<SH
#!/bin/sh
sqlite3 "$db" > "$work/sqlite.out" <<'SQL'
SELECT coalesce(u.username, '?' || json_extract(i.item, '\$.userId.S')), json_extract(i.item, '\$.action.S'), count(*), max(i.record_time)
FROM items i
LEFT JOIN pool_users u ON u.pool_id = 'us-east-1_Bench0001' AND u.sub = json_extract(i.item, '\$.userId.S')
  AND u.valid_from <= i.record_time AND (u.valid_to IS NULL OR i.record_time < u.valid_to)
WHERE i.record_time >= 1782864000000 AND i.record_time < 1790812800000
GROUP BY 1, 2 ORDER BY 1, 2;
SQL
SH
chmod +x "$work/review.sh" "$work/sqlite.sh"
python3 - "$work" <<'PY'
import subprocess, sys, time
work = sys.argv[1]
for name in ("review", "sqlite"):
    t = time.monotonic(); subprocess.run([f"{work}/{name}.sh"], check=True); print(f"{name}: {time.monotonic() - t:.2f} s")
PY
/usr/bin/time -f "review peak RSS: %M KiB" "$work/review.sh"
echo "review rows: $(python3 -c "import json,glob;d=json.load(open(glob.glob('$work/out/*.json')[0]));print(len(d['rows']), 'rows,', len(d['findings']), 'findings')")"
if [ -z "${NO_FARM:-}" ] && command -v farm-bench >/dev/null; then
  farm-bench -n "$runs" --vs "$work/sqlite.sh" -- "$work/review.sh" || true
fi
