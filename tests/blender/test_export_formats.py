"""FBX round trips through Blender's importer, USD checked with pxr's validators, provenance read
back from each format, and a 1 m reference cube under every FBX preset's unit handling."""

from __future__ import annotations

import json

import pytest

from tests.helpers.export_world import scene_state
from tests.helpers.extension import mod


FBX_PRESETS = ("unreal", "unity")


def _aabb(obj):
    from mathutils import Vector

    pts = [obj.matrix_world @ Vector(c) for c in obj.bound_box]
    return [max(p[i] for p in pts) - min(p[i] for p in pts) for i in range(3)]


def _import_fbx(bpy, path):
    """Import into a fresh scene; returns that scene (the caller's scene is not touched)."""
    scene = bpy.data.scenes.new("fbx check")
    with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
        bpy.ops.import_scene.fbx(filepath=str(path), use_custom_props=True)
        scene.view_layers[0].update()
    return scene


def _fbx_unit_scale(path) -> float:
    from io_scene_fbx import parse_fbx

    root, _ = parse_fbx.parse(str(path))
    settings = next(e for e in root.elems if e.id == b"GlobalSettings")
    props = next(e for e in settings.elems if e.id == b"Properties70")
    return next(p.props[4] for p in props.elems if p.props[0] == b"UnitScaleFactor")


@pytest.mark.parametrize("preset", FBX_PRESETS)
def test_fbx_round_trip_keeps_hierarchy_names_slots_and_size(export_world, api, tmp_path, preset):
    import bpy


    before = scene_state(bpy)
    path = api.export(export_world, tmp_path / f"w.{preset}.fbx", preset=preset)[0]
    assert scene_state(bpy) == before
    naming = mod("core.naming")
    gameprep = mod("export.gameprep")
    scene = _import_fbx(bpy, path)
    imported = {o.get("asset_id"): o for o in scene.objects if o.get("role") == "asset"}
    assert set(imported) == set(export_world.assets())
    for asset_id, src in export_world.assets().items():
        got = imported[asset_id]
        assert naming.base_name(got.name).startswith(naming.engine_name(src.name))
        assert got.parent is None
        assert len(got.material_slots) == len(src.material_slots)
        assert got["worldsmith_version_id"] == export_world.id  # provenance as FBX custom properties
        assert got["worldsmith_seed"] == export_world.seed
        assert json.loads(got["worldsmith_spec"])["prompt"] == export_world.get("spec")["prompt"]
        src_size = _aabb_from(gameprep, src)
        assert got.dimensions.length > 0
        assert _aabb(got) == pytest.approx(src_size, abs=1e-4)
        src_parts = {c.get("part"): c for c in src.children if c.get("role") == "part"}
        got_parts = {c.get("part"): c for c in got.children if c.get("role") == "part"}
        assert set(got_parts) == set(src_parts)
        for part, child in got_parts.items():
            assert len(child.material_slots) == len(src_parts[part].material_slots)
            assert _aabb(child) == pytest.approx(_aabb_from(gameprep, src_parts[part]), abs=1e-4)


def _aabb_from(gameprep, obj):
    from mathutils import Vector

    m = gameprep.world_matrix(obj)
    pts = [m @ Vector(c) for c in obj.bound_box]
    return [max(p[i] for p in pts) - min(p[i] for p in pts) for i in range(3)]


def _cube_world(bpy):
    from wslib import worlds

    _, coll = worlds.world_collections(bpy, "Cube", "cube-test", {"prompt": "a cube", "seed": 1})
    bpy.ops.mesh.primitive_cube_add(size=1.0)
    cube = bpy.context.active_object
    for c in list(cube.users_collection):
        c.objects.unlink(cube)
    coll.objects.link(cube)
    cube.name = "Reference Cube"
    cube.location = (1.0, 2.0, 0.5)
    cube.data.materials.append(bpy.data.materials.new("Grey"))
    cube["asset_id"], cube["role"], cube["archetype"] = "cube.000", "asset", "cube"
    return mod("scene.store").get_version(coll)


