-- `nanscope --stdio` in Neovim's built-in LSP client (a client nanscope did not write), headless.
-- Run by scripts/e2e/neovim.js; prints one line per observation, `FAIL ...` on a failure.
local file = os.getenv('NANSCOPE_FILE')
local bin = os.getenv('NANSCOPE_BIN')
local function say(line) io.stdout:write(line .. '\n') end

-- Headless: answer the probe's result message instead of prompting (a user picks from a menu).
vim.lsp.handlers['window/showMessageRequest'] = function(_, result)
  say('message ' .. result.message:gsub('\n', ' '))
  for _, action in ipairs(result.actions or {}) do say('  button ' .. action.title) end
  return vim.NIL
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'nanscope',
  cmd = { 'node', bin, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(bufnr, client_id)

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
end

if not vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
  say('FAIL no diagnostics')
  vim.cmd('qa!')
end
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  say(string.format('diagnostic %d:%d %s: %s', d.lnum + 1, d.col + 1, code_of(d), d.message))
end

-- Code actions at the first raw-log diagnostic, as `vim.lsp.buf.code_action()` would ask.
local target
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  if code_of(d) == 'raw-log' then target = d break end
end
if not target then
  say('FAIL no raw-log diagnostic')
  vim.cmd('qa!')
end
-- What `vim.lsp.buf.code_action()` sends: the line's diagnostics, converted back to LSP form.
local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum)
local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
  context = { diagnostics = line_diagnostics },
}, 10000)
local applied = false
for _, response in pairs(actions or {}) do
  if response.err then say('FAIL codeAction: ' .. vim.inspect(response.err)) end
  for _, action in ipairs(response.result or {}) do
    say('action ' .. action.title .. (action.isPreferred and ' (preferred)' or ''))
    if action.isPreferred and action.edit and not applied then
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      applied = true
    end
  end
end
if not applied then say('FAIL no preferred fix') end
local before = #vim.diagnostic.get(bufnr)
if vim.wait(10000, function() return #vim.diagnostic.get(bufnr) < before end, 50) then
  say(string.format('after the fix: %d diagnostics (was %d)', #vim.diagnostic.get(bufnr), before))
else
  say('FAIL the fix did not remove its diagnostic')
end

-- Code lens, and its command through workspace/executeCommand.
local lenses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeLens', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, 10000)
local lens
for _, response in pairs(lenses or {}) do
  for _, l in ipairs(response.result or {}) do
    say(string.format('lens %d: %s', l.range.start.line + 1, l.command.title))
    lens = lens or l
  end
end
if not lens then
  say('FAIL no code lens')
else
  local result = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', { command = lens.command.command, arguments = lens.command.arguments }, 60000)
  for _, response in pairs(result or {}) do
    if response.result then say('probe ' .. response.result.status .. ': ' .. response.result.message) end
    if response.err then say('FAIL executeCommand: ' .. vim.inspect(response.err)) end
  end
end
vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
say('done')
vim.cmd('qa!')
