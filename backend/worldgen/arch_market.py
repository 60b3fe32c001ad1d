"""Market, shop, camp, school and temple archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import (arc, archetype, bevel_box, bx, extrude, legs, mirror, model, ngon, place, radial, revolve,
                    rod, rounded_rect, seg, sweep, tube)

WOOD = ("default", "dark", "weathered")
CLOTH = ("painted_red", "painted_blue", "painted_green", "painted_yellow", "painted_white")
WARM = (1.0, 0.8, 0.55)


@archetype("awning", (3.0, 1.5), {"cloth": "cloth", "metal": "metal"}, placement="wall", material_variants=CLOTH)
def awning(v, d):
    canopy = place(bx(3.0, 0.02, 1.5, 0, 0, 0.75), (0, 2.6, 0.0), rx=0.35)
    valance = [extrude([(-0.15, 0.0), (0.15, 0.0), (0.0, -0.18)], 0.02, center=(x, 2.6 - 1.5 * np.sin(0.35), 1.5 * np.cos(0.35)))
               for x in np.linspace(-1.35, 1.35, 10 if d else 5)]
    arms = [rod((x, 2.0, 0.0), (x, 2.6 - 1.5 * np.sin(0.35), 1.5 * np.cos(0.35)), 0.015, 5) for x in (-1.4, 1.4)]
    return model({"cloth": [canopy] + valance}, {"Arms": {"metal": arms}})


@archetype("backpack", (0.4, 0.3), {"cloth": "cloth", "strap": "leather", "metal": "metal"}, material_variants=CLOTH + ("default",))
def backpack(v, d):
    body = bevel_box(0.38, 0.55, 0.22, 0.07, (0, 0.275, 0))
    pocket = bevel_box(0.28, 0.2, 0.08, 0.03, (0, 0.18, 0.13))
    flap = place(bevel_box(0.36, 0.04, 0.26, 0.015), (0, 0.56, 0.02), rx=0.15)
    straps = [tube([(x, 0.5, -0.11), (x, 0.35, -0.16), (x, 0.1, -0.12)], 0.015, 4) for x in (-0.1, 0.1)]
    roll = place(cylinder(0.06, 0.4, max(6, seg(d)), y0=-0.2), (0, 0.62, 0), rz=np.pi / 2)
    return model({"cloth": [body, pocket, flap]}, {"Straps": {"strap": straps}, "Bedroll": {"cloth": roll}})


@archetype("bar_counter", (3.0, 0.8), {"wood": "wood", "top": "wood", "metal": "metal"}, material_variants=WOOD)
def bar_counter(v, d):
    L = 3.0
    front = bx(L, 1.05, 0.6)
    top = bevel_box(L + 0.1, 0.06, 0.8, 0.02, (0, 1.08, 0.05))
    panels = [bx(L / 6 - 0.1, 0.7, 0.02, x, 0.2, 0.3) for x in np.linspace(-L / 2 + L / 12, L / 2 - L / 12, 6)] if d else []
    foot_rail = rod((-L / 2, 0.2, 0.4), (L / 2, 0.2, 0.4), 0.025, 6)
    taps = [rod((x, 1.11, -0.1), (x, 1.4, -0.1), 0.015, 6) for x in (-0.3, 0.0, 0.3)]
    return model({"wood": [front] + panels, "top": top, "metal": foot_rail}, {"Taps": {"metal": taps}})


@archetype("basket", (0.5, 0.5), {"wicker": "straw", "goods": "plastic"}, variants=2, material_variants=("default", "warm"))
def basket(v, d):
    s = seg(d, 1.25)
    body = revolve([(0.0, 0.0), (0.18, 0.0), (0.24, 0.3), (0.22, 0.3), (0.16, 0.02), (0.0, 0.02)], s)
    rim = torus(0.235, 0.015, s, 5, y=0.3)
    if v == 1:  # with a handle and apples
        handle = tube(arc((0, 0.3, 0), 0.22, 0.1, np.pi - 0.1, 3 + d, "xy"), 0.012, 5)
        apples = [ellipsoid(0.05, 0.05, 0.05, 8, 4, (x, 0.3, z)) for x, z in ((-0.08, 0.0), (0.06, 0.05), (0.02, -0.08))]
        return model({"wicker": [body, rim, handle]}, {"Goods": {"goods": apples}})
    return model({"wicker": [body, rim]})


@archetype("bedroll", (0.8, 1.9), {"cloth": "cloth", "strap": "leather"}, material_variants=CLOTH)
def bedroll(v, d):
    mat = bevel_box(0.75, 0.06, 1.6, 0.02, (0, 0.03, 0.1))
    roll = place(cylinder(0.12, 0.75, seg(d), y0=-0.375), (0, 0.12, -0.78), rz=np.pi / 2)
    pillow = bevel_box(0.45, 0.08, 0.25, 0.03, (0, 0.1, 0.7))
    return model({"cloth": [mat, roll]}, {"Pillow": {"cloth": pillow}})


@archetype("bell", (0.8, 0.8), {"bronze": "metal", "wood": "wood"}, placement="ceiling", material_variants=("default", "polished", "dark"))
def bell(v, d):
    s = seg(d, 1.5)
    body = revolve([(0.0, 0.05), (0.4, 0.0), (0.38, 0.06), (0.28, 0.25), (0.22, 0.6), (0.18, 0.72), (0.0, 0.75)], s)
    clapper = [rod((0, 0.1, 0), (0, 0.6, 0), 0.015, 5), ellipsoid(0.05, 0.05, 0.05, 8, 4, (0, 0.12, 0))]
    yoke = [bx(0.9, 0.1, 0.12, 0, 0.75, 0), rod((0, 0.85, 0), (0, 1.0, 0), 0.03, 6)]
    return model({"bronze": body}, {"Clapper": {"bronze": clapper}, "Yoke": {"wood": yoke}})


@archetype("birdcage", (0.35, 0.35), {"metal": "metal", "wood": "wood"}, placement="surface", material_variants=("default", "polished"))
def birdcage(v, d):
    s = seg(d)
    base = cylinder(0.17, 0.03, s)
    bars = [rod((0.16 * np.cos(a), 0.03, 0.16 * np.sin(a)), (0.16 * np.cos(a), 0.45, 0.16 * np.sin(a)), 0.004, 3)
            for a in np.linspace(0, 2 * np.pi, 12 if d else 8, endpoint=False)]
    dome = [tube(arc((0, 0.45, 0), 0.16, 0.0, np.pi, 4 + d, "xy"), 0.005, 4), place(tube(arc((0, 0.45, 0), 0.16, 0.0, np.pi, 4 + d, "xy"), 0.005, 4), ry=np.pi / 2)]
    ring = place(torus(0.04, 0.006, 8, 4), (0, 0.65, 0), rx=np.pi / 2)
    rings = [torus(0.16, 0.006, s, 4, y=y) for y in (0.2, 0.45)]
    perch = rod((-0.15, 0.22, 0), (0.15, 0.22, 0), 0.008, 4)
    return model({"metal": bars + dome + rings + [ring]}, {"Base": {"wood": [base, perch]}})


@archetype("bottle_rack", (1.8, 0.3), {"wood": "wood", "glass": "glass"}, placement="wall", material_variants=WOOD)
def bottle_rack(v, d):
    shelves = [bx(1.8, 0.03, 0.28, 0, y, 0.14) for y in (0.0, 0.4, 0.8)]
    s = max(6, seg(d, 0.75))
    bottle = revolve([(0.0, 0.0), (0.035, 0.0), (0.035, 0.2), (0.012, 0.27), (0.012, 0.3), (0.0, 0.3)], s)
    bottles = [place(bottle, (x, y + 0.03, 0.14)) for y in (0.0, 0.4) for x in np.linspace(-0.8, 0.8, 12 if d else 6)]
    brackets = [bx(0.03, 0.8, 0.03, x, 0.0, 0.015) for x in (-0.85, 0.85)]
    return model({"wood": shelves + brackets}, {"Bottles": {"glass": bottles}})


@archetype("cake", (0.3, 0.3), {"cake": "plaster", "icing": "plastic", "plate": "metal"}, placement="surface", material_variants=("default", "painted_pink", "painted_white"))
def cake(v, d):
    s = seg(d, 1.25)
    plate = cylinder(0.16, 0.01, s)
    tiers = [cylinder(0.13, 0.08, s, y0=0.01), cylinder(0.09, 0.07, s, y0=0.09)]
    icing = [torus(0.13, 0.012, s, 4, y=0.09), torus(0.09, 0.01, s, 4, y=0.16)]
    cherries = [ellipsoid(0.015, 0.015, 0.015, 6, 3, (0.06 * np.cos(a), 0.17, 0.06 * np.sin(a))) for a in np.linspace(0, 2 * np.pi, 6, endpoint=False)]
    return model({"cake": tiers, "plate": plate}, {"Icing": {"icing": icing + cherries}})


@archetype("campaign_tent", (5.0, 5.0), {"cloth": "cloth", "wood": "wood", "rope": "straw"}, material_variants=CLOTH)
def campaign_tent(v, d):
    s = seg(d, 1.5)
    wall = revolve([(2.4, 0.0), (2.4, 1.6), (2.35, 1.6), (2.35, 0.0)], s)
    roof = revolve([(2.6, 1.5), (0.05, 3.4), (0.0, 3.4)], s)
    pole = cylinder(0.05, 3.8, 6)
    flag = extrude([(0.0, 0.0), (0.5, 0.12), (0.0, 0.25)], 0.01, center=(0.0, 3.5, 0.0))
    door = extrude([(-0.5, 0.0), (0.5, 0.0), (0.0, 1.6)], 0.02, center=(0, 0, 2.42))
    ropes = radial(rod((2.6, 1.5, 0), (3.2, 0.0, 0), 0.01, 3), 6)
    return model({"cloth": [wall, roof]}, {"Pole": {"wood": pole, "cloth": flag}, "Door Flap": {"cloth": door}, "Guy Ropes": {"rope": ropes}})


@archetype("cannonball_pile", (0.6, 0.6), {"metal": "metal"}, material_variants=("default", "rusty", "dark"))
def cannonball_pile(v, d):
    s = seg(d)
    r = 0.08
    balls = []
    for layer, n in enumerate((4, 3, 2, 1)):
        off = (n - 1) * r
        for i in range(n):
            for j in range(n):
                balls.append(ellipsoid(r, r, r, s, max(3, s // 2), (i * 2 * r - off, r + layer * r * 1.41, j * 2 * r - off)))
    return model({"metal": balls})


@archetype("cash_register", (0.4, 0.4), {"body": "painted_metal", "keys": "plastic", "screen": "screen"}, placement="surface",
           material_variants=("painted_grey", "painted_black", "default"))
def cash_register(v, d):
    drawer = bx(0.4, 0.1, 0.4)
    body = extrude([(-0.2, 0.0), (0.2, 0.0), (0.05, 0.15), (-0.2, 0.2)], 0.38, axis="x", center=(0, 0.1, 0))
    keys = [place(bx(0.03, 0.015, 0.03), (x, 0.17 + 0.03 * r, 0.1 - 0.04 * r), rx=0.8) for r in range(3) for x in np.linspace(-0.1, 0.1, 4)]
    display = place(bx(0.18, 0.08, 0.02), (0, 0.32, -0.15), rx=-0.3)
    return model({"body": [drawer, body]}, {"Keys": {"keys": keys}, "Display": {"screen": display}})


@archetype("chalkboard", (1.8, 0.06), {"board": "matte_paint", "frame": "wood"}, placement="wall", material_variants=("painted_black", "painted_green"))
def chalkboard(v, d):
    board = bx(1.8, 1.1, 0.015, 0, 0.9, 0.01)
    frame = [bx(1.86, 0.04, 0.03, 0, y, 0.015) for y in (0.88, 2.0)] + [bx(0.03, 1.1, 0.03, x, 0.9, 0.015) for x in (-0.915, 0.915)]
    ledge = bx(1.8, 0.02, 0.06, 0, 0.86, 0.03)
    return model({"board": board, "frame": frame + [ledge]})


@archetype("cheese_wheel", (0.4, 0.4), {"cheese": "plastic", "rind": "plastic"}, placement="surface", material_variants=("painted_yellow", "painted_orange"))
def cheese_wheel(v, d):
    s = seg(d, 1.5)
    wheel = revolve([(0.0, 0.0), (0.18, 0.0), (0.2, 0.06), (0.18, 0.12), (0.0, 0.12)], s)
    return model({"cheese": wheel})


@archetype("clothes_rack", (1.5, 0.5), {"metal": "metal", "clothes": "cloth"}, material_variants=("default",))
def clothes_rack(v, d):
    uprights = [rod((x, 0.05, 0), (x, 1.6, 0), 0.015, 6) for x in (-0.7, 0.7)]
    rail = rod((-0.72, 1.6, 0), (0.72, 1.6, 0), 0.015, 6)
    feet = [bx(0.05, 0.05, 0.5, x, 0, 0) for x in (-0.7, 0.7)]
    clothes = [extrude([(-0.22, 0.0), (0.22, 0.0), (0.22, 0.7), (0.1, 0.8), (-0.1, 0.8), (-0.22, 0.7)], 0.05, axis="x", center=(x, 0.75, 0))
               for x in np.linspace(-0.55, 0.55, 8 if d else 4)]
    return model({"metal": uprights + feet + [rail]}, {"Clothes": {"clothes": clothes}})


@archetype("conference_table", (3.6, 1.3), {"wood": "wood", "metal": "metal"}, material_variants=WOOD)
def conference_table(v, d):
    top = extrude(rounded_rect(3.6, 1.3, 0.6, 2 + d), 0.05, axis="y", center=(0, 0.735, 0))
    bases = [bevel_box(0.2, 0.7, 0.8, 0.03, (x, 0.35, 0)) for x in (-1.1, 1.1)]
    return model({"wood": top, "metal": bases})


@archetype("cot", (0.8, 2.0), {"cloth": "cloth", "wood": "wood"}, material_variants=CLOTH)
def cot(v, d):
    rails = [rod((x, 0.45, -1.0), (x, 0.45, 1.0), 0.02, 5) for x in (-0.35, 0.35)]
    crosses = [rod((-0.35, 0.45, z), (0.35, 0.0, z + 0.1), 0.015, 4) for z in (-0.8, 0.0, 0.8)] + [rod((0.35, 0.45, z), (-0.35, 0.0, z + 0.1), 0.015, 4) for z in (-0.8, 0.0, 0.8)]
    canvas = bx(0.7, 0.02, 1.95, 0, 0.44, 0)
    return model({"wood": rails + crosses}, {"Canvas": {"cloth": canvas}})


@archetype("crate_open", (0.8, 0.8), {"planks": "planks", "wood": "wood", "straw": "straw"}, material_variants=("default", "weathered"))
def crate_open(v, d):
    e = 0.8
    walls = [bx(e, 0.6, 0.03, 0, 0, z) for z in (-e / 2 + 0.015, e / 2 - 0.015)] + [bx(0.03, 0.6, e - 0.06, x, 0, 0) for x in (-e / 2 + 0.015, e / 2 - 0.015)]
    floor = bx(e - 0.06, 0.03, e - 0.06)
    lid = place(bx(e, 0.03, e), (0.15, 0.3, 0.6), rx=-1.2)
    straw = bx(e - 0.08, 0.04, e - 0.08, 0, 0.5, 0)
    return model({"planks": walls + [floor]}, {"Lid": {"planks": lid}, "Packing": {"straw": straw}})


@archetype("cushion", (0.45, 0.45), {"cloth": "cloth"}, placement="surface", material_variants=CLOTH)
def cushion(v, d):
    g = bevel_box(0.45, 0.14, 0.45, 0.06, (0, 0.07, 0))
    return model({"cloth": g})


@archetype("driftwood", (2.0, 0.5), {"wood": "wood"}, material_variants=("weathered", "default"))
def driftwood(v, d):
    s = max(5, seg(d, 0.75))
    trunk = sweep(ngon(1.0, s), [(-1.0, 0.12, 0), (-0.3, 0.15, 0.1), (0.4, 0.12, -0.05), (1.0, 0.1, 0.1)], scale=[0.12, 0.11, 0.09, 0.05])
    branch = sweep(ngon(1.0, s), [(0.0, 0.15, 0.0), (0.3, 0.2, 0.3), (0.5, 0.18, 0.45)], scale=[0.05, 0.035, 0.015])
    trunk.pos[:, 1] = np.maximum(trunk.pos[:, 1], 0.0)
    return model({"wood": [trunk, branch]})


@archetype("dumpster", (2.0, 1.2), {"body": "painted_metal", "lid": "plastic", "metal": "metal"}, material_variants=("painted_green", "painted_blue", "rusty"))
def dumpster(v, d):
    body = extrude([(-0.6, 0.15), (0.55, 0.15), (0.6, 1.3), (-0.6, 1.2)], 2.0, axis="x")
    lids = [place(bx(0.98, 0.04, 1.25), (x, 1.25, 0.0), rx=-0.05) for x in (-0.5, 0.5)]
    wheels = [place(cylinder(0.07, 0.05, 8, y0=-0.025), (x, 0.07, z), rz=np.pi / 2) for x in (-0.85, 0.85) for z in (-0.45, 0.45)]
    return model({"body": body, "metal": wheels}, {"Lids": {"lid": lids}})


@archetype("fence_gate", (1.2, 0.12), {"wood": "wood", "metal": "metal"}, material_variants=("default", "weathered", "painted_white"))
def fence_gate(v, d):
    posts = [bx(0.12, 1.3, 0.12, x, 0, 0) for x in (-0.66, 0.66)]
    frame = [bx(1.15, 0.08, 0.04, 0, y, 0) for y in (0.15, 0.95)] + [bx(0.06, 0.88, 0.04, x, 0.15, 0) for x in (-0.55, 0.55)]
    brace = place(bx(0.06, 1.25, 0.035), (0, 0.6, 0.0), rz=0.82)
    hinges = [bx(0.15, 0.03, 0.05, -0.55, y, 0.0) for y in (0.25, 0.9)]
    return model({"wood": posts}, {"Gate": {"wood": frame + [brace], "metal": hinges}})


@archetype("hammock", (1.0, 3.4), {"cloth": "cloth", "wood": "wood", "rope": "straw"}, material_variants=CLOTH)
def hammock(v, d):
    n = 5 + 2 * d
    posts = [bx(0.12, 1.5, 0.12, 0, 0, z) for z in (-1.6, 1.6)]
    zs = np.linspace(-1.1, 1.1, n)
    sag = 0.55 + 0.35 * (zs / 1.1) ** 2
    bed = sweep([(-0.4, 0.0), (0.4, 0.0), (0.35, 0.02), (-0.35, 0.02)], np.stack([np.zeros(n), sag, zs], 1), smooth=False)
    ropes = [rod((0, 0.9, z), (0, 1.35, np.sign(z) * 1.55), 0.01, 4) for z in (-1.1, 1.1)]
    return model({"wood": posts}, {"Hammock": {"cloth": bed, "rope": ropes}})


@archetype("market_umbrella", (2.6, 2.6), {"canopy": "cloth", "pole": "wood"}, material_variants=CLOTH)
def market_umbrella(v, d):
    s = 8
    canopy = revolve([(0.0, 2.45), (1.28, 2.02), (1.3, 2.05), (0.0, 2.5)], s)
    pole = cylinder(0.03, 2.6, 6, y0=0.1)
    base = revolve([(0.3, 0.0), (0.3, 0.08), (0.06, 0.12), (0.0, 0.12)], seg(d))
    ribs = radial(rod((0.05, 2.47, 0), (1.25, 2.05, 0), 0.008, 4), 8, np.pi / 8) if d else []
    return model({"canopy": canopy}, {"Pole": {"pole": [pole, base] + ribs}})


@archetype("parasol", (2.2, 2.2), {"canopy": "cloth", "pole": "wood"}, material_variants=CLOTH)
def parasol(v, d):
    s = seg(d, 1.5)
    canopy = revolve([(0.0, 2.5), (1.08, 2.18), (1.1, 2.2), (0.6, 2.45), (0.0, 2.55)], s)
    pole = cylinder(0.025, 2.6, 6, y0=0.1)
    base = cylinder(0.25, 0.1, s)
    valance = revolve([(1.1, 2.2), (1.1, 2.08), (1.09, 2.08), (1.09, 2.2)], s)
    return model({"canopy": [canopy, valance]}, {"Pole": {"pole": [pole, base]}})


@archetype("oar", (0.18, 2.6), {"wood": "wood"}, material_variants=("default", "weathered"))
def oar(v, d):
    shaft = rod((0, 0.03, -1.3), (0, 0.03, 0.7), 0.025, max(6, seg(d, 0.5)))
    blade = extrude([(-0.08, 0.0), (0.08, 0.0), (0.08, 0.5), (0.0, 0.58), (-0.08, 0.5)][::-1], 0.02, axis="y", center=(0, 0.03, 0.0))
    blade = place(blade, (0, 0.0, 0.7))
    grip = rod((0, 0.03, -1.3), (0, 0.03, -1.1), 0.03, max(6, seg(d, 0.5)))
    return model({"wood": [shaft, blade, grip]})


@archetype("pendant_light", (0.45, 0.45), {"shade": "painted_metal", "bulb": "lamp_shade", "metal": "metal"}, placement="ceiling",
           material_variants=("painted_black", "painted_green", "painted_white", "default"))
def pendant_light(v, d):
    s = seg(d, 1.25)
    shade = revolve([(0.22, 0.0), (0.2, 0.03), (0.08, 0.2), (0.03, 0.25), (0.0, 0.26), (0.0, 0.24), (0.075, 0.19), (0.19, 0.02), (0.21, 0.0)], s)
    bulb = ellipsoid(0.05, 0.06, 0.05, s, max(4, s // 2), (0, 0.08, 0))
    cord = cylinder(0.005, 0.5, 4, y0=0.26)
    return model({"shade": shade, "metal": cord}, {"Bulb": {"bulb": bulb}}, [Light((0.0, 0.05, 0.0), WARM, 20.0, 8.0)])


@archetype("pew_row", (3.2, 0.7), {"wood": "wood"}, material_variants=WOOD)
def pew_row(v, d):
    L = 3.2
    seat = bx(L, 0.05, 0.45, 0, 0.43, 0.0)
    back = place(bx(L, 0.5, 0.04), (0, 0.48, -0.22), rx=-0.12)
    ends = [extrude([(-0.3, 0.0), (0.3, 0.0), (0.3, 0.45), (0.05, 0.95), (-0.3, 1.0)], 0.06, axis="x", center=(x, 0, 0)) for x in (-L / 2, L / 2)]
    kneeler = bx(L - 0.1, 0.08, 0.12, 0, 0.1, -0.5)
    shelf = bx(L - 0.1, 0.02, 0.12, 0, 0.8, -0.32)
    return model({"wood": [seat, back, shelf] + ends}, {"Kneeler": {"wood": kneeler}})


@archetype("pier_post", (0.35, 0.35), {"wood": "wood", "rope": "straw", "metal": "metal"}, material_variants=("weathered", "default", "mossy"))
def pier_post(v, d):
    s = seg(d)
    post = revolve([(0.17, 0.0), (0.16, 1.9), (0.12, 2.0), (0.0, 2.02)], s)
    bands = [torus(0.165, 0.012, s, 4, y=y) for y in (0.4, 1.6)]
    rope = torus(0.18, 0.025, s, 5, y=1.2)
    return model({"wood": post, "metal": bands}, {"Rope": {"rope": rope}})


@archetype("pillory", (1.2, 0.5), {"wood": "wood", "metal": "metal"}, material_variants=("weathered", "default"))
def pillory(v, d):
    post = bx(0.14, 1.9, 0.14)
    platform = bx(1.2, 0.12, 0.5)
    board = extrude([(-0.5, 0.0), (0.5, 0.0), (0.5, 0.3), (-0.5, 0.3)], 0.08, center=(0, 1.45, 0.1))
    holes = [place(torus(0.06 if x == 0 else 0.045, 0.01, 8, 4), (x, 1.6, 0.15), rx=np.pi / 2) for x in (-0.3, 0.0, 0.3)]
    return model({"wood": [post, platform]}, {"Stocks": {"wood": board, "metal": holes}})


@archetype("poster", (0.6, 0.01), {"paper": "matte_paint"}, placement="wall", variants=2, material_variants=("painted_red", "painted_yellow", "painted_blue", "default"))
def poster(v, d):
    w, h = ((0.6, 0.85), (0.85, 0.6))[v]
    return model({"paper": bx(w, h, 0.004, 0, 1.2, 0.002)})


@archetype("potion", (0.1, 0.1), {"glass": "glass", "liquid": "screen", "cork": "wood"}, placement="surface", variants=2,
           material_variants=("painted_green", "painted_purple", "painted_red", "painted_blue"))
def potion(v, d):
    s = seg(d)
    if v == 0:  # round flask
        flask = revolve([(0.0, 0.0), (0.04, 0.005), (0.05, 0.05), (0.035, 0.09), (0.012, 0.11), (0.012, 0.15), (0.0, 0.15)], s)
        liquid = ellipsoid(0.04, 0.035, 0.04, s, max(4, s // 2), (0, 0.045, 0))
    else:  # tall vial
        flask = revolve([(0.0, 0.0), (0.02, 0.0), (0.022, 0.15), (0.01, 0.17), (0.01, 0.19), (0.0, 0.19)], s)
        liquid = cylinder(0.018, 0.1, s, y0=0.005)
    cork = cylinder(0.013, 0.03, 6, y0=0.15 if v == 0 else 0.19)
    return model({"glass": flask, "cork": cork}, {"Liquid": {"liquid": liquid}})


@archetype("scale", (0.45, 0.3), {"brass": "metal", "wood": "wood"}, placement="surface", material_variants=("polished", "default"))
def scale(v, d):
    s = seg(d)
    base = bx(0.3, 0.04, 0.2)
    post = cylinder(0.012, 0.38, 6, y0=0.04)
    beam = rod((-0.2, 0.4, 0), (0.2, 0.4, 0), 0.008, 5)
    pans = [place(revolve([(0.0, 0.0), (0.08, 0.005), (0.09, 0.02), (0.085, 0.02), (0.0, 0.01)], s), (x, 0.2, 0)) for x in (-0.2, 0.2)]
    chains = [rod((x, 0.4, 0), (x + dx, 0.22, dz), 0.002, 3) for x in (-0.2, 0.2) for dx, dz in ((0.06, 0.0), (-0.03, 0.05), (-0.03, -0.05))]
    return model({"wood": base, "brass": [post, beam] + chains}, {"Pans": {"brass": pans}})


@archetype("school_desk", (0.7, 0.55), {"wood": "wood", "metal": "painted_metal"}, material_variants=WOOD)
def school_desk(v, d):
    top = place(bx(0.7, 0.03, 0.5), (0, 0.72, 0), rx=0.08)
    box_ = bx(0.66, 0.12, 0.45, 0, 0.6, 0)
    frame = [rod((x, 0.0, z), (x, 0.6, z), 0.015, 5) for x in (-0.3, 0.3) for z in (-0.2, 0.2)]
    rail = rod((-0.3, 0.15, 0), (0.3, 0.15, 0), 0.012, 5)
    return model({"wood": [top, box_], "metal": frame + [rail]})


@archetype("snowman", (1.4, 0.8), {"snow": "plaster", "coal": "stone", "carrot": "plastic", "scarf": "cloth"}, material_variants=("default", "light"))
def snowman(v, d):
    s = seg(d)
    r = max(4, s // 2)
    balls = [ellipsoid(0.38, 0.36, 0.38, s, r, (0, 0.34, 0)), ellipsoid(0.28, 0.27, 0.28, s, r, (0, 0.92, 0)), ellipsoid(0.19, 0.19, 0.19, s, r, (0, 1.35, 0))]
    eyes = [ellipsoid(0.025, 0.025, 0.02, 6, 3, (x, 1.4, 0.17)) for x in (-0.06, 0.06)]
    buttons = [ellipsoid(0.03, 0.03, 0.02, 6, 3, (0, y, 0.27 - abs(y - 0.92) * 0.3)) for y in (0.85, 0.98)]
    nose = place(cone(0.03, 0.15, 6), (0, 1.34, 0.17), rx=np.pi / 2)
    scarf = torus(0.17, 0.05, s, 5, y=1.18)
    arms = [rod((x * 0.25, 0.98, 0), (x * 0.7, 1.25, 0), 0.015, 4) for x in (-1, 1)]
    return model({"snow": balls}, {"Face": {"coal": eyes + buttons, "carrot": nose}, "Scarf": {"scarf": scarf, "coal": arms}})


@archetype("spotlight", (0.45, 0.45), {"metal": "painted_metal", "lens": "lamp_shade"}, material_variants=("painted_black", "default"))
def spotlight(v, d):
    s = seg(d)
    tripod = radial(rod((0, 0.9, 0), (0.35, 0.0, 0), 0.015, 4), 3)
    yoke = tube([(-0.16, 1.1, 0), (-0.16, 0.92, 0), (0.16, 0.92, 0), (0.16, 1.1, 0)], 0.012, 5)
    can = place(revolve([(0.0, -0.2), (0.1, -0.2), (0.12, 0.1), (0.14, 0.18), (0.0, 0.18)], s), (0, 1.1, 0), rx=1.2)
    lens = place(cylinder(0.13, 0.01, s, y0=0.18), (0, 1.1, 0), rx=1.2)
    return model({"metal": tripod + [yoke]}, {"Lamp": {"metal": can, "lens": lens}}, [Light((0.0, 1.2, 0.3), WARM, 60.0, 12.0)])


@archetype("street_vendor_cart", (1.1, 1.9), {"wood": "wood", "canopy": "cloth", "metal": "metal", "goods": "plastic"},
           material_variants=("default", "painted_red", "painted_blue", "painted_green"))
def street_vendor_cart(v, d):
    s = seg(d, 1.5)
    box_ = bx(1.0, 0.5, 1.4, 0, 0.45, 0)
    wheels = [place(cylinder(0.35, 0.06, s, y0=-0.03), (x, 0.35, 0.2), rz=np.pi / 2) for x in (-0.55, 0.55)]
    handles = [rod((x, 0.7, -0.7), (x, 0.8, -1.0), 0.02, 5) for x in (-0.3, 0.3)]
    foot = bx(0.05, 0.45, 0.05, 0, 0, 0.6)
    poles = [rod((x, 0.95, z), (x, 1.9, z), 0.015, 5) for x in (-0.45, 0.45) for z in (-0.6, 0.6)]
    canopy = extrude([(-0.6, 0.0), (0.6, 0.0), (0.0, 0.3)], 1.5, axis="z", center=(0, 1.9, 0))
    goods = [ellipsoid(0.06, 0.06, 0.06, 8, 4, (x, 1.0, z)) for x in np.linspace(-0.35, 0.35, 4) for z in (-0.4, 0.0, 0.4)]
    return model({"wood": [box_, foot] + handles}, {"Wheels": {"wood": wheels}, "Canopy": {"canopy": canopy, "metal": poles},
                                                     "Goods": {"goods": goods}})


@archetype("sweets_jar", (0.2, 0.2), {"glass": "glass", "sweets": "plastic", "lid": "metal"}, placement="surface",
           material_variants=("painted_pink", "painted_red", "painted_yellow"))
def sweets_jar(v, d):
    s = seg(d)
    jar = revolve([(0.0, 0.0), (0.09, 0.0), (0.1, 0.05), (0.1, 0.22), (0.07, 0.26), (0.06, 0.28), (0.0, 0.28)], s)
    sweets = cylinder(0.085, 0.15, s, y0=0.01)
    lid = cylinder(0.065, 0.03, s, y0=0.28)
    return model({"glass": jar, "lid": lid}, {"Sweets": {"sweets": sweets}})


@archetype("sword", (0.18, 0.1), {"steel": "metal", "grip": "leather", "brass": "metal"}, placement="wall", material_variants=("polished", "default", "rusty"))
def sword(v, d):
    blade = extrude([(-0.025, 0.0), (0.025, 0.0), (0.025, 0.8), (0.0, 0.88), (-0.025, 0.8)], 0.008, center=(0, 0.25, 0.05))
    guard = bevel_box(0.18, 0.03, 0.04, 0.01, (0, 0.235, 0.05))
    grip = place(cylinder(0.015, 0.15, 6, y0=0.085), (0, 0, 0.05))
    pommel = ellipsoid(0.025, 0.025, 0.025, 8, 4, (0, 0.07, 0.05))
    return model({"steel": blade}, {"Hilt": {"brass": [guard, pommel], "grip": grip}})


@archetype("target", (1.0, 0.5), {"straw": "straw", "face": "cloth", "wood": "wood"}, material_variants=("painted_red", "default"))
def target(v, d):
    s = seg(d, 1.5)
    boss = place(cylinder(0.5, 0.15, s, y0=-0.075), (0, 1.1, 0), rx=np.pi / 2 - 0.2)
    rings = [place(cylinder(r, 0.01, s, y0=0.075), (0, 1.1, 0), rx=np.pi / 2 - 0.2) for r in (0.35, 0.2, 0.08)]
    lg = [rod((x, 0.0, 0.2), (x * 0.6, 1.5, -0.05), 0.025, 5) for x in (-0.4, 0.4)] + [rod((0, 0.0, -0.45), (0, 1.3, -0.08), 0.025, 5)]
    return model({"wood": lg}, {"Boss": {"straw": boss, "face": rings}})


@archetype("throne_dais", (4.0, 3.0), {"stone": "stone", "carpet": "cloth"}, material_variants=("default", "polished", "dark"))
def throne_dais(v, d):
    steps = [bevel_box(4.0 - 0.6 * i, 0.15, 3.0 - 0.5 * i, 0.02, (0, 0.075 + 0.15 * i, -0.25 * i)) for i in range(3)]
    runner = bx(1.2, 0.01, 3.0 - 0.5 * 2, 0, 0.45, -0.5)
    return model({"stone": steps}, {"Carpet": {"carpet": runner}})


@archetype("trophy", (0.3, 0.2), {"gold": "metal", "wood": "wood"}, placement="surface", material_variants=("polished", "default"))
def trophy(v, d):
    s = seg(d)
    base = bx(0.16, 0.06, 0.16)
    cup = revolve([(0.02, 0.06), (0.05, 0.07), (0.015, 0.12), (0.015, 0.16), (0.09, 0.2), (0.1, 0.32), (0.0, 0.31)], s)
    handles = mirror(tube(arc((0.09, 0.25, 0), 0.05, -np.pi / 2, np.pi / 2, 3 + d, "xy"), 0.008, 4))
    return model({"wood": base, "gold": cup}, {"Handles": {"gold": handles}})


@archetype("truck", (2.4, 6.5), {"body": "painted_metal", "glass": "glass", "tyre": "plastic", "metal": "metal"},
           material_variants=("painted_red", "painted_blue", "painted_white", "painted_yellow"))
def truck(v, d):
    s = seg(d, 1.5)
    cab = extrude([(2.0, 0.5), (3.2, 0.5), (3.25, 1.2), (3.1, 2.6), (2.0, 2.7)], 2.3, axis="x")
    box_ = bx(2.4, 2.6, 4.6, 0, 0.9, -0.5)
    chassis = bx(1.6, 0.3, 6.2, 0, 0.5, 0.1)
    windscreen = extrude([(3.12, 1.6), (3.2, 1.55), (3.12, 2.5), (3.05, 2.5)], 2.1, axis="x")
    wheels = [place(cylinder(0.45, 0.35, s, y0=-0.175), (x, 0.45, z), rz=np.pi / 2) for x in (-1.0, 1.0) for z in (-2.2, -1.2, 2.5)]
    return model({"body": [cab, box_], "metal": chassis}, {"Windows": {"glass": windscreen}, "Wheels": {"tyre": wheels}})


@archetype("well_bucket", (0.35, 0.35), {"wood": "wood", "metal": "metal", "rope": "straw"}, material_variants=("default", "weathered"))
def well_bucket(v, d):
    s = seg(d)
    body = revolve([(0.0, 0.0), (0.13, 0.0), (0.16, 0.3), (0.15, 0.3), (0.12, 0.02), (0.0, 0.02)], s)
    hoops = [torus(0.14 + 0.03 * t, 0.006, s, 4, y=0.3 * t) for t in (0.15, 0.85)]
    handle = tube(arc((0, 0.3, 0), 0.155, 0.1, np.pi - 0.1, 3 + d, "xy"), 0.006, 4)
    rope = tube([(0, 0.455, 0), (0.05, 0.55, 0.02), (0.2, 0.5, 0.1), (0.3, 0.02, 0.15)], 0.01, 4)
    return model({"wood": body, "metal": hoops + [handle]}, {"Rope": {"rope": rope}})


@archetype("wreath", (0.5, 0.1), {"foliage": "foliage", "ribbon": "cloth", "berries": "plastic"}, placement="wall", material_variants=("default",))
def wreath(v, d):
    s = seg(d, 1.5)
    ring = place(torus(0.2, 0.06, s, max(6, s // 2)), (0, 1.5, 0.06), rx=np.pi / 2)
    bow = [extrude([(0.0, 0.0), (0.1, 0.05), (0.1, -0.05)], 0.02, center=(0, 1.3, 0.13)), extrude([(0.0, 0.0), (-0.1, -0.05), (-0.1, 0.05)], 0.02, center=(0, 1.3, 0.13))]
    berries = [ellipsoid(0.015, 0.015, 0.015, 6, 3, (0.2 * np.cos(a), 1.5 + 0.2 * np.sin(a), 0.125)) for a in np.linspace(0, 2 * np.pi, 9, endpoint=False)]
    return model({"foliage": ring}, {"Bow": {"ribbon": bow}, "Berries": {"berries": berries}})


@archetype("altar", (2.0, 1.0), {"stone": "stone", "cloth": "cloth", "metal": "metal"}, material_variants=("default", "polished", "weathered"))
def altar(v, d):
    block = bevel_box(2.0, 1.0, 1.0, 0.04, (0, 0.5, 0))
    top = bevel_box(2.15, 0.08, 1.1, 0.02, (0, 1.04, 0))
    cloth = [bx(0.6, 0.01, 1.12, 0, 1.08, 0), bx(0.6, 0.4, 0.01, 0, 0.69, 0.56)]
    s = seg(d)
    sticks = [place(revolve([(0.06, 0.0), (0.02, 0.03), (0.015, 0.3), (0.03, 0.32), (0.0, 0.32)], s), (x, 1.08, -0.2)) for x in (-0.7, 0.7)]
    return model({"stone": [block, top]}, {"Altar Cloth": {"cloth": cloth}, "Candlesticks": {"metal": sticks}})


@archetype("amphora", (0.4, 0.4), {"ceramic": "plaster"}, material_variants=("warm", "default", "painted_brown"))
def amphora(v, d):
    s = seg(d, 1.25)
    body = revolve([(0.0, 0.0), (0.03, 0.02), (0.1, 0.15), (0.19, 0.45), (0.17, 0.7), (0.07, 0.82), (0.06, 0.95), (0.08, 1.0), (0.06, 1.0), (0.0, 0.95)], s)
    handles = [tube([(x * 0.06, 0.93, 0), (x * 0.16, 0.95, 0), (x * 0.17, 0.78, 0), (x * 0.14, 0.72, 0)], 0.015, 5) for x in (-1, 1)]
    return model({"ceramic": [body] + handles})


@archetype("microscope", (0.2, 0.3), {"metal": "painted_metal", "chrome": "metal"}, placement="surface", material_variants=("painted_black", "painted_white"))
def microscope(v, d):
    s = seg(d)
    base = bevel_box(0.18, 0.04, 0.25, 0.02, (0, 0.02, 0))
    arm = tube([(0, 0.04, -0.09), (0, 0.2, -0.09), (0, 0.32, -0.05)], 0.02, 6)
    stage = bx(0.14, 0.015, 0.12, 0, 0.14, 0.02)
    tube_ = place(cylinder(0.02, 0.2, s, y0=-0.1), (0, 0.3, 0.0), rx=-0.35)
    eyepiece = place(cylinder(0.015, 0.05, s, y0=0.1), (0, 0.3, 0.0), rx=-0.35)
    return model({"metal": [base, arm, stage]}, {"Optics": {"chrome": [tube_, eyepiece]}})


@archetype("noticeboard", (1.2, 0.05), {"cork": "straw", "frame": "wood", "paper": "matte_paint"}, placement="wall", material_variants=WOOD)
def noticeboard(v, d):
    board = bx(1.2, 0.9, 0.02, 0, 1.1, 0.01)
    frame = [bx(1.25, 0.03, 0.03, 0, y, 0.015) for y in (1.08, 2.0)] + [bx(0.03, 0.9, 0.03, x, 1.1, 0.015) for x in (-0.61, 0.61)]
    notes = [place(bx(0.18, 0.24, 0.003), (x, y, 0.022), rz=r) for x, y, r in ((-0.35, 1.55, 0.05), (0.0, 1.3, -0.04), (0.3, 1.6, 0.08), (-0.1, 1.7, 0.0))]
    return model({"cork": board, "frame": frame}, {"Notes": {"paper": notes}})


@archetype("map_table", (2.0, 1.2), {"wood": "wood", "map": "straw", "metal": "metal"}, material_variants=WOOD)
def map_table(v, d):
    top = bevel_box(2.0, 0.06, 1.2, 0.02, (0, 0.87, 0))
    lg = legs(1.85, 1.05, 0.84, 0.1)
    stretchers = [bx(1.7, 0.06, 0.06, 0, 0.2, z) for z in (-0.47, 0.47)]
    chart = bx(1.4, 0.004, 0.9, 0, 0.9, 0)
    weights = [place(cylinder(0.03, 0.05, 8, y0=0.9), (x, 0, z)) for x, z in ((-0.65, -0.4), (0.65, 0.4))]
    markers = [place(cone(0.02, 0.06, 6, y0=0.904), (x, 0, z)) for x, z in ((-0.2, 0.1), (0.3, -0.2), (0.1, 0.25))]
    return model({"wood": [top] + lg + stretchers}, {"Map": {"map": chart, "metal": weights + markers}})


@archetype("curtain", (2.0, 0.15), {"cloth": "cloth", "metal": "metal"}, placement="wall", material_variants=CLOTH)
def curtain(v, d):
    folds = 6 + 6 * min(d, 2)
    xs = np.linspace(-1.0, 1.0, folds + 1)
    wave = [(x, 0.06 + 0.04 * (i % 2)) for i, x in enumerate(xs)]
    outline = np.array(wave + [(x, y + 0.01) for x, y in wave[::-1]])
    cloth = extrude(outline, 2.5, axis="y", center=(0, 1.25, 0.0))
    rod_ = rod((-1.1, 2.55, 0.1), (1.1, 2.55, 0.1), 0.015, 6)
    return model({"cloth": cloth}, {"Rod": {"metal": rod_}})
