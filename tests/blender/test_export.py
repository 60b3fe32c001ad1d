"""Export to GLB checked by the Khronos glTF-Validator; scene untouched; bad input refused."""

from __future__ import annotations

import pygltflib
import pytest

from tests.helpers.export_world import PROMPT, scene_state
from tests.helpers.extension import mod
from tests.helpers.gltf_validator import assert_valid_glb, problems, validate_glb
from tests.helpers.fresh_process import explain, fresh_env, run_script
from tests.helpers.permissions import unprivileged


def _unique_mesh_stats(version):
    objs = [o for o in version.collection.all_objects if o.type == "MESH" and o.get("role") in ("asset", "part")]
    meshes = {o.data.name: o.data for o in objs}
    tris = sum(sum(len(p.vertices) - 2 for p in m.polygons) for m in meshes.values())
    materials = {s.material.name for o in objs for s in o.material_slots if s.material}
    return tris, len(materials), len(meshes)


def test_glb_passes_validator_and_counts_match(export_world, api, tmp_path):
    import bpy

    before = scene_state(bpy)
    path = api.export(export_world, tmp_path / "courtyard.glb")[0]
    assert scene_state(bpy) == before, "export changed the scene"
    report = validate_glb(path)
    assert report["issues"]["numErrors"] == 0 and not problems(report), problems(report)[:5]
    tris, materials, meshes = _unique_mesh_stats(export_world)
    # The validator counts each glTF mesh once, however many nodes use it.
    assert report["info"]["totalTriangleCount"] == tris
    assert report["info"]["materialCount"] == materials
    gltf = pygltflib.GLTF2().load(path)
    assert len(gltf.meshes) == meshes
    extras = gltf.scenes[0].extras["worldsmith"]
    assert extras["version_id"] == export_world.id and extras["seed"] == export_world.seed
    assert extras["generator"] == "procedural" and extras["spec"]["prompt"] == export_world.get("spec")["prompt"]
    assert sorted(extras["asset_ids"]) == sorted(export_world.assets())
    node_ids = {n.extras.get("asset_id") for n in gltf.nodes if n.extras and n.extras.get("role") == "asset"}
    assert node_ids == set(export_world.assets())
    names = {n.name for n in gltf.nodes}
    assert not any(n.endswith((".001", ".002")) for n in names), "Blender duplicate suffixes leaked"


def test_gltf_separate_and_godot_validate(export_world, api, tmp_path):
    files = api.export(export_world, tmp_path / "sep.gltf") + api.export(export_world, tmp_path / "godot.glb", preset="godot")
    assert (tmp_path / "sep.bin").exists()
    assert_valid_glb(files[1], labels=["godot"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".worldsmith-export")]


def test_four_market_stalls_share_one_mesh(fresh, api, tmp_path):
    bpy = fresh
    from wslib import worlds

    _, coll = worlds.courtyard(bpy)
    stall = bpy.data.objects["Stall"]
    for i in range(1, 4):
        copy = bpy.data.objects.new(f"Stall.{i:03d}", stall.data)
        copy.location = (2.5 + 3 * i, 1, 0)
        copy["asset_id"], copy["role"], copy["archetype"] = f"stall.{i:03d}", "asset", "stall"
        coll.objects.link(copy)
    for mesh in bpy.data.meshes:
        mesh.uv_layers.new(name="UVMap")
    path = api.export(mod("scene.store").get_version(coll), tmp_path / "stalls.glb")[0]
    assert_valid_glb(path)
    gltf = pygltflib.GLTF2().load(path)
    stall_nodes = [n for n in gltf.nodes if (n.extras or {}).get("archetype") == "stall"
                   and (n.extras or {}).get("role") == "asset"]
    assert len(stall_nodes) == 4
    assert len({n.mesh for n in stall_nodes}) == 1, "four stalls should use one glTF mesh"


def test_selection_and_per_asset(export_world, api, tmp_path):
    ids = sorted(export_world.assets())[:2]
    path = api.export(export_world, tmp_path / "two.glb", selection=ids)[0]
    gltf = pygltflib.GLTF2().load(path)
    assert {n.extras["asset_id"] for n in gltf.nodes if (n.extras or {}).get("role") == "asset"} == set(ids)
    files = api.export(export_world, tmp_path, per_asset=True, selection=ids)
    assert len(files) == 2 and all(f.endswith(".glb") for f in files)
    assert_valid_glb(*files)
    for f in files:  # each asset sits at the origin of its own file
        root = next(n for n in pygltflib.GLTF2().load(f).nodes if (n.extras or {}).get("role") == "asset")
        assert all(abs(c) < 1e-6 for c in (root.translation or [0, 0, 0]))


