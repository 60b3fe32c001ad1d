"""Recipes in Blender: a version's recipe, Run re-running only what changed (counted backend jobs),
sweeps, hand edits, approved versions, bad recipes creating nothing, and content sharing."""

from __future__ import annotations

import copy
import json

import pytest

from tests.helpers.extension import mod
from tests.helpers.generation import counts
from tests.helpers.materials_world import snapshot
from wslib.worlds import courtyard as hand_courtyard

PROMPT_T = "a medieval courtyard with a well, a market stall and torches"


@pytest.fixture
def jobs(gen, monkeypatch):
    """Every backend job the add-on submits, in order (the real backend still runs them)."""
    JobRun = mod("service.jobs").JobRun
    seen: list[dict] = []
    original = JobRun.submit.__func__

    def counting(cls, client, spec, **kw):
        seen.append(dict(spec))
        return original(cls, client, spec, **kw)

    monkeypatch.setattr(JobRun, "submit", classmethod(counting))
    return seen


def flame_slot(version):
    for obj in version.collection.all_objects:
        for i, slot in enumerate(obj.material_slots):
            if slot.material and "flame" in str(slot.material.get("material_id", "")):
                return obj, i
    raise AssertionError("no flame material")


@pytest.fixture
def made(gen, fresh, jobs):
    """A generated courtyard (v1) with one flame retextured through the backend."""
    api = mod("api")
    v1 = api.generate(PROMPT_T, seed=3, texture_size=64, max_assets=12)
    obj, slot = flame_slot(v1)
    api.retexture(obj, slot, "blue fire", seed=1)
    jobs.clear()
    return v1


def by_key(version):
    """Per asset key (asset id, or asset id/part): slots, world matrix, mesh digest."""
    import re

    key = lambda o: re.sub(r"\.\d{3}$", "", mod("scene.assets").asset_key(o))  # noqa: E731
    snap = snapshot(version.objects())
    return {key(o): {k: v for k, v in snap[o.name].items() if k != "data"} for o in version.objects()}


def node_of(recipe, op):
    return next(n for n in recipe["nodes"] if n["params"].get("op") == op)


def test_recipe_of_a_generated_version_has_every_node(made):
    r = mod("api").recipe(made)
    types = [n["type"] for n in r["nodes"]]
    assert r["schema"] == 1 and types[0] == "layout" and types.count("asset") == len(made.assets())
    assert node_of(r, "material_retexture")["params"]["request"]["prompt"] == "blue fire"
    assert r["nodes"][0]["params"]["seed"] == 3 and r["nodes"][0]["params"]["generator_version"]
    assert not any(n["type"] == "manual_edit" for n in r["nodes"]) and r["notes"] == []
    json.dumps(r)


def test_edit_retexture_prompt_runs_only_that_texture_job(made, jobs):
    api = mod("api")
    before = snapshot(made.objects())
    r = api.recipe(made)
    node_of(r, "material_retexture")["params"]["request"]["prompt"] = "green fire"
    v2 = api.run_recipe(r)
    assert [j.get("kind") for j in jobs] == ["texture"] and jobs[0]["prompt"] == "green fire"
    assert v2.id != made.id and v2.parent == made.id
    assert snapshot(made.objects()) == before  # the edited version stays as it was
    a, b = by_key(made), by_key(v2)
    assert set(a) == set(b)
    changed = {k for k in a if a[k] != b[k]}
    step = node_of(r, "material_retexture")["params"]
    slot = step["slot"]
    assert changed == {step["asset_id"]}
    assert a[next(iter(changed))]["slots"][slot] != b[next(iter(changed))]["slots"][slot]
    assert b[next(iter(changed))]["slots"][slot][0].startswith("green fire")
    diff = api.compare_recipes(made, v2)
    assert [c["id"] for c in diff["changed"]] == [node_of(r, "material_retexture")["id"]]
    # the new version's recipe is the edited one, with the material the run made
    again = api.compare_recipes(r, v2)
    assert [(c["id"], sorted(c["params"])) for c in again["changed"]] == [(diff["changed"][0]["id"], ["to"])]
    d = api.compare(made, v2).to_dict()
    assert not d["added"] and not d["removed"] and not d["moved"] and not d["geometry"]


def test_run_without_changes_calls_no_backend(made, jobs):
    api = mod("api")
    v2 = api.run_recipe(api.recipe(made))
    assert jobs == [] and v2.id != made.id


