-- nvim-lint (https://github.com/mfussenegger/nvim-lint) linter for
-- ChatKitty import files: put it in your config (e.g. lua/ckimport.lua,
-- then require('ckimport')). The buffer goes on stdin, named by
-- --stdin-filename, so unsaved edits are checked; the rest of its bundle is
-- read from disk. Only the buffer's own problems are reported.
local severities = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  note = vim.diagnostic.severity.INFO,
}

-- ckimport's line and column are 1-based, the column in code points;
-- vim.diagnostic wants 0-based lines and 0-based byte columns.
local function byte_col(bufnr, line, column)
  local text = vim.api.nvim_buf_get_lines(bufnr, line - 1, line, false)[1] or ''
  local byte = vim.fn.byteidxcomp(text, column - 1)
  return byte >= 0 and byte or #text
end

require('lint').linters.ckimport = {
  cmd = 'ckimport',
  stdin = true,          -- the buffer, saved or not
  append_fname = false,  -- the name goes in --stdin-filename
  args = {
    'check', '--format', 'json', '--no-color', '--stdin-filename',
    function() return vim.api.nvim_buf_get_name(0) end, '-',
  },
  stream = 'stdout',
  ignore_exitcode = true,  -- exit 1 means problems were found
  parser = function(output, bufnr)
    local ok, report = pcall(vim.json.decode, output)
    if not ok or type(report) ~= 'table' then return {} end
    local diagnostics = {}
    for _, d in ipairs(report.diagnostics) do
      table.insert(diagnostics, {
        lnum = d.line - 1,
        col = byte_col(bufnr, d.line, d.column),
        end_lnum = d.endLine - 1,
        end_col = byte_col(bufnr, d.endLine, d.endColumn),
        severity = severities[d.severity],
        source = 'ckimport',
        code = d.rule,
        message = type(d.help) == 'string' and (d.message .. '\n' .. d.help) or d.message,
      })
    end
    return diagnostics
  end,
}

-- Lint import files (ckimport's naming convention) on open, save and edit.
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufWritePost', 'InsertLeave', 'TextChanged' }, {
  pattern = { 'users*.json', 'channels*.json', 'messages*.json', '*/members/*.json' },
  callback = function() require('lint').try_lint('ckimport') end,
})
