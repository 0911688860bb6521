" ckimport in vim's quickfix list. Put it in ~/.vim/after/ftplugin/json.vim
" (or source it from an autocmd for import files only).
"
"   :make             checks the file on disk (save first)
"   :CkimportBuffer   checks the buffer as it is, saved or not; the rest of
"                     its bundle is read from disk
"
" Both leave vim's byte columns in the quickfix list: ckimport's columns
" count code points, so on a line with non-ASCII text or a tab before the
" problem a plain errorformat (%c bytes, %v screen cells) lands off target.
let s:ckimport_efm = '%f:%l:%c: %trror: %m,%f:%l:%c: %tarning: %m,%f:%l:%c: %tote: %m,%-G%.%#'
let &l:makeprg = 'ckimport check --no-color %:S'
let &l:errorformat = s:ckimport_efm

" Code-point columns to byte columns, for every entry of the quickfix list.
function! CkimportByteColumns() abort
  let l:items = getqflist()
  for l:item in l:items
    if l:item.valid && l:item.bufnr > 0 && l:item.col > 1
      let l:lines = bufloaded(l:item.bufnr)
            \ ? getbufline(l:item.bufnr, l:item.lnum)
            \ : readfile(bufname(l:item.bufnr), '', l:item.lnum)[l:item.lnum - 1 :]
      let l:byte = byteidxcomp(get(l:lines, 0, ''), l:item.col - 1)
      if l:byte >= 0
        let l:item.col = l:byte + 1
      endif
    endif
  endfor
  call setqflist(l:items, 'r')
endfunction

augroup ckimport_quickfix
  autocmd!
  autocmd QuickFixCmdPost make if &l:makeprg =~# '^ckimport' | call CkimportByteColumns() | endif
augroup END

" The buffer on stdin, named by --stdin-filename.
command! -buffer CkimportBuffer call setqflist([], ' ', {'title': 'ckimport',
      \ 'efm': s:ckimport_efm,
      \ 'lines': systemlist('ckimport check --no-color --stdin-filename '
      \   . shellescape(expand('%')) . ' -', getline(1, '$') + [''])})
      \ | call CkimportByteColumns() | cwindow
