#include <pthread.h>
#include <signal.h>

#include <cstddef>
#include <exception>
#include <iostream>
#include <new>
#include <system_error>
#include <thread>

#include "cli/app.hpp"
#include "cli/output_stream.hpp"
#include "source/temp_files.hpp"

namespace {

// valijson validates by recursion, a few frames for each subschema it
// applies: a value nested hundreds deep (the limit is 512) under a schema
// that applies many subschemas at each level needs far more stack than a
// process's usual 8 MiB. The check runs on threads with room for that. It is
// address space reserved, not memory: only the pages a check reaches are.
// Under AddressSanitizer without optimisation (the test build) each frame
// carries redzones and is about twice as big: 1 GiB there.
#if defined(__SANITIZE_ADDRESS__)
#define CKIMPORT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CKIMPORT_ASAN 1
#endif
#endif
#ifdef CKIMPORT_ASAN
constexpr std::size_t stack_bytes = std::size_t{1024} << 20;
#else
constexpr std::size_t stack_bytes = std::size_t{512} << 20;
#endif

// For every thread created from here on: the runner below, and the worker
// threads of a parallel check. Should it fail, threads keep the usual size.
void set_thread_stack_size(std::size_t bytes) {
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return;
  if (pthread_attr_setstacksize(&attributes, bytes) == 0) {
    (void)pthread_setattr_default_np(&attributes);
  }
  pthread_attr_destroy(&attributes);
}

}  // namespace

int main(int argc, char** argv) {
  // What cli::run does not turn into a diagnostic or a reason (it handles
  // every error of the input or the command line) is still the run failing,
  // said in one line: never an abort.
  // A reader that goes away (`ckimport rules | head -1`, a closed pipe to a
  // CI step) is a write error cli::run reports, not a silent death by
  // SIGPIPE. Standard output is written through a buffer that keeps the
  // first write error and its reason (std::cout would only set a bit).
  ::signal(SIGPIPE, SIG_IGN);
  ckimport::source::install_temp_file_cleanup();
  ckimport::cli::CommandOutput standard_output;
  const auto run = [&] {
    try {
      return ckimport::cli::run(argc, argv, standard_output.stream(), std::cerr);
    } catch (const std::bad_alloc&) {
      std::cerr << "ckimport: out of memory\n";
    } catch (const std::exception& e) {
      std::cerr << "ckimport: internal error: " << e.what() << "\n";
    }
    return 2;
  };
  set_thread_stack_size(stack_bytes);
  int status = 2;
  try {
    std::thread runner([&] { status = run(); });
    runner.join();
  } catch (const std::system_error&) {
    // No room for such a thread (a strict overcommit policy, say): check on
    // this one, with threads of the usual size.
    set_thread_stack_size(std::size_t{8} << 20);
    status = run();
  }
  return status;
}
