"""Slot reassignment on a generated courtyard: only the named slots change, in this version only,
the export carries it, refusals leave everything as it was, and a save/reload keeps it all."""

from __future__ import annotations

import pytest

from tests.helpers.extension import mod
from tests.helpers.materials_world import export_glb, snapshot


def _flames(version):
    return sorted((o for o in version.objects() if o.get("part") == "flame"), key=lambda o: o.name)


def _well(version):
    return next(o for o in version.assets().values() if o.get("archetype") == "well")


def _flame_material(version):
    return _flames(version)[0].material_slots[0].material


def _warm(api, version):
    return api.copy_material(_flame_material(version), "Flame Warm", world=version,
                             emission_color=(1.0, 0.42, 0.12), emission_strength=6.0, tint=(1.0, 0.8, 0.6))


def test_warmer_torch_flames_change_only_those_slots_and_export(world, api, tmp_path):
    import bpy

    flames = _flames(world)
    assert len(flames) >= 2
    before = snapshot(world.objects())
    others = snapshot([o for v in api.versions() for o in v.objects()])
    warm = _warm(api, world)
    for flame in flames:
        api.reassign_material(flame, 0, warm)
    after = snapshot(world.objects())
    changed = {name for name in before if before[name]["slots"] != after[name]["slots"]}
    assert changed == {f.name for f in flames}
    for name in before:
        assert before[name]["matrix"] == after[name]["matrix"] and before[name]["mesh"] == after[name]["mesh"]
        assert before[name]["data"] == after[name]["data"]  # no mesh was copied
        if name in changed:
            assert after[name]["slots"] == [("Flame Warm", "OBJECT")]
    assert {n: v for n, v in others.items() if n not in world.collection.all_objects} == \
        {n: v for n, v in snapshot([o for v in api.versions() for o in v.objects()]).items()
         if n not in world.collection.all_objects}
    # the shared mesh keeps the original flame, so nothing else that uses it changed
    assert flames[0].data.materials[0].name == _flame_material_name_in_mesh(flames[0])
    steps = [s for s in world.get("recipe") if s["op"] == "material_reassign"]
    assert [(s["slot"], s["from"], s["to"]) for s in steps] == \
        [(0, "flame.default", warm["material_id"])] * len(flames)
    assert all(s["asset_id"].endswith("/flame") for s in steps)

    doc = export_glb(bpy, world.objects(), tmp_path / "warm.glb")
    flame_names = {f.name for f in flames}
    for node in doc.nodes:
        if node.mesh is None:
            continue
        used = [doc.materials[p.material].name for p in doc.meshes[node.mesh].primitives]
        if node.name in flame_names:
            assert used == ["Flame Warm"], node.name
        else:
            source = bpy.data.objects[node.name]
            assert used == [s.material.name for s in source.material_slots if s.material], node.name
    warm_doc = next(m for m in doc.materials if m.name == "Flame Warm")
    assert warm_doc.extensions["KHR_materials_emissive_strength"]["emissiveStrength"] == pytest.approx(6.0)


def _flame_material_name_in_mesh(obj):
    return obj.data.materials[0].name


def test_replace_everywhere_counts_slots_and_records_a_step(world, api):
    flame = _flame_material(world)
    warm = _warm(api, world)
    count = api.replace_material(world, flame, warm)
    assert count == len(_flames(world))
    assert all(f.material_slots[0].material == warm for f in _flames(world))
    assert api.replace_material(world, flame, warm) == 0  # nothing left to replace
    step = world.get("recipe")[-1]
    assert step["op"] == "material_replace" and step["count"] == count and len(step["slots"]) == count


def test_a_branch_changes_without_reaching_its_parent(world, api):
    parent_before = snapshot(world.objects())
    child = api.branch(world, "warm")
    child_flames = _flames(child)
    assert all(f.data == p.data for f, p in zip(child_flames, _flames(world)))  # meshes shared
    warm = _warm(api, child)
    assert api.replace_material(child, "flame.default", warm) == len(child_flames)
    api.reassign_material(_well(child), 0, "wood.default")
    assert snapshot(world.objects()) == parent_before
    assert all(f.material_slots[0].material == warm for f in _flames(child))
    assert all(f.data == p.data for f, p in zip(_flames(child), _flames(world)))  # still shared


