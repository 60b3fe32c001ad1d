"""Recipe sweep bundles without running them: valid Open Job Description (openjd-model), one task
per value (INT range or STRING values), no path baked into a command; ``batch.py --recipe --set``
refuses an unknown node or parameter naming it, and a finished task's report makes a re-run skip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from addon.core import farm, farm_recipe
from wslib import batch_core as core
from wslib import batch_recipe

openjd_model = pytest.importorskip("openjd.model", reason="pip install -e .[dev] (openjd-cli)")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import farm_collect  # noqa: E402

sys.path.pop(0)

from tests.helpers.openjd_jobs import make_job, tasks  # noqa: E402

RECIPE = {"schema": 1, "nodes": [
    {"id": "layout", "type": "layout", "params": {"prompt": "a courtyard", "seed": 3}},
    {"id": "material.1", "type": "material", "inputs": ["layout"],
     "params": {"op": "material_retexture", "request": {"prompt": "blue fire", "seed": 1}}}]}


def rsweep(**kw) -> farm_recipe.RecipeSweep:
    return farm_recipe.RecipeSweep(**{"recipe": "/farm/r/v2.recipe.json", "node": "material.1",
                                      "param": "request.seed", "values": "1-3", "output_root": "/farm/out",
                                      "worldsmith_root": "/farm/worldsmith", **kw})


def test_int_values_are_a_range_parameter_with_one_task_each_and_a_collect_step(tmp_path):
    bundle = farm_recipe.recipe_sweep_bundle(rsweep(values="3,1-2"))
    job = make_job(bundle, tmp_path)
    variants, collect = job.steps
    assert [t["Value"] for t in tasks(variants)] == ["1", "2", "3"]
    assert collect.dependencies[0].dependsOn == "Variants"
    assert len(tasks(make_job(bundle, tmp_path, Values="1-8").steps[0])) == 8
    args = bundle.template["steps"][0]["script"]["actions"]["onRun"]["args"]
    assert args[args.index("--set") + 1] == "{{Param.Node}}.{{Param.Param}}={{Task.Param.Value}}"
    assert "/farm/" not in json.dumps(bundle.template).replace("/farm_collect", ""), "paths are job parameters"
    kinds = {p["name"]: p["type"] for p in bundle.template["parameterDefinitions"]}
    assert kinds["RecipeFile"] == "PATH" and bundle.values["RecipeFile"] == "/farm/r/v2.recipe.json"
    collect_args = bundle.template["steps"][1]["script"]["actions"]["onRun"]["args"]
    assert collect_args[collect_args.index("--values") + 1] == "{{Param.Values}}"


def test_text_values_are_string_tasks(tmp_path):
    bundle = farm_recipe.recipe_sweep_bundle(rsweep(param="request.prompt", values=["green fire", "blue fire"]))
    job = make_job(bundle, tmp_path)
    assert [t["Value"] for t in tasks(job.steps[0])] == ["green fire", "blue fire"]
    assert bundle.values["Values"] == "green fire,blue fire"
    assert farm_collect.sweep_values(bundle.values["Values"]) == ["green fire", "blue fire"]
    assert farm_collect.sweep_values("1-3") == [1, 2, 3]


@pytest.mark.parametrize("kw, says", [
    ({"values": "a/b"}, "names the task's folder"),
    ({"values": []}, "give 1.."),
    ({"recipe": "/r/v2.blend"}, "not a recipe file"),
    ({"param": "request seed"}, "parameter"),
    ({"preset": "maya"}, "preset"),
])
def test_bad_recipe_sweeps_are_refused(kw, says):
    with pytest.raises(farm.FarmBundleError, match=says):
        farm_recipe.recipe_sweep_bundle(rsweep(**kw))


def test_cli_writes_a_recipe_sweep_bundle(tmp_path):
    recipe = tmp_path / "v2.recipe.json"
    recipe.write_text(json.dumps(RECIPE))
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "farm_bundle.py"), "recipe-sweep", "--recipe",
                           str(recipe), "--node", "layout", "--param", "seed", "--values", "1-2", "--output-root",
                           str(tmp_path / "out"), str(tmp_path / "bundle")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    values = json.loads((tmp_path / "bundle" / "openjd-parameters.json").read_text())
    assert values["RecipeFile"] == str(recipe) and values["Node"] == "layout" and values["Values"] == "1-2"


def test_set_finds_dotted_node_ids_and_refuses_unknown_nodes_and_parameters(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(RECIPE))
    options = batch_recipe.parse(["--recipe", str(path), "--set", "material.1.request.seed=7",
                                  "--set", "layout.seed=4"])
    assert options.sets == (("material.1", "request.seed", 7, "7"), ("layout", "seed", 4, "4"))
    assert batch_recipe.parse(["--recipe", str(path), "--set", "material.1.request.prompt=green fire"]
                              ).sets[0][2] == "green fire"
    with pytest.raises(core.BadInput, match="matches 'material.9.request.seed'; its nodes are layout, material.1"):
        batch_recipe.parse(["--recipe", str(path), "--set", "material.9.request.seed=7"])
    with pytest.raises(core.BadInput, match="node 'layout' has no parameter 'sed'"):
        batch_recipe.parse(["--recipe", str(path), "--set", "layout.sed=7"])
    with pytest.raises(core.BadInput, match="NODE.PARAM=VALUE"):
        batch_recipe.parse(["--recipe", str(path), "--set", "layout.seed"])
    with pytest.raises(core.BadInput, match="--render"):
        batch_recipe.parse(["--recipe", str(path), "--render"])


def test_a_finished_report_with_the_same_settings_skips_a_rerun(tmp_path):
    path, out = tmp_path / "r.json", tmp_path / "v" / "variant.glb"
    path.write_text(json.dumps(RECIPE))
    out.parent.mkdir()
    out.write_bytes(b"glTF....")
    args = ["--recipe", str(path), "--set", "layout.seed=4", "--export", str(out), "--report",
            str(out.parent / "report.json")]
    options = batch_recipe.parse(args)
    assert not batch_recipe.finished(options)
    report = {"exit_code": 0, "settings": batch_recipe._settings(options),
              "outputs": [{"path": str(out), "sha256": core.file_sha256(str(out))}]}
    (out.parent / "report.json").write_text(json.dumps(report))
    assert batch_recipe.finished(options)
    assert not batch_recipe.finished(batch_recipe.parse(args[:3] + ["layout.seed=5"] + args[4:])), "other value"
    out.write_bytes(b"changed")
    assert not batch_recipe.finished(options), "a changed output runs again"


def test_collect_reads_value_folders(tmp_path):
    for value, status, code in (("1", "ok", 0), ("2", "generation_failed", 3)):
        folder = tmp_path / "variants" / f"v{value}"
        folder.mkdir(parents=True)
        (folder / "report.json").write_text(json.dumps({"exit_code": code, "variants": [
            {"value": value, "status": status, "outputs": []}]}))
    report = farm_collect.collect(tmp_path, [1, 2, 3], "value")
    assert [(v["value"], v["status"]) for v in report["variants"]] == [(1, "ok"), (2, "generation_failed"),
                                                                      (3, "missing")]
    assert report["exit_code"] == 3 and report["values"] == [1, 2, 3]
