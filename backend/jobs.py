"""The job service: validate, queue, run on worker threads, report progress, cancel, cache.

Generators run on worker threads, never on HTTP handler threads: one worker for "gpu"
generators (they share one device) and a small pool for "cpu" ones. Live progress is kept in
memory; state transitions are written to SQLite so a restart can tell what happened.

Jobs come in kinds ("world" -> GLB, "texture" -> ZIP of PNGs). Every kind goes through the same
queue, cancel and cache rules; only the generator table and the result format differ.
"""

from __future__ import annotations

import logging
import math
import queue
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from .cache import CachedResult, ResultCache
from .generators.base import Generator, InvalidSpec, JobCancelled
from .schema import DEFAULT_KIND, JOB_ID_RE, RESULT_EXT, RESULT_MAGIC, cache_key
from .store import INTERRUPTED, Store
from .validation import FieldError, RequestValidator

log = logging.getLogger(__name__)

CPU_WORKERS = 2
DEFAULT_RECORD_TTL_S = 7 * 24 * 3600
#: Jobs waiting for a worker (running ones do not count). Beyond it submit answers 429: a
#: client that floods the backend gets told to wait instead of filling memory with specs.
DEFAULT_MAX_QUEUED = 64
MAX_RETRY_AFTER_S = 60
_STOP = object()


class UnknownJob(LookupError):
    """No job with this id (never existed, or its record expired)."""


