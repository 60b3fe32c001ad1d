# Sourced by scripts/test and scripts/demo: create or reuse a virtual environment with everything
# Worldsmith needs, on a fresh Linux machine with Python 3.11.
#   ws_setup [BPY_VERSION]   -> sets VENV and PY
# Re-running is cheap: a stamp file records what was installed and pip runs only when it changed.

ws_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

ws_log() { echo "[setup] $*" >&2; }

ws_find_python() {
  for candidate in "${WORLDSMITH_PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Worldsmith needs Python 3.11 (the bpy wheels are built for it); set WORLDSMITH_PYTHON" >&2
  return 1
}

# bpy links a few X11/GL libraries even headless. Install them only when one is missing.
ws_debian_libs() {
  local py=$1 err
  err=$("$py" -c 'import bpy' 2>&1 >/dev/null) && return 0
  if echo "$err" | grep -q "cannot open shared object file"; then
    ws_log "bpy cannot load a system library ($(echo "$err" | grep -o 'lib[^:]*\.so[^:]*' | head -1));"
    ws_log "installing Debian packages with apt-get: libxrender1 libxxf86vm1 libxfixes3 libxi6 libxkbcommon0 libsm6 libgl1 libegl1"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq libxrender1 libxxf86vm1 libxfixes3 \
      libxi6 libxkbcommon0 libsm6 libgl1 libegl1 >/dev/null
    "$py" -c 'import bpy' || { ws_log "bpy still fails to import: $err"; return 1; }
  else
    ws_log "bpy fails to import: $err"; return 1
  fi
}

# The round-trip tests (tests/roundtrip) read FBX back with assimp, a reader nobody here wrote; its
# command-line tool comes from Debian. Install it only when missing.
ws_debian_assimp() {
  command -v assimp >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { ws_log "assimp is missing (FBX round-trip tests need it): install assimp-utils"; return 1; }
  ws_log "installing Debian package with apt-get: assimp-utils (FBX reader for the round-trip tests)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq assimp-utils >/dev/null
}

# The diffusion stack (Shap-E / Stable Diffusion generators; their tests use tiny local models).
# torch goes first and alone: `torch==2.13.0` resolves to the local CPU wheel, and the pins in
# a constraints file keep diffusers/transformers from pulling another torch or numpy 2 (bpy needs
# numpy<2). Its own stamp, so a pyproject change does not reinstall torch.
# WORLDSMITH_SKIP_DIFFUSION=1 skips it (those tests then skip with a reason).
WS_DIFFUSION_PINS="torch==2.13.0 diffusers==0.42.1 transformers==5.23.0 accelerate==1.15.0 safetensors==0.8.0 xatlas==0.0.11"
ws_diffusion() {
  local py=$1 stamp want constraints
  [ "${WORLDSMITH_SKIP_DIFFUSION:-0}" = 1 ] && return 0
  stamp="$(dirname "$(dirname "$py")")/.worldsmith-diffusion-stamp"
  want="$WS_DIFFUSION_PINS numpy<2"
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  ws_log "installing the diffusion stack (torch 2.13.0 CPU, diffusers, transformers) into $(dirname "$(dirname "$py")")"
  constraints=$(mktemp)
  printf 'torch==2.13.0\nnumpy<2\n' > "$constraints"
  "$py" -m pip install -q "torch==2.13.0" || { rm -f "$constraints"; return 1; }
  # shellcheck disable=SC2086
  "$py" -m pip install -q -c "$constraints" $WS_DIFFUSION_PINS || { rm -f "$constraints"; return 1; }
  rm -f "$constraints"
  echo "$want" > "$stamp"
}

ws_setup() {
  local bpy_version=${1:-5.0.1} base
  base=$(ws_find_python) || return 1
  if [ "$bpy_version" = "5.0.1" ]; then VENV="$ws_root/.venv"; else VENV="$ws_root/.venv-bpy-$bpy_version"; fi
  PY="$VENV/bin/python"
  if [ ! -x "$PY" ]; then
    ws_log "creating $VENV"
    "$base" -m venv "$VENV"
  fi
  local stamp="$VENV/.worldsmith-stamp" want
  want="bpy==$bpy_version $(cat "$ws_root/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    ws_log "installing bpy==$bpy_version, the backend and test tools into $VENV (bpy is a ~370 MB download the first time)"
    "$PY" -m pip install -q --upgrade pip >/dev/null
    "$PY" -m pip install -q "bpy==$bpy_version" "numpy<2" -e "$ws_root[dev]" || return 1
    echo "$want" > "$stamp"
  fi
  ws_diffusion "$PY" || return 1
  ws_debian_libs "$PY" || return 1
  ws_debian_assimp || return 1
  if [ -f "$ws_root/package.json" ]; then
    if [ ! -d "$ws_root/node_modules/gltf-validator" ]; then
      command -v npm >/dev/null || { ws_log "npm is needed for the Khronos glTF-Validator (apt-get install nodejs npm)"; return 1; }
      ws_log "installing the Khronos glTF-Validator with npm"
      (cd "$ws_root" && npm install --no-audit --no-fund --silent) || return 1
    fi
  fi
  export BLENDER_USER_RESOURCES="${BLENDER_USER_RESOURCES:-$(mktemp -d -t worldsmith-blender-XXXXXX)}"
  export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$BLENDER_USER_RESOURCES/cache}"
}
