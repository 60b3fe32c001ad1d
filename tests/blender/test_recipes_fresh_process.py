"""A recipe written in one process and run in a fresh one (``scripts/batch.py --recipe``) makes a
version whose GLB export equals the original's: the binary chunk byte for byte, the JSON equal
apart from version ids, authors and times. A bad recipe file is refused before anything runs."""

from __future__ import annotations

import json

from tests.helpers.fresh_process import ROOT, explain, fresh_env, result_lines, run_python, run_script
from wslib import glb

ORIGINAL = """
import json
v0 = api.generate("a medieval courtyard with a well, a market stall and torches", seed=3, texture_size=64,
                  max_assets=12)
api.lock([sorted(v0.assets())[1]])
v1 = api.regenerate(v0, seed=4)                     # keeps the locked asset
flame = next((o, i) for o in v1.collection.all_objects for i, s in enumerate(o.material_slots)
             if s.material and "flame" in str(s.material.get("material_id", "")))
api.retexture(flame[0], flame[1], "blue fire", seed=1)
v2 = api.reroll(v1, [sorted(v1.assets())[-1]], seed=9)
obj = next(o for o in sorted(v2.collection.all_objects, key=lambda o: o.name) if len(o.material_slots) > 1)
api.reassign_material(obj, 0, obj.material_slots[1].material["material_id"])
api.export(v2, OUT + "/original.glb")
json.dump(api.recipe(v2), open(OUT + "/v2.recipe.json", "w"))
print("RESULT " + json.dumps({"version": v2.id}))
"""

def test_recipe_replays_in_a_fresh_process_to_the_same_glb(extension_zip, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    proc = run_script(f"OUT = {str(out)!r}\n" + ORIGINAL, fresh_env(tmp_path / "a", extension_zip), timeout=400)
    assert proc.returncode == 0, explain(proc)
    recipe = json.loads((out / "v2.recipe.json").read_text())
    assert {n["type"] for n in recipe["nodes"]} >= {"layout", "asset", "material"}
    assert recipe["nodes"][0]["params"]["regenerations"][0]["seed"] == 4
    replay = run_python([str(ROOT / "scripts" / "batch.py"), "--recipe", str(out / "v2.recipe.json"),
                         "--export", str(out / "replay.glb"), "--zip", str(extension_zip)],
                        fresh_env(tmp_path / "b", extension_zip), timeout=400)
    assert replay.returncode == 0, explain(replay)
    report = json.loads(replay.stdout[replay.stdout.index("{"):])
    assert report["version_id"] != result_lines(proc)[0]["version"]
    a, b = (out / "original.glb").read_bytes(), (out / "replay.glb").read_bytes()
    assert glb.read_glb(a)[1] == glb.read_glb(b)[1]  # the binary chunk, byte for byte
    assert glb.compare(a, b, ignore=["version_id", "worldsmith_version_id"]) == []


def test_bad_recipe_file_exits_2_before_blender_work(extension_zip, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": 1, "nodes": [{"id": "layout", "type": "teleporter", "params": {}}]}))
    proc = run_python([str(ROOT / "scripts" / "batch.py"), "--recipe", str(bad), "--zip", str(extension_zip)],
                      fresh_env(tmp_path, extension_zip), timeout=200)
    assert proc.returncode == 2, explain(proc)
    assert "'layout'" in proc.stderr and "teleporter" in proc.stderr
    missing = run_python([str(ROOT / "scripts" / "batch.py"), "--recipe", str(tmp_path / "nope.json")],
                         fresh_env(tmp_path, extension_zip), timeout=60)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


DEMO_FLOW = """
import json
v1 = api.generate("a medieval courtyard with cobblestones, a well, a market stall and torches on the walls",
                  seed=7, texture_size=64)
well = next(aid for aid, o in v1.assets().items() if o.get("archetype") == "well")
api.lock([well])
v2 = api.regenerate(v1, seed=8)
branch = api.branch(v2, "warm-torches")
flames = [o for o in branch.objects() if o.get("part") == "flame"]
warm = api.copy_material(flames[0].material_slots[0].material, "Flame Warm", world=branch,
                         emission_color=(1.0, 0.38, 0.08), emission_strength=8.0)
for flame in flames:
    api.reassign_material(flame, 0, warm)
api.export(branch, OUT + "/original.glb")
json.dump(api.recipe(branch), open(OUT + "/branch.recipe.json", "w"))
print("RESULT " + json.dumps({"version": branch.id, "flames": len(flames)}))
"""


def test_the_demo_flow_with_a_copied_material_replays_to_the_same_glb(extension_zip, tmp_path):
    """The demo's art direction (a copy of the flame material with quick edits, reassigned on a
    branch) is in the recipe: a fresh process makes the copy again and exports the same file."""
    out = tmp_path / "out"
    out.mkdir()
    proc = run_script(f"OUT = {str(out)!r}\n" + DEMO_FLOW, fresh_env(tmp_path / "a", extension_zip), timeout=400)
    assert proc.returncode == 0, explain(proc)
    assert result_lines(proc)[0]["flames"] > 0
    recipe = json.loads((out / "branch.recipe.json").read_text())
    made = [n["params"]["make"] for n in recipe["nodes"] if n["type"] == "material" and "make" in n["params"]]
    assert made and made[0]["name"] == "Flame Warm" and made[0]["edits"]["emission_strength"] == 8.0
    replay = run_python([str(ROOT / "scripts" / "batch.py"), "--recipe", str(out / "branch.recipe.json"),
                         "--export", str(out / "replay.glb"), "--zip", str(extension_zip)],
                        fresh_env(tmp_path / "b", extension_zip), timeout=400)
    assert replay.returncode == 0, explain(replay)
    a, b = (out / "original.glb").read_bytes(), (out / "replay.glb").read_bytes()
    assert glb.read_glb(a)[1] == glb.read_glb(b)[1]
    assert glb.compare(a, b, ignore=["version_id", "worldsmith_version_id"]) == []
