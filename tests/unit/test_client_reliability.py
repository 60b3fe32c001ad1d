"""The add-on's side of the backend's reliability rules (issue 18): results are checked against
their ETag, a lost result (410) is made again, a full queue (429) is waited out, and a dead
backend is reported at once. Fake backends on loopback; no bpy, no generator."""

from __future__ import annotations

import hashlib

import pytest

from addon.core.errors import BackendBusy, JobCancelled, ResultUnavailable
from addon.service import jobs
from addon.service.client import BackendClient
from addon.service.process import BackendManager
from tests.helpers import fake_backend

JOB = "b" * 32


@pytest.fixture
def backend():
    for server in fake_backend.serve():
        server.client = BackendClient(server.url, fake_backend.TOKEN, timeout_s=2)
        server.script = server.routes  # answers in order: (status, headers, body)
        yield server


def etag(data: bytes) -> dict:
    return {"ETag": f'"{hashlib.sha256(data).hexdigest()}"'}


def test_a_result_whose_bytes_do_not_match_its_etag_is_fetched_again(backend):
    good = b"glTF good bytes"
    backend.script[("GET", f"/v1/jobs/{JOB}/result")] = [(200, etag(good), b"glTF g00d bytes"), (200, etag(good), good)]
    assert backend.client.result(JOB) == good
    assert backend.calls.count(("GET", f"/v1/jobs/{JOB}/result")) == 2


def test_a_result_damaged_twice_is_refused(backend):
    backend.script[("GET", f"/v1/jobs/{JOB}/result")] = [(200, etag(b"right"), b"wrong")]
    with pytest.raises(ResultUnavailable, match="damaged"):
        backend.client.result(JOB)


def test_a_lost_result_is_made_again_from_the_same_request(backend):
    other = "c" * 32
    good = b"glTF rebuilt"
    backend.script.update({
        ("GET", f"/v1/jobs/{JOB}/result"): [(410, {}, {"error": {"code": "result_evicted", "message": "gone"}})],
        ("POST", "/v1/jobs"): [(202, {}, {"id": other, "state": "queued", "cached": False})],
        ("GET", f"/v1/jobs/{other}"): [(200, {}, {"state": "done", "step": 1, "total": 1})],
        ("GET", f"/v1/jobs/{other}/result"): [(200, etag(good), good)],
    })
    run = jobs.JobRun(backend.client, JOB, request={"prompt": "a well"})
    assert run.result() == good
    assert ("POST", "/v1/jobs") in backend.calls


def test_a_full_queue_is_waited_out_then_the_job_goes_in(backend):
    backend.script[("POST", "/v1/jobs")] = [
        (429, {"Retry-After": "2"}, {"error": {"code": "queue_full", "field": "queue", "message": "full"}}),
        (202, {}, {"id": JOB, "state": "queued", "cached": False})]
    slept = []
    assert jobs.submit_with_backoff(backend.client, {"prompt": "x"}, sleep=slept.append) == JOB
    assert 2.0 <= sum(slept) <= 2.6  # Retry-After plus at most 25 % jitter


def test_a_full_queue_that_stays_full_gives_up_with_a_message(backend):
    backend.script[("POST", "/v1/jobs")] = [(429, {"Retry-After": "5"}, {"error": {"message": "full"}})]
    with pytest.raises(BackendBusy, match="queue is full") as info:
        jobs.submit_with_backoff(backend.client, {"prompt": "x"}, give_up_after_s=1.0, sleep=lambda s: None)
    assert info.value.retry_after_s == 5


def test_waiting_for_a_full_queue_can_be_cancelled(backend):
    backend.script[("POST", "/v1/jobs")] = [(429, {"Retry-After": "30"}, {"error": {"message": "full"}})]
    with pytest.raises(JobCancelled):
        jobs.submit_with_backoff(backend.client, {"prompt": "x"}, should_cancel=lambda: True, sleep=lambda s: None)


def test_a_backend_that_died_is_reported_failed_without_another_call(tmp_path):
    import subprocess
    import sys
    import types

    manager = BackendManager()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    manager.process = types.SimpleNamespace(alive=False, exit_code=child.returncode, log_path=tmp_path / "log")
    manager.state = "ready"
    status = manager.status()
    assert status["state"] == "failed" and "exited (code 0)" in status["reason"]
