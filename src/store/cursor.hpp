#pragma once
// Keyset paging cursors, shared by every list that pages by (sort key, id): the calls list
// and the leads search. A cursor is opaque to clients: hex text, safe in a URL unescaped,
// tagged with what it pages so that one list's cursor is refused by another.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::store {

// Where a page left off: the sort key of its last row and that row's id.
struct KeysetPosition {
  std::int64_t key = 0;
  std::string id;
};

// "<tag>|<key>|<id>" in hex.
std::string writeCursor(std::string_view tag, const KeysetPosition& last);
// The position in a cursor writeCursor made with the same `tag`; nullopt for anything else.
std::optional<KeysetPosition> readCursor(std::string_view cursor, std::string_view tag);

// Lists newest first by (created_at, id) read one row past `limit` to learn whether a next
// page exists: cuts `rows` to the page and returns the next page's cursor ("" on the last).
template <typename Row>
std::string cutToPage(std::vector<Row>& rows, int limit, std::string_view tag) {
  const auto size = static_cast<std::size_t>(limit);
  if (rows.size() <= size) return {};
  rows.resize(size);
  return writeCursor(tag, KeysetPosition{rows.back().createdAt, rows.back().id});
}

} // namespace sb::store
