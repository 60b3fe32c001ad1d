"""Nature and beach archetypes: trees, plants, stones, seaside things."""

from __future__ import annotations

import numpy as np

from .mesh import cone, cylinder, ellipsoid
from .parts import (archetype, bevel_box, bx, extrude, mirror, model, ngon, place, radial, revolve, rod, seg,
                    sweep, tube)


def _lumpy(g, amp: float, k: float, phase: float = 0.0):
    p = g.pos
    bump = 1 + amp * np.sin(k * p[:, 0] + phase) * np.cos(k * 0.9 * p[:, 2] - phase) * np.cos(k * 0.7 * p[:, 1])
    g.pos = p * bump[:, None]
    return g


@archetype("birch_tree", (2.4, 2.4), {"bark": "plaster", "foliage": "foliage"}, variants=2, material_variants=("default", "weathered"))
def birch_tree(v, d):
    s = seg(d)
    h = (6.0, 7.5)[v]
    trunk = sweep(ngon(1.0, s), [(0, 0, 0), (0.1, h * 0.4, 0.05), (-0.05, h * 0.85, 0)], scale=[0.16, 0.12, 0.05])
    branches = [rod((0.05, h * t, 0), (0.9 * np.cos(a), h * t + 0.8, 0.9 * np.sin(a)), 0.035, 5) for t, a in ((0.5, 0.3), (0.6, 2.5), (0.7, 4.4))]
    crowns = [ellipsoid(1.1, 1.5, 1.1, s, max(4, s // 2), (0.0, h * 0.72, 0.0)), ellipsoid(0.8, 1.0, 0.8, s, max(4, s // 2), (0.4, h * 0.9, -0.2))]
    return model({"bark": [trunk] + branches}, {"Canopy": {"foliage": [_lumpy(c, 0.08, 3.0, v) for c in crowns]}})


@archetype("palm_tree", (4.2, 4.2), {"bark": "bark", "foliage": "foliage"}, variants=2)
def palm_tree(v, d):
    s = seg(d)
    h = (6.0, 5.0)[v]
    n = 5 + 2 * d
    path = np.array([(0.6 * (t ** 2) * (1 if v == 0 else -1), h * t, 0.0) for t in np.linspace(0, 1, n)])
    trunk = sweep(ngon(1.0, s), path, scale=np.linspace(0.22, 0.14, n))
    top = path[-1]
    fronds = []
    for k, a in enumerate(np.linspace(0, 2 * np.pi, 7, endpoint=False)):
        L = 2.2
        pts = np.array([top + (L * t * np.cos(a), 0.5 * t - 1.4 * t ** 2, L * t * np.sin(a)) for t in np.linspace(0, 1, 3 + d)])
        fronds.append(sweep([(-0.35, -0.02), (0.35, -0.02), (0.0, 0.03)], pts, scale=np.linspace(1.0, 0.15, len(pts)), smooth=False))
    coconuts = [ellipsoid(0.1, 0.1, 0.1, s, max(4, s // 2), top + (0.15 * np.cos(a), -0.15, 0.15 * np.sin(a))) for a in (0.4, 2.4, 4.4)]
    return model({"bark": trunk}, {"Fronds": {"foliage": fronds}, "Coconuts": {"bark": coconuts}})


@archetype("dead_tree", (2.6, 2.6), {"bark": "bark"}, variants=2, material_variants=("default", "weathered", "dark"))
def dead_tree(v, d):
    s = seg(d, 0.75)
    h = (4.5, 3.5)[v]
    trunk = sweep(ngon(1.0, s), [(0, 0, 0), (0.1, h * 0.5, 0), (-0.1, h, 0.1)], scale=[0.3, 0.18, 0.05])
    rng = np.random.default_rng(11 + v)
    branches = []
    for t in np.linspace(0.35, 0.9, 5):
        a = float(rng.uniform(0, 2 * np.pi))
        base = np.array([0.0, h * t, 0.0])
        mid = base + (0.6 * np.cos(a), 0.5, 0.6 * np.sin(a))
        tip = mid + (0.5 * np.cos(a + 0.5), 0.7, 0.5 * np.sin(a + 0.5))
        branches.append(sweep(ngon(1.0, max(4, s // 2)), [base, mid, tip], scale=[0.08, 0.05, 0.015]))
    roots = radial(sweep(ngon(1.0, 4), [(0.0, 0.3, 0), (0.35, 0.05, 0), (0.6, 0.0, 0)], scale=[0.12, 0.08, 0.03]), 4, 0.5)
    return model({"bark": [trunk] + branches + roots})


@archetype("fern", (1.0, 1.0), {"foliage": "foliage"}, material_variants=("default", "warm"))
def fern(v, d):
    n = 3 + d
    leaf = sweep([(-0.07, 0.0), (0.07, 0.0), (0.0, 0.015)], [(0.0, 0.02, 0), (0.2, 0.5, 0), (0.4, 0.65, 0), (0.6, 0.5, 0)][: 2 + min(d, 2)],
                 scale=np.linspace(1.0, 0.2, 2 + min(d, 2)), smooth=False)
    return model({"foliage": radial(leaf, 4 + 2 * n // 2, 0.2)})


@archetype("flower", (0.2, 0.15), {"stem": "foliage", "petals": "plastic"}, variants=3,
           material_variants=("painted_red", "painted_yellow", "painted_pink", "painted_purple", "painted_white"))
def flower(v, d):
    s = max(6, seg(d, 0.75))
    h = (0.45, 0.35, 0.6)[v]
    stem = tube([(0, 0, 0), (0.02, h * 0.5, 0), (0, h, 0)], 0.006, 5)
    leaves = [place(ellipsoid(0.05, 0.006, 0.02, 6, 3), (0.05 * np.cos(a), h * 0.3, 0.05 * np.sin(a)), ry=-a) for a in (0.3, 3.4)]
    petal = place(ellipsoid(0.035, 0.006, 0.016, 6, 3), (0.035, h, 0))
    petals = radial(petal, (5, 8, 6)[v])
    centre = ellipsoid(0.018, 0.012, 0.018, s, 4, (0, h + 0.005, 0))
    return model({"stem": [stem] + leaves, "petals": petals}, {"Centre": {"stem": centre}})


@archetype("hedge", (2.0, 0.7), {"foliage": "foliage"}, variants=2, material_variants=("default", "mossy"))
def hedge(v, d):
    w = (2.0, 4.0)[v]
    body = bevel_box(w, 1.2, 0.7, 0.12 if d else 0.05, (0, 0.6, 0))
    if d >= 2:
        body = _lumpy(body, 0.03, 6.0)
        body.pos[:, 1] -= body.pos[:, 1].min()
    return model({"foliage": body})


@archetype("cactus", (0.7, 0.5), {"plant": "foliage", "pot": "plaster"}, variants=2)
def cactus(v, d):
    s = seg(d)
    h = (1.6, 0.9)[v]
    trunk = revolve([(0.15, 0.0), (0.16, h - 0.12), (0.1, h - 0.03), (0.0, h)], s)
    arms = []
    for side, y, up in ((1, h * 0.4, h * 0.35), (-1, h * 0.55, h * 0.25)):
        path = [(0.0, y, 0), (side * 0.3, y, 0), (side * 0.32, y + up, 0)]
        arms.append(tube(path, 0.08, s))
    ribs = radial(bx(0.02, h - 0.2, 0.02, 0.155, 0.05, 0), 8) if d >= 2 else []
    return model({"plant": [trunk] + arms + ribs})


@archetype("woodpile", (1.6, 0.7), {"bark": "bark", "wood": "wood"}, material_variants=("default", "mossy"))
def woodpile(v, d):
    s = max(5, seg(d, 0.75))
    logs, ends = [], []
    rows = (5, 4, 3, 2)
    for r, n in enumerate(rows):
        for i in range(n):
            x = (i - (n - 1) / 2) * 0.26
            y = 0.12 + r * 0.22
            logs.append(place(cylinder(0.12, 0.7, s, y0=-0.35, caps=False), (x, y, 0), rx=np.pi / 2))
            ends += [place(cylinder(0.119, 0.005, s, y0=-0.0025), (x, y, z), rx=np.pi / 2) for z in (-0.35, 0.35)]
    return model({"bark": logs, "wood": ends})


@archetype("boulder", (2.6, 2.2), {"stone": "stone"}, variants=2, material_variants=("default", "mossy", "weathered"))
def boulder(v, d):
    s = seg(d, 1.25)
    rx, ry, rz = ((1.3, 1.0, 1.1), (1.0, 1.4, 0.9))[v]
    g = ellipsoid(rx, ry, rz, s, max(4, s // 2))
    g = _lumpy(g, 0.14, 2.2, 1.0 + v)
    g.pos[:, 1] = np.maximum(g.pos[:, 1], -ry * 0.6)
    g.pos[:, 1] -= g.pos[:, 1].min()
    return model({"stone": g})


@archetype("beach_umbrella", (2.0, 2.0), {"canopy": "cloth", "pole": "wood"},
           material_variants=("painted_red", "painted_blue", "painted_yellow", "painted_white"))
def beach_umbrella(v, d):
    s = seg(d)
    canopy = revolve([(0.0, 2.07), (0.99, 1.8), (1.0, 1.82), (0.5, 2.0), (0.0, 2.1)], s)
    pole = place(cylinder(0.025, 2.2, 6), rx=0.1)
    finial = ellipsoid(0.04, 0.04, 0.04, 8, 4, (0, 2.12, 0.2))
    canopy = place(canopy, (0, 0, 0.0), rx=0.1)
    return model({"canopy": canopy}, {"Pole": {"pole": [pole, place(finial, rx=0.1)]}})


@archetype("deck_chair", (0.6, 1.1), {"wood": "wood", "cloth": "cloth"}, material_variants=("painted_blue", "painted_red", "painted_green", "default"))
def deck_chair(v, d):
    rails = mirror([rod((0.28, 0.0, 0.5), (0.28, 0.9, -0.4), 0.018, 6), rod((0.3, 0.0, -0.45), (0.3, 0.45, 0.25), 0.018, 6),
                    rod((0.3, 0.0, 0.2), (0.3, 0.35, 0.5), 0.018, 6)])
    sling = sweep([(-0.27, -0.005), (0.27, -0.005), (0.27, 0.005), (-0.27, 0.005)], [(0, 0.5, 0.45), (0, 0.32, 0.1), (0, 0.85, -0.36)], smooth=False)
    bars = [rod((-0.3, y, z), (0.3, y, z), 0.015, 6) for y, z in ((0.5, 0.45), (0.86, -0.36))]
    return model({"wood": rails + bars}, {"Sling": {"cloth": sling}})


@archetype("surfboard", (0.55, 2.1), {"board": "plastic", "fin": "plastic"}, variants=2,
           material_variants=("painted_white", "painted_yellow", "painted_blue", "painted_orange"))
def surfboard(v, d):
    L = (2.1, 1.8)[v]
    n = 4 + 2 * d
    a = np.linspace(0, np.pi, n)
    right = np.stack([0.27 * np.sin(a) ** 0.8, -L / 2 * np.cos(a)], 1)
    outline = np.vstack([right, right[1:-1][::-1] * [-1, 1]])
    board = extrude(outline, 0.06, axis="y", center=(0, 0.03, 0))
    # Lying deck-down on the sand, fin up, as boards are left on a beach.
    fin = extrude([(0.0, 0.0), (0.14, 0.0), (0.0, 0.12)], 0.01, axis="x", center=(0, 0.06, L / 2 - 0.3))
    return model({"board": board}, {"Fin": {"fin": fin}})


@archetype("beach_towel", (0.9, 1.8), {"cloth": "cloth"}, material_variants=("painted_red", "painted_blue", "painted_yellow", "painted_pink"))
def beach_towel(v, d):
    towel = bx(0.9, 0.008, 1.8)
    roll = place(cylinder(0.06, 0.9, max(6, seg(d)), y0=-0.45), (0, 0.06, -0.86), rz=np.pi / 2)
    return model({"cloth": [towel, roll]})


@archetype("lifeguard_tower", (2.3, 3.9), {"wood": "wood", "roof": "painted_metal", "cloth": "cloth"},
           material_variants=("painted_white", "painted_red", "default"))
def lifeguard_tower(v, d):
    legs_ = [rod((x * 1.1, 0, z * 1.1), (x * 0.8, 2.0, z * 0.8), 0.06, 6) for x in (-1, 1) for z in (-1, 1)]
    deck = bx(1.9, 0.1, 1.9, 0, 2.0, 0)
    cabin = [bx(1.8, 1.0, 0.05, 0, 2.1, -0.9), bx(0.05, 1.0, 1.8, -0.9, 2.1, 0), bx(0.05, 1.0, 1.8, 0.9, 2.1, 0), bx(1.8, 0.5, 0.05, 0, 2.1, 0.9)]
    roof = extrude([(-1.1, 0.0), (1.1, 0.0), (0.0, 0.6)], 2.1, center=(0, 3.1, 0))
    ramp = place(bx(0.6, 0.05, 2.6), (0, 1.0, 1.9), rx=-0.87)
    rails = [rod((-1, 2.1, 1.0), (1, 2.1, 1.0), 0.02, 5)]
    return model({"wood": legs_ + [deck, ramp] + rails, "roof": roof}, {"Cabin": {"wood": cabin}})


@archetype("sandcastle", (1.0, 1.0), {"sand": "soil", "flag": "cloth"}, material_variants=("light", "default"))
def sandcastle(v, d):
    s = seg(d)
    keep = bevel_box(0.4, 0.35, 0.4, 0.03, (0, 0.175, 0))
    towers = [place(revolve([(0.12, 0.0), (0.1, 0.35), (0.12, 0.38), (0.12, 0.42), (0.0, 0.42)], s), (x, 0, z)) for x in (-0.3, 0.3) for z in (-0.3, 0.3)]
    walls = [bx(0.6, 0.2, 0.06, 0, 0, z) for z in (-0.3, 0.3)] + [bx(0.06, 0.2, 0.6, x, 0, 0) for x in (-0.3, 0.3)]
    top = cone(0.16, 0.25, s, y0=0.35)
    mound = revolve([(0.5, 0.0), (0.45, 0.05), (0.0, 0.06)], s)
    flag = [rod((0, 0.55, 0), (0, 0.8, 0), 0.005, 4), extrude([(0, 0), (0.1, 0.03), (0, 0.06)], 0.003, center=(0, 0.74, 0))]
    return model({"sand": [keep, mound, top] + towers + walls}, {"Flag": {"flag": flag}})


@archetype("beach_ball", (0.4, 0.4), {"body": "plastic"}, placement="floor", material_variants=("painted_red", "painted_blue", "painted_yellow"))
def beach_ball(v, d):
    s = seg(d)
    return model({"body": ellipsoid(0.2, 0.2, 0.2, s, max(4, s // 2), (0, 0.2, 0))})
