#!/bin/sh
# Runs every libFuzzer target of a fuzz build for a bounded time each, for CI.
#
#   fuzz/run-all.sh BUILD_DIR SECONDS
#
# Targets run FUZZ_JOBS at a time (default 2).
# BUILD_DIR is a build configured with -DSB_FUZZ=ON (see fuzz/README.md); every executable
# named *_fuzz in BUILD_DIR/fuzz/ runs for SECONDS with -max_total_time. Each target is
# seeded from fuzz/corpus/<name>/ when that exists (sip_message_fuzz also from the RFC 4475
# torture messages); seed directories are only read: new inputs go to a temporary working
# corpus, so nothing is ever written into the repository. Exits non-zero if any target
# crashes (or finds a leak, timeout or out-of-memory), after printing the offending input.
set -u

usage() {
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
}

[ "$#" -eq 2 ] || usage
build_dir=$1
seconds=$2
case "$seconds" in
  '' | *[!0-9]*) usage ;;
esac
[ "$seconds" -gt 0 ] || usage

repo=$(cd "$(dirname "$0")/.." && pwd)
testdata=${SB_TESTDATA:-$repo/../shared/testdata}
fuzz_bin_dir=$build_dir/fuzz

if [ ! -d "$fuzz_bin_dir" ]; then
  echo "run-all: $fuzz_bin_dir does not exist (configure with -DSB_FUZZ=ON, see fuzz/README.md)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sb-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Seed directories for a target: its own corpus folder, plus shared test data some
# targets are known to read.
seed_dirs() {
  seed_name=$1
  seed_stem=${seed_name%_fuzz}
  for dir in "$repo/fuzz/corpus/$seed_name" "$repo/fuzz/corpus/$seed_stem"; do
    [ -d "$dir" ] && printf '%s\n' "$dir"
  done
  if [ "$seed_name" = sip_message_fuzz ] && [ -d "$testdata/sip/rfc4475" ]; then
    printf '%s\n' "$testdata/sip/rfc4475"
  fi
}

# Runs one target; returns 0 when it finished its time without a finding.
run_target() {
  target=$1
  name=$(basename "$target")
  corpus=$work/$name/corpus
  artifacts=$work/$name/artifacts/
  mkdir -p "$corpus" "$artifacts"
  seeds=$(seed_dirs "$name")
  echo "=== $name: ${seconds}s, seeds: ${seeds:-none}"
  # The seed list is split on newlines only: word splitting is what passes each
  # directory as its own argument.
  old_ifs=$IFS
  IFS='
'
  # shellcheck disable=SC2086
  "$target" -max_total_time="$seconds" -max_len=4096 -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" $seeds \
    >"$work/$name/log" 2>&1
  status=$?
  IFS=$old_ifs
  tail -n 12 "$work/$name/log"
  found=$(find "$artifacts" -type f | head -n 20)
  if [ "$status" -eq 0 ] && [ -z "$found" ]; then
    echo "=== $name: ok"
    return 0
  fi
  echo "=== $name: FAILED (exit $status)"
  grep -E 'ERROR: |SUMMARY: |==[0-9]+==|runtime error' "$work/$name/log" | head -n 40
  for file in $found; do
    kept=${TMPDIR:-/tmp}/$name-$(basename "$file")
    cp "$file" "$kept"
    echo "crash input: $kept (replay: $target $kept)"
    od -c "$file" | head -n 20
  done
  return 1
}

targets=$(find "$fuzz_bin_dir" -maxdepth 1 -type f -name '*_fuzz' -perm -u+x | sort)
if [ -z "$targets" ]; then
  echo "run-all: no *_fuzz executables in $fuzz_bin_dir" >&2
  exit 2
fi

# The targets run in FUZZ_JOBS lanes at once (default 2, the CI machine's cores); each
# target's report is kept and printed whole, in order, once every lane is done.
jobs=${FUZZ_JOBS:-2}
case "$jobs" in
  '' | *[!0-9]* | 0) jobs=1 ;;
esac
lane=0
while [ "$lane" -lt "$jobs" ]; do
  (
    index=0
    for target in $targets; do
      if [ $((index % jobs)) -eq "$lane" ]; then
        name=$(basename "$target")
        mkdir -p "$work/$name"
        if run_target "$target" >"$work/$name/report" 2>&1; then
          echo ok >"$work/$name/result"
        else
          echo failed >"$work/$name/result"
        fi
      fi
      index=$((index + 1))
    done
  ) &
  lane=$((lane + 1))
done
wait

failed=0
passed=0
for target in $targets; do
  name=$(basename "$target")
  cat "$work/$name/report" 2>/dev/null
  if [ "$(cat "$work/$name/result" 2>/dev/null)" = ok ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
