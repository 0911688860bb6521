#!/usr/bin/env bash
# check --fix end to end, on copies of fixtures/fixes/ in a scratch folder.
#
#   fix.sh CKIMPORT_BINARY REPO_ROOT
#
# Cases:
#   A  the vendor page's snake_case bundle (fixtures/fixes/snake-case): --fix
#      leaves only what cannot be fixed; every file parses to the same JSON
#      as before with only the renamed keys changed
#   B  the JSON output's safe edits, applied by byte offset by this script
#      (pass after pass, as --fix does), give exactly the bytes --fix writes
#   C  a second --fix changes no byte; --diff then prints nothing, exit 0
#   D  --diff's output applies with `patch -p1` and gives what --fix writes
#   E  standard input: --fix writes the fixed document to stdout
#   F  refusals, exit 2, file untouched: a file with two hard links, a
#      read-only folder (not as root: root can write there)
#   G  --unsafe-fixes on fixtures/fixes/unsafe leaves no problem
#   H  the mode of a fixed file is kept
# Needs python3 and patch.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 CKIMPORT_BINARY REPO_ROOT" >&2; exit 2; }
for tool in python3 patch; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [[ ${CKIMPORT_REQUIRE_INTEGRATION_TOOLS:-} == 1 ]] && { echo "FAIL: $tool not installed"; exit 1; }
    echo "SKIPPED: $tool not installed"
    exit 77
  fi
done
ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT
failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
fresh() {  # fresh NAME: a copy of fixtures/fixes/NAME at $tmp/NAME, relative paths from $tmp
  rm -rf "${tmp:?}/$1"
  cp -R "$root/fixtures/fixes/$1" "$tmp/$1"
}
cd "$tmp"

# A
fresh snake-case
cp -R snake-case before
"$ckimport" check --format json --max-diagnostics 1000000 snake-case >before.json || true
status=0
"$ckimport" check --fix --format json snake-case >after.json || status=$?
[[ $status == 1 ]] && pass "A: exit 1 (one problem is not fixable)" || fail "A: --fix exit $status, expected 1"
python3 - "$tmp" <<'PY' && pass "A: only the unfixable duplicate spelling remains" || fail "A: what remains"
import json, sys
after = json.load(open(sys.argv[1] + "/after.json"))
left = [(d["file"], d["line"], d["rule"]) for d in after["diagnostics"]]
assert left == [("snake-case/users.json", 5, "unknown-field")], left
assert after["summary"]["fixed"] >= 13, after["summary"]
PY
python3 - "$tmp" <<'PY' && pass "A: same JSON, only keys renamed" || fail "A: JSON before and after differ beyond the renames"
import json, os, re, sys
base = sys.argv[1]
def camel(k):
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), k)
def renamed(v):
    if isinstance(v, list):
        return [renamed(x) for x in v]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            target = camel(k) if "_" in k and camel(k) not in v else k
            out[target] = renamed(x)
        return out
    return v
for name in ("users.json", "channels.json", "messages.json"):
    before = json.load(open(os.path.join(base, "before", name)))
    after = json.load(open(os.path.join(base, "snake-case", name)))
    assert renamed(before) == after, name
PY

# B: apply the JSON output's safe edits by byte offset, pass after pass.
cp -R "$root/fixtures/fixes/snake-case" by-offset
python3 - "$ckimport" "$tmp" <<'PY' && pass "B: JSON edits applied by offset == --fix" || fail "B: JSON edits applied by offset differ from --fix"
import json, subprocess, sys
ckimport, base = sys.argv[1], sys.argv[2]
for _ in range(10):
    run = subprocess.run([ckimport, "check", "--format", "json", "--max-diagnostics", "1000000", "by-offset"],
                         cwd=base, capture_output=True)
    doc = json.loads(run.stdout)
    by_file = {}
    for d in doc["diagnostics"]:
        fix = d.get("fix")
        if fix and fix["applicability"] == "safe":
            by_file.setdefault(d["file"], []).append(fix["edits"])
    if not by_file:
        break
    for name, fixes in by_file.items():
        data = open(f"{base}/{name}", "rb").read()
        taken, end = [], -1
        # Fixes by their first edit; one that overlaps a taken one waits for the next pass.
        for edits in sorted(fixes, key=lambda e: (e[0]["offset"], e[0]["endOffset"])):
            if edits[0]["offset"] < end:
                continue
            taken.extend(edits)
            end = max(e["endOffset"] for e in edits)
        out, at = b"", 0
        for e in sorted(taken, key=lambda e: (e["offset"], e["endOffset"])):
            out += data[at:e["offset"]] + e["text"].encode()
            at = e["endOffset"]
        open(f"{base}/{name}", "wb").write(out + data[at:])