class NotReady(Exception):
    """The job has no result to hand out (yet, or ever)."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


class ResultGone(Exception):
    """The job finished, but its result was evicted from the cache."""


class ShuttingDown(Exception):
    """The service is stopping and takes no new work."""


class QueueFull(Exception):
    """Too many jobs are waiting; try again after ``retry_after_s`` seconds."""

    def __init__(self, queued: int, limit: int, retry_after_s: int):
        super().__init__(f"{queued} jobs are waiting (the limit is {limit})")
        self.queued = queued
        self.limit = limit
        self.retry_after_s = retry_after_s


@dataclass
class _LiveJob:
    """In-memory state of a queued or running job."""

    id: str
    generator: Generator
    spec: dict[str, Any]
    key: str
    created: float
    kind: str = DEFAULT_KIND
    state: str = "queued"
    phase: str | None = None
    step: int = 0
    total: int = 0
    started: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    finishing: bool = False


class _JobProgress:
    """The Progress a generator sees; check_cancel is the only way a job stops early."""

    def __init__(self, job: _LiveJob, lock: threading.Lock):
        self._job = job
        self._lock = lock

    def update(self, phase: str, step: int, total: int) -> None:
        with self._lock:
            self._job.phase = str(phase)
            self._job.step = max(0, int(step))
            self._job.total = max(0, int(total))

    def check_cancel(self) -> None:
        if self._job.cancel.is_set():
            raise JobCancelled()


class JobService:
    """``generators`` are the world generators by name, ``texture_generators`` the texture
    ones; a name means a generator only within its kind ("procedural" is both)."""

    def __init__(self, store: Store, cache: ResultCache, generators: dict[str, Generator],
                 validator: RequestValidator, *, record_ttl_s: float = DEFAULT_RECORD_TTL_S,
                 clock: Callable[[], float] = time.time,
                 texture_generators: dict[str, Generator] | None = None,
                 max_queued: int = DEFAULT_MAX_QUEUED,
                 ensure_data_dir: Callable[[], None] | None = None,
                 after_job: Callable[[], None] | None = None):
        self._store = store
        self._cache = cache
        self._by_kind: dict[str, dict[str, Generator]] = {
            "world": generators, "texture": dict(texture_generators or {})}
        self._validator = validator
        self._ttl = record_ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._live: dict[str, _LiveJob] = {}
        self._closing = False
        self._max_queued = max_queued
        # Raises (DataDirUnavailable) when the data folder is gone and cannot be recreated;
        # called before anything is written there.
        self._ensure_data_dir = ensure_data_dir or (lambda: None)
        self._after_job = after_job or (lambda: None)
        self._avg_run_s = 2.0  # moving average of run times, for Retry-After
        self._queues = {"gpu": queue.Queue(), "cpu": queue.Queue()}
        self._threads: list[threading.Thread] = []
        for kind, count in (("gpu", 1), ("cpu", CPU_WORKERS)):
            for n in range(count):
                t = threading.Thread(target=self._worker, args=(self._queues[kind],),
                                     name=f"job-{kind}-{n}", daemon=True)
                t.start()
                self._threads.append(t)

    @property
    def validator(self) -> RequestValidator:
        return self._validator

    # ---- startup / shutdown ---------------------------------------------------------------

    def recover(self) -> None:
        """Fail what a previous process left unfinished, expire old records, tidy the cache."""
        count = self._store.mark_interrupted(self._clock())
        if count:
            log.warning("marked %d job(s) from a previous run as interrupted", count)
        self.expire()
        self._cache.reconcile()

    def expire(self) -> int:
        return self._store.expire_jobs(self._clock() - self._ttl)

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop the workers: running jobs are cancelled and recorded as interrupted."""
        with self._lock:
            self._closing = True
            live = list(self._live.values())
        for job in live:
            job.cancel.set()
        for kind, q in self._queues.items():
            for _ in range(1 if kind == "gpu" else CPU_WORKERS):
                q.put(_STOP)
        deadline = time.monotonic() + timeout_s
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            leftover = list(self._live.values())
        for job in leftover:
            self._finish(job, "failed", error=INTERRUPTED)

    # ---- requests -------------------------------------------------------------------------

    def submit(self, body: Any) -> dict[str, Any]:
        """Validate a spec and queue it, or complete it from the cache. Raises FieldError."""
        kind, spec = self._validator.job_spec(body)
        generator = self._by_kind.get(kind, {}).get(spec["generator"])
        if generator is None:  # the schema lists the same names; this guards a wiring bug
            raise FieldError("generator", f"no {kind} generator named {spec['generator']!r}")
        try:
            generator.check_inputs(spec)
        except InvalidSpec as exc:
            raise FieldError(exc.field, exc.message) from None
        key = cache_key(spec, generator.name, generator.version)
        now = self._clock()
        job_id = secrets.token_hex(16)
        record = {"id": job_id, "state": "queued", "generator": generator.name,
                  "cache_key": key, "spec": spec, "created": now}
        with self._lock:
            if self._closing:
                raise ShuttingDown()
        self._ensure_data_dir()
        if self._cache.get(key) is not None:
            record.update(state="done", started=now, finished=now, cached=True,
                          phase="done", step=1, total=1)
            self._store.insert_job(record)
            log.info("job %s: done from cache (%s)", job_id, key[:12])
            return {"id": job_id, "state": "done", "cached": True}
        live = _LiveJob(job_id, generator, spec, key, now, kind)
        with self._lock:
            queued = sum(1 for j in self._live.values() if j.state == "queued")
            if queued >= self._max_queued:
                raise QueueFull(queued, self._max_queued, self._retry_after_locked())
            self._live[job_id] = live
        try:
            self._store.insert_job(record)
        except BaseException:
            with self._lock:
                self._live.pop(job_id, None)
            raise
        # A generator may pick its lane per spec (a procedural world with diffusion textures
        # needs the GPU worker); otherwise its device decides.
        lane_for = getattr(generator, "lane_for", None)
        device = lane_for(spec) if lane_for is not None else getattr(generator, "device", "cpu")
        lane = "gpu" if device == "gpu" else "cpu"
        self._queues[lane].put(live)
        log.info("job %s: %s job queued on %s (%s)", job_id, kind, lane, key[:12])
        self.expire()
        return {"id": job_id, "state": "queued", "cached": False}

    def _retry_after_locked(self) -> int:
        # Roughly when a place in the queue frees up: a worker finishes a job about every
        # (average run time / workers) seconds.
        return max(1, min(MAX_RETRY_AFTER_S, math.ceil(self._avg_run_s / CPU_WORKERS)))

    def live_jobs(self) -> list[dict[str, Any]]:
        """Records of the queued and running jobs (to write them again into a new database)."""
        with self._lock:
            live = list(self._live.values())
        return [{"id": j.id, "state": j.state, "generator": j.generator.name,
                 "cache_key": j.key, "spec": j.spec, "created": j.created,
                 **({"started": j.started} if j.started is not None else {})} for j in live]

    def get(self, job_id: str) -> dict[str, Any]:
        """The public view of a job: state, progress, times."""
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                return self._live_view(live)
        record = self._record(job_id)
        return {
            "id": record["id"], "kind": _kind_of(record["spec"]), "state": record["state"],
            "generator": record["generator"],
            "phase": record["phase"], "step": record["step"], "total": record["total"],
            "eta_s": 0.0 if record["state"] == "done" else None, "error": record["error"],
            "created": record["created"], "started": record["started"],
            "finished": record["finished"], "cached": record["cached"],
            "cancel_requested": False,
        }

    def cancel(self, job_id: str) -> dict[str, Any]:
        """Cancel a job: at once if queued, at its next check_cancel if running."""
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                live.cancel.set()
                queued = live.state == "queued"
        if live is None:
            record = self._record(job_id)
            return {"id": job_id, "state": record["state"]}
        if queued:
            # The worker that later takes it from the queue sees it is gone and skips it.
            self._finish(live, "cancelled")
            return {"id": job_id, "state": "cancelled"}
        log.info("job %s: cancel requested", job_id)
        return {"id": job_id, "state": "running", "cancel_requested": True}

    def result(self, job_id: str) -> tuple[CachedResult, bytes]:
        """The result and its bytes, checked against their sha256 (the ETag). ResultGone if
        it was evicted, or was corrupt on disk (then it is evicted now)."""
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                raise NotReady(live.state)
        record = self._record(job_id)
        if record["state"] != "done":
            raise NotReady(record["state"])
        found = self._cache.read(record["cache_key"])
        if found is None:
            raise ResultGone()
        return found

    # ---- internals ------------------------------------------------------------------------

    def _record(self, job_id: str) -> dict[str, Any]:
        record = self._store.get_job(job_id) if JOB_ID_RE.match(job_id) else None
        if record is None:
            raise UnknownJob(job_id)
        return record

    def _live_view(self, job: _LiveJob) -> dict[str, Any]:
        eta = None
        if job.state == "running" and job.started is not None and 0 < job.step <= job.total:
            elapsed = self._clock() - job.started
            eta = round(elapsed / job.step * (job.total - job.step), 3)
        return {
            "id": job.id, "kind": job.kind, "state": job.state, "generator": job.generator.name,
            "phase": job.phase, "step": job.step, "total": job.total, "eta_s": eta,
            "error": None, "created": job.created, "started": job.started, "finished": None,
            "cached": False, "cancel_requested": job.cancel.is_set(),
        }

    def _worker(self, q: queue.Queue) -> None:
        while True:
            job = q.get()
            if job is _STOP:
                return
            try:
                self._run(job)
            except Exception as exc:  # a bug here must not kill the worker thread
                log.exception("job %s: unexpected error in the worker", job.id)
                # Say what happened in the record itself: the log may be what is missing.
                self._finish(job, "failed", error=f"internal error: {type(exc).__name__}: {exc}")
            finally:
                try:
                    self._after_job()
                except Exception:
                    log.exception("after-job hook failed")

    def _run(self, job: _LiveJob) -> None:
        with self._lock:
            if job.id not in self._live or job.cancel.is_set():
                return  # cancelled while queued, or the service is closing
            job.state = "running"
            job.started = self._clock()
        self._store.update_job(job.id, state="running", started=job.started)
        log.info("job %s: running", job.id)
        progress = _JobProgress(job, self._lock)
        try:
            data = job.generator.generate(job.spec, progress)
            progress.check_cancel()  # a cancel during the last step still wins
        except JobCancelled:
            if self._closing:
                self._finish(job, "failed", error=INTERRUPTED)
            else:
                self._finish(job, "cancelled")
            return
        except InvalidSpec as exc:
            self._finish(job, "failed", error=f"{exc.field}: {exc.message}")
            return
        except Exception as exc:
            log.exception("job %s: generator %s failed", job.id, job.generator.name)
            self._finish(job, "failed", error=f"generator failed: {type(exc).__name__}: {exc}")
            return
        with self._lock:
            ran = self._clock() - (job.started or self._clock())
            self._avg_run_s = 0.8 * self._avg_run_s + 0.2 * max(0.0, ran)
        ext = RESULT_EXT[job.kind]
        if not isinstance(data, (bytes, bytearray)) or not data.startswith(RESULT_MAGIC[ext]):
            self._finish(job, "failed", error=f"generator returned something that is not a "
                                              f"{ext.upper()} file")
            return
        try:
            self._ensure_data_dir()
        except Exception as exc:
            self._finish(job, "failed", error=str(exc))
            return
        self._cache.put(job.key, bytes(data), ext)
        with self._lock:
            job.phase, job.step, job.total = "done", max(job.total, 1), max(job.total, 1)
        self._finish(job, "done")

    def _finish(self, job: _LiveJob, state: str, error: str | None = None) -> None:
        """Record a terminal state once and forget the live job."""
        with self._lock:
            if job.finishing or job.id not in self._live:
                return
            job.finishing = True
        fields: dict[str, Any] = {"state": state, "finished": self._clock(), "error": error,
                                  "phase": job.phase, "step": job.step, "total": job.total}
        if job.started is not None:
            fields["started"] = job.started
        self._store.update_job(job.id, **fields)
        # Forget the live job only once the record says how it ended, so a poll in between
        # sees the live view rather than a stale row.
        with self._lock:
            self._live.pop(job.id, None)
        log.info("job %s: %s%s", job.id, state, f" ({error})" if error else "")



def _kind_of(spec: dict[str, Any]) -> str:
    # World specs are stored without "kind" (see RequestValidator.world_spec).
    return str(spec.get("kind", DEFAULT_KIND)) if isinstance(spec, dict) else DEFAULT_KIND
