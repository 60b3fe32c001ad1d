"""The part grammar (parts.py) and the archetypes described with it: every registered archetype
builds at every detail level within the triangle budget, with clean geometry, named parts, a size
near its declared footprint and the same bytes every time; the grammar's solids are closed with
outward normals; a world made of the new archetypes passes the Khronos glTF-Validator."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from tests.helpers.mesh_checks import check_geo, is_closed  # noqa: E402

from worldsmith_backend.worldgen import parts  # noqa: E402
from worldsmith_backend.worldgen.archetypes import REGISTRY  # noqa: E402
from worldsmith_backend.worldgen.templates import build_template, fitted_template  # noqa: E402

BUDGET = 20000  # the default asset_budget.max_triangles
COARSE = parts.COARSE_TRIANGLES  # the generator's smallest budget: every coarsest level fits it
GRAMMAR = sorted(n for n, a in REGISTRY.items() if a.build.__module__.rsplit(".", 1)[-1] in {
    "arch_castle", "arch_dock", "arch_farm", "arch_furniture", "arch_graveyard", "arch_kitchen", "arch_nature",
    "arch_office", "arch_street", "arch_workshop", "arch_home", "arch_scifi2", "arch_market", "arch_creatures", "arch_props", "arch_extra"})

L_SHAPE = np.array([[0, 0], [1, 0], [1, 0.3], [0.3, 0.3], [0.3, 1], [0, 1]])
SOLIDS = {
    "bevel_box": lambda: parts.bevel_box(1.0, 0.5, 0.8, 0.05),
    "extrude_z_concave": lambda: parts.extrude(L_SHAPE, 0.2),
    "extrude_x": lambda: parts.extrude(L_SHAPE, 0.2, axis="x"),
    "extrude_y_clockwise_input": lambda: parts.extrude(L_SHAPE[::-1], 0.2, axis="y"),
    "sweep_smooth": lambda: parts.sweep(parts.ngon(0.05, 6), [[0, 0, 0], [0, 1, 0], [0.5, 1.5, 0], [1, 1.5, 0.3]]),
    "sweep_flat": lambda: parts.sweep(parts.rounded_rect(0.1, 0.05, 0.01), [[0, 0, 0], [0, 1, 0], [0.5, 1.5, 0]], smooth=False),
    "sweep_tapered_xy": lambda: parts.sweep(parts.ngon(0.1, 8), [[0, 0, 0], [0, 0, 1], [0, 0.2, 1.5]],
                                            scale=[[1, 1], [0.7, 0.4], [0.2, 0.3]]),
    "tube_closed_ring": lambda: parts.tube(parts.arc((0, 0, 0), 1, 0, 2 * np.pi, 16, "xz")[:-1], 0.1, 8, closed=True),
    "revolve": lambda: parts.revolve([(0.3, 0), (0.4, 0.5), (0.2, 1)], 12),
    "rod": lambda: parts.rod((0, 0, 0), (0.3, 1.0, -0.2), 0.03, 6),
}


def signed_volume(g) -> float:
    p = g.pos[g.idx]
    return float(np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2])).sum() / 6)


@pytest.mark.parametrize("name", sorted(SOLIDS))
def test_grammar_solids_are_closed_and_face_outward(name):
    g = SOLIDS[name]()
    check_geo(g, name)
    assert is_closed(g), f"{name} is not watertight"
    assert signed_volume(g) > 0, f"{name} is wound inside out"


def test_operators_copy_mirror_and_place():
    g = parts.bevel_box(0.2, 0.2, 0.2, 0.02, (0.5, 0.1, 0))
    mirrored = parts.mirror(g)
    assert len(mirrored) == 2 and np.isclose(mirrored[1].pos[:, 0].mean(), -0.5)
    assert signed_volume(mirrored[1]) > 0  # a mirror flips winding back outward
    ring = parts.radial(g, 6)
    assert len(ring) == 6 and all(np.isclose(np.linalg.norm(r.pos.mean(0)[[0, 2]]), 0.5) for r in ring)
    row = parts.linear(g, 3, (0.3, 0, 0))
    assert np.allclose([r.pos[:, 0].mean() for r in row], [0.2, 0.5, 0.8])
    turned = parts.place(g, (0, 1, 0), ry=np.pi / 2)
    assert np.isclose(turned.pos[:, 2].mean(), -0.5) and np.isclose(turned.pos[:, 1].mean(), 1.1)
    built = parts.model({"wood": [g, [g]]}, {"Lid": {"metal": g}, "Empty": {"metal": []}})
    assert len(built.body["wood"]) == 2 and [n for n, _ in built.parts] == ["Lid"]


def test_coarsest_level_fits_the_generators_smallest_budget_and_keeps_every_part():
    from worldsmith_backend.generators.procedural import MIN_TRIANGLES

    assert COARSE == MIN_TRIANGLES
    for name in ("chandelier", "bookcase", "cannonball_pile", "bicycle", "king", "cannon"):
        a = REGISTRY[name]
        full = a.build.__wrapped__(0, 0)
        fitted = a.build(0, 0)
        tris = sum(g.triangles for s in [fitted.body] + [p for _, p in fitted.parts] for gs in s.values() for g in gs)
        assert tris <= COARSE
        assert [n for n, _ in fitted.parts] == [n for n, _ in full.parts]
        assert all(p for _, p in fitted.parts)
        lo, hi = parts_bounds(full)
        flo, fhi = parts_bounds(fitted)
        assert np.allclose(lo, flo, atol=0.05) and np.allclose(hi, fhi, atol=0.05), name  # same silhouette extent


def parts_bounds(built):
    allp = np.concatenate([g.pos for s in [built.body] + [p for _, p in built.parts] for gs in s.values() for g in gs])
    return allp.min(0), allp.max(0)


def test_names_are_unique_and_registration_refuses_duplicates():
    with pytest.raises(ValueError):
        parts.archetype("bed", (1.0, 1.0), {"wood": "wood"})(lambda v, d: parts.model({"wood": parts.bx(1, 1, 1)}))
    assert len(REGISTRY) >= 150
    assert len(GRAMMAR) >= 105


@pytest.mark.parametrize("name", GRAMMAR)
def test_archetype_builds_clean_at_every_detail_within_budget(name):
    a = REGISTRY[name]
    assert a.name.islower() and " " not in a.name and a.display
    for v in range(a.variants):
        tris = []
        for d in range(4):
            t = build_template(name, v, d)
            geos = list(t.body.items()) + [(k, g) for _, p in t.parts for k, g in p.items()]
            assert geos
            assert {k for k, _ in geos} <= set(a.slots), f"{name}: a slot without a texture kind"
            for slot, g in geos:
                check_geo(g, f"{name}/{v}/{d}/{slot}")
                assert np.isfinite(g.pos).all() and np.isfinite(g.nrm).all()
            names = [n for n, _ in t.parts]
            assert len(names) == len(set(names)), f"{name}: part names repeat"
            tris.append(t.triangles)
            # Pivot rules shared with the older archetypes (templates.build_template).
            assert abs(t.box_min[1]) < 1e-9, f"{name}: base not at y=0"
            if a.placement == "wall":
                assert abs(t.box_min[2]) < 1e-9, f"{name}: back not on the wall plane"
            else:
                assert abs(t.box_min[0] + t.box_max[0]) < 1e-9 and abs(t.box_min[2] + t.box_max[2]) < 1e-9
        assert tris[3] <= BUDGET and tris[0] <= COARSE, f"{name}: {tris}"
        assert tris == sorted(tris), f"{name}: more detail made fewer triangles {tris}"
        assert fitted_template(name, v, BUDGET).detail == 3
        # Real-world size: close to the declared footprint, never a degenerate box.
        size = t.box_max - t.box_min
        assert (size > 0.001).all() or a.placement == "wall"
        for axis, want in ((0, a.footprint[0]), (2, a.footprint[1])):
            # The first variant is the one the footprint describes; others (a hung net, a lying
            # suitcase, a wider stall) only keep the same order of magnitude.
            ok = abs(size[axis] - want) <= max(0.6 * want, 0.12) if v == 0 else size[axis] <= 3 * max(want, 0.1)
            assert ok, f"{name} v{v}: {size[axis]:.2f} m along {'xz'[axis // 2]}, footprint says {want}"


def closed_pieces(g):
    """(closed, signed volume) for each connected piece of a slot's mesh, welded by position."""
    _, weld = np.unique(np.round(g.pos, 6), axis=0, return_inverse=True)
    tri = weld.reshape(-1)[g.idx]
    parent = np.arange(int(tri.max()) + 1)

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b, c in tri:
        ra = find(a)
        parent[find(b)] = ra
        parent[find(c)] = ra
    label = np.array([find(x) for x in tri[:, 0]])
    for r in np.unique(label):
        sel = tri[label == r]
        edges = np.sort(np.concatenate([sel[:, [0, 1]], sel[:, [1, 2]], sel[:, [2, 0]]]), axis=1)
        _, counts = np.unique(edges, axis=0, return_counts=True)
        p = g.pos[g.idx[label == r]]
        yield bool((counts == 2).all()), float(np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2])).sum() / 6)


