#!/usr/bin/env bash
# `make plugin`: (re)creates and enables the managed plugin from a folder rootfs-build/build.sh made,
# on the engine DOCKER_HOST names (the default socket when unset). An earlier plugin of the same
# name is disabled and removed first; its networks stay in the engine and in csnet.db, and the new
# plugin serves them (the state folder is a host bind mount).
# Usage: rootfs-build/install.sh DIR [NAME]
#   STATE_SOURCE   host folder for csnet.db (default /var/lib/csnet; created when missing, since
#                  Docker does not create a bind source)
#   PLUGIN_SETTINGS  extra `docker plugin set` arguments, e.g. "CSNET_LOG_LEVEL=debug"
set -euo pipefail
dir=${1:?usage: install.sh DIR [NAME]}
name=${2:-csnet}
state=${STATE_SOURCE:-/var/lib/csnet}
docker=${DOCKER:-docker}

[ -f "$dir/config.json" ] && [ -d "$dir/rootfs" ] || { echo "install: $dir has no config.json and rootfs/; run rootfs-build/build.sh first" >&2; exit 1; }

if $docker plugin inspect "$name" >/dev/null 2>&1; then
    echo "install: replacing plugin $name"
    $docker plugin disable -f "$name" >/dev/null 2>&1 || true
    $docker plugin rm -f "$name" >/dev/null
fi
mkdir -p "$state"
$docker plugin create "$name" "$dir" >/dev/null
settings=()
[ "$state" = /var/lib/csnet ] || settings+=("state.source=$state")
# shellcheck disable=SC2206 # word splitting of the settings list is intended
settings+=(${PLUGIN_SETTINGS:-})
[ ${#settings[@]} -eq 0 ] || $docker plugin set "$name" "${settings[@]}"
$docker plugin enable "$name"
echo "install: plugin $name enabled; use -d $($docker plugin inspect -f '{{.Name}}' "$name") --ipam-driver $($docker plugin inspect -f '{{.Name}}' "$name")"
