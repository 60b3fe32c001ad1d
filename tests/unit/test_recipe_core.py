"""The recipe graph (addon/core/recipe.py), without Blender: built from stored steps, keys,
staleness after an edit, files, validation of bad recipes, comparison and sweeps."""

from __future__ import annotations

import json

import pytest

from addon.core import recipe as r

SPEC = {"prompt": "a medieval courtyard with torches", "seed": 7, "generator": "procedural",
        "theme": "courtyard", "max_assets": 12, "asset_budget": {"max_triangles": 20000, "texture_size": 64}}
ASSETS = {"well.000": {"locked": True}, "torch.000": {}, "torch.001": {}, "ground.000": {}}
STEPS = [
    {"op": "generate", "at": "t0", "spec": SPEC},
    {"op": "reroll", "at": "t1", "assets": ["torch.001"], "reroll_seed": 5},
    {"op": "material_retexture", "at": "t2", "object": "Torch.001 Flame", "asset_id": "torch.001/flame",
     "slot": 0, "from": "flame.000", "to": "flame.000.rt_aa", "request": {"kind": "texture", "prompt": "blue fire",
                                                                          "seed": 1, "size": 64}},
    {"op": "material_reassign", "at": "t3", "object": "Well", "asset_id": "well.000", "slot": 0,
     "from": "stone.000", "to": "wood.000"},
    {"op": "branch", "at": "t4", "from": "abc", "from_number": 1, "name": "b"},
    {"op": "make_lods", "at": "t5", "ratios": [0.5]},
]


def build(**kw):
    return r.from_steps(STEPS, assets=ASSETS, generator_version="3", world_id="w", version_id="v1", **kw)


def test_graph_from_steps_has_layout_assets_materials_gameprep():
    g = build()
    assert [n.type for n in g.nodes.values()][:1] == ["layout"]
    assert g.nodes["layout"].params["seed"] == 7 and g.nodes["layout"].params["texture_size"] == 64
    assert g.nodes["layout"].params["generator_version"] == "3"
    assert g.nodes["asset:well.000"].params["locked"] is True
    assert g.nodes["asset:torch.001"].params["reroll_seed"] == 5
    assert g.nodes["asset:torch.000"].params["reroll_seed"] is None
    assert g.nodes["material.1"].inputs == ["asset:torch.001"]
    assert g.nodes["material.2"].inputs == ["asset:well.000"]
    assert set(g.nodes["gameprep.lods"].inputs) == {f"asset:{a}" for a in ASSETS}  # geometry only
    assert g.notes == []
    assert all(n.key for n in g.nodes.values())


def test_unknown_step_is_named_in_notes_and_no_generate_falls_back_to_spec():
    g = r.from_steps([{"op": "teleport", "at": "t"}], assets=ASSETS, spec=SPEC)
    assert any("teleport" in n for n in g.notes)
    assert any("no generate step" in n for n in g.notes)
    assert g.nodes["layout"].params["prompt"] == SPEC["prompt"]


def test_keys_ignore_times_and_object_names_but_not_seeds():
    a = build()
    steps = [dict(s, at="later") for s in STEPS]
    steps[2] = dict(steps[2], object="Torch.001 Flame.004")
    b = r.from_steps(steps, assets=ASSETS, generator_version="3")
    assert r.stale(a, b) == []


def test_edit_retexture_prompt_makes_only_it_and_downstream_stale():
    g = build()
    edited = r.set_param(g, "material.1", "request.prompt", "green fire")
    assert r.stale(g, edited) == ["material.1"]
    assert g.nodes["material.1"].params["request"]["prompt"] == "blue fire"  # the original is unchanged


def test_edit_layout_seed_makes_everything_stale():
    g = build()
    assert set(r.stale(g, r.set_param(g, "layout", "seed", 8))) == set(g.nodes)


def test_roundtrip_through_json_keeps_keys():
    g = build()
    data = json.loads(json.dumps(g.to_dict()))
    assert data["schema"] == r.SCHEMA and data["kind"] == r.KIND
    back = r.from_dict(data)
    assert {i: n.key for i, n in back.nodes.items()} == {i: n.key for i, n in g.nodes.items()}
    assert r.stale(g, back) == []


