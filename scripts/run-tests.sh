#!/usr/bin/env bash
# Runs the test tiers in order (unit, kernel, end-to-end) and closes with one line of counts
# summed over all of them: "make test: N passed, N failed, N skipped".
# Usage: run-tests.sh [unit|kernel|e2e ...]   (default: all tiers)
set -u
cd "$(dirname "$0")/.."
config=${CONFIG:-Release}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

declare -A tier=(
  [unit]="tests/Csnet.Common.Tests tests/Csnet.Plugin.Tests tests/Csnet.Ipam.Tests"
  [kernel]="tests/Csnet.Kernel.Tests"
  [e2e]="tests/Csnet.E2E.Tests"
)
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(unit kernel e2e)

status=0
for t in "${tiers[@]}"; do
  # An aborted earlier run may have left a dockerd or its rules behind.
  [ "$t" = e2e ] && bash tests/e2e/cleanup-stale.sh
  for project in ${tier[$t]}; do
    name=$(basename "$project")
    echo "=== $t: $name"
    dotnet test "$project" -c "$config" --no-build -nologo \
      --logger "trx;LogFileName=$results/$name.trx" \
      --logger "console;verbosity=normal" || status=1
  done
done

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  # A skipped test is counted in total but not in executed.
  skipped=$((skipped + $(get total) - $(get executed)))
done
# A project that could not run at all (crash, build missing) counts as a failure.
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
echo "make test: $passed passed, $failed failed, $skipped skipped"
exit $status
