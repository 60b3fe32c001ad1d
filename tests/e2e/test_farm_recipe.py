"""A recipe sweep bundle runs for real with ``openjd run``: a recipe file written from a tiny
world (texture 64, a few assets, one retexture) x two values of the retexture's seed makes one
export and preview per value, the collected report and a contact sheet; a re-run skips both
tasks. Each task is ``scripts/bpy-blender --background --python scripts/batch.py -- --recipe FILE
--set NODE.PARAM=VALUE ...`` with its own backend."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.e2e.test_farm import OPENJD, PNG, openjd, read, snapshot, write_bundle
from tests.helpers.fresh_process import ROOT, explain, fresh_env, run_script

pytestmark = [pytest.mark.slow, pytest.mark.skipif(OPENJD is None, reason="pip install -e .[dev] (openjd-cli)")]


def test_a_recipe_sweep_over_a_retexture_seed_makes_one_variant_per_value(extension_zip, tmp_path):
    recipe = tmp_path / "v1.recipe.json"
    made = run_script(textwrap.dedent(f"""
        import json
        v0 = api.generate("a medieval courtyard with a well", seed=1, texture_size=64, max_assets=4)
        obj, slot = next((o, i) for o in sorted(v0.collection.all_objects, key=lambda o: o.name)
                         for i, s in enumerate(o.material_slots) if s.material and s.material.get("material_id"))
        api.retexture(obj, slot, "mossy stone", seed=1)  # recorded on v0: a material node in its recipe
        v1 = v0
        data = api.recipe(v1)
        json.dump(data, open({str(recipe)!r}, "w"))
        node = next(n["id"] for n in data["nodes"] if n["type"] == "material")
        path = api.write_farm_recipe_bundle(v1, {str(tmp_path / "api-bundle")!r}, node=node, param="request.seed",
                                            values=[2, 3], output_root={str(tmp_path / "out")!r},
                                            worldsmith_root={str(ROOT)!r})
        print("RESULT " + json.dumps({{"node": node, "api_bundle": path}}))
    """), fresh_env(tmp_path / "make", extension_zip), timeout=400)
    assert made.returncode == 0, explain(made)
    made = json.loads(next(ln[7:] for ln in made.stdout.splitlines() if ln.startswith("RESULT ")))
    node = made["node"]
    api_values = json.loads((tmp_path / "api-bundle" / "openjd-parameters.json").read_text())
    assert api_values["Node"] == node and api_values["Values"] == "2-3"
    assert json.loads((tmp_path / "api-bundle" / "recipe.json").read_text())["nodes"]

    bundle = write_bundle(tmp_path / "bundle", tmp_path / "out", "recipe-sweep", "--recipe", str(recipe),
                          "--node", node, "--param", "request.seed", "--values", "2-3", "--render-size", "64x36")
    proc = openjd(bundle)
    assert proc.returncode == 0, explain(proc)
    job_dir = tmp_path / "out" / bundle["parameters"]["JobName"]
    for value in (2, 3):
        task_dir = job_dir / "variants" / f"v{value}"
        assert (task_dir / "variant.glb").read_bytes()[:4] == b"glTF"
        assert (task_dir / "variant.png").read_bytes()[:8] == PNG
        assert (task_dir / "backend" / "logs" / "backend.log").is_file(), "each task ran its own backend here"
        (entry,) = read(task_dir / "report.json")["variants"]
        assert entry["status"] == "ok" and entry["value"] == str(value)
    report = read(job_dir / "report.json")
    assert report["summary"] == {"ok": 2} and report["exit_code"] == 0 and report["values"] == [2, 3]
    assert len({v["version_id"] for v in report["variants"]}) == 2
    sheet = (job_dir / "contact_sheet.png").read_bytes()
    assert sheet[:8] == PNG
    assert (int.from_bytes(sheet[16:20], "big"), int.from_bytes(sheet[20:24], "big")) == (2 * 64, 36 + 20)
    a, b = ((job_dir / "variants" / f"v{v}" / "variant.glb").read_bytes() for v in (2, 3))
    assert a != b, "another retexture seed is another texture"

    before = snapshot(job_dir / "variants")
    again = openjd(bundle)
    assert again.returncode == 0, explain(again)
    assert again.stdout.count("finished earlier with these settings") == 2, "both tasks skip"
    assert snapshot(job_dir / "variants") == before
