"""Kitchen, bakery and tavern archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import (arc, archetype, bevel_box, bx, extrude, mirror, model, place, radial, revolve, rod,
                    rounded_rect, seg, tube)

FIRE = (1.0, 0.55, 0.25)


@archetype("bread_oven", (1.8, 1.6), {"brick": "stone", "metal": "metal", "flame": "flame", "wood": "wood"},
           material_variants=("default", "weathered", "warm"))
def bread_oven(v, d):
    # A domed masonry oven on a square plinth, arched mouth with an iron door, a chimney at the front.
    s = seg(d, 1.5)
    plinth = bevel_box(1.8, 0.9, 1.6, 0.03, (0, 0.45, 0))
    dome = place(revolve([(0.75, 0.0)] + [(0.75 * np.cos(a), 0.75 * np.sin(a)) for a in np.linspace(0.2, np.pi / 2, 2 + d)], s),
                 (0, 0.9, -0.05))
    a = np.linspace(0, np.pi, 3 + 2 * d)
    mouth_outline = np.vstack([[[0.28, 0.0]], np.stack([0.28 * np.cos(a), 0.25 + 0.28 * np.sin(a)], 1)[1:-1], [[-0.28, 0.0]]])
    b = np.linspace(np.pi, 0, 3 + 2 * d)
    inner = np.vstack([[[-0.3, 0.0]], np.stack([0.3 * np.cos(b), 0.25 + 0.3 * np.sin(b)], 1), [[0.3, 0.0]]])
    arch_ = extrude(np.vstack([[[0.45, 0.0], [0.45, 0.68], [-0.45, 0.68], [-0.45, 0.0]], inner]), 0.12, center=(0, 0.9, 0.72))
    door = extrude(mouth_outline, 0.03, center=(0, 0.9, 0.8))
    handle = rod((-0.1, 1.15, 0.84), (0.1, 1.15, 0.84), 0.012, 5)
    chimney = bx(0.3, 0.7, 0.3, 0, 1.5, 0.45)
    glow = bx(0.5, 0.02, 0.6, 0, 0.9, 0.1)
    peel = [rod((0.7, 0.9, 0.8), (0.7, 2.1, 0.85), 0.015, 5), bx(0.25, 0.3, 0.01, 0.7, 0.6, 0.8)]
    return model({"brick": [plinth, dome, arch_, chimney]}, {"Door": {"metal": [door, handle]}, "Fire": {"flame": glow},
                                                               "Peel": {"wood": peel}},
                 [Light((0.0, 1.1, 0.2), FIRE, 40.0, 6.0)])


@archetype("counter", (2.0, 0.7), {"wood": "wood", "top": "stone", "metal": "metal"}, variants=2,
           material_variants=("default", "dark", "painted_white", "painted_green"))
def counter(v, d):
    w = (2.0, 3.0)[v]
    body = bx(w - 0.04, 0.86, 0.62, 0, 0.04, -0.02)
    kick = bx(w - 0.1, 0.08, 0.55, 0, 0, -0.04)
    top = bevel_box(w, 0.05, 0.7, 0.01, (0, 0.925, 0))
    n = int(w / 0.5)
    doors = [bx(w / n - 0.03, 0.7, 0.02, -w / 2 + (i + 0.5) * w / n, 0.12, 0.3) for i in range(n)]
    handles = [rod((g.pos[:, 0].mean(), 0.65, 0.33), (g.pos[:, 0].mean(), 0.75, 0.33), 0.008, 5) for g in doors]
    return model({"wood": [body, kick]}, {"Worktop": {"top": top}, "Doors": {"wood": doors, "metal": handles}})


@archetype("loaf", (0.16, 0.35), {"bread": "straw"}, variants=3, placement="surface")
def loaf(v, d):
    s = seg(d)
    if v == 2:  # a round boule
        g = revolve([(0.0, 0.0), (0.11, 0.005), (0.12, 0.04), (0.09, 0.09), (0.0, 0.11)], s)
        return model({"bread": g})
    L = (0.3, 0.45)[v]  # a tin loaf, a baguette
    g = ellipsoid(0.07 if v == 0 else 0.035, 0.06 if v == 0 else 0.03, L / 2, s, max(4, s // 2), (0, 0.0, 0))
    g.pos[:, 1] = np.maximum(g.pos[:, 1], -0.2 * (0.06 if v == 0 else 0.03))
    g.pos[:, 1] -= g.pos[:, 1].min()
    scores = [place(bx(0.05, 0.01, 0.012), (0, g.pos[:, 1].max() - 0.006, z), ry=0.5) for z in np.linspace(-L / 3, L / 3, 3)] if d else []
    return model({"bread": [g] + scores})


@archetype("bread_basket", (0.45, 0.3), {"wicker": "straw", "bread": "straw"}, placement="surface")
def bread_basket(v, d):
    s = seg(d, 1.5)
    basket = place(revolve([(0.0, 0.0), (0.15, 0.0), (0.2, 0.12), (0.19, 0.12), (0.14, 0.015), (0.0, 0.015)], s),
                   scale=(1.1, 1.0, 0.75))
    rim = place(torus(0.195, 0.012, s, 5, y=0.12), scale=(1.1, 1.0, 0.75))
    loaves = [place(ellipsoid(0.05, 0.04, 0.12, s, max(4, s // 2)), (x, 0.1, 0), ry=r) for x, r in ((-0.08, 0.2), (0.06, -0.15), (0.0, 1.4))]
    return model({"wicker": [basket, rim]}, {"Bread": {"bread": loaves}})


@archetype("flour_sack", (0.5, 0.35), {"cloth": "cloth", "rope": "straw"}, variants=2, material_variants=("default", "weathered", "warm"))
def flour_sack(v, d):
    s = seg(d)
    h = (0.7, 0.5)[v]
    prof = [(0.0, 0.0), (0.2, 0.01), (0.25, 0.08), (0.26, h * 0.5), (0.22, h * 0.8), (0.08, h * 0.9), (0.07, h), (0.1, h + 0.06), (0.0, h + 0.07)]
    body = place(revolve(prof, s), scale=(1.0, 1.0, 0.7))
    tie = place(torus(0.075, 0.012, s, 5, y=h * 0.92), scale=(1.0, 1.0, 0.7))
    return model({"cloth": body, "rope": tie})


@archetype("stove", (0.9, 0.65), {"metal": "painted_metal", "iron": "metal", "flame": "flame"}, variants=2,
           material_variants=("painted_black", "painted_white", "painted_red", "default"))
def stove(v, d):
    s = seg(d)
    if v == 1:  # a pot-bellied iron stove with its flue
        body = revolve([(0.0, 0.15), (0.22, 0.16), (0.3, 0.45), (0.26, 0.8), (0.12, 0.9), (0.0, 0.9)], s)
        feet = radial(bx(0.05, 0.16, 0.05, 0.2, 0, 0), 3)
        flue = cylinder(0.07, 1.4, s // 2, y0=0.9)
        door = place(cylinder(0.1, 0.02, s), (0, 0.45, 0.28), rx=np.pi / 2)
        return model({"metal": [body, flue] + feet}, {"Door": {"iron": door}})
    body = bx(0.9, 0.88, 0.62, 0, 0.02, 0)
    top = bx(0.9, 0.04, 0.65, 0, 0.9, 0)
    burners = [place(torus(0.08, 0.012, s, 5), (x, 0.945, z)) for x in (-0.22, 0.22) for z in (-0.15, 0.15)]
    door = bx(0.7, 0.45, 0.03, 0, 0.15, 0.315)
    window = bx(0.45, 0.22, 0.01, 0, 0.26, 0.335)
    knobs = [place(cylinder(0.02, 0.03, 8), (x, 0.78, 0.31), rx=np.pi / 2) for x in np.linspace(-0.3, 0.3, 4)]
    backsplash = bx(0.9, 0.12, 0.04, 0, 0.94, -0.3)
    return model({"metal": [body, top, backsplash]}, {"Hob": {"iron": burners + knobs}, "Oven Door": {"metal": door, "iron": window}})


@archetype("sink", (0.8, 0.6), {"cabinet": "wood", "basin": "metal", "top": "stone"}, material_variants=("default", "painted_white", "dark"))
def sink(v, d):
    s = seg(d)
    cab = bx(0.78, 0.84, 0.58, 0, 0.02, 0)
    top = bx(0.8, 0.04, 0.6, 0, 0.86, 0)
    basin = place(revolve([(0.0, -0.18), (0.18, -0.17), (0.2, 0.0), (0.22, 0.01), (0.18, 0.01), (0.16, -0.15), (0.0, -0.16)], s), (0, 0.905, 0.02), scale=(1.3, 1.0, 1.0))
    tap = [rod((0, 0.9, -0.24), (0, 1.15, -0.24), 0.015, 6), rod((0, 1.15, -0.24), (0, 1.12, -0.08), 0.012, 6)]
    doors = [bx(0.37, 0.7, 0.02, x, 0.1, 0.29) for x in (-0.19, 0.19)]
    return model({"cabinet": [cab] + doors, "top": top}, {"Basin": {"basin": [basin] + tap}})


@archetype("fridge", (0.7, 0.7), {"body": "painted_metal", "metal": "metal"}, material_variants=("painted_white", "painted_grey", "default"))
def fridge(v, d):
    body = bevel_box(0.7, 1.8, 0.65, 0.03, (0, 0.9, -0.02))
    doors = [bevel_box(0.68, 1.12, 0.05, 0.015, (0, 0.6, 0.31)), bevel_box(0.68, 0.6, 0.05, 0.015, (0, 1.48, 0.31))]
    handles = [rod((0.28, y0, 0.37), (0.28, y1, 0.37), 0.012, 6) for y0, y1 in ((0.8, 1.1), (1.25, 1.45))]
    return model({"body": body}, {"Doors": {"body": doors, "metal": handles}})


@archetype("cooking_pot", (0.35, 0.3), {"metal": "metal"}, placement="surface", material_variants=("default", "dark", "polished"))
def cooking_pot(v, d):
    s = seg(d, 1.25)
    pot = revolve([(0.0, 0.0), (0.14, 0.0), (0.15, 0.02), (0.15, 0.18), (0.14, 0.18), (0.14, 0.02), (0.0, 0.02)], s)
    lid = revolve([(0.155, 0.18), (0.12, 0.2), (0.02, 0.21), (0.025, 0.24), (0.0, 0.245)], s)
    handles = mirror(place(torus(0.035, 0.008, 8, 4), (0.16, 0.15, 0), rz=np.pi / 2))
    return model({"metal": [pot] + handles}, {"Lid": {"metal": lid}})


@archetype("kettle", (0.25, 0.2), {"metal": "metal", "handle": "plastic"}, placement="surface",
           material_variants=("default", "polished", "painted_red", "dark"))
def kettle(v, d):
    s = seg(d)
    body = revolve([(0.0, 0.0), (0.09, 0.0), (0.1, 0.06), (0.08, 0.15), (0.03, 0.17), (0.0, 0.18)], s)
    spout = tube([(0.07, 0.05, 0), (0.12, 0.1, 0), (0.15, 0.15, 0)], 0.015, 6)
    handle = tube(arc((0, 0.17, 0), 0.07, 0.2, np.pi - 0.2, 3 + d, "xy"), 0.01, 6)
    return model({"metal": [body, spout]}, {"Handle": {"handle": handle}})


@archetype("cutting_board", (0.45, 0.3), {"wood": "wood"}, placement="surface", material_variants=("default", "warm"))
def cutting_board(v, d):
    board = extrude(rounded_rect(0.4, 0.28, 0.03, 1 + d), 0.025, axis="y", center=(0, 0.0125, 0))
    handle = extrude(rounded_rect(0.1, 0.08, 0.03, 1 + d), 0.025, axis="y", center=(0.23, 0.0125, 0))
    return model({"wood": [board, handle]})


@archetype("tankard", (0.15, 0.11), {"metal": "metal", "wood": "wood"}, placement="surface", variants=2,
           material_variants=("default", "dark", "polished"))
def tankard(v, d):
    s = seg(d)
    cup = revolve([(0.0, 0.0), (0.05, 0.0), (0.045, 0.15), (0.04, 0.15), (0.04, 0.01), (0.0, 0.01)], s)
    handle = tube(arc((0.05, 0.08, 0), 0.045, -np.pi / 2 + 0.2, np.pi / 2 - 0.2, 2 + d, "xy"), 0.008, 5)
    hoops = [torus(0.05, 0.004, s, 4, y=y) for y in (0.03, 0.12)] if v == 1 else []
    if v == 1:  # a wooden stein with metal hoops
        return model({"wood": cup, "metal": [handle] + hoops})
    return model({"metal": [cup, handle]})


@archetype("wine_bottle", (0.08, 0.08), {"glass": "glass", "label": "plastic", "cork": "wood"}, placement="surface",
           material_variants=("default",))
def wine_bottle(v, d):
    s = seg(d)
    body = revolve([(0.0, 0.0), (0.037, 0.0), (0.038, 0.2), (0.03, 0.24), (0.013, 0.27), (0.013, 0.3), (0.0, 0.3)], s)
    label = revolve([(0.0385, 0.08), (0.0385, 0.16)], s)
    cork = cylinder(0.011, 0.02, s // 2, y0=0.3)
    return model({"glass": body, "label": label, "cork": cork})


@archetype("wine_rack", (1.0, 0.35), {"wood": "wood", "glass": "glass"}, material_variants=("default", "dark"))
def wine_rack(v, d):
    cols, rows = 5, 6
    frame = [bx(0.03, 1.4, 0.35, x, 0, 0) for x in np.linspace(-0.5, 0.5, cols + 1)]
    shelves = [bx(1.0, 0.02, 0.35, 0, y, 0) for y in np.linspace(0.0, 1.4, rows + 1)]
    s = max(6, seg(d, 0.75))
    bottle = place(revolve([(0.0, 0.0), (0.037, 0.0), (0.037, 0.2), (0.013, 0.27), (0.0, 0.3)], s), rx=np.pi / 2)
    bottles = [place(bottle, (x, y + 0.06, -0.13)) for x in np.linspace(-0.4, 0.4, cols) for y in np.linspace(0.02, 1.4 - 0.21, rows)]
    return model({"wood": frame + shelves}, {"Bottles": {"glass": bottles if d else bottles[::3]}})


@archetype("bar_stool", (0.4, 0.4), {"wood": "wood", "metal": "metal", "seat": "leather"}, material_variants=("default", "dark"))
def bar_stool(v, d):
    s = seg(d)
    seat = revolve([(0.0, 0.74), (0.19, 0.74), (0.2, 0.78), (0.17, 0.8), (0.0, 0.8)], s)
    post = cylinder(0.03, 0.74, s // 2)
    base = cylinder(0.2, 0.03, s)
    foot = torus(0.18, 0.012, s, 5, y=0.3)
    spokes = radial(rod((0, 0.3, 0), (0.18, 0.3, 0), 0.008, 4), 3)
    return model({"metal": [post, base, foot] + spokes}, {"Seat": {"seat": seat}})


@archetype("cauldron", (0.8, 0.8), {"metal": "metal", "brew": "foliage", "wood": "bark"}, material_variants=("default", "dark", "rusty"))
def cauldron(v, d):
    s = seg(d, 1.25)
    body = revolve([(0.0, 0.1)] + [(0.35 * np.sin(a), 0.45 - 0.35 * np.cos(a)) for a in np.linspace(0.3, np.pi * 0.72, 3 + d)] +
                   [(0.3, 0.78), (0.33, 0.8), (0.29, 0.8), (0.0, 0.72)], s)
    feet = [place(cone(0.05, 0.16, 6), (0.2 * np.cos(a), 0.0, 0.2 * np.sin(a))) for a in (0.0, 2.1, 4.2)]
    brew = cylinder(0.27, 0.01, s, y0=0.7)
    bubbles = [place(ellipsoid(0.04, 0.03, 0.04, 6, 3), (x, 0.72, z)) for x, z in ((0.1, 0.05), (-0.08, -0.1), (0.0, 0.12))]
    logs = [place(rod((-0.35, 0.05, 0), (0.35, 0.05, 0), 0.05, 6), ry=a) for a in (0.3, 1.9)]
    return model({"metal": [body] + feet}, {"Brew": {"brew": [brew] + bubbles}, "Firewood": {"wood": logs}})


@archetype("cupboard", (1.0, 0.45), {"wood": "wood", "glass": "glass", "metal": "metal"}, material_variants=("default", "dark", "painted_white", "painted_green"))
def cupboard(v, d):
    # A kitchen dresser: closed base, open plate shelves above.
    base = bx(1.0, 0.85, 0.45)
    top = bevel_box(1.04, 0.03, 0.48, 0.008, (0, 0.865, 0))
    sides = [bx(0.03, 1.1, 0.28, x, 0.88, -0.085) for x in (-0.485, 0.485)]
    back = bx(0.94, 1.1, 0.02, 0, 0.88, -0.215)
    shelves = [bx(0.94, 0.02, 0.26, 0, y, -0.085) for y in (1.25, 1.6, 1.96)]
    doors = [bx(0.48, 0.7, 0.02, x, 0.08, 0.23) for x in (-0.25, 0.25)]
    plates = [place(cylinder(0.1, 0.012, max(6, seg(d)), y0=-0.006), (x, y + 0.11, -0.17), rx=1.35) for y in (1.25, 1.6) for x in np.linspace(-0.33, 0.33, 4)]
    knobs = [place(cylinder(0.015, 0.02, 6), (x, 0.6, 0.24), rx=np.pi / 2) for x in (-0.05, 0.05)]
    return model({"wood": [base, top, back] + sides + shelves}, {"Doors": {"wood": doors, "metal": knobs}, "Plates": {"glass": plates}})


@archetype("display_case", (1.4, 0.6), {"wood": "wood", "glass": "glass", "goods": "straw"}, material_variants=("default", "dark", "painted_white"))
def display_case(v, d):
    base = bx(1.4, 0.8, 0.6)
    glass = bx(1.36, 0.4, 0.56, 0, 0.8, 0)
    frame = [bx(0.03, 0.42, 0.03, x, 0.8, z) for x in (-0.685, 0.685) for z in (-0.285, 0.285)] + [bevel_box(1.42, 0.03, 0.62, 0.01, (0, 1.215, 0))]
    s = seg(d)
    pastries = [place(revolve([(0.0, 0.0), (0.05, 0.0), (0.05, 0.02), (0.03, 0.04), (0.0, 0.045)], s), (x, 0.82, z))
                for x in np.linspace(-0.5, 0.5, 5) for z in (-0.1, 0.1)]
    return model({"wood": [base] + frame}, {"Glass": {"glass": glass}, "Pastries": {"goods": pastries}})
