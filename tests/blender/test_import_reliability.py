"""Reliability tier, add-on side (issue 18): a result that breaks the GLB contract, or a failure at
any step of generate / regenerate / reroll / retexture, leaves the .blend exactly as it was —
same datablocks by kind and name, same versions — and the error names what was wrong."""

from __future__ import annotations

import pytest

from tests.helpers.contract_glb import make_world_glb, patch_glb
from tests.helpers.extension import mod
from tests.helpers.generation import counts
from tests.helpers.materials_world import texture_zip
from wslib.worlds import procedural_glb


def _extras(doc):
    return doc["scenes"][0]["extras"]["worldsmith"]


def _set(path, value):
    def mutate(doc):
        *parents, last = path
        target = doc
        for key in parents:
            target = target[key]
        target[last] = value
    return mutate


BAD_RESULTS = {
    # field named in the error: how the document is broken
    "world_id": lambda d: _extras(d).update(world_id=123),
    "spec": lambda d: _extras(d).update(spec=5),
    "spec ": lambda d: _extras(d).update(spec=[1, 2]),
    "ignored": lambda d: _extras(d).update(ignored={}),
    "ignored ": lambda d: _extras(d).update(ignored=5),
    "theme": lambda d: _extras(d).update(theme={}),
    "generator": lambda d: _extras(d).update(generator=None),
    "asset_id": lambda d: d["nodes"][0]["extras"].update(asset_id=7),
    "asset_id ": lambda d: d["nodes"][0]["extras"].update(asset_id="w" * 100_000),
    "role": lambda d: d["nodes"][0]["extras"].update(role="dragon"),
    "nodes[0].mesh": _set(("nodes", 0, "mesh"), 99),
    "indices": _set(("meshes", 0, "primitives", 0, "indices"), 99),
    "accessors[0].bufferView": _set(("accessors", 0, "bufferView"), 42),
    "bufferViews[0]": _set(("bufferViews", 0, "byteLength"), 10**9),
    "nodes[1]": _set(("nodes", 0, "children"), [1, 1]),
    "scenes[0].nodes": _set(("scenes", 0, "nodes"), [0, 77]),
}


def _state(bpy):
    return (counts(), sorted(o.name for o in bpy.data.objects), sorted(m.name for m in bpy.data.materials),
            sorted(i.name for i in bpy.data.images), sorted(c.name for c in bpy.data.collections),
            [(v.id, v.number) for v in mod("api").versions()])


@pytest.mark.parametrize("field", sorted(BAD_RESULTS))
def test_a_result_that_breaks_the_contract_changes_nothing_and_names_the_field(gen, fresh, field):
    bpy = fresh
    gen.finish(gen.plan_generate("test world", seed=0), make_world_glb(), {})  # a world that must stay as it is
    before = _state(bpy)
    bad = patch_glb(make_world_glb(), BAD_RESULTS[field])
    with pytest.raises(mod("api").GenerationFailed) as info:
        gen.finish(gen.plan_generate("test world", seed=0), bad, {})
    assert field.strip() in str(info.value) and "nothing was imported" in str(info.value)
    assert _state(bpy) == before


def test_the_generators_own_results_meet_the_contract():
    """The writer side of the shared contract: what the procedural generator writes passes."""
    from addon.core import contract

    spec = {"prompt": "a medieval courtyard with a well, torches and a market stall", "seed": 5,
            "generator": "procedural", "asset_budget": {"max_triangles": 20000, "texture_size": 64}}
    extras = contract.check_glb(procedural_glb(spec))
    assert extras["world_id"] and extras["generator"] == "procedural"


FAIL_POINTS = {
    # where a failure is injected: (module, attribute) in the add-on
    "materials tagged": ("generate.importer", "tag_imported_materials"),
    "kept assets shared": ("generate.importer", "share_from"),
    "recipe step recorded": ("scene.records", "add_step"),
    "new version shown": ("scene.store", "switch"),
}


CASES = [(op, point) for op in ("generate", "regenerate", "reroll") for point in sorted(FAIL_POINTS)
         if not (op == "generate" and point == "kept assets shared")]  # a new world shares nothing


@pytest.mark.parametrize("op,point", CASES)
def test_a_failure_at_any_step_of_a_generation_leaves_the_file_as_it_was(gen, fresh, monkeypatch, op, point):
    bpy = fresh
    v1 = gen.finish(gen.plan_generate("test world", seed=0), make_world_glb(), {}).version
    mod("api").lock(["well.000"], version=v1)
    plan = {"generate": lambda: gen.plan_generate("test world", seed=0),
            "regenerate": lambda: gen.plan_regenerate(v1, seed=4),
            "reroll": lambda: gen.plan_reroll(v1, ["crate.000"], seed=4)}[op]()
    before = _state(bpy)
    module, name = FAIL_POINTS[point]

    def boom(*args, **kwargs):
        raise RuntimeError(f"injected failure: {point}")

    monkeypatch.setattr(mod(module), name, boom)
    with pytest.raises(RuntimeError, match="injected"):
        gen.finish(plan, make_world_glb(), {})
    monkeypatch.undo()
    assert _state(bpy) == before
    assert mod("api").versions()[-1].id == v1.id


def test_a_failed_retexture_leaves_no_material_or_image_behind(gen, fresh, monkeypatch):
    bpy = fresh
    version = gen.finish(gen.plan_generate("test world", seed=0), make_world_glb(), {}).version
    well = version.assets()["well.000"]
    old = well.material_slots[0].material
    before = _state(bpy)

    def boom(*args, **kwargs):
        raise RuntimeError("injected failure: recipe step")

    monkeypatch.setattr(mod("scene.records"), "add_step", boom)
    with pytest.raises(RuntimeError, match="injected"):
        mod("materials.retexture").retexture(well, 0, "mossy stone", seed=2,
                                             fetch=lambda request: texture_zip("mossy stone", 2, 64))
    assert _state(bpy) == before and well.material_slots[0].material == old


def test_an_importer_failure_reports_its_cause_not_a_path_inside_blender(gen, fresh):
    """Indices the contract cannot see (an accessor reading past its view) make Blender's importer
    fail; the message carries the error, not the "Location: .../io_import_*.py" line."""
    bpy = fresh
    before = _state(bpy)
    bad = patch_glb(make_world_glb(), _set(("accessors", 3, "count"), 10**6))
    with pytest.raises(mod("api").GenerationFailed) as info:
        gen.finish(gen.plan_generate("test world", seed=0), bad, {})
    message = str(info.value)
    assert "could not read the result" in message and "nothing was imported" in message
    assert "Location" not in message and ".py" not in message
    assert _state(bpy) == before
