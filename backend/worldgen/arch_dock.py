"""Fishing village dock and harbour archetypes."""

from __future__ import annotations

import numpy as np

from .mesh import cone, cylinder, ellipsoid, torus
from .parts import arc, archetype, bx, extrude, mirror, model, place, revolve, rod, seg, sweep, tube


def hull_profile(w: float, h: float, t: float, n: int) -> np.ndarray:
    """A U-shaped boat section (outside then inside), half-width w, depth h, planks t thick."""
    a = np.linspace(np.pi, 2 * np.pi, n + 1)
    outer = np.stack([w * np.cos(a), h + h * np.sin(a)], 1)
    inner = np.stack([(w - t) * np.cos(a[::-1]), h + (h - t) * np.sin(a[::-1])], 1)
    return np.vstack([outer, inner])


def hull(length: float, w: float, h: float, d: int, stern: float = 0.55) -> object:
    n = 3 + 2 * d
    zs = np.linspace(-length / 2, length / 2, 5 + 2 * d)
    u = zs / (length / 2)  # -1 stern .. +1 bow
    width = np.where(u > 0, np.sqrt(np.clip(1 - u ** 2, 0.004, 1)), stern + (1 - stern) * np.sqrt(np.clip(1 - u ** 2, 0, 1)))
    width = np.maximum(width, 0.02)  # a pointed stern (a canoe) still has a section to cap
    height = 1 + 0.15 * u ** 2
    path = np.stack([np.zeros_like(zs), 0.12 * h * u ** 2, zs], 1)
    return sweep(hull_profile(w, h, 0.04, n), path, scale=np.stack([width, height], 1))


@archetype("rowing_boat", (1.4, 3.6), {"hull": "wood", "wood": "wood", "metal": "metal"}, variants=2,
           material_variants=("default", "weathered", "painted_blue", "painted_red", "painted_white"))
def rowing_boat(v, d):
    length = (3.4, 4.0)[v]
    seats = [bx(1.2, 0.04, 0.25, 0, 0.32, z) for z in (-0.7, 0.2, 1.0)[: 2 + v]]
    oar = [rod((0, 0, -1.1), (0, 0, 0.9), 0.025, seg(d, 0.5)), bx(0.02, 0.14, 0.5, 0, -0.07, -1.35)]
    oars = [place(g, (x, 0.55, -0.1), ry=0.08 * np.sign(x)) for x in (-0.45, 0.45) for g in oar]
    rowlocks = [bx(0.04, 0.08, 0.04, x, 0.52, -0.1) for x in (-0.62, 0.62)]
    return model({"hull": hull(length, 0.68, 0.3, d)},
                 {"Seats": {"wood": seats}, "Oars": {"wood": oars, "metal": rowlocks}})


@archetype("sailboat", (2.4, 7.0), {"hull": "painted_metal", "wood": "wood", "sail": "cloth", "metal": "metal"},
           material_variants=("painted_white", "painted_blue", "default"))
def sailboat(v, d):
    mast = cylinder(0.06, 7.0, seg(d, 0.5), y0=0.4, r_top=0.04)
    boom = rod((0, 1.6, 0.2), (0, 1.6, -2.6), 0.04, seg(d, 0.5))
    main = extrude([(0.0, 0.0), (2.7, 0.0), (0.05, 5.2)], 0.02, axis="x", center=(0, 1.7, -2.6))
    jib = extrude([(0.0, 0.0), (2.4, 0.0), (2.4, 5.0)], 0.02, axis="x", center=(0, 1.1, 0.3))
    deck = bx(1.6, 0.05, 4.0, 0, 0.78, -0.3)
    return model({"hull": hull(7.0, 1.2, 0.42, d, stern=0.75), "wood": deck},
                 {"Mast": {"wood": [mast, boom]}, "Sails": {"sail": [main, jib]},
                  "Rigging": {"metal": [rod((0, 7.3, 0), (0, 0.8, 3.2), 0.008, 4), rod((0, 7.3, 0), (0, 0.8, -3.2), 0.008, 4)]}})


@archetype("fishing_net", (2.2, 1.6), {"net": "straw", "float": "plastic", "wood": "wood"}, variants=2,
           material_variants=("default", "weathered"))