def test_reroll_seed_edit_rerolls_only_that_asset(made, jobs):
    api = mod("api")
    r = api.recipe(made)
    torch = next(n for n in r["nodes"] if n["type"] == "asset" and n["params"]["asset_id"].startswith("well"))
    torch["params"]["reroll_seed"] = 11
    v2 = api.run_recipe(r)
    assert len(jobs) == 1 and jobs[0]["reroll"] == [torch["params"]["asset_id"]] and jobs[0]["reroll_seed"] == 11
    d = api.compare(made, v2).to_dict()
    assert {g["asset_id"] for g in d["geometry"]} <= {torch["params"]["asset_id"]}


def test_sweep_makes_one_branch_per_value(made, jobs):
    api = mod("api")
    node = node_of(api.recipe(made), "material_retexture")["id"]
    made_versions = api.sweep(made, node, "request.seed", [4, 5, 6])
    assert len({v.id for v in made_versions}) == 3 and all(v.parent == made.id for v in made_versions)
    assert sorted(j["seed"] for j in jobs) == [4, 5, 6] and all(j["kind"] == "texture" for j in jobs)


def test_approved_version_refuses_run(made):
    api = mod("api")
    api.set_review(made, "in_review")
    api.set_review(made, "approved")
    r = api.recipe(made)
    node_of(r, "material_retexture")["params"]["request"]["seed"] = 2
    with pytest.raises(api.VersionFrozen, match="branch it first"):
        api.run_recipe(r)


def test_hand_edit_becomes_a_manual_edit_node_and_a_reroll_refuses_to_lose_it(made, jobs):
    api = mod("api")
    well = next(o for a, o in made.assets().items() if a.startswith("well"))
    well.location.x += 0.5
    r = api.recipe(made)
    edits = [n for n in r["nodes"] if n["type"] == "manual_edit"]
    assert [n["params"]["asset_id"] for n in edits] == [well["asset_id"]] and edits[0]["params"]["what"] == ["transform"]
    # a material change keeps the edit: the new version's well stands where the hand put it
    node_of(r, "material_retexture")["params"]["request"]["seed"] = 2
    v2 = api.run_recipe(r)
    assert v2.assets()[well["asset_id"]].location.x == pytest.approx(well.location.x)
    r = api.recipe(made)
    next(n for n in r["nodes"] if n["id"] == f"asset:{well['asset_id']}")["params"]["reroll_seed"] = 9
    count = counts()
    with pytest.raises(api.InvalidInput, match="lose hand edits"):
        api.run_recipe(r)
    assert counts() == count


@pytest.mark.parametrize("breakage, named", [
    (lambda r: r["nodes"][1].update(type="teleporter"), 1),
    (lambda r: r["nodes"][0]["inputs"].append(r["nodes"][1]["id"]), 0),
    (lambda r: r["nodes"][-1]["inputs"].append("material.99"), -1),
    (lambda r: r.update(schema=99), None),
])
def test_bad_recipes_create_nothing(made, jobs, breakage, named):
    api = mod("api")
    r = api.recipe(made)
    bad = copy.deepcopy(r)
    breakage(bad)
    before = counts()
    with pytest.raises(api.InvalidInput) as info:
        api.run_recipe(bad)
    assert counts() == before and jobs == []
    if named is not None:
        assert f"{r['nodes'][named]['id']!r}" in str(info.value) or "cycle" in str(info.value)
    else:
        assert "newer" in str(info.value)


def test_version_made_before_recipes_gets_a_reconstructed_recipe(ws, fresh):
    api = mod("api")
    world, coll = hand_courtyard(fresh)
    version = mod("scene.store").Version(coll)
    r = api.recipe(version)
    assert r["nodes"][0]["params"]["prompt"].startswith("a medieval courtyard")
    assert {n["params"]["asset_id"] for n in r["nodes"] if n["type"] == "asset"} == set(version.assets())
    assert any("fingerprints" in note for note in r["notes"])


def test_unchanged_materials_and_meshes_are_shared_by_content(made, jobs):
    api = mod("api")
    import bpy

    before = counts()
    v2 = api.regenerate(made, seed=3, keep=[])
    after = counts()
    assert after["images"] == before["images"] and after["materials"] == before["materials"]
    assert after["meshes"] == before["meshes"]
    v3 = api.reroll(v2, [next(iter(v2.assets()))], seed=5)
    assert counts()["images"] - after["images"] <= 3
    assert v3 and bpy.data.materials


