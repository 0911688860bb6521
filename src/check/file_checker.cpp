#include "check/file_checker.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "check/excerpt.hpp"

namespace ckimport::check {

// What one element yields: its diagnostics (located, excerpts attached) and,
// when it parsed and the file is observed, its facts.
struct ElementResult {
  std::vector<diag::Diagnostic> diagnostics;
  rules::ItemFacts facts;
  bool parsed = false;
  std::vector<json::TokenRange> masked;  // ElementChecker::masked(), for stage 2
};

// One file's check: what every stage needs to know, shared by the threads.
struct FileChecker::Job {
  const std::string& display_path;
  model::ResourceKind kind;
  source::ByteSource& input;
  const ItemObserver& observer;
  const FileCheckOptions& options;

  static std::string item_pointer(std::uint64_t index) { return "/" + std::to_string(index); }

  diag::Location element_start(const json::ArrayElement& element) const {
    diag::Location location;
    location.file = display_path;
    location.begin = element.start;
    location.end = source::advance(element.start, element.text.substr(0, 1));
    return location;
  }

  // Stage 1: everything that needs only the element. What the rules will
  // look up is asked for as soon as the facts are known, and fetched while
  // the item is validated; `prefetch`: stage 2 follows on this thread, so
  // its lookups too. A clean item (ElementChecker::clean_item: a message
  // the lane passes) skips the parse and its own checks, which would find
  // nothing.
  void check_alone(ElementChecker& checker, std::vector<schema::Finding>& findings,
                   const json::ArrayElement& element, ElementResult& result, bool prefetch = false) const {
    result.masked.clear();
    std::optional<simdjson::dom::element> value;
    const bool clean = checker.clean_item(kind, element.text, result.facts);
    if (!clean) {
      value = checker.parse(display_path, input, element.start, element.text, result.diagnostics);
      result.parsed = value.has_value();
      if (!value) return;
      result.masked = checker.masked();
      if (!observer.empty()) rules::extract_facts(kind, *value, result.facts);
    }
    result.parsed = true;
    if (!observer.empty()) {
      if (observer.resolve_any_order) observer.resolve_any_order(result.facts);
      if (prefetch && observer.prefetch_in_order) observer.prefetch_in_order(result.facts);
    }
    if (value) checker.check_item(kind, *value, findings);
    if (!observer.empty() && observer.any_order) observer.any_order(element, result.facts, findings);
    if (!findings.empty()) {
      locate_findings(display_path, input, element.start, element.text, item_pointer(element.index), findings,
                      result.diagnostics, result.masked);
    }
  }

  // Stage 2: what needs the items before this one, in file order.
  void check_in_order(std::vector<schema::Finding>& findings, const json::ArrayElement& element,
                      ElementResult& result) const {
    if (!result.parsed) {
      if (observer.unreadable) observer.unreadable(element_start(element));
      return;
    }
    if (!observer.in_order) return;
    observer.in_order(element, result.facts, findings);
    if (!findings.empty()) {
      locate_findings(display_path, input, element.start, element.text, item_pointer(element.index), findings,
                      result.diagnostics, result.masked);
    }
  }

  // Problems the reader found in the array's own structure, with the file
  // name and excerpt filled in.
  void take_reader_problems(json::ElementReader& reader, std::vector<diag::Diagnostic>& out) const {
    for (auto& problem : reader.problems()) {
      problem.location.file = display_path;
      // An element too large is skipped, with the rest of the file.
      if (problem.rule == diag::RuleId::element_too_large && observer.unreadable) {
        observer.unreadable(problem.location);
      }
      for (auto& related : problem.related) related.location.file = display_path;
      attach_excerpt(problem, input);
      out.push_back(std::move(problem));
    }
    reader.problems().clear();
  }

  // The array's "unexpected end of file" is dropped when an element was
  // rejected: its brackets may not have balanced, and it is the same cut.
  void finish_reader(json::ElementReader& reader, bool element_rejected, std::vector<diag::Diagnostic>& out) const {
    take_reader_problems(reader, out);
    if (auto unclosed = reader.take_unclosed_array(); unclosed && !element_rejected) {
      reader.problems().push_back(std::move(*unclosed));
      take_reader_problems(reader, out);
    }
  }
};

namespace {

void add_all(diag::DiagnosticSink& sink, std::vector<diag::Diagnostic>& diagnostics) {
  for (auto& d : diagnostics) sink.add(std::move(d));
  diagnostics.clear();
}

// Calls FileCheckOptions::progress about once per MiB read.
class ProgressTicker {
 public:
  ProgressTicker(const ProgressCallback& callback, const std::string& path, source::ByteSource& input)
      : callback_(callback), path_(path), total_(input.size()) {}
  void tick(std::uint64_t done) {
    if (callback_ && done >= next_) {
      callback_(path_, done, total_);
      next_ = done + (std::uint64_t{1} << 20);
    }
  }
  void finish(std::uint64_t done) {
    if (callback_) callback_(path_, done, done);
  }

