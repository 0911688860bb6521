#pragma once
#include <stdexcept>

namespace ckimport::schema {

// A schema that cannot be read or compiled: the program's (or --schema-dir's)
// fault, not the checked file's. The CLI reports it with exit status 2.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ckimport::schema
