# Bind mounts for the GUI root (sourced by setup_chroot.sh and run.sh). Idempotent.
gui_mount() {
    local root="$1" d
    for d in proc sys dev; do
        mkdir -p "$root/$d"
        mountpoint -q "$root/$d" || mount --bind "/$d" "$root/$d"
    done
}
gui_umount() {
    local root="$1" d
    for d in dev sys proc; do
        mountpoint -q "$root/$d" && umount -l "$root/$d" || true
    done
}
