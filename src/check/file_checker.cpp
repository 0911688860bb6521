#include "check/file_checker.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "json/syntax_locator.hpp"
#include "json/token_locator.hpp"

namespace ckimport::check {
namespace {

// How much of a line an excerpt shows on each side of the token; a minified
// file is one line of gigabytes.
constexpr std::size_t excerpt_context = 120;

diag::RuleId syntax_rule(json::SyntaxErrorKind kind) {
  switch (kind) {
    case json::SyntaxErrorKind::number_out_of_range: return diag::RuleId::number_out_of_range;
    case json::SyntaxErrorKind::too_deep: return diag::RuleId::nesting_too_deep;
    default: return diag::RuleId::syntax;
  }
}

diag::Location locate(const std::string& file, source::Position start, std::string_view text,
                      std::size_t offset, std::size_t length) {
  offset = std::min(offset, text.size());
  length = std::min(length, text.size() - offset);
  diag::Location location;
  location.file = file;
  location.begin = source::advance(start, text.substr(0, offset));
  location.end = source::advance(location.begin, text.substr(offset, length));
  return location;
}

// The end of the longest prefix of window[from, end) that does not stop
// inside a UTF-8 sequence: a cut window must not end in half a character.
std::size_t complete_utf8_prefix(const std::string& window, std::size_t from, std::size_t end) {
  std::size_t start = end;
  while (start > from && source::utf8::is_continuation(static_cast<unsigned char>(window[start - 1]))) {
    --start;
  }
  if (start == from) return end;
  const auto lead = static_cast<unsigned char>(window[start - 1]);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return (start - 1) + length <= end ? end : start - 1;
}

}  // namespace

void attach_excerpt(diag::Diagnostic& d, source::ByteSource& input) {
  const std::uint64_t token = d.location.begin.offset.value;
  const std::uint64_t window_start = token > excerpt_context ? token - excerpt_context : 0;
  const std::uint64_t token_end = std::max(d.location.end.offset.value, token);
  const std::size_t token_length = static_cast<std::size_t>(
      std::min<std::uint64_t>(token_end - token, excerpt_context));
  std::string window;
  if (!input.read_at(window_start, static_cast<std::size_t>(token - window_start) + token_length +
                                       excerpt_context,
                     window)) {
    return;
  }
  auto at = static_cast<std::size_t>(token - window_start);
  if (at > window.size()) return;
  diag::Excerpt excerpt;
  std::size_t line_begin = 0;
  // A byte order mark is not shown: columns on line 1 are counted after it,
  // as editors show them, and a terminal would draw it as nothing, or as junk.
  if (window_start == 0 && std::string_view(window).starts_with(json::utf8_bom)) {
    line_begin = json::utf8_bom.size();
    at = std::max(at, line_begin);
  }
  const auto newline_before = at == 0 ? std::string::npos : window.rfind('\n', at - 1);
  if (newline_before != std::string::npos) {
    line_begin = std::max(line_begin, newline_before + 1);
  } else if (window_start > 0) {
    excerpt.cut_before = true;
  }
  // Do not start in the middle of a UTF-8 sequence.
  while (excerpt.cut_before && line_begin < at &&
         source::utf8::is_continuation(static_cast<unsigned char>(window[line_begin]))) {
    ++line_begin;
  }
  std::size_t line_end = window.find('\n', at);
  if (line_end == std::string::npos) {
    line_end = window.size();
    // The window ended before the line did, unless it reached the file's end.
    if (input.size() && window_start + window.size() < *input.size()) excerpt.cut_after = true;
    if (excerpt.cut_after) line_end = complete_utf8_prefix(window, at, line_end);
  }
  // A CRLF line's '\r' is its line break, unless the token is not before
  // it (the token is the '\r', or the end of a file that ends in one).
  if (line_end > line_begin && window[line_end - 1] == '\r' && at + 1 < line_end) --line_end;
  excerpt.text = window.substr(line_begin, line_end - line_begin);
  excerpt.caret_begin = at - line_begin;
  excerpt.caret_end = std::min(excerpt.caret_begin + std::max<std::size_t>(token_length, 1),
                               excerpt.text.size());
  if (excerpt.caret_end < excerpt.caret_begin) excerpt.caret_end = excerpt.caret_begin;
  d.excerpt = std::move(excerpt);
}

ElementChecker::ElementChecker(schema::SchemaRegistry& schemas, std::size_t max_depth)
    : max_depth_(max_depth), items_(schemas) {}

std::optional<simdjson::dom::element> ElementChecker::parse(const std::string& display_path,
                                                            source::ByteSource& input,
                                                            source::Position start,
                                                            std::string_view text,
                                                            std::vector<diag::Diagnostic>& out) {
  if (parser_.capacity() < text.size() || parser_.max_depth() != max_depth_) {
    if (parser_.allocate(std::max<std::size_t>(text.size(), 4096), max_depth_)) {
      throw std::bad_alloc();
    }
  }
  auto parsed = parser_.parse(text.data(), text.size(), false);
  if (!parsed.error()) return parsed.value_unsafe();

  diag::Diagnostic d;
  const auto error = json::find_syntax_error(text, {max_depth_});
  if (error) {
    d.rule = syntax_rule(error->kind);
    d.message = error->message;
    if (!error->help.empty()) d.help = error->help;
    d.location = locate(display_path, start, text, error->offset, error->length);
    if (error->related_offset) {
      diag::Related related;
      related.location = locate(display_path, start, text, *error->related_offset, 1);
      related.message = "opened";
      d.related.push_back(std::move(related));
    }
  } else {
    // simdjson and the locator disagree: never call the element valid.
    d.rule = diag::RuleId::syntax;
    d.message = fmt::format("the JSON parser rejected this element: {}",
                            simdjson::error_message(parsed.error()));
    d.location = locate(display_path, start, text, 0, 1);
  }
  attach_excerpt(d, input);
  out.push_back(std::move(d));
  return std::nullopt;
}

void locate_findings(const std::string& display_path, source::ByteSource& input,
                     source::Position start, std::string_view text,
                     const std::string& pointer_prefix, std::vector<schema::Finding>& findings,
                     std::vector<diag::Diagnostic>& out) {
  for (auto& finding : findings) {
    const auto place = [&](const schema::TokenRef& ref) {
      const auto range = json::locate_token(text, ref.pointer, ref.part, ref.occurrence);
      return range ? locate(display_path, start, text, range->offset, range->length)
                   : locate(display_path, start, text, 0, 1);
    };
    diag::Diagnostic d;
    d.rule = std::move(finding.rule);
    d.severity = finding.severity;
    d.message = std::move(finding.message);
    d.help = std::move(finding.help);
    d.location = place(finding.at);
    for (const auto& related : finding.related) {
      d.related.push_back({related.location ? *related.location : place(related.at), related.message});
    }
    attach_excerpt(d, input);
    d.pointer = pointer_prefix + finding.at.pointer.to_string();
    out.push_back(std::move(d));
  }
  findings.clear();
}

FileChecker::FileChecker(schema::SchemaRegistry& schemas, FileCheckOptions options)
    : schemas_(schemas), options_(options), elements_(schemas, options.max_depth) {}

namespace {

void add_all(diag::Sink& sink, std::vector<diag::Diagnostic>& diagnostics) {
  for (auto& d : diagnostics) sink.add(std::move(d));
  diagnostics.clear();
}

// Problems the reader found in the array's own structure, with the file name
// and excerpt filled in.
void take_reader_problems(json::ElementReader& reader, const std::string& display_path,
                          source::ByteSource& input, std::vector<diag::Diagnostic>& out) {
  for (auto& problem : reader.problems()) {
    problem.location.file = display_path;
    for (auto& related : problem.related) related.location.file = display_path;
    attach_excerpt(problem, input);
    out.push_back(std::move(problem));
  }
  reader.problems().clear();
}

// The array's "unexpected end of file" is dropped when an element was
// rejected: its brackets may not have balanced, and it is the same cut.
void finish_reader(json::ElementReader& reader, const std::string& display_path,
                   source::ByteSource& input, bool element_rejected,
                   std::vector<diag::Diagnostic>& out) {
  take_reader_problems(reader, display_path, input, out);
  if (auto unclosed = reader.take_unclosed_array(); unclosed && !element_rejected) {
    reader.problems().push_back(std::move(*unclosed));
    take_reader_problems(reader, display_path, input, out);
  }
}

std::string item_pointer(std::uint64_t index) { return "/" + std::to_string(index); }

// Calls FileCheckOptions::progress about once per MiB read.
class ProgressTicker {
 public:
  using Callback = decltype(FileCheckOptions::progress);
  ProgressTicker(const Callback& callback, const std::string& path, source::ByteSource& input)
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
  const Callback& callback_;
  const std::string& path_;
  std::optional<std::uint64_t> total_;
  std::uint64_t next_ = std::uint64_t{1} << 20;
};

}  // namespace

std::uint64_t FileChecker::check(const std::string& display_path, model::ResourceKind kind,
                                 source::ByteSource& input, diag::Sink& sink,
                                 const ItemObserver& observer) {
  // Threads pay off on files of more than a few batches; small files (and
  // most bundles) are checked on the calling thread.
  constexpr std::uint64_t parallel_threshold = std::uint64_t{4} << 20;
  if (options_.jobs > 1 && input.size().value_or(parallel_threshold) >= parallel_threshold) {
    if (const auto items = check_in_parallel(display_path, kind, input, sink, observer)) return *items;
  }
  json::ElementReader reader(input, options_.reader);
  std::vector<schema::Finding> findings;
  std::vector<diag::Diagnostic> found;
  std::uint64_t items = 0;
  bool rejected = false;
  ProgressTicker ticker(options_.progress, display_path, input);
  while (auto element = reader.next()) {
    ticker.tick(reader.bytes_read());
    take_reader_problems(reader, display_path, input, found);
    ++items;
    const auto value = elements_.parse(display_path, input, element->start, element->text, found);
    if (value) {
      elements_.check_item(kind, *value, findings);
      if (!observer.empty()) {
        rules::extract_facts(kind, *value, facts_);
        if (observer.any_order) observer.any_order(*element, facts_, findings);
        if (observer.in_order) observer.in_order(*element, facts_, findings);
      }
      locate_findings(display_path, input, element->start, element->text,
                      item_pointer(element->index), findings, found);
    } else {
      rejected = true;
    }
    add_all(sink, found);
  }
  finish_reader(reader, display_path, input, rejected, found);
  add_all(sink, found);
  ticker.finish(reader.bytes_read());
  return items;
}

namespace {

// Elements copied out of the reader's buffer, each followed by simdjson's
// padding, and what the workers found in them.
struct Batch {
  struct Item {
    std::size_t offset = 0;
    std::size_t size = 0;
    std::uint64_t index = 0;
    source::Position start;
    bool parsed = false;
  };
  std::string bytes;
  std::vector<Item> items;
  std::vector<std::vector<diag::Diagnostic>> before;   // the reader's, before item i
  std::vector<std::vector<diag::Diagnostic>> results;  // item i's own
  std::vector<rules::ItemFacts> facts;                 // item i's, when observed
  bool done = false;
  std::exception_ptr failure;

