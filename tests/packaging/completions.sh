#!/usr/bin/env bash
# The shell completions, in the real shells: what a user gets on TAB.
#
#   completions.sh CKIMPORT_BINARY [BASH_SCRIPT ZSH_SCRIPT FISH_SCRIPT]
#
# Without the scripts, they are generated with `CKIMPORT --generate
# complete-...`; tests/packaging/package.sh passes the ones its package
# installs. The expected words come from the binary itself (`ckimport
# --help`, `ckimport rules`, the list of known schemas), not from the
# scripts.
#
#   bash  the script sourced in `bash -c`; the function `complete -p
#         ckimport` names is called with COMP_WORDS, COMP_CWORD, COMP_LINE
#         and COMP_POINT set as bash sets them (bash splits words at "=",
#         COMP_WORDBREAKS), and COMPREPLY is compared
#   fish  `fish -n` parses the script; `complete -C` gives the completions
#   zsh   `zsh -n` parses the script; then, with python3, an interactive
#         `zsh -f` with compinit completes in a pseudo-terminal
#
# Needs bash; fish, zsh and python3 for theirs. A missing one prints
# SKIPPED and exits 77 (ctest: skipped), unless
# CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1, when it is a failure.
set -euo pipefail

if [[ $# -ne 1 && $# -ne 4 ]]; then
  echo "usage: $0 CKIMPORT_BINARY [BASH_SCRIPT ZSH_SCRIPT FISH_SCRIPT]" >&2
  exit 2
fi
ckimport=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

missing=()
for tool in fish zsh python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  if [[ ${CKIMPORT_REQUIRE_INTEGRATION_TOOLS:-} == 1 ]]; then
    echo "FAIL: missing ${missing[*]} (CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1)"
    exit 1
  fi
  echo "SKIPPED: missing ${missing[*]} (Debian packages fish, zsh, python3)"
  exit 77
fi

if [[ $# -eq 4 ]]; then
  bash_script=$(realpath "$2") zsh_script=$(realpath "$3") fish_script=$(realpath "$4")
else
  bash_script=$work/ckimport.bash zsh_script=$work/_ckimport fish_script=$work/ckimport.fish
  "$ckimport" --generate complete-bash >"$bash_script"
  "$ckimport" --generate complete-zsh >"$zsh_script"
  "$ckimport" --generate complete-fish >"$fish_script"
fi

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# What to expect, from the binary: verbs, rule ids, schema names.
mapfile -t verbs < <("$ckimport" --help | sed -n '/^Subcommands:$/,/^$/p' | awk '/^  [a-z]/ {print $1}')
((${#verbs[@]} >= 5)) || { echo "FAIL: ckimport --help listed ${#verbs[@]} verbs"; exit 1; }
mapfile -t rules < <("$ckimport" rules | awk '{print $1}')
((${#rules[@]} > 20)) || { echo "FAIL: ckimport rules listed ${#rules[@]} rules"; exit 1; }
schemas_line=$("$ckimport" schema no-such-schema 2>&1 || true)
# "...; the schemas are a, b, ... and z"
schemas_list=${schemas_line##*schemas are }
IFS=', ' read -r -a schemas <<<"${schemas_list/ and /, }"
((${#schemas[@]} > 5)) || { echo "FAIL: no schema names in: $schemas_line"; exit 1; }
starting() {  # starting PREFIX SUFFIX WORD...: the WORDs that start with PREFIX, each with SUFFIX
  local prefix=$1 suffix=$2 word
  shift 2
  for word; do [[ $word == "$prefix"* ]] && printf '%s%s\n' "$word" "$suffix"; done
  return 0
}

# A bundle folder and a schema file, for file and folder completion.
mkdir -p "$work/tree/bundle"
echo '[]' >"$work/tree/bundle/users.json"
echo '{}' >"$work/tree/my.schema.json"
cd "$work/tree"

# --- bash ------------------------------------------------------------------
# bash_complete WORD...: COMPREPLY, one a line, for the command line WORD...
# with the cursor at the end of the last WORD (give '' for a new word).
bash_complete() {
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    # COMP_LINE as typed: no spaces around the "=" bash split off.
    COMP_LINE="$*"; COMP_LINE=${COMP_LINE// = /=}; COMP_LINE=${COMP_LINE% =}
    [[ ${COMP_WORDS[COMP_CWORD]} == "=" ]] && COMP_LINE+="="
    COMP_POINT=${#COMP_LINE}
    spec=$(complete -p ckimport) || exit 3
    function=${spec##*-F }; function=${function%% *}
    cur=${COMP_WORDS[COMP_CWORD]}; [[ $cur == "=" ]] && cur=
    "$function" ckimport "$cur" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"
  ' bash "$bash_script" "$@"
}

words() { echo "${1//$'\n'/ }"; }  # one a line -> one line

# expect_bash "EXPECTED (one a line)" WORD...
expect_bash() {
  local expected=$1 actual
  shift
  actual=$(bash_complete "$@")
  if [[ $actual != "$expected" ]]; then
    fail "bash: $* <TAB>: got [$(words "$actual")], expected [$(words "$expected")]"
  else
    echo "ok: bash: $* <TAB> -> $(words "$actual")"
  fi
}

bash -n "$bash_script" || fail "bash -n $bash_script"
complete_spec=$(bash -c 'source "$1"; complete -p ckimport' bash "$bash_script") ||
  fail "bash: the script registers no completion for ckimport"
echo "ok: bash: $complete_spec"

expect_bash "check" ckimport ch
expect_bash "$(printf '%s\n' "${verbs[@]}")" ckimport ''
expect_bash "$(printf '%s\n' text json sarif github)" ckimport check --format ''
expect_bash "$(printf '%s\n' users channels members messages)" ckimport check --type ''
expect_bash "$(printf '%s\n' auto always never)" ckimport check --color ''
expect_bash "$(starting unk = "${rules[@]}")" ckimport check --rule unk
expect_bash "$(printf '%s\n' off warning error)" ckimport check --rule unknown-field =
expect_bash "warning" ckimport check --rule unknown-field = w
expect_bash "json" ckimport validate --schema my.schema.json --format = j
expect_bash "$(starting dup '' "${rules[@]}")" ckimport explain dup
expect_bash "$(printf '%s\n' "${schemas[@]}")" ckimport schema ''
expect_bash "" ckimport schema user ''
expect_bash "bundle" ckimport check bun
expect_bash "bundle" ckimport check --schema-dir bun
expect_bash "my.schema.json" ckimport validate --schema my.
expect_bash "$(starting --max '' --max-diagnostics --max-warnings)" ckimport validate --max
[[ $(bash_complete ckimport check --max-warnings '') == "" ]] || fail "bash: a number's value completed to something"

# --- fish ------------------------------------------------------------------
# fish_complete LINE: the completions (without descriptions) of LINE.
fish_complete() {
  # shellcheck disable=SC2016 # fish expands $argv
  fish -c 'source $argv[1]; complete -C $argv[2]' "$fish_script" "$1" | cut -f1
}
expect_fish() {
  local expected=$1 line=$2 actual
  actual=$(fish_complete "$line" | sort)
  expected=$(sort <<<"$expected")
  if [[ $actual != "$expected" ]]; then
    fail "fish: $line<TAB>: got [$(words "$actual")], expected [$(words "$expected")]"
  else
    echo "ok: fish: $line<TAB> -> $(words "$actual")"
  fi
}
fish -n "$fish_script" || fail "fish -n $fish_script"
expect_fish "check" "ckimport ch"
expect_fish "$(printf '%s\n' "${verbs[@]}")" "ckimport "
expect_fish "$(printf '%s\n' text json sarif github)" "ckimport check --format "
expect_fish "$(starting unk = "${rules[@]}")" "ckimport check --rule unk"
expect_fish "$(printf 'unknown-field=%s\n' off warning error)" "ckimport check --rule unknown-field="
expect_fish "$(starting dup '' "${rules[@]}")" "ckimport explain dup"
expect_fish "$(printf '%s\n' "${schemas[@]}")" "ckimport schema "
expect_fish "bundle/" "ckimport check bun"

# --- zsh -------------------------------------------------------------------
zsh -n "$zsh_script" || fail "zsh -n $zsh_script"
mkdir -p "$work/zfunc"
cp "$zsh_script" "$work/zfunc/_ckimport"
# An interactive zsh -f with compinit and the script on its fpath, in a
# pseudo-terminal: type LINE, press TAB, and wait (up to 20 s) for the
# screen to show EXPECTED.
expect_zsh() {
  local line=$1 expected=$2
  if python3 - "$work/zfunc" "$line" "$expected" <<'EOF'
import os, pty, re, select, signal, sys, time
fpath, line, expected = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.environ.update(TERM="dumb", HOME=fpath)
    os.execvp("zsh", ["zsh", "-f", "-i"])
screen = ""
def wait_for(pattern, after, seconds):
    # Reads the terminal until `pattern` shows after position `after`.
    global screen
    end = time.time() + seconds
    while pattern not in screen[after:] and time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            screen += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", chunk.decode(errors="replace")).replace("\r", "")
    at = screen.find(pattern, after)
    return -1 if at < 0 else at + len(pattern)
try:
    # The echo of this line shows ST''ARTED, the output STARTED.
    os.write(fd, ("PS1='READY> '; fpath=(%s $fpath); autoload -Uz compinit; compinit -u -D; "
                  "zstyle ':completion:*' list-prompt ''; LISTMAX=0; print -r -- ST''ARTED\n" % fpath).encode())
    started = wait_for("\nSTARTED\n", 0, 20)
    prompt = wait_for("READY> ", max(started, 0), 20)
    if prompt < 0:
        sys.exit(2)
    os.write(fd, line.encode() + b"\t")
    sys.exit(0 if wait_for(expected, prompt, 20) >= 0 else 1)
finally:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
EOF
  then
    echo "ok: zsh: $line<TAB> -> $expected"
  else
    fail "zsh: $line<TAB>: the screen never showed [$expected]"
  fi
}
expect_zsh "ckimport ch" "ckimport check"
expect_zsh "ckimport check --format " "github  json    sarif   text"
expect_zsh "ckimport check --rule unknown-field=w" "unknown-field=warning"
expect_zsh "ckimport explain duplicate-us" "ckimport explain duplicate-username"
expect_zsh "ckimport schema message-t" "ckimport schema message-text"

if ((failures)); then
  echo "completions: $failures failed"
  exit 1
fi
echo "completions: all passed"