def test_bad_input_is_refused_cleanly(export_world, api, tmp_path):
    with pytest.raises(api.InvalidInput, match="does not exist"):
        api.export(export_world, tmp_path / "missing" / "a.glb")
    with pytest.raises(api.InvalidInput, match="unknown export preset"):
        api.export(export_world, tmp_path / "a.glb", preset="quake")
    with pytest.raises(api.InvalidInput, match="writes .fbx"):
        api.export(export_world, tmp_path / "a.glb", preset="unreal")
    (tmp_path / "taken.glb").write_bytes(b"keep me")
    with pytest.raises(api.InvalidInput, match="overwrite=True"):
        api.export(export_world, tmp_path / "taken.glb")
    assert (tmp_path / "taken.glb").read_bytes() == b"keep me"
    with pytest.raises(api.InvalidInput, match="not an asset"):
        api.export(export_world, tmp_path / "a.glb", selection=["nope.000"])
    api.export(export_world, tmp_path / "taken.glb", overwrite=True)
    assert (tmp_path / "taken.glb").read_bytes()[:4] == b"glTF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.glb"]


def test_read_only_folder_refused(extension_zip, tmp_path):
    """A folder its user may not write to, checked in a fresh process that file modes bind (root
    writes anywhere): the export is refused and the folder stays empty."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    code = f"""
from wslib import worlds
version = worlds.procedural_version(api, {PROMPT!r}, seed=3)
try:
    api.export(version, {str(locked / "a.glb")!r})
except api.InvalidInput as exc:
    print("REFUSED", exc)
"""
    try:
        proc = run_script(code, fresh_env(tmp_path, extension_zip), wrap=unprivileged)
    finally:
        locked.chmod(0o700)
    assert "REFUSED" in proc.stdout and "not writable" in proc.stdout, explain(proc)
    assert list(locked.iterdir()) == []


def test_empty_version_refused(fresh, api, tmp_path):
    from wslib import worlds

    _, coll = worlds.world_collections(fresh, "Empty", "empty-test", {"prompt": "nothing"})
    with pytest.raises(api.InvalidInput, match="no assets"):
        api.export(mod("scene.store").get_version(coll), tmp_path / "e.glb")


def test_validation_errors_refuse_export_unless_forced(export_world, api, tmp_path):
    import bpy

    well = next(o for o in export_world.collection.all_objects if o.get("archetype") == "well" and o.get("role") == "asset")
    mod("scene.cow").ensure_single_user(well)
    well.data.materials.clear()
    well.data.uv_layers.remove(well.data.uv_layers[0])
    report = api.validate(export_world, "unreal")
    rules = {(i.asset_id, i.rule) for i in report.errors}
    assert (well["asset_id"], "no_material") in rules and (well["asset_id"], "no_uvs") in rules
    with pytest.raises(api.ValidationFailed) as caught:
        api.export(export_world, tmp_path / "w.fbx", preset="unreal")
    assert well["asset_id"] in str(caught.value) and "no_material" in str(caught.value)
    assert caught.value.report.errors and not list(tmp_path.iterdir())
    assert api.export(export_world, tmp_path / "w.fbx", preset="unreal", force=True)
    bpy.context.scene.unit_settings.scale_length = 0.01
    assert any(i.rule == "units" for i in api.validate(export_world, "unity").errors)


def test_approved_hand_edit_is_an_integrity_error(export_world, api):
    api.set_review(export_world, "in_review")
    api.set_review(export_world, "approved")
    assert api.validate(export_world).ok
    crate = next(o for o in export_world.collection.all_objects if o.get("archetype") == "crate" and o.get("role") == "asset")
    crate.data.vertices[0].co.x += 0.5  # a hand edit that bypasses copy-on-write
    errors = api.validate(export_world).errors
    assert any(i.rule == "approved_integrity" and i.asset_id == crate["asset_id"] for i in errors)
