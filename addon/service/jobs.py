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

import random
import time
from typing import Any, Callable

from ..core import polling
from ..core.errors import BackendBusy, JobCancelled, ResultUnavailable, WorldsmithError

# While waiting, wake at least this often (seconds) to notice a cancel request.
CANCEL_CHECK_S = 0.05
MIN_SLEEP_S = 0.005
BUSY_WAIT_S = 300.0     # how long a submit keeps retrying a full queue (429) before giving up


def submit_with_backoff(client: Any, request: dict[str, Any], *, should_cancel: Callable[[], bool] = lambda: False,
                        give_up_after_s: float = BUSY_WAIT_S, sleep: Callable[[float], None] = time.sleep) -> str:
    """Submit ``request`` and return the job id; while the backend answers 429 (queue full), wait
    what its Retry-After says (plus jitter, so several clients do not return together) and
    submit again, until ``give_up_after_s``. Cancellable between tries."""
    deadline = time.monotonic() + give_up_after_s
    while True:
        try:
            return client.submit(request)["id"]
        except BackendBusy as exc:
            wait = max(0.1, exc.retry_after_s) * (1.0 + 0.25 * random.random())
            if time.monotonic() + wait > deadline:
                raise
        slept = 0.0
        while slept < wait:
            if should_cancel():
                raise JobCancelled("cancelled while the backend's queue was full; nothing was submitted")
            step = min(CANCEL_CHECK_S * 4, wait - slept)
            sleep(step)
            slept += step


class JobRun:
    """One submitted job: the client it runs on and the poller that tracks it."""

    def __init__(self, client: Any, job_id: str, *, timeout_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic, request: dict[str, Any] | None = None):
        self.client = client
        self.request = request
        self.timeout_s = timeout_s
        config = polling.PollConfig(timeout_s=timeout_s) if timeout_s is not None else None
        self.poller = polling.JobPoller(job_id, clock, config)

    @classmethod
    def submit(cls, client: Any, request: dict[str, Any], *, timeout_s: float | None = None,
               should_cancel: Callable[[], bool] = lambda: False) -> "JobRun":
        job_id = submit_with_backoff(client, request, should_cancel=should_cancel)
        return cls(client, job_id, timeout_s=timeout_s, request=request)

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
        except WorldsmithError as exc:  # BackendUnavailable among them: the poller decides
            self.poller.feed_error(str(exc))
        return True

    def result(self) -> bytes:
        """The finished job's result. If the backend lost it (410: evicted or found damaged) or it
        arrived damaged, the same request is submitted once more (the backend rebuilds identical
        bytes) and waited for."""
        try:
            return self.client.result(self.job_id)
        except ResultUnavailable:
            if self.request is None:
                raise
        again = JobRun.submit(self.client, self.request, timeout_s=self.timeout_s)
        poller = again.wait()
        if poller.state != polling.DONE:
            raise ResultUnavailable(f"the result was lost and the job did not finish again ({poller.state}: "
                                    f"{poller.error}); nothing was imported")
        return self.client.result(again.job_id)

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
