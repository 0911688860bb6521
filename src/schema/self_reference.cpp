#include "schema/self_reference.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "json/dom.hpp"
#include "json/json_pointer.hpp"

namespace ckimport::schema {
namespace {

using simdjson::dom::element;

// A subschema: the document it is in ("" for the schema itself) and its
// JSON Pointer there.
struct Node {
  std::string document;
  std::string pointer;
  element value;

  std::string id() const { return document + "#" + pointer; }
};

std::string document_name(std::string_view uri) {
  const auto slash = uri.find_last_of('/');
  return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

class Finder {
 public:
  Finder(element root, const DocumentLoader& load, std::size_t max_depth)
      : load_(load), max_depth_(max_depth) {
    documents_.emplace("", root);
    queue_.push_back("");
  }

  std::optional<std::string> run() {
    // valijson recurses as deep as the longest chain of subschemas it
    // follows from the root, whatever the keywords.
    if (auto problem = check_depth(Node{"", "", documents_.at("")})) return problem;
    // Every subschema of every document reached is a place an endless
    // cycle can start; documents found through $ref join the queue as they
    // are met.
    for (std::size_t next = 0; next < queue_.size(); ++next) {
      const std::string document = queue_[next];
      std::vector<Node> starts;
      collect(Node{document, "", documents_.at(document)}, starts);
      for (const auto& start : starts) {
        if (auto problem = find_cycle(start)) return problem;
      }
    }
    return std::nullopt;
  }

 private:
  // The fields of an object that a reader keeps: of duplicate keys, the
  // last (what valijson, through the adapter, sees).
  static std::vector<simdjson::dom::key_value_pair> kept_fields(element value) {
    std::vector<simdjson::dom::key_value_pair> fields;
    std::vector<std::string_view> keys;
    for (const auto field : json::as_object(value)) {
      fields.push_back(field);
      keys.push_back(field.key);
    }
    std::sort(keys.begin(), keys.end());
    if (std::adjacent_find(keys.begin(), keys.end()) == keys.end()) return fields;  // the usual case
    std::vector<simdjson::dom::key_value_pair> kept;
    for (const auto& field : fields) {
      std::erase_if(kept, [&](const auto& earlier) { return earlier.key == field.key; });
      kept.push_back(field);
    }
    return kept;
  }

  // Every subschema below `node` (itself included).
  void collect(const Node& node, std::vector<Node>& out) {
    std::vector<Node> pending{node};
    while (!pending.empty()) {
      Node next = std::move(pending.back());
      pending.pop_back();
      for (auto& child : children(next)) pending.push_back(std::move(child));
      out.push_back(std::move(next));
    }
  }

  // The subschemas directly below `node`: the values of every keyword whose
  // value is a schema.
  std::vector<Node> children(const Node& node) {
    std::vector<Node> out;
    if (!node.value.is_object()) return out;
    const auto child = [&](std::string_view key, element value, std::string_view sub = {}) {
      std::string pointer = node.pointer + "/" + json::escape_pointer_key(key);
      if (!sub.empty()) pointer += "/" + json::escape_pointer_key(sub);
      out.push_back(Node{node.document, std::move(pointer), value});
    };
    for (const auto& field : kept_fields(node.value)) {
      const std::string_view key = field.key;
      if (key == "properties" || key == "patternProperties" || key == "definitions" ||
          key == "dependencies") {
        for (const auto& entry : kept_fields(field.value)) {
          if (entry.value.is_object()) child(key, entry.value, entry.key);
        }
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf" || key == "items") {
        std::size_t i = 0;
        for (const element item : json::as_array(field.value)) child(key, item, std::to_string(i++));
        if (key == "items" && field.value.is_object()) child(key, field.value);
      } else if (key == "additionalProperties" || key == "additionalItems" || key == "contains" ||
                 key == "propertyNames" || key == "not" || key == "if" || key == "then" ||
                 key == "else") {
        if (field.value.is_object()) child(key, field.value);
      }
    }
    return out;
  }

  // The subschemas that apply to the same value as `node`.
  std::vector<Node> in_place(const Node& node) {
    std::vector<Node> out;
    if (!node.value.is_object()) return out;
    if (const auto ref = json::member(node.value, "$ref")) {
      // Draft 7: a $ref's siblings are ignored.
      if (auto target = resolve(node.document, json::as_string(*ref))) out.push_back(std::move(*target));
      return out;
    }
    for (const auto& field : kept_fields(node.value)) {
      const std::string_view key = field.key;
      const std::string pointer = node.pointer + "/" + json::escape_pointer_key(key);
      if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        std::size_t i = 0;
        for (const element item : json::as_array(field.value)) {
          out.push_back(Node{node.document, pointer + "/" + std::to_string(i++), item});
        }
      } else if (key == "not" || key == "if" || key == "then" || key == "else") {
        out.push_back(Node{node.document, pointer, field.value});
      } else if (key == "dependencies") {
        for (const auto& entry : kept_fields(field.value)) {
          if (entry.value.is_object()) {
            out.push_back(Node{node.document, pointer + "/" + json::escape_pointer_key(entry.key), entry.value});
          }
        }
      }
    }
    return out;
  }

  // Where a $ref leads, when it can be told (a plain-name fragment or a
  // document that cannot be loaded leads nowhere here: valijson reports it).
  std::optional<Node> resolve(const std::string& from, std::string_view ref) {
    const auto hash = ref.find('#');
    const std::string_view uri = ref.substr(0, hash);
    const std::string_view fragment = hash == std::string_view::npos ? "" : ref.substr(hash + 1);
    if (!fragment.empty() && fragment.front() != '/') return std::nullopt;
    std::string document = uri.empty() ? from : document_name(uri);
    if (!documents_.contains(document)) {
      const element* root = load_(std::string(uri));
      if (root == nullptr) return std::nullopt;
      documents_.emplace(document, *root);
      queue_.push_back(document);
    }
    const auto target = pointed(documents_.at(document), fragment);
    if (!target) return std::nullopt;
    return Node{std::move(document), std::string(fragment), *target};
  }

  // The value a JSON Pointer names, taking the last of duplicate keys, as
  // valijson does through the adapter (simdjson's at_pointer takes the first).
  static std::optional<element> pointed(element value, std::string_view pointer) {
    while (!pointer.empty()) {
      if (pointer.front() != '/') return std::nullopt;
      pointer.remove_prefix(1);
      const auto end = std::min(pointer.find('/'), pointer.size());
      std::string token;
      for (std::size_t i = 0; i < end; ++i) {
        if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
          token += pointer[++i] == '0' ? '~' : '/';
        } else {
          token += pointer[i];
        }
      }
      pointer.remove_prefix(end);
      if (value.is_array()) {
        std::size_t index = 0;
        const auto [rest, error] = std::from_chars(token.data(), token.data() + token.size(), index);
        element item;
        if (error != std::errc{} || rest != token.data() + token.size() || token.empty() ||
            value.at(index).get(item) != simdjson::SUCCESS) {
          return std::nullopt;
        }
        value = item;
      } else {
        const auto child = json::member(value, token);
        if (!child) return std::nullopt;
        value = *child;
      }
    }
    return value;
  }

