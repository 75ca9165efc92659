#!/usr/bin/env bash
# Builds the managed plugin's folder for `docker plugin create`:
#   OUT/config.json   the repo's config.json
#   OUT/rootfs/       the published csnet at /csnet, plus every shared library it and libnftables
#                     load, copied from the host's Debian packages (each file is checked with
#                     dpkg -S and listed with its package and version in OUT/rootfs.manifest)
# Usage: rootfs-build/build.sh [OUT]        (default build/plugin)
# PUBLISH_MODE chooses how csnet is published; everything else follows from it:
#   aot        Native AOT: one self-contained native binary (links libc and libm only)
#   trimmed    self-contained, trimmed IL with the runtime's native libraries
#   framework  framework-dependent IL plus the .NET shared runtime of the SDK that builds it
# The default is in DEFAULT_MODE below, with the measurements that chose it in docs/managed-plugin.md.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

DEFAULT_MODE=aot
mode=${PUBLISH_MODE:-$DEFAULT_MODE}
out=$(realpath -m "${1:-build/plugin}")
config=${CONFIG:-Release}
rid=linux-x64
publish=$out/publish
rootfs=$out/rootfs

say() { echo "rootfs-build: $*"; }
case "$out" in
    /|"$repo"|"$HOME") echo "rootfs-build: refusing to build into $out (it is emptied first)" >&2; exit 2 ;;
esac

# Publish flags per mode. LiteDB's own trim/AOT summary warnings (IL2104, IL3053) stay warnings so
# the build does not stop on a third-party assembly: `csnet selftest` checks its behaviour on the
# published binary instead. Warnings in csnet's own code stay errors.
common=(-c "$config" -r "$rid" -nologo -v quiet -p:WarningsNotAsErrors=IL2104%3BIL3053 -p:DebugType=none
        -p:CsnetPublishMode="$mode" -p:CustomAfterMicrosoftCommonTargets="$repo/rootfs-build/Publish.targets")
case "$mode" in
    aot)       flags=(-p:PublishAot=true -p:StripSymbols=true) ;;
    # Trimming roots what Publish.targets lists. The JIT builds the minimal-API handlers at run
    # time, so the request delegate generator (which cannot intercept the handlers that take only
    # HttpContext) is off and its IL2026 is a warning.
    trimmed)   flags=(--self-contained -p:PublishTrimmed=true -p:TrimMode=full
                      -p:EnableRequestDelegateGenerator=false -p:WarningsNotAsErrors=IL2104%3BIL3053%3BIL2026) ;;
    framework) flags=(--self-contained false) ;;
    *) echo "rootfs-build: PUBLISH_MODE must be aot, trimmed or framework (got '$mode')" >&2; exit 2 ;;
esac

say "publishing csnet ($mode) to $publish"
rm -rf "$out"
mkdir -p "$publish" "$rootfs"
dotnet publish plugin/Csnet.Plugin.csproj "${common[@]}" "${flags[@]}" -o "$publish"

# The layout inside the plugin: /csnet is the entry point in every mode (config.json names it).
# The mount points of config.json and of the daemon (/run/docker/plugins, /etc/hosts and
# /etc/resolv.conf for network type host) exist in the image, as Docker's plugin docs ask.
for d in run/docker/plugins var/lib/csnet host/proc etc proc sys dev tmp; do
    mkdir -p "$rootfs/$d"
done
: > "$rootfs/etc/hosts"
: > "$rootfs/etc/resolv.conf"
if [ "$mode" = aot ]; then
    install -m 0755 "$publish/csnet" "$rootfs/csnet"
else
    mkdir -p "$rootfs/app"
    cp -a "$publish/." "$rootfs/app/"
    ln -s app/csnet "$rootfs/csnet"
fi
if [ "$mode" = framework ]; then
    # The apphost looks for the runtime in /usr/share/dotnet; only the two shared frameworks csnet uses.
    dotnet_root=$(dirname "$(realpath "$(command -v dotnet)")")
    mkdir -p "$rootfs/usr/share/dotnet/shared"
    cp -a "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
    for fw in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
        cp -a "$dotnet_root/shared/$fw" "$rootfs/usr/share/dotnet/shared/"
    done
fi

# Shared libraries: what every ELF file in the image needs (ldd resolves the whole closure), plus
# libnftables, which csnet loads with dlopen and ldd therefore cannot see.
# awk reads to the end: leaving early would kill ldconfig with SIGPIPE, which pipefail turns into
# a failed build (exit 141) whenever ldconfig had not written everything yet.
libnftables=$(ldconfig -p | awk '/libnftables\.so\.1 .*x86-64/ && !found { print $NF; found = 1 }')
[ -n "$libnftables" ] || { echo "rootfs-build: libnftables.so.1 not found; apt-get install libnftables1" >&2; exit 1; }
elves=$(find "$rootfs" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c 'head -c4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
# Libraries .NET ships next to the app are found there through $ORIGIN and are already in the image.
libs=$( { echo "$libnftables"; for f in $elves "$libnftables"; do ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^\s*\/lib/ { print $1 }'; done; } \
    | grep -v "^$rootfs/" | sort -u)

: > "$out/rootfs.manifest"
for lib in $libs; do
    real=$(realpath "$lib")
    # dpkg knows the path the package installed, which on merged-/usr Debian is often /lib/… for /usr/lib/….
    owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || true)
    [ -n "$owner" ] || { echo "rootfs-build: $lib belongs to no Debian package; refusing to copy it" >&2; exit 1; }
    package=${owner%%:*}
    package=${package%%,*}
    version=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null | head -1)
    # Keep the loader's path names (the binary asks for /lib64/ld-linux-x86-64.so.2 and sonames
    # under /lib/x86_64-linux-gnu); copy the file itself, not the symlink.
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
    printf '%s\t%s\t%s\n' "$lib" "$package" "$version" >> "$out/rootfs.manifest"
done
# ld.so finds the sonames through its default paths; /lib64 is where the ELF interpreter is named.
if [ ! -e "$rootfs/lib64/ld-linux-x86-64.so.2" ]; then
    mkdir -p "$rootfs/lib64"
    cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
fi

cp config.json "$out/config.json"
rm -rf "$publish"
size=$(du -sb "$rootfs" | cut -f1)
say "$mode rootfs: $((size / 1024 / 1024)) MiB ($size bytes), $(wc -l < "$out/rootfs.manifest") libraries from Debian packages (rootfs.manifest)"
echo "$mode $size" > "$out/rootfs.size"
