"""The Materials panel drawn against a recording layout, with a generated world and an active
object, and the library list's filter."""

from __future__ import annotations

import types

from tests.helpers.extension import mod
from tests.helpers.recording_layout import draw_panel, panel_context


def _flame(version):
    return next(o for o in version.objects() if o.get("part") == "flame")


def test_panel_shows_slots_actions_and_library(world):
    import bpy

    flame = _flame(world)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_materials, panel_context(bpy, flame))
    # Slots and library are rows of buttons, not UILists (issue 16: a UIList over materials asks
    # Blender to render every row's preview, which froze it under software OpenGL).
    assert not [c for c in layout.calls if c[0] == "template_list"]
    paths = [c[3] for c in layout.calls if c[0] == "operator_arg" and c[1] == "wm.context_set_int" and c[2] == "data_path"]
    assert paths.count("object.active_material_index") == len(flame.material_slots)
    assert "scene.worldsmith_materials.library_index" in paths
    assert {"worldsmith.material_reassign", "worldsmith.material_take", "worldsmith.material_retexture",
            "worldsmith.material_edit"} <= set(layout.operators())
    args = [c for c in layout.calls if c[0] == "operator_arg" and c[2] == "object_name"]
    assert args and all(c[3] == flame.name for c in args)
    assert any(world.collection.name in text for text in layout.labels())


def test_panel_with_a_library_pick_offers_assign_and_replace(world):
    import bpy

    flame = _flame(world)
    wood = next(m for m in bpy.data.materials if m.get("material_id") == "wood.default")
    bpy.context.scene.worldsmith_materials.library_index = list(bpy.data.materials).index(wood)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_materials, panel_context(bpy, flame))
    assert {"worldsmith.material_replace", "worldsmith.material_copy"} <= set(layout.operators())
    sets = {(c[1], c[2]): c[3] for c in layout.calls if c[0] == "operator_arg"}
    assert sets[("worldsmith.material_replace", "new")] == wood.name
    assert sets[("worldsmith.material_replace", "old")] == flame.material_slots[0].material.name


def test_panel_for_objects_outside_worlds_and_frozen_versions(world, api):
    import bpy

    cube = bpy.data.objects.new("Loose", bpy.data.meshes.new("Loose"))
    bpy.context.scene.collection.objects.link(cube)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_materials, panel_context(bpy, cube))
    assert layout.labels() == ["Select an object of a generated world"]
    layout = draw_panel(bpy.types.WORLDSMITH_PT_materials, panel_context(bpy, None))
    assert layout.labels() == ["Select an object of a generated world"]
    api.set_review(world, "in_review")
    api.set_review(world, "approved")
    layout = draw_panel(bpy.types.WORLDSMITH_PT_materials, panel_context(bpy, _flame(world)))
    assert any("branch it first" in text for text in layout.labels())


def test_library_list_filters_by_name_and_tag(world):
    import bpy

    ui = mod("materials.ui")
    shown = [m.name for m, _ in ui.library_rows(world, "fire")]
    assert [bpy.data.materials[n].get("material_id") for n in shown] == ["flame.default"]
    assert len(ui.library_rows(world)) == len(mod("materials.library").library(world))


def test_library_search_ranks_and_previews(world, api):
    mats = api.library(world)
    ids = {m["material_id"] for m in mats}
    used = {slot.material["material_id"] for obj in world.objects() for slot in obj.material_slots if slot.material}
    assert used == ids  # every material the world uses, and nothing else
    assert "flame.default" in ids  # the torches' flames
    # The material ids are "<kind>.<variant>": searching both words puts that material first, and
    # a variant word alone finds exactly the materials of that variant.
    variant = sorted(ids, key=lambda i: (i.endswith(".default"), i))[0]
    kind, word = variant.split(".")
    assert api.library(world, f"{kind} {word}")[0]["material_id"] == variant
    assert {m["material_id"] for m in api.library(world, word)} >= {i for i in ids if i.endswith("." + word)}
    assert api.library(world, "no-such-thing") == []
    for mat in mats:  # headless Blender may not render previews; asking must not fail
        assert isinstance(mod("materials.library").ensure_preview(mat), int)


def test_the_eyedropper_ray_finds_the_object_and_slot_under_the_cursor(fresh):
    """Take Material's click: a ray from the view hits a face; its object and material slot are
    what gets taken. (The window-to-viewport step needs a screen, which headless has not.)"""
    import bmesh
    import bpy
    from mathutils import Vector

    ops = mod("materials.ops")
    mesh = bpy.data.meshes.new("Box")
    bm = bmesh.new()
    bmesh.ops.create_cube(bm, size=2.0)
    bm.to_mesh(mesh)
    bm.free()
    box = bpy.data.objects.new("Box", mesh)
    bpy.context.scene.collection.objects.link(box)
    for name in ("Side", "Top"):
        box.data.materials.append(bpy.data.materials.new(name))
    for poly in mesh.polygons:
        poly.material_index = 1 if poly.normal.z > 0.5 else 0
    box.location = (5.0, 0.0, 0.0)
    bpy.context.view_layer.update()

    down = Vector((0.0, 0.0, -1.0))
    assert ops._hit_slot(bpy.context, Vector((5.0, 0.0, 10.0)), down) == ("Box", 1)
    assert ops._hit_slot(bpy.context, Vector((10.0, 0.0, 0.0)), Vector((-1.0, 0.0, 0.0))) == ("Box", 0)
    assert ops._hit_slot(bpy.context, Vector((0.0, 0.0, 10.0)), down) is None, "nothing under the cursor"
    assert ops.pick(bpy.context, 10, 10) is None, "no 3D viewport under the cursor"