  // "other.json#/x"; a pointer of hundreds of steps keeps its last ones.
  static std::string show(const Node& node) {
    constexpr std::size_t shown = 100;
    std::string pointer = node.pointer;
    if (pointer.size() > shown) {
      const auto step = pointer.find('/', pointer.size() - shown);  // cut between steps
      pointer = "..." + pointer.substr(step == std::string::npos ? pointer.size() - shown : step);
    }
    return node.document + "#" + pointer;
  }

  // Depth-first from `start` over in-place edges, without recursion (a
  // hostile schema can chain thousands of subschemas): a cycle is endless
  // recursion.
  std::optional<std::string> find_cycle(const Node& start) {
    if (cycle_states_[start.id()] == done) return std::nullopt;
    struct Frame {
      Node node;
      std::vector<Node> next;
      std::size_t taken = 0;
    };
    std::vector<Frame> stack;
    const auto enter = [&](Node node) -> std::optional<std::string> {
      State& state = cycle_states_[node.id()];
      if (state == on_path) {
        std::string cycle;
        bool in_cycle = false;
        for (const auto& frame : stack) {
          in_cycle = in_cycle || frame.node.id() == node.id();
          if (in_cycle) cycle += show(frame.node) + " -> ";
        }
        cycle += show(node);
        return "it applies itself to the same value without end: " + cycle;
      }
      if (state == done) return std::nullopt;
      state = on_path;
      auto next = in_place(node);
      stack.push_back(Frame{std::move(node), std::move(next), 0});
      return std::nullopt;
    };
    if (auto problem = enter(start)) return problem;
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.taken < top.next.size()) {
        Node next = top.next[top.taken++];
        if (auto problem = enter(std::move(next))) return problem;
      } else {
        cycle_states_[top.node.id()] = done;
        stack.pop_back();
      }
    }
    return std::nullopt;
  }

  // The longest chain of subschemas below `start`, through every keyword
  // and $ref, must not pass max_depth_. A chain that comes back to a
  // subschema on it ends there (valijson compiles a subschema once; a
  // cycle in place is find_cycle's). Heights are remembered per subschema,
  // so that one reached first by a short way still counts for a long one.
  std::optional<std::string> check_depth(const Node& start) {
    std::map<std::string, std::size_t> height;  // of finished subschemas
    std::set<std::string> open;  // on the current chain
    struct Frame {
      Node node;
      std::vector<Node> next;
      std::size_t taken = 0;
      std::size_t below = 0;  // the longest chain below, so far
    };
    std::vector<Frame> stack;
    const auto enter = [&](Node node) {
      open.insert(node.id());
      auto next = in_place(node);
      for (auto& child : children(node)) next.push_back(std::move(child));
      stack.push_back(Frame{std::move(node), std::move(next)});
    };
    enter(start);
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.taken < top.next.size()) {
        Node next = top.next[top.taken++];
        const std::string id = next.id();
        if (const auto found = height.find(id); found != height.end()) {
          top.below = std::max(top.below, found->second);
        } else if (!open.contains(id)) {
          enter(std::move(next));  // `top` is not used after this
        }
        continue;
      }
      const std::size_t own = top.below + 1;
      if (own > max_depth_) {
        return "subschemas nest more than " + std::to_string(max_depth_) + " deep (at " + show(top.node) + ")";
      }
      const std::string id = top.node.id();
      height.emplace(id, own);
      open.erase(id);
      stack.pop_back();
      if (!stack.empty()) stack.back().below = std::max(stack.back().below, own);
    }
    return std::nullopt;
  }

  enum State { unseen = 0, on_path, done };

  const DocumentLoader& load_;
  std::size_t max_depth_;
  std::map<std::string, element> documents_;
  std::vector<std::string> queue_;
  std::map<std::string, State> cycle_states_;
};

}  // namespace

std::optional<std::string> find_self_application(element root, const DocumentLoader& load,
                                                 std::size_t max_depth) {
  return Finder(root, load, max_depth).run();
}

}  // namespace ckimport::schema
