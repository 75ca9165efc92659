#!/usr/bin/env bash
# `make plugin-push`: pushes the plugin folder DIR to a registry as REF (host:port/csnet:TAG).
# Docker pushes only a plugin that carries the registry's name, so a second, disabled plugin
# named REF is created for the push and removed afterwards; an installed csnet is left alone.
# dockerd 20.10 refuses to create a plugin whose rootfs layer it already stores ("content
# sha256:… already exists"), so the pushed rootfs carries /etc/csnet-image naming REF, which also
# tells anyone looking into an installed plugin where it came from.
# Usage: rootfs-build/push.sh DIR REF
set -euo pipefail
dir=${1:?usage: push.sh DIR REF}
ref=${2:?usage: push.sh DIR REF}
docker=${DOCKER:-docker}

case "$ref" in
    */*) ;;
    *) echo "push: $ref does not name a registry (host:port/csnet:TAG)" >&2; exit 2 ;;
esac
stage=$(mktemp -d)
trap '$docker plugin rm -f "$ref" >/dev/null 2>&1 || true; rm -rf "$stage"' EXIT
cp -al "$dir/rootfs" "$stage/rootfs"
cp "$dir/config.json" "$stage/config.json"
rm -f "$stage/rootfs/etc/csnet-image"
printf '%s\n' "$ref" > "$stage/rootfs/etc/csnet-image"
$docker plugin rm -f "$ref" >/dev/null 2>&1 || true
$docker plugin create "$ref" "$stage" >/dev/null
$docker plugin push "$ref"
echo "push: $ref pushed; install it with: docker plugin install --grant-all-permissions $ref"
