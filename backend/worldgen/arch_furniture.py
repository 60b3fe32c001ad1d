"""Furniture: bedroom, attic and living-room pieces, each with the parts people pick."""

from __future__ import annotations

import numpy as np

from .mesh import cylinder, torus
from .parts import (arc, archetype, bevel_box, bx, extrude, legs, mirror, model, ngon, place, radial, revolve,
                    rod, seg, sweep, tube)

WOOD = ("default", "dark", "warm", "weathered")


def _knobs(xs, y, z, d):
    return [place(revolve([(0.0, 0.0), (0.018, 0.005), (0.02, 0.025), (0.0, 0.03)], max(6, seg(d, 0.5))), (x, y, z), rx=np.pi / 2)
            for x in xs]


@archetype("bed", (1.6, 2.15), {"wood": "wood", "mattress": "cloth", "bedding": "cloth"}, variants=2,
           material_variants=WOOD)
def bed(v, d):
    w = (1.6, 1.0)[v]
    L = 2.1
    frame = [bx(w, 0.25, L, 0, 0.15, 0), bx(w + 0.08, 1.0, 0.06, 0, 0, -L / 2), bx(w + 0.08, 0.6, 0.06, 0, 0, L / 2)]
    frame += legs(w, L, 0.15, 0.08)
    mattress = bevel_box(w - 0.06, 0.22, L - 0.1, 0.04, (0, 0.51, 0))
    pillows = [bevel_box(0.6, 0.12, 0.35, 0.05, (x, 0.68, -L / 2 + 0.28)) for x in ((-0.38, 0.38) if v == 0 else (0.0,))]
    blanket = bevel_box(w, 0.05, L * 0.6, 0.02, (0, 0.64, L * 0.18))
    return model({"wood": frame}, {"Mattress": {"mattress": mattress}, "Pillows": {"bedding": pillows},
                                   "Blanket": {"bedding": blanket}})


@archetype("wardrobe", (1.2, 0.6), {"wood": "wood", "metal": "metal"}, material_variants=WOOD)
def wardrobe(v, d):
    w, h, dp = 1.2, 2.0, 0.6
    carcass = [bx(w, h - 0.1, dp - 0.03, 0, 0.1, -0.015), bevel_box(w + 0.06, 0.08, dp + 0.04, 0.02, (0, h + 0.04, 0))]
    plinth = bx(w - 0.04, 0.1, dp - 0.06, 0, 0, -0.01)
    doors = [bx(w / 2 - 0.01, h - 0.16, 0.025, x, 0.13, dp / 2 - 0.005) for x in (-w / 4, w / 4)]
    panels = [bx(w / 2 - 0.14, h - 0.5, 0.01, x, 0.3, dp / 2 + 0.012) for x in (-w / 4, w / 4)] if d else []
    handles = [rod((x, 1.0, dp / 2 + 0.04), (x, 1.2, dp / 2 + 0.04), 0.008, 6) for x in (-0.05, 0.05)]
    return model({"wood": carcass + [plinth]}, {"Doors": {"wood": doors + panels, "metal": handles}})


@archetype("dresser", (1.1, 0.5), {"wood": "wood", "metal": "metal"}, variants=2, material_variants=WOOD)
def dresser(v, d):
    w, h, dp = (1.1, 0.9, 0.5) if v == 0 else (0.8, 1.2, 0.45)
    rows = 3 if v == 0 else 5
    body = [bx(w, h - 0.1, dp - 0.02, 0, 0.08, -0.01), bevel_box(w + 0.04, 0.04, dp + 0.02, 0.01, (0, h, 0))]
    body += legs(w - 0.04, dp - 0.06, 0.08, 0.05)
    dh = (h - 0.16) / rows
    drawers = [bx(w - 0.06, dh - 0.02, 0.02, 0, 0.1 + i * dh, dp / 2) for i in range(rows)]
    knobs = [k for i in range(rows) for k in _knobs((-w / 4, w / 4), 0.1 + (i + 0.5) * dh, dp / 2 + 0.01, d)]
    return model({"wood": body}, {"Drawers": {"wood": drawers, "metal": knobs}})


@archetype("nightstand", (0.45, 0.4), {"wood": "wood", "metal": "metal"}, material_variants=WOOD)
def nightstand(v, d):
    body = [bx(0.45, 0.45, 0.38, 0, 0.12, -0.01), bevel_box(0.48, 0.03, 0.41, 0.008, (0, 0.585, 0))]
    body += legs(0.42, 0.36, 0.12, 0.04)
    drawer = bx(0.41, 0.16, 0.02, 0, 0.38, 0.19)
    return model({"wood": body}, {"Drawer": {"wood": drawer, "metal": _knobs((0.0,), 0.46, 0.2, d)}})


