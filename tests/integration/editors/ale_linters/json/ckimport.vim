" ALE linter for ChatKitty import files: save as
" ~/.vim/ale_linters/json/ckimport.vim and enable it with
"   let g:ale_linters = {'json': ['ckimport']}
" (or add 'ckimport' to your json linters). ALE sends the buffer on stdin,
" named by --stdin-filename; the rest of its bundle is read from disk. Only
" the buffer's own problems are reported.

" ckimport's columns count code points; ALE's count bytes.
function! s:ByteColumn(buffer, line, column) abort
  let l:text = get(getbufline(a:buffer, a:line), 0, '')
  let l:byte = byteidxcomp(l:text, a:column - 1)
  return l:byte < 0 ? len(l:text) : l:byte
endfunction

function! ale_linters#json#ckimport#Handle(buffer, lines) abort
  try
    let l:report = json_decode(join(a:lines, "\n"))
  catch
    return []
  endtry
  let l:types = {'error': 'E', 'warning': 'W', 'note': 'I'}
  let l:output = []
  for l:d in get(l:report, 'diagnostics', [])
    " ALE: 1-based byte columns, end_col inclusive; ckimport: code points,
    " endColumn just after the range.
    let l:col = s:ByteColumn(a:buffer, l:d.line, l:d.column) + 1
    let l:end_col = s:ByteColumn(a:buffer, l:d.endLine, l:d.endColumn)
    call add(l:output, {
    \ 'lnum': l:d.line,
    \ 'col': l:col,
    \ 'end_lnum': l:d.endLine,
    \ 'end_col': l:d.endLine == l:d.line ? max([l:col, l:end_col]) : l:end_col,
    \ 'type': get(l:types, l:d.severity, 'E'),
    \ 'code': l:d.rule,
    \ 'text': l:d.message,
    \ 'detail': l:d.message . (type(l:d.help) == v:t_string ? "\n" . l:d.help : ''),
    \})
  endfor
  return l:output
endfunction

call ale#linter#Define('json', {
\ 'name': 'ckimport',
\ 'executable': 'ckimport',
\ 'command': '%e check --format json --no-color --stdin-filename %s -',
\ 'output_stream': 'stdout',
\ 'callback': 'ale_linters#json#ckimport#Handle',
\})
