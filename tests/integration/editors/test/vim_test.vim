" Run by editors.sh: vim -N -u NORC -i NONE -es --cmd 'let g:editors=...' -S vim_test.vim
" in a folder with bundle/users.json. Checks the quickfix recipe (and ALE's
" linter when g:with_ale) against ckimport's JSON output: each diagnostic's
" expected vim column is computed from its byte offset, not from its column.
set nomore
let s:results = []
function! s:Ok(what) abort
  call add(s:results, 'ok: ' . a:what)
endfunction
function! s:Fail(what) abort
  call add(s:results, 'FAIL: ' . a:what)
endfunction

" ckimport's JSON report for the current buffer (as stdin).
function! s:Expected() abort
  let l:report = json_decode(join(systemlist('ckimport check --format json --stdin-filename '
        \ . shellescape(expand('%')) . ' -', getline(1, '$') + ['']), "\n"))
  let l:expected = []
  for l:d in l:report.diagnostics
    if l:d.line > line('$') | continue | endif  " past the last line: no column to check
    " 1-based byte column from the byte offset
    call add(l:expected, {'lnum': l:d.line, 'col': l:d.offset - line2byte(l:d.line) + 2,
          \ 'end_col': l:d.endOffset - line2byte(l:d.endLine) + 1,
          \ 'type': toupper(l:d.severity[0]), 'message': l:d.message, 'rule': l:d.rule})
  endfor
  return l:expected
endfunction

function! s:Compare(tag, items, expected, text_has_rule, check_end) abort
  let l:valid = filter(copy(a:items), 'v:val.valid && v:val.lnum <= line("$")')
  if len(l:valid) != len(a:expected)
    call s:Fail(printf('%s: %d entries, expected %d: %s', a:tag, len(l:valid), len(a:expected), string(l:valid)))
    return
  endif
  for l:i in range(len(a:expected))
    let l:e = a:expected[l:i]
    let l:q = l:valid[l:i]
    let l:text = a:text_has_rule ? l:e.message . ' [' . l:e.rule . ']' : l:e.message
    if l:q.lnum != l:e.lnum || l:q.col != l:e.col || toupper(l:q.type) !=# l:e.type || l:q.text !=# l:text
      call s:Fail(printf('%s: got %d:%d %s %s, expected %d:%d %s %s', a:tag, l:q.lnum, l:q.col, l:q.type,
            \ l:q.text, l:e.lnum, l:e.col, l:e.type, l:text))
    elseif a:check_end && l:q.end_col != max([l:e.col, l:e.end_col])
      call s:Fail(printf('%s: %d:%d ends at %d, expected %d', a:tag, l:q.lnum, l:q.col, l:q.end_col, l:e.end_col))
    else
      call s:Ok(printf('%s: %s at %d:%d (%s)', a:tag, l:e.rule, l:e.lnum, l:e.col, getline(l:e.lnum)[l:e.col - 1 : l:e.col + 6]))
    endif
  endfor
endfunction

edit bundle/users.json
execute 'source ' . fnameescape(g:editors . '/ckimport.vim')
silent make!
call s:Compare('vim :make', getqflist(), s:Expected(), 1, 0)
" An unsaved edit: a new line on top moves everything down.
call append(1, '  {"name": "new", "displayName": "Ñew", "isGuest": false, "properties": {}, "x": 1},')
silent CkimportBuffer
cclose  " :cwindow moved the cursor to the quickfix window
call s:Compare('vim :CkimportBuffer', getqflist(), s:Expected(), 1, 0)

if get(g:, 'with_ale', 0)
  let g:ale_linters = {'json': ['ckimport']}
  let g:ale_lint_on_text_changed = 'never'
  let g:ale_lint_on_enter = 0
  let g:ale_set_highlights = 0
  let g:ale_echo_cursor = 0
  let g:ckimport_ale_done = 0
  augroup ckimport_test | autocmd User ALELintPost let g:ckimport_ale_done = 1 | augroup END
  set filetype=json
  if index(map(ale#linter#Get('json'), 'v:val.name'), 'ckimport') < 0
    call s:Fail('ALE: the ckimport linter is not defined')
  else
    ALELint
    let s:waited = 0
    while !g:ckimport_ale_done && s:waited < 200
      sleep 50m
      let s:waited += 1
    endwhile
    if !g:ckimport_ale_done
      call s:Fail('ALE: no ALELintPost within 10 s')
    else
      let s:items = map(ale#engine#GetLoclist(bufnr('')), 'extend(v:val, {"valid": 1})')
      call s:Compare('ALE (unsaved buffer)', s:items, s:Expected(), 0, 1)
    endif
  endif
endif

call writefile(s:results, g:results)
qall!
