# The fast path for the built-in schemas (issue 14): validators generated at
# build time from schemas/*.schema.json by src/schema/codegen/schema_codegen.cpp,
# so they are always made from the schemas the program is built with and
# cannot drift from them. See src/schema/fast_path.hpp.
#
# In the top-level CMakeLists.txt, after the glob of ckimport_core's sources
# and before add_library(ckimport_core ...):
#
#   include(cmake/FastPath.cmake)
#   ckimport_fast_path(CKIMPORT_CORE_SOURCES)
#
# which
#  * builds the generator, ckimport_schema_codegen, as a program of its own
#    (a host tool: when cross-compiling, set CKIMPORT_SCHEMA_CODEGEN to one
#    built for the build machine), and takes src/schema/codegen/ out of the
#    list (it has a main());
#  * adds ${CMAKE_BINARY_DIR}/generated/fast_path_schemas.cpp to the list, with
#    a rule that regenerates it, and its header, when a schema or the
#    generator changes; src/schema/fast_path.cpp alone includes the header;
#  * at the end of the top-level CMakeLists.txt (cmake_language(DEFER), so
#    that tests/ has defined unit_tests by then), if unit_tests exists: runs
#    the generator a second time, over the JSON-Schema-Test-Suite's draft-7
#    files, into generated/fast_path_suite_schemas.{hpp,cpp}, compiled into
#    unit_tests (tests/unit/schema/test_fast_path_suite.cpp uses them).
#
# Generated code is compiled with the project's warning flags, -Werror included.

set(CKIMPORT_SCHEMA_CODEGEN "" CACHE FILEPATH
    "A prebuilt schema_codegen for the build machine (only needed when cross-compiling)")

function(ckimport_fast_path sources_var)
  set(out_dir ${CMAKE_BINARY_DIR}/generated)
  set(codegen_source ${PROJECT_SOURCE_DIR}/src/schema/codegen/schema_codegen.cpp)

  if(CKIMPORT_SCHEMA_CODEGEN)
    set(codegen ${CKIMPORT_SCHEMA_CODEGEN})
    set(codegen_depends ${CKIMPORT_SCHEMA_CODEGEN})
  elseif(CMAKE_CROSSCOMPILING)
    message(FATAL_ERROR "Cross-compiling: set CKIMPORT_SCHEMA_CODEGEN to a schema_codegen built "
                        "for the build machine (from ${codegen_source})")
  else()
    add_executable(ckimport_schema_codegen ${codegen_source})
    target_link_libraries(ckimport_schema_codegen PRIVATE simdjson::simdjson ckimport_flags)
    set(codegen $<TARGET_FILE:ckimport_schema_codegen>)
    set(codegen_depends ckimport_schema_codegen)
  endif()

  # Every schema file: the item schemas, file-import (which user refers to),
  # the config schema and the output schema.
  file(GLOB schemas CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schemas/*.schema.json)
  list(SORT schemas)
  add_custom_command(
    OUTPUT ${out_dir}/fast_path_schemas.hpp ${out_dir}/fast_path_schemas.cpp
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
    COMMAND ${codegen} --namespace ckimport::schema::generated
            --header ${out_dir}/fast_path_schemas.hpp --source ${out_dir}/fast_path_schemas.cpp
            ${schemas}
    DEPENDS ${codegen_depends} ${schemas}
    COMMENT "Generating the fast-path validators from schemas/"
    VERBATIM)

  set(sources ${${sources_var}})
  list(FILTER sources EXCLUDE REGEX "/src/schema/codegen/")
  list(APPEND sources ${out_dir}/fast_path_schemas.cpp)
  set(${sources_var} ${sources} PARENT_SCOPE)
  set_source_files_properties(${PROJECT_SOURCE_DIR}/src/schema/fast_path.cpp PROPERTIES
    INCLUDE_DIRECTORIES ${out_dir}
    OBJECT_DEPENDS ${out_dir}/fast_path_schemas.hpp)

  # (The arguments of a deferred call are read when it runs: none here.)
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL _ckimport_fast_path_suite)
endfunction()

# The second run, for the test suite (see above).
function(_ckimport_fast_path_suite)
  if(NOT TARGET unit_tests)
    return()
  endif()
  if(CKIMPORT_SCHEMA_CODEGEN)
    set(codegen ${CKIMPORT_SCHEMA_CODEGEN})
    set(codegen_depends ${CKIMPORT_SCHEMA_CODEGEN})
  else()
    set(codegen $<TARGET_FILE:ckimport_schema_codegen>)
    set(codegen_depends ckimport_schema_codegen)
  endif()
  set(out_dir ${CMAKE_BINARY_DIR}/generated)
  set(suite_dir ${PROJECT_SOURCE_DIR}/tests/third_party/JSON-Schema-Test-Suite/tests/draft7)
  file(GLOB_RECURSE suite_files CONFIGURE_DEPENDS ${suite_dir}/*.json)
  list(SORT suite_files)
  set(outputs ${out_dir}/fast_path_suite_schemas.hpp ${out_dir}/fast_path_suite_schemas.cpp)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
    COMMAND ${codegen} --suite ${suite_dir} --namespace ckimport::schema::suite_generated
            --header ${out_dir}/fast_path_suite_schemas.hpp
            --source ${out_dir}/fast_path_suite_schemas.cpp ${suite_files}
    DEPENDS ${codegen_depends} ${suite_files}
    COMMENT "Generating fast-path validators for the JSON-Schema-Test-Suite"
    VERBATIM)
  # unit_tests lives in tests/: a target here carries the rule to it.
  add_custom_target(ckimport_fast_path_suite DEPENDS ${outputs})
  add_dependencies(unit_tests ckimport_fast_path_suite)
  target_sources(unit_tests PRIVATE ${out_dir}/fast_path_suite_schemas.cpp)
  target_include_directories(unit_tests PRIVATE ${out_dir})
endfunction()
