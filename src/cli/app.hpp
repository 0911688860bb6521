#pragma once
#include <iosfwd>

namespace ckimport::cli {

// Runs ckimport with the given arguments, writing the product to `out` and
// one-line reasons for failures to `err`. Returns the exit status.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace ckimport::cli
