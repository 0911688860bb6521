# One INTERFACE target carries the project's warning and sanitizer flags; every
# target of ours links it PRIVATE so the flags never leak to consumers.
add_library(ckimport_flags INTERFACE)
target_compile_options(ckimport_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wnull-dereference
  -Wimplicit-fallthrough -Wformat=2)
if(CKIMPORT_WERROR)
  target_compile_options(ckimport_flags INTERFACE -Werror)
endif()
if(CKIMPORT_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(ckimport_flags INTERFACE ${_san})
  target_link_options(ckimport_flags INTERFACE ${_san})
endif()
