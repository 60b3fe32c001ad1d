"""Castle and throne-room archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import (archetype, bevel_box, bx, extrude, mirror, model, ngon, place, radial, revolve, rod, seg,
                    tube)

FLAME = (1.0, 0.62, 0.3)


def candles(points, s, h=0.15):
    wax, flames = [], []
    for x, y, z in points:
        wax.append(place(cylinder(0.02, h, s, y0=0.0), (x, y, z)))
        flames.append(place(cone(0.015, 0.05, s, y0=0.0), (x, y + h, z)))
    return wax, flames


@archetype("throne", (1.1, 0.9), {"wood": "wood", "fabric": "cloth", "metal": "metal"},
           material_variants=("default", "dark", "painted_red", "painted_purple"))
def throne(v, d):
    w = 1.0
    dais = bevel_box(w + 0.1, 0.15, 0.9, 0.03, (0, 0.075, 0))
    seat_box = bevel_box(w - 0.2, 0.35, 0.7, 0.03, (0, 0.325, 0.05))
    back_outline = [(-0.4, 0.0), (0.4, 0.0), (0.4, 1.3), (0.25, 1.45), (0.12, 1.4), (0.0, 1.6), (-0.12, 1.4), (-0.25, 1.45), (-0.4, 1.3)]
    back = extrude(back_outline, 0.12, center=(0, 0.5, -0.32))
    arms = mirror([bevel_box(0.12, 0.35, 0.7, 0.03, (0.44, 0.675, 0.05)), cylinder(0.06, 0.08, seg(d), y0=0.0)])
    arms[1] = place(arms[1], (0.44, 0.85, 0.4))
    arms[3] = place(arms[3], (-0.44, 0.85, 0.4))
    cushion = bevel_box(w - 0.3, 0.1, 0.6, 0.04, (0, 0.55, 0.08))
    back_pad = bevel_box(0.6, 0.9, 0.05, 0.02, (0, 1.15, -0.24))
    finials = [place(ellipsoid(0.05, 0.07, 0.05, seg(d), max(4, seg(d) // 2)), (x, 2.1 if x == 0 else 1.97, -0.32))
               for x in (-0.25, 0.0, 0.25)]
    return model({"wood": [dais, seat_box, back] + arms}, {"Cushions": {"fabric": [cushion, back_pad]},
                                                         "Finials": {"metal": finials}})


@archetype("banner", (1.1, 0.1), {"cloth": "cloth", "metal": "metal"}, placement="wall", variants=2,
           material_variants=("painted_red", "painted_blue", "painted_purple", "painted_green", "painted_yellow"))
def banner(v, d):
    L = (2.2, 1.6)[v]
    outline = [(-0.4, 0.0), (0.0, 0.25), (0.4, 0.0), (0.4, L), (-0.4, L)] if v == 0 else [(-0.4, 0.0), (0.4, 0.0), (0.4, L), (-0.4, L)]
    cloth = extrude(outline, 0.01, center=(0, 0, 0.05))
    rod_ = rod((-0.5, L + 0.03, 0.05), (0.5, L + 0.03, 0.05), 0.02, max(6, seg(d, 0.5)))
    ends = [place(ellipsoid(0.03, 0.03, 0.03, 8, 4), (x, L + 0.03, 0.05)) for x in (-0.52, 0.52)]
    brackets = [bx(0.03, 0.03, 0.05, x, L + 0.015, 0.0) for x in (-0.3, 0.3)]
    emblem = extrude(ngon(0.15, 4 if v else 3, np.pi / 2), 0.006, center=(0, L * 0.6, 0.058))
    return model({"cloth": [cloth, emblem]}, {"Pole": {"metal": [rod_] + ends + brackets}})


@archetype("candelabra", (0.55, 0.4), {"metal": "metal", "wax": "plaster", "flame": "flame"},
           material_variants=("default", "polished", "dark"))
def candelabra(v, d):
    # A floor-standing candelabrum: tripod foot, turned stem, five arms.
    s = seg(d, 0.75)
    feet = radial(tube([(0.0, 0.12, 0), (0.15, 0.08, 0), (0.2, 0.0, 0)], 0.018, 5), 3)
    stem = revolve([(0.05, 0.08), (0.03, 0.15), (0.02, 0.8), (0.04, 0.85), (0.02, 0.9), (0.02, 1.3), (0.04, 1.33), (0.0, 1.34)], s)
    arm = tube([(0.0, 1.2, 0), (0.12, 1.2, 0), (0.2, 1.26, 0), (0.22, 1.38, 0)], 0.01, 6)
    arms = radial(arm, 4, np.pi / 4)
    tips = [(0.0, 1.34, 0.0)] + [(0.22 * np.cos(a), 1.38, -0.22 * np.sin(a)) for a in np.pi / 4 + np.arange(4) * np.pi / 2]
    cups = [place(cylinder(0.03, 0.02, s), p) for p in tips]
    wax, flames = candles([(x, y + 0.02, z) for x, y, z in tips], s)
    return model({"metal": [stem] + feet + arms + cups}, {"Candles": {"wax": wax, "flame": flames}},
                 [Light((0.0, 1.6, 0.0), FLAME, 25.0, 8.0)])


@archetype("carpet", (2.0, 6.0), {"rug": "cloth", "trim": "cloth"}, variants=2,
           material_variants=("painted_red", "painted_purple", "painted_blue"))
def carpet(v, d):
    w, L = 2.0, (6.0, 4.0)[v]
    runner = bx(w, 0.012, L)
    border = [bx(0.12, 0.014, L, x, 0, 0) for x in (-w / 2 + 0.1, w / 2 - 0.1)] + [bx(w - 0.1, 0.014, 0.1, 0, 0, z) for z in (-L / 2 + 0.1, L / 2 - 0.1)]
    fringe = [bx(0.02, 0.004, 0.08, x, 0, z) for z in (-L / 2 - 0.04, L / 2 + 0.04) for x in np.linspace(-w / 2 + 0.05, w / 2 - 0.05, 6 + 8 * min(d, 2))]
    return model({"rug": runner, "trim": border + (fringe if d else [])})


@archetype("pillar", (0.8, 0.8), {"stone": "stone"}, variants=2, material_variants=("default", "weathered", "mossy", "polished"))
def pillar(v, d):
    s = seg(d, 1.5)
    h = (4.0, 3.0)[v]
    base = bevel_box(0.8, 0.25, 0.8, 0.03, (0, 0.125, 0))
    prof = [(0.34, 0.25), (0.32, 0.3)] + [(0.3 - 0.03 * (y / h), y) for y in np.linspace(0.4, h - 0.45, 3 + d)] + [(0.34, h - 0.35), (0.3, h - 0.3), (0.0, h - 0.3)]
    shaft = revolve(prof, s)
    capital = bevel_box(0.8, 0.3, 0.8, 0.04, (0, h - 0.15, 0))
    flutes = []
    if v == 0 and d >= 2:  # fluting: thin raised ribs around the shaft
        flutes = radial(bx(0.03, h - 1.0, 0.03, 0.3, 0.5, 0), 12)
    return model({"stone": [base, shaft, capital] + flutes})


@archetype("suit_of_armour", (0.7, 0.45), {"metal": "metal", "wood": "wood", "cloth": "cloth"},
           material_variants=("polished", "default", "dark", "rusty"))
def suit_of_armour(v, d):
    s = seg(d)
    r = max(4, s // 2)
    stand = bevel_box(0.6, 0.08, 0.45, 0.02, (0, 0.04, 0))
    boots = mirror(ellipsoid(0.07, 0.06, 0.13, s, r, (0.11, 0.14, 0.03)))
    shins = [place(cylinder(0.065, 0.45, s, y0=0.16, r_top=0.07), (x, 0, 0)) for x in (-0.11, 0.11)]
    thighs = [place(cylinder(0.075, 0.4, s, y0=0.62, r_top=0.09), (x, 0, 0)) for x in (-0.11, 0.11)]
    torso = revolve([(0.0, 0.95), (0.18, 0.97), (0.16, 1.15), (0.2, 1.35), (0.22, 1.48), (0.1, 1.55), (0.0, 1.56)], s)
    skirt = cylinder(0.2, 0.18, s, y0=0.9, r_top=0.17)
    pauldrons = mirror(ellipsoid(0.1, 0.07, 0.1, s, r, (0.26, 1.47, 0)))
    arms = mirror([cylinder(0.055, 0.55, s, y0=-0.55, r_top=0.06)])
    arms = [place(arms[0], (0.27, 1.42, 0.0), rz=0.08), place(arms[1], (-0.27, 1.42, 0.0), rz=-0.08)]
    helmet = revolve([(0.0, 1.58), (0.11, 1.6), (0.13, 1.72), (0.11, 1.84), (0.0, 1.88)], s)
    visor = place(bx(0.16, 0.03, 0.02), (0, 1.73, 0.12))
    plume = place(ellipsoid(0.03, 0.12, 0.09, s, r), (0, 1.95, -0.02))
    halberd = [rod((0.36, 0.08, 0.1), (0.36, 2.2, 0.1), 0.015, 6),
               extrude([(0.0, 0.0), (0.18, 0.04), (0.2, 0.16), (0.0, 0.2)], 0.01, axis="x", center=(0.36, 1.95, 0.1))]
    return model({"metal": boots + shins + thighs + [torso, skirt] + pauldrons + arms, "wood": stand},
                 {"Helmet": {"metal": [helmet, visor], "cloth": plume}, "Halberd": {"wood": halberd[0], "metal": halberd[1]}})


@archetype("chandelier", (1.2, 1.2), {"metal": "metal", "wax": "plaster", "flame": "flame"}, placement="ceiling",
           material_variants=("default", "dark", "polished"))
def chandelier(v, d):
    s = seg(d)
    n = (6, 8)[v]
    ring = torus(0.55, 0.025, 2 * s, 6, y=0.0)
    hub = revolve([(0.0, -0.15), (0.08, -0.05), (0.05, 0.1), (0.0, 0.15)], s)
    spokes = radial(rod((0.05, 0.0, 0), (0.55, 0.0, 0), 0.012, 5), n)
    chains = radial(rod((0.5, 0.0, 0), (0.0, 1.0, 0), 0.008, 4), 3)
    top = rod((0, 0.15, 0), (0, 1.1, 0), 0.012, 5)
    pts = [(0.55 * np.cos(a), 0.025, 0.55 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, n, endpoint=False)]
    cups = [place(cylinder(0.035, 0.02, s), p) for p in pts]
    wax, flames = candles([(x, y + 0.02, z) for x, y, z in pts], max(4, s // 2))
    return model({"metal": [ring, hub, top] + spokes + chains + cups}, {"Candles": {"wax": wax, "flame": flames}},
                 [Light((0.0, 0.1, 0.0), FLAME, 80.0, 14.0)])


@archetype("cannon", (0.9, 2.0), {"metal": "metal", "wood": "wood"}, material_variants=("default", "rusty", "dark"))
def cannon(v, d):
    s = seg(d, 1.25)
    barrel_prof = [(0.0, -0.1), (0.12, -0.05), (0.17, 0.0), (0.16, 0.35), (0.14, 1.2), (0.15, 1.5), (0.13, 1.6), (0.07, 1.6), (0.07, 1.1)]
    barrel = place(revolve(barrel_prof, s), (0, 0.62, -0.55), rx=np.pi / 2 - 0.08)
    knob = place(ellipsoid(0.05, 0.05, 0.05, s, max(4, s // 2)), (0, 0.61, -0.7))
    trunnion = place(cylinder(0.045, 0.46, s, y0=-0.23), (0, 0.64, -0.1), rz=np.pi / 2)
    cheeks = mirror(extrude([(-0.7, 0.2), (0.55, 0.2), (0.55, 0.62), (0.1, 0.7), (-0.2, 0.55), (-0.7, 0.45)], 0.08, axis="x", center=(0.2, 0.0, 0.0)))
    axles = [place(cylinder(0.04, 0.8, s // 2, y0=-0.4), (0, 0.2, z), rz=np.pi / 2) for z in (-0.5, 0.4)]
    wheels = [place(cylinder(0.2 if z < 0 else 0.22, 0.07, s, y0=-0.035), (x, 0.2 if z < 0 else 0.22, z), rz=np.pi / 2)
              for x in (-0.36, 0.36) for z in (-0.5, 0.4)]
    return model({}, {"Barrel": {"metal": [barrel, knob, trunnion]},
                      "Carriage": {"wood": cheeks + [bx(0.4, 0.08, 1.0, 0, 0.2, 0.0)], "metal": axles},
                      "Wheels": {"wood": wheels}})


@archetype("weapon_rack", (1.2, 0.4), {"wood": "wood", "metal": "metal"}, material_variants=("default", "dark"))
def weapon_rack(v, d):
    frame = [bx(0.06, 1.5, 0.06, x, 0, 0) for x in (-0.55, 0.55)] + [bx(1.2, 0.06, 0.06, 0, y, 0) for y in (0.2, 1.3)]
    feet = [bx(0.08, 0.06, 0.4, x, 0, 0) for x in (-0.55, 0.55)]
    spears = [rod((x, 0.23, 0.06), (x, 1.8, 0.06), 0.015, 5) for x in np.linspace(-0.4, 0.4, 4)]
    heads = [place(cone(0.03, 0.15, 4), (x, 1.8, 0.06)) for x in np.linspace(-0.4, 0.4, 4)]
    swords = [place(extrude([(-0.02, 0.0), (0.02, 0.0), (0.02, 0.7), (0.0, 0.76), (-0.02, 0.7)], 0.006), (x, 0.25, -0.06)) for x in (-0.2, 0.2)]
    guards = [bx(0.14, 0.02, 0.03, x, 0.2, -0.06) for x in (-0.2, 0.2)]
    return model({"wood": frame + feet}, {"Spears": {"wood": spears, "metal": heads}, "Swords": {"metal": swords + guards}})


@archetype("shield", (0.6, 0.1), {"wood": "wood", "metal": "metal"}, placement="wall", variants=2,
           material_variants=("painted_red", "painted_blue", "painted_yellow", "default"))
def shield(v, d):
    s = seg(d, 1.5)
    if v == 0:  # heater shield
        a = np.linspace(0, np.pi, 3 + 2 * d)
        outline = np.vstack([[[-0.3, 0.7], [-0.3, 0.4]], np.stack([-0.3 * np.cos(a), 0.4 - 0.4 * np.sin(a)], 1)[1:-1], [[0.3, 0.4], [0.3, 0.7]]])
        face = extrude(outline, 0.04, center=(0, 0, 0.03))
        rim = []
        boss = place(ellipsoid(0.08, 0.08, 0.04, s, max(4, s // 2)), (0, 0.45, 0.05))
    else:  # round shield
        face = extrude(ngon(0.3, s), 0.03, center=(0, 0.3, 0.03))
        rim = [place(torus(0.3, 0.015, s, 5), (0, 0.3, 0.03), rx=np.pi / 2)]
        boss = place(ellipsoid(0.08, 0.08, 0.05, s, max(4, s // 2)), (0, 0.3, 0.045))
    return model({"wood": face, "metal": rim + [boss]})


@archetype("tapestry", (1.8, 0.06), {"cloth": "cloth", "wood": "wood"}, placement="wall",
           material_variants=("painted_red", "painted_green", "painted_blue", "warm"))
def tapestry(v, d):
    folds = 4 + 4 * min(d, 2)
    xs = np.linspace(-0.8, 0.8, folds + 1)
    outline = [(x, 0.03 * (1 + np.sin(i * np.pi / 1.0 + 0.5)) / 2) for i, x in enumerate(xs)]
    wave = np.array(outline + [(x, y + 0.01) for x, y in outline[::-1]])
    cloth = extrude(wave, 2.0, axis="y", center=(0, 1.0, 0.02))
    rod_ = rod((-0.9, 2.03, 0.03), (0.9, 2.03, 0.03), 0.02, 6)
    return model({"cloth": cloth}, {"Rod": {"wood": rod_}})


@archetype("brazier", (0.6, 0.6), {"metal": "metal", "coal": "stone", "flame": "flame"}, material_variants=("default", "rusty"))
def brazier(v, d):
    s = seg(d)
    bowl = revolve([(0.0, 0.7), (0.2, 0.72), (0.3, 0.85), (0.32, 0.95), (0.28, 0.95), (0.0, 0.9)], s)
    tripod = radial(rod((0.25, 0.0, 0), (0.08, 0.72, 0), 0.02, 6), 3)
    ring = torus(0.17, 0.012, s, 5, y=0.35)
    coals = [place(ellipsoid(0.08, 0.04, 0.07, 6, 3), (0.12 * np.cos(a), 0.94, 0.12 * np.sin(a))) for a in np.linspace(0, 6, 5)]
    fire = cone(0.22, 0.45, s, y0=0.92)
    return model({"metal": [bowl, ring] + tripod}, {"Fire": {"coal": coals, "flame": fire}},
                 [Light((0.0, 1.2, 0.0), FLAME, 80.0, 12.0)])


@archetype("round_table", (1.8, 1.8), {"wood": "wood"}, material_variants=("default", "dark", "weathered"))
def round_table(v, d):
    s = seg(d, 2.0)
    top = cylinder(0.9, 0.06, s, y0=0.72)
    column = revolve([(0.45, 0.0), (0.4, 0.05), (0.12, 0.12), (0.1, 0.6), (0.25, 0.72), (0.0, 0.72)], s)
    return model({"wood": [top, column]})
