"""Farm bundles without running them: the templates are valid Open Job Description (checked with
the openjd-model package a farm uses), a job made from them has one task per seed or preset, no
path is baked into a command, and the writer and collector refuse what would fail later."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from addon.core import farm

openjd_model = pytest.importorskip("openjd.model", reason="pip install -e .[dev] (openjd-cli)")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import farm_collect  # noqa: E402

sys.path.pop(0)

from tests.helpers.openjd_jobs import make_job, tasks  # noqa: E402


def sweep(**kw) -> farm.Sweep:
    return farm.Sweep(**{"prompt": "a medieval courtyard", "output_root": "/farm/out", "seeds": "1-4",
                         "worldsmith_root": "/farm/worldsmith", **kw})


def test_sweep_template_is_openjd_with_one_task_per_seed_and_a_collect_step(tmp_path):
    bundle = farm.sweep_bundle(sweep(seeds="3,1-2,9", texture_size=64, max_assets=8, render_size=(96, 54)))
    assert bundle.template["specificationVersion"] == "jobtemplate-2023-09"
    job = make_job(bundle, tmp_path)
    variants, collect = job.steps
    assert [t["Seed"] for t in tasks(variants)] == ["1", "2", "3", "9"]
    assert collect.dependencies[0].dependsOn == "Variants" and tasks(collect) == [{}]
    assert job.name == f"Worldsmith sweep {bundle.values['JobName']}"
    # Another seed range at submit time is another set of tasks, from the same template.
    assert len(tasks(make_job(bundle, tmp_path, Seeds="1-16").steps[0])) == 16
    kinds = {p["name"]: p["type"] for p in bundle.template["parameterDefinitions"]}
    assert kinds["OutputRoot"] == kinds["WorldsmithRoot"] == "PATH" and kinds["TextureSize"] == "INT"
    assert all(p.get("description") for p in bundle.template["parameterDefinitions"])


def test_paths_are_parameters_not_baked_into_commands():
    bundle = farm.sweep_bundle(sweep())
    text = json.dumps(bundle.template)
    assert "/farm/out" not in text and "/farm/worldsmith" not in text
    action = bundle.template["steps"][0]["script"]["actions"]["onRun"]
    assert action["command"] == "{{Param.Blender}}"
    assert action["args"][:4] == ["--background", "--python", "{{Param.WorldsmithRoot}}/scripts/batch.py", "--"]
    task_dir = "{{Param.OutputRoot}}/{{Param.JobName}}/variants/s{{Task.Param.Seed}}"
    assert action["args"][action["args"].index("--export") + 1] == task_dir
    assert action["args"][action["args"].index("--backend-data-dir") + 1] == task_dir + "/backend"
    env = bundle.template["jobEnvironments"][0]["variables"]
    assert env["WORLDSMITH_BACKEND_URL"] == "" and "{{Session.WorkingDirectory}}" in env["BLENDER_USER_RESOURCES"]


def test_job_names_come_from_the_content():
    a, b = farm.sweep_bundle(sweep()), farm.sweep_bundle(sweep(prompt="a pine forest"))
    again = farm.sweep_bundle(sweep(output_root="/elsewhere"))
    assert a.values["JobName"] != b.values["JobName"], "two sweeps never share a folder"
    assert a.values["JobName"] == again.values["JobName"], "the same sweep resumes in its folder"
    assert farm.sweep_bundle(sweep(seeds="1-8")).values["JobName"] != a.values["JobName"]
    assert a.values["JobName"].startswith("a-medieval-courtyard-")
    assert farm.sweep_bundle(sweep(name="court-v2")).values["JobName"] == "court-v2"


def test_export_template_has_one_task_per_preset(tmp_path):
    bundle = farm.export_bundle(farm.SavedExport(blend="/farm/shots/court.blend", output_root="/farm/out",
                                                 presets=("gltf", "unreal", "gltf"), worldsmith_root="/ws"))
    (step,) = make_job(bundle, tmp_path).steps
    assert [t["Preset"] for t in tasks(step)] == ["gltf", "unreal"]
    assert bundle.values["BlendFile"] == "/farm/shots/court.blend"
    assert "/farm/shots" not in json.dumps(bundle.template)


@pytest.mark.parametrize("kw, says", [
    ({"seeds": "8-1"}, "seed range 8-1 runs backwards: write 1-8"),
    ({"seeds": "1,x"}, "'x' is not a seed"),
    ({"theme": "moon"}, "theme 'moon' is unknown"),
    ({"texture_size": 100}, "a power of two"),
    ({"output_root": ""}, "give an output root"),
    ({"name": "a b"}, "job name 'a b'"),
    ({"prompt": " "}, "the prompt must be text"),
])
def test_bad_sweeps_are_refused_with_what_to_fix(kw, says):
    with pytest.raises(farm.FarmBundleError, match=None) as err:
        farm.sweep_bundle(sweep(**kw))
    assert says in str(err.value)


def test_seed_ranges_are_normalised():
    assert farm.seed_range("5,1-3,2") == "1-3,5"
    assert farm.seed_range([4, 2, 3, 7]) == "2-4,7"
    assert farm_collect.expand_range("1-3,5") == [1, 2, 3, 5]
    assert farm_collect.expand_range("1-9:4") == [1, 5, 9]


def test_write_bundle_writes_both_tools_values_and_never_replaces_silently(tmp_path):
    bundle = farm.sweep_bundle(sweep())
    path = farm.write_bundle(str(tmp_path / "b"), bundle)
    assert json.loads(Path(path).read_text()) == bundle.template
    deadline = json.loads((tmp_path / "b" / farm.DEADLINE_VALUES_FILE).read_text())
    assert {"name": "OutputRoot", "value": "/farm/out"} in deadline["parameterValues"]
    assert json.loads((tmp_path / "b" / farm.OPENJD_VALUES_FILE).read_text()) == bundle.values
    with pytest.raises(farm.FarmBundleError, match="exists"):
        farm.write_bundle(str(tmp_path / "b"), bundle)
    farm.write_bundle(str(tmp_path / "b"), bundle, overwrite=True)
    with pytest.raises(farm.FarmBundleError, match="give WorldsmithRoot"):
        farm.write_bundle(str(tmp_path / "c"), farm.sweep_bundle(sweep(worldsmith_root="")))


def test_cli_writes_a_bundle_and_refuses_bad_input_in_one_line(tmp_path):
    script = str(ROOT / "scripts" / "farm_bundle.py")
    ok = subprocess.run([sys.executable, script, "sweep", "--prompt", "a pine forest", "--seeds", "1-3",
                         "--output-root", str(tmp_path / "out"), str(tmp_path / "bundle")],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    printed = json.loads(ok.stdout)
    assert printed["parameters"]["Seeds"] == "1-3" and printed["parameters"]["WorldsmithRoot"] == str(ROOT)
    assert printed["submit"] == f"deadline bundle submit {tmp_path / 'bundle'}"
    bad = subprocess.run([sys.executable, script, "sweep", "--prompt", "x", "--seeds", "3-1", "--output-root",
                          str(tmp_path), str(tmp_path / "b2")], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "farm_bundle.py: error: seed range 3-1 runs backwards: write 1-3"]


def _task_report(job_dir: Path, seed: int, status: str, code: int, preview: str | None = None) -> None:
    folder = job_dir / "variants" / f"s{seed}"
    folder.mkdir(parents=True)
    outputs = [{"kind": "preview", "path": preview}] if preview else []
    entry = {"seed": seed, "status": status, "outputs": outputs, "error": None if code == 0 else "boom"}
    (folder / "report.json").write_text(json.dumps({"exit_code": code, "variants": [entry]}))


def test_collect_reports_the_worst_exit_code_and_missing_tasks(tmp_path):
    _task_report(tmp_path, 1, "ok", 0)
    _task_report(tmp_path, 2, "skipped", 0)
    assert farm_collect.collect(tmp_path, [1, 2])["exit_code"] == 0
    _task_report(tmp_path, 3, "generation_failed", 3)
    report = farm_collect.collect(tmp_path, [1, 2, 3, 4])
    assert report["summary"] == {"generation_failed": 1, "missing": 1, "ok": 1, "skipped": 1}
    assert report["exit_code"] == 3, "the worst batch exit code wins"
    missing = report["variants"][3]
    assert missing["status"] == "missing" and "run the job again" in missing["error"]
    assert farm_collect.collect(tmp_path, [1, 4])["exit_code"] == 1


def test_bpy_blender_gives_a_python_blenders_command_line(tmp_path):
    shim = str(ROOT / "scripts" / "bpy-blender")
    script = tmp_path / "show.py"
    script.write_text("import sys, json; print(json.dumps(sys.argv[1:]))")
    env = {"PATH": "/usr/bin:/bin", "WORLDSMITH_BPY_PYTHON": sys.executable}
    ran = subprocess.run([shim, "--background", "--python", str(script), "--", "--prompt", "a b", "--seeds", "1"],
                         capture_output=True, text=True, env=env)
    assert ran.returncode == 0 and json.loads(ran.stdout) == ["--prompt", "a b", "--seeds", "1"], ran.stderr
    refused = subprocess.run([shim, "--factory-startup", "--python", str(script)], capture_output=True, text=True,
                             env=env)
    assert refused.returncode == 2 and "--factory-startup is not supported" in refused.stderr