@archetype("armchair", (0.85, 0.85), {"fabric": "cloth", "wood": "wood"}, variants=2,
           material_variants=("painted_red", "painted_green", "painted_blue", "painted_brown", "default"))
def armchair(v, d):
    w = 0.85
    base = bevel_box(w, 0.3, 0.8, 0.04, (0, 0.27, 0))
    back = bevel_box(w, 0.6 + 0.15 * v, 0.18, 0.05, (0, 0.7 + 0.075 * v, -0.31))
    arms = mirror(bevel_box(0.16, 0.25, 0.8, 0.05, (w / 2 - 0.08, 0.545, 0)))
    cushion = bevel_box(w - 0.34, 0.12, 0.6, 0.04, (0, 0.48, 0.08))
    feet = [cylinder(0.03, 0.12, max(6, seg(d, 0.5)), y0=0.0) for _ in range(1)]
    feet = [place(feet[0], (x, 0, z)) for x in (-0.36, 0.36) for z in (-0.34, 0.34)]
    return model({"fabric": [base, back] + arms, "wood": feet}, {"Cushion": {"fabric": cushion}})


@archetype("rocking_chair", (0.6, 0.95), {"wood": "wood"}, material_variants=WOOD)
def rocking_chair(v, d):
    n = 4 + 2 * d
    seat = bx(0.5, 0.04, 0.48, 0, 0.42, 0)
    legs_ = [rod((x, 0.1, z), (x, 0.44, z), 0.02, 6) for x in (-0.22, 0.22) for z in (-0.2, 0.2)]
    rockers = [tube(arc((x, 1.3, 0.0), 1.25, -np.pi / 2 - 0.4, -np.pi / 2 + 0.4, n, "zy"), 0.02, 6) for x in (-0.22, 0.22)]
    posts = [rod((x, 0.42, -0.22), (x, 1.1, -0.34), 0.022, 6) for x in (-0.22, 0.22)]
    spindles = [rod((x, 0.46, -0.24), (x, 1.0, -0.33), 0.01, 5) for x in np.linspace(-0.15, 0.15, 3 + 2 * min(d, 1))]
    crest = place(bx(0.5, 0.1, 0.03), (0, 0.98, -0.33), rx=-0.17)
    arms = [rod((x, 0.66, -0.25), (x, 0.66, 0.22), 0.02, 6) for x in (-0.25, 0.25)]
    arm_posts = [rod((x, 0.44, 0.2), (x, 0.66, 0.2), 0.015, 6) for x in (-0.25, 0.25)]
    return model({"wood": [seat] + legs_ + posts + spindles + [crest] + arms + arm_posts}, {"Rockers": {"wood": rockers}})


@archetype("trunk", (0.9, 0.5), {"wood": "planks", "metal": "metal", "leather": "leather"}, variants=2,
           material_variants=("default", "weathered", "dark"))
def trunk(v, d):
    w, h, dp = 0.9, 0.4, 0.5
    body = bx(w, h, dp)
    # Barrel-top lid: a half-round outline extruded across the width.
    a = np.linspace(0, np.pi, 3 + 2 * d)
    lid_outline = np.stack([dp / 2 * np.cos(a), 0.12 * np.sin(a)], 1)
    lid = extrude(lid_outline, w, axis="x", center=(0, h, 0)) if v == 0 else bx(w, 0.1, dp, 0, h)
    bands = [bx(0.05, h + 0.01, dp + 0.02, x, -0.005) for x in (-w / 3, w / 3)]
    corners = [bx(0.06, 0.06, 0.06, x, y, z) for x in (-w / 2 + 0.02, w / 2 - 0.02) for y in (0.0, h - 0.06) for z in (-dp / 2 + 0.02, dp / 2 - 0.02)]
    lock = bx(0.08, 0.1, 0.02, 0, h - 0.08, dp / 2 + 0.005)
    straps = [place(tube(arc((0, 0, 0), 0.06, 0, np.pi, 4, "xy"), 0.008, 5), (x, h * 0.55, 0), ry=np.pi / 2) for x in (-w / 2 - 0.01, w / 2 + 0.01)]
    return model({"wood": body, "metal": bands + corners}, {"Lid": {"wood": lid, "metal": lock}, "Handles": {"leather": straps}})


@archetype("mirror", (0.7, 0.5), {"wood": "wood", "glass": "glass"}, material_variants=WOOD)
def mirror_(v, d):
    # A cheval mirror: an oval glass swung between two uprights on splayed feet.
    s = seg(d, 1.5)
    frame = sweep(ngon(0.025, 6), np.array([[0.3 * np.cos(a), 1.0 + 0.6 * np.sin(a), 0.0] for a in np.linspace(0, 2 * np.pi, s, endpoint=False)]), closed=True)
    glass = extrude(ngon(0.29, s, ry=0.59), 0.01, center=(0, 1.0, 0))
    uprights = [rod((x, 0.0, 0), (x, 1.3, 0), 0.02, 6) for x in (-0.34, 0.34)]
    feet = [bx(0.05, 0.04, 0.5, x, 0, 0) for x in (-0.34, 0.34)]
    return model({"wood": uprights + feet}, {"Mirror": {"wood": frame, "glass": glass}})


