# schemas/*.json are compiled into the binary so that `ckimport` needs no data
# files at run time. Each file becomes a raw string literal in a generated .cpp
# with a table {name, text}; src/schema/embedded_schemas.hpp declares it.
function(ckimport_embed_schemas out_var)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/embedded_schemas.cpp)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${generated} -DSCHEMA_DIR=${PROJECT_SOURCE_DIR}/schemas
            -P ${PROJECT_SOURCE_DIR}/cmake/GenerateEmbeddedSchemas.cmake
    VERBATIM
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/GenerateEmbeddedSchemas.cmake
    COMMENT "Embedding JSON schemas")
  set(${out_var} ${generated} PARENT_SCOPE)
endfunction()
