#!/usr/bin/env bash
# `ckimport lsp` in real LSP clients:
#
#   node     lsp/client_test.mjs on VS Code's client libraries
#            (vscode-jsonrpc 8.2.0, vscode-languageserver-protocol 3.17.5,
#            pinned in package.json: npm ci --prefix tests/integration)
#   neovim   lsp/nvim_test.lua in neovim's built-in client (0.7.2 on
#            Debian 12: vim.lsp.start_client), headless
#
# Both check diagnostics at the right positions (UTF-16 and UTF-8), a
# cross-file re-check after an unsaved edit, the quick fix for
# `display_name` (applied, and the diagnostic gone), and the exit status.
#
#   lsp.sh CKIMPORT_BINARY REPO_ROOT
#
# A client that is missing prints SKIPPED and the test exits 77 (ctest:
# skipped), unless CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1, when a missing
# client is a failure.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CKIMPORT_BINARY REPO_ROOT" >&2
  exit 2
fi
ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
here=$root/tests/integration

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
export XDG_STATE_HOME=$tmp/home/.local/state XDG_CACHE_HOME=$tmp/home/.cache NO_COLOR=1 LC_ALL=C.UTF-8
mkdir -p "$HOME"

missing=()
failures=0

# --- node: VS Code's client libraries ----------------------------------------
if command -v node >/dev/null 2>&1 && [[ -d $here/node_modules/vscode-jsonrpc && -d $here/node_modules/vscode-languageserver-protocol ]]; then
  echo "---- node (vscode-jsonrpc, vscode-languageserver-protocol)"
  mkdir -p "$tmp/node"
  if ! timeout 300 node "$here/lsp/client_test.mjs" "$ckimport" "$tmp/node"; then
    echo "FAIL: the node client test"
    failures=$((failures + 1))
  fi
else
  missing+=("node with vscode-jsonrpc (npm ci --prefix tests/integration)")
fi

# --- neovim's built-in client ------------------------------------------------
if command -v nvim >/dev/null 2>&1 &&
   nvim --headless --clean -c 'lua if vim.lsp and vim.lsp.start_client and vim.diagnostic then vim.cmd("qall!") else vim.cmd("cquit!") end' </dev/null >/dev/null 2>&1; then
  echo "---- neovim $(nvim --version | head -1)"
  bundle=$tmp/nvim/bundle
  mkdir -p "$bundle/existing"
  jane='{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}'
  printf '[\n  %s,\n  {"name": "🎉joe", "display_name": "Joe", "isGuest": false, "properties": {}}\n]\n' "$jane" >"$bundle/users.json"
  printf '[{"type": "TEXT", "channelId": 1001, "user": "bob", "body": "hi"}]\n' >"$bundle/messages.json"
  printf '{"general": 1001}\n' >"$bundle/existing/channels.json"
  status=0
  (cd "$tmp/nvim" && timeout 120 nvim --headless --clean \
    -c "lua CKIMPORT = '$ckimport'; BUNDLE = '$bundle'; RESULTS = '$tmp/nvim/results'" \
    -c "luafile $here/lsp/nvim_test.lua" </dev/null >"$tmp/nvim/log" 2>&1) || status=$?
  if [[ -f $tmp/nvim/results ]]; then
    cat "$tmp/nvim/results"
    if [[ $status -ne 0 ]] || grep -q '^FAIL' "$tmp/nvim/results"; then
      echo "FAIL: the neovim test"
      failures=$((failures + 1))
    fi
  else
    cat "$tmp/nvim/log"
    echo "FAIL: nvim did not finish the test (exit $status)"
    failures=$((failures + 1))
  fi
else
  missing+=("neovim 0.7 or later (apt-get install neovim)")
fi

echo
for tool in "${missing[@]}"; do
  if [[ ${CKIMPORT_REQUIRE_INTEGRATION_TOOLS:-} == 1 ]]; then
    echo "FAIL: $tool is missing (CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1)"
    failures=$((failures + 1))
  else
    echo "skipped: $tool is missing"
  fi
done
if [[ $failures -ne 0 ]]; then
  echo "lsp: $failures part(s) failed"
  exit 1
fi
if ((${#missing[@]})); then
  echo "SKIPPED: not every client is installed"
  exit 77
fi
echo "lsp: both clients passed"
