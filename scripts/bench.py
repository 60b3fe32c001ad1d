#!/usr/bin/env python3
"""Worldsmith benchmarks: each case measures our code and, where one exists, a reference doing the
same work in the same run, and prints medians and their ratio. Timing targets live here, never in
tests (the machines are shared and noisy).

    scripts/bench.py                 # every case
    scripts/bench.py generator       # cases whose name contains "generator"
    scripts/bench.py --json out/bench.json

Cases that need bpy install the extension zip into an isolated Blender user folder first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

CASES: dict[str, Callable[[argparse.Namespace], list[dict]]] = {}


def case(name: str):
    def register(func):
        CASES[name] = func
        return func
    return register


def median_time(func: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``func`` over ``repeat`` runs; ``setup`` runs untimed before each."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_medians(ours: Callable[[], object], reference: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``reference`` timed alternately, after one untimed run of each, so
    that drift on a shared machine (other processes, clock changes) falls on both sides alike."""
    ours()
    reference()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for func, times in ((ours, a), (reference, b)):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
    return statistics.median(a), statistics.median(b)


def row(name: str, value: float, unit: str = "s", *, reference: float | None = None,
        target: str = "", note: str = "") -> dict:
    result = {"case": name, "value": value, "unit": unit, "target": target, "note": note}
    if reference is not None:
        result["reference"] = reference
        result["ratio"] = value / reference if reference else float("inf")
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _bpy_ready(args) -> object:
    """Install the extension zip into an isolated Blender user folder once; return ``api``."""
    if getattr(args, "_api", None) is None:
        tmp = Path(tempfile.mkdtemp(prefix="worldsmith-bench-"))
        os.environ.setdefault("BLENDER_USER_RESOURCES", str(tmp / "blender"))
        os.environ.setdefault("XDG_CACHE_HOME", str(tmp / "cache"))
        import importlib

        import build_extension
        import bpy

        zip_path = build_extension.build(tmp / "dist")
        bpy.ops.extensions.package_install_files(filepath=str(zip_path), repo="user_default",
                                                 enable_on_install=True)
        args._api = importlib.import_module("bl_ext.user_default.worldsmith.api")
    return args._api


# Cases are defined in bench_cases_*.py modules beside this file, so each area keeps its own.
def _load_case_modules() -> None:
    import importlib

    for path in sorted((ROOT / "scripts").glob("bench_cases_*.py")):
        module = importlib.import_module(path.stem)
        module.register(case, median_time, row, _bpy_ready)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Worldsmith benchmarks")
    parser.add_argument("filter", nargs="?", default="", help="run only cases whose name contains this")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    _load_case_modules()
    print(f"machine: {machine()}")
    rows: list[dict] = []
    for name, func in CASES.items():
        if args.filter and args.filter not in name:
            continue
        print(f"\n== {name}")
        for r in func(args):
            rows.append(r)
            ratio = f"  ratio {r['ratio']:.3f} (reference {r['reference']:.4f} {r['unit']})" if "ratio" in r else ""
            target = f"  target {r['target']}" if r["target"] else ""
            note = f"  [{r['note']}]" if r["note"] else ""
            print(f"  {r['case']:<48} {r['value']:.4f} {r['unit']}{ratio}{target}{note}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
