"""The job polling state machine behind the Generate panel and headless runs.

Pure logic with an injected clock, so every path (progress, done, failed, cancelled, backend
lost, timeout) is tested without a backend or Blender. A driver (a ``bpy.app.timers`` callback
in the UI, a loop in headless runs) asks ``due()``, fetches the job and calls ``feed()`` or
``feed_error()``; once ``finished`` is true, ``outcome`` says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

# States the driver acts on.
WAITING = "waiting"          # job submitted, no answer yet
RUNNING = "running"          # the backend reports progress
DONE = "done"                # fetch the result and import it
FAILED = "failed"            # the backend ran the job and it failed
CANCELLED = "cancelled"      # the user cancelled and the backend confirmed (or stopped answering)
LOST = "lost"                # the backend stopped answering
TIMED_OUT = "timed_out"      # the job ran longer than allowed

TERMINAL = frozenset({DONE, FAILED, CANCELLED, LOST, TIMED_OUT})

# The share of the whole job each phase takes, as (start, end) of one overall fraction: the
# backend reports step/total per phase, an artist wants one bar. Phases not listed (Shap-E's
# denoise/decode, texture jobs' steps) fill the stretch from where the bar is up to PACK_START.
PHASE_SPANS = {"queued": (0.0, 0.0), "plan": (0.0, 0.05), "textures": (0.05, 0.6),
               "meshes": (0.6, 0.95), "pack": (0.95, 1.0)}
PACK_START = 0.95
_BACKEND_TERMINAL = {"done": DONE, "failed": FAILED, "cancelled": CANCELLED}


@dataclass
class PollConfig:
    interval_s: float = 0.02         # first polls come quickly: small and cached jobs finish at once
    max_interval_s: float = 1.0      # then back off, a poll is a loopback round trip
    timeout_s: float = 600.0         # a job running longer than this is given up
    lost_after_s: float = 5.0        # consecutive failed polls for this long: backend lost
    cancel_grace_s: float = 10.0     # cancel not confirmed within this: treat as cancelled


class JobPoller:
    """Tracks one backend job from submission to a terminal state."""

    def __init__(self, job_id: str, clock: Callable[[], float], config: PollConfig | None = None):
        self.job_id = job_id
        self.config = config or PollConfig()
        self._clock = clock
        self.started = clock()
        self.state = WAITING
        self.phase = "queued"
        self.step = 0
        self.total = 0
        self.error: str | None = None
        self.cancel_requested_at: float | None = None
        self._next_poll = self.started
        self._interval = self.config.interval_s
        self._first_error_at: float | None = None
        self._overall = 0.0
        self._phase_start: dict[str, float] = {}

    # ---- queries ----------------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.state in TERMINAL

    @property
    def fraction(self) -> float:
        """Overall progress in 0..1 across every phase, never going back (1.0 once done)."""
        return 1.0 if self.state == DONE else self._overall

    def _advance(self) -> None:
        """Map this phase's step/total onto the overall fraction (PHASE_SPANS)."""
        start, end = PHASE_SPANS.get(self.phase) or (
            self._phase_start.setdefault(self.phase, self._overall), PACK_START)
        within = max(0.0, min(1.0, self.step / self.total)) if self.total > 0 else 0.0
        self._overall = min(1.0, max(self._overall, start + (max(start, end) - start) * within))

    @property
    def elapsed(self) -> float:
        return self._clock() - self.started

    def label(self) -> str:
        """One line for a panel or a stderr progress line."""
        if self.state == WAITING:
            return "cancelling…" if self.cancel_requested_at is not None else "queued"
        if self.state == RUNNING:
            steps = f" {self.step}/{self.total}" if self.total else ""
            prefix = "cancelling: " if self.cancel_requested_at is not None else ""
            return f"{prefix}{self.phase}{steps}"
        return self.state if self.error is None else f"{self.state}: {self.error}"

    def seconds_until_due(self) -> float:
        """How long a blocking driver may sleep before the next poll is due."""
        return max(0.0, self._next_poll - self._clock())

    def due(self) -> bool:
        """Whether the driver should poll now (also applies the timeout and cancel grace)."""
        if self.finished:
            return False
        self._check_deadlines()
        return not self.finished and self._clock() >= self._next_poll

    # ---- inputs -----------------------------------------------------------------------------

    def feed(self, status: dict[str, Any]) -> str:
        """Take one ``GET /v1/jobs/{id}`` answer; returns the new state."""
        if self.finished:
            return self.state
        self._first_error_at = None
        backend_state = status.get("state")
        self.phase = status.get("phase") or self.phase
        self.step = int(status.get("step") or 0)
        self.total = int(status.get("total") or 0)
        self._advance()
        if backend_state in _BACKEND_TERMINAL:
            self.state = _BACKEND_TERMINAL[backend_state]
            if self.state == DONE and self.cancel_requested_at is not None:
                self.state = CANCELLED  # the user asked to stop: a late result is not imported
            if self.state == FAILED:
                self.error = status.get("error") or "the backend gave no reason"
        elif backend_state == "running":
            self.state = RUNNING
        elif backend_state != "queued":
            self.state = FAILED
            self.error = f"unknown job state {backend_state!r}"
        self._schedule()
        self._check_deadlines()
        return self.state

    def feed_error(self, message: str) -> str:
        """A poll could not reach the backend. Lost once that has lasted ``lost_after_s``."""
        if self.finished:
            return self.state
        now = self._clock()
        if self._first_error_at is None:
            self._first_error_at = now
        if now - self._first_error_at >= self.config.lost_after_s:
            self.state = LOST
            self.error = message
        else:
            self._schedule()
        return self.state

    def request_cancel(self) -> None:
        """The user pressed Cancel; the driver also sends the cancel request to the backend."""
        if self.cancel_requested_at is None and not self.finished:
            self.cancel_requested_at = self._clock()
            self._next_poll = self._clock()  # ask at once whether it took, then keep asking often
            self._interval = self.config.interval_s

    # ---- internals --------------------------------------------------------------------------

    def _schedule(self) -> None:
        now = self._clock()
        self._next_poll = now + self._interval
        if self.cancel_requested_at is None:  # after a cancel, no back-off: confirm it quickly
            self._interval = min(self._interval * 1.5, self.config.max_interval_s)

    def _check_deadlines(self) -> None:
        now = self._clock()
        if self.cancel_requested_at is not None:
            if now - self.cancel_requested_at >= self.config.cancel_grace_s:
                self.state = CANCELLED
            return
        if now - self.started >= self.config.timeout_s:
            self.state = TIMED_OUT
            self.error = f"no result after {self.config.timeout_s:.0f} s"
