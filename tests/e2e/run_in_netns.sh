#!/bin/sh
# Runs COMMAND in a new network namespace where only loopback is up, so anything it
# (or a server it starts) sends to a foreign address has no route and never leaves the
# machine. The torture messages name foreign hosts in Via and Contact; this is what makes
# answering them safe.
#
#   tests/e2e/run_in_netns.sh COMMAND [ARG...]
#
# Inside, SB_IN_NETNS=1 is set. Exits 77 when a namespace cannot be made (unshare needs
# root or user namespaces), so callers can skip with a clear reason instead of passing.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
for tool in unshare ip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run_in_netns: '$tool' is not installed" >&2
    exit 77
  fi
done
if ! unshare -n true 2>/dev/null; then
  echo "run_in_netns: cannot create a network namespace (unshare -n is not permitted here)" >&2
  exit 77
fi

exec unshare -n sh -c 'ip link set lo up && SB_IN_NETNS=1 exec "$@"' run_in_netns "$@"
