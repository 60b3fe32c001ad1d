#!/usr/bin/env python3
"""The last step of a farm sweep: one report and one contact sheet from the variants' reports.

    blender --background --python scripts/farm_collect.py -- --job-dir OUT/JOB --seeds 1-8 --tile 512x288
    blender --background --python scripts/farm_collect.py -- --job-dir OUT/JOB --values 1-3 --tile 512x288

Reads ``JOB/variants/s<seed>/report.json`` (what each task's ``batch.py --report`` wrote) for
every seed of the sweep, writes ``JOB/report.json`` (every variant, its task's exit code, a
summary, the worst exit code) and ``JOB/contact_sheet.png`` (the previews in a grid, each
labelled with its seed and status; a variant without a preview is a dark red tile). A variant
with no report is ``missing``. Exit code: the worst of the variants' batch exit codes (0 ok,
3 generation failed, 4 validation failed, 1 missing or broken), so a farm shows the job failed.
A recipe sweep (``--values``: a range expression, or texts separated by commas) reads
``JOB/variants/v<value>/report.json`` instead (``batch.py --recipe ... --set``) and labels its
tiles with the value. Reading and writing PNGs needs bpy (scripts/wslib/png.py), so this runs where batch.py runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # Blender's --python does not put the script's folder on sys.path
    sys.path.insert(0, str(HERE))

from wslib import batch_core, png  # noqa: E402  (wslib also puts the checkout on sys.path: addon.core)

EXIT_MISSING = batch_core.EXIT_INTERNAL
REPORT, SHEET = "report.json", "contact_sheet.png"
LABEL_H = 20
COLOURS = {"ok": (0.15, 0.45, 0.2, 1.0), "skipped": (0.15, 0.35, 0.45, 1.0)}
FAILED = (0.45, 0.08, 0.08, 1.0)


def log(message: str) -> None:
    print(f"[collect] {message}", file=sys.stderr, flush=True)


def expand_range(text: str) -> list[int]:
    """An OpenJD integer range expression (``1-8``, ``1,3,5-7``, ``1-9:2``) -> its values."""
    values: list[int] = []
    for part in str(text).replace(" ", "").split(","):
        match = re.fullmatch(r"(-?\d+)(?:-(-?\d+)(?::(-?\d+))?)?", part)
        if not match:
            raise ValueError(f"{part!r} in {text!r} is not a value, a range a-b or a-b:step")
        lo = int(match[1])
        hi = int(match[2]) if match[2] is not None else lo
        step = int(match[3] or (1 if hi >= lo else -1))
        values += [v for v in range(lo, hi + (1 if step > 0 else -1), step) if v not in values]
    return values


def sweep_values(text: str) -> list[Any]:
    """A recipe sweep's ``--values``: whole numbers from a range expression, else the texts."""
    try:
        return expand_range(text)
    except ValueError:
        return [v.strip() for v in str(text).split(",") if v.strip()]


def read_variant(job_dir: Path, seed: Any, key: str = "seed") -> dict[str, Any]:
    """One row of the collected report, from ``variants/s<seed>/report.json`` (a recipe sweep's
    ``key="value"``: ``variants/v<value>/report.json``)."""
    task_dir = job_dir / "variants" / f"{key[0]}{seed}"
    row: dict[str, Any] = {key: seed, "task_dir": str(task_dir)}
    try:
        report = json.loads((task_dir / REPORT).read_text(encoding="utf-8"))
        (entry,) = [v for v in report["variants"] if str(v.get(key)) == str(seed)]
    except FileNotFoundError:
        return {**row, "status": "missing", "task_exit_code": None,
                "error": f"{task_dir / REPORT} does not exist: the task did not run or was killed; run the job again"}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {**row, "status": "missing", "task_exit_code": None,
                "error": f"{task_dir / REPORT} cannot be read ({type(exc).__name__}): run the job again"}
    preview = next((o["path"] for o in entry.get("outputs") or [] if o.get("kind") == "preview"), None)
    return {**entry, **row, "task_exit_code": report.get("exit_code"), "preview": preview,
            "task_finished": report.get("finished")}


