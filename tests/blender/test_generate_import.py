"""The importer with hand-made GLBs: contract results land as a version; bad ones leave no trace.

These do not need the generator, so they pin the import rules independently of its output.
"""

from __future__ import annotations

import pytest

from tests.helpers.contract_glb import make_world_glb
from tests.helpers.extension import mod
from tests.helpers.generation import counts, custom_keys


def _finish(gen, data, prompt="test world"):
    return gen.finish(gen.plan_generate(prompt, seed=0), data, {})


def _scene_state(bpy):
    scene = bpy.context.scene
    return (counts(), sorted(o.name for o in bpy.data.objects), scene.render.engine, custom_keys(scene),
            scene.worldsmith.prompt, [o.name for o in bpy.context.selected_objects])


def test_contract_glb_becomes_world_and_version(gen, fresh):
    bpy = fresh
    bpy.context.scene.render.engine = "CYCLES"
    outcome = _finish(gen, make_world_glb())
    version = outcome.version
    world = version.world_collection
    assert world.name == "Courtyard" and world["worldsmith_world"]["world_id"] == "testworld"
    assert version.collection.name == "Courtyard v1 main" and version.number == 1 and version.parent == ""
    assert sorted(version.assets()) == ["crate.000", "well.000"]
    roles = sorted(o.get("role") for o in version.objects())
    assert roles == ["asset", "asset", "camera", "light"]
    assert "dragons" in outcome.message() and version.get("ignored") == ["dragons"]
    # the importer ran in a staging scene: nothing leaked into the user's scene
    scene = bpy.context.scene
    assert scene.render.engine == "CYCLES" and "worldsmith" not in custom_keys(scene)
    assert [s.name for s in bpy.data.scenes] == [scene.name]
    assert all("box" not in o for o in version.objects())
    # glTF Y-up (3, 0, 0) stays (3, 0, 0); a glTF z offset would become Blender -y
    assert tuple(round(c, 4) for c in version.assets()["crate.000"].matrix_world.translation) == (3, 0, 0)


@pytest.mark.parametrize("damage", ["truncated", "no_extras", "not_glb", "duplicate_ids"])
def test_bad_results_leave_the_file_as_it_was(gen, fresh, damage):
    bpy = fresh
    _finish(gen, make_world_glb())  # an existing world must survive untouched too
    bpy.ops.mesh.primitive_cube_add()
    before = _scene_state(bpy)
    good = make_world_glb(world_id="other")
    data = {
        "truncated": good[: len(good) // 2],
        "no_extras": make_world_glb(extras=False),
        "not_glb": b"<html>proxy error</html>",
        "duplicate_ids": make_world_glb([("well.000", "Well", (0, 0, 0)), ("well.000", "Well2", (2, 0, 0))],
                                        world_id="other"),
    }[damage]
    with pytest.raises(mod("api").GenerationFailed) as info:
        _finish(gen, data)
    assert "nothing was imported" in str(info.value).lower()
    assert _scene_state(bpy) == before


def test_truncated_body_with_a_valid_header_is_caught_by_the_importer(gen, fresh):
    """A GLB whose header length was patched to match: the glTF importer itself fails."""
    import struct

    bpy = fresh
    good = make_world_glb()
    cut = bytearray(good[: len(good) - 200])
    struct.pack_into("<I", cut, 8, len(cut))
    before = _scene_state(bpy)
    with pytest.raises(Exception, match="nothing was imported|could not read"):
        _finish(gen, bytes(cut))
    assert _scene_state(bpy) == before


def test_second_result_of_the_same_world_is_a_new_version(gen, fresh):
    first = _finish(gen, make_world_glb()).version
    second = _finish(gen, make_world_glb()).version
    assert second.world_collection == first.world_collection
    assert (second.number, second.parent) == (2, first.id)
    api = mod("api")
    assert [v.number for v in api.versions(first.world_collection)] == [1, 2]
    layers = {lc.collection.name: lc.exclude for lc in fresh.context.view_layer.layer_collection.children[0].children}
    assert layers == {first.collection.name: True, second.collection.name: False}
    api.switch(first)
    assert fresh.context.view_layer.layer_collection.children[0].children[first.collection.name].exclude is False