  std::string_view text(const Item& item) const { return {bytes.data() + item.offset, item.size}; }
};

constexpr std::size_t batch_bytes = std::size_t{256} << 10;
constexpr std::size_t batch_items = 2048;

}  // namespace

// Parallel check. The calling thread reads and splits the file into batches;
// workers parse, validate and locate each batch's items and read their facts;
// the calling thread takes finished batches in file order, so diagnostics
// come out in the same order as with one thread, and runs the observer
// (cross-file rules, which need the items in order) on each item's facts.
// The calling thread never parses: it only splits, and applies the rules.
std::optional<std::uint64_t> FileChecker::check_in_parallel(const std::string& display_path,
                                                            model::ResourceKind kind,
                                                            source::ByteSource& input, diag::Sink& sink,
                                                            const ItemObserver& observer) {
  std::mutex mutex;
  std::condition_variable work_ready;
  std::condition_variable batch_done;
  std::deque<Batch*> queue;
  bool stopping = false;

  const bool observed = !observer.empty();
  const auto work = [&] {
    ElementChecker checker(schemas_, options_.max_depth);
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
      try {
        for (std::size_t i = 0; i < batch->items.size(); ++i) {
          auto& item = batch->items[i];
          const auto text = batch->text(item);
          const auto value = checker.parse(display_path, input, item.start, text, batch->results[i]);
          item.parsed = value.has_value();
          if (!value) continue;
          checker.check_item(kind, *value, findings);
          if (observed) {
            rules::extract_facts(kind, *value, batch->facts[i]);
            if (observer.any_order) {
              observer.any_order({item.index, item.start, text}, batch->facts[i], findings);
            }
          }
          locate_findings(display_path, input, item.start, text, item_pointer(item.index),
                          findings, batch->results[i]);
        }
      } catch (...) {
        batch->failure = std::current_exception();
      }
      {
        const std::lock_guard lock(mutex);
        batch->done = true;
      }
      batch_done.notify_all();
    }
  };

