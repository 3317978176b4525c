#include "bencode.hpp"

#include <algorithm>
#include <charconv>

namespace sb::bench::media_relay {

Bencode Bencode::number(std::int64_t value) {
  Bencode b;
  b.kind = Kind::Integer;
  b.integer = value;
  return b;
}

Bencode Bencode::string(std::string value) {
  Bencode b;
  b.text = std::move(value);
  return b;
}

Bencode Bencode::list(std::vector<Bencode> values) {
  Bencode b;
  b.kind = Kind::List;
  b.items = std::move(values);
  return b;
}

Bencode Bencode::dict() {
  Bencode b;
  b.kind = Kind::Dict;
  return b;
}

Bencode& Bencode::set(std::string key, Bencode value) {
  keys.push_back(std::move(key));
  items.push_back(std::move(value));
  return *this;
}

const Bencode* Bencode::find(std::string_view key) const {
  if (kind != Kind::Dict) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &items[i];
  return nullptr;
}

namespace {

void encodeInto(const Bencode& value, std::string& out) {
  switch (value.kind) {
  case Bencode::Kind::Integer:
    out += 'i' + std::to_string(value.integer) + 'e';
    return;
  case Bencode::Kind::Text:
    out += std::to_string(value.text.size()) + ':' + value.text;
    return;
  case Bencode::Kind::List:
    out += 'l';
    for (const Bencode& item : value.items) encodeInto(item, out);
    out += 'e';
    return;
  case Bencode::Kind::Dict: {
    // Keys go out sorted, as bencode requires.
    std::vector<std::size_t> order(value.keys.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return value.keys[a] < value.keys[b]; });
    out += 'd';
    for (std::size_t i : order) {
      encodeInto(Bencode::string(value.keys[i]), out);
      encodeInto(value.items[i], out);
    }
    out += 'e';
    return;
  }
  }
}

class Decoder {
public:
  explicit Decoder(std::string_view data) : data_(data) {}

  std::optional<Bencode> value(int depth = 0) {
    if (depth > 32 || pos_ >= data_.size()) return std::nullopt;
    const char c = data_[pos_];
    if (c == 'i') {
      ++pos_;
      auto n = number('e');
      if (!n) return std::nullopt;
      return Bencode::number(*n);
    }
    if (c == 'l' || c == 'd') {
      ++pos_;
      Bencode out = c == 'l' ? Bencode::list({}) : Bencode::dict();
      while (pos_ < data_.size() && data_[pos_] != 'e') {
        if (c == 'd') {
          auto key = value(depth + 1);
          if (!key || key->kind != Bencode::Kind::Text) return std::nullopt;
          out.keys.push_back(std::move(key->text));
        }
        auto item = value(depth + 1);
        if (!item) return std::nullopt;
        out.items.push_back(std::move(*item));
      }
      if (pos_ >= data_.size()) return std::nullopt;
      ++pos_;
      return out;
    }
    auto length = number(':');
    if (!length || *length < 0 || static_cast<std::size_t>(*length) > data_.size() - pos_)
      return std::nullopt;
    Bencode out = Bencode::string(std::string(data_.substr(pos_, static_cast<std::size_t>(*length))));
    pos_ += static_cast<std::size_t>(*length);
    return out;
  }

  bool atEnd() const { return pos_ == data_.size(); }

private:
  std::optional<std::int64_t> number(char terminator) {
    const std::size_t end = data_.find(terminator, pos_);
    if (end == std::string_view::npos) return std::nullopt;
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(data_.data() + pos_, data_.data() + end, n);
    if (ec != std::errc() || ptr != data_.data() + end) return std::nullopt;
    pos_ = end + 1;
    return n;
  }

  std::string_view data_;
  std::size_t pos_ = 0;
};

} // namespace

std::string encode(const Bencode& value) {
  std::string out;
  encodeInto(value, out);
  return out;
}

std::optional<Bencode> decode(std::string_view data) {
  Decoder decoder(data);
  auto value = decoder.value();
  if (!value || !decoder.atEnd()) return std::nullopt;
  return value;
}

} // namespace sb::bench::media_relay
