"""Run Python in a fresh process with the bpy module, the way a TD's script or a batch run does.

Each process gets its own Blender user folder and backend data folder (never the test session's),
so what it installs and starts cannot leak into other tests, and it talks to its own backend.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]

# Prepended to scripts: install the zip into this process's isolated user folder, bind ``api``.
INSTALL_PREAMBLE = """\
import importlib, os, sys
sys.path.insert(0, {scripts!r})
import bpy
from wslib import blender
api = blender.installed_api(os.environ["WORLDSMITH_TEST_ZIP"])
""".format(scripts=str(ROOT / "scripts"))

# Appended to scripts: reaching the end is exit code 0. Under the bpy 4.2 module the process would
# otherwise die with SIGSEGV in Blender's teardown after the script succeeded (scripts/bpy_exit.py
# says why); elsewhere this is a plain sys.exit(0). A script that raises still exits non-zero.
EPILOGUE = """
import bpy_exit
bpy_exit.exit_process(0)
"""


def fresh_env(tmp: Path, zip_path: Path | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["BLENDER_USER_RESOURCES"] = str(tmp / "blender-user")
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    env["WORLDSMITH_BACKEND_DATA_DIR"] = str(tmp / "backend-data")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if zip_path is not None:
        env["WORLDSMITH_TEST_ZIP"] = str(zip_path)
    env.update(extra)
    return env


def run_python(args: list[str], env: dict[str, str], *, cwd: Path | None = None, timeout: float = 300,
               wrap: Callable[[list[str]], list[str]] = list) -> subprocess.CompletedProcess:
    """``python ARGS``; ``wrap`` may change the command line (e.g. permissions.unprivileged)."""
    return subprocess.run(wrap([sys.executable, *args]), capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=str(cwd or ROOT))


def run_script(code: str, env: dict[str, str], *, timeout: float = 300,
               wrap: Callable[[list[str]], list[str]] = list) -> subprocess.CompletedProcess:
    return run_python(["-c", INSTALL_PREAMBLE + code + EPILOGUE], env, timeout=timeout, wrap=wrap)


def result_lines(proc: subprocess.CompletedProcess, prefix: str = "RESULT ") -> list:
    """JSON values the script printed as ``RESULT <json>`` lines, in order."""
    return [json.loads(line[len(prefix):]) for line in proc.stdout.splitlines() if line.startswith(prefix)]


def explain(proc: subprocess.CompletedProcess, lines: int = 60) -> str:
    """The tail of a failed process's output, for assertion messages."""
    out = (proc.stdout + "\n--- stderr ---\n" + proc.stderr).splitlines()
    return f"exit code {proc.returncode}\n" + "\n".join(out[-lines:])
