"""The one job-polling loop: submit a request, poll it until a terminal state, cancel on request.

``JobRun`` drives ``core.polling.JobPoller`` (the pure state machine) against a ``BackendClient``.
Headless callers (``api``, batch runs, retexture) call ``wait()``, which blocks; the UI calls
``poll()`` from a ``bpy.app.timers`` callback, one step at a time, so Blender never freezes. Both
paths go through the same ``poll()``. No bpy here.

>>> run = JobRun.submit(client, spec, timeout_s=600)
>>> run.wait(on_progress=lambda poller: print(poller.label()))
>>> run.poller.state
'done'
"""

from __future__ import annotations

import time
from typing import Any, Callable

from ..core import polling
from ..core.errors import BackendUnavailable, WorldsmithError

# While waiting, wake at least this often (seconds) to notice a cancel request.
CANCEL_CHECK_S = 0.05
MIN_SLEEP_S = 0.005


class JobRun:
    """One submitted job: the client it runs on and the poller that tracks it."""

    def __init__(self, client: Any, job_id: str, *, timeout_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.client = client
        config = polling.PollConfig(timeout_s=timeout_s) if timeout_s is not None else None
        self.poller = polling.JobPoller(job_id, clock, config)

    @classmethod
    def submit(cls, client: Any, request: dict[str, Any], *, timeout_s: float | None = None) -> "JobRun":
        return cls(client, client.submit(request)["id"], timeout_s=timeout_s)

    @property
    def job_id(self) -> str:
        return self.poller.job_id

    @property
    def finished(self) -> bool:
        return self.poller.finished

    def cancel(self) -> None:
        """Ask the backend to stop the job (once); the poller confirms when it has."""
        if self.poller.cancel_requested_at is not None:
            return
        self.poller.request_cancel()
        self.try_cancel()

    def try_cancel(self) -> None:
        try:
            self.client.cancel(self.job_id)
        except Exception:  # the job may be gone or the backend dead: nothing left to stop
            pass

    def poll(self) -> bool:
        """Ask the backend for the job's status if a poll is due; True when it asked."""
        if not self.poller.due():
            return False
        try:
            self.poller.feed(self.client.job(self.job_id))
        except (BackendUnavailable, WorldsmithError) as exc:
            self.poller.feed_error(str(exc))
        return True

    def wait(self, *, on_progress: Callable[[polling.JobPoller], None] = lambda poller: None,
             should_cancel: Callable[[], bool] = lambda: False) -> polling.JobPoller:
        """Poll until the job is in a terminal state; ``on_progress`` sees each new label."""
        last_label = None
        while not self.finished:
            if should_cancel():
                self.cancel()
            if self.poll():
                if self.poller.label() != last_label:
                    last_label = self.poller.label()
                    on_progress(self.poller)
            else:
                # Sleep until the next poll is due, but wake often enough to notice a cancel request.
                time.sleep(min(CANCEL_CHECK_S, max(MIN_SLEEP_S, self.poller.seconds_until_due())))
        return self.poller
