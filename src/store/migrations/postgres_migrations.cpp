// The PostgreSQL migrations in version order; each lives in its own postgres_NNNN_*.cpp.
#include <array>

#include "store/postgres/migrations.hpp"

namespace sb::store::migrations {

std::span<const Migration> postgres() {
  // Built on first use, after every migration's text (a constant) exists.
  static const std::array list{
      postgresInitialSchema(),
      postgresRoutingModel(),
      postgresCallSearch(),
      postgresApi(),
      postgresCallList(),
      postgresTransfers(),
      postgresDistribution(),
      postgresPhoneNumbers(),
  };
  return list;
}

} // namespace sb::store::migrations
