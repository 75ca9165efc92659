#!/usr/bin/env bash
# `make plugin-push`: pushes the plugin folder DIR to a registry as REF (host:port/csnet:TAG).
# Docker pushes only a plugin that carries the registry's name, so a second, disabled plugin
# named REF is created for the push and removed afterwards; an installed csnet is left alone.
# Usage: rootfs-build/push.sh DIR REF
set -euo pipefail
dir=${1:?usage: push.sh DIR REF}
ref=${2:?usage: push.sh DIR REF}
docker=${DOCKER:-docker}

case "$ref" in
    */*) ;;
    *) echo "push: $ref does not name a registry (host:port/csnet:TAG)" >&2; exit 2 ;;
esac
$docker plugin rm -f "$ref" >/dev/null 2>&1 || true
$docker plugin create "$ref" "$dir" >/dev/null
trap '$docker plugin rm -f "$ref" >/dev/null 2>&1 || true' EXIT
$docker plugin push "$ref"
echo "push: $ref pushed; install it with: docker plugin install --grant-all-permissions $ref"
