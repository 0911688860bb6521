#include "schema/constraint_failures.hpp"

#include <valijson/adapters/std_string_adapter.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/constraints/constraint_visitor.hpp>
#include <valijson/subschema.hpp>
#include <valijson/validation_visitor.hpp>

#include "json/dom.hpp"
#include "schema/simdjson_adapter.hpp"
#include "schema/valijson_schema.hpp"

namespace ckimport::schema {

using simdjson::dom::element;

namespace {

namespace constraints = valijson::constraints;
using valijson::Subschema;

// A node of a schema document, and the document it is in (a "#/..." $ref
// in it is relative to that document).
struct SchemaNode {
  std::optional<element> node;
  element root;
};

SchemaNode resolve(const CompiledSchema& schema, element root, element node) {
  for (int hops = 0; hops < 16; ++hops) {
    const auto ref = json::member(node, "$ref");
    if (!ref || !ref->is_string()) return {node, root};
    const std::string_view target = json::as_string(*ref);
    const auto hash = target.find('#');
    const std::string_view document = target.substr(0, hash);
    if (!document.empty()) {
      const auto slash = document.find_last_of('/');
      const auto name = slash == std::string_view::npos ? document : document.substr(slash + 1);
      const auto found = schema.referenced.find(name);
      if (found == schema.referenced.end()) return {std::nullopt, root};
      root = found->second->root;
    }
    node = root;
    if (hash != std::string_view::npos) {
      auto pointed = root.at_pointer(target.substr(hash + 1));
      if (pointed.error()) return {std::nullopt, root};
      node = pointed.value_unsafe();
    }
  }
  return {std::nullopt, root};
}

// The subschema under `keyword` of `parent` (then under `key` or at
// `index`, for keywords that hold several), $refs followed.
SchemaNode child_of(const CompiledSchema& schema, const SchemaNode& parent, std::string_view keyword,
                    std::optional<std::string_view> key = std::nullopt,
                    std::optional<std::size_t> index = std::nullopt) {
  if (!parent.node) return {std::nullopt, parent.root};
  auto node = json::member(*parent.node, keyword);
  if (node && key) node = json::member(*node, *key);
  if (node && index) {
    if (!node->is_array()) return {std::nullopt, parent.root};
    auto at = node->at(*index);
    if (at.error()) return {std::nullopt, parent.root};
    node = at.value_unsafe();
  }
  if (!node) return {std::nullopt, parent.root};
  return resolve(schema, parent.root, *node);
}

class Walker {
 public:
  Walker(const CompiledSchema& schema, std::unordered_map<std::string, std::regex>& regexes,
         std::vector<ConstraintFailure>& out)
      : schema_(schema), regexes_(regexes), out_(out) {}

  void walk(const Subschema& subschema, const SchemaNode& node, element value, json::JsonPointer& at);

  // valijson's verdict on one constraint, or on a whole subschema, for a
  // value: results are not collected, so it stops at the first failure.
  bool passes(const constraints::Constraint& constraint, element value) {
    valijson::ValidationVisitor<SimdjsonAdapter> visitor(SimdjsonAdapter(value), {"<root>"}, true, nullptr,
                                                         regexes_);
    return constraint.accept(visitor);
  }
  bool valid(const Subschema& subschema, element value) {
    valijson::ValidationVisitor<SimdjsonAdapter> visitor(SimdjsonAdapter(value), {"<root>"}, true, nullptr,
                                                         regexes_);
    return visitor.validateSchema(subschema);
  }
  bool key_valid(const Subschema& subschema, const std::string& key) {
    const valijson::adapters::StdStringAdapter adapter(key);
    valijson::ValidationVisitor<valijson::adapters::StdStringAdapter> visitor(adapter, {"<root>"}, true, nullptr,
                                                                            regexes_);
    return visitor.validateSchema(subschema);
  }
  bool matches(const std::string& pattern, std::string_view key) {
    auto found = regexes_.find(pattern);
    if (found == regexes_.end()) found = regexes_.emplace(pattern, std::regex(pattern)).first;
    return std::regex_search(key.begin(), key.end(), found->second);
  }

  ConstraintFailure& fail(FailureKind kind, const json::JsonPointer& at, const SchemaNode& node) {
    out_.push_back({kind, at, node.node, {}, {}, false, 0, 0});
    return out_.back();
  }

  const CompiledSchema& schema() const { return schema_; }

 private:
  const CompiledSchema& schema_;
  std::unordered_map<std::string, std::regex>& regexes_;
  std::vector<ConstraintFailure>& out_;
};

// Visits the constraints of one subschema for one value: a failing leaf
// constraint is recorded, a structural one is walked into.
class FailureVisitor final : public constraints::ConstraintVisitor {
 public:
  FailureVisitor(Walker& walker, const SchemaNode& node, element value, json::JsonPointer& at)
      : walker_(walker), node_(node), value_(value), at_(at) {}

