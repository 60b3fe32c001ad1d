"""Bounded load benchmark of the backend (loopback only; stops by itself).

Starts its own backend on 127.0.0.1 (temporary data folder, --device cpu), then:

1. **throughput**: ``--clients`` client threads (default 4) submit ``--jobs`` distinct small
   worlds between them, poll each job's status until it is done, download the result and check
   its sha256 against the ETag. Reports jobs/s and the p50/p99 latency of the status polls
   made while the backend's workers generate.
2. **heavy**: one ``--heavy-assets``-asset world at ``--heavy-texture-size`` px (the case that
   left 2 GB resident before issue 18), unless ``--heavy-texture-size 0``.
3. **idle**: waits ``--idle-s`` seconds and reads the resident size again.

Backend memory is sampled from /proc/PID/status (VmRSS, VmHWM) every 0.1 s on Linux, else from
``GET /v1/health`` ``memory``. Everything is bounded: ``--jobs`` <= 1000, and the whole run stops
at ``--max-seconds`` (jobs still running are cancelled, the backend is stopped with SIGTERM).

Prints one JSON object on stdout (also written to ``--json FILE``) and a summary on stderr.

    python scripts/bench_load.py [--jobs 200] [--clients 4] [--heavy-texture-size 2048]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wslib import backend  # noqa: E402  (starts the backend process and waits until it listens)
from wslib.bench import machine_facts as machine  # noqa: E402

SMALL = {"prompt": "a small courtyard with a well and two barrels", "max_assets": 6,
         "asset_budget": {"texture_size": 256, "max_triangles": 4000}}
HEAVY_PROMPT = "a courtyard with a well, a market stall, a cart, barrels and torches"


class Client:
    def __init__(self, port: int, token: str):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token

    def request(self, method: str, path: str, body: Any = None,
                timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()


class MemorySampler(threading.Thread):
    def __init__(self, pid: int, client: Client):
        super().__init__(name="rss-sampler", daemon=True)
        self.pid, self.client = pid, client
        self.stop = threading.Event()
        self.peak_rss = 0
        self.last_rss = 0
        self.proc = Path(f"/proc/{pid}/status")

    def sample(self) -> tuple[int, int]:
        """(rss, peak rss) in bytes."""
        if self.proc.exists():
            fields = {}
            for line in self.proc.read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0]) * 1024
            return fields.get("VmRSS", 0), fields.get("VmHWM", 0)
        status, _, body = self.client.request("GET", "/v1/health")
        mem = json.loads(body).get("memory", {}) if status == 200 else {}
        return int(mem.get("rss_bytes") or 0), int(mem.get("peak_rss_bytes") or 0)

    def run(self) -> None:
        while not self.stop.wait(0.1):
            try:
                rss, peak = self.sample()
            except (OSError, ValueError):
                return
            self.last_rss = rss
            self.peak_rss = max(self.peak_rss, rss, peak)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_backend(folder: Path, extra: list[str]) -> tuple[subprocess.Popen, int, str]:
    with open(folder / "backend.stderr", "wb") as stderr:
        try:
            started = backend.start(folder / "data", folder / "token", *extra, stderr=stderr, timeout=60)
        except TimeoutError:
            raise SystemExit("bench_load: the backend printed no ready line in 60 s; see "
                             f"{folder / 'backend.stderr'}") from None
        except RuntimeError as exc:
            raise SystemExit(f"bench_load: {exc}") from None
    return started.proc, started.port, started.token


def run_job(client: Client, spec: dict[str, Any], deadline: float,
            poll_ms: list[float], lock: threading.Lock) -> str:
    """Submit, poll until finished, fetch and check the result; returns the final state."""
    while True:
        status, headers, body = client.request("POST", "/v1/jobs", spec)
        if status != 429:
            break
        time.sleep(int(headers.get("Retry-After", "1")))  # what the add-on must do too
    if status != 202:
        return f"refused {status}"
    job = json.loads(body)
    while job["state"] in ("queued", "running"):
        if time.monotonic() > deadline:
            client.request("POST", f"/v1/jobs/{job['id']}/cancel")
            return "timeout"
        time.sleep(0.05)
        t0 = time.perf_counter()
        status, _, body = client.request("GET", f"/v1/jobs/{job['id']}")
        with lock:
            poll_ms.append((time.perf_counter() - t0) * 1000)
        job = json.loads(body)
    if job["state"] != "done":
        return job["state"]
    status, headers, data = client.request("GET", f"/v1/jobs/{job['id']}/result")
    if status != 200 or headers.get("ETag", "").strip('"') != hashlib.sha256(data).hexdigest():
        return "bad result"
    return "done"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200, help="distinct small worlds (<= 1000)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (<= 32)")
    parser.add_argument("--heavy-texture-size", type=int, default=2048,
                        help="texture size of the heavy world; 0 skips it")
    parser.add_argument("--heavy-assets", type=int, default=6)
    parser.add_argument("--idle-s", type=float, default=10.0)
    parser.add_argument("--max-seconds", type=float, default=300.0,
                        help="the whole run stops by then")
    parser.add_argument("--backend-arg", action="append", default=[],
                        help="extra argument for serve (repeat), e.g. --texture-cache-mb=64")
    parser.add_argument("--json", type=Path, default=None, help="also write the result here")
    args = parser.parse_args(argv)
    jobs = max(1, min(args.jobs, 1000))
    clients = max(1, min(args.clients, 32))
    started = time.monotonic()
    deadline = started + max(10.0, args.max_seconds)

    with tempfile.TemporaryDirectory(prefix="ws-bench-load-") as tmp:
        proc, port, token = start_backend(Path(tmp), args.backend_arg)
        client = Client(port, token)
        sampler = MemorySampler(proc.pid, client)
        rss_start = sampler.sample()[0]
        sampler.start()
        result: dict[str, Any] = {"machine": machine(), "clients": clients,
                                  "backend_cpu_workers": 2, "rss_start_mb": round(rss_start / 2**20, 1)}
        try:
            # 1. throughput
            poll_ms: list[float] = []
            states: list[str] = []
            lock = threading.Lock()
            seeds = iter(range(jobs))

            def worker() -> None:
                while time.monotonic() < deadline:
                    with lock:
                        seed = next(seeds, None)
                    if seed is None:
                        return
                    state = run_job(client, {**SMALL, "seed": seed}, deadline, poll_ms, lock)
                    with lock:
                        states.append(state)

            t0 = time.monotonic()
            threads = [threading.Thread(target=worker) for _ in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - t0
            done = states.count("done")
            result["throughput"] = {
                "jobs": len(states), "done": done, "wall_s": round(wall, 2),
                "jobs_per_s": round(done / wall, 2) if wall else None,
                "status_polls": len(poll_ms),
                "poll_p50_ms": round(percentile(poll_ms, 0.50) or 0, 2),
                "poll_p99_ms": round(percentile(poll_ms, 0.99) or 0, 2),
                "other_states": sorted(set(states) - {"done"}),
                "rss_after_mb": round(sampler.sample()[0] / 2**20, 1)}
            # 2. heavy
            if args.heavy_texture_size and time.monotonic() < deadline:
                spec = {"prompt": HEAVY_PROMPT, "max_assets": args.heavy_assets, "seed": 1,
                        "asset_budget": {"texture_size": args.heavy_texture_size}}
                t0 = time.monotonic()
                heavy_polls: list[float] = []
                state = run_job(client, spec, deadline, heavy_polls, lock)
                result["heavy"] = {"texture_size": args.heavy_texture_size,
                                   "assets": args.heavy_assets, "state": state,
                                   "wall_s": round(time.monotonic() - t0, 2),
                                   "status_polls": len(heavy_polls),
                                   "poll_p50_ms": round(percentile(heavy_polls, 0.5) or 0, 2),
                                   "poll_p99_ms": round(percentile(heavy_polls, 0.99) or 0, 2),
                                   "rss_after_mb": round(sampler.sample()[0] / 2**20, 1)}
            # 3. idle
            time.sleep(max(0.0, min(args.idle_s, deadline - time.monotonic())))
            rss_idle, hwm = sampler.sample()
            result["rss_after_idle_mb"] = round(rss_idle / 2**20, 1)
            result["peak_rss_mb"] = round(max(sampler.peak_rss, hwm) / 2**20, 1)
            status, _, body = client.request("GET", "/v1/health")
            result["health_after"] = status
        finally:
            sampler.stop.set()
            proc.send_signal(signal.SIGTERM)
            try:
                result["backend_exit"] = proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                result["backend_exit"] = proc.wait()
        result["total_s"] = round(time.monotonic() - started, 1)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json is not None:
        args.json.write_text(text + "\n")
    tp = result["throughput"]
    sys.stderr.write(
        f"{tp['done']}/{tp['jobs']} jobs, {tp['jobs_per_s']} jobs/s; status poll p50 "
        f"{tp['poll_p50_ms']} ms, p99 {tp['poll_p99_ms']} ms ({tp['status_polls']} polls); "
        f"peak RSS {result['peak_rss_mb']} MB, after idle {result['rss_after_idle_mb']} MB\n")
    ok = tp["done"] == tp["jobs"] and result.get("heavy", {}).get("state", "done") == "done"
    return 0 if ok and result["backend_exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
