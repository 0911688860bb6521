#include "schema/self_reference.hpp"

#include <map>
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
    const Node root{"", "", documents_.at("")};
    if (auto problem = search(root, all_edges, max_depth_)) return problem;
    // Every subschema of every document reached is a place an endless
    // cycle can start; documents found through $ref join the queue as they
    // are met.
    for (std::size_t next = 0; next < queue_.size(); ++next) {
      const std::string document = queue_[next];
      std::vector<Node> starts;
      collect(Node{document, "", documents_.at(document)}, starts);
      for (const auto& start : starts) {
        if (auto problem = search(start, in_place_edges, SIZE_MAX)) return problem;
      }
    }
    return std::nullopt;
  }

 private:
  enum Edges { in_place_edges, all_edges };

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
    for (const auto field : json::as_object(node.value)) {
      const std::string_view key = field.key;
      if (key == "properties" || key == "patternProperties" || key == "definitions" ||
          key == "dependencies") {
        for (const auto entry : json::as_object(field.value)) {
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
    for (const auto field : json::as_object(node.value)) {
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
        for (const auto entry : json::as_object(field.value)) {
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
    element target;
    if (documents_.at(document).at_pointer(fragment).get(target) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    return Node{std::move(document), std::string(fragment), target};
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

  // Depth-first from `start` over in-place edges (a cycle is endless
  // recursion) or over all edges (a cycle is fine: valijson compiles a
  // subschema once; a chain deeper than `max_depth` is not), without
  // recursion: a hostile schema can chain thousands of subschemas.
  std::optional<std::string> search(const Node& start, Edges edges, std::size_t max_depth) {
    auto& states = states_[edges];
    if (states[start.id()] == done) return std::nullopt;
    struct Frame {
      Node node;
      std::vector<Node> next;
      std::size_t taken = 0;
    };
    std::vector<Frame> stack;
    const auto enter = [&](Node node) -> std::optional<std::string> {
      State& state = states[node.id()];
      if (state == on_path && edges == all_edges) return std::nullopt;
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
      if (stack.size() >= max_depth) {
        return "subschemas nest more than " + std::to_string(max_depth) + " deep (at " + show(node) + ")";
      }
      state = on_path;
      auto next = in_place(node);
      if (edges == all_edges) {
        for (auto& child : children(node)) next.push_back(std::move(child));
      }
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
        states[top.node.id()] = done;
        stack.pop_back();
      }
    }
    return std::nullopt;
  }

  enum State { unseen = 0, on_path, done };

  const DocumentLoader& load_;
  std::size_t max_depth_;
  std::map<std::string, element> documents_;
  std::vector<std::string> queue_;
  std::map<std::string, State> states_[2];  // per Edges
};

}  // namespace

std::optional<std::string> find_self_application(element root, const DocumentLoader& load,
                                                 std::size_t max_depth) {
  return Finder(root, load, max_depth).run();
}

}  // namespace ckimport::schema
