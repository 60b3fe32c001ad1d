"""Two Blender sessions on one data folder (what the default preferences give): the second finds
the running backend and uses it; it never starts a rival that would mark the first one's jobs
failed, and stopping it leaves the first session's backend running (issue 18, item 9)."""

from __future__ import annotations

import sys
import time

from addon.service.process import BackendManager, BackendSettings

SPEC = {"prompt": "a medieval courtyard with a well", "seed": 3, "max_assets": 4,
        "asset_budget": {"max_triangles": 2000, "texture_size": 64}}


def test_a_second_session_uses_the_running_backend(tmp_path):
    settings = BackendSettings(python=sys.executable, data_dir=str(tmp_path / "data"), device="cpu")
    first, second = BackendManager(), BackendManager()
    try:
        a = first.ensure(settings)
        job = a.submit(SPEC)["id"]
        b = second.ensure(settings)
        assert b.base_url == a.base_url  # the same backend, not a rival on the same folder
        assert second.process.attached_pid == first.process.proc.pid
        deadline = time.monotonic() + 60
        while a.job(job)["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert a.job(job)["state"] == "done"
        assert b.result(job)[:4] == b"glTF"
        second.stop()  # the second session closes: the first one's backend stays
        assert first.process.alive and a.health()["version"]
        assert first.status()["state"] == "ready"
    finally:
        second.stop()
        first.stop()
