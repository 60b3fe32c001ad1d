"""Jobs that run for a while: progress, 409 before done, cancel (running and queued)."""

from __future__ import annotations

import time

from tests.helpers.backend_harness import SLOW_SPEC, Backend


def test_progress_while_running_and_no_result_yet(fresh_backend: Backend) -> None:
    backend = fresh_backend
    job_id = backend.submit(SLOW_SPEC)
    job = backend.wait(job_id, ("running",))
    deadline = time.monotonic() + 20
    while not (job["phase"] == "textures" and job["step"] >= 1):
        assert job["state"] == "running" and time.monotonic() < deadline, job
        time.sleep(0.1)
        job = backend.request("GET", f"/v1/jobs/{job_id}").json()
    assert 0 < job["step"] <= job["total"]
    assert isinstance(job["eta_s"], (int, float)) and job["eta_s"] >= 0
    assert job["started"] >= job["created"] and job["finished"] is None
    assert job["cached"] is False and job["error"] is None

    reply = backend.request("GET", f"/v1/jobs/{job_id}/result")
    assert reply.status == 409
    assert reply.json()["error"] == {
        "code": "not_done", "field": "state",
        "message": "the job is running; a result exists only when the state is done"}
    backend.request("POST", f"/v1/jobs/{job_id}/cancel")
    assert backend.wait(job_id, ("cancelled", "done", "failed"), timeout=20)["state"] == \
        "cancelled"


def test_cancel_running_job_leaves_nothing(fresh_backend: Backend) -> None:
    backend = fresh_backend
    job_id = backend.submit(SLOW_SPEC)
    backend.wait(job_id, ("running",))
    time.sleep(0.3)  # let it get into its work
    reply = backend.request("POST", f"/v1/jobs/{job_id}/cancel")
    assert reply.status == 200
    assert reply.json()["state"] in ("running", "cancelled")
    started = time.monotonic()
    job = backend.wait(job_id, ("cancelled", "done", "failed"), timeout=20)
    assert job["state"] == "cancelled", job
    assert time.monotonic() - started < 10, "cancel took too long"
    gone = backend.request("GET", f"/v1/jobs/{job_id}/result")
    assert gone.status == 409
    assert gone.json()["error"]["field"] == "state"
    assert list((backend.data_dir / "results").iterdir()) == []  # no result, no temp file
    # Cancelling again is harmless and reports the final state.
    assert backend.request("POST", f"/v1/jobs/{job_id}/cancel").json()["state"] == "cancelled"


def test_cancel_queued_job_is_immediate(fresh_backend: Backend) -> None:
    backend = fresh_backend
    # Two slow jobs fill the two cpu workers; the third waits in the queue.
    running = [backend.submit(dict(SLOW_SPEC, seed=s)) for s in (101, 102)]
    queued = backend.submit(dict(SLOW_SPEC, seed=103))
    assert backend.request("GET", f"/v1/jobs/{queued}").json()["state"] == "queued"
    reply = backend.request("POST", f"/v1/jobs/{queued}/cancel").json()
    assert reply == {"id": queued, "state": "cancelled"}
    job = backend.request("GET", f"/v1/jobs/{queued}").json()
    assert job["state"] == "cancelled" and job["started"] is None
    for job_id in running:
        backend.request("POST", f"/v1/jobs/{job_id}/cancel")
    for job_id in running:
        assert backend.wait(job_id, ("cancelled", "done", "failed"),
                            timeout=20)["state"] == "cancelled"
    assert list((backend.data_dir / "results").iterdir()) == []
