#!/usr/bin/env bash
# Build (once) and cache the GUI test tier's Debian 13 (trixie) root: Blender from Debian, Xvfb,
# xdotool, ImageMagick, numpy. Everything is installed INSIDE the root; the host only needs
# debootstrap and root. Re-running is a no-op once the root is complete (marker file).
#
#   WORLDSMITH_GUI_ROOT   where the root lives (default /var/cache/worldsmith-gui/trixie)
set -euo pipefail
ROOT="${WORLDSMITH_GUI_ROOT:-/var/cache/worldsmith-gui/trixie}"
PACKAGES="blender xvfb xdotool imagemagick python3-numpy"
MARKER="$ROOT/.worldsmith-gui-ready"

if [[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$PACKAGES" ]]; then
    echo "gui root: cached at $ROOT" >&2
    exit 0
fi
if [[ $EUID -ne 0 ]]; then
    echo "gui root: building $ROOT needs root (or set WORLDSMITH_GUI_TESTS=0)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || {
    echo "gui root: debootstrap is not installed (apt-get install debootstrap)" >&2
    exit 2
}
mkdir -p "$ROOT"
if [[ ! -x "$ROOT/usr/bin/apt-get" ]] || [[ ! -f "$ROOT/.debootstrap-done" ]]; then
    echo "gui root: debootstrap trixie into $ROOT" >&2
    debootstrap --variant=minbase trixie "$ROOT"
    touch "$ROOT/.debootstrap-done"
fi
# shellcheck source=scripts/gui/mounts.sh
source "$(dirname "$0")/mounts.sh"
gui_mount "$ROOT"
trap 'gui_umount "$ROOT"' EXIT
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
echo "gui root: apt-get install $PACKAGES" >&2
chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get update -q
chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends $PACKAGES
chroot "$ROOT" apt-get clean
echo "$PACKAGES" > "$MARKER"
echo "gui root: ready at $ROOT" >&2
