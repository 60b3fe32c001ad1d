"""Running a plan: submit its job, poll it until done (``service.jobs``), import the result as a
new version. Headless callers use ``run_blocking``; the UI steps the same ``JobRun`` from a timer
(``generate.ops``); both end in ``conclude`` and ``finish``, which imports atomically.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable

from ..core import polling
from ..core.errors import BackendUnavailable, GenerationFailed, JobCancelled
from ..scene import settings, store
from ..service.jobs import JobRun
from ..service.process import MANAGER
from ..scene.transaction import Transaction
from ..versions.compare import record_fingerprint, stored_fingerprint
from . import importer
from .plans import Plan

DEFAULT_TIMEOUT_S = 600.0


@dataclass
class Outcome:
    version: store.Version
    ignored: list[str]
    notes: list[str]

    def message(self) -> str:
        text = f"Made {self.version.collection.name} ({len(self.version.assets())} assets)"
        if self.ignored:
            text += f"; words the generator ignored: {', '.join(self.ignored)}"
        return " ".join([text, *self.notes])


def stderr_progress(poller: polling.JobPoller) -> None:
    print(f"worldsmith: {poller.label()} ({poller.fraction * 100:.0f}%)", file=sys.stderr, flush=True)


def run_blocking(plan: Plan, *, timeout_s: float = DEFAULT_TIMEOUT_S,
                 on_progress: Callable[[polling.JobPoller], None] = stderr_progress,
                 should_cancel: Callable[[], bool] = lambda: False) -> Outcome:
    """Submit, poll until a terminal state, import. Raises a WorldsmithError otherwise."""
    started = time.monotonic()
    job = JobRun.submit(settings.client(), plan.spec, timeout_s=timeout_s)
    job.wait(on_progress=on_progress, should_cancel=should_cancel)
    outcome = conclude(plan, job, started)
    print(f"worldsmith: {outcome.message()}", file=sys.stderr, flush=True)
    return outcome


def conclude(plan: Plan, job: JobRun, started: float) -> Outcome:
    """Turn a finished job into an imported version, or into the matching error."""
    poller = job.poller
    if poller.state == polling.CANCELLED:
        raise JobCancelled("Generation cancelled; the scene was not changed")
    if poller.state == polling.FAILED:
        raise GenerationFailed(f"The backend could not generate the world: {poller.error}. The scene was not changed")
    if poller.state == polling.LOST:
        raise BackendUnavailable(f"The backend stopped answering during the job ({poller.error}). "
                                 "The scene was not changed; generate again to restart it")
    if poller.state == polling.TIMED_OUT:
        job.try_cancel()
        raise GenerationFailed(f"The job took too long ({poller.error}); it was cancelled and the scene was not changed")
    t_download = time.monotonic()
    try:
        data = job.result()
    except BackendUnavailable as exc:
        raise BackendUnavailable(f"The backend stopped before the result was fetched ({exc}); the scene was not changed") from None
    timings = {"job_s": round(t_download - started, 3), "download_s": round(time.monotonic() - t_download, 3)}
    return finish(plan, data, timings)


def finish(plan: Plan, data: bytes, timings: dict[str, float]) -> Outcome:
    """Import ``data`` as a new version per ``plan``; on any failure the .blend is unchanged."""
    t0 = time.monotonic()
    with Transaction() as tx:
        staged = importer.stage(data)
        version = importer.build_version(plan, staged, tx, backend_version=MANAGER.version)
        timings = {**timings, "import_s": round(time.monotonic() - t0, 3)}
        version.set("timings", timings)
        inherited = stored_fingerprint(plan.parent_id) if plan.shared_assets else None
        record_fingerprint(version, {a: e for a, e in (inherited or {}).items() if a in plan.shared_assets})
        store.switch(version)  # inside: if the version cannot be shown, nothing of it stays
    notes = plan.notes + [f"Not as asked: {line}." for line in staged.extras.get("not_honoured") or []]
    proxies = version.proxies()
    if proxies:
        nouns = ", ".join(sorted({str(o.get("noun") or aid.split(".")[0]) for aid, o in proxies.items()}))
        notes.append(f"{len(proxies)} proxy blockout(s) stand in for what has no shape yet ({nouns}); "
                     "Fill Proxies gives them one.")
    notes += MANAGER.pop_notes()
    return Outcome(version=version, ignored=list(staged.extras.get("ignored") or []), notes=notes)