@pytest.mark.parametrize("preset", FBX_PRESETS)
def test_one_metre_cube_stays_one_metre(fresh, api, tmp_path, preset):
    bpy = fresh
    version = _cube_world(bpy)
    path = api.export(version, tmp_path / "cube.fbx", preset=preset)[0]
    # The file says "1 unit = 100 cm" and the cube is 1 unit: 1 m in Unreal (cm) and Unity (m).
    assert _fbx_unit_scale(path) == pytest.approx(100.0)
    scene = _import_fbx(bpy, path)
    cube = next(o for o in scene.objects if o.get("asset_id") == "cube.000")
    assert _aabb(cube) == pytest.approx([1.0, 1.0, 1.0], abs=1e-4)
    assert cube.name == "Reference_Cube"


def test_usd_passes_pxr_validation_with_metadata_bindings_and_provenance(export_world, api, tmp_path):
    import bpy
    from pxr import Usd, UsdGeom, UsdShade, UsdValidation

    before = scene_state(bpy)
    path = api.export(export_world, tmp_path / "w.usda", preset="usd")[0]
    assert scene_state(bpy) == before
    stage = Usd.Stage.Open(path)
    registry = UsdValidation.ValidationRegistry()
    validators = [v for v in registry.GetOrLoadAllValidators()
                  if "Usdz" not in v.GetMetadata().name and "RootPackage" not in v.GetMetadata().name]
    errors = [e for e in UsdValidation.ValidationContext(validators).Validate(stage)
              if e.GetType() == UsdValidation.ValidationErrorType.Error]
    assert not errors, [e.GetMessage() for e in errors][:5]
    assert UsdGeom.GetStageMetersPerUnit(stage) == pytest.approx(1.0)
    assert stage.HasAuthoredMetadata("metersPerUnit") and UsdGeom.GetStageUpAxis(stage) == UsdGeom.Tokens.z
    default = stage.GetDefaultPrim()
    assert default and default.GetCustomDataByKey("worldsmith")["version_id"] == export_world.id
    assert default.GetCustomDataByKey("worldsmith")["seed"] == export_world.seed
    tagged = {p.GetCustomDataByKey("worldsmith")["asset_id"] for p in stage.Traverse()
              if p.GetCustomDataByKey("worldsmith") and "asset_id" in p.GetCustomDataByKey("worldsmith")}
    assert set(export_world.assets()) <= tagged
    # Every mesh with more than one slot has one bound GeomSubset per slot.
    multi = [o for o in export_world.collection.all_objects if o.type == "MESH" and len(o.material_slots) > 1]
    assert multi
    meshes = [UsdGeom.Mesh(p) for p in stage.Traverse() if p.IsA(UsdGeom.Mesh)]
    with_subsets = [m for m in meshes if UsdGeom.Subset.GetAllGeomSubsets(m)]
    assert len(with_subsets) >= len({o.data.name for o in multi}) - 0
    for mesh in with_subsets:
        for subset in UsdGeom.Subset.GetAllGeomSubsets(mesh):
            material, _ = UsdShade.MaterialBindingAPI(subset.GetPrim()).ComputeBoundMaterial()
            assert material, f"{subset.GetPath()} has no material"


def test_usdc_is_written_atomically(export_world, api, tmp_path):
    from pxr import Usd

    path = api.export(export_world, tmp_path / "w.usdc", preset="usd")[0]
    assert Usd.Stage.Open(path).GetDefaultPrim()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".worldsmith")]


def _hook_can_see_the_stage() -> bool:
    """The pxr imported is the one Blender ships (real Blender, the bpy 5.x wheel): the USD hook
    path. Another build (usd-core, e.g. on the bpy 4.2 wheel, which ships none): the fallback."""
    import os

    import bpy
    import pxr

    return os.path.realpath(pxr.__file__).startswith(os.path.realpath(bpy.utils.resource_path("LOCAL")))


