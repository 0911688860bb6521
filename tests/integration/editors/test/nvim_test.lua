-- Run by editors.sh: nvim --headless -u NONE -i NONE --cmd 'set rtp^=<test>'
--   -c 'lua EDITORS=...; RESULTS=...' -c 'luafile nvim_test.lua'
-- in a folder with bundle/users.json. lua/lint.lua beside this file stands in
-- for nvim-lint. Checks the diagnostics nvim-lint-ckimport.lua sets against
-- ckimport's JSON output, expected byte columns computed from byte offsets.
local results = {}
local function ok(s) table.insert(results, 'ok: ' .. s) end
local function fail(s) table.insert(results, 'FAIL: ' .. s) end

local function expected()
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, true)
  local out = vim.fn.system({ 'ckimport', 'check', '--format', 'json', '--stdin-filename',
    vim.api.nvim_buf_get_name(0), '-' }, table.concat(lines, '\n') .. '\n')
  local list = {}
  for _, d in ipairs(vim.json.decode(out).diagnostics) do
    local line_start = vim.fn.line2byte(d.line) - 1      -- byte offset of the line
    local end_start = vim.fn.line2byte(d.endLine) - 1
    table.insert(list, { lnum = d.line - 1, col = d.offset - line_start, end_lnum = d.endLine - 1,
      end_col = d.endOffset - end_start, code = d.rule, severity = d.severity })
  end
  return list
end

local sev = { error = vim.diagnostic.severity.ERROR, warning = vim.diagnostic.severity.WARN,
  note = vim.diagnostic.severity.INFO }
local function compare(tag)
  local want = expected()
  local got = vim.diagnostic.get(0)
  table.sort(got, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  if #got ~= #want then
    fail(string.format('%s: %d diagnostics, expected %d', tag, #got, #want))
    return
  end
  for i, w in ipairs(want) do
    local g = got[i]
    if g.lnum ~= w.lnum or g.col ~= w.col or g.end_lnum ~= w.end_lnum or g.end_col ~= w.end_col
        or g.code ~= w.code or g.severity ~= sev[w.severity] then
      fail(string.format('%s: got %d:%d-%d:%d %s, expected %d:%d-%d:%d %s', tag, g.lnum, g.col, g.end_lnum,
        g.end_col, tostring(g.code), w.lnum, w.col, w.end_lnum, w.end_col, w.code))
    else
      local text = vim.api.nvim_buf_get_lines(0, g.lnum, g.lnum + 1, false)[1]
      ok(string.format('%s: %s at %d:%d-%d (%s)', tag, w.code, w.lnum, w.col, w.end_col,
        text:sub(g.col + 1, g.end_col)))
    end
  end
end

dofile(EDITORS .. '/nvim-lint-ckimport.lua')
vim.cmd('edit bundle/users.json')  -- its BufReadPost autocommand lints
compare('nvim-lint (open)')
vim.api.nvim_buf_set_lines(0, 1, 1, false,
  { '  {"name": "new", "displayName": "Ñew", "isGuest": false, "properties": {}, "x": 1},' })
vim.cmd('doautocmd TextChanged')
compare('nvim-lint (unsaved edit)')
vim.fn.writefile(results, RESULTS)
