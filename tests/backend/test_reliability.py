"""Reliability tier (issue 18): replays what a careful attacker and a clumsy user did to a real
backend process. Every bad request is 4xx naming the field, the server stays healthy, records
and results are never corrupted. No speed targets: bounds are generous counts and deadlines."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.backend_harness import SLOW_SPEC, SMALL_SPEC, Backend, start_backend
from wslib import backend

POSIX = sys.platform != "win32"


def _healthy(backend: Backend) -> None:
    reply = backend.request("GET", "/v1/health")
    assert reply.status == 200, reply.body
    assert reply.json()["status"] == "ok"
    assert backend.proc.poll() is None


def _raw(backend: Backend, data: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes, half-close, and read the whole answer (b"" if the server said nothing)."""
    with socket.create_connection(("127.0.0.1", backend.port), timeout=timeout) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


# ---- 4 and 12: bad requests over HTTP --------------------------------------------------------

BAD_BODIES: list[tuple[str, bytes, str]] = [
    ("lone surrogate in prompt", b'{"prompt": "a well \\ud800"}', "prompt"),
    ("lone surrogate in keep id", b'{"prompt": "a", "keep": [{"asset_id": "\\udc00", "box": '
                                  b'{"min": [0, 0, 0], "max": [1, 1, 1]}}]}', "keep[0].asset_id"),
    ("491 levels deep", b'{"prompt": "a", "keep": ' + b"[" * 491 + b"]" * 491 + b"}", "keep"),
    ("900 levels deep in an object", b'{"prompt": "a", "asset_budget": '
                                     + b'{"a": ' * 900 + b"1" + b"}" * 900 + b"}", "asset_budget"),
    ("5000-digit seed", b'{"prompt": "a", "seed": ' + b"7" * 5000 + b"}", "seed"),
    ("zero-width prompt", '{"prompt": "\u200b"}'.encode(), "prompt"),
    ("zero-width texture prompt", '{"kind": "texture", "prompt": "\u200b\u2060"}'.encode(),
     "prompt"),
]


@pytest.mark.parametrize("raw,field", [(r, f) for _, r, f in BAD_BODIES],
                         ids=[c for c, _, _ in BAD_BODIES])
def test_bad_bodies_are_4xx_naming_the_field(backend: Backend, raw: bytes, field: str) -> None:
    reply = backend.request("POST", "/v1/jobs", raw=raw)
    assert 400 <= reply.status < 500, reply.body
    error = reply.json()["error"]
    assert error["field"] == field, error
    assert "Traceback" not in reply.body.decode("utf-8", "replace")
    assert "set_int_max_str_digits" not in error["message"]
    _healthy(backend)


def test_garbage_request_line_gets_a_status_line(backend: Backend) -> None:
    answer = _raw(backend, b"\x00\x01\x02 garbage\r\n\r\n")
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n")[0]
    _healthy(backend)