  bool visit(const constraints::AllOfConstraint& c) override {
    c.applyToSubschemas([&](unsigned index, const Subschema* subschema) {
      walker_.walk(*subschema, child("allOf", std::nullopt, index), value_, at_);
      return true;
    });
    return true;
  }
  bool visit(const constraints::AnyOfConstraint& c) override { return leaf(c, FailureKind::any_of); }
  bool visit(const constraints::OneOfConstraint& c) override {
    if (walker_.passes(c, value_)) return true;
    unsigned matching = 0;
    c.applyToSubschemas([&](unsigned, const Subschema* subschema) {
      if (walker_.valid(*subschema, value_)) ++matching;
      return true;
    });
    walker_.fail(matching == 0 ? FailureKind::one_of_none : FailureKind::one_of_many, at_, node_);
    return true;
  }
  bool visit(const constraints::ConditionalConstraint& c) override {
    if (walker_.passes(c, value_)) return true;
    const bool condition = c.getIfSubschema() == nullptr || walker_.valid(*c.getIfSubschema(), value_);
    const Subschema* branch = condition ? c.getThenSubschema() : c.getElseSubschema();
    if (branch != nullptr) walker_.walk(*branch, child(condition ? "then" : "else"), value_, at_);
    return true;
  }
  bool visit(const constraints::NotConstraint& c) override { return leaf(c, FailureKind::not_schema); }

  bool visit(const constraints::ConstConstraint& c) override { return leaf(c, FailureKind::const_value); }
  bool visit(const constraints::EnumConstraint& c) override { return leaf(c, FailureKind::enum_value); }
  bool visit(const constraints::TypeConstraint& c) override { return leaf(c, FailureKind::type); }
  bool visit(const constraints::FormatConstraint& c) override { return leaf(c, FailureKind::format); }
  bool visit(const constraints::PatternConstraint& c) override { return leaf(c, FailureKind::pattern); }
  bool visit(const constraints::MinLengthConstraint& c) override { return leaf(c, FailureKind::min_length); }
  bool visit(const constraints::MaxLengthConstraint& c) override { return leaf(c, FailureKind::max_length); }
  bool visit(const constraints::MinimumConstraint& c) override {
    if (!walker_.passes(c, value_)) walker_.fail(FailureKind::minimum, at_, node_).exclusive = c.getExclusiveMinimum();
    return true;
  }
  bool visit(const constraints::MaximumConstraint& c) override {
    if (!walker_.passes(c, value_)) walker_.fail(FailureKind::maximum, at_, node_).exclusive = c.getExclusiveMaximum();
    return true;
  }
  bool visit(const constraints::MultipleOfDoubleConstraint& c) override { return leaf(c, FailureKind::multiple_of); }
  bool visit(const constraints::MultipleOfIntConstraint& c) override { return leaf(c, FailureKind::multiple_of); }
  bool visit(const constraints::MinItemsConstraint& c) override { return leaf(c, FailureKind::min_items); }
  bool visit(const constraints::MaxItemsConstraint& c) override { return leaf(c, FailureKind::max_items); }
  bool visit(const constraints::MinPropertiesConstraint& c) override { return leaf(c, FailureKind::min_properties); }
  bool visit(const constraints::MaxPropertiesConstraint& c) override { return leaf(c, FailureKind::max_properties); }
  bool visit(const constraints::ContainsConstraint& c) override { return leaf(c, FailureKind::contains); }
  bool visit(const constraints::PolyConstraint& c) override { return leaf(c, FailureKind::always_false); }

  bool visit(const constraints::UniqueItemsConstraint& c) override {
    if (walker_.passes(c, value_)) return true;
    // The first two equal elements, for the message.
    std::vector<element> items;
    for (element item : json::as_array(value_)) items.push_back(item);
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t j = i + 1; j < items.size(); ++j) {
        if (detail::json_equal(items[i], items[j])) {
          auto& failure = walker_.fail(FailureKind::unique_items, at_, node_);
          failure.index = i;
          failure.other_index = j;
          return true;
        }
      }
    }
    walker_.fail(FailureKind::unique_items, at_, node_);
    return true;
  }

  bool visit(const constraints::RequiredConstraint& c) override {
    if (walker_.passes(c, value_)) return true;
    const SimdjsonObject object(value_);
    c.applyToRequiredProperties([&](const auto& name) {
      if (object.find(std::string_view(name.c_str())) == object.end()) {
        walker_.fail(FailureKind::required, at_, node_).property = name.c_str();
      }
      return true;
    });
    return true;
  }

  bool visit(const constraints::DependenciesConstraint& c) override {
    if (walker_.passes(c, value_) || !value_.is_object()) return true;
    const SimdjsonObject object(value_);
    const auto present = [&](std::string_view name) { return object.find(name) != object.end(); };
    c.applyToPropertyDependencies([&](const auto& name, const auto& needed) {
      if (!present(name.c_str())) return true;
      for (const auto& other : needed) {
        if (present(other.c_str())) continue;
        auto& failure = walker_.fail(FailureKind::dependency, at_, node_);
        failure.property = name.c_str();
        failure.required_property = other.c_str();
      }
      return true;
    });
    c.applyToSchemaDependencies([&](const auto& name, const Subschema* subschema) {
      if (present(name.c_str())) walker_.walk(*subschema, child("dependencies", name.c_str()), value_, at_);
      return true;
    });
    return true;
  }

