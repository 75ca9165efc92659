#!/bin/sh
# Runs the E2E suite the way CI does: packages present, nothing stale from an aborted run, then the
# tests with every scenario's output and skip reason on the console. Extra arguments go to dotnet test
# (e.g. --filter "FullyQualifiedName~Masquerade"). Needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

"$here/install-deps.sh"
"$here/cleanup-stale.sh"
cd "$repo"
exec timeout 900 dotnet test tests/Csnet.E2E.Tests --logger "console;verbosity=normal" "$@"
