"""Bad input and faults: each gives a clear WorldsmithError and leaves the file as it was."""

from __future__ import annotations

import random

import pytest

from tests.helpers.extension import mod
from tests.helpers.generation import PROMPT, SMALL, counts


def _state(bpy):
    return counts(), sorted(o.name for o in bpy.data.objects), sorted(bpy.context.scene.keys())


def _uncached_plan(gen):
    # a seed no other test uses, so the backend really runs the job instead of answering from cache
    return gen.plan_generate(PROMPT, seed=random.randrange(10**6, 2**31), texture_size=256)


def test_empty_prompt(gen, fresh):
    api = mod("api")
    with pytest.raises(api.InvalidInput, match="prompt is empty"):
        api.generate("   ")


def test_backend_rejects_the_spec_with_its_field_message(gen, fresh):
    api = mod("api")
    before = _state(fresh)
    with pytest.raises(api.InvalidInput, match="generator"):
        api.generate("a well", generator="no_such_generator", texture_size=64)
    assert _state(fresh) == before


def test_cancel_leaves_nothing(gen, fresh):
    api = mod("api")
    before = _state(fresh)
    with pytest.raises(api.JobCancelled):
        gen.run_blocking(_uncached_plan(gen), should_cancel=lambda: True)
    assert _state(fresh) == before


def test_ui_cancel_leaves_nothing(gen, fresh):
    import time

    ops = mod("generate.ops")
    before = _state(fresh)
    ops.CURRENT = ops.UiJob(_uncached_plan(gen))
    assert fresh.ops.worldsmith.generate_cancel() == {"FINISHED"}
    deadline = time.monotonic() + 60
    while ops.CURRENT is not None and time.monotonic() < deadline:
        ops._tick()
        time.sleep(0.02)
    assert ops.CURRENT is None and "cancelled" in ops.LAST_RESULT[1]
    assert _state(fresh) == before


def test_backend_killed_mid_job(gen, fresh):
    api = mod("api")
    gen.client()
    before = _state(fresh)

    def kill_on_first_progress(poller):
        proc = gen.MANAGER.process.proc
        if proc.poll() is None:
            proc.kill()

    with pytest.raises(api.BackendUnavailable, match="stopped answering"):
        gen.run_blocking(_uncached_plan(gen), on_progress=kill_on_first_progress)
    assert _state(fresh) == before
    # the next job restarts the backend and says so
    version = api.generate(PROMPT, seed=1, **SMALL)
    assert version.number == 1
    assert api.backend_status()["state"] == "ready"


def test_timeout(gen, fresh):
    api = mod("api")
    before = _state(fresh)
    with pytest.raises(api.GenerationFailed, match="took too long"):
        gen.run_blocking(_uncached_plan(gen), timeout_s=0.0)
    assert _state(fresh) == before
