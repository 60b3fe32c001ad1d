"""worldsmith.install_gpu_backend: run gpu_install in the extension's user folder.

Headless (``bpy.app.background``) the operator blocks until the install ends. In the UI it
runs the install on a worker thread (subprocesses only, no bpy) and a timer on the main thread
copies the progress into the preferences, shows the log in a Text datablock and, once done,
points the preferences' interpreter at the new venv. All bpy access is on the main thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

import bpy

from ..scene import settings
from ..service import gpu_install

LOG_TEXT = "Worldsmith GPU install log"
POLL_S = 0.5


class _State:
    thread: threading.Thread | None = None
    step = ""
    index = 0
    total = len(gpu_install.STEPS)
    result: gpu_install.InstallResult | None = None
    error: str = ""
    log_path: Path | None = None


STATE = _State()


def make_plan() -> gpu_install.InstallPlan:
    prefs = settings.preferences()
    root = Path(settings.user_folder())
    wheels = bpy.path.abspath(prefs.gpu_wheel_dir) if prefs and prefs.gpu_wheel_dir else ""
    return gpu_install.InstallPlan(
        venv_dir=root / "gpu-venv",
        backend_dir=Path(settings.EXTENSION_DIR),
        torch_index_url=(prefs.gpu_index_url if prefs and prefs.gpu_index_url else gpu_install.DEFAULT_TORCH_INDEX),
        find_links=Path(wheels) if wheels else None,
        require_cuda=bool(prefs.gpu_require_cuda) if prefs else True,
    )


def _on_progress(step: str, index: int, total: int) -> None:
    STATE.step, STATE.index, STATE.total = step, index, total


def _show_log() -> None:
    if STATE.log_path is None or not STATE.log_path.exists():
        return
    text = bpy.data.texts.get(LOG_TEXT) or bpy.data.texts.new(LOG_TEXT)
    text.from_string(STATE.log_path.read_text(encoding="utf-8", errors="replace")[-200_000:])


def _finish() -> str:
    """Main thread: apply the result to the preferences; returns the message to report."""
    _show_log()
    prefs = settings.preferences()
    if STATE.result is not None:
        if prefs is not None:
            prefs.python_path = str(STATE.result.python)
            prefs.gpu_install_status = "installed: " + ", ".join(
                f"{k} {v}" for k, v in STATE.result.versions.items() if k in ("torch", "diffusers", "cuda"))
        notes = "; ".join(STATE.result.warnings)
        return f"GPU backend installed; the backend now runs {STATE.result.python}" + (f" ({notes})" if notes else "")
    if prefs is not None:
        prefs.gpu_install_status = "failed: " + STATE.error
    return f"GPU backend install failed at {STATE.error}"


def _work(plan: gpu_install.InstallPlan) -> None:
    try:
        STATE.result = gpu_install.install(plan, _on_progress)
    except gpu_install.InstallError as exc:
        STATE.error = str(exc)
    except Exception as exc:  # a bug must still end the install visibly
        STATE.error = f"{type(exc).__name__}: {exc}"


def _poll() -> float | None:
    prefs = settings.preferences()
    if prefs is not None:
        prefs.gpu_install_status = f"step {STATE.index}/{STATE.total}: {STATE.step}"
    _show_log()
    if STATE.thread is not None and STATE.thread.is_alive():
        return POLL_S
    STATE.thread = None
    print("Worldsmith:", _finish())
    return None


class WORLDSMITH_OT_install_gpu_backend(bpy.types.Operator):
    """Create a Python environment with torch (CUDA) and diffusers for the Shap-E and Stable
    Diffusion generators, and use it for the backend"""

    bl_idname = "worldsmith.install_gpu_backend"
    bl_label = "Install GPU backend"
    bl_options = {"REGISTER"}

    def execute(self, context):
        if STATE.thread is not None and STATE.thread.is_alive():
            self.report({"WARNING"}, "the GPU backend install is already running")
            return {"CANCELLED"}
        plan = make_plan()
        STATE.result, STATE.error, STATE.log_path = None, "", plan.log_path
        if bpy.app.background:
            _work(plan)
            message = _finish()
            self.report({"INFO"} if STATE.result else {"ERROR"}, message)
            return {"FINISHED"} if STATE.result else {"CANCELLED"}
        STATE.thread = threading.Thread(target=_work, args=(plan,), name="worldsmith-gpu-install", daemon=True)
        STATE.thread.start()
        bpy.app.timers.register(_poll, first_interval=POLL_S)
        self.report({"INFO"}, f"installing the GPU backend; log in the Text editor ({LOG_TEXT})")
        return {"FINISHED"}


CLASSES = (WORLDSMITH_OT_install_gpu_backend,)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    if bpy.app.timers.is_registered(_poll):
        bpy.app.timers.unregister(_poll)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
