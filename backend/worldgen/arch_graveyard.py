"""Graveyard and haunted-house archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import arc, archetype, bevel_box, bx, extrude, model, place, revolve, rod, seg, tube

STONE = ("default", "mossy", "weathered", "dark")
CANDLE = (1.0, 0.7, 0.35)


@archetype("gravestone", (0.6, 0.2), {"stone": "stone"}, variants=3, material_variants=STONE)
def gravestone(v, d):
    n = 3 + 2 * d
    if v == 0:  # round-topped headstone
        a = np.linspace(0, np.pi, n)
        outline = np.vstack([[[0.3, 0.0]], np.stack([0.3 * np.cos(a), 0.75 + 0.3 * np.sin(a)], 1), [[-0.3, 0.0]]])
    elif v == 1:  # shouldered
        outline = [(-0.28, 0.0), (0.28, 0.0), (0.28, 0.8), (0.18, 0.9), (0.1, 0.9), (0.0, 1.0), (-0.1, 0.9), (-0.18, 0.9), (-0.28, 0.8)]
    else:  # low and leaning
        outline = [(-0.25, 0.0), (0.25, 0.0), (0.25, 0.55), (-0.25, 0.6)]
    slab = extrude(outline, 0.12, center=(0, 0.08, 0))
    if v == 2:
        slab = place(slab, rx=-0.12)
    base = bevel_box(0.7, 0.1, 0.3, 0.02, (0, 0.05, 0))
    return model({"stone": [slab, base]})


@archetype("cross", (0.8, 0.2), {"stone": "stone"}, variants=2, material_variants=STONE)
def cross(v, d):
    s = seg(d)
    shaft = bevel_box(0.16, 1.6, 0.14, 0.02, (0, 0.95, 0))
    arm = bevel_box(0.8, 0.16, 0.14, 0.02, (0, 1.3, 0))
    base = [bevel_box(0.5, 0.15, 0.3, 0.02, (0, 0.075, 0)), bevel_box(0.35, 0.1, 0.22, 0.02, (0, 0.2, 0))]
    ring = [place(torus(0.25, 0.035, s, 6), (0, 1.3, 0), rx=np.pi / 2)] if v == 1 else []  # a celtic cross
    return model({"stone": [shaft, arm] + base + ring})


@archetype("tomb", (1.1, 2.3), {"stone": "stone"}, material_variants=STONE)
def tomb(v, d):
    plinth = bevel_box(1.1, 0.15, 2.3, 0.03, (0, 0.075, 0))
    chest = bx(0.9, 0.65, 2.1, 0, 0.15, 0)
    lid = extrude([(-0.52, 0.0), (0.52, 0.0), (0.5, 0.08), (0.0, 0.2), (-0.5, 0.08)], 2.2, center=(0, 0.8, 0))
    panels = [bx(0.6, 0.4, 0.02, 0, 0.27, z) for z in (-1.055, 1.055)] if d else []
    return model({"stone": [plinth, chest] + panels}, {"Lid": {"stone": lid}})


@archetype("coffin", (0.7, 2.0), {"wood": "wood", "metal": "metal"}, material_variants=("default", "dark", "weathered"))
def coffin(v, d):
    outline = [(0.0, -1.0), (0.22, -1.0), (0.34, 0.45), (0.26, 1.0), (-0.26, 1.0), (-0.34, 0.45), (-0.22, -1.0)]
    box_ = extrude(outline, 0.4, axis="y", center=(0, 0.2, 0))
    lid = extrude(outline, 0.06, axis="y", center=(0, 0.43, 0))
    lid = place(lid, scale=(1.05, 1.0, 1.02))
    handles = [rod((x, 0.2, z - 0.12), (x, 0.2, z + 0.12), 0.012, 5) for x in (-0.36, 0.36) for z in (-0.4, 0.3)]
    cross_ = [bx(0.04, 0.01, 0.4, 0, 0.46, 0.3), bx(0.22, 0.01, 0.04, 0, 0.46, 0.4)]
    return model({"wood": box_, "metal": handles}, {"Lid": {"wood": lid, "metal": cross_}})


@archetype("iron_fence", (3.0, 0.12), {"metal": "metal"}, material_variants=("default", "rusty", "dark"))
def iron_fence(v, d):
    L = 3.0
    posts = [bx(0.1, 1.8, 0.1, x, 0, 0) for x in (-L / 2 + 0.05, L / 2 - 0.05)]
    caps = [place(ellipsoid(0.07, 0.07, 0.07, 8, 4), (x, 1.85, 0)) for x in (-L / 2 + 0.05, L / 2 - 0.05)]
    rails = [bx(L, 0.04, 0.03, 0, y, 0) for y in (0.2, 1.4)]
    n = 22 if d else 11
    bars = [rod((x, 0.0, 0), (x, 1.55, 0), 0.01, 4) for x in np.linspace(-L / 2 + 0.15, L / 2 - 0.15, n)]
    spikes = [place(cone(0.025, 0.1, 4), (x, 1.55, 0)) for x in np.linspace(-L / 2 + 0.15, L / 2 - 0.15, n)]
    return model({"metal": posts + caps + rails}, {"Bars": {"metal": bars + spikes}})


@archetype("lantern", (0.22, 0.22), {"metal": "metal", "glass": "glass", "flame": "flame"}, placement="surface",
           material_variants=("default", "rusty", "dark"))
def lantern(v, d):
    s = seg(d, 0.5)
    base = cylinder(0.1, 0.03, 4 if d == 0 else s)
    frame = [rod((0.08 * np.cos(a), 0.03, 0.08 * np.sin(a)), (0.08 * np.cos(a), 0.28, 0.08 * np.sin(a)), 0.006, 4) for a in np.linspace(0, 2 * np.pi, 4, endpoint=False) + np.pi / 4]
    glass = cylinder(0.075, 0.25, 4, y0=0.03)
    glass = place(glass, ry=np.pi / 4)
    roof = cone(0.11, 0.1, 4, y0=0.28)
    roof = place(roof, ry=np.pi / 4)
    ring = place(torus(0.035, 0.006, 8, 4), (0, 0.42, 0), rx=np.pi / 2)
    flame = cone(0.015, 0.05, 6, y0=0.1)
    return model({"metal": [base, roof, ring] + frame}, {"Glass": {"glass": glass}, "Flame": {"flame": flame}},
                 [Light((0.0, 0.16, 0.0), CANDLE, 20.0, 8.0)])


@archetype("skull", (0.16, 0.22), {"bone": "plaster"}, placement="surface", material_variants=("default", "weathered"))
def skull(v, d):
    s = seg(d)
    r = max(4, s // 2)
    cranium = ellipsoid(0.075, 0.08, 0.1, s, r, (0, 0.1, -0.01))
    face = ellipsoid(0.055, 0.05, 0.05, s, r, (0, 0.06, 0.06))
    jaw = place(bevel_box(0.08, 0.03, 0.07, 0.01), (0, 0.015, 0.06))
    sockets = [ellipsoid(0.018, 0.016, 0.01, 8, 4, (x, 0.085, 0.105)) for x in (-0.025, 0.025)]
    return model({"bone": [cranium, face, jaw]}, {"Eye Sockets": {"bone": sockets}})


@archetype("candle", (0.12, 0.12), {"wax": "plaster", "flame": "flame", "metal": "metal"}, placement="surface", variants=2)
def candle(v, d):
    s = seg(d)
    h = (0.2, 0.12)[v]
    holder = revolve([(0.0, 0.0), (0.06, 0.0), (0.06, 0.01), (0.025, 0.02), (0.025, 0.04), (0.0, 0.04)], s)
    wax = revolve([(0.02, 0.04), (0.02, 0.04 + h), (0.015, 0.045 + h), (0.0, 0.045 + h)], s)
    drip = ellipsoid(0.006, 0.02, 0.006, 6, 3, (0.02, 0.04 + h * 0.8, 0))
    flame = place(ellipsoid(0.01, 0.025, 0.01, 6, 3), (0, 0.07 + h, 0))
    return model({"metal": holder, "wax": [wax, drip]}, {"Flame": {"flame": flame}}, [Light((0.0, 0.1 + h, 0.0), CANDLE, 5.0, 4.0)])


@archetype("pumpkin", (0.45, 0.45), {"skin": "plastic", "stem": "foliage"}, variants=2, material_variants=("painted_orange",))
def pumpkin(v, d):
    s = seg(d, 1.5)
    r = (0.22, 0.16)[v]
    body = ellipsoid(r, r * 0.75, r, s, max(4, s // 2), (0, r * 0.75, 0))
    a = np.arctan2(body.pos[:, 2], body.pos[:, 0])
    body.pos[:, [0, 2]] *= (1 - 0.06 * np.abs(np.cos(4 * a)))[:, None]  # eight ribs
    stem = tube([(0, r * 1.4, 0), (0.01, r * 1.6, 0), (0.03, r * 1.7, 0)], 0.02, 5)
    return model({"skin": body}, {"Stem": {"stem": stem}})


@archetype("jack_o_lantern", (0.45, 0.45), {"skin": "plastic", "face": "flame", "stem": "foliage"}, material_variants=("painted_orange",))
def jack_o_lantern(v, d):
    s = seg(d, 1.5)
    r = 0.22
    body = ellipsoid(r, r * 0.75, r, s, max(4, s // 2), (0, r * 0.75, 0))
    eyes = [extrude([(-0.04, 0.0), (0.04, 0.0), (0.0, 0.05)], 0.02, center=(x, 0.2, r - 0.005)) for x in (-0.07, 0.07)]
    mouth = extrude([(-0.1, 0.03), (-0.05, 0.0), (0.0, 0.02), (0.05, 0.0), (0.1, 0.03), (0.0, 0.06)], 0.02, center=(0, 0.07, r - 0.01))
    stem = cylinder(0.02, 0.06, 5, y0=r * 1.45)
    return model({"skin": body}, {"Face": {"face": eyes + [mouth]}, "Stem": {"stem": stem}}, [Light((0.0, 0.16, 0.0), CANDLE, 8.0, 5.0)])


@archetype("cobweb", (0.9, 0.01), {"web": "cloth"}, placement="wall")
def cobweb(v, d):
    # A corner web: radial threads and rings on a quarter disc hung on the wall.
    n = 5 + 2 * min(d, 2)
    threads = [rod((0, 0.9, 0.02), (0.9 * np.cos(a), 0.9 - 0.9 * np.sin(a), 0.02), 0.003, 3) for a in np.linspace(0, np.pi / 2, n)]
    rings = [tube(arc((0, 0.9, 0.02), r, -np.pi / 2, 0, n - 1, "xy"), 0.003, 3) for r in (0.25, 0.45, 0.65, 0.85)[: 2 + min(d, 2)]]
    return model({"web": threads + rings})


@archetype("mausoleum", (4.0, 5.0), {"stone": "stone", "roof": "stone", "door": "rusty_metal"}, material_variants=STONE)
def mausoleum(v, d):
    s = seg(d)
    base = bevel_box(4.0, 0.4, 5.0, 0.05, (0, 0.2, 0))
    walls = bx(3.4, 3.0, 4.0, 0, 0.4, -0.3)
    column = revolve([(0.2, 0.4), (0.17, 0.5), (0.16, 3.2), (0.2, 3.4), (0.0, 3.4)], s)
    columns = [place(column, (x, 0, 2.1)) for x in (-1.5, -0.6, 0.6, 1.5)]
    entab = bx(3.8, 0.4, 4.8, 0, 3.4, 0.0)
    roof = extrude([(-2.0, 0.0), (2.0, 0.0), (0.0, 1.0)], 4.9, axis="z", center=(0, 3.8, 0))
    door = bx(1.2, 2.2, 0.1, 0, 0.4, 1.72)
    return model({"stone": [base, walls, entab] + columns}, {"Roof": {"roof": roof}, "Door": {"door": door}})


@archetype("obelisk", (1.0, 1.0), {"stone": "stone"}, material_variants=STONE)
def obelisk(v, d):
    base = [bevel_box(1.0, 0.3, 1.0, 0.03, (0, 0.15, 0)), bevel_box(0.8, 0.3, 0.8, 0.03, (0, 0.45, 0))]
    shaft = revolve([(0.32, 0.6), (0.2, 4.0), (0.0, 4.4)], 4)
    shaft = place(shaft, ry=np.pi / 4)
    return model({"stone": base + [shaft]})


@archetype("bones", (0.6, 0.5), {"bone": "plaster"}, material_variants=("default", "weathered"))
def bones(v, d):
    s = max(5, seg(d, 0.5))
    rng = np.random.default_rng(3)
    out = []
    for i in range(6):
        a = float(rng.uniform(0, np.pi))
        c = np.array([float(rng.uniform(-0.2, 0.2)), 0.025, float(rng.uniform(-0.15, 0.15))])
        dv = np.array([np.cos(a), 0, np.sin(a)]) * 0.18
        out.append(rod(c - dv, c + dv, 0.015, s))
        out += [ellipsoid(0.03, 0.025, 0.03, s, 3, c + dv * k) for k in (-1.05, 1.05)]
    out.append(ellipsoid(0.075, 0.08, 0.1, 2 * s, s, (0.15, 0.08, 0.1)))
    return model({"bone": out})
