"""Run the backend as a real process on an ephemeral port, and talk to it with urllib.

The backend must be importable as ``worldsmith_backend`` in this interpreter (installed, or a
folder on PYTHONPATH that holds it); the server process inherits the environment.
"""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wslib import backend


READY_TIMEOUT_S = backend.READY_TIMEOUT_S

# Small enough to finish in well under a second, so tests stay fast.
SMALL_SPEC: dict[str, Any] = {
    "prompt": "a small courtyard with a well",
    "seed": 7,
    "max_assets": 3,
    "asset_budget": {"texture_size": 64, "max_triangles": 2000},
}
# Runs for seconds in a fresh backend (about 12 texture sets at 1024 px), and reaches a
# check_cancel() at least every texture set, so cancel and shutdown are prompt. Texture sets are
# cached inside the backend process: use it with the `fresh_backend` fixture.
SLOW_SPEC: dict[str, Any] = {
    "prompt": "a huge forest with many trees, rocks, torches and lamps",
    "seed": 1,
    "max_assets": 1000,
    "asset_budget": {"texture_size": 1024, "max_triangles": 2_000_000},
}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Backend:
    """A running backend process and a small client for it."""

    proc: subprocess.Popen
    port: int
    token: str
    data_dir: Path
    token_file: Path
    ready: dict[str, Any]
    stdout_rest: "queue.Queue[str]" = field(default_factory=queue.Queue)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
                token: str | None = "default", headers: dict[str, str] | None = None,
                timeout: float = 10.0) -> Reply:
        data = raw if raw is not None else (
            None if body is None else json.dumps(body).encode("utf-8"))
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token is not None:
            req.add_header("Authorization", f"Bearer {self.token if token == 'default' else token}")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return Reply(resp.status, dict(resp.headers), resp.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, dict(err.headers), err.read())

    def submit(self, spec: dict[str, Any]) -> str:
        reply = self.request("POST", "/v1/jobs", spec)
        assert reply.status == 202, reply.body
        return reply.json()["id"]

    def wait(self, job_id: str, states: tuple[str, ...], timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            job = self.request("GET", f"/v1/jobs/{job_id}").json()
            if job["state"] in states:
                return job
            if time.monotonic() > deadline:
                raise AssertionError(f"job never reached {states}: {job}")
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


def start_backend(data_dir: Path, token_file: Path, *extra: str) -> Backend:
    """Start ``python -m worldsmith_backend serve`` and wait for its ready line."""
    data_dir.mkdir(parents=True, exist_ok=True)
    err_path = data_dir.parent / f"{data_dir.name}.stderr"
    with open(err_path, "ab") as stderr:
        try:
            started = backend.start(data_dir, token_file, *extra, stderr=stderr, timeout=READY_TIMEOUT_S)
        except TimeoutError as exc:
            raise AssertionError(f"{exc}: {err_path.read_text(errors='replace')}") from None
    return Backend(started.proc, started.port, started.token, data_dir, token_file, started.ready,
                   started.stdout_rest)