def test_edit_copies_a_material_other_versions_use(world, api):
    import bpy

    parent_flame = _flame_material(world)
    nodes = mod("materials.nodes")
    before = (nodes.emission(parent_flame), len(parent_flame.node_tree.nodes))
    child = api.branch(world, "edit")
    edited = api.edit_material(_flames(child)[0], 0, emission_strength=9.0, roughness_scale=0.5,
                               metallic_scale=0.0, tint=(0.9, 0.7, 0.5))
    assert edited != parent_flame and edited["material_id"] != parent_flame["material_id"]
    assert all(f.material_slots[0].material == edited for f in _flames(child))  # the whole version
    assert all(f.material_slots[0].material == parent_flame for f in _flames(world))
    assert (nodes.emission(parent_flame), len(parent_flame.node_tree.nodes)) == before
    assert nodes.emission(edited)[1] == pytest.approx(9.0)
    step = child.get("recipe")[-1]
    assert step["op"] == "material_edit" and step["copied_from"] == parent_flame["material_id"]
    assert step["changes"]["emission_strength"] == 9.0
    assert bpy.data.materials.get(edited.name) is edited


def test_take_material_from_another_objects_slot(world, api):
    well = _well(world)
    flame = _flames(world)[0]
    before = snapshot(world.objects())
    api.take_material(well, 0, flame.name, 0)
    assert well.material_slots[0].material == flame.material_slots[0].material
    after = snapshot(world.objects())
    assert {n for n in before if before[n] != after[n]} == {well.name}
    assert world.get("recipe")[-1]["source"] == {"object": flame.name, "slot": 0}


@pytest.mark.parametrize("case", ["unknown_material", "slot_out_of_range", "negative_slot", "not_ours",
                                  "empty_source_slot", "bad_image"])
def test_refusals_change_nothing(world, api, case, tmp_path):
    import bpy

    well = _well(world)
    stray = bpy.data.objects.new("Stray", bpy.data.meshes.new("Stray"))
    stray.data.materials.append(None)
    bpy.context.scene.collection.objects.link(stray)
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nthis is not an image")
    state = (snapshot(world.objects()), len(bpy.data.materials), len(bpy.data.images), str(world.get("recipe")))
    call = {
        "unknown_material": lambda: api.reassign_material(well, 0, "no such material"),
        "slot_out_of_range": lambda: api.reassign_material(well, 99, "wood.default"),
        "negative_slot": lambda: api.reassign_material(well, -1, "wood.default"),
        "not_ours": lambda: api.reassign_material(stray, 0, "wood.default"),
        "empty_source_slot": lambda: api.take_material(well, 0, stray, 0),
        "bad_image": lambda: api.edit_material(well, 0, images={"base_color": str(bad)}),
    }[case]
    with pytest.raises(api.InvalidInput):
        call()
    assert (snapshot(world.objects()), len(bpy.data.materials), len(bpy.data.images),
            str(world.get("recipe"))) == state


def test_approved_versions_are_frozen(world, api):
    api.set_review(world, "in_review")
    api.set_review(world, "approved")
    before = snapshot(world.objects())
    with pytest.raises(api.VersionFrozen, match="branch it first"):
        api.reassign_material(_flames(world)[0], 0, "wood.default")
    with pytest.raises(api.VersionFrozen):
        api.replace_material(world, "flame.default", "wood.default")
    with pytest.raises(api.VersionFrozen):
        api.edit_material(_flames(world)[0], 0, emission_strength=2.0)
    assert snapshot(world.objects()) == before
    branch = api.branch(world, "after-approval")  # the way forward
    api.reassign_material(_flames(branch)[0], 0, "wood.default")
    assert snapshot(world.objects()) == before


def test_operators_work_headless_and_report_refusals(world, api):
    import bpy

    flame = _flames(world)[0]
    assert bpy.ops.worldsmith.material_reassign(object_name=flame.name, slot_index=0,
                                                material="wood.default") == {"FINISHED"}
    assert flame.material_slots[0].material["material_id"] == "wood.default"
    before = snapshot(world.objects())
    with pytest.raises(RuntimeError, match="slot"):
        bpy.ops.worldsmith.material_reassign(object_name=flame.name, slot_index=5, material="wood.default")
    assert snapshot(world.objects()) == before
    assert bpy.ops.worldsmith.material_replace(version=world.collection.name, old="wood.default",
                                               new="metal.default") == {"FINISHED"}
    assert bpy.ops.worldsmith.material_take(object_name=flame.name, slot_index=0,
                                            source_object=_flames(world)[1].name, source_slot=0) == {"FINISHED"}
    assert bpy.ops.worldsmith.material_edit(object_name=flame.name, slot_index=0, use_emission=True,
                                            emission_strength=3.0) == {"FINISHED"}
    assert bpy.ops.worldsmith.material_copy(material="metal.default", name="Metal Copy") == {"FINISHED"}
    before = snapshot(world.objects())
    with pytest.raises(RuntimeError, match="Name the material"):
        bpy.ops.worldsmith.material_reassign(object_name=flame.name, slot_index=0)
    with pytest.raises(RuntimeError, match="no-such-material"):
        bpy.ops.worldsmith.material_copy(material="no-such-material")
    assert snapshot(world.objects()) == before
    for name in ("reassign", "take", "replace", "retexture", "edit", "copy"):
        assert getattr(bpy.types, f"WORLDSMITH_OT_material_{name}").bl_options >= {"REGISTER", "UNDO"}


