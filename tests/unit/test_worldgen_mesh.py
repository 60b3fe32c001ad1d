"""Mesh primitives and archetype templates: unit normals, outward winding, no degenerate
triangles, UVs everywhere, closed where they should be, pivots on the ground, budgets."""

from __future__ import annotations

import numpy as np
import pytest

from worldsmith_backend.worldgen import mesh
from worldsmith_backend.worldgen import setting_pieces  # noqa: F401 - registers grounds, water, enclosures
from worldsmith_backend.worldgen.archetypes import REGISTRY
from worldsmith_backend.worldgen.proxies import PROXY, pack
from worldsmith_backend.worldgen.templates import build_template, fitted_template

from tests.helpers.mesh_checks import check_geo, is_closed

PRIMITIVES = {
    "box": lambda: mesh.box(1.0, 2.0, 0.5),
    "cylinder": lambda: mesh.cylinder(0.5, 1.0, 12),
    "frustum": lambda: mesh.cylinder(0.5, 1.0, 12, r_top=0.2),
    "cone": lambda: mesh.cone(0.5, 1.0, 10),
    "ellipsoid": lambda: mesh.ellipsoid(1.0, 0.5, 0.7, 12, 6),
    "torus": lambda: mesh.torus(1.0, 0.2, 12, 8),
}


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_primitives_are_clean_and_closed(name):
    g = PRIMITIVES[name]()
    check_geo(g, name)
    assert is_closed(g), f"{name} is not watertight"


def test_beam_and_tangents():
    g = mesh.beam((0, 0, 0), (1, 2, 0.5), 0.1)
    check_geo(g, "beam")
    t = mesh.tangents(mesh.ellipsoid(1, 1, 1, 12, 6))
    assert np.allclose(np.linalg.norm(t[:, :3], axis=1), 1.0) and set(np.unique(t[:, 3])) <= {-1.0, 1.0}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_archetype_builds_clean_parts_at_every_detail(name):
    a = REGISTRY[name]
    # Parametric archetypes take their size from the variant: grounds (width and depth packed),
    # proxies (a blockout's size in centimetres). Build them at a real size.
    if name.endswith(("ground", "floor")) or name == "water_plane":
        variants = [10000 * 8 + 8]
    elif name == PROXY:
        variants = [pack((1.2, 0.8, 0.6)), pack((0.3, 0.5, 0.3), light=True)]
    else:
        variants = range(a.variants)
    for v in variants:
        for d in (0, 3):
            t = build_template(name, v, d)
            geos = list(t.body.items()) + [(k, g) for _, p in t.parts for k, g in p.items()]
            assert geos
            assert {k for k, _ in geos} <= set(a.slots)
            for slot, g in geos:
                check_geo(g, f"{name}/{slot}")
            if a.placement in ("floor", "on_plinth", "wall"):
                assert abs(t.box_min[1]) < 1e-9, f"{name}: base not at y=0"
            if a.placement in ("floor", "on_plinth"):
                assert abs(t.box_min[0] + t.box_max[0]) < 1e-9 and abs(t.box_min[2] + t.box_max[2]) < 1e-9
            if a.placement == "wall":
                assert abs(t.box_min[2]) < 1e-9, f"{name}: back not on the wall plane"


def test_several_material_slots_where_the_object_has_them():
    stall = build_template("market_stall", 0, 3)
    slots = set(stall.body) | {k for _, p in stall.parts for k in p}
    assert {"wood", "cloth", "metal"} <= slots
    assert [n for n, _ in stall.parts] == ["Awning", "Goods"]


def test_well_triangles_modest_and_budget_lowers_detail():
    well = fitted_template("well", 0, 20000)
    assert 1000 <= well.triangles <= 3000
    small = fitted_template("well", 0, 300)
    assert small.triangles <= 300 < well.triangles


def test_archetype_count_and_themes():
    assert len(REGISTRY) >= 30
    themes = {t for a in REGISTRY.values() for t in a.themes}
    # The five original themes keep their archetypes; composed settings register their pieces
    # (floors, walls, fences) under "settings", whatever other test modules ran first.
    assert {"courtyard", "forest", "interior", "product_studio", "scifi_corridor"} <= themes
    assert themes <= {"courtyard", "forest", "interior", "product_studio", "scifi_corridor", "settings"}
