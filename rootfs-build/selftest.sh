#!/usr/bin/env bash
# Runs `csnet selftest` inside a built plugin rootfs, the way it will run in the plugin: the image's
# own binary and libraries only (chroot), with /proc, /dev and a scratch /tmp mounted in a private
# mount namespace that disappears with the command. Exit code: the self test's.
# Usage: rootfs-build/selftest.sh [DIR]     (default build/plugin; needs root)
set -euo pipefail
dir=$(realpath "${1:-build/plugin}")
rootfs=$dir/rootfs
[ -x "$rootfs/csnet" ] || { echo "selftest: $rootfs/csnet not found; run rootfs-build/build.sh first" >&2; exit 1; }
exec unshare --mount --propagation private --fork sh -c '
    rootfs=$1
    mount -t proc proc "$rootfs/proc"
    mount --rbind /dev "$rootfs/dev"
    mount -t tmpfs tmpfs "$rootfs/tmp"
    exec chroot "$rootfs" /csnet selftest --state-dir /tmp/selftest
' sh "$rootfs"
