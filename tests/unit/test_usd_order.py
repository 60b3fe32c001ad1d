"""Sibling prims in name order without copying them (export.usd.sort_siblings), on usd-core.

Blender's USD exporter orders siblings by object addresses in memory; the exported file must not
depend on them. Moving specs instead of copying keeps every property and child.
"""

from __future__ import annotations

import itertools
import random

import pytest

from addon.export import usd

pxr = pytest.importorskip("pxr", reason="usd-core is a dev dependency (pyproject [dev])")


def _brute_force_longest(ranks):
    for size in range(len(ranks), 0, -1):
        for keep in itertools.combinations(range(len(ranks)), size):
            if all(ranks[a] < ranks[b] for a, b in zip(keep, keep[1:])):
                return size
    return 0


@pytest.mark.parametrize("seed", range(40))
def test_staying_is_a_longest_increasing_run(seed):
    rng = random.Random(seed)
    n = rng.randint(0, 8)
    ranks = list(range(n))
    rng.shuffle(ranks)
    keep = sorted(usd.staying(ranks))
    assert all(ranks[a] < ranks[b] for a, b in zip(keep, keep[1:]))
    assert len(keep) == _brute_force_longest(ranks)


def test_staying_of_a_sorted_list_keeps_everything():
    assert usd.staying(list(range(50))) == set(range(50))


def _layer(order):
    from pxr import Sdf

    layer = Sdf.Layer.CreateAnonymous(".usda")
    root = Sdf.CreatePrimInLayer(layer, "/World")
    root.specifier = Sdf.SpecifierDef
    for name in order:
        prim = Sdf.CreatePrimInLayer(layer, f"/World/{name}")
        prim.specifier = Sdf.SpecifierDef
        prim.typeName = "Xform"
        Sdf.AttributeSpec(prim, "userProperties:asset_id", Sdf.ValueTypeNames.String).default = name.lower()
        for child in ("Mesh", "Part_b", "Part_a"):
            Sdf.CreatePrimInLayer(layer, f"/World/{name}/{child}").specifier = Sdf.SpecifierDef
    return layer


def test_sort_siblings_moves_specs_into_name_order_and_keeps_what_they_hold():
    from pxr import Sdf

    order = ["Wall", "Barrel", "_materials", "Crate", "Well", "Arch"]
    layer = _layer(order)
    unsorted = [(Sdf.Path("/World"), order)] + [(Sdf.Path(f"/World/{n}"), ["Mesh", "Part_b", "Part_a"]) for n in order]
    usd.sort_siblings(layer, unsorted, Sdf)
    world = layer.GetPrimAtPath("/World")
    assert list(world.nameChildren.keys()) == sorted(order)
    for name in order:
        spec = layer.GetPrimAtPath(f"/World/{name}")
        assert spec.attributes["userProperties:asset_id"].default == name.lower()
        assert list(spec.nameChildren.keys()) == ["Mesh", "Part_a", "Part_b"]
    assert usd.HOLDING not in layer.pseudoRoot.nameChildren.keys()


def test_two_orders_of_the_same_prims_give_the_same_text():
    from pxr import Sdf

    texts = []
    for order in (["C", "A", "B", "E", "D"], ["D", "E", "B", "A", "C"]):
        layer = _layer(order)
        usd.sort_siblings(layer, [(Sdf.Path("/World"), order)], Sdf)
        texts.append(layer.ExportToString())
    assert texts[0] == texts[1]
