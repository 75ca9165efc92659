#!/usr/bin/env bash
# Start-up and memory of a built plugin rootfs, for docs/managed-plugin.md (not a test: it prints
# figures and asserts nothing). csnet runs chrooted in its own rootfs, in a throwaway network and
# mount namespace, so it touches neither the host's links nor its nftables.
#   ready_ms   exec of /csnet -> first answered /Plugin.Activate (polled every 5 ms)
#   idle_rss   VmRSS after 5 s idle; busy_rss after CYCLES endpoint create/delete cycles
# Usage: rootfs-build/measure.sh [DIR] [CYCLES]   (default build/plugin, 200; needs root and curl)
set -euo pipefail
dir=$(realpath "${1:-build/plugin}")
cycles=${2:-200}
[ -x "$dir/rootfs/csnet" ] || { echo "measure: $dir/rootfs/csnet not found" >&2; exit 1; }
exec unshare --net --mount --propagation private --fork bash -c '
    set -eu
    rootfs=$1/rootfs cycles=$2
    mount -t proc proc "$rootfs/proc"
    mount -t proc proc "$rootfs/host/proc"
    mount --rbind /dev "$rootfs/dev"
    mount -t tmpfs tmpfs "$rootfs/tmp"
    mount -t tmpfs tmpfs "$rootfs/var/lib/csnet"
    ip link set lo up
    sock=$rootfs/tmp/csnet.sock
    call() { curl -s --max-time 2 --unix-socket "$sock" -X POST ${2:+-d "$2"} "http://plugin/$1"; }
    start=$(date +%s%N)
    CSNET_HOST_PROC=/host/proc chroot "$rootfs" /csnet --socket /tmp/csnet.sock --state-dir /var/lib/csnet 2> "$rootfs/tmp/csnet.log" &
    pid=$!
    for _ in $(seq 1 2000); do
        call Plugin.Activate 2>/dev/null | grep -q NetworkDriver && break
        sleep 0.005
    done
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep 5
    idle=$(awk "/VmRSS/ { print \$2 }" /proc/$pid/status)
    call IpamDriver.RequestPool "{\"AddressSpace\":\"LocalDefault\",\"Pool\":\"10.251.0.0/16\"}" > /dev/null
    call NetworkDriver.CreateNetwork "{\"NetworkID\":\"measure\",\"Options\":{\"com.docker.network.generic\":{}},\"IPv4Data\":[{\"AddressSpace\":\"LocalDefault\",\"Pool\":\"10.251.0.0/16\",\"Gateway\":\"10.251.0.1/16\"}]}" > /dev/null
    for i in $(seq 1 "$cycles"); do
        addr=$(call IpamDriver.RequestAddress "{\"PoolID\":\"LocalDefault/10.251.0.0/16\"}" | sed -n "s/.*\"Address\":\"\([^\"]*\)\".*/\1/p")
        call NetworkDriver.CreateEndpoint "{\"NetworkID\":\"measure\",\"EndpointID\":\"ep$i\",\"Interface\":{\"Address\":\"$addr\"}}" > /dev/null
        call NetworkDriver.DeleteEndpoint "{\"NetworkID\":\"measure\",\"EndpointID\":\"ep$i\"}" > /dev/null
        call IpamDriver.ReleaseAddress "{\"PoolID\":\"LocalDefault/10.251.0.0/16\",\"Address\":\"${addr%/*}\"}" > /dev/null
    done
    busy=$(awk "/VmRSS/ { print \$2 }" /proc/$pid/status)
    kill $pid; wait $pid || true
    errors=$(grep -c " fail: " "$rootfs/tmp/csnet.log" || true)
    echo "ready_ms=$ready idle_rss_kib=$idle busy_rss_kib=$busy cycles=$cycles plugin_failures_logged=$errors"
' bash "$dir" "$cycles"
