#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests (SB_TEST_POSTGRES_URL).
#
#   scripts/pg-test-cluster.sh start DIR   creates DIR, starts a cluster in it, creates the
#                                          database switchboard_test and prints its conninfo
#                                          URL (the only line on stdout)
#   scripts/pg-test-cluster.sh stop DIR    stops that cluster and removes DIR
#
# The cluster listens only on a unix socket in DIR and on 127.0.0.1 at a free port, with
# trust authentication for those two and nothing else. It is for tests: fsync is off, so
# a crash of the machine may lose it, which does not matter for a throwaway cluster.
# initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
set -euo pipefail

readonly MARKER=".sb-pg-test-cluster" # only a directory holding it is ever removed
readonly DB_NAME="switchboard_test"
readonly START_TIMEOUT_S=30

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return
    fi
  done
  die "no PostgreSQL server under /usr/lib/postgresql/*/bin (install postgresql-15)"
}

# Runs a server program as the cluster owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
  local dir="$1" bin port
  bin="$(pg_bindir)"
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    die "$dir exists and is not empty"
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  # A unix socket path is limited to 107 bytes: DIR/.s.PGSQL.PORT must fit.
  [ "${#dir}" -le 90 ] || die "$dir is too long for a unix socket directory (max 90 characters)"
  touch "$dir/$MARKER"
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "no postgres system user (install postgresql-15)"
    chown -R postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot write $dir (a parent directory is closed to it)"
  fi

  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    >"$dir/initdb.log" 2>&1 || die "initdb failed; see $dir/initdb.log"
  port="$(free_port)"
  cat >>"$dir/data/postgresql.conf" <<EOF
# pg-test-cluster.sh: loopback and a private socket only; durability traded for speed.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
  cat >"$dir/data/pg_hba.conf" <<EOF
# pg-test-cluster.sh: trust on the private socket and IPv4 loopback, nothing else.
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -W start >/dev/null ||
    die "pg_ctl start failed; see $dir/postgres.log"

  local tries=$((START_TIMEOUT_S * 10))
  until "$bin/pg_isready" -q -h "$dir" -p "$port" -U postgres -d postgres; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || die "server did not accept connections in ${START_TIMEOUT_S}s; see $dir/postgres.log"
    sleep 0.1
  done
  "$bin/createdb" -h "$dir" -p "$port" -U postgres "$DB_NAME" ||
    die "createdb $DB_NAME failed; see $dir/postgres.log"
  echo "postgresql://postgres@127.0.0.1:$port/$DB_NAME"
}

stop() {
  local dir="$1" bin
  [ -d "$dir" ] || die "$dir does not exist"
  [ -e "$dir/$MARKER" ] || die "$dir was not made by this script; not touching it"
  bin="$(pg_bindir)"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
      die "pg_ctl stop failed; see $dir/postgres.log"
  fi
  rm -rf -- "$dir"
}

[ $# -eq 2 ] || usage
case "$1" in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac
