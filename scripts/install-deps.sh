#!/usr/bin/env bash
# Installs every Debian 12 package Switchboard needs to build, run and test.
# Safe to run again: it only asks apt for what is missing.
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libssl-dev libsqlite3-dev libpq-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev libspandsp-dev
  espeak-ng libespeak-ng-dev libsodium-dev libsrtp2-dev
)
# The web app (web/) builds with Node and npm: Debian's (Node 18) unless a Node is there.
command -v node >/dev/null 2>&1 || build_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || build_pkgs+=(npm)
test_pkgs=(
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  sip-tester baresip sipvicious kamailio
  python3 python3-pytest python3-websocket iproute2 procps wrk
  postgresql-15
  chromium
)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# The tests start their own throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh);
# Debian would otherwise create and start a system-wide one on port 5432.
if [[ " ${missing[*]} " == *" postgresql-15 "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  $SUDO mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
