"""scripts/batch.py as users run it: a separate process with the bpy module, a job file, a report,
exit codes for each kind of failure, and resuming a finished run."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.helpers.fresh_process import ROOT, explain, run_python, run_script

BATCH = str(ROOT / "scripts" / "batch.py")
SMALL = ["--texture-size", "64", "--max-assets", "8"]


def batch(env, *args: str, **extra_env: str):
    return run_python([BATCH, *args], {**env, **extra_env}, timeout=300)


def _report(path: Path) -> dict:
    return json.loads(path.read_text())


def test_job_file_of_three_jobs_then_resume(env, tmp_path):
    jobs = tmp_path / "jobs.json"
    jobs.write_text(json.dumps([
        {"name": "court", "prompt": "a medieval courtyard with a well and crates", "seeds": "1-2"},
        {"name": "forest", "prompt": "a pine forest with rocks", "seeds": [5], "render": True,
         "render_size": "64x36"},
        {"name": "studio", "prompt": "a product studio with a bottle", "seeds": "3", "preset": "godot"},
    ]))
    out, report_path = tmp_path / "out", tmp_path / "report.json"
    proc = batch(env, "--job", str(jobs), "--export", str(out), "--report", str(report_path), *SMALL,
                 "--save", str(tmp_path / "all.blend"))
    assert proc.returncode == 0, explain(proc)
    assert "[batch] 1/4 court_s1: generating" in proc.stderr, "progress lines on stderr"
    report = _report(report_path)
    assert report["exit_code"] == 0 and report["summary"] == {"ok": 4}
    variants = report["variants"]
    assert [(v["name"], v["seed"]) for v in variants] == [("court_s1", 1), ("court_s2", 2), ("forest_s5", 5),
                                                           ("studio_s3", 3)]
    for v in variants:
        assert v["status"] == "ok" and v["version_id"] and v["asset_count"] >= 3 and v["triangles"] > 0, v
        assert v["validation"]["ok"] and v["validation"]["preset"] in ("gltf", "godot")
        assert v["timings"]["generate_s"] > 0 and v["timings"]["total_s"] >= v["timings"]["generate_s"]
        assert len(v["fingerprint"]) == 64 and v["canonical_job"]["texture_size"] == 64
        for item in v["outputs"]:
            assert Path(item["path"]).is_file() and item["bytes"] == Path(item["path"]).stat().st_size
    kinds = {v["name"]: sorted(o["kind"] for o in v["outputs"]) for v in variants}
    assert kinds == {"court_s1": ["export"], "court_s2": ["export"], "forest_s5": ["export", "preview"],
                     "studio_s3": ["export"]}
    assert (out / "forest_s5.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "studio_s3.glb").is_file() and (tmp_path / "all.blend").is_file()
    assert variants[0]["version_id"] != variants[1]["version_id"], "each seed is its own version"

    # A second run skips everything; an edited output makes only its variant run again.
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    (out / "court_s2.glb").write_bytes(b"edited by hand")
    again = batch(env, "--job", str(jobs), "--export", str(out), "--report", str(report_path), *SMALL)
    assert again.returncode == 0, explain(again)
    second = _report(report_path)
    assert [v["status"] for v in second["variants"]] == ["skipped", "ok", "skipped", "skipped"]
    assert "court_s2.glb changed since the earlier run" in again.stderr
    assert (out / "court_s1.glb").stat().st_mtime_ns == stamps["court_s1.glb"]
    assert (out / "court_s2.glb").read_bytes()[:4] == b"glTF"
    forced = batch(env, "--job", str(jobs), "--export", str(out), "--report", str(report_path), *SMALL, "--force")
    assert forced.returncode == 0 and _report(report_path)["summary"] == {"ok": 4}, explain(forced)


@pytest.mark.parametrize("args, says", [
    (["--prompt", "x", "--what"], "unrecognized arguments: --what"),
    (["--prompt", "x", "--seeds", "8-1"], "seed range 8-1 runs backwards: write 1-8"),
    (["--job", "/nonexistent/jobs.json"], "cannot read job file"),
    (["--prompt", "x", "--export", "/proc/worldsmith"], "cannot be written"),
])
def test_bad_input_is_exit_2_and_one_line_before_anything_runs(env, tmp_path, args, says):
    proc = batch(env, *args, "--report", str(tmp_path / "r.json"))
    assert proc.returncode == 2, explain(proc)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("batch.py: error:"), proc.stderr
    assert not (tmp_path / "r.json").exists(), "nothing ran"


def test_generation_failures_are_exit_3(env, tmp_path):
    rejected = batch(env, "--prompt", "a courtyard", "--generator", "no-such-generator", *SMALL,
                     "--report", str(tmp_path / "r.json"))
    assert rejected.returncode == 3, explain(rejected)
    (entry,) = _report(tmp_path / "r.json")["variants"]
    assert entry["status"] == "generation_failed" and "generator must be one of" in entry["error"]

    no_backend = batch(env, "--prompt", "a courtyard", *SMALL, "--report", str(tmp_path / "r2.json"),
                       WORLDSMITH_BACKEND_PYTHON="/nonexistent/python")
    assert no_backend.returncode == 3, explain(no_backend)
    (entry,) = _report(tmp_path / "r2.json")["variants"]
    assert entry["status"] == "generation_failed" and entry["error"].startswith("BackendUnavailable")
    assert "/nonexistent/python" in entry["error"]


def test_a_broken_budget_is_exit_4_and_nothing_is_exported(env, tmp_path):
    out = tmp_path / "out"
    proc = batch(env, "--prompt", "a medieval courtyard with a well", *SMALL, "--export", str(out),
                 "--triangle-budget", "10", "--report", str(tmp_path / "r.json"))
    assert proc.returncode == 4, explain(proc)
    (entry,) = _report(tmp_path / "r.json")["variants"]
    assert entry["status"] == "validation_failed" and not entry["validation"]["ok"]
    assert any("breaks triangle_budget" in e for e in entry["validation"]["errors"])
    assert not list(out.glob("*.glb")), "a variant that fails validation is not exported"


def test_keep_locked_from_a_blend(env, tmp_path):
    blend = tmp_path / "locked.blend"
    made = run_script(textwrap.dedent(f"""
        v = api.generate("a medieval courtyard with a well and crates", seed=1, texture_size=64, max_assets=8)
        well = next(a for a, o in v.assets().items() if o["archetype"] == "well")
        api.lock([well])
        bpy.ops.wm.save_as_mainfile(filepath={str(blend)!r})
        print("WELL", well)
    """), env)
    assert made.returncode == 0, explain(made)
    well = next(line.split()[1] for line in made.stdout.splitlines() if line.startswith("WELL"))
    saved = tmp_path / "kept.blend"
    proc = batch(env, "--keep-locked-from", str(blend), "--seeds", "4,5", "--report", str(tmp_path / "r.json"),
                 "--save", str(saved))
    assert proc.returncode == 0, explain(proc)
    variants = _report(tmp_path / "r.json")["variants"]
    assert [v["kept"] for v in variants] == [[well], [well]] and all(v["status"] == "ok" for v in variants)
    check = run_python(["-c", textwrap.dedent(f"""
        import bpy, json
        bpy.ops.wm.open_mainfile(filepath={str(saved)!r})
        rows = {{}}
        for c in bpy.data.collections:
            if "worldsmith_version" in c:
                rec = c["worldsmith_version"]
                wells = [o.data.name for o in c.all_objects if o.get("asset_id") == {well!r}]
                rows[int(rec["number"])] = [rec["parent"], rec["id"], wells]
        print("ROWS " + json.dumps(rows))
    """)], env)
    rows = {int(k): v for k, v in json.loads(next(ln[5:] for ln in check.stdout.splitlines()
                                                  if ln.startswith("ROWS "))).items()}
    assert sorted(rows) == [1, 2, 3], rows
    assert rows[2][0] == rows[1][1] and rows[3][0] == rows[1][1], "both variants regenerate the saved version"
    assert rows[1][2] == rows[2][2] == rows[3][2], "the locked well keeps its mesh in every variant"


def test_blender_style_run_uses_the_enabled_extension_and_args_after_double_dash(env, tmp_path):
    """What ``blender --background --python scripts/batch.py -- ARGS`` does, emulated in a bpy
    process: bpy is already loaded, the extension is already enabled, sys.argv is Blender's."""
    report = tmp_path / "r.json"
    proc = run_script(textwrap.dedent(f"""
        import runpy, sys
        sys.path.insert(0, {str(ROOT / "scripts")!r})
        import batch
        batch.inside_blender = lambda modules: True      # bpy.app.binary_path is "" under the bpy module
        sys.argv = ["blender", "--background", "--python", "scripts/batch.py", "--",
                    "--prompt", "a pine forest", "--seeds", "2", "--texture-size", "64", "--report", {str(report)!r}]
        print("EXIT", batch.main())
    """), env)
    assert "EXIT 0" in proc.stdout, explain(proc)
    assert "installing the extension" not in proc.stderr, "the enabled extension is used as it is"
    (entry,) = _report(report)["variants"]
    assert entry["status"] == "ok" and entry["seed"] == 2
