"""Process lifecycle: crash recovery, parent watch, signals, an existing token file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.backend_harness import SLOW_SPEC, SMALL_SPEC, start_backend
from wslib import backend


def test_killed_backend_leaves_interrupted_job_and_restarts(tmp_path: Path) -> None:
    data, token_file = tmp_path / "data", tmp_path / "token"
    token_file.write_text("a-token-chosen-by-the-add-on\n", encoding="utf-8")
    first = start_backend(data, token_file)
    assert first.token == "a-token-chosen-by-the-add-on"  # an existing token is used as is
    job_id = first.submit(SLOW_SPEC)
    first.wait(job_id, ("running",))
    first.stop(signal.SIGKILL)

    second = start_backend(data, token_file)
    try:
        assert second.token == first.token
        job = second.request("GET", f"/v1/jobs/{job_id}").json()
        assert job["state"] == "failed"
        assert job["error"].startswith("interrupted")
        assert not list((data / "results").glob(".tmp-*"))
        fresh = second.submit(SMALL_SPEC)
        assert second.wait(fresh, ("done", "failed"))["state"] == "done"
        assert second.request("GET", f"/v1/jobs/{fresh}/result").body[:4] == b"glTF"
    finally:
        assert second.stop() == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_job_exits_cleanly(tmp_path: Path) -> None:
    server = start_backend(tmp_path / "data", tmp_path / "token")
    job_id = server.submit(SLOW_SPEC)
    server.wait(job_id, ("running",))
    started = time.monotonic()
    assert server.stop(signal.SIGTERM) == 0
    assert time.monotonic() - started < 8
    again = start_backend(tmp_path / "data", tmp_path / "token")
    try:
        job = again.request("GET", f"/v1/jobs/{job_id}").json()
        assert job["state"] == "failed" and job["error"].startswith("interrupted")
    finally:
        again.stop()


def test_exits_when_parent_process_is_gone(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        server = start_backend(tmp_path / "data", tmp_path / "token",
                               "--parent-pid", str(sleeper.pid))
        assert server.request("GET", "/v1/health").status == 200
        time.sleep(0.7)  # a few watch rounds with the parent alive: still serving
        assert server.proc.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()  # reaped, so the pid is really gone (not a zombie)
    try:
        assert server.proc.wait(timeout=5) == 0
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
        raise AssertionError("the backend outlived its parent")


def test_empty_token_file_gets_a_fresh_private_token(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("", encoding="utf-8")
    token_file.chmod(0o644)
    server = start_backend(tmp_path / "data", token_file)
    try:
        assert len(server.token) >= 32
        if sys.platform != "win32":
            assert token_file.stat().st_mode & 0o777 == 0o600
        assert server.request("GET", "/v1/health").status == 200
    finally:
        server.stop()


def test_port_in_use_fails_with_exit_code(tmp_path: Path) -> None:
    server = start_backend(tmp_path / "a", tmp_path / "token")
    try:
        proc = subprocess.run(
            backend.serve_command(tmp_path / "b", tmp_path / "token", port=server.port),
            capture_output=True, text=True, timeout=20)
        assert proc.returncode == 1
        assert proc.stdout == ""  # no ready line
        assert "cannot listen" in proc.stderr
    finally:
        server.stop()
