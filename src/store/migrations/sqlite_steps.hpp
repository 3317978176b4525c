#pragma once
// The SQL of each SQLite migration after the first, one file per version; the list in
// sqlite_0001_initial.cpp strings them together in order.
#include <string_view>

namespace sb::store::migrations {

std::string_view sqlite0002RoutingModel();
std::string_view sqlite0003CallSearch();
std::string_view sqlite0004Api();
std::string_view sqlite0005CallList();
std::string_view sqlite0006Transfers();
std::string_view sqlite0007Distribution();
std::string_view sqlite0008PhoneNumbers();

} // namespace sb::store::migrations
