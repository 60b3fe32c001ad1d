#!/usr/bin/env bash
# The GUI test tier: Worldsmith in a real Blender window (Debian 13's Blender 4.3 on Xvfb, in a
# chroot built once by setup_chroot.sh), driven by tests/gui/drive.py. Screenshots and
# result.json land in ${WORLDSMITH_GUI_OUT:-out/gui}. Exit status: the driver's (0 = every step
# passed). Needs root and debootstrap; WORLDSMITH_GUI_TESTS=0 turns the tier off (it says so).
#
#   scripts/gui/run.sh                   # build the root if needed, then drive
#   WORLDSMITH_GUI_ROOT=/srv/gui scripts/gui/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
if [[ "${WORLDSMITH_GUI_TESTS:-1}" == "0" ]]; then
    echo "[gui] WORLDSMITH_GUI_TESTS=0: the GUI tier is OFF (not run, not passed)" >&2
    exit 0
fi
ROOT="${WORLDSMITH_GUI_ROOT:-/var/cache/worldsmith-gui/trixie}"
OUT="$(realpath -m "${WORLDSMITH_GUI_OUT:-out/gui}")"
PY="${PYTHON:-$REPO/.venv/bin/python}"
[[ -x "$PY" ]] || PY=python3
started=$(date +%s)
scripts/gui/setup_chroot.sh
# shellcheck source=scripts/gui/mounts.sh
source scripts/gui/mounts.sh

# One run at a time per root (the work folder and display below are per root).
exec 9>"$ROOT/.worldsmith-gui.lock"
flock 9
# A fresh work folder inside the root per run: the zip, the driver, an isolated user folder.
WORK=/opt/worldsmith-gui
rm -rf "$ROOT$WORK"
mkdir -p "$ROOT$WORK/user" "$ROOT$WORK/out" "$ROOT$WORK/home"
"$PY" scripts/build_extension.py --out "$ROOT$WORK/dist" >&2
ZIP=$(cd "$ROOT$WORK/dist" && ls worldsmith-*.zip | head -1)
cp tests/gui/drive.py tests/gui/gui_helpers.py "$ROOT$WORK/"

gui_mount "$ROOT"
cleanup() {
    # Only what this run started inside the root (Xvfb, and whatever a hung Blender left, such as
    # its backend): processes whose root directory is this chroot, by pid.
    for pid in $(cat "$ROOT$WORK/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    local root_real proc
    root_real=$(realpath "$ROOT")
    for proc in /proc/[0-9]*; do
        [[ "$(readlink "$proc/root" 2>/dev/null)" == "$root_real" ]] && kill "${proc#/proc/}" 2>/dev/null || true
    done
    gui_umount "$ROOT"
}
trap cleanup EXIT

cat > "$ROOT$WORK/inner.sh" <<INNER
#!/bin/bash
set -eu
export HOME=$WORK/home BLENDER_USER_RESOURCES=$WORK/user XDG_CACHE_HOME=$WORK/home/.cache
export LANG=C.UTF-8 WORLDSMITH_USER="GUI tier"
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >$WORK/out/xvfb.log 2>&1 &
echo \$! >> $WORK/pids
export DISPLAY=:77
for _ in \$(seq 100); do [ -e /tmp/.X11-unix/X77 ] && break; sleep 0.1; done
# No splash screen over the screenshots; then install and enable the extension (saves the prefs).
blender -b --python-expr "import bpy; bpy.context.preferences.view.show_splash = False; bpy.ops.wm.save_userpref()"
blender --command extension install-file -r user_default -e $WORK/dist/$ZIP
timeout 900 blender --window-geometry 0 0 1280 800 --python-exit-code 1 \
    --python $WORK/drive.py -- --out $WORK/out
INNER
chmod +x "$ROOT$WORK/inner.sh"
set +e
chroot "$ROOT" /bin/bash "$WORK/inner.sh"
rc=$?
set -e
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$ROOT$WORK/out/." "$OUT/"
echo "[gui] exit $rc in $(( $(date +%s) - started )) s; screenshots and result.json in $OUT" >&2
# One closing line in the plain form CI readers understand: steps passed and failed.
python3 - "$OUT/result.json" "$rc" <<'COUNT' || true
import json, sys
try:
    steps = json.load(open(sys.argv[1])).get("steps", [])
except (OSError, ValueError):
    steps = []
passed = sum(1 for s in steps if s.get("ok"))
failed = len(steps) - passed + (1 if sys.argv[2] != "0" and passed == len(steps) else 0)
print(f"gui: {passed} passed, {failed} failed")
COUNT
exit $rc
