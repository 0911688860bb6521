-- `ckimport lsp` in neovim's own LSP client (neovim 0.7.2, Debian 12), run
-- by lsp.sh:
--   nvim --headless --clean -c "lua CKIMPORT='...'; BUNDLE='...'; RESULTS='...'"
--     -c 'luafile nvim_test.lua'
-- BUNDLE holds users.json (an emoji before the wrong key `display_name`),
-- messages.json (sender bob, not a user) and existing/channels.json.
--
-- Checks the diagnostics neovim shows (rule codes, lines, byte columns that
-- neovim converts from the UTF-16 positions it negotiated), the open
-- messages.json re-checked after an unsaved edit of users.json, a quick fix
-- applied with vim.lsp.util.apply_workspace_edit (skipped until rules attach
-- fixes), and exit status 0 after neovim's shutdown. Writes "ok - ...",
-- "FAIL - ..." and the diagnostics before and after to RESULTS.
local out = {}
local failures = 0
local function say(line) table.insert(out, line) end
local function check(condition, what, detail)
  if condition then
    say('ok - ' .. what)
  else
    failures = failures + 1
    say('FAIL - ' .. what .. (detail and (': ' .. tostring(detail)) or ''))
  end
end

local severity_name = { [1] = 'error', [2] = 'warning', [3] = 'info', [4] = 'hint' }
local function sorted(bufnr)
  local list = vim.diagnostic.get(bufnr)
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return list
end
local function describe(d)
  return string.format('%d:%d-%d:%d %s %s', d.lnum, d.col, d.end_lnum, d.end_col, tostring(d.code),
    severity_name[d.severity] or '?')
end
local function show(tag, bufnr)
  local list = sorted(bufnr)
  if #list == 0 then say(tag .. ': (none)') end
  for _, d in ipairs(list) do
    say(tag .. ': ' .. describe(d) .. ' ' .. (d.message:gsub('\n', ' | ')))
  end
end
local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local function run()
  vim.o.hidden = true  -- buffers stay loaded (and attached) when another is shown
  local exit_code
  local client_id = vim.lsp.start_client({
    name = 'ckimport',
    cmd = { CKIMPORT, 'lsp' },
    root_dir = BUNDLE,
    on_exit = function(code) exit_code = code end,
  })
  check(client_id ~= nil, 'vim.lsp.start_client starts `ckimport lsp`')

  -- users.json: unknown-field on line 2, after the emoji. Neovim 0.7 sends
  -- no general.positionEncodings: UTF-16 character 20 is byte column 22.
  vim.cmd('edit ' .. vim.fn.fnameescape(BUNDLE .. '/users.json'))
  local users = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(users, client_id)
  check(vim.wait(20000, function() return #vim.diagnostic.get(users) > 0 end, 20), 'users.json gets diagnostics')
  show('users.json before', users)
  local first = sorted(users)[1]
  check(first and describe(first) == '2:22-2:36 unknown-field error', 'unknown-field at line 2, byte columns 22-36',
    first and describe(first))
  check(first and first.source == 'ckimport' and first.message:find('\nhelp: ', 1, true) ~= nil,
    'source ckimport, the help on a second line')
  local client = vim.lsp.get_client_by_id(client_id)
  check(client and client.offset_encoding == 'utf-16', 'offset encoding utf-16', client and client.offset_encoding)

  -- messages.json: bob is unknown, until the unsaved users.json adds him.
  vim.cmd('edit ' .. vim.fn.fnameescape(BUNDLE .. '/messages.json'))
  local messages = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(messages, client_id)
  check(vim.wait(20000, function() return has_code(messages, 'unknown-user') end, 20),
    'messages.json: unknown-user for bob')
  show('messages.json before', messages)
  vim.api.nvim_buf_set_lines(users, 3, 3, true,
    { '  ,{"name": "bob", "displayName": "Bob", "isGuest": false, "properties": {}}' })
  check(vim.bo[users].modified, 'users.json is changed, not saved')
  check(vim.wait(20000, function() return not has_code(messages, 'unknown-user') end, 20),
    'messages.json re-checked against the unsaved users.json: unknown-user gone')
  show('messages.json after', messages)

  -- The quick fix for display_name, as neovim applies a code action's edit.
  local diagnostics = vim.lsp.diagnostic.get_line_diagnostics(users, 2)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(users) },
    range = { start = { line = 2, character = 25 }, ['end'] = { line = 2, character = 25 } },
    context = { diagnostics = diagnostics },
  }
  local responses = vim.lsp.buf_request_sync(users, 'textDocument/codeAction', params, 5000)
  local action
  for _, response in pairs(responses or {}) do
    check(response.err == nil, 'codeAction answers', response.err and response.err.message)
    for _, a in ipairs(response.result or {}) do
      if a.kind == 'quickfix' and not action then action = a end
    end
  end
  check(action ~= nil, 'a quick fix is offered for display_name')
  if action then
    say('code action: ' .. action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    local line = vim.api.nvim_buf_get_lines(users, 2, 3, true)[1]
    check(line:find('"displayName": "Joe"', 1, true) ~= nil, 'the fix renamed the key in the buffer', line)
    check(vim.wait(20000, function() return not has_code(users, 'unknown-field') end, 20),
      'users.json after the fix: no unknown-field')
  end
  show('users.json after', users)

  vim.lsp.stop_client(client_id)
  check(vim.wait(10000, function() return exit_code ~= nil end, 20), 'the server exits when neovim stops it')
  check(exit_code == 0, 'exit status 0 after shutdown', exit_code)
end

local ok, err = pcall(run)
if not ok then
  failures = failures + 1
  say('FAIL - ' .. tostring(err))
end
vim.fn.writefile(out, RESULTS)
vim.cmd(failures == 0 and 'qall!' or 'cquit!')
