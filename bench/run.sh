#!/usr/bin/env bash
# make bench: csnet beside Docker's bridge driver on one isolated dockerd, the plugin over its
# socket, and the kernel's own limit; JSON and charts in docs/benchmarks/, the tables in docs/benchmarks.md.
# Env: BENCH_DOCKERD (another engine's dockerd, e.g. $(bash tests/e2e/install-dockerd26.sh)),
#      BENCH_ARGS (extra csnet-bench options, e.g. "--rounds 5 --parallel-rounds 2 --batch-rounds 1"),
#      BENCH_BINARY (the csnet to measure; make bench passes the managed plugin's AOT binary,
#      the default is the JIT build of `make build`).
set -eu
cd "$(dirname "$0")/.."
config=${CONFIG:-Release}
# The harness takes CSNET_DOCKERD when set (an empty value would name no binary at all).
if [ -n "${BENCH_DOCKERD:-}" ]; then export CSNET_DOCKERD=$BENCH_DOCKERD; fi
# Only one dockerd may run on this machine at a time; the test suites take the same lock.
exec 9>/tmp/csnet-dockerd.lock
flock 9
bash tests/e2e/cleanup-stale.sh
# shellcheck disable=SC2086
dotnet bench/Csnet.Bench/bin/$config/net10.0/csnet-bench.dll all \
  --binary "${BENCH_BINARY:-plugin/bin/$config/net10.0/csnet}" --out docs/benchmarks --page docs/benchmarks.md ${BENCH_ARGS:-}