def _bad(mutate):
    data = build().to_dict()
    mutate(data)
    with pytest.raises(r.RecipeError) as info:
        r.from_dict(data)
    return info.value


def test_unknown_node_type_is_refused_naming_the_node():
    err = _bad(lambda d: d["nodes"][1].update(type="teleporter"))
    assert err.node == d_id(1) and "teleporter" in str(err) and "nothing was created" in str(err)


def d_id(index):
    return build().to_dict()["nodes"][index]["id"]


def test_cycle_is_refused_naming_a_node_on_it():
    def cyc(d):
        nodes = {n["id"]: n for n in d["nodes"]}
        nodes["layout"]["inputs"] = ["material.1"]
    err = _bad(cyc)
    assert "cycle" in str(err) and err.node in {"layout", "asset:torch.001", "material.1"}


def test_missing_input_is_refused():
    err = _bad(lambda d: d["nodes"][-1]["inputs"].append("material.99"))
    assert err.node == d_id(-1) and "material.99" in str(err)


def test_newer_schema_is_refused():
    err = _bad(lambda d: d.update(schema=r.SCHEMA + 1))
    assert "newer" in str(err)


def test_bad_values_are_refused():
    assert "source" in str(_bad(lambda d: d["nodes"][1]["params"].update(source="magic")))
    assert "seed" in str(_bad(lambda d: d["nodes"][0]["params"].update(seed=-1)))
    assert "prompt" in str(_bad(lambda d: d["nodes"][0]["params"].update(prompt=" ")))


def test_compare_recipes_names_the_changed_node_with_both_values():
    g = build()
    out = r.compare_recipes(g, r.set_param(g, "asset:torch.000", "reroll_seed", 3))
    assert out["changed"] == [{"id": "asset:torch.000", "type": "asset", "params": {"reroll_seed": [None, 3]}}]
    assert out["stale"] == ["asset:torch.000", "gameprep.lods"] and out["added"] == out["removed"] == []


def test_sweep_gives_one_recipe_per_value():
    g = build()
    recipes = r.sweep(g, "material.1", "request.seed", range(1, 9))
    assert [x.nodes["material.1"].params["request"]["seed"] for x in recipes] == list(range(1, 9))
    assert len({x.nodes["material.1"].key for x in recipes}) == 8
    assert all(x.nodes["asset:well.000"].key == g.nodes["asset:well.000"].key for x in recipes)


def test_to_steps_replays_in_recorded_order():
    ops = [s["op"] for s in r.to_steps(build())]
    assert ops == ["generate", "reroll", "material_retexture", "material_reassign", "make_lods"]
    reroll = r.to_steps(build())[1]
    assert reroll["assets"] == ["torch.001"] and reroll["reroll_seed"] == 5


def test_manual_edit_node_hangs_off_its_asset():
    g = build(manual_edits={"well.000": {"what": ["transform"]}})
    node = g.nodes["manual_edit:well.000"]
    assert node.inputs == ["asset:well.000", "material.2"]
    assert r.stale(g, r.set_param(g, "asset:well.000", "reroll_seed", 9))[-1] in ("manual_edit:well.000", "gameprep.lods")


def test_local_sources_replay_as_asset_source_steps_and_library_needs_its_asset():
    g = build()
    proxy = r.set_param(g, "asset:torch.000", "source", "proxy")
    assert r.stale(g, proxy) == ["asset:torch.000", "gameprep.lods"]
    steps = r.to_steps(proxy)
    assert {"op": "asset_source", "asset_id": "torch.000", "source": "proxy", "library_asset": None} in steps
    again = r.from_steps(steps, assets=ASSETS, generator_version="3")
    assert again.nodes["asset:torch.000"].params["source"] == "proxy"
    with pytest.raises(r.RecipeError, match="library_asset"):
        r.set_param(g, "asset:torch.000", "source", "library")
