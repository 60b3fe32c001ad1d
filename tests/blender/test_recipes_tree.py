"""The "Worldsmith Recipe" node tree: built per version, drawn (panel and nodes against a recording
layout), stale marking after an edit, survives save and reload, and Run through the operator."""

from __future__ import annotations

import types

import pytest

from tests.blender.test_recipes import PROMPT_T, flame_slot, jobs  # noqa: F401  (jobs: a fixture)
from tests.helpers.extension import mod
from tests.helpers.recording_layout import RecordingLayout, draw_panel


def _retextured(court):
    """The hand-built courtyard with one retexture recorded (through a fetch, no backend)."""
    from tests.helpers.materials_world import texture_zip

    retex = mod("materials.retexture")
    torch = court.v1.assets()["torch.000"]
    retex.retexture(torch, 1, "blue fire", seed=1, size=64,
                    fetch=lambda r: texture_zip(r["prompt"], r["seed"], r["size"]))
    return court.v1


def _space(tree):
    return types.SimpleNamespace(tree_type="WorldsmithRecipeTree", edit_tree=tree, node_tree=tree, type="NODE_EDITOR")


def test_tree_is_built_per_version_and_draws(court):
    bpy = court.bpy
    version = _retextured(court)
    tree = mod("recipes.tree").build_tree(version)
    recipe = mod("api").recipe(version)
    assert tree.bl_idname == "WorldsmithRecipeTree" and tree["ws_version"] == version.id
    assert sorted(n.node_id for n in tree.nodes) == sorted(n["id"] for n in recipe["nodes"])
    assert len(tree.links) == sum(len(n["inputs"]) for n in recipe["nodes"])
    assert not any(n.stale for n in tree.nodes)
    assert mod("recipes.tree").build_tree(version) == tree  # one tree per version
    ctx = types.SimpleNamespace(space_data=_space(tree), scene=bpy.context.scene)
    layout = draw_panel(bpy.types.WORLDSMITH_PT_recipe, ctx)
    assert "worldsmith.recipe_run" in layout.operators() and "worldsmith.recipe_sweep" in layout.operators()
    assert "Nothing changed" in layout.labels()
    assert "worldsmith.recipe_show" in draw_panel(bpy.types.WORLDSMITH_PT_recipe_view3d, ctx).operators()
    for node in tree.nodes:  # every node's buttons draw against real properties
        node_layout = RecordingLayout()
        type(node).draw_buttons(node, ctx, node_layout)
        assert node_layout.calls, node.name


def test_editing_a_node_marks_it_and_downstream_stale(court):
    version = _retextured(court)
    trees = mod("recipes.tree")
    tree = trees.build_tree(version)
    material = next(n for n in tree.nodes if n.node_id.startswith("material."))
    material.prompt = "green fire"
    assert [n.node_id for n in tree.nodes if n.stale] == [material.node_id]
    assert tuple(material.color) == pytest.approx(trees.STALE_COLOUR)
    assert trees.tree_recipe(tree)["nodes"][[n["id"] for n in trees.tree_recipe(tree)["nodes"]].index(
        material.node_id)]["params"]["request"]["prompt"] == "green fire"
    layout_node = next(n for n in tree.nodes if n.node_id == "layout")
    layout_node.seed = 99
    assert all(n.stale for n in tree.nodes)


def test_tree_survives_save_and_reload(court, tmp_path):
    bpy = court.bpy
    version = _retextured(court)
    trees = mod("recipes.tree")
    tree = trees.build_tree(version)
    next(n for n in tree.nodes if n.node_id.startswith("material.")).seed = 7
    names = sorted(n.node_id for n in tree.nodes)
    path = str(tmp_path / "recipe.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.open_mainfile(filepath=path)
    tree = next(t for t in bpy.data.node_groups if t.bl_idname == "WorldsmithRecipeTree")
    assert sorted(n.node_id for n in tree.nodes) == names
    material = next(n for n in tree.nodes if n.node_id.startswith("material."))
    assert material.seed == 7 and material.stale and material.prompt == "blue fire"
    assert trees.mark_stale(tree) == [material.node_id]


def test_run_operator_makes_a_new_version_with_one_texture_job(gen, fresh, jobs):  # noqa: F811
    api = mod("api")
    bpy = fresh
    v1 = api.generate(PROMPT_T, seed=3, texture_size=64, max_assets=12)
    obj, slot = flame_slot(v1)
    api.retexture(obj, slot, "blue fire", seed=1)
    jobs.clear()
    bpy.ops.worldsmith.recipe_show(version_id=v1.id)
    tree = mod("recipes.tree").tree_of(v1)
    next(n for n in tree.nodes if n.node_id.startswith("material.")).prompt = "green fire"
    assert bpy.ops.worldsmith.recipe_run(tree=tree.name) == {"FINISHED"}
    assert [j["kind"] for j in jobs] == ["texture"]
    v2 = api.versions(v1.world_collection)[-1]
    assert v2.parent == v1.id and mod("recipes.tree").tree_of(v2) is not None
    assert bpy.ops.worldsmith.recipe_sweep(tree=mod("recipes.tree").tree_of(v2).name,
                                           node=next(n.node_id for n in tree.nodes if n.node_id.startswith("material.")),
                                           param="request.seed", values="2-3") == {"FINISHED"}
    assert sorted(j["seed"] for j in jobs[1:]) == [2, 3]
