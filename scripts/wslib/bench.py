"""The benchmark harness behind scripts/bench.py: cases register by name, run alternately with a
reference doing the same work, and report medians and their ratio.

Cases live in ``wslib/bench_cases/<area>.py``; each defines its cases with ``@case(name)`` at
import. Timing targets live in the rows, never in tests (the machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Callable

from . import blender

CASES: dict[str, Callable[[argparse.Namespace], list[dict]]] = {}
CASE_MODULES = ("export", "generate", "materials", "versions", "recipes")  # wslib/bench_cases/<name>.py, in this order


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


def interleaved_medians(funcs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time of each function, the functions timed in turn ``repeat`` times after one
    untimed run of each, so that drift on a shared machine (other processes, clock changes) falls
    on all of them alike."""
    for func in funcs.values():
        func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            started = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def paired_medians(ours: Callable[[], object], reference: Callable[[], object], repeat: int) -> tuple[float, float]:
    """``interleaved_medians`` of ours and a reference."""
    medians = interleaved_medians({"ours": ours, "reference": reference}, repeat)
    return medians["ours"], medians["reference"]


def row(name: str, value: float, unit: str = "s", *, reference: float | None = None,
        target: str = "", note: str = "") -> dict:
    result = {"case": name, "value": value, "unit": unit, "target": target, "note": note}
    if reference is not None:
        result["reference"] = reference
        result["ratio"] = value / reference if reference else float("inf")
    return result


def machine_facts() -> dict:
    """The machine the numbers come from: CPU model, cores, Python, operating system."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def machine() -> str:
    facts = machine_facts()
    return f"{facts['cpu']}, {facts['nproc']} cores, Python {facts['python']}"


def bpy_ready(args: argparse.Namespace) -> ModuleType:
    """Install the extension zip into an isolated Blender user folder once; return ``api``.
    Call it before importing bpy: it sets Blender's user folders."""
    if getattr(args, "_api", None) is None:
        tmp = Path(tempfile.mkdtemp(prefix="worldsmith-bench-"))
        blender.isolate_user_folder(tmp)
        args._api = blender.installed_api(dist=tmp / "dist")
    return args._api


def load_cases() -> None:
    for name in CASE_MODULES:
        importlib.import_module(f"{__package__}.bench_cases.{name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Worldsmith benchmarks")
    parser.add_argument("filter", nargs="?", default="", help="run only cases whose name contains this")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    load_cases()
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
