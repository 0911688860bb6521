# Script mode (cmake -P), run at build time by cmake/Packaging.cmake: the
# files `ckimport --generate` prints, and what Debian wants compressed.
#
#   cmake -DCKIMPORT=<binary> -DOUT=<dir> -DGZIP=<gzip> -DEPOCH=<seconds> -P GeneratePackageFiles.cmake
set(ENV{SOURCE_DATE_EPOCH} "${EPOCH}")  # the man page's date
foreach(pair IN ITEMS "man|man/ckimport.1" "complete-bash|bash/ckimport" "complete-zsh|zsh/_ckimport"
                      "complete-fish|fish/ckimport.fish")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 what)
  list(GET pair 1 file)
  get_filename_component(dir "${OUT}/${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  execute_process(COMMAND "${CKIMPORT}" --generate ${what} OUTPUT_FILE "${OUT}/${file}.tmp"
    RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${CKIMPORT} --generate ${what} failed: ${status}")
  endif()
  file(RENAME "${OUT}/${file}.tmp" "${OUT}/${file}")
endforeach()
# gzip -9n: best compression, no name or time stamp in the header.
foreach(file IN ITEMS man/ckimport.1 changelog)
  execute_process(COMMAND "${GZIP}" -9n -c "${OUT}/${file}" OUTPUT_FILE "${OUT}/${file}.gz" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip ${OUT}/${file} failed: ${status}")
  endif()
endforeach()
