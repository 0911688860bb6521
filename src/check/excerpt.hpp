#pragma once
// The source line a diagnostic points into, read back from its file when
// the diagnostic is made (renderers cannot read files, and output streams
// file by file).
#include "diag/diagnostic.hpp"
#include "source/byte_source.hpp"

namespace ckimport::check {

// Fills d.excerpt with the source line around d.location, read from `input`
// at random; left empty when the input cannot seek (a pipe). A long line
// (a minified file is one line of gigabytes) is cut around the token.
void attach_excerpt(diag::Diagnostic& d, source::ByteSource& input);

}  // namespace ckimport::check
