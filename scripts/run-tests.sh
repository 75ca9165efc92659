#!/usr/bin/env bash
# Runs the test tiers in order (unit, kernel, end-to-end) and closes with one line of counts
# summed over all of them: "make test: N passed, N failed, N skipped".
# The e2e tier runs once per daemon in E2E_DAEMONS (default "default 26.1"): "default" is the
# dockerd on PATH (or CSNET_DOCKERD), i.e. Debian 12's 20.10; "26.1" is Debian 13's, unpacked by
# tests/e2e/install-dockerd26.sh (run here, a no-op when present). Each run has its own trx file
# and log folder (.e2e/dockerd-<name>/).
# Usage: run-tests.sh [unit|kernel|e2e ...]   (default: all tiers)
# Env: CONFIG (Release), E2E_DAEMONS, TEST_RESULTS (keep the trx files there; default a temp dir).
set -u
cd "$(dirname "$0")/.."
config=${CONFIG:-Release}
if [ -n "${TEST_RESULTS:-}" ]; then
  results=$TEST_RESULTS
  mkdir -p "$results"
  rm -f "$results"/*.trx
else
  results=$(mktemp -d)
  trap 'rm -rf "$results"' EXIT
fi
e2e_daemons=${E2E_DAEMONS:-default 26.1}

declare -A tier=(
  [unit]="tests/Csnet.Common.Tests tests/Csnet.Plugin.Tests tests/Csnet.Ipam.Tests"
  [kernel]="tests/Csnet.Kernel.Tests"
  [e2e]="tests/Csnet.E2E.Tests"
)
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(unit kernel e2e)

status=0
not_run=0

# One project's tests; extra "VAR=value" arguments go into its environment.
run_project() {
  local project=$1 trx=$2
  shift 2
  env "$@" dotnet test "$project" -c "$config" --no-build -nologo \
    --logger "trx;LogFileName=$results/$trx.trx" \
    --logger "console;verbosity=normal" || status=1
}

run_e2e() {
  local project=$1 name daemon dockerd start
  name=$(basename "$project")
  for daemon in $e2e_daemons; do
    case "$daemon" in
      default) dockerd=${CSNET_DOCKERD:-} ;;
      26.1)
        if ! dockerd=$(bash tests/e2e/install-dockerd26.sh); then
          echo "=== e2e: $name on dockerd 26.1: cannot install it (tests/e2e/install-dockerd26.sh failed)"
          status=1 not_run=$((not_run + 1))
          continue
        fi ;;
      *) echo "=== e2e: unknown daemon '$daemon' in E2E_DAEMONS (default, 26.1)"; status=1 not_run=$((not_run + 1)); continue ;;
    esac
    # An aborted earlier run may have left a dockerd or its rules behind.
    bash tests/e2e/cleanup-stale.sh
    echo "=== e2e: $name on dockerd $daemon${dockerd:+ ($dockerd)}"
    start=$(date +%s)
    run_project "$project" "$name.dockerd-$daemon" \
      ${dockerd:+CSNET_DOCKERD=$dockerd} CSNET_E2E_LOGS="$PWD/.e2e/dockerd-$daemon"
    echo "=== e2e: $name on dockerd $daemon took $(( $(date +%s) - start )) s"
  done
}

for t in "${tiers[@]}"; do
  for project in ${tier[$t]}; do
    if [ "$t" = e2e ]; then
      run_e2e "$project"
      continue
    fi
    name=$(basename "$project")
    echo "=== $t: $name"
    run_project "$project" "$name"
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
# A daemon that could not be installed counts as one failure, and so does a project that could not
# run at all (crash, build missing).
failed=$((failed + not_run))
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
echo "make test: $passed passed, $failed failed, $skipped skipped"
exit $status
