"""The structured diff (addon/core/diff.py), from plain snapshots."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from addon.core.diff import compare, geometry_hash


def asset(**kw):
    base = {"name": "A", "location": [0, 0, 0], "rotation": [0, 0, 0], "scale": [1, 1, 1],
            "geometry": "g", "triangles": 10, "slots": {"0": "Stone"}, "locked": False}
    base.update(kw)
    return base


def snap(vid, assets, **kw):
    return {"id": vid, "spec": {"prompt": "p"}, "seed": 1, "generator": "procedural",
            "generator_version": "1", "assets": assets, "textures": {"img": 100}, **kw}


def test_each_kind_of_change_is_listed_once():
    a = snap("a", {"well.000": asset(), "stall.000": asset(slots={"0": "Wood", "Cloth:0": "Cloth Red"}),
                   "torch.000": asset(), "cart.000": asset()})
    b = snap("b", {"well.000": asset(geometry="h", triangles=12),
                   "stall.000": asset(slots={"0": "Wood", "Cloth:0": "Cloth Blue"}),
                   "torch.000": asset(location=[1, 0, 0.5], locked=True), "barrel.000": asset()},
             seed=2, spec={"prompt": "p", "theme": "courtyard"}, textures={"img": 100, "new": 50})
    diff = compare(a, b)
    assert diff.added == ["barrel.000"] and diff.removed == ["cart.000"]
    assert diff.geometry == [{"asset_id": "well.000", "hash": {"a": "g", "b": "h"},
                              "triangles": {"a": 10, "b": 12}}]
    assert diff.materials == [{"asset_id": "stall.000",
                               "slots": [{"slot": "Cloth:0", "a": "Cloth Red", "b": "Cloth Blue"}]}]
    assert diff.moved == [{"asset_id": "torch.000", "delta": {"location": [1.0, 0.0, 0.5]}}]
    assert diff.locks == [{"asset_id": "torch.000", "a": False, "b": True}]
    assert diff.version["seed"] == {"a": 1, "b": 2}
    assert diff.version["spec"] == {"theme": {"a": None, "b": "courtyard"}}
    assert diff.totals["triangles"] == {"a": 40, "b": 42, "delta": 2}
    assert diff.totals["texture_bytes"]["delta"] == 50
    assert diff.totals["materials"] == {"a": 3, "b": 3, "delta": 0}
    assert json.loads(json.dumps(diff.to_dict())) == diff.to_dict()
    assert any("Cloth Blue" in line for line in diff.summary())


def test_float_noise_is_not_a_move():
    a = snap("a", {"x": asset(location=[1.0, 2.0, 3.0])})
    b = snap("b", {"x": asset(location=[1.0 + 1e-7, 2.0, 3.0 - 1e-7])})
    assert compare(a, b).is_empty


def test_geometry_hash_sees_vertices_and_indices():
    base = geometry_hash(b"\x00" * 12, b"\x01\x00\x00\x00")
    assert base == geometry_hash(b"\x00" * 12, b"\x01\x00\x00\x00")
    assert base != geometry_hash(b"\x00" * 11 + b"\x01", b"\x01\x00\x00\x00")
    assert base != geometry_hash(b"\x00" * 12, b"\x02\x00\x00\x00")
    # chunk boundaries count: moving a byte between buffers changes the hash
    assert geometry_hash(b"ab", b"c") != geometry_hash(b"a", b"bc")


ids = st.sets(st.sampled_from([f"a.{i:03d}" for i in range(8)]), max_size=8)


@given(ids, ids)
def test_added_and_removed_swap_when_sides_swap(left, right):
    a = snap("a", {i: asset() for i in left})
    b = snap("b", {i: asset() for i in right})
    ab, ba = compare(a, b), compare(b, a)
    assert ab.added == ba.removed and ab.removed == ba.added
    assert compare(a, a).is_empty
