#pragma once
// Record ids: 26 characters of Crockford base32, a 48-bit millisecond time prefix and
// 80 random bits (ULID layout). Ids made later sort later, which keeps paging by id
// stable and makes the primary key index append-mostly.
#include <cstdint>
#include <string>

namespace sb::store {

// A new id stamped with `epochMs` (wall time, from the injected Clock).
std::string newId(std::int64_t epochMs);

// What an admin write fills in on a new record: createdAt (`now` when unset) and an id
// (when empty) stamped with it.
template <typename Record> void stampNew(Record& record, std::int64_t now) {
  if (record.createdAt == 0) record.createdAt = now;
  if (record.id.empty()) record.id = newId(record.createdAt);
}

} // namespace sb::store
