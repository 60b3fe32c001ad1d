"""Every contract function of ``api`` through the installed extension, in a fresh bpy process as a
TD's script would call them: one small generated world, a realistic order, JSON results; then the
documented error for each kind of bad argument."""

from __future__ import annotations

import pytest

from tests.helpers.fresh_process import explain, fresh_env, result_lines, run_script

FLOW = r'''
import json, os
out = os.environ["WS_OUT"]
R = {}

v1 = api.generate("a medieval courtyard with a well, a market stall, crates and torches", seed=3,
                  texture_size=64, max_assets=10)
assets = v1.assets()
well = next(a for a, o in sorted(assets.items()) if o["archetype"] == "well")
R["generate"] = {"number": v1.number, "parent": v1.parent, "assets": len(assets), "branch": v1.branch,
                 "review": v1.review_state, "has_camera": any(o.type == "CAMERA" for o in v1.objects())}

R["lock"] = [o["asset_id"] for o in api.lock([well])]
v2 = api.regenerate(v1, seed=4)
R["regenerate"] = {"parent_ok": v2.parent == v1.id, "number": v2.number,
                   "well_shared": v2.assets()[well].data == v1.assets()[well].data,
                   "locked_kept": bool(v2.assets()[well].get("locked"))}

other = next(a for a in sorted(v2.assets()) if a != well and not a.startswith(("wall", "cobblestone")))
v3 = api.reroll(v2, [other], seed=5)
d = api.compare(v2, v3).to_dict()
touched = {row["asset_id"] for key in ("geometry", "moved", "added", "removed") for row in d[key]}
R["reroll"] = {"parent_ok": v3.parent == v2.id, "only_target": touched <= {other},
               "others_shared": all(v3.assets()[a].data == o.data for a, o in v2.assets().items() if a != other)}

b = api.branch(v3, "lookdev")
R["branch"] = {"parent_ok": b.parent == v3.id, "branch": b.branch, "shared": all(
    b.assets()[a].data == o.data for a, o in v3.assets().items())}

api.switch(v1)
world = v1.world_collection
layers = {l.collection.name: l.exclude for l in bpy.context.view_layer.layer_collection.children[world.name].children}
R["switch"] = [name for name, excluded in layers.items() if not excluded] == [v1.collection.name]
api.switch(b)
R["versions"] = [(v.number, v.branch) for v in api.versions(world)]

target = next(o for o in b.assets().values() if len(o.material_slots) >= 1 and o["archetype"] != "well")
before = target.material_slots[0].material
replacement = next(m for m in bpy.data.materials if m != before and m.get("material_id"))
source_obj = v3.assets()[target["asset_id"]]
api.reassign_material(target, 0, replacement)
R["reassign_material"] = {"changed": target.material_slots[0].material == replacement,
                          "other_version_kept": source_obj.material_slots[0].material == before}
R["replace_material"] = api.replace_material(b, replacement, before)
new = api.retexture(target, 0, "mossy stone", seed=2, size=64)
R["retexture"] = {"name": new.name, "on_slot": target.material_slots[0].material == new,
                  "images": sorted({n.image.size[0] for n in new.node_tree.nodes if n.type == "TEX_IMAGE" and n.image})}
R["compare"] = json.loads(json.dumps(api.compare(v3, b).to_dict()))["materials"] != []
R["render_compare"] = os.path.getsize(api.render_compare(v3, b, os.path.join(out, "compare.png"), size=(64, 32)))

report = api.validate(b, "gltf")
R["validate"] = {"ok": report.ok, "preset": report.preset, "json": bool(json.dumps(report.to_dict()))}
R["export"] = [os.path.basename(p) for p in api.export(b, os.path.join(out, "lookdev.glb"))]
R["render_preview"] = os.path.getsize(api.render_preview(b, os.path.join(out, "lookdev.png"), size=(48, 27), samples=4))
api.set_review(b, "in_review", note="new stone")
api.set_review(b, "approved")
R["set_review"] = b.review_state

def error(call):
    try:
        call()
    except api.WorldsmithError as exc:
        return [type(exc).__name__, str(exc)]
    return ["no error", ""]

bad = os.path.join(out, "bad")
E = {
    "generate_empty_prompt": error(lambda: api.generate("", texture_size=64)),
    "generate_texture_size": error(lambda: api.generate("a courtyard", texture_size=100)),
    "regenerate_not_a_version": error(lambda: api.regenerate("no-such-version")),
    "reroll_nothing": error(lambda: api.reroll(v3, [])),
    "lock_unknown_id": error(lambda: api.lock(["nothing.999"])),
    "branch_bad_name": error(lambda: api.branch(v3, "a/b")),
    "switch_not_a_version": error(lambda: api.switch(42)),
    "versions_unknown_world": error(lambda: api.versions("no such world")),
    "compare_itself": error(lambda: api.compare(v3, v3)),
    "render_compare_not_png": error(lambda: api.render_compare(v2, v3, bad + ".jpg")),
    "reassign_bad_slot": error(lambda: api.reassign_material(source_obj, 99, before)),
    "reassign_approved": error(lambda: api.reassign_material(target, 0, replacement)),
    "replace_approved": error(lambda: api.replace_material(b, before, replacement)),
    "retexture_approved": error(lambda: api.retexture(target, 0, "rust")),
    "set_review_unknown_state": error(lambda: api.set_review(v3, "shipped")),
    "validate_unknown_preset": error(lambda: api.validate(v3, "maya")),
    "export_wrong_extension": error(lambda: api.export(v3, bad + ".fbx", preset="gltf")),
}
bpy.context.scene.unit_settings.scale_length = 0.01   # centimetres: the unreal preset refuses
E["export_validation"] = error(lambda: api.export(v3, bad + ".fbx", preset="unreal"))
bpy.context.scene.unit_settings.scale_length = 1.0
os.environ["WORLDSMITH_BACKEND_URL"] = "http://127.0.0.1:9"   # nothing listens there
E["generate_no_backend"] = error(lambda: api.generate("a courtyard", texture_size=64))
print("RESULT " + json.dumps({"flow": R, "errors": E}))
'''