def test_sweep_of_prompts_makes_one_branch_each(made, jobs):
    api = mod("api")
    node = node_of(api.recipe(made), "material_retexture")["id"]
    made_versions = api.sweep(made, node, "request.prompt", (p for p in ["moss", "rust/red", "ice"]))
    assert len(made_versions) == 3 and sorted(j["prompt"] for j in jobs) == ["ice", "moss", "rust/red"]
    assert [v.branch for v in made_versions] == ["material.1 prompt moss", "material.1 prompt rust_red",
                                                 "material.1 prompt ice"]


def test_a_recorded_but_unrunnable_source_is_refused_naming_the_asset(made, jobs):
    api = mod("api")
    r = api.recipe(made)
    asset = next(n for n in r["nodes"] if n["type"] == "asset")
    asset["params"]["source"] = "library"
    before = counts()
    with pytest.raises(api.InvalidInput, match=asset["id"]):
        api.run_recipe(r)
    assert counts() == before and jobs == []


PROMPT_100 = "a huge medieval courtyard with 40 crates, 30 barrels, 20 torches and 10 market stalls"


def test_one_flame_retexture_on_a_100_asset_world_runs_one_job_and_changes_one_slot(gen, fresh, jobs):
    api = mod("api")
    v1 = api.generate(PROMPT_100, seed=1, texture_size=64, max_assets=100)
    assert len(v1.assets()) == 100
    obj, slot = flame_slot(v1)
    api.retexture(obj, slot, "blue fire", seed=1)
    r = api.recipe(v1)
    node_of(r, "material_retexture")["params"]["request"]["prompt"] = "green fire"
    jobs.clear()
    v2 = api.run_recipe(r)
    assert [j.get("kind") for j in jobs] == ["texture"]
    a, b = by_key(v1), by_key(v2)
    assert set(a) == set(b)
    changed = {k for k in a if a[k] != b[k]}
    assert changed == {node_of(r, "material_retexture")["params"]["asset_id"]}
    k = next(iter(changed))
    assert [i for i, (x, y) in enumerate(zip(a[k]["slots"], b[k]["slots"])) if x != y] == [slot]
    assert (a[k]["matrix"], a[k]["mesh"]) == (b[k]["matrix"], b[k]["mesh"])


def test_sweep_of_sources_on_one_asset_and_back_to_the_layout(made, jobs):
    api = mod("api")
    well = next(a for a in made.assets() if a.startswith("well"))
    before = mesh_digests(made, well)
    swept = api.sweep(made, f"asset:{well}", "source", ["archetype", "proxy"])
    assert len(swept) == 2 and len(swept[1].assets()[well].data.vertices) == 8
    r = api.recipe(made)
    node = next(n for n in r["nodes"] if n["id"] == f"asset:{well}")
    node["params"]["library_asset"] = next(a for a, o in sorted(made.assets().items()) if o.type == "MESH"
                                           and not a.startswith(("well", "ground", "wall", "gate", "cobble")))
    made_versions = [api.run_recipe(dict(r, nodes=[dict(n, params=dict(n["params"], source=s))
                                                     if n["id"] == node["id"] else n for n in r["nodes"]]))
                     for s in ("proxy", "library")]
    assert jobs == []  # both are made in Blender
    proxy, library = made_versions
    assert mesh_digests(proxy, well) != before and len(proxy.assets()[well].data.vertices) == 8
    crate = made.assets()[node["params"]["library_asset"]]
    assert library.assets()[well].data == crate.data
    assert mesh_digests(made, well) == before  # the base is untouched
    back = api.recipe(proxy)
    next(n for n in back["nodes"] if n["id"] == f"asset:{well}")["params"]["source"] = "archetype"
    restored = api.run_recipe(back)
    assert [j.get("kind", "world") for j in jobs] == ["world"] and jobs[0]["keep"]
    assert mesh_digests(restored, well) == before
    assert restored.assets()[well].matrix_world == made.assets()[well].matrix_world


def mesh_digests(version, asset_id):
    from tests.helpers.generation import mesh_hash

    root = version.assets()[asset_id]
    return sorted(mesh_hash(o) for o in [root, *root.children_recursive] if o.type == "MESH")
