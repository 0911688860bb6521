#!/usr/bin/env bash
# The editor recipes of README, as files in tests/integration/editors/, run
# in the real editors where they are installed:
#
#   VS Code   editors/vscode/tasks.json: its problem matcher (a JavaScript
#             regexp, run with node) on ckimport's text output must find
#             exactly the diagnostics of the JSON output
#   vim       editors/ckimport.vim: :make and :CkimportBuffer (an unsaved
#             edit) fill the quickfix list at vim's byte columns
#   ALE       editors/ale_linters/json/ckimport.vim (when ALE is installed:
#             Debian package vim-ale, or CKIMPORT_ALE_DIR)
#   neovim    editors/nvim-lint-ckimport.lua, with a stand-in for nvim-lint
#             (editors/test/lua/lint.lua): diagnostics at 0-based byte columns
#
# The test file has a tab, non-ASCII letters and an emoji before problems, so
# code points, bytes, screen cells and UTF-16 units all differ; expected
# editor columns are computed from ckimport's byte offsets.
#
#   editors.sh CKIMPORT_BINARY REPO_ROOT
#
# An editor that is not installed is skipped; with none of node, vim and
# nvim it prints SKIPPED and exits 77.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CKIMPORT_BINARY REPO_ROOT" >&2
  exit 2
fi
ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
editors=$root/tests/integration/editors

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/home" "$tmp/work/bundle/existing"
ln -s "$ckimport" "$tmp/bin/ckimport"
export PATH=$tmp/bin:$PATH HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
export XDG_STATE_HOME=$tmp/home/.local/state NO_COLOR=1 LC_ALL=C.UTF-8
cd "$tmp/work"

printf '[\n\t{"name": "zoë", "displayName": "Zoë Ångström", "isGuest": false, "properties": {}, "colour": 1},\n  {"name": "joe", "displayName": "Joe 🎉", "guest": false, "properties": {}, "idempotencyKey": "k", "x": 2},\n  {"name": "zoë", "displayName": "again", "isGuest": false, "properties": {}}\n]\n' >bundle/users.json
printf '[\n  {"type": "TEXT", "channelId": 1001, "user": "carl", "body": "Ça 🎉", "idempotencyKey": "m-1", "colour": 1}\n]\n' >bundle/messages.json
echo '{"general": 1001}' >bundle/existing/channels.json

ran=0
failures=0
report() {  # report RESULTS_FILE: prints it, counts its FAIL lines
  cat "$1"
  if grep -q '^FAIL' "$1"; then failures=$((failures + 1)); fi
  if ! grep -q '^ok' "$1"; then
    echo "FAIL: $1: no checks ran"
    failures=$((failures + 1))
  fi
}

# VS Code: the problem matcher against the JSON output.
if command -v node >/dev/null 2>&1; then
  ran=1
  for target in "$tmp/work:bundle" "$root:fixtures/broken-bundle" "$root:fixtures/rules/syntax"; do
    dir=${target%%:*} path=${target#*:}
    (cd "$dir" && ckimport check --no-color "$path" >"$tmp/out.txt" 2>/dev/null) || true
    (cd "$dir" && ckimport check --format json "$path" >"$tmp/out.json" 2>/dev/null) || true
    echo "---- VS Code problem matcher on: ckimport check $path"
    node "$editors/test/vscode_test.js" "$editors/vscode/tasks.json" "$tmp/out.txt" "$tmp/out.json" ||
      failures=$((failures + 1))
  done
else
  echo "skipped: VS Code problem matcher (node not installed)"
fi

# vim (and ALE when installed).
if command -v vim >/dev/null 2>&1 &&
   vim -N -u NONE -i NONE -es -c 'if has("eval") && exists("*json_decode") && exists("*systemlist") | qall! | else | cquit! | endif' </dev/null >/dev/null 2>&1; then
  ran=1
  ale_dir=${CKIMPORT_ALE_DIR:-/usr/share/vim-ale}
  with_ale=0
  rtp="$editors"
  if [[ -f $ale_dir/plugin/ale.vim ]]; then
    with_ale=1
    rtp="$ale_dir,$editors"
  else
    echo "skipped: ALE (not installed: Debian package vim-ale, or set CKIMPORT_ALE_DIR)"
  fi
  echo "---- vim$([[ $with_ale == 1 ]] && echo ' and ALE')"
  status=0
  timeout 120 vim -N -u NORC -i NONE -es \
    --cmd "set rtp^=$rtp" \
    --cmd "let g:editors = '$editors' | let g:results = '$tmp/vim.results' | let g:with_ale = $with_ale" \
    -S "$editors/test/vim_test.vim" </dev/null >"$tmp/vim.log" 2>&1 || status=$?
  if [[ -f $tmp/vim.results ]]; then
    report "$tmp/vim.results"
  else
    cat "$tmp/vim.log"
    echo "FAIL: vim did not finish the test (exit $status)"
    failures=$((failures + 1))
  fi
else
  echo "skipped: vim (not installed, or without +eval)"
fi

# neovim: nvim-lint's linter definition with a stand-in for nvim-lint.
if command -v nvim >/dev/null 2>&1 &&
   nvim --headless -u NONE -i NONE -c 'lua if vim.json and vim.diagnostic and vim.api.nvim_create_autocmd then vim.cmd("qall!") else vim.cmd("cquit!") end' </dev/null >/dev/null 2>&1; then
  ran=1
  echo "---- neovim (nvim-lint linter)"
  status=0
  timeout 120 nvim --headless -u NONE -i NONE --cmd "set rtp^=$editors/test" \
    -c "lua EDITORS = '$editors'; RESULTS = '$tmp/nvim.results'" \
    -c "luafile $editors/test/nvim_test.lua" -c 'qall!' </dev/null >"$tmp/nvim.log" 2>&1 || status=$?
  if [[ -f $tmp/nvim.results ]]; then
    report "$tmp/nvim.results"
  else
    cat "$tmp/nvim.log"
    echo "FAIL: nvim did not finish the test (exit $status)"
    failures=$((failures + 1))
  fi
else
  echo "skipped: neovim (not installed, or older than 0.7)"
fi

echo
if [[ $ran == 0 ]]; then
  echo "SKIPPED: none of node, vim, nvim is installed"
  exit 77
fi
if [[ $failures -ne 0 ]]; then
  echo "editors: $failures part(s) failed"
  exit 1
fi
echo "editors: all installed editors passed"
