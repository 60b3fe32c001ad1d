"""Permission checks that mean the same when the tests run as root.

Root ignores file modes (``chmod 0`` still reads, ``chmod 0o500`` still writes), so a test that
only changed modes would prove nothing there. Instead:

- ``run_unprivileged(code)`` runs a check in a Python process that file modes bind: as root, one
  without the capabilities that override them (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``,
  dropped with util-linux ``setpriv``), so a mode-0 file is unreadable to it as to any user;
- ``read_only_folder(path)`` makes a folder refuse new files: mode 0o500, and for root a read-only
  bind mount of the folder onto itself, so the kernel refuses writes (EROFS) as it would for a
  user without write permission.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
FILE_MODE_OVERRIDES = "-dac_override,-dac_read_search"


def run_unprivileged(code: str, *, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -c code`` in a process that file modes bind, with the checkout and scripts/ importable."""
    drop = ["setpriv", "--bounding-set", FILE_MODE_OVERRIDES, "--inh-caps", FILE_MODE_OVERRIDES] \
        if os.geteuid() == 0 else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]))
    return subprocess.run([*drop, sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=timeout)


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """``path`` (a folder, made if missing) refuses new files while the block runs."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o500)
    mounted = False
    try:
        if os.access(path, os.W_OK):  # root: modes do not stop it, a read-only mount does
            done = subprocess.run(["mount", "--bind", "-o", "ro", str(path), str(path)], capture_output=True,
                                  text=True)
            assert done.returncode == 0, (f"running as root, and a read-only bind mount of {path} failed "
                                          f"({done.stderr.strip()}): run as a user, or with CAP_SYS_ADMIN")
            mounted = True
        assert not os.access(path, os.W_OK), f"{path} is still writable"
        yield path
    finally:
        if mounted:
            subprocess.run(["umount", str(path)], check=True)
        path.chmod(0o700)