  std::vector<std::jthread> workers;
  const auto stop_workers = [&] {
    {
      const std::lock_guard lock(mutex);
      stopping = true;
    }
    work_ready.notify_all();
    workers.clear();  // joins
  };
  struct StopOnExit {
    const decltype(stop_workers)& stop;
    ~StopOnExit() { stop(); }
  } stop_on_exit{stop_workers};
  for (unsigned i = 0; i < options_.jobs; ++i) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no room for another thread: fewer workers, or none
    }
  }
  if (workers.empty()) return std::nullopt;

  std::deque<std::unique_ptr<Batch>> in_flight;
  std::vector<schema::Finding> findings;
  std::vector<diag::Diagnostic> found;
  bool rejected = false;

  // Takes the oldest batch once it is done: its diagnostics, then the
  // observer's for each item, in item order.
  const auto take_front = [&] {
    Batch& batch = *in_flight.front();
    {
      std::unique_lock lock(mutex);
      batch_done.wait(lock, [&] { return batch.done; });
    }
    if (batch.failure) std::rethrow_exception(batch.failure);
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
      const auto& item = batch.items[i];
      add_all(sink, batch.before[i]);
      rejected = rejected || !item.parsed;
      if (item.parsed && observer.in_order) {
        const auto text = batch.text(item);
        const json::ArrayElement element{item.index, item.start, text};
        observer.in_order(element, batch.facts[i], findings);
        locate_findings(display_path, input, item.start, text, item_pointer(item.index),
                        findings, batch.results[i]);
      }
      add_all(sink, batch.results[i]);
    }
    in_flight.pop_front();
  };

  const auto submit = [&](std::unique_ptr<Batch> batch) {
    batch->results.resize(batch->items.size());
    if (observed) batch->facts.resize(batch->items.size());
    {
      const std::lock_guard lock(mutex);
      queue.push_back(batch.get());
    }
    work_ready.notify_one();
    in_flight.push_back(std::move(batch));
    while (in_flight.size() > 2 * std::size_t{options_.jobs}) take_front();
  };

  json::ElementReader reader(input, options_.reader);
  auto batch = std::make_unique<Batch>();
  std::uint64_t items = 0;
  ProgressTicker ticker(options_.progress, display_path, input);
  while (auto element = reader.next()) {
    ticker.tick(reader.bytes_read());
    ++items;
    batch->before.emplace_back();
    take_reader_problems(reader, display_path, input, batch->before.back());
    Batch::Item item;
    item.offset = batch->bytes.size();
    item.size = element->text.size();
    item.index = element->index;
    item.start = element->start;
    batch->bytes.append(element->text);
    batch->bytes.append(simdjson::SIMDJSON_PADDING, '\0');
    batch->items.push_back(item);
    if (batch->bytes.size() >= batch_bytes || batch->items.size() >= batch_items) {
      submit(std::move(batch));
      batch = std::make_unique<Batch>();
    }
  }
  if (!batch->items.empty()) submit(std::move(batch));
  while (!in_flight.empty()) take_front();
  finish_reader(reader, display_path, input, rejected, found);
  add_all(sink, found);
  ticker.finish(reader.bytes_read());
  return items;
}

