#!/usr/bin/env python3
"""A variant sweep three ways: ``batch.py`` in one process, and the same sweep as an Open Job
Description job run by ``openjd run`` with 1 and with 2 workers (two ``openjd run`` processes on
disjoint task ranges, as two farm workers would take them), then the Collect step.

    .venv/bin/python scripts/bench_farm.py --variants 16 --json out/bench_farm.json

Reports wall time and per-variant cost side by side, and splits each OpenJD task's time into the
variant's own work (the batch report's ``total_s``: generate, validate, export, preview), the
worker process around it (Blender or the bpy module starting, installing the extension, starting
a backend) and the job runtime itself (the session, its environment, launching the action).
Everything runs with the bpy module through scripts/bpy-blender, cold backends, no shared cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROMPT = "a medieval courtyard with a well and market stalls"
SMALL = {"texture_size": 64, "max_assets": 8, "render_size": (64, 36)}
STAMP = re.compile(r"^(\d+):(\d\d):(\d\d\.\d+)\t(.*)$")


def openjd_bin() -> str:
    found = shutil.which("openjd", path=str(Path(sys.executable).parent)) or shutil.which("openjd")
    if not found:
        raise SystemExit("openjd is not installed: pip install -e .[dev]")
    return found


def machine() -> dict:
    model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "cpu": model, "load_before": os.getloadavg(), "python": platform.python_version()}


def run_batch(tmp: Path, seeds: str, env: dict) -> dict:
    out = tmp / "batch"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(HERE / "batch.py"), "--prompt", PROMPT, "--seeds", seeds,
                           "--texture-size", str(SMALL["texture_size"]), "--max-assets", str(SMALL["max_assets"]),
                           "--render", "--render-size", "{}x{}".format(*SMALL["render_size"]), "--export", str(out),
                           "--report", str(out / "report.json"), "--backend-data-dir", str(tmp / "batch-backend")],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"batch.py failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads((out / "report.json").read_text())
    return {"wall_s": wall, "work_s": [v["timings"]["total_s"] for v in report["variants"]]}


def task_walls(log: str) -> list[float]:
    """Seconds from each action's launch to its exit, from ``openjd run``'s timestamped log."""
    walls, start = [], None
    for line in log.splitlines():
        m = STAMP.match(line)
        if not m:
            continue
        t = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])
        if m[4].startswith("Running command "):
            start = t
        elif m[4].startswith("Process pid ") and start is not None:
            walls.append(t - start)
            start = None
    return walls


def run_openjd(tmp: Path, seeds: list[int], workers: int, env: dict) -> dict:
    bundle = tmp / f"bundle-{workers}"
    subprocess.run([sys.executable, str(HERE / "farm_bundle.py"), "sweep", "--prompt", PROMPT, "--seeds",
                    ",".join(map(str, seeds)), "--texture-size", str(SMALL["texture_size"]), "--max-assets",
                    str(SMALL["max_assets"]), "--render-size", "{}x{}".format(*SMALL["render_size"]),
                    "--output-root", str(tmp / f"openjd-{workers}"), "--blender", str(HERE / "bpy-blender"),
                    str(bundle)], check=True, capture_output=True)
    base = [openjd_bin(), "run", str(bundle / "template.json"), "-p", f"file://{bundle / 'openjd-parameters.json'}"]
    shares = [seeds[i::workers] for i in range(workers)]
    started = time.perf_counter()
    procs = [subprocess.Popen(base + ["--step", "Variants", "--tasks", json.dumps([{"Seed": s} for s in share])],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
             for share in shares]
    logs = [p.communicate()[0] for p in procs]
    variants_wall = time.perf_counter() - started
    if any(p.returncode for p in procs):
        raise SystemExit("openjd run failed:\n" + "\n".join(log[-3000:] for log in logs))
    t = time.perf_counter()
    collect = subprocess.run(base + ["--step", "Collect"], capture_output=True, text=True, env=env)
    collect_wall = time.perf_counter() - t
    if collect.returncode:
        raise SystemExit(f"collect failed:\n{collect.stdout[-3000:]}")
    job_dir = next((tmp / f"openjd-{workers}").iterdir())
    report = json.loads((job_dir / "report.json").read_text())
    return {"wall_s": variants_wall + collect_wall, "variants_wall_s": variants_wall, "collect_s": collect_wall,
            "task_s": [w for log in logs for w in task_walls(log)],
            "work_s": [v["timings"]["total_s"] for v in report["variants"]]}


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def table(n: int, batch: dict, runs: dict[int, dict]) -> str:
    rows = ["| run | wall | per variant (wall / n) | variant work (mean) | task process (mean) | "
            "worker start-up per task | job runtime per task |", "|---|---|---|---|---|---|---|"]
    rows.append(f"| batch.py, one process | {batch['wall_s']:.1f} s | {batch['wall_s'] / n:.2f} s | "
                f"{mean(batch['work_s']):.2f} s | | | |")
    for workers, r in sorted(runs.items()):
        task, work = mean(r["task_s"]), mean(r["work_s"])
        runtime = (r["variants_wall_s"] * workers - sum(r["task_s"])) / n
        rows.append(f"| openjd run, {workers} worker{'s' if workers > 1 else ''} (+ Collect {r['collect_s']:.1f} s) | "
                    f"{r['wall_s']:.1f} s | {r['wall_s'] / n:.2f} s | {work:.2f} s | {task:.2f} s | "
                    f"{task - work:.2f} s | {runtime:.2f} s |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=16)
    parser.add_argument("--workers", default="1,2", help="OpenJD worker counts to run (comma separated)")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    seeds = list(range(1, args.variants + 1))
    tmp = Path(tempfile.mkdtemp(prefix="worldsmith-bench-farm-"))
    env = {**os.environ, "WORLDSMITH_BPY_PYTHON": sys.executable, "BLENDER_USER_RESOURCES": str(tmp / "user"),
           "XDG_CACHE_HOME": str(tmp / "cache")}
    env.pop("WORLDSMITH_BACKEND_URL", None)
    info = machine()
    batch = run_batch(tmp, f"1-{args.variants}", env)
    print(f"batch.py: {batch['wall_s']:.1f} s", file=sys.stderr, flush=True)
    runs = {}
    for workers in (int(w) for w in args.workers.split(",")):
        runs[workers] = run_openjd(tmp, seeds, workers, env)
        print(f"openjd x{workers}: {runs[workers]['wall_s']:.1f} s", file=sys.stderr, flush=True)
    info["load_after"] = os.getloadavg()
    text = table(args.variants, batch, runs)
    print(json.dumps(info))
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": info, "variants": args.variants, "batch": batch,
                                         "openjd": runs, "table": text}, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
