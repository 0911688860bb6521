#pragma once
// Fast path for the built-in schemas (issue 14).
//
// valijson through SimdjsonAdapter costs about 4 µs an item; most items are
// valid. For each schema of schemas/, a validator generated at build time
// (cmake/FastPath.cmake runs src/schema/codegen/schema_codegen.cpp over the
// schema files) checks an item directly on its simdjson DOM value:
//
//   if (const FastValidator* fast = fast_validator_for("user.schema.json");
//       fast && fast->valid(item)) {
//     // valid: valijson has nothing to say
//   } else {
//     value_validator.validate(schema, item, noun, findings);  // decides, explains
//   }
//
// A validator answers FastVerdict::valid only when valijson would find the
// item valid, with the same verdict also where valijson departs from JSON
// Schema (number comparisons as doubles, lengths counted up to a NUL, ...;
// see fast_path_support.hpp). FastVerdict::invalid means "not shown valid":
// usually invalid, but possibly just something the fast path does not decide
// (an exception inside std::regex, say). So it never replaces valijson's
// verdict on a failing item, it only spares valijson the passing ones.
//
// The validators are made from the schemas built into the program. A caller
// that reads schemas from elsewhere (--schema-dir) must check that the
// files are the same (sources()) or not use the fast path.
#include <span>
#include <string_view>

#include <simdjson.h>

namespace ckimport::schema {

enum class FastVerdict {
  valid,    // valijson would find the value valid
  invalid,  // not shown valid: let valijson decide
};

// A schema file a validator was generated from, and its text.
struct FastPathSource {
  std::string_view file_name;
  std::string_view text;
};

class FastValidator {
 public:
  using Function = bool (*)(simdjson::dom::element value);

  constexpr FastValidator(std::string_view file_name, Function function,
                          std::span<const FastPathSource> sources) noexcept
      : file_name_(file_name), function_(function), sources_(sources) {}

  // Thread-safe; never throws.
  FastVerdict verdict(simdjson::dom::element value) const noexcept;
  bool valid(simdjson::dom::element value) const noexcept {
    return verdict(value) == FastVerdict::valid;
  }

  std::string_view file_name() const noexcept { return file_name_; }
  // This schema file and every file it refers to by $ref (this one first):
  // the fast path holds for exactly these texts.
  std::span<const FastPathSource> sources() const noexcept { return sources_; }

 private:
  std::string_view file_name_;
  Function function_;
  std::span<const FastPathSource> sources_;
};

// The validator for a file of schemas/ ("user.schema.json"), or nullptr
// when there is none.
const FastValidator* fast_validator_for(std::string_view schema_file_name) noexcept;

}  // namespace ckimport::schema