@archetype("dust_sheet", (1.0, 0.9), {"cloth": "cloth"}, variants=2, material_variants=("default", "weathered", "painted_white"))
def dust_sheet(v, d):
    # Furniture under a sheet: the soft, bevelled shapes of an armchair (v0) or a tall cabinet
    # (v1), a little larger than the furniture, and a hem that flares out onto the floor.
    b = 0.06 if d == 0 else 0.12
    if v == 0:
        shapes = [bevel_box(0.95, 0.5, 0.9, b, (0, 0.3, 0)),  # seat and skirt
                  bevel_box(0.95, 0.62, 0.22, b, (0, 0.85, -0.34)),  # back
                  *mirror(bevel_box(0.2, 0.3, 0.9, b * 0.8, (0.38, 0.6, 0)))]  # arms
        hem = bevel_box(1.05, 0.06, 1.0, 0.02, (0, 0.03, 0))
    else:
        shapes = [bevel_box(1.0, 1.75, 0.6, b, (0, 0.9, 0))]
        hem = bevel_box(1.1, 0.06, 0.7, 0.02, (0, 0.03, 0))
    folds = [bevel_box(0.05, 0.4, 0.05, 0.02, (x, 0.22, z)) for x, z in ((-0.45, 0.46), (0.2, 0.47), (0.5, -0.2))] if d else []
    if v == 1:
        folds = [bevel_box(0.05, 0.9, 0.05, 0.02, (x, 0.45, 0.31)) for x in (-0.3, 0.1, 0.4)] if d else []
    return model({"cloth": shapes + [hem] + folds})


@archetype("stool", (0.4, 0.4), {"wood": "wood"}, variants=2, material_variants=WOOD)
def stool(v, d):
    s = seg(d)
    h = (0.45, 0.7)[v]
    seat = cylinder(0.19, 0.04, s, y0=h - 0.04)
    lg = [rod((0.15 * np.cos(a), 0.0, 0.15 * np.sin(a)), (0.1 * np.cos(a), h - 0.04, 0.1 * np.sin(a)), 0.018, 6)
          for a in np.linspace(0, 2 * np.pi, 4, endpoint=False) + 0.4]
    ring = torus(0.135, 0.01, s, 5, y=h * 0.35)
    return model({"wood": [seat, ring] + lg})


@archetype("desk", (1.3, 0.65), {"wood": "wood", "metal": "metal"}, variants=2, material_variants=WOOD)
def desk(v, d):
    w, dp, h = 1.3, 0.65, 0.75
    top = bevel_box(w, 0.035, dp, 0.01, (0, h - 0.0175, 0))
    pedestal = bx(0.42, h - 0.035, dp - 0.05, w / 2 - 0.23, 0, 0)
    other = bx(0.42, h - 0.035, dp - 0.05, -w / 2 + 0.23, 0, 0) if v == 0 else None
    lg = [] if v == 0 else [bx(0.05, h - 0.035, 0.05, -w / 2 + 0.05, 0, z) for z in (-dp / 2 + 0.05, dp / 2 - 0.05)]
    back = bx(w - 0.1, 0.3, 0.02, 0, h - 0.35, -dp / 2 + 0.03)
    drawers = [bx(0.38, 0.2, 0.02, w / 2 - 0.23, h - 0.26 - i * 0.23, dp / 2 - 0.01) for i in range(3)]
    if other is not None:
        drawers += [bx(0.38, 0.2, 0.02, -w / 2 + 0.23, h - 0.26 - i * 0.23, dp / 2 - 0.01) for i in range(3)]
    knobs = [k for g in drawers for k in _knobs((g.pos[:, 0].mean(),), g.pos[:, 1].mean(), dp / 2 + 0.01, d)]
    return model({"wood": [top, pedestal, back] + ([other] if other is not None else []) + lg},
                 {"Drawers": {"wood": drawers, "metal": knobs}})