def test_http2_request_line_gets_505_with_a_status_line(backend: Backend) -> None:
    answer = _raw(backend, b"GET /v1/health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.split(b"\r\n")[0].startswith(b"HTTP/1.") and b" 505 " in answer[:20]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["field"] == "request"
    _healthy(backend)


def test_http09_request_is_answered_at_once(backend: Backend) -> None:
    # The old server waited for headers an HTTP/0.9 client never sends (30 s); a socket
    # timeout of 10 s here is generous for an answer that needs no waiting at all.
    with socket.create_connection(("127.0.0.1", backend.port), timeout=10) as sock:
        sock.sendall(b"GET /v1/health\r\n")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer[:20]
    _healthy(backend)


def test_options_without_token_is_405(backend: Backend) -> None:
    reply = backend.request("OPTIONS", "/v1/jobs", token=None)
    assert reply.status == 405
    assert reply.json()["error"]["field"] == "method"
    assert not any(h.lower().startswith("access-control") for h in reply.headers)
    assert backend.request("OPTIONS", "/v1/jobs", token="wrong").status == 405
    # Everything else still needs the token.
    assert backend.request("GET", "/v1/health", token=None).status == 401


# ---- 11: log injection ----------------------------------------------------------------------

def test_control_characters_are_escaped_in_the_log(backend: Backend) -> None:
    path = b"/v1/\x1b[2J\x1b[31mFAKE-ERROR\x1b[0m"
    answer = _raw(backend, b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            b"Connection: close\r\n\r\n")
    assert b" 401 " in answer.split(b"\r\n")[0]
    _healthy(backend)
    log = (backend.data_dir / "logs" / "backend.log").read_bytes()
    assert b"\x1b" not in log
    assert b"\\x1b[31mFAKE-ERROR" in log


# ---- 3: corrupt cache files -----------------------------------------------------------------

def _corrupt_flip(p: Path) -> None:
    data = bytearray(p.read_bytes())
    for i in range(100, 164):
        data[i] ^= 0x5A
    p.write_bytes(bytes(data))


@pytest.mark.parametrize("seed,corrupt", [
    (1001, _corrupt_flip),
    (1002, lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
    (1003, lambda p: p.write_bytes(b"")),
], ids=["flip-64-bytes", "truncate", "empty"])
def test_corrupt_result_is_never_served(backend: Backend, seed: int, corrupt: Any) -> None:
    spec = {**SMALL_SPEC, "seed": seed}
    job_id = backend.submit(spec)
    assert backend.wait(job_id, ("done", "failed"))["state"] == "done"
    good = backend.request("GET", f"/v1/jobs/{job_id}/result")
    files = [p for p in (backend.data_dir / "results").glob("*.glb")
             if p.read_bytes() == good.body]
    assert len(files) == 1
    corrupt(files[0])

    reply = backend.request("GET", f"/v1/jobs/{job_id}/result")
    assert reply.status == 410, (reply.status, reply.headers)
    assert reply.json()["error"]["field"] == "id"
    # Resubmitting regenerates the same bytes instead of answering from the bad file.
    again = backend.request("POST", "/v1/jobs", spec).json()
    assert again["cached"] is False
    assert backend.wait(again["id"], ("done", "failed"))["state"] == "done"
    fresh = backend.request("GET", f"/v1/jobs/{again['id']}/result")
    assert fresh.body == good.body and fresh.headers["ETag"] == good.headers["ETag"]
    _healthy(backend)


def test_restart_evicts_corrupt_results(tmp_path: Path) -> None:
    data, token = tmp_path / "data", tmp_path / "token"
    first = start_backend(data, token)
    try:
        job_id = first.submit(SMALL_SPEC)
        first.wait(job_id, ("done",))
    finally:
        assert first.stop() == 0
    (glb,) = (data / "results").glob("*.glb")
    _corrupt_flip(glb)
    second = start_backend(data, token)
    try:
        assert not glb.exists()
        assert second.request("GET", f"/v1/jobs/{job_id}/result").status == 410
        assert second.request("POST", "/v1/jobs", SMALL_SPEC).json()["cached"] is False
    finally:
        assert second.stop() == 0


# ---- 6: bounded queue -----------------------------------------------------------------------

def test_full_queue_answers_429_with_retry_after(tmp_path: Path) -> None:
    server = start_backend(tmp_path / "data", tmp_path / "token", "--max-queued", "2")
    try:
        replies = [server.request("POST", "/v1/jobs", {**SLOW_SPEC, "seed": seed})
                   for seed in range(12)]
        full = [r for r in replies if r.status == 429]
        accepted = [r for r in replies if r.status == 202]
        assert full and len(accepted) <= 2 + 2  # two CPU workers, two queued
        retry = full[0].headers["Retry-After"]
        assert retry.isdigit() and 1 <= int(retry) <= 60
        error = full[0].json()["error"]
        assert error["code"] == "queue_full" and error["field"] == "queue"
        assert error["retry_after_s"] == int(retry)
        for r in accepted:
            server.request("POST", f"/v1/jobs/{r.json()['id']}/cancel")
        _healthy(server)
    finally:
        assert server.stop() == 0


# ---- 7: many connections, slow clients -------------------------------------------------------

def test_200_simultaneous_health_requests_all_answer(backend: Backend) -> None:
    def one(_: int) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=30)
        try:
            conn.request("GET", "/v1/health",
                         headers={"Authorization": f"Bearer {backend.token}"})
            return conn.getresponse().status
        finally:
            conn.close()

    with concurrent.futures.ThreadPoolExecutor(200) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses.count(200) == 200
    _healthy(backend)


def test_slow_client_is_cut_off_by_a_total_deadline(tmp_path: Path) -> None:
    server = start_backend(tmp_path / "data", tmp_path / "token", "--request-timeout-s", "2")
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(b"GET /v1/health HTTP/1.1\r\n")
            closed = False
            for _ in range(60):  # one header byte every 0.5 s: each read is quick
                try:
                    sock.sendall(b"X")
                    sock.settimeout(0.5)
                    if sock.recv(1024) == b"":
                        closed = True
                        break
                except socket.timeout:
                    continue
                except OSError:
                    closed = True
                    break
                else:
                    closed = True  # an answer (408) also ends it
                    break
            assert closed, "a client dribbling one byte at a time held its connection for 30 s"
        _healthy(server)
    finally:
        assert server.stop() == 0


# ---- 8: data folder deleted while running ---------------------------------------------------

def test_deleted_data_folder_is_recreated(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = start_backend(data, tmp_path / "token")
    try:
        shutil.rmtree(data)
        _healthy(server)
        assert (data / "logs" / "backend.log").is_file()
        job_id = server.submit(SMALL_SPEC)
        job = server.wait(job_id, ("done", "failed"))
        assert job["state"] == "done", job
        assert server.request("GET", f"/v1/jobs/{job_id}/result").body[:4] == b"glTF"
        assert "recreated" in (data / "logs" / "backend.log").read_text(encoding="utf-8")
    finally:
        assert server.stop() == 0


def test_unrecreatable_data_folder_fails_health_loudly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = start_backend(data, tmp_path / "token")
    try:
        shutil.rmtree(data)
        data.write_text("a file where the data folder was")
        reply = server.request("GET", "/v1/health")
        assert reply.status == 503
        error = reply.json()["error"]
        assert error["code"] == "data_dir_unavailable" and error["field"] == "data_dir"
        assert str(data) in error["message"] and "see the backend log" not in error["message"]
        submit = server.request("POST", "/v1/jobs", SMALL_SPEC)
        assert submit.status == 503 and submit.json()["error"]["field"] == "data_dir"
        data.unlink()
        _healthy(server)  # recreated once it can be
    finally:
        assert server.stop() == 0


# ---- 9: one backend per data folder ----------------------------------------------------------

def test_second_backend_on_a_data_folder_leaves_the_first_alone(tmp_path: Path) -> None:
    data, token = tmp_path / "data", tmp_path / "token"
    first = start_backend(data, token)
    try:
        job_id = first.submit(SLOW_SPEC)
        first.wait(job_id, ("running",))
        # What a second Blender session does: write its own token, start serve.
        token.write_text("a-second-session-token-0123456789", encoding="utf-8")
        second = subprocess.run(backend.serve_command(data, token), capture_output=True, text=True, timeout=60)
        assert second.returncode == 3, second.stderr
        line = json.loads(second.stdout.splitlines()[0])
        assert line["ready"] is False and line["error"]["code"] == "data_dir_in_use"
        assert line["running"]["port"] == first.port
        assert line["running"]["pid"] == first.proc.pid
        job = first.request("GET", f"/v1/jobs/{job_id}").json()
        assert job["state"] == "running", job
        # The second session can use the running backend with the token it wrote.
        use = first.request("GET", "/v1/health", token="a-second-session-token-0123456789")
        assert use.status == 200
        assert first.request("GET", "/v1/health").status == 200  # the first still works
        first.request("POST", f"/v1/jobs/{job_id}/cancel")
        assert first.wait(job_id, ("cancelled", "done", "failed"))["state"] != "failed"
    finally:
        assert first.stop() == 0


def test_a_backend_that_took_over_a_deleted_data_folder_is_not_disturbed(tmp_path: Path) -> None:
    data, token = tmp_path / "data", tmp_path / "token"
    first = start_backend(data, token)
    try:
        shutil.rmtree(data)  # the lock file goes with it, so a second start gets the folder
        second = start_backend(data, token)
        try:
            job_id = second.submit(SLOW_SPEC)
            second.wait(job_id, ("running",))
            reply = first.request("GET", "/v1/health")
            assert reply.status == 503, reply.body
            error = reply.json()["error"]
            assert error["field"] == "data_dir" and f"pid {second.proc.pid}" in error["message"]
            assert second.request("GET", f"/v1/jobs/{job_id}").json()["state"] == "running"
            second.request("POST", f"/v1/jobs/{job_id}/cancel")
        finally:
            assert second.stop() == 0
    finally:
        assert first.stop() == 0


# ---- 10: file modes -------------------------------------------------------------------------

@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_data_folder_and_files_are_private(tmp_path: Path) -> None:
    data, token = tmp_path / "data", tmp_path / "data" / "token"
    data.mkdir()
    os.chmod(data, 0o755)
    token.write_text("an-existing-token-written-0644\n")
    os.chmod(token, 0o644)
    server = start_backend(data, token)
    try:
        job_id = server.submit(SMALL_SPEC)
        server.wait(job_id, ("done",))
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        assert stat.S_IMODE(token.stat().st_mode) == 0o600
        for p in [data / "jobs.sqlite3", data / "logs" / "backend.log",
                  *(data / "results").iterdir()]:
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        assert stat.S_IMODE((data / "results").stat().st_mode) == 0o700
    finally:
        assert server.stop() == 0


def test_unusable_token_file_stops_the_start_with_a_clear_message(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("abc")
    proc = subprocess.run(backend.serve_command(tmp_path / "data", token), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "at least 16" in proc.stderr and "Traceback" not in proc.stderr
