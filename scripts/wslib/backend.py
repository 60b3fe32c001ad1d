"""Start the generation backend as its own process, the way the add-on does, and wait until it
listens: ``python -m worldsmith_backend serve --port 0 ...`` prints one JSON ready line.

Used by the benchmarks and by the backend tests (tests/backend/backend_harness.py). The backend
must be importable as ``worldsmith_backend`` by this interpreter; the process inherits the
environment.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

READY_TIMEOUT_S = 20.0


def serve_command(data_dir: str | os.PathLike, token_file: str | os.PathLike, *extra: str, port: int = 0,
                  device: str = "cpu") -> list[str]:
    """The command line of a backend on 127.0.0.1 (port 0: one the system picks)."""
    return [sys.executable, "-m", "worldsmith_backend", "serve", "--port", str(port), "--token-file",
            str(token_file), "--data-dir", str(data_dir), "--device", device, *extra]


class BackendProcess:
    """A started backend: its process, the ready line, the token, the rest of its stdout."""

    def __init__(self, proc: subprocess.Popen, ready: dict[str, Any], token_file: Path,
                 lines: "queue.Queue[str]") -> None:
        self.proc, self.ready, self.token_file, self.stdout_rest = proc, ready, token_file, lines
        self.port: int = ready["port"]
        self.token = token_file.read_text(encoding="utf-8").strip()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start(data_dir: str | os.PathLike, token_file: str | os.PathLike, *extra: str,
          stderr: int | IO[Any] = subprocess.DEVNULL, timeout: float = READY_TIMEOUT_S) -> BackendProcess:
    """Start a backend and wait for its ready line; TimeoutError if none comes, RuntimeError if it
    says it did not start (``{"ready": false, "error": ...}``, e.g. its data folder is in use);
    either way the process is gone."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(serve_command(data_dir, token_file, *extra), stdout=subprocess.PIPE, stderr=stderr,
                            text=True, env=dict(os.environ))
    lines: "queue.Queue[str]" = queue.Queue()

    def pump() -> None:  # a thread, so waiting for the ready line can time out portably
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        first = lines.get(timeout=timeout)
    except queue.Empty:
        proc.kill()
        proc.wait()
        raise TimeoutError(f"the backend printed no ready line in {timeout:g} s") from None
    ready = json.loads(first)
    if not ready.get("ready"):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"the backend did not start: {ready}")
    return BackendProcess(proc, ready, Path(token_file), lines)
