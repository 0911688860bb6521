# One INTERFACE target carries the project's warning and sanitizer flags; every
# target of ours links it PRIVATE so the flags never leak to consumers.
add_library(ckimport_flags INTERFACE)
target_compile_options(ckimport_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wimplicit-fallthrough -Wformat=2)
# Not -Wnull-dereference: at -O2 it fires inside simdjson's inlined tape code
# (unique_ptr<uint64_t[]>), not in ours. GCC 12's -Wrestrict misfires on
# std::string copies (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(ckimport_flags INTERFACE -Wno-restrict)
endif()
if(CKIMPORT_WERROR)
  target_compile_options(ckimport_flags INTERFACE -Werror)
endif()
if(CKIMPORT_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(ckimport_flags INTERFACE ${_san})
  target_link_options(ckimport_flags INTERFACE ${_san})
endif()