 private:
  const ProgressCallback& callback_;
  const std::string& path_;
  std::optional<std::uint64_t> total_;
  std::uint64_t next_ = std::uint64_t{1} << 20;
};

}  // namespace

FileChecker::FileChecker(schema::SchemaRegistry& schemas, FileCheckOptions options)
    : schemas_(schemas),
      options_(std::move(options)),
      elements_(schemas, options_.max_depth, options_.message_lane) {}

std::uint64_t FileChecker::check(const std::string& display_path, model::ResourceKind kind,
                                 source::ByteSource& input, diag::DiagnosticSink& sink,
                                 const ItemObserver& observer) {
  const Job job{display_path, kind, input, observer, options_};
  // Threads pay off on files of two batches or more (the calling thread
  // splits the second while a worker checks the first: measured on a users
  // file of 1.8 MB, 14 ms less of a bundle's 80); smaller files (and most
  // bundles) are checked on the calling thread.
  constexpr std::uint64_t parallel_threshold = std::uint64_t{512} << 10;
  if (options_.jobs > 1 && input.size().value_or(parallel_threshold) >= parallel_threshold) {
    if (const auto items = check_in_parallel(job, sink)) return *items;
  }
  return check_serially(job, sink);
}

std::uint64_t FileChecker::check_serially(const Job& job, diag::DiagnosticSink& sink) {
  json::ElementReader reader(job.input, options_.reader);
  std::vector<schema::Finding> findings;
  std::vector<diag::Diagnostic> found;
  ElementResult result;
  std::uint64_t items = 0;
  bool rejected = false;
  ProgressTicker ticker(options_.progress, job.display_path, job.input);
  while (auto element = reader.next()) {
    ticker.tick(reader.bytes_read());
    job.take_reader_problems(reader, found);
    add_all(sink, found);
    ++items;
    job.check_alone(elements_, findings, *element, result, true);
    job.check_in_order(findings, *element, result);
    rejected = rejected || !result.parsed;
    add_all(sink, result.diagnostics);
  }
  job.finish_reader(reader, rejected, found);
  add_all(sink, found);
  ticker.finish(reader.bytes_read());
  return items;
}

namespace {

// Elements copied out of the reader's buffer, each followed by simdjson's
// padding, and what the workers made of them. Batches are reused once taken,
// with their buffers (the bytes, and each result's facts and diagnostics):
// past the first few batches, nothing is allocated per item.
struct Batch {
  struct Item {
    std::size_t offset = 0;  // into bytes
    json::ArrayElement element;  // its text points into bytes once the batch is full
  };
  std::string bytes;
  std::vector<Item> items;
  std::vector<std::vector<diag::Diagnostic>> before;  // the reader's, before item i
  std::vector<ElementResult> results;  // at least items.size(); the first items.size() are this batch's
  bool done = false;
  std::exception_ptr failure;

