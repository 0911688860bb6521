# Script mode: writes OUTPUT, a C++ file defining ckimport::schema::embedded_schemas().
file(GLOB INPUTS ${SCHEMA_DIR}/*.json)
list(SORT INPUTS)
set(body "")
foreach(input IN LISTS INPUTS)
  get_filename_component(name ${input} NAME)
  file(READ ${input} text)
  string(FIND "${text}" ")ckimport_schema\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${input} contains the raw-string delimiter")
  endif()
  string(APPEND body "    {\"${name}\", R\"ckimport_schema(${text})ckimport_schema\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated from schemas/*.json by cmake/GenerateEmbeddedSchemas.cmake. Do not edit.
#include \"schema/embedded_schemas.hpp\"

namespace ckimport::schema {

std::span<const EmbeddedSchema> embedded_schemas() {
  static constexpr EmbeddedSchema table[] = {
${body}  };
  return table;
}

}  // namespace ckimport::schema
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
