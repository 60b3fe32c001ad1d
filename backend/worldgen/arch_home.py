"""Home, library and games-room archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import (arc, archetype, bevel_box, bx, extrude, legs, mirror, model, ngon, place, radial, revolve,
                    rod, rounded_rect, seg, sweep, tube)

WOOD = ("default", "dark", "warm")
FIRE = (1.0, 0.55, 0.25)


@archetype("globe", (0.4, 0.4), {"wood": "wood", "globe": "plaster", "metal": "metal"}, placement="surface", material_variants=WOOD)
def globe(v, d):
    s = seg(d, 1.25)
    stand = revolve([(0.12, 0.0), (0.12, 0.02), (0.03, 0.05), (0.02, 0.2), (0.0, 0.2)], s)
    ball = ellipsoid(0.17, 0.17, 0.17, s, max(4, s // 2), (0, 0.4, 0))
    meridian = place(torus(0.185, 0.008, s, 4), (0, 0.4, 0), rx=np.pi / 2, rz=0.4)
    return model({"wood": stand, "metal": meridian}, {"Globe": {"globe": ball}})


@archetype("lectern", (0.6, 0.5), {"wood": "wood", "book": "leather"}, material_variants=WOOD)
def lectern(v, d):
    s = seg(d)
    base = revolve([(0.25, 0.0), (0.25, 0.05), (0.08, 0.1), (0.0, 0.1)], s)
    column = revolve([(0.08, 0.1), (0.05, 0.2), (0.05, 1.0), (0.08, 1.05), (0.0, 1.05)], s)
    desk = place(extrude([(-0.22, 0.0), (0.22, 0.0), (0.22, 0.04), (-0.22, 0.2)], 0.55, axis="x"), (0, 1.05, 0))
    book = place(bx(0.45, 0.04, 0.32), (0, 1.17, 0.02), rx=-0.35)
    return model({"wood": [base, column, desk]}, {"Book": {"book": book}})


@archetype("book_stack", (0.35, 0.3), {"books": "leather"}, placement="surface")
def book_stack(v, d):
    rng = np.random.default_rng(5)
    y, books = 0.0, []
    for i in range(6):
        w, t, dp = float(rng.uniform(0.22, 0.3)), float(rng.uniform(0.03, 0.06)), float(rng.uniform(0.16, 0.22))
        books.append(place(bx(w, t, dp), (float(rng.uniform(-0.03, 0.03)), y, 0), ry=float(rng.uniform(-0.3, 0.3))))
        y += t
    return model({"books": books})


@archetype("book", (0.24, 0.17), {"cover": "leather", "pages": "matte_paint"}, placement="surface", variants=2)
def book(v, d):
    if v == 1:  # lying open
        pages = [place(bx(0.16, 0.02, 0.23), (x, 0.005, 0), rz=-np.sign(x) * 0.08) for x in (-0.085, 0.085)]
        cover = bx(0.36, 0.006, 0.24)
        return model({"cover": cover, "pages": pages})
    cover = bx(0.24, 0.04, 0.17)
    pages = bx(0.225, 0.032, 0.165, 0.007, 0.004, 0)
    return model({"cover": cover, "pages": pages})


@archetype("scroll", (0.3, 0.1), {"paper": "straw", "wood": "wood"}, placement="surface")
def scroll(v, d):
    s = seg(d)
    roll = place(cylinder(0.035, 0.26, s, y0=-0.13), (0, 0.035, 0), rz=np.pi / 2)
    knobs = [place(cylinder(0.012, 0.04, 6, y0=-0.02), (x, 0.035, 0), rz=np.pi / 2) for x in (-0.15, 0.15)]
    tie = place(torus(0.037, 0.005, s, 4), (0.04, 0.035, 0), rz=np.pi / 2)
    return model({"paper": roll, "wood": knobs + [tie]})


@archetype("reading_chair", (0.8, 0.85), {"leather": "leather", "wood": "wood", "metal": "metal"}, material_variants=("default", "dark", "painted_red", "painted_green"))
def reading_chair(v, d):
    # A wingback: tall back with wings, rolled arms, cushion, turned front legs.
    s = seg(d, 0.75)
    base = bevel_box(0.8, 0.25, 0.75, 0.03, (0, 0.32, 0))
    back = bevel_box(0.8, 0.85, 0.15, 0.04, (0, 0.87, -0.32))
    wings = mirror(extrude([(-0.3, 0.0), (0.05, 0.0), (0.05, 0.25), (-0.3, 0.7)], 0.1, axis="x", center=(0.35, 0.7, 0.0)))
    arms = mirror(place(cylinder(0.07, 0.6, s, y0=-0.3), (0.35, 0.63, 0.05), rx=np.pi / 2))
    cushion = bevel_box(0.56, 0.12, 0.6, 0.04, (0, 0.5, 0.05))
    feet = [place(revolve([(0.025, 0.0), (0.035, 0.05), (0.03, 0.2), (0.0, 0.2)], s), (x, 0, z)) for x in (-0.33, 0.33) for z in (-0.3, 0.3)]
    return model({"leather": [base, back] + wings + arms, "wood": feet}, {"Cushion": {"leather": cushion}})


@archetype("side_table", (0.5, 0.45), {"wood": "wood"}, material_variants=WOOD)
def side_table(v, d):
    s = seg(d, 1.25)
    top = cylinder(0.25, 0.03, s, y0=0.6)
    lg = [place(revolve([(0.02, 0.0), (0.025, 0.3), (0.018, 0.6), (0.0, 0.6)], max(6, s // 2)), (0.17 * np.cos(a), 0, 0.17 * np.sin(a)))
          for a in np.linspace(0, 2 * np.pi, 3, endpoint=False)]
    shelf = cylinder(0.19, 0.02, s, y0=0.2)
    return model({"wood": [top, shelf] + lg})


@archetype("coffee_table", (1.2, 0.6), {"wood": "wood", "glass": "glass"}, variants=2, material_variants=WOOD)
def coffee_table(v, d):
    top = bevel_box(1.2, 0.04, 0.6, 0.01, (0, 0.43, 0)) if v == 0 else bx(1.2, 0.015, 0.6, 0, 0.43, 0)
    lg = legs(1.1, 0.5, 0.41, 0.05)
    shelf = bx(1.05, 0.02, 0.45, 0, 0.12, 0)
    return model({"wood": lg + [shelf] + ([top] if v == 0 else [])}, {"Top": {"glass": top}} if v == 1 else {})


@archetype("dining_table", (2.4, 1.0), {"wood": "wood"}, variants=2, material_variants=WOOD)
def dining_table(v, d):
    L = (2.4, 3.2)[v]
    top = bevel_box(L, 0.05, 1.0, 0.015, (0, 0.75, 0))
    apron = [bx(L - 0.2, 0.1, 0.03, 0, 0.63, z) for z in (-0.42, 0.42)] + [bx(0.03, 0.1, 0.84, x, 0.63, 0) for x in (-L / 2 + 0.1, L / 2 - 0.1)]
    s = max(6, seg(d, 0.75))
    leg = revolve([(0.04, 0.0), (0.035, 0.1), (0.05, 0.3), (0.035, 0.5), (0.04, 0.73), (0.0, 0.73)], s)
    lg = [place(leg, (x, 0, z)) for x in (-L / 2 + 0.12, L / 2 - 0.12) for z in (-0.4, 0.4)]
    return model({"wood": [top] + apron + lg})


@archetype("fireplace", (1.8, 0.6), {"stone": "stone", "wood": "wood", "coal": "bark", "flame": "flame"}, placement="wall",
           material_variants=("default", "weathered", "dark"))
def fireplace(v, d):
    a = np.linspace(np.pi, 0, 3 + 2 * d)
    inner = np.vstack([[[-0.5, 0.0]], np.stack([0.5 * np.cos(a), 0.6 + 0.3 * np.sin(a)], 1), [[0.5, 0.0]]])
    surround = extrude(np.vstack([[[0.9, 0.0], [0.9, 1.3], [-0.9, 1.3], [-0.9, 0.0]], inner]), 0.45, center=(0, 0, 0.225))
    mantel = bevel_box(2.0, 0.08, 0.55, 0.02, (0, 1.34, 0.26))
    back = bx(1.0, 0.9, 0.05, 0, 0.0, 0.05)
    hearth = bx(1.9, 0.05, 0.4, 0, 0.0, 0.65)
    logs = [place(cylinder(0.06, 0.6, 6, y0=-0.3), (0, 0.07 + 0.1 * i, 0.25), ry=np.pi / 2 + (0.3 if i else -0.2), rx=np.pi / 2) for i in range(2)]
    flame = place(cone(0.2, 0.35, 6, y0=0.12), (0, 0, 0.25))
    return model({"stone": [surround, back, hearth], "wood": mantel}, {"Fire": {"coal": logs, "flame": flame}},
                 [Light((0.0, 0.4, 0.35), FIRE, 120.0, 10.0)])


@archetype("dartboard", (0.55, 0.14), {"board": "cloth", "wood": "wood", "metal": "metal"}, placement="wall")
def dartboard(v, d):
    s = seg(d, 2.0)
    board = place(cylinder(0.23, 0.04, s), (0, 1.73, 0.04), rx=np.pi / 2)
    rings = [place(torus(r, 0.003, s, 4), (0, 1.73, 0.082), rx=np.pi / 2) for r in (0.02, 0.1, 0.16, 0.2)]
    cabinet = [bx(0.55, 0.04, 0.06, 0, y, 0.03) for y in (1.46, 1.96)] + [bx(0.04, 0.5, 0.06, x, 1.48, 0.03) for x in (-0.255, 0.255)]
    darts = [rod((x, 1.75, 0.04), (x, 1.76, 0.14), 0.004, 4) for x in (-0.03, 0.02, 0.06)]
    return model({"wood": cabinet}, {"Board": {"board": board, "metal": rings}, "Darts": {"metal": darts}})


@archetype("painting", (1.0, 0.05), {"frame": "wood", "canvas": "matte_paint"}, placement="wall", variants=2,
           material_variants=("default", "dark", "painted_yellow"))
def painting(v, d):
    w, h = ((1.0, 0.75), (0.6, 0.8))[v]
    frame = extrude(np.vstack([[[w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2], [-w / 2, -h / 2], [-w / 2 + 0.07, -h / 2 + 0.07],
                               [-w / 2 + 0.07, h / 2 - 0.07], [w / 2 - 0.07, h / 2 - 0.07], [w / 2 - 0.07, -h / 2 + 0.07]]])[::-1], 0.05,
                    center=(0, 1.6, 0.025))
    canvas = bx(w - 0.12, h - 0.12, 0.015, 0, 1.6 - (h - 0.12) / 2, 0.01)
    return model({"frame": frame}, {"Canvas": {"canvas": canvas}})


@archetype("clock", (0.4, 0.07), {"wood": "wood", "face": "plaster", "metal": "metal"}, placement="wall", material_variants=WOOD)
def clock(v, d):
    s = seg(d, 1.5)
    rim = place(cylinder(0.2, 0.06, s), (0, 1.8, 0.0), rx=np.pi / 2)  # z 0..0.06, face in front
    face = place(cylinder(0.18, 0.005, s), (0, 1.8, 0.06), rx=np.pi / 2)
    hands = [place(bx(0.012, 0.13, 0.004), (0, 1.8, 0.068), rz=a) for a in (0.7, -2.2)]
    ticks = [place(bx(0.01, 0.03, 0.004, 0, 0.14, 0), (0, 1.8, 0.066), rz=a) for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)] if d else []
    return model({"wood": rim}, {"Face": {"face": face, "metal": hands + ticks}})


@archetype("piano", (1.5, 1.1), {"wood": "wood", "keys": "plastic", "metal": "metal"}, material_variants=("painted_black", "dark", "default"))
def piano(v, d):
    # An upright piano with its bench.
    body = bx(1.5, 1.25, 0.35, 0, 0, -0.12)
    keybed = bx(1.5, 0.12, 0.25, 0, 0.62, 0.15)
    white = bx(1.22, 0.02, 0.15, 0, 0.74, 0.2)
    black = [bx(0.012, 0.012, 0.09, x, 0.76, 0.17) for x in np.linspace(-0.58, 0.58, 36 if d else 12)]
    legs_ = [bx(0.06, 0.62, 0.06, x, 0, 0.23) for x in (-0.7, 0.7)]
    lid = bx(1.52, 0.03, 0.38, 0, 1.25, -0.12)
    bench = [bx(0.8, 0.05, 0.35, 0, 0.47, 0.6)] + [bx(0.04, 0.47, 0.04, x, 0, z) for x in (-0.36, 0.36) for z in (0.45, 0.75)]
    pedals = [bx(0.03, 0.01, 0.08, x, 0.05, 0.1) for x in (-0.05, 0.05)]
    return model({"wood": [body, keybed, lid] + legs_, "metal": pedals}, {"Keys": {"keys": [white] + black}, "Bench": {"wood": bench}})


@archetype("television", (1.2, 0.3), {"body": "plastic", "screen": "screen"}, variants=2, material_variants=("painted_black", "painted_grey"))
def television(v, d):
    if v == 1:  # an old CRT set on legs
        box_ = bevel_box(0.6, 0.5, 0.5, 0.05, (0, 0.7, 0))
        screen = bevel_box(0.45, 0.35, 0.02, 0.02, (0, 0.72, 0.25))
        lg = [rod((x, 0.0, z), (x * 0.8, 0.45, z * 0.8), 0.015, 4) for x in (-0.25, 0.25) for z in (-0.2, 0.2)]
        antennas = [rod((0, 0.95, -0.1), (x, 1.35, -0.1), 0.005, 4) for x in (-0.2, 0.2)]
        return model({"body": [box_] + lg + antennas}, {"Screen": {"screen": screen}})
    panel = bevel_box(1.2, 0.7, 0.05, 0.01, (0, 0.45, 0))
    screen = bx(1.15, 0.65, 0.005, 0, 0.125, 0.025)
    stand = [bx(0.05, 0.1, 0.05, 0, 0.02, 0), extrude(rounded_rect(0.4, 0.25, 0.03, 1 + d), 0.02, axis="y", center=(0, 0.01, 0))]
    return model({"body": [panel] + stand}, {"Screen": {"screen": screen}})


@archetype("bathtub", (1.7, 0.8), {"ceramic": "plaster", "metal": "metal", "water": "glass"}, material_variants=("painted_white", "default"))
def bathtub(v, d):
    s = seg(d, 1.5)
    tub = place(revolve([(0.0, 0.1), (0.3, 0.12), (0.45, 0.35), (0.5, 0.6), (0.46, 0.6), (0.42, 0.37), (0.28, 0.16), (0.0, 0.14)], s),
                scale=(1.7, 1.0, 0.8))
    feet = [place(ellipsoid(0.04, 0.06, 0.04, 8, 4), (x, 0.06, z)) for x in (-0.55, 0.55) for z in (-0.22, 0.22)]
    tap = tube([(-0.72, 0.55, 0), (-0.78, 0.75, 0), (-0.68, 0.75, 0)], 0.015, 6)
    water = place(cylinder(0.44, 0.01, s, y0=0.45), scale=(1.68, 1.0, 0.78))
    return model({"ceramic": tub, "metal": feet + [tap]}, {"Water": {"water": water}})


@archetype("toilet", (0.4, 0.7), {"ceramic": "plaster", "seat": "plastic"}, material_variants=("painted_white",))
def toilet(v, d):
    s = seg(d)
    bowl = place(revolve([(0.0, 0.0), (0.12, 0.0), (0.12, 0.2), (0.19, 0.38), (0.17, 0.4), (0.0, 0.36)], s), (0, 0, 0.05), scale=(1.0, 1.0, 1.3))
    tank = bevel_box(0.38, 0.38, 0.18, 0.02, (0, 0.6, -0.25))
    seat = place(torus(0.14, 0.025, s, 5, y=0.41), (0, 0, 0.05), scale=(1.0, 1.0, 1.3))
    lid = place(bx(0.36, 0.02, 0.44), (0, 0.44, 0.07))
    return model({"ceramic": [bowl, tank]}, {"Seat": {"seat": [seat, lid]}})


@archetype("chest", (1.0, 0.6), {"wood": "wood", "metal": "metal", "gold": "metal"}, material_variants=("default", "dark", "weathered"))
def chest(v, d):
    # A treasure chest, lid ajar, coins inside.
    w, dp, h = 1.0, 0.6, 0.45
    body = bx(w, h, dp)
    a = np.linspace(0, np.pi, 3 + 2 * d)
    lid = extrude(np.stack([dp / 2 * np.cos(a), 0.18 * np.sin(a)], 1), w, axis="x")
    lid = place(lid, (0, h + 0.12, -0.05), rx=-0.5)  # propped open on its back hinge
    bands = [bx(0.06, h + 0.01, dp + 0.02, x, -0.005) for x in (-0.35, 0.35)]
    lock = bx(0.1, 0.12, 0.03, 0, h - 0.14, dp / 2)
    coins = ellipsoid(0.4, 0.08, 0.22, 12, 4, (0, h, 0))
    coins.pos[:, 1] = np.maximum(coins.pos[:, 1], h - 0.02)
    return model({"wood": body, "metal": bands + [lock]}, {"Lid": {"wood": lid}, "Treasure": {"gold": coins}})


@archetype("cabinet", (1.2, 0.5), {"wood": "wood", "glass": "glass", "metal": "metal"}, material_variants=WOOD)
def cabinet(v, d):
    base = bx(1.2, 0.9, 0.5)
    top = bx(1.2, 1.1, 0.4, 0, 0.9, -0.05)
    cornice = bevel_box(1.28, 0.08, 0.5, 0.02, (0, 2.04, -0.03))
    doors = [bx(0.58, 0.8, 0.02, x, 0.05, 0.25) for x in (-0.3, 0.3)]
    glass = [bx(0.5, 0.95, 0.02, x, 0.98, 0.15) for x in (-0.29, 0.29)]
    knobs = [place(cylinder(0.015, 0.02, 6), (x, 0.5, 0.27), rx=np.pi / 2) for x in (-0.04, 0.04)]
    return model({"wood": [base, top, cornice]}, {"Doors": {"wood": doors, "glass": glass, "metal": knobs}})


@archetype("suitcase", (0.7, 0.25), {"case": "leather", "metal": "metal"}, variants=2, material_variants=("default", "dark", "painted_brown", "painted_red"))
def suitcase(v, d):
    if v == 1:  # lying flat
        case = bevel_box(0.7, 0.22, 0.48, 0.03, (0, 0.11, 0))
        handle = tube([(-0.08, 0.1, 0.24), (-0.06, 0.1, 0.29), (0.06, 0.1, 0.29), (0.08, 0.1, 0.24)], 0.012, 5)
        return model({"case": case, "metal": handle})
    case = bevel_box(0.7, 0.48, 0.22, 0.03, (0, 0.24, 0))
    handle = tube([(-0.08, 0.47, 0), (-0.06, 0.53, 0), (0.06, 0.53, 0), (0.08, 0.47, 0)], 0.012, 5)
    straps = [bx(0.04, 0.49, 0.23, x, -0.005, 0) for x in (-0.2, 0.2)]
    return model({"case": case, "metal": handle}, {"Straps": {"case": straps}})


@archetype("vase", (0.25, 0.25), {"ceramic": "plaster"}, variants=3, placement="surface",
           material_variants=("painted_blue", "painted_white", "painted_green", "default"))
def vase(v, d):
    s = seg(d, 1.25)
    prof = ([(0.0, 0.0), (0.07, 0.0), (0.12, 0.12), (0.1, 0.28), (0.05, 0.35), (0.06, 0.4), (0.05, 0.4), (0.04, 0.36), (0.0, 0.36)],
            [(0.0, 0.0), (0.05, 0.0), (0.06, 0.1), (0.06, 0.25), (0.045, 0.3), (0.04, 0.3), (0.0, 0.28)],
            [(0.0, 0.0), (0.06, 0.0), (0.12, 0.08), (0.09, 0.16), (0.08, 0.2), (0.07, 0.2), (0.0, 0.17)])[v]
    return model({"ceramic": revolve(prof, s)})


@archetype("plate", (0.26, 0.26), {"ceramic": "plaster"}, placement="surface", material_variants=("painted_white", "painted_blue", "default"))
def plate(v, d):
    s = seg(d, 1.5)
    return model({"ceramic": revolve([(0.0, 0.0), (0.08, 0.0), (0.09, 0.008), (0.13, 0.025), (0.125, 0.028), (0.085, 0.012), (0.0, 0.012)], s)})


@archetype("pot", (0.45, 0.45), {"ceramic": "stone", "soil": "soil", "plant": "foliage"}, variants=2,
           material_variants=("default", "warm", "painted_white"))
def pot(v, d):
    s = seg(d, 1.25)
    h = (0.6, 0.45)[v]
    body = revolve([(0.0, 0.0), (0.15, 0.0), (0.22, h * 0.55), (0.19, h * 0.92), (0.21, h), (0.18, h), (0.0, h - 0.05)], s)
    if v == 1:
        plant = ellipsoid(0.22, 0.25, 0.22, s, max(4, s // 2), (0, h + 0.15, 0))
        return model({"ceramic": body}, {"Plant": {"plant": plant}})
    return model({"ceramic": body})


@archetype("umbrella_stand", (0.3, 0.3), {"metal": "metal", "cloth": "cloth", "wood": "wood"}, material_variants=("default", "dark"))
def umbrella_stand(v, d):
    s = seg(d)
    stand = revolve([(0.0, 0.0), (0.13, 0.0), (0.13, 0.55), (0.12, 0.55), (0.12, 0.02), (0.0, 0.02)], s)
    umbrellas = [tube([(x, 0.05, z), (x * 1.5, 0.85, z * 1.5)], 0.012, 5) for x, z in ((0.05, 0.0), (-0.04, 0.04))]
    folds = [place(cone(0.04, 0.35, 6, y0=0.0), (x * 1.4, 0.5, z * 1.4)) for x, z in ((0.05, 0.0), (-0.04, 0.04))]
    handles = [tube(arc((x * 1.5 + 0.03, 0.85, z * 1.5), 0.03, np.pi, 0.0, 3, "xy"), 0.01, 4) for x, z in ((0.05, 0.0), (-0.04, 0.04))]
    return model({"metal": stand}, {"Umbrellas": {"cloth": folds, "wood": umbrellas + handles}})


@archetype("telescope", (0.7, 1.0), {"brass": "metal", "wood": "wood"}, material_variants=("polished", "default"))
def telescope(v, d):
    s = seg(d)
    tripod = radial(rod((0, 1.0, 0), (0.35, 0.0, 0), 0.02, 5), 3, 0.5)
    tube_ = place(revolve([(0.0, -0.5), (0.04, -0.5), (0.045, 0.2), (0.06, 0.3), (0.065, 0.6), (0.0, 0.6)], s), (0, 1.05, 0), rx=1.0)
    eyepiece = place(cylinder(0.02, 0.1, 6, y0=-0.6), (0, 1.05, 0), rx=1.0)
    return model({"wood": tripod}, {"Tube": {"brass": [tube_, eyepiece]}})


@archetype("bunk_bed", (1.0, 2.1), {"wood": "wood", "mattress": "cloth"}, material_variants=WOOD)
def bunk_bed(v, d):
    posts = [bx(0.07, 1.8, 0.07, x, 0, z) for x in (-0.47, 0.47) for z in (-1.0, 1.0)]
    frames = [bx(1.0, 0.12, 2.07, 0, y, 0) for y in (0.25, 1.15)]
    mattresses = [bevel_box(0.9, 0.15, 1.95, 0.04, (0, y + 0.19, 0)) for y in (0.25, 1.15)]
    rail = [bx(0.04, 0.04, 1.4, 0.48, 1.5, -0.3)]
    ladder = [bx(0.04, 1.4, 0.04, 0.52, 0, z) for z in (0.55, 0.9)] + [bx(0.04, 0.03, 0.35, 0.52, y, 0.725) for y in np.linspace(0.3, 1.3, 4)]
    return model({"wood": posts + frames + rail}, {"Mattresses": {"mattress": mattresses}, "Ladder": {"wood": ladder}})


@archetype("chess_table", (0.8, 0.8), {"wood": "wood", "board": "stone", "pieces": "plastic"}, material_variants=WOOD)
def chess_table(v, d):
    s = seg(d)
    top = bx(0.8, 0.04, 0.8, 0, 0.72, 0)
    column = revolve([(0.3, 0.0), (0.25, 0.04), (0.06, 0.1), (0.05, 0.72), (0.0, 0.72)], s)
    board = bx(0.5, 0.01, 0.5, 0, 0.76, 0)
    piece = revolve([(0.0, 0.0), (0.018, 0.0), (0.01, 0.03), (0.012, 0.045), (0.0, 0.05)], max(5, s // 2))
    pieces = [place(piece, (x, 0.77, z)) for x in np.linspace(-0.22, 0.22, 8 if d else 4) for z in (-0.22, -0.16, 0.16, 0.22)]
    return model({"wood": [top, column], "board": board}, {"Pieces": {"pieces": pieces}})


@archetype("pool_table", (2.6, 1.5), {"wood": "wood", "cloth": "cloth", "balls": "plastic"}, material_variants=WOOD)
def pool_table(v, d):
    body = bx(2.6, 0.25, 1.5, 0, 0.55, 0)
    cushions = [bx(2.6, 0.06, 0.1, 0, 0.8, z) for z in (-0.7, 0.7)] + [bx(0.1, 0.06, 1.3, x, 0.8, 0) for x in (-1.25, 1.25)]
    cloth = bx(2.4, 0.01, 1.3, 0, 0.8, 0)
    lg = [place(revolve([(0.08, 0.0), (0.1, 0.15), (0.06, 0.55), (0.0, 0.55)], max(6, seg(d))), (x, 0, z)) for x in (-1.1, 0.0, 1.1) for z in (-0.6, 0.6)]
    s = max(6, seg(d, 0.5))
    balls = [ellipsoid(0.028, 0.028, 0.028, s, max(3, s // 2), (0.6 + 0.05 * r, 0.838, 0.03 * (k - r / 2))) for r in range(4) for k in range(r + 1)]
    balls.append(ellipsoid(0.028, 0.028, 0.028, s, max(3, s // 2), (-0.6, 0.838, 0)))
    return model({"wood": [body] + cushions + lg}, {"Cloth": {"cloth": cloth}, "Balls": {"balls": balls}})


@archetype("rocking_horse", (0.4, 1.1), {"wood": "wood", "mane": "cloth"}, material_variants=("default", "painted_white", "painted_red"))
def rocking_horse(v, d):
    s = seg(d)
    rockers = [tube(arc((x, 1.5, 0), 1.5, -np.pi / 2 - 0.35, -np.pi / 2 + 0.35, 3 + 2 * d, "zy"), 0.02, 5) for x in (-0.15, 0.15)]
    lg = [rod((x, 0.05, z), (x * 0.5, 0.4, z * 0.6), 0.025, 5) for x in (-0.15, 0.15) for z in (-0.35, 0.35)]
    body = ellipsoid(0.12, 0.12, 0.3, s, max(4, s // 2), (0, 0.48, 0))
    neck = rod((0, 0.5, 0.22), (0, 0.75, 0.32), 0.06, s)
    head = place(ellipsoid(0.06, 0.07, 0.14, s, max(4, s // 2)), (0, 0.78, 0.4), rx=0.4)
    mane = bx(0.02, 0.25, 0.06, 0, 0.55, 0.22)
    tail = rod((0, 0.5, -0.3), (0, 0.35, -0.42), 0.02, 4)
    return model({"wood": [body, neck, head] + lg}, {"Rockers": {"wood": rockers}, "Mane": {"mane": [mane, tail]}})


@archetype("toy_box", (0.7, 0.4), {"wood": "wood", "toys": "plastic"}, material_variants=("painted_blue", "painted_red", "painted_yellow", "default"))
def toy_box(v, d):
    box_ = bx(0.7, 0.4, 0.4)
    lid = place(bx(0.72, 0.03, 0.42, 0, 0, 0.21), (0, 0.4, -0.2), rx=-1.2)  # hinged open at the back
    s = max(6, seg(d, 0.5))
    toys = [ellipsoid(0.08, 0.08, 0.08, s, max(3, s // 2), (-0.15, 0.42, 0.0)), bx(0.1, 0.1, 0.1, 0.1, 0.36, 0.05)]
    return model({"wood": box_}, {"Lid": {"wood": lid}, "Toys": {"toys": toys}})


@archetype("gramophone", (0.4, 0.5), {"wood": "wood", "brass": "metal", "record": "plastic"}, placement="surface", material_variants=WOOD)
def gramophone(v, d):
    s = seg(d)
    base = bevel_box(0.34, 0.14, 0.34, 0.01, (0, 0.07, 0))
    record = cylinder(0.14, 0.005, s, y0=0.14)
    n = 4 + d
    path = [(0.12, 0.14 + 0.3 * t, -0.12 + 0.3 * t ** 2) for t in np.linspace(0, 1, n)]
    horn = sweep(ngon(1.0, s), path, scale=np.linspace(0.02, 0.16, n))
    arm = tube([(0.12, 0.14, -0.12), (0.12, 0.2, 0.0), (0.05, 0.16, 0.05)], 0.008, 5)
    return model({"wood": base}, {"Record": {"record": record}, "Horn": {"brass": [horn, arm]}})


@archetype("typewriter", (0.45, 0.4), {"body": "painted_metal", "keys": "plastic", "paper": "matte_paint"}, placement="surface",
           material_variants=("painted_black", "painted_green", "painted_grey"))
def typewriter(v, d):
    body = extrude([(-0.18, 0.0), (0.18, 0.0), (0.12, 0.12), (-0.05, 0.14), (-0.18, 0.1)], 0.4, axis="x", center=(0, 0, 0))
    platen = place(cylinder(0.03, 0.45, 8, y0=-0.225), (0, 0.15, -0.06), rz=np.pi / 2)
    paper = place(bx(0.22, 0.2, 0.002), (0, 0.15, -0.08), rx=-0.2)
    keys = [place(cylinder(0.008, 0.01, 6), (x, 0.03 + 0.03 * r, 0.13 - 0.04 * r)) for r in range(3) for x in np.linspace(-0.14, 0.14, 10 if d else 5)]
    return model({"body": [body, platen]}, {"Keys": {"keys": keys}, "Paper": {"paper": paper}})


@archetype("old_radio", (0.4, 0.22), {"wood": "wood", "cloth": "cloth", "metal": "metal"}, placement="surface", material_variants=WOOD)
def old_radio(v, d):
    n = 3 + 2 * d
    a = np.linspace(0, np.pi, n)
    outline = np.vstack([[[0.2, 0.0]], np.stack([0.2 * np.cos(a), 0.2 + 0.15 * np.sin(a)], 1), [[-0.2, 0.0]]])
    body = extrude(outline, 0.2)
    grille = extrude(outline * 0.7 + [0, 0.09], 0.01, center=(0, 0, 0.1))
    knobs = [place(cylinder(0.02, 0.02, 8), (x, 0.05, 0.1), rx=np.pi / 2) for x in (-0.1, 0.1)]
    return model({"wood": body}, {"Grille": {"cloth": grille}, "Knobs": {"metal": knobs}})
