"""Permission checks that mean the same when the tests run as root.

Root ignores file modes (``chmod 0`` still reads, ``chmod 0o500`` still writes), so a test that
only changed modes would prove nothing there. Such checks run in a process that file modes bind:
as root, one started without the capabilities that override them (``CAP_DAC_OVERRIDE`` and
``CAP_DAC_READ_SEARCH``, dropped with util-linux ``setpriv``), so a mode-0 file is unreadable and a
0o500 folder unwritable to it, as to any user; as a user, the process as it is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE_MODE_OVERRIDES = "-dac_override,-dac_read_search"


def unprivileged(command: list[str]) -> list[str]:
    """``command`` such that file modes bind it (prefixed with setpriv when running as root)."""
    if os.geteuid() != 0:
        return list(command)
    return ["setpriv", "--bounding-set", FILE_MODE_OVERRIDES, "--inh-caps", FILE_MODE_OVERRIDES, *command]


def run_unprivileged(code: str, *, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -c code`` in a process file modes bind, with the checkout and scripts/ importable."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]))
    return subprocess.run(unprivileged([sys.executable, "-c", code]), capture_output=True, text=True, env=env,
                          timeout=timeout)
