"""scripts/bpy_exit.py: when a bpy process must end itself (the bpy 4.2 module), and that the exit
code survives. The crash itself is exercised by the Blender and e2e tests on 4.2 (fresh processes,
batch.py, examples), which assert exit codes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bpy_exit  # noqa: E402


def fake_bpy(version, binary_path=""):
    return {"bpy": SimpleNamespace(app=SimpleNamespace(version=version, binary_path=binary_path))}


@pytest.mark.parametrize("modules, expected", [
    ({}, False),                                          # no bpy: an ordinary Python process
    (fake_bpy((4, 2, 0)), True),                          # the 4.2 module
    (fake_bpy((4, 2, 14)), True),
    (fake_bpy((4, 2, 0), "/opt/blender/blender"), False),  # Blender itself owns its exit
    (fake_bpy((5, 0, 1)), False),
    (fake_bpy((4, 5, 0)), False),
])
def test_only_the_bpy_42_module_needs_a_hard_exit(modules, expected):
    assert bpy_exit.needs_hard_exit(modules) is expected


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (3, 3), ("bad input", 1)])
def test_exit_codes_read_like_sys_exit(code, status):
    assert bpy_exit.exit_code(code) == status


def _run(body: str) -> subprocess.CompletedProcess:
    script = textwrap.dedent(f"""
        import atexit, sys, types
        sys.path.insert(0, {str(ROOT / "scripts")!r})
        import bpy_exit
        sys.modules["bpy"] = types.SimpleNamespace(app=types.SimpleNamespace(version=(4, 2, 0), binary_path=""))
        atexit.register(lambda: print("atexit ran", flush=True))
    """) + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("body, status", [
    ("bpy_exit.run(lambda: 4)", 4),
    ("bpy_exit.run(lambda: None)", 0),
    ("def main():\n    raise SystemExit(2)\nbpy_exit.run(main)", 2),
    ("def main():\n    raise RuntimeError('boom')\nbpy_exit.run(main)", 1),
    ("bpy_exit.exit_process(0)", 0),
])
def test_a_hard_exit_keeps_the_code_and_runs_atexit_handlers(body, status):
    proc = _run(body)
    assert proc.returncode == status, proc.stderr
    assert "atexit ran" in proc.stdout
    assert ("RuntimeError: boom" in proc.stderr) == ("boom" in body)


def test_the_interpreter_exit_hook_uses_the_status_it_is_given():
    proc = _run("""
        bpy_exit.exit_at_interpreter_exit(lambda: 7)
        atexit.register(lambda: print("later handler ran", flush=True))
        print("done", flush=True)
    """)
    assert proc.returncode == 7 and "later handler ran" in proc.stdout, proc.stderr