  void reset() {
    bytes.clear();
    items.clear();
    before.clear();
    done = false;
    failure = nullptr;
  }
};

constexpr std::size_t batch_bytes = std::size_t{256} << 10;
constexpr std::size_t batch_items = 2048;

}  // namespace

// The calling thread reads and splits the file into batches; workers run
// stage 1 on each batch; the calling thread takes finished batches in file
// order and runs stage 2 on their items, so diagnostics come out as with one
// thread. The calling thread runs stage 1 too, on a batch no worker has
// begun, when the oldest is not done yet: splitting is the serial part, so
// it does that first, and never waits while there is work.
std::optional<std::uint64_t> FileChecker::check_in_parallel(const Job& job, diag::DiagnosticSink& sink) {
  std::mutex mutex;
  std::condition_variable work_ready;
  std::condition_variable batch_done;
  std::deque<Batch*> queue;
  bool stopping = false;

  // Stage 1 on every item of a batch taken off the queue, by a worker or by
  // the calling thread (see take_front).
  const auto run_batch = [&](ElementChecker& checker, std::vector<schema::Finding>& findings, Batch& batch) {
    try {
      for (std::size_t i = 0; i < batch.items.size(); ++i) {
        findings.clear();
        job.check_alone(checker, findings, batch.items[i].element, batch.results[i]);
      }
    } catch (...) {
      batch.failure = std::current_exception();
    }
    {
      const std::lock_guard lock(mutex);
      batch.done = true;
    }
    batch_done.notify_all();
  };
  const auto work = [&] {
    ElementChecker checker(schemas_, options_.max_depth, options_.message_lane);
    std::vector<schema::Finding> findings;
    for (;;) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;
        batch = queue.front();
        queue.pop_front();
      }
      run_batch(checker, findings, *batch);
    }
  };

  // Declared before the workers are stopped (below) so that it outlives
  // them: when reading throws (out of memory, say), the workers are joined
  // before the batches they may still be checking are freed.
  std::deque<std::unique_ptr<Batch>> in_flight;
  std::vector<std::unique_ptr<Batch>> spare;  // taken batches, for reuse
  std::vector<std::jthread> workers;
  const auto stop_workers = [&] {
    {
      const std::lock_guard lock(mutex);
      stopping = true;
      queue.clear();  // batches not begun are not needed any more
    }
    work_ready.notify_all();
    workers.clear();  // joins
  };
  struct StopOnExit {
    const decltype(stop_workers)& stop;
    ~StopOnExit() { stop(); }
  } stop_on_exit{stop_workers};
  // jobs - 1 workers: the calling thread is the last of the `jobs`. With a
  // worker per core besides it, the threads outnumber the cores, and the
  // one that splits the file (on which every worker waits) is preempted:
  // measured on 2 cores, a worker and the calling thread's help (take_front)
  // take 22% less wall time than two workers.
  for (unsigned i = 0; i + 1 < options_.jobs; ++i) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no room for another thread: fewer workers, or none
    }
  }
  if (workers.empty()) return std::nullopt;

  std::vector<schema::Finding> findings;
  std::vector<schema::Finding> own_findings;  // stage 1's, when this thread runs it
  std::vector<diag::Diagnostic> found;
  bool rejected = false;

  // Takes the oldest batch once it is done: for each item, the reader's
  // problems before it, then stage 2, then its diagnostics. While it is not
  // done, this thread runs stage 1 on batches not begun, rather than wait.
  const auto take_front = [&] {
    Batch& batch = *in_flight.front();
    for (;;) {
      std::unique_lock lock(mutex);
      if (batch.done) break;
      if (queue.empty()) {
        batch_done.wait(lock, [&] { return batch.done; });
        break;
      }
      Batch* waiting = queue.front();
      queue.pop_front();
      lock.unlock();
      run_batch(elements_, own_findings, *waiting);
    }
    if (batch.failure) std::rethrow_exception(batch.failure);
    // What the in-order checks will look up, asked for ahead (a duplicate
    // key's table slot): memory is fetched while earlier items are checked.
    constexpr std::size_t ahead = 16;
    const std::size_t count = batch.items.size();
    if (job.observer.prefetch_in_order) {
      for (std::size_t i = 0; i < std::min(ahead, count); ++i) {
        if (batch.results[i].parsed) job.observer.prefetch_in_order(batch.results[i].facts);
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (job.observer.prefetch_in_order && i + ahead < count && batch.results[i + ahead].parsed) {
        job.observer.prefetch_in_order(batch.results[i + ahead].facts);
      }
      add_all(sink, batch.before[i]);
      ElementResult& result = batch.results[i];
      job.check_in_order(findings, batch.items[i].element, result);
      rejected = rejected || !result.parsed;
      add_all(sink, result.diagnostics);
    }
    spare.push_back(std::move(in_flight.front()));
    in_flight.pop_front();
  };
  const auto next_batch = [&] {
    if (spare.empty()) return std::make_unique<Batch>();
    auto batch = std::move(spare.back());
    spare.pop_back();
    batch->reset();
    return batch;
  };

  const auto submit = [&](std::unique_ptr<Batch> batch) {
    // The elements' texts point into the batch's bytes from now on: it no
    // longer grows.
    for (auto& item : batch->items) item.element.text = {batch->bytes.data() + item.offset, item.element.text.size()};
    if (batch->results.size() < batch->items.size()) batch->results.resize(batch->items.size());
    {
      const std::lock_guard lock(mutex);
      queue.push_back(batch.get());
    }
    work_ready.notify_one();
    in_flight.push_back(std::move(batch));
    while (in_flight.size() > 2 * std::size_t{options_.jobs}) take_front();
  };

  json::ElementReader reader(job.input, options_.reader);
  auto batch = next_batch();
  std::uint64_t items = 0;
  ProgressTicker ticker(options_.progress, job.display_path, job.input);
  while (auto element = reader.next()) {
    ticker.tick(reader.bytes_read());
    ++items;
    batch->before.emplace_back();
    job.take_reader_problems(reader, batch->before.back());
    batch->items.push_back({batch->bytes.size(), *element});
    batch->bytes.append(element->text);
    batch->bytes.append(simdjson::SIMDJSON_PADDING, '\0');
    if (batch->bytes.size() >= batch_bytes || batch->items.size() >= batch_items) {
      submit(std::move(batch));
      batch = next_batch();
    }
  }
  if (!batch->items.empty()) submit(std::move(batch));
  while (!in_flight.empty()) take_front();
  job.finish_reader(reader, rejected, found);
  add_all(sink, found);
  ticker.finish(reader.bytes_read());
  return items;
}

}  // namespace ckimport::check
