#pragma once
// Statements the admin writes share, on one connection inside a transaction the caller
// opened: a group's members, an update that must find its row, a delete refused while
// other rows refer to the record (store/conflicts.hpp says which), and the error an admin
// write reports.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/conflicts.hpp"
#include "store/sqlite/connection.hpp"

namespace sb::store::sqlite {

// The members of a group in the order given (position 0, 1, ...).
Status insertGroupMembers(Connection& conn, const std::string& groupId,
                          const std::vector<std::string>& memberIds);

// `ran` (an UPDATE or DELETE of the row `id`), or a 404 when it changed no row.
Status foundRow(Connection& conn, Status ran, std::string_view kind, const std::string& id);

// Deletes the row `id` of `table` unless one of `referrers` still refers to it (409);
// an unknown id is a 404.
Status deleteUnreferred(Connection& conn, std::string_view table, std::string_view kind,
                        const std::string& id, std::span<const Referrer> referrers = {});

// The error of a failed admin write as the API sees it (a unique key named), or nullopt.
std::optional<common::Error> refusalOf(const Status& outcome);
common::Error adminError(const common::Error& error);

} // namespace sb::store::sqlite