def test_usd_is_finished_inside_blenders_exporter_and_the_file_based_finish_writes_the_same_bytes(
        export_world, api, tmp_path, monkeypatch):
    from pxr import Sdf

    usd, hook = mod("export.usd"), mod("export.usd_hook")
    calls = []
    file_based = usd.finish_usd
    monkeypatch.setattr(usd, "finish_usd", lambda *a: (calls.append(a[0]), file_based(*a)))
    (tmp_path / "hook").mkdir()
    (tmp_path / "file").mkdir()
    first = api.export(export_world, tmp_path / "hook" / "w.usdc", preset="usd")[0]
    assert len(calls) == (0 if _hook_can_see_the_stage() else 1)
    monkeypatch.setattr(hook, "on_export", lambda context: True)  # as with a pxr that cannot see it
    second = api.export(export_world, tmp_path / "file" / "w.usdc", preset="usd")[0]
    assert len(calls) == (1 if _hook_can_see_the_stage() else 2)
    assert open(first, "rb").read() == open(second, "rb").read()  # the same bytes either way
    text = Sdf.Layer.OpenAsAnonymous(first).ExportToString()
    assert "worldsmith" in text and usd.HOLDING not in text
    # occlusion is a schema input, authored as Blender authors the others: not custom, explicit
    assert "float inputs:occlusion.connect = <" in text and "custom float inputs:occlusion" not in text
    assert "custom float outputs:r" not in text
    names = [sorted(p.name for p in (tmp_path / d / "textures").iterdir()) for d in ("hook", "file")]
    assert names[0] == names[1] and names[0]


def test_a_users_own_usd_export_is_left_as_blender_writes_it(export_world, tmp_path):
    import bpy
    from pxr import Usd

    bpy.ops.wm.usd_export(filepath=str(tmp_path / "mine.usda"))
    stage = Usd.Stage.Open(str(tmp_path / "mine.usda"))
    assert [p for p in stage.Traverse()]
    assert not [p for p in stage.Traverse() if p.GetCustomDataByKey("worldsmith")]


def test_usd_reexport_into_the_same_folder_writes_no_texture_again(export_world, api, tmp_path):
    import re

    api.export(export_world, tmp_path / "a.usdc", preset="usd")
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "textures").iterdir()}
    assert before and all(re.fullmatch(r".+-[0-9a-f]{10}\.png", n) for n in before), sorted(before)
    api.export(export_world, tmp_path / "b.usdc", preset="usd")
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "textures").iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.usdc", "b.usdc", "textures"]


def test_usd_hook_never_replaces_the_file_blender_holds_open(export_world, api, tmp_path, monkeypatch):
    """Windows refuses to replace a file that is open: the hook only edits Blender's layer, and
    Blender's own save writes the finished crate; files move into place after the exporter."""
    import os

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = api.export(export_world, tmp_path / "a" / "w.usdc", preset="usd")[0]
    replace, during_hook, hook = os.replace, [], mod("export.usd_hook")

    def refuse_while_open(src, dst):
        if hook._ACTIVE:
            during_hook.append(dst)
            raise PermissionError(13, "in use by another process", str(dst))
        return replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_while_open)
    second = api.export(export_world, tmp_path / "b" / "w.usdc", preset="usd")[0]
    assert during_hook == []
    assert open(first, "rb").read() == open(second, "rb").read()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["textures", "w.usdc"]


def test_usd_texture_the_export_list_missed_is_still_stored_from_its_bytes(export_world, tmp_path):
    """An image Blender's exporter names but the export's own list missed (inside a node group,
    say) is found by its file name: Blender, asked to keep textures, wrote no file for it."""
    import bpy

    textures = mod("export.textures")
    image = next(i for i in bpy.data.images if i.packed_file is not None)
    (tmp_path / "work").mkdir()
    store = textures.TextureStore(tmp_path / "work", tmp_path)
    names = textures.UsdTextures(store, [])
    assert names.keep
    blender_name = textures._usd_file_name(image)  # what Blender's exporter calls the file
    path = names.path_for(f"./textures/{blender_name}")
    assert path is not None and path.startswith("./textures/") and path != f"./textures/{blender_name}"
    assert (tmp_path / "work" / path).read_bytes() == bytes(image.packed_file.data)
    assert names.path_for("./textures/no_such_image.png") is None


