"""Farm bundles run for real with the Open Job Description CLI (``openjd run``, from PyPI), the
local runtime of the job format AWS Deadline Cloud runs: a 4-variant sweep makes four variants,
one report and a contact sheet; a task that failed or was killed is the only one a re-run redoes;
two sweeps into one output root never touch each other's files. Each task is a separate
``scripts/bpy-blender --background --python scripts/batch.py -- ...`` process with its own backend."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.fresh_process import ROOT, explain, fresh_env, run_script

OPENJD = shutil.which("openjd", path=str(Path(sys.executable).parent)) or shutil.which("openjd")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(OPENJD is None, reason="pip install -e .[dev] (openjd-cli)")]
SMALL = ["--texture-size", "64", "--max-assets", "6", "--render-size", "64x36"]
PNG = b"\x89PNG\r\n\x1a\n"


def write_bundle(folder: Path, root: Path, *args: str) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "farm_bundle.py"), *args, "--output-root",
                           str(root), "--blender", str(ROOT / "scripts" / "bpy-blender"), str(folder)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, explain(proc)
    return json.loads(proc.stdout)


def openjd(bundle: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``openjd run`` as a TD types it (the printed ``run_here`` line), with the bpy module."""
    template = bundle["template"]
    values = str(Path(template).parent / "openjd-parameters.json")
    env = {**os.environ, "WORLDSMITH_BPY_PYTHON": sys.executable}
    return subprocess.run([OPENJD, "run", template, "-p", f"file://{values}", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=str(ROOT))


def snapshot(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (backend data aside: its cache and logs are the task's own) -> mtime."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*"))
            if p.is_file() and "backend" not in p.relative_to(folder).parts}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """One 4-variant sweep, run once for the module."""
    tmp = tmp_path_factory.mktemp("farm")
    bundle = write_bundle(tmp / "bundle", tmp / "out", "sweep", "--prompt", "a medieval courtyard with a well",
                          "--seeds", "1-4", *SMALL)
    check = subprocess.run([OPENJD, "check", bundle["template"]], capture_output=True, text=True)
    assert check.returncode == 0, explain(check)
    proc = openjd(bundle)
    job_dir = tmp / "out" / bundle["parameters"]["JobName"]
    return bundle, proc, job_dir


def read(path: Path) -> dict:
    return json.loads(path.read_text())


def test_a_four_variant_sweep_makes_four_variants_a_report_and_a_contact_sheet(sweep):
    bundle, proc, job_dir = sweep
    assert proc.returncode == 0, explain(proc)
    assert "Session ended successfully" in proc.stdout
    for seed in range(1, 5):
        task_dir = job_dir / "variants" / f"s{seed}"
        assert (task_dir / f"a-medieval-courtyard-with-a-well_s{seed}.glb").read_bytes()[:4] == b"glTF"
        assert (task_dir / f"a-medieval-courtyard-with-a-well_s{seed}.png").read_bytes()[:8] == PNG
        assert read(task_dir / f"a-medieval-courtyard-with-a-well_s{seed}.worldsmith.json")["status"] == "ok"
        assert (task_dir / "backend" / "logs" / "backend.log").is_file(), "each task ran its own backend here"
    report = read(job_dir / "report.json")
    assert report["summary"] == {"ok": 4} and report["exit_code"] == 0
    assert [(v["seed"], v["status"], v["task_exit_code"]) for v in report["variants"]] == [
        (s, "ok", 0) for s in range(1, 5)]
    assert len({v["version_id"] for v in report["variants"]}) == 4
    sheet = (job_dir / "contact_sheet.png").read_bytes()
    assert sheet[:8] == PNG
    width, height = int.from_bytes(sheet[16:20], "big"), int.from_bytes(sheet[20:24], "big")
    assert (width, height) == (2 * 64, 2 * (36 + 20)), "2 x 2 previews with a label strip each"


def test_a_failed_task_says_why_and_a_rerun_redoes_only_that_task(sweep):
    bundle, first, job_dir = sweep
    assert first.returncode == 0, explain(first)
    broken = job_dir / "variants" / "s2"
    # The worker running s2 died: its outputs are gone, and its backend's job store is broken
    # (a folder where the SQLite file belongs), so the backend cannot start there.
    for path in broken.glob("a-medieval-*"):
        path.unlink()
    (broken / "report.json").unlink()
    shutil.rmtree(broken / "backend")
    (broken / "backend" / "jobs.sqlite3").mkdir(parents=True)
    before = snapshot(job_dir)

    failed = openjd(bundle)
    assert failed.returncode != 0
    assert "exited with code: 3" in failed.stdout, "the job log has batch's exit code"
    assert "_s2: generation failed: the backend did not start" in failed.stdout, "and why"
    (entry,) = read(broken / "report.json")["variants"]
    assert entry["status"] == "generation_failed" and entry["error"].startswith("BackendUnavailable")
    assert read(broken / "report.json")["exit_code"] == 3

    shutil.rmtree(broken / "backend")
    again = openjd(bundle)
    assert again.returncode == 0, explain(again)
    report = read(job_dir / "report.json")
    assert [v["status"] for v in report["variants"]] == ["skipped", "ok", "skipped", "skipped"]
    after = snapshot(job_dir)
    for seed in (1, 3, 4):
        files = [k for k in before if k.startswith(f"variants/s{seed}/a-medieval")]
        assert len(files) == 3 and all(after[k] == before[k] for k in files), f"s{seed} was not touched"
    assert (broken / "a-medieval-courtyard-with-a-well_s2.glb").read_bytes()[:4] == b"glTF"


def test_two_sweeps_into_one_output_root_never_touch_each_others_files(sweep, tmp_path):
    bundle, first, job_dir = sweep
    root = job_dir.parent
    before = snapshot(root)
    other = write_bundle(tmp_path / "bundle", root, "sweep", "--prompt", "a pine forest with rocks",
                         "--seeds", "1", *SMALL)
    assert other["parameters"]["JobName"] != bundle["parameters"]["JobName"]
    proc = openjd(other)
    assert proc.returncode == 0, explain(proc)
    after = snapshot(root)
    assert {k: after[k] for k in before} == before, "the first sweep's files are as they were"
    new = sorted(set(after) - set(before))
    assert new and all(k.startswith(other["parameters"]["JobName"] + "/") for k in new), new
    assert read(root / other["parameters"]["JobName"] / "report.json")["summary"] == {"ok": 1}


def test_export_bundle_exports_the_approved_version_of_a_saved_blend_with_each_preset(extension_zip, tmp_path):
    blend, team = tmp_path / "court.blend", tmp_path / "team"
    team.mkdir()
    made = run_script(textwrap.dedent(f"""
        v1 = api.generate("a medieval courtyard with a well", seed=1, texture_size=64, max_assets=6)
        api.set_review(v1, "in_review")
        api.set_review(v1, "approved")
        v2 = api.regenerate(v1, seed=2)
        api.publish(v2, folder={str(team)!r}, glb=False, preview=False)
        v3 = api.regenerate(v1, seed=3)
        bpy.ops.wm.save_as_mainfile(filepath={str(blend)!r})
        print("IDS", v1.id, v2.id, v3.id)
    """), fresh_env(tmp_path / "make", extension_zip))
    assert made.returncode == 0, explain(made)
    approved, published, newest = next(ln.split()[1:] for ln in made.stdout.splitlines() if ln.startswith("IDS "))
    bundle = write_bundle(tmp_path / "bundle", tmp_path / "out", "export", "--blend", str(blend),
                          "--version", "approved", "--presets", "gltf,godot")
    proc = openjd(bundle)
    assert proc.returncode == 0, explain(proc)
    job_dir = tmp_path / "out" / bundle["parameters"]["JobName"]
    for preset in ("gltf", "godot"):
        (entry,) = read(job_dir / preset / "report.json")["variants"]
        assert entry["status"] == "ok" and entry["version_id"] == approved != newest, entry
        assert (job_dir / preset / f"court_{preset}.glb").read_bytes()[:4] == b"glTF"
    again = openjd(bundle)
    assert again.returncode == 0, explain(again)
    assert [read(job_dir / p / "report.json")["variants"][0]["status"] for p in ("gltf", "godot")] == [
        "skipped", "skipped"]

    other = write_bundle(tmp_path / "bundle-published", tmp_path / "out", "export", "--blend", str(blend),
                         "--version", "published", "--presets", "gltf")
    assert other["parameters"]["JobName"] != bundle["parameters"]["JobName"]
    proc = openjd(other)
    assert proc.returncode == 0, explain(proc)
    (entry,) = read(tmp_path / "out" / other["parameters"]["JobName"] / "gltf" / "report.json")["variants"]
    assert entry["version_id"] == published, "the version in the team folder, not the newest"