  bool visit(const constraints::PropertyNamesConstraint& c) override {
    if (walker_.passes(c, value_)) return true;
    for (auto it = SimdjsonObject(value_).begin(); it != SimdjsonObject(value_).end(); ++it) {
      const std::string key(it.key());
      if (!walker_.key_valid(*c.getSubschema(), key)) {
        walker_.fail(FailureKind::property_names, at_, child("propertyNames")).property = key;
      }
    }
    return true;
  }

  // What valijson does for `properties`, `patternProperties` and
  // `additionalProperties`, in one constraint: each member is checked
  // against the subschemas whose name or pattern match it, and one that
  // matches none against additionalProperties (refused when it is `false`).
  bool visit(const constraints::PropertiesConstraint& c) override {
    if (!value_.is_object()) return true;
    const SimdjsonObject object(value_);
    for (auto it = object.begin(); it != object.end(); ++it) {
      const std::string key(it.key());
      const element member = it.value().element();
      bool matched = false;
      at_.key(key);
      c.applyToProperties([&](const auto& name, const Subschema* subschema) {
        if (std::string_view(name.c_str()) != key) return true;
        matched = true;
        walker_.walk(*subschema, child("properties", key), member, at_);
        return false;
      });
      c.applyToPatternProperties([&](const auto& pattern, const Subschema* subschema) {
        if (!walker_.matches(pattern.c_str(), key)) return true;
        matched = true;
        walker_.walk(*subschema, child("patternProperties", std::string_view(pattern.c_str())), member, at_);
        return true;
      });
      at_.steps.pop_back();
      if (matched) continue;
      if (const Subschema* additional = c.getAdditionalPropertiesSubschema()) {
        at_.key(key);
        walker_.walk(*additional, child("additionalProperties"), member, at_);
        at_.steps.pop_back();
      } else {
        walker_.fail(FailureKind::unknown_property, at_, node_).property = key;
      }
    }
    return true;
  }

  bool visit(const constraints::SingularItemsConstraint& c) override {
    if (!value_.is_array() || c.getItemsSubschema() == nullptr) return true;
    std::uint64_t index = 0;
    for (element item : json::as_array(value_)) {
      at_.index(index++);
      walker_.walk(*c.getItemsSubschema(), child("items"), item, at_);
      at_.steps.pop_back();
    }
    return true;
  }

  bool visit(const constraints::LinearItemsConstraint& c) override {
    if (!value_.is_array()) return true;
    std::vector<const Subschema*> tuple;
    c.applyToItemSubschemas([&](unsigned, const Subschema* subschema) {
      tuple.push_back(subschema);
      return true;
    });
    std::uint64_t index = 0;
    for (element item : json::as_array(value_)) {
      at_.index(index);
      if (index < tuple.size()) {
        walker_.walk(*tuple[index], child("items", std::nullopt, index), item, at_);
      } else if (const Subschema* additional = c.getAdditionalItemsSubschema()) {
        walker_.walk(*additional, child("additionalItems"), item, at_);
      } else if (!walker_.passes(c, value_)) {
        walker_.fail(FailureKind::additional_items, at_, node_).index = index;
        at_.steps.pop_back();
        break;
      }
      at_.steps.pop_back();
      ++index;
    }
    return true;
  }

 private:
  bool leaf(const constraints::Constraint& c, FailureKind kind) {
    if (!walker_.passes(c, value_)) walker_.fail(kind, at_, node_);
    return true;
  }

  SchemaNode child(std::string_view keyword, std::optional<std::string_view> key = std::nullopt,
                   std::optional<std::size_t> index = std::nullopt) const {
    return child_of(walker_.schema(), node_, keyword, key, index);
  }

  Walker& walker_;
  const SchemaNode& node_;
  element value_;
  json::JsonPointer& at_;
};

void Walker::walk(const Subschema& subschema, const SchemaNode& node, element value, json::JsonPointer& at) {
  if (subschema.getAlwaysInvalid()) {
    fail(FailureKind::always_false, at, node);
    return;
  }
  FailureVisitor visitor(*this, node, value, at);
  Subschema::ApplyFunction each = [&](const constraints::Constraint& constraint) {
    constraint.accept(visitor);
    return true;
  };
  subschema.apply(each);
}

}  // namespace

std::optional<element> resolve_ref(const CompiledSchema& schema, element node) {
  return resolve(schema, schema.document.root, node).node;
}

std::vector<ConstraintFailure> find_constraint_failures(const CompiledSchema& schema, element value,
                                                        std::unordered_map<std::string, std::regex>& regexes) {
  std::vector<ConstraintFailure> failures;
  Walker walker(schema, regexes, failures);
  json::JsonPointer at;
  walker.walk(schema.compiled->schema, resolve(schema, schema.document.root, schema.document.root), value, at);
  return failures;
}

}  // namespace ckimport::schema
