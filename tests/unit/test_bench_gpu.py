"""scripts/bench_gpu.py runs on a CPU in its tiny configuration (the GPU run uses the same code)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.tiny_models import needs_stack

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [needs_stack, pytest.mark.slow]


def test_bench_gpu_tiny_on_cpu_prints_a_table_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_gpu.py"), "--device", "cpu", "--tiny",
                           "--json", str(out)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "world/single ratio" in proc.stdout and "sd-texture" in proc.stdout
    report = json.loads(out.read_text())
    rows = report["shap_e"]["float32"]["rows"]
    assert {(r["assets"], r["mode"]) for r in rows} >= {(1, "batched"), (4, "batched"), (4, "one_at_a_time")}
    assert all(r["per_asset_s"] > 0 and r["peak_vram_mb"] is None for r in rows)
    assert all(r["post_serial_s"] > 0 and r["post_wait_s"] >= 0 for r in rows)
    assert report["settings"] == {"steps": 4, "grid": 32, "sd_size": 64, "sd_steps": 3, "counts": [1, 2, 4]}
    assert report["sd_texture"]["float32"]["s_per_material"] > 0
    one, kinds = report["worlds"]["rows"]
    assert (one["props"], one["generated_meshes"]) == (1, 1)
    assert kinds["props"] >= 16 and kinds["generated_meshes"] == 8, "shared meshes are generated once"
    assert report["worlds"]["load_s"] > 0 and "whole worlds" in proc.stdout