def fishing_net(v, d):
    s = seg(d, 1.5)
    if v == 1:  # hung to dry between two poles: a sagging mesh of cords, floats on the top line
        poles = [place(cylinder(0.05, 2.0, max(6, s // 2)), (x, 0, 0)) for x in (-1.0, 1.0)]
        n = 6 + 4 * min(d, 2)
        xs = np.linspace(-0.95, 0.95, n)
        top = 1.9 - 0.25 * (1 - (xs / 0.95) ** 2)
        cords = [rod((x, y, 0.0), (x, 0.5 + 0.2 * (x / 0.95) ** 2, 0.03), 0.006, 3) for x, y in zip(xs, top)]
        rows = [tube([(x, 0.5 + (y - 0.5) * t + 0.2 * (x / 0.95) ** 2 * (1 - t), 0.02) for x, y in zip(xs, top)], 0.006, 3)
                for t in np.linspace(0.0, 1.0, 4 + min(d, 2) * 2)]
        floats = [ellipsoid(0.05, 0.04, 0.05, 8, 4, (x, y, 0.0)) for x, y in zip(xs[1:-1:2], top[1:-1:2])]
        return model({"wood": poles}, {"Net": {"net": cords + rows}, "Floats": {"float": floats}})
    # A heap of net on the quay: a low lumpy mound with floats along its edge.
    heap = ellipsoid(1.0, 0.28, 0.7, s, max(4, s // 2), (0, 0.2, 0))
    heap.pos[:, 1] = np.maximum(heap.pos[:, 1], 0.0) * (1 + 0.15 * np.sin(5 * heap.pos[:, 0]) * np.cos(4 * heap.pos[:, 2]))
    floats = [ellipsoid(0.07, 0.05, 0.07, 8, 4, (0.95 * np.cos(a), 0.06, 0.65 * np.sin(a)))
              for a in np.linspace(0, 2 * np.pi, 5 + 2 * d, endpoint=False)]
    return model({"net": heap}, {"Floats": {"float": floats}})


@archetype("lobster_trap", (0.9, 0.6), {"wood": "wood", "net": "straw", "rope": "straw"}, variants=2,
           material_variants=("default", "weathered"))
def lobster_trap(v, d):
    # A half-round wooden pot: flat base, hooped bows, netting skin, rope bridle.
    w, L = 0.6, (0.9, 0.75)[v]
    base = bx(w, 0.04, L, 0, 0, 0)
    hoops = [place(tube(arc((0, 0.04, 0), w / 2, 0, np.pi, 4 + 2 * d, "xy"), 0.015, 6), (0, 0, z))
             for z in np.linspace(-L / 2 + 0.03, L / 2 - 0.03, 3)]
    prof = np.stack([np.cos(np.linspace(0, np.pi, 4 + 2 * d)), np.sin(np.linspace(0, np.pi, 4 + 2 * d))], 1) * (w / 2 - 0.01)
    skin = extrude(prof, L - 0.06, center=(0, 0.04, 0))
    rope = tube([(0, 0.34, -0.1), (0, 0.45, 0.0), (0, 0.34, 0.1)], 0.01, 5)
    return model({"wood": [base] + hoops}, {"Netting": {"net": skin}, "Rope": {"rope": rope}})


@archetype("buoy", (0.5, 0.5), {"body": "plastic", "metal": "metal"}, variants=2,
           material_variants=("painted_red", "painted_orange", "painted_yellow", "painted_white"))
def buoy(v, d):
    s = seg(d)
    if v == 0:  # a round fender buoy with an eye on top
        body = ellipsoid(0.22, 0.25, 0.22, s, max(4, s // 2), (0, 0.25, 0))
        eye = place(torus(0.05, 0.012, s // 2, 6), (0, 0.54, 0), rx=np.pi / 2)
        return model({"body": body, "metal": eye})
    body = revolve([(0.0, 0.0), (0.2, 0.05), (0.24, 0.3), (0.18, 0.55), (0.05, 0.75), (0.0, 0.8)], s)
    return model({"body": body}, {"Mast": {"metal": [rod((0, 0.75, 0), (0, 1.2, 0), 0.015, 6), cone(0.06, 0.12, s // 2, y0=1.2)]}})


@archetype("mooring_post", (0.4, 0.4), {"wood": "wood", "rope": "straw"}, variants=2, material_variants=("default", "weathered"))
def mooring_post(v, d):
    s = seg(d)
    h = (0.7, 0.55)[v]
    post = revolve([(0.16, 0.0), (0.16, h - 0.05), (0.13, h), (0.0, h + 0.02)], s)
    rope = [torus(0.18, 0.025, s, 6, y=y) for y in (h * 0.55, h * 0.62)]
    return model({"wood": post}, {"Rope": {"rope": rope}})


@archetype("rope_coil", (0.6, 0.6), {"rope": "straw"}, placement="floor")
def rope_coil(v, d):
    s = seg(d)
    turns = 3 + d
    # A flat spiral: one continuous rope from the outside in, then a loose end.
    a = np.linspace(0, turns * 2 * np.pi, turns * s)
    r = 0.27 - 0.035 * a / (2 * np.pi)
    path = np.stack([r * np.cos(a), 0.03 + 0.004 * np.sin(3 * a), r * np.sin(a)], 1)
    path = np.vstack([path, path[-1:] * [0.5, 0, 0.5] + [0, 0.1, 0]])  # the end tucked up through the middle
    return model({"rope": tube(path, 0.028, 6)})


@archetype("pier", (3.0, 4.0), {"planks": "planks", "wood": "wood", "metal": "metal"}, variants=2, placement="floor",
           material_variants=("default", "weathered"))
def pier(v, d):
    # A dock section: deck planks with gaps on stringers over round piles.
    w, L = 3.0, (4.0, 6.0)[v]
    n = int(L / 0.2)
    planks = [bx(w, 0.05, 0.18, 0, 0.95, z) for z in np.linspace(-L / 2 + 0.1, L / 2 - 0.1, n)]
    stringers = [bx(0.12, 0.2, L, x, 0.75, 0) for x in (-w / 2 + 0.2, 0, w / 2 - 0.2)]
    piles = [cylinder(0.14, 1.0, seg(d), y0=0.0) for _ in range(1)]
    piles = [place(piles[0], (x, 0, z)) for x in (-w / 2 + 0.2, w / 2 - 0.2) for z in np.linspace(-L / 2 + 0.3, L / 2 - 0.3, 2 + v)]
    cleats = [bx(0.25, 0.06, 0.08, x, 1.0, 0) for x in (-w / 2 + 0.1, w / 2 - 0.1)]
    return model({"planks": planks}, {"Frame": {"wood": stringers + piles}, "Cleats": {"metal": cleats}})


@archetype("anchor", (1.15, 0.8), {"metal": "rusty_metal"}, material_variants=("default", "rusty"))
def anchor(v, d):
    # Standing on its crown, shank up: the classic admiralty silhouette.
    s = max(6, seg(d, 0.75))
    shank = rod((0, 0.1, 0), (0, 1.3, 0), 0.04, s)
    ring = place(torus(0.1, 0.02, s, 6), (0, 1.42, 0), rx=np.pi / 2)
    stock = rod((0, 1.15, -0.4), (0, 1.15, 0.4), 0.03, s)
    arms = tube(arc((0, 0.55, 0), 0.45, np.pi * 1.1, np.pi * 1.9, 3 + 2 * d, "xy"), 0.035, s)
    flukes = mirror(extrude([(0, 0), (0.16, -0.05), (0.0, 0.22)], 0.03, center=(0.0, 0.0, 0.0)))
    flukes = [place(flukes[0], (0.42, 0.35, 0), rz=0.5), place(flukes[1], (-0.42, 0.35, 0), rz=-0.5)]
    return model({"metal": [shank, ring, stock, arms] + flukes})


@archetype("life_ring", (0.75, 0.12), {"body": "plastic", "rope": "straw"}, placement="wall",
           material_variants=("painted_orange", "painted_red", "painted_white"))
def life_ring(v, d):
    s = seg(d, 1.5)
    ring = place(torus(0.3, 0.07, s, max(6, s // 2)), (0, 0.37, 0.07), rx=np.pi / 2)
    rope = place(torus(0.375, 0.01, s, 5), (0, 0.37, 0.07), rx=np.pi / 2)
    hook = bx(0.05, 0.05, 0.05, 0, 0.72, 0.025)
    return model({"body": ring, "rope": [rope, hook]})


@archetype("fishing_rod", (0.12, 2.4), {"wood": "wood", "metal": "metal"})
def fishing_rod(v, d):
    s = max(5, seg(d, 0.5))
    pole = tube([(0, 0.05, -1.1), (0, 0.3, 0.2), (0, 0.7, 1.2)], 0.015, s)
    grip = rod((0, 0.03, -1.15), (0, 0.09, -0.75), 0.025, s)
    reel = place(cylinder(0.05, 0.04, s, y0=-0.02), (0.05, 0.05, -0.85), rz=np.pi / 2)
    stand = rod((0, 0.0, 0.0), (0, 0.3, 0.0), 0.015, 5)
    return model({"wood": [pole, grip, stand], "metal": reel})


@archetype("lighthouse", (4.0, 4.0), {"stone": "plaster", "metal": "painted_metal", "glass": "glass"},
           material_variants=("default", "painted_red", "painted_white"))
def lighthouse(v, d):
    s = seg(d, 1.5)
    tower = revolve([(2.0, 0.0), (1.3, 12.0), (1.5, 12.2), (0.0, 12.25)], s)
    glass = cylinder(0.95, 1.6, s, y0=12.25)
    roof = cone(1.3, 1.2, s, y0=13.85)
    rail = torus(1.45, 0.03, s, 5, y=13.0)
    door = bx(0.9, 2.0, 0.1, 0, 0, 1.95)
    return model({"stone": tower}, {"Lantern": {"glass": glass, "metal": [roof, rail]},
                                    "Door": {"metal": door}})
