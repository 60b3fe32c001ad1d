"""The job polling state machine, driven by a fake clock."""

from __future__ import annotations

import pytest

from addon.core import polling
from addon.core.polling import JobPoller, PollConfig


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, s: float) -> None:
        self.t += s


def make(**config):
    clock = Clock()
    return clock, JobPoller("job1", clock, PollConfig(**config))


def test_progress_then_done():
    clock, p = make()
    assert p.due() and p.state == polling.WAITING and p.fraction == 0.0
    p.feed({"state": "queued"})
    assert p.state == polling.WAITING and not p.due()  # next poll is scheduled, not immediate
    clock.advance(0.2)
    p.feed({"state": "running", "phase": "textures", "step": 3, "total": 12})
    assert p.state == polling.RUNNING and p.fraction == pytest.approx(0.05 + 0.55 * 0.25)
    assert p.label() == "textures 3/12"
    p.feed({"state": "done", "phase": "done", "step": 12, "total": 12})
    assert p.finished and p.state == polling.DONE and p.fraction == 1.0
    assert not p.due()


def test_one_overall_fraction_never_goes_back_across_phases():
    """Issue 16, defect 5: the bar was full at "plan 1/1", then 9% at "textures 1/11"."""
    clock, p = make()
    seen = []
    for phase, step, total in [("plan", 0, 1), ("plan", 1, 1), ("textures", 1, 11), ("textures", 11, 11),
                               ("meshes", 1, 27), ("meshes", 27, 27), ("pack", 0, 1), ("pack", 1, 1)]:
        clock.advance(0.1)
        p.feed({"state": "running", "phase": phase, "step": step, "total": total})
        seen.append(p.fraction)
    assert seen == sorted(seen) and seen[1] <= 0.05 and 0.05 < seen[2] < 0.15 and seen[-1] == 1.0
    clock, p = make()  # an unknown phase (Shap-E's denoise) fills what is left, still forwards
    p.feed({"state": "running", "phase": "plan", "step": 1, "total": 1})
    p.feed({"state": "running", "phase": "denoise", "step": 1, "total": 64})
    assert 0.05 <= p.fraction < 0.1


def test_cancel_polls_again_quickly():
    clock, p = make()
    for _ in range(12):  # back off to the 1 s cap
        clock.advance(1.0)
        p.feed({"state": "running", "phase": "textures", "step": 1, "total": 11})
    p.request_cancel()
    assert p.due()
    p.feed({"state": "running", "phase": "textures", "step": 2, "total": 11})
    assert p.seconds_until_due() <= 0.05  # waiting for the confirmation, not for a backed-off poll


def test_poll_interval_backs_off_but_is_capped():
    clock, p = make(interval_s=0.2, max_interval_s=1.0)
    gaps = []
    for _ in range(8):
        p.feed({"state": "running", "step": 1, "total": 4})
        start = clock.t
        while not p.due():
            clock.advance(0.05)
        gaps.append(round(clock.t - start, 2))
    assert gaps[0] <= 0.25 and max(gaps) <= 1.05 and gaps == sorted(gaps)


def test_failed_carries_the_backend_error():
    _, p = make()
    p.feed({"state": "failed", "error": "generator failed: boom"})
    assert p.state == polling.FAILED and p.error == "generator failed: boom"
    assert "boom" in p.label()


def test_cancel_confirmed_by_backend():
    clock, p = make()
    p.feed({"state": "running", "step": 1, "total": 10})
    p.request_cancel()
    assert p.due(), "a cancel asks the backend again at once"
    assert p.label().startswith("cancelling")
    p.feed({"state": "cancelled"})
    assert p.state == polling.CANCELLED


def test_cancel_beats_a_late_done():
    _, p = make()
    p.request_cancel()
    p.feed({"state": "done"})
    assert p.state == polling.CANCELLED, "the user cancelled: a result that raced in is not imported"


def test_cancel_unconfirmed_within_grace_is_cancelled():
    clock, p = make(cancel_grace_s=5)
    p.request_cancel()
    clock.advance(4)
    assert p.due() and not p.finished
    clock.advance(2)
    assert not p.due() and p.state == polling.CANCELLED


def test_backend_lost_after_consecutive_errors():
    clock, p = make(lost_after_s=3)
    p.feed({"state": "running", "step": 1, "total": 2})
    p.feed_error("connection refused")
    assert p.state == polling.RUNNING
    clock.advance(2)
    p.feed_error("connection refused")
    assert p.state == polling.RUNNING
    clock.advance(1.5)
    p.feed_error("connection refused")
    assert p.state == polling.LOST and "refused" in p.error


def test_one_answer_resets_the_lost_timer():
    clock, p = make(lost_after_s=3)
    p.feed_error("x")
    clock.advance(2.5)
    p.feed({"state": "running"})
    clock.advance(1)
    p.feed_error("x")
    assert p.state == polling.RUNNING


def test_timeout():
    clock, p = make(timeout_s=10)
    p.feed({"state": "running", "step": 1, "total": 100})
    clock.advance(9)
    assert p.due()
    clock.advance(2)
    assert not p.due() and p.state == polling.TIMED_OUT and "10 s" in p.error


def test_unknown_state_fails_and_terminal_states_stick():
    _, p = make()
    p.feed({"state": "exploded"})
    assert p.state == polling.FAILED
    p.feed({"state": "done"})
    p.feed_error("late")
    assert p.state == polling.FAILED


def test_seconds_until_due_counts_down_to_the_next_poll():
    clock, p = make(interval_s=0.5, max_interval_s=1.0)
    assert p.seconds_until_due() == 0.0 and p.due()
    p.feed({"state": "running", "phase": "plan", "step": 0, "total": 4})
    assert p.seconds_until_due() == pytest.approx(0.5)
    clock.advance(0.2)
    assert p.seconds_until_due() == pytest.approx(0.3) and not p.due()
