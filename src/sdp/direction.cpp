#include "sdp/direction.hpp"

#include <algorithm>

namespace sb::sdp {

std::string_view attributeName(Direction direction) {
  switch (direction) {
  case Direction::SendRecv:
    return "sendrecv";
  case Direction::SendOnly:
    return "sendonly";
  case Direction::RecvOnly:
    return "recvonly";
  case Direction::Inactive:
    return "inactive";
  }
  return "sendrecv";
}

std::optional<Direction> directionFromName(std::string_view name) {
  for (const Direction direction :
       {Direction::SendRecv, Direction::SendOnly, Direction::RecvOnly, Direction::Inactive}) {
    if (attributeName(direction) == name) return direction;
  }
  return std::nullopt;
}

bool sends(Direction direction) {
  return direction == Direction::SendRecv || direction == Direction::SendOnly;
}

bool receives(Direction direction) {
  return direction == Direction::SendRecv || direction == Direction::RecvOnly;
}

Direction makeDirection(bool send, bool receive) {
  if (send) return receive ? Direction::SendRecv : Direction::SendOnly;
  return receive ? Direction::RecvOnly : Direction::Inactive;
}

Direction reversed(Direction direction) {
  return makeDirection(receives(direction), sends(direction));
}

Direction intersect(Direction a, Direction b) {
  return makeDirection(sends(a) && sends(b), receives(a) && receives(b));
}

std::optional<Direction> directionOf(const std::vector<Attribute>& attributes) {
  for (const Attribute& attribute : attributes) {
    if (auto direction = directionFromName(attribute.name)) return direction;
  }
  return std::nullopt;
}

Direction effectiveDirection(const Session& session, const Media& media) {
  if (auto direction = directionOf(media.attributes)) return *direction;
  return directionOf(session.attributes).value_or(Direction::SendRecv);
}

void setDirection(std::vector<Attribute>& attributes, Direction direction) {
  const auto isDirection = [](const Attribute& attribute) {
    return directionFromName(attribute.name).has_value();
  };
  auto first = std::find_if(attributes.begin(), attributes.end(), isDirection);
  Attribute replacement{std::string(attributeName(direction)), std::nullopt};
  if (first == attributes.end()) {
    attributes.push_back(std::move(replacement));
    return;
  }
  *first = std::move(replacement);
  attributes.erase(std::remove_if(first + 1, attributes.end(), isDirection), attributes.end());
}

} // namespace sb::sdp
