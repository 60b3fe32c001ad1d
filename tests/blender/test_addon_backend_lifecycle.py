"""The backend process from the add-on's side: lazy start, status, restart, stop, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.helpers.extension import EXTENSION_MODULE, mod
from tests.helpers.generation import counts


def _pid_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            state = next(line for line in f if line.startswith("State:"))
        return "zombie" not in state and " Z " not in state
    except (FileNotFoundError, StopIteration):
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def test_backend_starts_lazily_and_reports_ready(gen):
    api = mod("api")
    gen.client()  # what every job does first
    status = api.backend_status()
    assert status["state"] == "ready" and status["device"] in ("cpu", "cuda") and status["version"]
    assert gen.MANAGER.capabilities.get("generators") is not None
    proc = gen.MANAGER.process
    assert proc.alive and os.path.exists(proc.log_path)
    args = proc.proc.args
    assert args[args.index("--parent-pid") + 1] == str(os.getpid())


def test_a_dead_backend_is_restarted_once_and_the_user_is_told(gen):
    gen.client()
    old = gen.MANAGER.process.proc
    old.kill()
    old.wait(5)
    gen.client()
    assert gen.MANAGER.process.proc.pid != old.pid and gen.MANAGER.process.alive
    assert any("restarted" in n for n in gen.MANAGER.pop_notes())


def test_disabling_the_addon_stops_the_backend(gen):
    import bpy

    gen.client()
    proc = gen.MANAGER.process.proc
    bpy.ops.preferences.addon_disable(module=EXTENSION_MODULE)
    try:
        assert proc.poll() is not None, "unregister must stop the backend"
    finally:
        bpy.ops.preferences.addon_enable(module=EXTENSION_MODULE)


def test_wrong_interpreter_fails_clearly_and_changes_nothing(gen, fresh):
    import bpy

    prefs = bpy.context.preferences.addons[EXTENSION_MODULE].preferences
    api = mod("api")
    gen.MANAGER.stop()
    before = counts()
    prefs.python_path = "/nonexistent/python3"
    try:
        with pytest.raises(api.BackendUnavailable, match="interpreter"):
            api.generate("a well", texture_size=64)
        assert api.backend_status()["state"] == "failed"
        with pytest.raises(RuntimeError, match="interpreter"):  # an operator's ERROR report, headless
            bpy.ops.worldsmith.generate()
        assert counts() == before
        assert bpy.ops.worldsmith.backend_show_log() == {"FINISHED"}
        assert "starting" in bpy.data.texts["Worldsmith Backend Log"].as_string()
    finally:
        prefs.python_path = ""
    gen.client()
    assert api.backend_status()["state"] == "ready"


def test_unreachable_url_mode(gen, monkeypatch):
    api = mod("api")
    monkeypatch.setenv("WORLDSMITH_BACKEND_URL", "http://127.0.0.1:9")
    with pytest.raises(api.BackendUnavailable, match="did not answer"):
        gen.client()


@pytest.mark.slow
def test_killing_blender_leaves_no_orphan_backend(gen, backend_data_dir, tmp_path):
    script = textwrap.dedent(f"""
        import importlib, sys, time, bpy
        mod = {EXTENSION_MODULE!r}
        bpy.ops.preferences.addon_enable(module=mod)
        bpy.context.preferences.addons[mod].preferences.data_dir = {str(tmp_path)!r}
        settings = importlib.import_module(mod + ".scene.settings")
        settings.client()
        print("BACKEND-PID", settings.MANAGER.process.proc.pid, flush=True)
        time.sleep(120)
    """)
    blender = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=dict(os.environ))
    backend_pid = None
    deadline = time.monotonic() + 90
    output = []
    while time.monotonic() < deadline:
        line = blender.stdout.readline()
        if not line:
            break
        output.append(line)
        if line.startswith("BACKEND-PID"):
            backend_pid = int(line.split()[1])
            break
    try:
        assert backend_pid, "".join(output)
        assert _pid_running(backend_pid)
        os.kill(blender.pid, signal.SIGKILL)
        blender.wait(10)
        deadline = time.monotonic() + 5
        while _pid_running(backend_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _pid_running(backend_pid), "the backend outlived Blender by more than 5 s"
    finally:
        if blender.poll() is None:
            blender.kill()
        if backend_pid and _pid_running(backend_pid):
            os.kill(backend_pid, signal.SIGKILL)