@pytest.fixture(scope="module")
def results(extension_zip, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api-fresh")
    proc = run_script(FLOW, fresh_env(tmp, extension_zip, WS_OUT=str(tmp)), timeout=300)
    found = result_lines(proc)
    assert proc.returncode == 0 and found, explain(proc)
    return found[0]


def test_the_flow(results):
    r = results["flow"]
    assert r["generate"] == {"number": 1, "parent": "", "assets": r["generate"]["assets"], "branch": "main",
                             "review": "draft", "has_camera": True} and r["generate"]["assets"] >= 3
    assert len(r["lock"]) == 1
    assert r["regenerate"] == {"parent_ok": True, "number": 2, "well_shared": True, "locked_kept": True}
    assert r["reroll"] == {"parent_ok": True, "only_target": True, "others_shared": True}
    assert r["branch"] == {"parent_ok": True, "branch": "lookdev", "shared": True}
    assert r["switch"] is True
    assert r["versions"] == [[1, "main"], [2, "main"], [3, "main"], [4, "lookdev"]]
    assert r["reassign_material"] == {"changed": True, "other_version_kept": True}
    assert r["replace_material"] >= 1
    assert r["retexture"]["on_slot"] and r["retexture"]["images"] == [64]
    assert r["compare"] is True, "the diff sees the material change"
    assert r["render_compare"] > 100 and r["render_preview"] > 100
    assert r["validate"] == {"ok": True, "preset": "gltf", "json": True}
    assert r["export"] == ["lookdev.glb"]
    assert r["set_review"] == "approved"


@pytest.mark.parametrize("case, error, says", [
    ("generate_empty_prompt", "InvalidInput", "prompt"),
    ("generate_texture_size", "InvalidInput", "texture"),
    ("regenerate_not_a_version", "InvalidInput", "not a Worldsmith version"),
    ("reroll_nothing", "InvalidInput", "at least one asset"),
    ("lock_unknown_id", "InvalidInput", "nothing.999"),
    ("branch_bad_name", "InvalidInput", ""),
    ("switch_not_a_version", "InvalidInput", "not a Worldsmith version"),
    ("versions_unknown_world", "InvalidInput", "not a Worldsmith world"),
    ("compare_itself", "InvalidInput", ""),
    ("render_compare_not_png", "InvalidInput", ".png"),
    ("reassign_bad_slot", "InvalidInput", ""),
    ("reassign_approved", "VersionFrozen", "branch"),
    ("replace_approved", "VersionFrozen", "branch"),
    ("retexture_approved", "VersionFrozen", "branch"),
    ("set_review_unknown_state", "InvalidInput", "shipped"),
    ("validate_unknown_preset", "InvalidInput", "gltf, unreal, unity, godot, usd"),
    ("export_wrong_extension", "InvalidInput", "change the file extension"),
    ("export_validation", "ValidationFailed", "force=True"),
    ("generate_no_backend", "BackendUnavailable", ""),
])
def test_bad_arguments_raise_the_documented_error(results, case, error, says):
    kind, message = results["errors"][case]
    assert kind == error, f"{case}: {kind}: {message}"
    assert says.lower() in message.lower() and len(message) > 20, message