def collect(job_dir: Path, seeds: Sequence[Any], key: str = "seed") -> dict[str, Any]:
    rows = [read_variant(job_dir, seed, key) for seed in seeds]
    statuses = [r["status"] for r in rows]
    code = batch_core.exit_code(s for s in statuses if s != "missing")
    if "missing" in statuses:
        code = code or EXIT_MISSING
    return {"tool": "worldsmith-farm-collect", "schema": 1, "job_dir": str(job_dir), f"{key}s": list(seeds),
            "variants": rows, "summary": {s: statuses.count(s) for s in sorted(set(statuses))},
            "exit_code": code, "contact_sheet": str(job_dir / SHEET)}


def grid(count: int) -> tuple[int, int]:
    cols = max(1, math.ceil(math.sqrt(count)))
    return cols, max(1, math.ceil(count / cols))


def _tile(path: str, size: tuple[int, int]) -> Any:
    """A preview as top-down H x W x 4 float pixels at ``size`` (nearest-neighbour if it differs)."""
    import numpy as np

    rgba = png.read_png(path)[::-1]
    h, w = rgba.shape[:2]
    ys = (np.arange(size[1]) * h // size[1]).clip(0, h - 1)
    xs = (np.arange(size[0]) * w // size[0]).clip(0, w - 1)
    return rgba[ys][:, xs]


def contact_sheet(rows: Sequence[dict[str, Any]], tile: tuple[int, int], path: Path) -> None:
    """The previews in a grid with a label strip under each (seed and status)."""
    import numpy as np

    from addon.core import labels

    tw, th = tile
    cols, nrows = grid(len(rows))
    sheet = np.zeros((nrows * (th + LABEL_H), cols * tw, 4), dtype=np.float32)
    for i, row in enumerate(rows):
        x, y = (i % cols) * tw, (i // cols) * (th + LABEL_H)
        preview = row.get("preview")
        if preview and os.path.isfile(preview):
            sheet[y:y + th, x:x + tw] = _tile(preview, tile)
        else:
            labels.fill_box(sheet, x, y, tw, th, FAILED)
        labels.fill_box(sheet, x, y + th, tw, LABEL_H, COLOURS.get(row["status"], FAILED))
        name = f"S{row['seed']}" if "seed" in row else str(row["value"]).upper()
        labels.draw_text(sheet, f"{name} {row['status']}".replace("_", " "), x=x + 4, y=y + th + 3, scale=2)
    sheet[..., 3] = 1.0
    png.write_png(sheet[::-1], path)  # Blender stores rows bottom-up


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def main(args: Sequence[str] | None = None) -> int:
    if args is None:
        args = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    parser = argparse.ArgumentParser(prog="farm_collect.py", description=__doc__.splitlines()[0])
    parser.add_argument("--job-dir", required=True, type=Path, help="OUTPUT_ROOT/JOB_NAME of the sweep")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--seeds", help="the sweep's seeds (an OpenJD range expression)")
    which.add_argument("--values", help="a recipe sweep's values (a range expression, or texts a,b,c)")
    parser.add_argument("--tile", default="512x288", help="contact sheet tile size WxH (the preview size)")
    ns = parser.parse_args(list(args))
    try:
        key = "seed" if ns.seeds is not None else "value"
        seeds = expand_range(ns.seeds) if key == "seed" else sweep_values(ns.values)
        tile = batch_core.parse_size(ns.tile)
    except (ValueError, batch_core.BadInput) as exc:
        print(f"farm_collect.py: error: {exc}", file=sys.stderr, flush=True)
        return batch_core.EXIT_BAD_INPUT
    job_dir = ns.job_dir.resolve()
    report = collect(job_dir, seeds, key)
    for row in report["variants"]:
        why = f": {row['error']}" if row.get("error") else ""
        log(f"{key[0]}{row[key]}: {row['status']} (task exit code {row['task_exit_code']}){why}")
    contact_sheet(report["variants"], tile, job_dir / SHEET)
    write_json(job_dir / REPORT, report)
    log(f"report: {job_dir / REPORT}")
    log(f"contact sheet: {job_dir / SHEET}")
    log(f"done: {report['summary']} (exit code {report['exit_code']})")
    return report["exit_code"]


if __name__ == "__main__":
    import bpy_exit

    bpy_exit.run(main)
