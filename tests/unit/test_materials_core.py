"""Pure material rules (addon/core/materials.py): search, slot planning, recipe steps, quick-edit
checks and maths, texture job requests and result ZIPs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon.core import materials as m
from addon.core.errors import InvalidInput
from tests.helpers.materials_world import zip_bytes

LIB = [
    m.LibraryEntry("Flame", "flame.default", ("emissive", "fire")),
    m.LibraryEntry("Stone Mossy", "stone.mossy", ("stone", "masonry", "mossy")),
    m.LibraryEntry("Stone", "stone.default", ("stone", "masonry")),
    m.LibraryEntry("Wood Weathered", "wood.weathered", ("wood", "weathered")),
]


def test_search_by_name_id_and_tag_all_words_any_case():
    assert [e.name for e in m.search(LIB, "FIRE")] == ["Flame"]
    assert [e.name for e in m.search(LIB, "stone mossy")] == ["Stone Mossy"]
    assert [e.name for e in m.search(LIB, "weath")] == ["Wood Weathered"]
    assert m.search(LIB, "stone fire") == []
    assert [e.name for e in m.search(LIB, "")] == ["Flame", "Stone", "Stone Mossy", "Wood Weathered"]


def test_exact_matches_rank_first():
    assert [e.name for e in m.search(LIB, "stone")] == ["Stone", "Stone Mossy"]
    assert [e.name for e in m.search(LIB, "masonry")][0] == "Stone"


def test_slug_unique_id_and_tags():
    assert m.slug("Flame Warm.001") == "flame_warm_001" and m.slug("***") == "material"
    assert m.unique_id("flame", {"flame", "flame.001"}) == "flame.002"
    assert m.unique_id("oak", {"flame"}) == "oak"
    assert m.tags_of(["a", "b"]) == ("a", "b") and m.tags_of('["x"]') == ("x",)
    assert m.tags_of("wood, old") == ("wood", "old") and m.tags_of(None) == () and m.tags_of(3) == ()


def test_channels_round_trip_and_unknown_channels_dropped():
    raw = m.encode_channels({"orm": "o.png", "base_color": "b.png", "normal": None})
    assert json.loads(raw) == {"base_color": "b.png", "orm": "o.png"}
    assert m.decode_channels(raw) == {"base_color": "b.png", "orm": "o.png"}
    assert m.decode_channels('{"glow": "x"}') == {} and m.decode_channels("nope") == {}
    with pytest.raises(InvalidInput, match="base_color"):
        m.check_channel("albedo")


@pytest.mark.parametrize("index,count,match", [(3, 3, "0..2"), (-1, 2, "no slot -1"), (0, 0, "no material slots"),
                                               ("1", 2, "whole number"), (True, 2, "whole number")])
def test_slot_index_checks(index, count, match):
    with pytest.raises(InvalidInput, match=match):
        m.check_slot_index(index, count, "object 'Well'")
    assert m.check_slot_index(1, 2, "x") == 1


names = st.sampled_from(["a", "b", "c", None])


@given(st.dictionaries(st.text("xyz", min_size=1, max_size=3), st.lists(names, max_size=4), max_size=6))
def test_replace_plan_touches_exactly_the_old_slots(slots):
    changes = m.plan_replace(slots, "a", "b")
    assert {(c.obj, c.slot) for c in changes} == {(o, i) for o, ms in slots.items() for i, x in enumerate(ms) if x == "a"}
    assert all(c.old == "a" and c.new == "b" for c in changes)
    assert m.plan_replace(slots, "a", "a") == []


def test_recipe_steps_say_what_which_slot_and_from_to():
    step = m.reassign_step("T", "Torch.001 Flame", "torch.001/flame", 0, "flame.default", "flame_warm")
    assert step == {"op": "material_reassign", "at": "T", "object": "Torch.001 Flame", "asset_id": "torch.001/flame",
                    "slot": 0, "from": "flame.default", "to": "flame_warm"}
    changes = m.plan_replace({"A": ["x", "y"], "B": ["x"]}, "x", "z")
    rep = m.replace_step("T", "x", "z", changes, {"A": "a.001"})
    assert rep["count"] == 2 and rep["slots"] == [["a.001", "A", 0], ["B", "B", 0]]
    assert json.loads(json.dumps(rep)) == rep
    retex = m.retexture_step("T", "W", "well.001", 1, "stone", "rt.x", {"prompt": "p"})
    assert retex["op"] == "material_retexture" and retex["request"] == {"prompt": "p"}


def test_make_edit_checks_everything_first():
    edit = m.make_edit(tint=(1, 0.5, 0.25), roughness_scale=0.5, emission_strength=4)
    assert edit.tint == (1.0, 0.5, 0.25, 1.0)
    assert edit.record() == {"tint": [1.0, 0.5, 0.25, 1.0], "roughness_scale": 0.5, "emission_strength": 4.0}
    for bad in ({"tint": (1, 2)}, {"tint": (1, -1, 0)}, {"tint": "red"}, {"roughness_scale": 11},
                {"metallic_scale": float("nan")}, {"emission_color": (1, 1, float("inf"))},
                {"images": {"albedo": "x.png"}}, {}):
        with pytest.raises(InvalidInput):
            m.make_edit(**bad)


def test_edit_maths_multiplies_and_clamps():
    assert m.multiply((0.5, 1.0, 0.2), (1.0, 0.5, 2.0)) == (0.5, 0.5, 0.4)
    assert m.scaled_factor(0.8, 2.0) == 1.0 and m.scaled_factor(0.8, 0.5) == pytest.approx(0.4)
    assert m.scaled_factor(0.5, 0.0) == 0.0


def test_texture_request_and_stable_ids():
    req = m.texture_request("  mossy stone ", 3, 1024)
    assert req == {"kind": "texture", "prompt": "mossy stone", "seed": 3, "size": 1024, "generator": "procedural"}
    assert m.retexture_id("rt", req) == m.retexture_id("rt", dict(req))
    assert m.retexture_id("rt", req) != m.retexture_id("rt", {**req, "seed": 4})
    for args in (("", 0, 512), ("x" * 2001, 0, 512), ("ok", -1, 512), ("ok", 2**32, 512), ("ok", 1.5, 512),
                 ("ok", 0, 1000), (None, 0, 512)):
        with pytest.raises(InvalidInput):
            m.texture_request(*args)


def _png(w=4, h=4) -> bytes:
    from worldsmith_backend.textures import encode_png
    import numpy as np

    return encode_png(np.zeros((h, w, 3), np.uint8))


def test_png_size_reads_ihdr():
    assert m.png_size(_png(8, 4), "x") == (8, 4)
    with pytest.raises(InvalidInput, match="not a PNG"):
        m.png_size(b"GIF89a" + b"\0" * 30, "x")


def test_read_texture_zip_accepts_the_contract_and_refuses_the_rest():
    good = {"basecolor.png": _png(), "normal.png": _png(), "orm.png": _png(),
            "material.json": json.dumps({"tags": ["stone"], "emissive": True})}
    ts = m.read_texture_zip(zip_bytes(good))
    assert set(ts.images) == {"base_color", "normal", "orm"} and ts.emissive and ts.tags == ("stone",)
    bad = [b"not a zip", zip_bytes({k: v for k, v in good.items() if k != "orm.png"}),
           zip_bytes({**good, "normal.png": b"nope"}), zip_bytes({**good, "material.json": "{"}),
           zip_bytes({**good, "material.json": "[1]"})]
    for data in bad:
        with pytest.raises(InvalidInput, match="nothing was changed"):
            m.read_texture_zip(data)
