#!/bin/sh
# Installs what the E2E suite needs on a Debian/Ubuntu host, and nothing when it is all there.
# Idempotent: apt-get update runs at most once, and only when a package is missing.
set -eu

packages="docker.io nftables iproute2 busybox-static iptables libnftables1 docker-registry curl python3-prometheus-client"

missing=""
for p in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "install-deps: all present ($packages)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing:$missing; run as root" >&2
    exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y --no-install-recommends $missing