@archetype("bookcase", (1.0, 0.32), {"wood": "wood", "books": "leather"}, variants=2, material_variants=WOOD)
def bookcase(v, d):
    w, h, dp = (1.0, 2.1, 0.32) if v == 0 else (0.8, 1.2, 0.3)
    n = 5 if v == 0 else 3
    case = [bx(0.03, h, dp, x, 0, 0) for x in (-w / 2 + 0.015, w / 2 - 0.015)]
    case.append(bx(w - 0.06, h - 0.02, 0.01, 0, 0, -dp / 2 + 0.005))
    ys = np.linspace(0.04, h - 0.03, n + 1)
    boards = [bx(w - 0.06, 0.03, dp - 0.01, 0, y - 0.03, 0.005) for y in ys]
    rng = np.random.default_rng(7 + v)
    books = []
    for y0, y1 in zip(ys[:-1], ys[1:]):
        x = -w / 2 + 0.05
        while x < w / 2 - 0.08:
            t = float(rng.uniform(0.025, 0.05))
            hh = float(min(rng.uniform(0.6, 0.9) * (y1 - y0 - 0.03), 0.32))
            books.append(bx(t - 0.004, hh, dp * 0.75, x + t / 2, y0, 0.02))
            x += t
        if d == 0:
            books = books[: len(books) // 2 + 1]
    return model({"wood": case + boards}, {"Books": {"books": books}})


@archetype("coat_rack", (0.5, 0.5), {"wood": "wood"}, material_variants=WOOD)
def coat_rack(v, d):
    s = seg(d, 0.75)
    pole = revolve([(0.03, 0.0), (0.025, 1.7), (0.04, 1.75), (0.0, 1.8)], s)
    feet = radial(rod((0, 0.12, 0), (0.25, 0.0, 0), 0.018, 6), 4, 0.3)
    hooks = radial(tube([(0.02, 1.55, 0), (0.1, 1.6, 0), (0.13, 1.7, 0)], 0.01, 5, caps=True), 4, 0.3)
    return model({"wood": [pole] + feet}, {"Hooks": {"wood": hooks}})


@archetype("grandfather_clock", (0.55, 0.3), {"wood": "wood", "metal": "metal", "glass": "glass"}, material_variants=WOOD)
def grandfather_clock(v, d):
    s = seg(d, 1.5)
    base = bx(0.55, 0.4, 0.3)
    waist = bx(0.4, 1.0, 0.24, 0, 0.4, 0)
    hood = bx(0.52, 0.55, 0.3, 0, 1.4, 0)
    crown = extrude([(-0.28, 0), (0.28, 0), (0.0, 0.15)], 0.32, center=(0, 1.95, 0))
    face = place(cylinder(0.18, 0.01, s), (0, 1.67, 0.15), rx=np.pi / 2)
    hands = [place(bx(0.01, 0.14, 0.004), (0, 1.67, 0.16), rz=a) for a in (0.5, -1.9)]
    pendulum = [rod((0, 1.35, 0.05), (0, 0.7, 0.05), 0.006, 5), place(cylinder(0.06, 0.012, s), (0, 0.7, 0.05), rx=np.pi / 2)]
    door = bx(0.3, 0.8, 0.01, 0, 0.5, 0.125)
    return model({"wood": [base, waist, hood, crown]}, {"Dial": {"metal": [face] + hands}, "Pendulum": {"metal": pendulum},
                                                       "Door": {"glass": door}})


@archetype("wall_shelf", (1.0, 0.25), {"wood": "wood", "metal": "metal"}, placement="wall", material_variants=WOOD)
def wall_shelf(v, d):
    boards = [bx(1.0, 0.03, 0.25, 0, y, 0.125) for y in (0.0, 0.4)]
    brackets = [extrude([(0, 0), (0.2, 0.0), (0.0, 0.18)], 0.02, axis="x", center=(x, y - 0.18, 0.0))
                for x in (-0.4, 0.4) for y in (0.0, 0.4)]
    return model({"wood": boards, "metal": brackets})


@archetype("cradle", (0.55, 0.95), {"wood": "wood", "bedding": "cloth"}, material_variants=WOOD)
def cradle(v, d):
    n = 4 + 2 * d
    box_ = [bx(0.5, 0.3, 0.02, 0, 0.25, z) for z in (-0.45, 0.45)] + [bx(0.02, 0.3, 0.9, x, 0.25, 0) for x in (-0.24, 0.24)]
    floor = bx(0.5, 0.02, 0.9, 0, 0.25, 0)
    rockers = [tube(arc((x, 0.9, 0), 0.85, -np.pi / 2 - 0.45, -np.pi / 2 + 0.45, n, "zy"), 0.02, 6) for x in (-0.2, 0.2)]
    posts = [rod((x, 0.08, z), (x, 0.3, z), 0.02, 6) for x in (-0.2, 0.2) for z in (-0.35, 0.35)]
    mattress = bevel_box(0.44, 0.06, 0.84, 0.02, (0, 0.3, 0))
    return model({"wood": box_ + [floor] + posts}, {"Rockers": {"wood": rockers}, "Mattress": {"bedding": mattress}})