def _fbx_scene_data(objects: dict[str, list[str]], meshes: dict[str, str]):
    """What Blender's FBX exporter builds, as far as ``fbx.slot_order`` reads it: materials in
    scene order (the 4.2 way), their connections to objects in that order, face indices to match."""
    from types import SimpleNamespace

    class Wrapper:  # the exporter's ObjectWrapper: hashable, with its uuid and slot materials
        def __init__(self, name, uuid, materials):
            self.name, self.fbx_uuid, self.materials = name, uuid, materials

    obs = {name: Wrapper(name, 100 + i, tuple(mats)) for i, (name, mats) in enumerate(objects.items())}
    order = list(dict.fromkeys(m for mats in objects.values() for m in mats))
    materials = {m: (f"key-{m}", [obs[o] for o, mats in objects.items() if m in mats]) for m in order}
    connections = [(b"OO", 1, 2, None)]  # something else first: left where it is
    indices: dict[str, dict[str, int]] = {}
    for m in order:
        for ob in materials[m][1]:
            connections.append((b"OO", f"uuid-{m}", ob.fbx_uuid, None))
            mesh = indices.setdefault(meshes[ob.name], {})
            mesh.setdefault(m, len(mesh))
    return SimpleNamespace(data_materials=materials, connections=connections, mesh_material_indices=indices,
                           data_meshes={ob: (f"mesh-key-{meshes[n]}", meshes[n], False) for n, ob in obs.items()})


def _connected(data, uuid):
    return [c[1].removeprefix("uuid-") for c in data.connections if c[2] == uuid and c[1] != 1]


def test_fbx_materials_are_connected_in_each_objects_slot_order():
    fbx = mod("export.fbx")
    data = _fbx_scene_data({"Crate": ["wood", "metal"], "Bucket": ["metal", "straw", "wood"]},
                           {"Crate": "crate", "Bucket": "bucket"})
    assert _connected(data, 101) == ["wood", "metal", "straw"]  # scene order, as 4.2 writes
    fbx.slot_order(data, lambda key: key.replace("key-", "uuid-"))
    assert data.connections[0] == (b"OO", 1, 2, None)
    assert _connected(data, 100) == ["wood", "metal"] and _connected(data, 101) == ["metal", "straw", "wood"]
    assert data.mesh_material_indices == {"crate": {"wood": 0, "metal": 1},
                                          "bucket": {"metal": 0, "straw": 1, "wood": 2}}


def test_fbx_slot_order_leaves_a_mesh_whose_objects_disagree_as_the_exporter_wrote_it():
    fbx = mod("export.fbx")
    data = _fbx_scene_data({"A": ["wood", "metal"], "B": ["metal", "wood"]}, {"A": "shared", "B": "shared"})
    before = (list(data.connections), {k: dict(v) for k, v in data.mesh_material_indices.items()})
    fbx.slot_order(data, lambda key: key.replace("key-", "uuid-"))
    assert (data.connections, data.mesh_material_indices) == before  # faces stay right for both


def test_another_add_ons_usd_hook_still_sees_the_finished_stage(export_world, api, tmp_path):
    """A studio's own USDHook, registered after Worldsmith's, runs on the same stage during a
    Worldsmith export: it sees every prim, finished (provenance there), and the file is the one
    Worldsmith writes alone."""
    import bpy

    (tmp_path / "alone").mkdir()
    (tmp_path / "shared").mkdir()
    alone = api.export(export_world, tmp_path / "alone" / "w.usdc", preset="usd")[0]
    seen = []

    class StudioHook(bpy.types.USDHook):
        bl_idname = "studio_test_hook"
        bl_label = "Studio test hook"

        @staticmethod
        def on_export(export_context):
            try:
                stage = export_context.get_stage()
            except TypeError:  # a pxr that is not Blender's build (the bpy 4.2 wheel): no stage
                return True
            prims = list(stage.TraverseAll())
            seen.append((len(prims), sum(1 for p in prims if p.GetCustomDataByKey("worldsmith"))))
            return True

    bpy.utils.register_class(StudioHook)
    try:
        shared = api.export(export_world, tmp_path / "shared" / "w.usdc", preset="usd")[0]
    finally:
        bpy.utils.unregister_class(StudioHook)
    if _hook_can_see_the_stage():
        assert len(seen) == 1 and seen[0][0] > 50 and seen[0][1] > 5, seen
    assert open(alone, "rb").read() == open(shared, "rb").read()
