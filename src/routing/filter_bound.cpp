#include "routing/filter_bound.hpp"

#include <algorithm>

namespace sb::routing {

namespace {

const nlohmann::json& noUser() {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

bool holds(const AttributeTable::Value& v, std::uint32_t id) {
  return std::binary_search(v.ids, v.ids + v.count, id);
}

} // namespace

BoundFilter::BoundFilter(const Filter& filter, const AttributeTable& table,
                         const nlohmann::json& lead)
    : filter_(filter), table_(table), lead_(lead) {
  compares_.reserve(filter.nodes_.size());
  for (const auto& node : filter.nodes_)
    compares_.push_back(node.kind == Kind::Compare ? bind(node) : Compare{});
}

BoundFilter::Compare BoundFilter::bind(const Filter::Node& node) {
  Compare c;
  bool lhsUser = node.lhs.source == Filter::Source::User;
  bool rhsUser = node.op != Op::Truthy && node.rhs.source == Filter::Source::User;
  if (!lhsUser && !rhsUser) {
    c.mode = Mode::Constant;
    c.constant = Filter::compare(
        node.op, Filter::resolve(node.lhs, noUser(), lead_),
        node.op == Op::Truthy ? nullptr : Filter::resolve(node.rhs, noUser(), lead_));
    return c;
  }
  bool idOp = node.op == Op::Truthy || node.op == Op::Eq || node.op == Op::Ne ||
              node.op == Op::Contains || node.op == Op::In;
  if (!idOp || (lhsUser && rhsUser)) return c; // Mode::Json
  const Filter::Operand& user = lhsUser ? node.lhs : node.rhs;
  if (user.path.size() != 1) return c; // nested paths read the JSON
  c.mode = Mode::UserKey;
  c.userIsLhs = lhsUser;
  c.keyId = table_.idOf(user.path[0]);
  if (node.op != Op::Truthy) {
    const Filter::Operand& other = lhsUser ? node.rhs : node.lhs;
    classify(Filter::resolve(other, noUser(), lead_), c);
  }
  return c;
}

void BoundFilter::classify(const nlohmann::json* value, Compare& out) {
  if (value == nullptr) {
    out.shape = Shape::Missing;
  } else if (value->is_string()) {
    out.shape = Shape::String;
    out.stringId = table_.idOf(value->get_ref<const std::string&>());
  } else if (value->is_array()) {
    // Only string elements can equal a user's strings; strings no user has match nobody.
    out.shape = Shape::Array;
    out.idsBegin = static_cast<std::uint32_t>(ids_.size());
    for (const auto& element : *value) {
      if (!element.is_string()) continue;
      std::uint32_t id = table_.idOf(element.get_ref<const std::string&>());
      if (id != AttributeTable::kNone) ids_.push_back(id);
    }
    auto first = ids_.begin() + out.idsBegin;
    std::sort(first, ids_.end());
    ids_.erase(std::unique(first, ids_.end()), ids_.end());
    out.idsEnd = static_cast<std::uint32_t>(ids_.size());
  } else {
    out.shape = Shape::Other;
  }
}

bool BoundFilter::matches(const AgentHot& user) const {
  if (filter_.root_ < 0) return false;
  return eval(filter_.root_, user);
}

bool BoundFilter::eval(std::int32_t index, const AgentHot& user) const {
  const auto i = static_cast<std::size_t>(index);
  const Filter::Node& node = filter_.nodes_[i];
  switch (node.kind) {
  case Kind::Or:
    return eval(node.left, user) || eval(node.right, user);
  case Kind::And:
    return eval(node.left, user) && eval(node.right, user);
  case Kind::Not:
    return !eval(node.left, user);
  case Kind::Compare:
    break;
  }
  const Compare& c = compares_[i];
  if (c.mode == Mode::Constant) return c.constant;
  if (c.mode == Mode::UserKey && user.attributes.isObject) {
    AttributeTable::Value v = table_.lookup(user.attributes, c.keyId);
    if (v.tag != AttributeTable::Tag::Other) {
      if (auto result = compareIds(c, node.op, v)) return *result;
    }
  }
  return compareJson(node, user);
}

bool BoundFilter::compareJson(const Filter::Node& node, const AgentHot& user) const {
  const nlohmann::json& attributes = user.state->attributes;
  return Filter::compare(
      node.op, Filter::resolve(node.lhs, attributes, lead_),
      node.op == Op::Truthy ? nullptr : Filter::resolve(node.rhs, attributes, lead_));
}

bool BoundFilter::anyShared(const Compare& c, const AttributeTable::Value& v) const {
  for (std::uint32_t k = c.idsBegin; k < c.idsEnd; ++k) {
    if (holds(v, ids_[k])) return true;
  }
  return false;
}

// The cases of Filter::compare where both operands are strings or arrays of strings; the
// substring forms of contains and the ordering of whole arrays are left to the JSON.
std::optional<bool> BoundFilter::compareIds(const Compare& c, Op op,
                                            const AttributeTable::Value& v) const {
  using Tag = AttributeTable::Tag;
  if (v.tag == Tag::Missing) return false; // a missing attribute compares false
  bool single = v.tag == Tag::String;
  switch (op) {
  case Op::Truthy:
    // As Filter's truthy: "" is false like an empty list.
    return single ? v.ids[0] != table_.idOf("") : v.count > 0;
  case Op::Eq:
    if (!single) return std::nullopt;
    return c.shape == Shape::String && c.stringId == v.ids[0];
  case Op::Ne:
    if (!single) return std::nullopt;
    if (c.shape == Shape::Missing) return false;
    return c.shape != Shape::String || c.stringId != v.ids[0];
  case Op::Contains:
  case Op::In: {
    bool userIsHaystack = (op == Op::Contains) == c.userIsLhs;
    if (userIsHaystack) {
      if (single) return std::nullopt; // substring
      if (c.shape == Shape::String) return holds(v, c.stringId);
      return c.shape == Shape::Array && anyShared(c, v);
    }
    if (c.shape == Shape::Array) return anyShared(c, v);
    if (c.shape == Shape::String && single) return std::nullopt; // substring
    return false; // a string never contains an array; nothing else contains anything
  }
  default:
    return std::nullopt;
  }
}

} // namespace sb::routing