@pytest.mark.parametrize("name", GRAMMAR)
def test_closed_pieces_face_outward(name):
    """Winding agreeing with normals is not enough: a lathe profile run the wrong way gives an
    inside-out solid whose triangles and normals agree. Closed pieces must enclose positive volume."""
    t = build_template(name, 0, 1)
    for slot, g in list(t.body.items()) + [(k, g) for _, p in t.parts for k, g in p.items()]:
        for closed, vol in closed_pieces(g):
            assert not closed or vol > 0, f"{name}/{slot}: an inside-out piece ({vol:.4f} m3)"


def _digest(name: str, v: int, d: int) -> str:
    built = REGISTRY[name].build(v, d)
    body, ps = built.merged()
    h = hashlib.sha256()
    for label, slots in [("", body)] + list(ps):
        h.update(label.encode())
        for k, g in slots.items():
            h.update(k.encode())
            for arr in (g.pos, g.nrm, g.uv, g.idx):
                h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()


def test_materials_are_known_texture_kinds_and_variants():
    from worldsmith_backend.textures import RECIPES, VARIANTS

    for name in GRAMMAR:
        a = REGISTRY[name]
        assert set(a.slots.values()) <= set(RECIPES), name
        assert a.material_variants and set(a.material_variants) <= set(VARIANTS), name


