"""Medieval courtyard archetypes."""

from __future__ import annotations

import numpy as np

from .mesh import box, cone, cylinder, lathe, rot_x, rot_z, torus, xform
from .archetype_base import Archetype, Built, ground_box, Light, register, seg, slots

WALL_T = 0.6  # courtyard wall thickness
WALL_H = 3.0
WALL_LENGTHS = (4.0, 4.0 - 2 * WALL_T, 2.0, 2.0 - 2 * WALL_T)  # full and half segments, and the pieces that fit between corners
GATE_W = 4.0


def _wall(v: int, d: int) -> Built:
    length = WALL_LENGTHS[v]
    body = [box(length, WALL_H, WALL_T, (0, WALL_H / 2, 0))]
    # Crenellations: merlons along the top, spaced so they fit the length exactly.
    n = max(1, int(length // 1.0))
    step = length / n
    for i in range(n):
        body.append(box(step * 0.5, 0.5, WALL_T, (-length / 2 + step * (i + 0.5), WALL_H + 0.25, 0)))
    return Built(slots(stone=body))


def _gate(v: int, d: int) -> Built:
    post = 0.8
    frame = [box(post, 4.0, WALL_T, (x, 2.0, 0)) for x in (-(GATE_W - post) / 2, (GATE_W - post) / 2)]
    frame.append(box(GATE_W, 0.8, WALL_T, (0, 4.4, 0)))
    # A raised portcullis inside the arch: the way through stays open.
    inner = GATE_W - 2 * post
    bars = [box(0.06, 0.9, 0.06, (x, 3.55, 0)) for x in np.linspace(-inner / 2 + 0.1, inner / 2 - 0.1, 9)]
    rails = [box(inner, 0.06, 0.08, (0, y, 0)) for y in (3.2, 3.9)]
    return Built(slots(stone=frame), [("Portcullis", slots(metal=bars + rails))])



def _well(v: int, d: int) -> Built:
    s = seg(d, 2.0) if d else 8
    r = 0.9 if v == 0 else 0.75
    # Outer wall in stone courses (each slightly proud at its middle), rim, then the inner wall.
    courses = 5 if d else 1
    ys = np.linspace(0.0, 0.8, 2 * courses + 1)
    outer = [(r + (0.025 if i % 2 else 0.0), y) for i, y in enumerate(ys)]
    shaft = lathe(outer + [(r - 0.2, 0.8), (r - 0.2, 0.05)], s)
    water = cylinder(r - 0.2, 0.05, s, y0=0.0, caps=True)
    posts = [box(0.14, 2.2, 0.14, (x, 1.1, 0)) for x in (-r + 0.1, r - 0.1)]
    axle = xform(cylinder(0.05, 2 * r - 0.3, s // 2), rot_z(np.pi / 2), (r - 0.15, 1.6, 0))
    crank = box(0.04, 0.3, 0.04, (r + 0.05, 1.45, 0))
    rope = cylinder(0.012, 0.35, max(4, s // 4), y0=1.25)
    bucket = cylinder(0.16, 0.25, s // 2, y0=1.0, r_top=0.19)
    handle = xform(torus(0.17, 0.01, s // 2, 6), rot_x(np.pi / 2), (0, 1.25, 0))
    ridge = box(0.08, 0.08, 1.7, (0, 2.62, 0))
    shingles = []
    rows = 2 + d  # richer roofs at higher detail
    if d == 0:  # the coarsest level: two roof slabs, no bucket handle
        shingles = [xform(box(r * 1.25, 0.06, 1.6), rot_z(-side * 0.65), (side * r * 0.5, 2.28, 0)) for side in (-1, 1)]
        rows = 0
    for side in (-1, 1) if rows else ():
        for k in range(rows):
            t = (k + 0.5) / rows
            x = side * (0.05 + t * r * 1.1)
            y = 2.6 - t * r * 1.1 * np.tan(0.65)
            for z in np.linspace(-0.7, 0.7, 4):
                shingles.append(xform(box(r * 1.2 / rows, 0.04, 0.38), rot_z(-side * 0.65), (x, y, z)))
    return Built(slots(stone=shaft, glass=water),
                 [("Frame", slots(wood=posts + [axle, crank, ridge])), ("Roof", slots(roof=shingles)),
                  ("Bucket", slots(wood=bucket, metal=[handle] if d else [], rope=[rope] if d else []))])


def _stall(v: int, d: int) -> Built:
    w = 2.4 if v == 0 else 3.0
    legs = [box(0.1, 2.3, 0.1, (x, 1.15, z)) for x in (-w / 2 + 0.1, w / 2 - 0.1) for z in (-0.55, 0.55)]
    counter = box(w, 0.08, 1.2, (0, 0.9, 0))
    front = box(w - 0.2, 0.8, 0.04, (0, 0.45, 0.58))
    brackets = [box(0.04, 0.04, 1.3, (x, 2.2, 0)) for x in (-w / 2 + 0.1, w / 2 - 0.1)]
    awning = xform(box(w + 0.3, 0.03, 1.5), rot_x(0.3), (0, 2.35, 0.05))
    goods = [box(0.3, 0.2, 0.3, (x, 1.04, 0.1)) for x in np.linspace(-w / 2 + 0.4, w / 2 - 0.4, 3)]
    return Built(slots(wood=legs + [counter, front], metal=brackets),
                 [("Awning", slots(cloth=awning)), ("Goods", slots(goods=goods))])


def _torch(v: int, d: int) -> Built:
    s = seg(d)
    plate = box(0.12, 0.2, 0.03, (0, 0.1, 0.015))
    arm = box(0.04, 0.04, 0.18, (0, 0.1, 0.12))
    handle = xform(cylinder(0.03, 0.45, s // 2, y0=-0.2, r_top=0.04), rot_x(-0.25), (0, 0.15, 0.2))
    cup = cylinder(0.06, 0.08, s // 2, y0=0.38, r_top=0.08)
    flame = cone(0.06, 0.2, s // 2, y0=0.46)
    return Built(slots(metal=[plate, arm], wood=handle), [("Flame", slots(flame=[cup, flame]))],
                 [Light((0.0, 0.62, 0.3), (1.0, 0.62, 0.3), 30.0, 10.0)])


def _barrel(v: int, d: int) -> Built:
    s = seg(d, 1.25)
    h, r = (0.9, 0.3) if v == 0 else (1.1, 0.36)
    ys = np.linspace(0, h, 7)
    prof = [(r * (1 + 0.12 * np.sin(np.pi * y / h)), y) for y in ys]
    side = lathe(prof, s)
    lids = [lathe([(0.0, 0.0), (r, 0.0)], s), lathe([(r, h), (0.0, h)], s)]
    hoops = [cylinder(r * (1 + 0.12 * np.sin(np.pi * y / h)) + 0.01, 0.05, s, y0=y - 0.025, caps=False)
             for y in (0.12 * h, 0.88 * h)]
    return Built(slots(wood=[side] + lids, metal=hoops))


def _crate(v: int, d: int) -> Built:
    e = (0.6, 0.8)[v]
    body = box(e, e, e, (0, e / 2, 0))
    trims = [box(e + 0.02, 0.08, e + 0.02, (0, y, 0)) for y in (0.04, e - 0.04)]
    return Built(slots(planks=body, wood=trims))


def _crate_stack(v: int, d: int) -> Built:
    e = 0.6
    boxes = [box(e, e, e, (x, e / 2, 0)) for x in (-0.31, 0.31)] + [box(e, e, e, (0, e * 1.5, 0))]
    return Built(slots(planks=boxes))


def _cart(v: int, d: int) -> Built:
    s = seg(d, 1.5)
    bed = box(1.2, 0.1, 2.0, (0, 0.7, 0))
    sides = [box(0.05, 0.4, 2.0, (x, 0.95, 0)) for x in (-0.58, 0.58)] + [box(1.1, 0.4, 0.05, (0, 0.95, z)) for z in (-0.98, 0.98)]
    shafts = [box(0.06, 0.06, 1.4, (x, 0.6, 1.6)) for x in (-0.4, 0.4)]
    axle = xform(cylinder(0.04, 1.5, 6, y0=-0.75), rot_z(np.pi / 2), (0, 0.45, -0.2))
    wheels = [xform(cylinder(0.45, 0.08, s, y0=-0.04), rot_z(np.pi / 2), (x, 0.45, -0.2)) for x in (-0.68, 0.68)]
    return Built(slots(wood=[bed] + sides + shafts, metal=axle), [("Wheels", slots(wood=wheels))])


def _bench(v: int, d: int) -> Built:
    w = (1.6, 2.0)[v]
    seat = box(w, 0.06, 0.4, (0, 0.45, 0))
    legs = [box(0.06, 0.42, 0.36, (x, 0.21, 0)) for x in (-w / 2 + 0.15, w / 2 - 0.15)]
    return Built(slots(wood=[seat] + legs))


def _hay(v: int, d: int) -> Built:
    return Built(slots(straw=box(1.0, 0.5, 0.6, (0, 0.25, 0))))


TH = ("courtyard",)
register(Archetype("cobblestone_ground", "Cobblestone Ground", TH, {"ground": "cobble"}, lambda v, d: ground_box(v),
                   (0, 0), placement="structural", words=("cobblestone", "cobblestones", "cobbles", "cobble", "paving", "ground", "floor"),
                   material_variants=("default", "mossy", "weathered")))
register(Archetype("wall", "Wall", TH, {"stone": "stone"}, _wall, (4.0, WALL_T), variants=4, placement="structural",
                   words=("wall", "walls", "rampart"), material_variants=("default", "mossy", "weathered")))
register(Archetype("gate", "Gate", TH, {"stone": "stone", "metal": "rusty_metal"}, _gate, (GATE_W, 1.0),
                   placement="structural", words=("gate", "gates", "gateway", "entrance")))
register(Archetype("well", "Well", TH, {"stone": "stone", "glass": "glass", "wood": "wood", "roof": "planks", "metal": "metal",
                                      "rope": "straw"},
                   _well, (2.0, 2.0), variants=2, words=("well", "wells"), material_variants=("default", "mossy", "weathered")))
register(Archetype("market_stall", "Market Stall", TH, {"wood": "wood", "metal": "metal", "cloth": "cloth", "goods": "cloth"},
                   _stall, (3.2, 1.8), variants=2, words=("market stall", "stall", "stalls", "booth", "vendor"),
                   material_variants=("default", "weathered", "painted_red", "painted_blue")))
register(Archetype("torch", "Torch", TH + ("forest",), {"metal": "metal", "wood": "wood", "flame": "flame"}, _torch, (0.2, 0.4),
                   placement="wall", words=("torch", "torches", "sconce", "sconces")))
register(Archetype("barrel", "Barrel", TH + ("forest", "scifi_corridor"), {"wood": "wood", "metal": "metal"}, _barrel, (0.8, 0.8),
                   variants=2, words=("barrel", "barrels", "cask", "casks", "keg", "kegs"), material_variants=("default", "weathered")))
register(Archetype("crate", "Crate", TH + ("scifi_corridor", "interior"), {"planks": "planks", "wood": "wood"}, _crate, (0.8, 0.8),
                   variants=2, words=("crate", "crates", "box", "boxes"), material_variants=("default", "weathered")))
register(Archetype("crate_stack", "Crate Stack", TH, {"planks": "planks"}, _crate_stack, (1.3, 0.7),
                   words=("crate stack", "stack of crates", "pile of crates")))
register(Archetype("cart", "Cart", TH, {"wood": "wood", "metal": "metal"}, _cart, (1.5, 3.4), words=("cart", "carts", "wagon", "wagons"),
                   material_variants=("default", "weathered")))
register(Archetype("bench", "Bench", TH + ("forest",), {"wood": "wood"}, _bench, (2.0, 0.5), variants=2,
                   words=("bench", "benches", "seat", "seats"), material_variants=("default", "weathered")))
register(Archetype("hay_bale", "Hay Bale", TH, {"straw": "straw"}, _hay, (1.1, 0.7), words=("hay", "hay bale", "hay bales", "haystack", "bale", "bales")))
