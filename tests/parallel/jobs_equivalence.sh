#!/usr/bin/env bash
# --jobs 1 and --jobs N must print the same output, byte for byte, on a file
# large enough for the parallel path (over 4 MiB), with problems of every
# kind spread through it: syntax errors, schema errors, cross-file findings
# (the in-order ones and those the workers apply), a duplicate idempotency
# key far from its first use.
#
#   jobs_equivalence.sh CKIMPORT WORK_DIR
set -euo pipefail
ckimport=$1 work=$2
mkdir -p "$work/bundle/existing"
cd "$work"
python3 - <<'PY'
import json, random
random.seed(20261125)
with open("bundle/users.json", "w") as f:
    json.dump([{"name": f"u{i}", "displayName": f"User {i} é", "isGuest": False, "properties": {}} for i in range(50)], f, indent=2)
with open("bundle/channels.json", "w") as f:
    json.dump([{"type": "PUBLIC", "name": "general", "members": [f"u{i}" for i in range(40)]}], f, indent=2)
with open("bundle/existing/channels.json", "w") as f:
    json.dump({"general": 12}, f)
lines = []
for i in range(40000):
    r = random.random()
    if r < 0.002:
        lines.append('  {"type": "TEXT", "channelId": "12", "body": "quoted id", "user": "u1"}')
    elif r < 0.004:
        lines.append('  {"type": "TEXT", "channelId": 12, "body": "trailing comma", "user": "u1",}')
    elif r < 0.006:
        lines.append('  {"type": "GROUP", "channelId": 12, "body": "bad type"}')
    elif r < 0.008:
        lines.append('  {"type": "TEXT", "channelId": 12, "body": "typo", "usr": "u1"}')
    elif r < 0.010:
        lines.append('  {"type": "TEXT", "channelId": 99, "body": "unknown channel", "user": "u1"}')
    elif r < 0.012:
        lines.append('  {"type": "TEXT", "channelId": 12, "body": "unknown sender", "user": "ghost"}')
    else:
        key = "k5" if r > 0.9995 else f"k{i}"
        user = f"u{i % 50}"  # u40..u49 are not members of general: sender-not-member
        lines.append("  " + json.dumps({"type": "TEXT", "channelId": 12, "body": "Hällo wörld " * random.randint(1, 40), "user": user, "idempotencyKey": key}, ensure_ascii=False))
with open("bundle/messages.json", "w") as f:
    f.write("[\n" + ",\n".join(lines) + "\n]\n")
PY
size=$(stat -c %s bundle/messages.json)
if (( size < 5 * 1024 * 1024 )); then echo "FAIL: generated file is too small for the parallel path ($size bytes)"; exit 1; fi
status=0
for format in text json; do
  set +e
  "$ckimport" check bundle --jobs 1 --format "$format" --max-diagnostics 1000000 >"one.$format"; one=$?
  "$ckimport" check bundle --jobs 3 --format "$format" --max-diagnostics 1000000 >"three.$format"; three=$?
  set -e
  if [[ $one != 1 || $three != 1 ]]; then echo "FAIL: exit codes $one and $three, expected 1"; status=1; fi
  if ! cmp -s "one.$format" "three.$format"; then
    echo "FAIL: --format $format differs between --jobs 1 and --jobs 3"
    diff "one.$format" "three.$format" | head -20
    status=1
  fi
done
count=$(grep -c '"rule"' one.json || true)
if (( count < 200 )); then echo "FAIL: only $count diagnostics; the test data lost its problems"; status=1; fi
for rule in syntax wrong-type unknown-item-type unknown-field unknown-channel unknown-user sender-not-member duplicate-idempotency-key; do
  grep -q "\"rule\": \"$rule\"" one.json || { echo "FAIL: no $rule diagnostic in the test data"; status=1; }
done
[[ $status == 0 ]] && echo "jobs 1 and jobs 3 agree on $count diagnostics"
exit $status
