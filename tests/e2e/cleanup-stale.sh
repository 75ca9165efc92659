#!/bin/sh
# Undoes an E2E run whose test host died before the fixture's Dispose ran (killed testhost, Ctrl-C
# twice, CI timeout). Touches only what carries the suite's marks: temp roots /tmp/csnet-e2e-*,
# the processes started with them in their command line, dockerd-named links, the scenario's netns
# and veth; and puts back the host settings the fixture saved in <root>/host-before/.
# Safe to run when nothing is stale.
set -u

tmp=${TMPDIR:-/tmp}
found=0
for root in "$tmp"/csnet-e2e-*; do
    [ -d "$root" ] || continue
    found=1
    echo "cleanup-stale: $root"

    pids=$(grep -las -- "$root/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 | grep -vx "$$" || true)
    for pid in $pids; do
        [ -d /proc/$pid ] || continue
        echo "  SIGTERM $pid: $(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null | cut -c1-120)"
        kill -TERM "$pid" 2>/dev/null || true
    done
    i=0
    while [ $i -lt 30 ]; do
        alive=""
        for pid in $pids; do [ -d /proc/$pid ] && alive="$alive $pid"; done
        [ -z "$alive" ] && break
        sleep 1
        i=$((i + 1))
    done
    for pid in $pids; do
        [ -d /proc/$pid ] && { echo "  SIGKILL $pid"; kill -KILL "$pid" 2>/dev/null || true; }
    done

    awk -v r="$root/" 'index($5, r) == 1 { print length($5), $5 }' /proc/self/mountinfo | sort -rn | cut -d' ' -f2- |
        while read -r m; do umount -l "$m" && echo "  unmounted $m"; done

    before="$root/host-before"
    if [ -d "$before" ]; then
        for t in filter nat; do
            if [ -f "$before/iptables-$t.save" ]; then
                iptables-restore -T "$t" < "$before/iptables-$t.save" && echo "  restored iptables $t"
            elif ! grep -qx "ip $t" "$before/nft-tables" && nft list table ip "$t" >/dev/null 2>&1; then
                nft delete table ip "$t" && echo "  deleted table ip $t (made by the run)"
            fi
        done
        while read -r path value; do
            [ -n "$path" ] && [ -f "$path" ] && echo "$value" > "$path" && echo "  $path = $value"
        done < "$before/sysctls"
        for p in /run/docker/plugins/csnet.sock /run/docker/plugins /run/docker /run/containerd /etc/docker/key.json /etc/docker; do
            grep -qx "$p" "$before/existing-paths" 2>/dev/null && continue
            [ -e "$p" ] && rm -rf "$p" && echo "  removed $p"
        done
        for l in $(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
            grep -qx "$l" "$before/links" && continue
            case "$l" in
                docker0|br-????????????|veth???????|cse2e-*) ip link del "$l" 2>/dev/null && echo "  deleted link $l" ;;
                *) echo "  new link $l is not named like ours; left alone (other sessions make links too)" ;;
            esac
        done
    fi
    for ns in $(ip netns list | awk '{print $1}' | grep '^csnet-e2e'); do
        ip netns del "$ns" && echo "  deleted netns $ns"
    done
    rm -rf --one-file-system "$root" && echo "  removed $root"
done
[ $found -eq 0 ] && echo "cleanup-stale: nothing to do"
exit 0