PY
for f in users.json channels.json messages.json; do
  cmp -s "by-offset/$f" "snake-case/$f" || fail "B: $f differs"
done

# C
sums=$(cd snake-case && cksum ./*.json)
"$ckimport" check --fix snake-case >/dev/null || true
[[ $(cd snake-case && cksum ./*.json) == "$sums" ]] && pass "C: a second --fix changes no byte" || fail "C: the second --fix changed bytes"
status=0
out=$("$ckimport" check --diff snake-case 2>/dev/null) || status=$?
[[ $status == 0 && -z $out ]] && pass "C: --diff on the fixed bundle: empty, exit 0" || fail "C: --diff exit $status, output: $out"

# D
for name in snake-case bom trailing-comma guest; do
  fresh "$name"
  status=0
  "$ckimport" check --diff "$name" >"$name.patch" 2>/dev/null || status=$?
  [[ $status == 1 ]] || fail "D: $name: --diff exit $status, expected 1"
  cp -R "$name" "$name-patched"
  (cd "$name-patched" && patch -s -p2 <"../$name.patch") || fail "D: $name: patch failed"
  "$ckimport" check --fix "$name" >/dev/null 2>&1 || true
done
# One pass of --diff against the passes of --fix: the same where one pass does it.
for name in bom guest; do
  diff -r "$name" "$name-patched" >/dev/null && pass "D: $name: patch(--diff) == --fix" || fail "D: $name: patch(--diff) != --fix"
done

# E
fresh snake-case
status=0
"$ckimport" check --fix --stdin-filename snake-case/channels.json - <snake-case/channels.json >stdin.out 2>stdin.err || status=$?
"$ckimport" check --fix snake-case/channels.json >/dev/null 2>&1 || true
cmp -s stdin.out snake-case/channels.json && pass "E: stdin --fix == file --fix" || fail "E: stdin --fix output differs"
grep -q "fixed 2 problems" stdin.err && pass "E: the report goes to stderr" || fail "E: stderr: $(cat stdin.err)"

# F
fresh snake-case
ln snake-case/users.json users-link.json
sum=$(cksum <snake-case/users.json)
status=0
"$ckimport" check --fix snake-case/users.json >/dev/null 2>err.txt || status=$?
[[ $status == 2 && $(cksum <snake-case/users.json) == "$sum" ]] && grep -q "hard links" err.txt &&
  pass "F: a hard-linked file is refused, untouched" || fail "F: hard link: exit $status, $(cat err.txt)"
rm users-link.json
if [[ $(id -u) != 0 ]]; then
  chmod a-w snake-case
  status=0
  "$ckimport" check --fix snake-case/users.json >/dev/null 2>err.txt || status=$?
  chmod u+w snake-case
  [[ $status == 2 && $(cksum <snake-case/users.json) == "$sum" ]] && pass "F: a read-only folder is refused" ||
    fail "F: read-only folder: exit $status, $(cat err.txt)"
fi
[[ -z $(find . -name '*.ckimport-*' -o -name '.*.tmp*') ]] && pass "F: no temporary file left" || fail "F: temporary files left"

# G
fresh unsafe
status=0
"$ckimport" check --fix --unsafe-fixes unsafe >g.out || status=$?
[[ $status == 0 ]] && grep -q "no problems in 3 files" g.out && pass "G: --unsafe-fixes leaves no problem" ||
  fail "G: exit $status: $(cat g.out)"

# H
fresh guest
chmod 640 guest/users.json
"$ckimport" check --fix guest >/dev/null || true
[[ $(stat -c %a guest/users.json) == 640 ]] && pass "H: mode kept" || fail "H: mode $(stat -c %a guest/users.json)"

echo
if [[ $failures -ne 0 ]]; then
  echo "fix integration: $failures check(s) failed"
  exit 1
fi
echo "fix integration: all cases passed"