def test_save_and_reload_keep_assignments(world, api, tmp_path):
    import bpy

    from tests.helpers.materials_world import texture_zip

    warm = _warm(api, world)
    api.replace_material(world, "flame.default", warm)
    api.reassign_material(_well(world), 0, "wood.default")
    retextured = mod("materials.retexture").retexture(
        _well(world), 1, "mossy stone", seed=1, fetch=lambda r: texture_zip(r["prompt"], r["seed"], r["size"]))
    images = {c: (i.name, bytes(i.packed_file.data))
              for c, i in mod("materials.nodes").channel_images(retextured).items()}
    before = snapshot(world.objects())
    path = tmp_path / "kept.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    bpy.ops.wm.open_mainfile(filepath=str(path))
    version = api.versions()[0]
    assert snapshot(version.objects()) == before
    assert bpy.data.materials["Flame Warm"]["material_id"] == "flame_warm"
    assert "Flame Warm" in [m.name for m in api.library(version, "flame")]
    reloaded = mod("materials.nodes").channel_images(bpy.data.materials[retextured_name(images)])
    assert {c: (i.name, bytes(i.packed_file.data)) for c, i in reloaded.items()} == images
    assert all(i.size[0] == 64 for i in reloaded.values())


def retextured_name(images) -> str:
    return images["base_color"][0].rsplit("_base_color", 1)[0]


def test_undo_takes_back_a_reassignment_and_its_recipe_step(world, api):
    import bpy

    flame = _flames(world)[0]
    name, steps = flame.name, len(world.get("recipe"))
    bpy.ops.ed.undo_push(message="before")
    # undo=True pushes the operator's undo step as a click in the UI does
    assert bpy.ops.worldsmith.material_reassign("EXEC_DEFAULT", True, object_name=name, slot_index=0,
                                                material="wood.default") == {"FINISHED"}
    assert bpy.data.objects[name].material_slots[0].material["material_id"] == "wood.default"
    bpy.ops.ed.undo()
    slot = bpy.data.objects[name].material_slots[0]
    assert slot.material["material_id"] == "flame.default" and slot.link == "DATA"
    assert len(api.versions()[0].get("recipe")) == steps


def test_the_export_api_writes_object_level_materials(world, api, tmp_path):
    import pygltflib

    warm = _warm(api, world)
    api.replace_material(world, "flame.default", warm)
    api.export(world, str(tmp_path / "court.glb"), preset="gltf")
    doc = pygltflib.GLTF2().load(str(tmp_path / "court.glb"))
    flames = {f.name for f in _flames(world)}
    by_node = {n.name: [doc.materials[p.material].name for p in doc.meshes[n.mesh].primitives]
               for n in doc.nodes if n.mesh is not None}
    flame_nodes = [n for n in by_node if "Flame" in n]
    assert len(flame_nodes) == len(flames)
    assert all(by_node[n] == ["Flame Warm"] for n in flame_nodes)
    assert not any("Flame Warm" in mats for n, mats in by_node.items() if n not in flame_nodes)


def test_quick_edits_export_as_factors_and_swapped_images(world, api, tmp_path):
    import bpy
    import numpy as np

    from worldsmith_backend.textures import encode_png

    from tests.helpers.materials_world import texture_image

    png = encode_png(np.full((32, 32, 3), (200, 40, 10), np.uint8))
    path = tmp_path / "red.png"
    path.write_bytes(png)
    well = _well(world)
    mat = api.edit_material(well, 0, images={"base_color": str(path)}, tint=(0.5, 1.0, 1.0),
                            roughness_scale=0.5, metallic_scale=0.25)
    assert mod("materials.library").channels(mat)["base_color"] == "red.png"
    doc = export_glb(bpy, world.objects(), tmp_path / "edited.glb")
    out = next(m for m in doc.materials if m.name == mat.name)
    pbr = out.pbrMetallicRoughness
    assert texture_image(doc, pbr.baseColorTexture.index) == png
    assert pbr.baseColorFactor[:3] == pytest.approx([0.5, 1.0, 1.0])
    assert pbr.roughnessFactor == pytest.approx(0.5) and pbr.metallicFactor == pytest.approx(0.25)
    assert out.occlusionTexture.index is not None  # ORM stays wired through the edit