def test_builds_are_deterministic():
    for name in GRAMMAR:
        assert _digest(name, 0, 2) == _digest(name, 0, 2), name


def test_things_people_select_are_separate_parts():
    def part_names(name):
        return [n for n, _ in build_template(name, 0, 3).parts]

    assert {"Barrel", "Carriage", "Wheels"} <= set(part_names("cannon"))
    assert "Mattress" in part_names("bed")
    assert {"Seats", "Oars"} <= set(part_names("rowing_boat"))
    assert "Drawers" in part_names("dresser")
    assert "Candles" in part_names("candelabra")
    with_parts = [n for n in GRAMMAR if build_template(n, 0, 1).parts]
    assert len(with_parts) >= 0.6 * len(GRAMMAR)


def test_recognisable_proportions():
    chair = build_template("rocking_chair", 0, 3)
    assert chair.box_max[1] > 0.9  # a back above the seat
    boat = build_template("rowing_boat", 0, 3)
    size = boat.box_max - boat.box_min
    assert size[2] > 2 * size[0] > 4 * size[1] / 2  # long, narrow, low
    hull = boat.body["hull"]
    # A hull, not a box: its cross-section narrows towards the keel and the bow.
    bottom = hull.pos[hull.pos[:, 1] < 0.05]
    assert np.ptp(bottom[:, 0]) < 0.5 * size[0]
    bow = hull.pos[hull.pos[:, 2] > boat.box_max[2] - 0.1]
    assert np.ptp(bow[:, 0]) < 0.3 * size[0]


WORLDS = [
    "a fishing village dock with rowing boats, nets, lobster traps, buoys and a mooring post",
    "a throne room with a throne, banners, candelabras, a chandelier, a suit of armour and a cannon",
    "a bakery with bread ovens, a counter, loaves and flour sacks",
    "an attic full of old furniture: a wardrobe, a dresser, a rocking chair, a trunk and a mirror under dust sheets",
    "a street with a street lamp, a bicycle, a fire hydrant and a mailbox",
]


def test_worlds_of_new_archetypes_pass_the_gltf_validator():
    from tests.helpers.glb import assets
    from tests.helpers.gltf_validator import validate_many
    from wslib.glb import read_glb

    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    gen = ProceduralGenerator()
    glbs, used = [], set()
    for prompt in WORLDS:
        glb = gen.generate({"prompt": prompt, "seed": 3, "asset_budget": {"max_triangles": 20000, "texture_size": 64}},
                           NullProgress())
        doc, _ = read_glb(glb)
        used |= {n["extras"]["archetype"] for n in assets(doc)}
        glbs.append(glb)
    assert len(used & set(GRAMMAR)) >= 20, sorted(used & set(GRAMMAR))
    for prompt, report in zip(WORLDS, validate_many(glbs)):
        issues = report["issues"]
        assert issues["numErrors"] == 0 and issues["numWarnings"] == 0, (prompt, issues["messages"][:5])