bool FileChecker::check_document(const std::string& display_path, source::ByteSource& input,
                                 diag::Sink& sink, const DocumentVisitor& visit) {
  std::string bytes;
  char buffer[1 << 16];
  for (std::size_t n; (n = input.read(buffer, sizeof buffer)) > 0;) bytes.append(buffer, n);
  source::Position start;
  std::string_view text = bytes;
  if (text.starts_with(json::utf8_bom)) {
    diag::Diagnostic d = json::byte_order_mark_warning();
    d.location.file = display_path;
    attach_excerpt(d, input);
    sink.add(std::move(d));
    text.remove_prefix(3);
    start = source::text_start(json::utf8_bom);
  }
  const simdjson::padded_string padded(text);
  std::vector<diag::Diagnostic> found;
  const auto value = elements_.parse(display_path, input, start, {padded.data(), padded.size()}, found);
  if (value) {
    std::vector<schema::Finding> findings;
    find_duplicate_keys(*value, findings);
    visit(*value, findings);
    locate_findings(display_path, input, start, text, "", findings, found);
  }
  add_all(sink, found);
  return value.has_value();
}

void FileChecker::validate_document(const std::string& display_path,
                                    const schema::CompiledSchema& schema,
                                    source::ByteSource& input, diag::Sink& sink) {
  check_document(display_path, input, sink,
                 [&](simdjson::dom::element value, std::vector<schema::Finding>& findings) {
                   elements_.validator().validate(schema, value, "the document", findings);
                 });
}

}  // namespace ckimport::check
