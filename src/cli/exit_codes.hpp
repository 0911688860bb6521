#pragma once
// The exit statuses, in one place. Scripts and hooks depend on them.
//  0  no errors (warnings alone pass, unless --strict or --max-warnings)
//  1  errors found in the checked files
//  2  the run itself failed: bad usage, a path that cannot be read, a
//     directory, FIFO or device where a file was needed, a broken --schema-dir
namespace ckimport::cli {

enum ExitCode : int {
  exit_ok = 0,
  exit_problems = 1,
  exit_usage = 2,
};

}  // namespace ckimport::cli
