#pragma once
// Bencode (integers, byte strings, lists, dictionaries): the encoding of rtpengine's ng
// control protocol. Just enough to build an offer/answer/delete and read the reply.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::bench::media_relay {

struct Bencode {
  enum class Kind { Integer, Text, List, Dict };
  Kind kind = Kind::Text;
  std::int64_t integer = 0;
  std::string text;
  std::vector<Bencode> items;     // a list's items, or a dictionary's values
  std::vector<std::string> keys;  // a dictionary's keys, in the order of `items`

  static Bencode number(std::int64_t value);
  static Bencode string(std::string value);
  static Bencode list(std::vector<Bencode> values);
  static Bencode dict();
  Bencode& set(std::string key, Bencode value); // a dictionary entry; returns *this

  // A dictionary's entry, or nullptr.
  const Bencode* find(std::string_view key) const;
};

std::string encode(const Bencode& value);
// The value `data` holds, or nothing when it is not one complete bencoded value.
std::optional<Bencode> decode(std::string_view data);

} // namespace sb::bench::media_relay
