"""Command line: ``worldsmith-backend serve ...`` / ``python -m worldsmith_backend serve ...``.

This is the composition root: it resolves the device, builds generators, store, cache, job
service and server, prints the ready line, and stops cleanly on SIGTERM/SIGINT or when the
parent process (Blender) is gone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .tokens import TokenError, read_or_create_token  # noqa: F401 - part of the CLI module

log = logging.getLogger("worldsmith_backend.cli")

PARENT_POLL_S = 0.5
#: Exit code of a start on a data folder another live backend holds (it prints where that one
#: listens on stdout instead of the ready line).
EXIT_DATA_DIR_IN_USE = 3


def _bounded_int(lo: int, hi: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be in {lo}..{hi}")
        return value
    return parse


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="worldsmith-backend",
                                     description="Worldsmith generation backend")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP service on 127.0.0.1")
    serve.add_argument("--port", type=_bounded_int(0, 65535), default=0,
                       help="0 picks a free port (default)")
    serve.add_argument("--token-file", type=Path, required=True,
                       help="bearer token file; created with mode 0600 if missing or empty")
    serve.add_argument("--data-dir", type=Path, required=True,
                       help="job records, result cache and logs")
    serve.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
    serve.add_argument("--models-dir", type=Path, default=None,
                       help="local folder with model weights (weight-backed generators)")
    serve.add_argument("--diffusion-batch-size", type=_bounded_int(1, 64), default=None,
                       help="prompts per diffusion pipeline call (default: 8 Shap-E / 4 SD "
                            "on cuda, 4 / 2 on cpu); lower it if the GPU runs out of memory")
    serve.add_argument("--parent-pid", type=_bounded_int(1, 2**31 - 1), default=None,
                       help="exit when this process is gone (the add-on passes Blender's pid)")
    serve.add_argument("--cache-limit-mb", type=_bounded_int(1, 2**31 - 1), default=2048,
                       help="result cache size limit; least recently used results go first")
    serve.add_argument("--record-ttl-days", type=_positive_float, default=7.0,
                       help="finished job records older than this are deleted")
    serve.add_argument("--max-queued", type=_bounded_int(1, 100_000), default=64,
                       help="jobs that may wait for a worker; beyond it submit answers 429 "
                            "with Retry-After")
    serve.add_argument("--request-timeout-s", type=_positive_float, default=30.0,
                       help="longest one HTTP request may take in all (slow clients are cut "
                            "off)")
    serve.add_argument("--texture-cache-mb", type=_bounded_int(0, 2**31 - 1), default=256,
                       help="memory for cached texture work (0 caches nothing); least "
                            "recently used goes first")
    serve.add_argument("--log-level", default="INFO",
                       choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "serve":
        return 2
    try:
        return serve(args)
    except TokenError as exc:  # the user's file, the user's fix: no traceback
        sys.stderr.write(f"worldsmith-backend: {exc}\n")
        return 1
    except Exception as exc:
        # Logged with its traceback (to the log file once logging is set up); the add-on
        # shows the one-line stderr message.
        log.exception("startup failed")
        sys.stderr.write(f"worldsmith-backend: startup failed: {exc}\n")
        return 1


def resolve_device(requested: str) -> str:
    """"cuda" or "cpu". torch is imported only when it may be used (never for --device cpu)."""
    if requested == "cpu":
        return "cpu"
    available = False
    if importlib.util.find_spec("torch") is not None:
        try:
            import torch  # noqa: PLC0415 - optional, heavy, only when asked for

            available = bool(torch.cuda.is_available())
        except Exception:  # a broken torch install must not stop the procedural backend
            log.warning("torch is installed but failed to import", exc_info=True)
    if requested == "cuda" and not available:
        raise SystemExit("worldsmith-backend: --device cuda was requested but CUDA is not "
                         "available (torch missing or no GPU); use --device auto or cpu")
    return "cuda" if available else "cpu"


def pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _pid_alive_windows(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    synchronize, query_limited, wait_timeout = 0x00100000, 0x1000, 0x102
    handle = kernel32.OpenProcess(synchronize | query_limited, False, pid)
    if not handle:
        return False
    try:
        return kernel32.WaitForSingleObject(handle, 0) == wait_timeout
    finally:
        kernel32.CloseHandle(handle)


def watch_parent(pid: int, stop: threading.Event) -> threading.Thread:
    """A daemon thread that sets ``stop`` once ``pid`` is gone, so no orphan outlives Blender."""
    original_ppid = os.getppid()

    def run() -> None:
        while not stop.wait(PARENT_POLL_S):
            reparented = pid == original_ppid and os.getppid() != original_ppid
            if reparented or not pid_alive(pid):
                log.info("parent process %d is gone; shutting down", pid)
                stop.set()
                return

    thread = threading.Thread(target=run, name="parent-watch", daemon=True)
    thread.start()
    return thread


def serve(args: argparse.Namespace) -> int:
    """Run until stopped; a clean stop ends the process with exit code 0 (never returns)."""
    # Imported here so `--help` stays fast and argument errors need no data dir.
    from . import memory
    from .cache import ResultCache
    from .datadir import DataDirGuard, DataDirInUse, DataDirLock, make_private
    from .generators.registry import build_generators, build_texture_generators, model_manager
    from .jobs import JobService
    from .logsetup import configure, reopen
    from .schema import openapi_document
    from .server import MAX_BODY_BYTES, BackendServer
    from .store import Store
    from .textures import memo
    from .validation import RequestValidator

    # stdout carries only the ready line: a stray print() from any module goes to stderr, so it
    # can neither corrupt the line the add-on parses nor block on a pipe nobody reads.
    ready_out = sys.stdout
    sys.stdout = sys.stderr
    # Job records, logs and results hold prompts and work: the owner's only (0700 / 0600).
    if hasattr(os, "umask"):
        os.umask(0o077)
    data_dir: Path = args.data_dir.resolve()
    lock = DataDirLock(data_dir)
    try:
        lock.acquire()
    except DataDirInUse as exc:
        # Before logging or the database are touched: the running backend owns both.
        ready_out.write(json.dumps({"ready": False, "error": {
            "code": "data_dir_in_use", "field": "data_dir", "message": str(exc)},
            "running": exc.running}) + "\n")
        ready_out.flush()
        sys.stderr.write(f"worldsmith-backend: {exc}\n")
        return EXIT_DATA_DIR_IN_USE
    make_private(data_dir)
    configure(data_dir, getattr(logging, args.log_level))
    started = time.monotonic()
    token = read_or_create_token(args.token_file)
    memo.set_limit_bytes(args.texture_cache_mb * 1024 * 1024)
    device = resolve_device(args.device)
    models_dir = args.models_dir.resolve() if args.models_dir is not None else None
    batch = args.diffusion_batch_size
    generators = build_generators(device, models_dir, batch)
    texture_generators = build_texture_generators(device, models_dir, batch)
    document = openapi_document(sorted(generators), sorted(texture_generators))
    store = Store(data_dir / "jobs.sqlite3")
    cache = ResultCache(data_dir / "results", store, args.cache_limit_mb * 1024 * 1024)

    def recreate() -> None:
        reopen(data_dir)  # first, so what follows is logged where it can be read
        cache.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        store.reopen(jobs.live_jobs())
        make_private(data_dir)

    # The logs folder, not backend.log: the file is briefly absent while the log rotates.
    guard = DataDirGuard(data_dir, lock, [data_dir / "jobs.sqlite3", data_dir / "results",
                                          data_dir / "logs"], recreate)
    jobs = JobService(store, cache, generators, RequestValidator(document),
                      record_ttl_s=args.record_ttl_days * 86400,
                      texture_generators=texture_generators, max_queued=args.max_queued,
                      ensure_data_dir=guard.ensure, after_job=memory.trim)
    jobs.recover()

    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__,
                "uptime_s": round(time.monotonic() - started, 3), "device": device,
                "generators": sorted(generators),
                "texture_generators": sorted(texture_generators),
                "models_loaded": model_manager(device, models_dir).loaded(),
                "data_dir": str(data_dir), "data_dir_recreated": guard.recreated,
                "memory": {"rss_bytes": memory.rss_bytes(),
                           "peak_rss_bytes": memory.peak_rss_bytes(),
                           "texture_cache_bytes": memo.total_bytes(),
                           "texture_cache_limit_bytes": memo.limit_bytes()}}

    def describe(kind: str, table: dict[str, Any]) -> list[dict[str, Any]]:
        described = []
        for name in sorted(table):
            gen = table[name]
            try:
                caps = dict(gen.capabilities())
            except Exception:
                log.exception("capabilities() of %s generator %s failed", kind, name)
                caps = {"weights_present": False, "reason": "capabilities failed; see the log"}
            described.append({**caps, "name": gen.name, "kind": kind, "version": gen.version,
                              "device": getattr(gen, "device", "cpu")})
        return described

    def capabilities() -> dict[str, Any]:
        # Texture generators get their own list: clients (the add-on's generator menu) read
        # "generators" as the world generators, and both kinds have a "procedural".
        return {"version": __version__, "device": device,
                "generators": describe("world", generators),
                "texture_generators": describe("texture", texture_generators),
                "limits": {"max_body_bytes": MAX_BODY_BYTES,
                           "cache_limit_bytes": cache.limit_bytes,
                           "record_ttl_s": args.record_ttl_days * 86400,
                           "max_queued": args.max_queued,
                           "request_timeout_s": args.request_timeout_s,
                           "texture_cache_limit_bytes": memo.limit_bytes()}}

    try:
        manager = model_manager(device, models_dir)

        def unload_models() -> dict[str, Any]:
            return {"unloaded": manager.unload(), "device": device}

        server = BackendServer(args.port, token, jobs, health, capabilities, document,
                               unload_models, token_file=args.token_file.resolve(),
                               request_timeout_s=args.request_timeout_s,
                               ensure_data_dir=guard.ensure)
    except OSError as exc:
        log.error("cannot listen on 127.0.0.1:%s: %s", args.port, exc)
        jobs.close()
        store.close()
        lock.release()
        return 1
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.parent_pid is not None:
        watch_parent(args.parent_pid, stop)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="http", daemon=True)
    thread.start()
    port = server.server_address[1]
    lock.publish(port=port, version=__version__, token_file=args.token_file.resolve())
    log.info("listening on 127.0.0.1:%d (device %s, generators %s, data %s)",
             port, device, ", ".join(sorted(generators)) or "none", data_dir)
    ready_out.write(json.dumps({"ready": True, "port": port, "version": __version__}) + "\n")
    ready_out.flush()
    # The main thread only waits, with a timeout so signals are handled promptly everywhere.
    while not stop.wait(0.5):
        pass
    log.info("shutting down")
    server.shutdown()
    server.server_close()
    jobs.close()
    store.close()
    lock.release()
    log.info("stopped")
    logging.shutdown()
    sys.stderr.flush()
    # Exit now: a generator may still be inside a long numpy step on a worker or pool thread
    # (ThreadPoolExecutor joins its threads at interpreter exit), and Blender waits for us.
    # Records, cache and logs are already closed.
    os._exit(0)
