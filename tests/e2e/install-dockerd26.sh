#!/bin/sh
# Unpacks Debian 13 (trixie)'s dockerd 26.1 beside the system's Docker, for the E2E suite's second
# daemon version: the trixie docker.io, containerd and tini .debs, fetched with apt-get through a private,
# temporary apt configuration (the system's sources, lists and preferences are not touched) and
# unpacked with dpkg -x into $CSNET_DOCKERD26_DIR (default /opt/csnet-dockerd-26.1). Nothing is
# installed into the system: runc stays bookworm's /usr/sbin/runc, found on PATH.
#
# Prints the dockerd path (the only line on stdout; progress goes to stderr), so
#     CSNET_DOCKERD=$(tests/e2e/install-dockerd26.sh)
# works. Idempotent: does nothing but print the path when the unpack is complete. Needs root.
set -eu

dest=${CSNET_DOCKERD26_DIR:-/opt/csnet-dockerd-26.1}
suite=trixie
mirror=http://deb.debian.org/debian
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# tini: docker.io's docker-init is a symlink to its tini-static.
packages="docker.io containerd tini"
want=26.1
marker="$dest/.csnet-complete"
dockerd="$dest/usr/sbin/dockerd"

say() { echo "install-dockerd26: $*" >&2; }

complete() { [ -f "$marker" ] && [ -x "$dockerd" ] && [ -x "$dest/usr/bin/containerd" ]; }

if complete; then
    say "present in $dest ($(paste -sd' ' "$marker"))"
    echo "$dockerd"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    say "$dest is missing; run as root"
    exit 1
fi
for tool in apt-get dpkg-deb flock; do
    command -v "$tool" >/dev/null || { say "'$tool' not found"; exit 1; }
done
[ -f "$keyring" ] || { say "$keyring missing (package debian-archive-keyring)"; exit 1; }

# Two installs at once (two sessions, two checkouts) would unpack over each other.
mkdir -p "$(dirname "$dest")"
exec 9>"$dest.lock"
flock 9
if complete; then
    say "present in $dest (installed meanwhile)"
    echo "$dockerd"
    exit 0
fi

work=$(mktemp -d /tmp/csnet-dockerd26-apt.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sources.list.d" "$work/preferences.d" "$work/lists/partial" \
    "$work/cache/archives/partial" "$work/debs"
echo "deb [signed-by=$keyring] $mirror $suite main" > "$work/sources.list"
# apt's download user must be able to write where it downloads to.
chmod 755 "$work"
if id _apt >/dev/null 2>&1; then
    chown -R _apt "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
fi

# Only these settings differ from the system's apt: our own sources, lists, cache and (empty)
# preferences. The system's /etc/apt/apt.conf.d (a proxy, say) still applies.
apt_private() {
    apt-get -q \
        -o Dir::Etc::SourceList="$work/sources.list" \
        -o Dir::Etc::SourceParts="$work/sources.list.d" \
        -o Dir::Etc::Preferences="$work/preferences" \
        -o Dir::Etc::PreferencesParts="$work/preferences.d" \
        -o Dir::State::Lists="$work/lists" \
        -o Dir::Cache="$work/cache" \
        -o Dir::Cache::pkgcache="" -o Dir::Cache::srcpkgcache="" \
        -o APT::Get::List-Cleanup=false \
        -o Acquire::Languages=none \
        -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false \
        -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false \
        -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false \
        -o Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false \
        "$@"
}

say "fetching the $suite package lists into $work (system apt sources unchanged)"
apt_private update >&2
say "downloading $packages from $suite"
(cd "$work/debs" && apt_private download $packages >&2)

for p in $packages; do
    deb=$(ls "$work/debs/${p}"_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || { say "no .deb for $p was downloaded"; exit 1; }
done
version=$(dpkg-deb -f "$(ls "$work/debs"/docker.io_*.deb)" Version)
case "$version" in
    "$want".*) ;;
    *) say "$suite's docker.io is $version, not $want.x; $dest is meant for $want (set CSNET_DOCKERD26_DIR for another folder)"; exit 1 ;;
esac

staging="$dest.partial"
rm -rf "$staging"
mkdir -p "$staging"
for deb in "$work/debs"/*.deb; do
    say "unpacking $(basename "$deb")"
    dpkg -x "$deb" "$staging"
done
for f in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/docker-init; do
    [ -x "$staging/$f" ] || { say "$f missing from the unpack"; exit 1; }
done
for deb in "$work/debs"/*.deb; do
    dpkg-deb -W --showformat='${Package}=${Version}\n' "$deb"
done > "$staging/.csnet-complete"

rm -rf "$dest"
mv "$staging" "$dest"
say "installed into $dest: $(paste -sd' ' "$marker")"
say "$("$dockerd" --version 2>&1)"
echo "$dockerd"
