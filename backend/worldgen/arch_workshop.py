"""Workshop, smithy and mine archetypes."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import archetype, bevel_box, bx, extrude, legs, model, place, revolve, rod, seg, tube

FIRE = (1.0, 0.5, 0.2)


@archetype("anvil", (0.7, 0.35), {"metal": "metal", "wood": "bark"}, material_variants=("default", "dark", "rusty"))
def anvil(v, d):
    s = seg(d)
    stump = cylinder(0.22, 0.5, s, r_top=0.2)
    # Side view of the anvil: face, horn to the right, heel to the left, waist and feet below.
    n = 2 + d
    outline = [(-0.22, 0.5), (0.22, 0.5), (0.12, 0.58), (0.1, 0.66), (0.22, 0.68)] + [(0.22 + 0.22 * t, 0.72 - 0.04 * t) for t in np.linspace(0.5, 1, n)] + \
              [(0.24, 0.8), (-0.28, 0.8), (-0.3, 0.72), (-0.12, 0.66), (-0.1, 0.58)]
    body = extrude(outline, 0.16)
    hardy = bx(0.025, 0.01, 0.025, -0.2, 0.8, 0)
    return model({"metal": [body, hardy]}, {"Stump": {"wood": stump}})


@archetype("workbench", (2.0, 0.8), {"wood": "wood", "metal": "metal"}, material_variants=("default", "weathered", "dark"))
def workbench(v, d):
    top = bx(2.0, 0.08, 0.8, 0, 0.82, 0)
    lg = legs(1.9, 0.7, 0.82, 0.09)
    stretchers = [bx(1.8, 0.06, 0.04, 0, 0.15, z) for z in (-0.3, 0.3)]
    shelf = bx(1.8, 0.03, 0.6, 0, 0.2, 0)
    board = bx(2.0, 0.8, 0.03, 0, 0.9, -0.385)
    tools = [place(bx(0.04, 0.28, 0.02), (x, 1.3, -0.36), rz=0.1 * i) for i, x in enumerate(np.linspace(-0.8, 0.8, 7))]
    vice = [bx(0.2, 0.1, 0.1, 0.85, 0.8, 0.42), rod((0.85, 0.84, 0.47), (0.85, 0.84, 0.62), 0.01, 5)]
    return model({"wood": [top, shelf, board] + lg + stretchers}, {"Tools": {"metal": tools}, "Vice": {"metal": vice}})


@archetype("grindstone", (0.9, 0.6), {"stone": "stone", "wood": "wood", "metal": "metal"}, material_variants=("default", "weathered"))
def grindstone(v, d):
    s = seg(d, 1.5)
    frame = [bx(0.08, 0.08, 0.9, x, 0.45, 0) for x in (-0.15, 0.15)] + [bx(0.06, 0.5, 0.06, x, 0, z) for x in (-0.15, 0.15) for z in (-0.35, 0.35)]
    wheel = place(cylinder(0.35, 0.1, s, y0=-0.05), (0, 0.85, 0), rz=np.pi / 2)
    axle = place(cylinder(0.02, 0.6, 6, y0=-0.3), (0, 0.85, 0), rz=np.pi / 2)
    crank = [bx(0.02, 0.15, 0.02, 0.3, 0.77, 0), rod((0.3, 0.72, 0), (0.42, 0.72, 0), 0.012, 5)]
    trough = bx(0.3, 0.12, 0.5, 0, 0.45, 0)
    return model({"wood": frame + [trough]}, {"Wheel": {"stone": wheel, "metal": [axle] + crank}})


@archetype("forge", (1.8, 1.3), {"brick": "stone", "coal": "stone", "flame": "flame", "metal": "metal"}, material_variants=("default", "weathered"))
def forge(v, d):
    hearth = bevel_box(1.6, 0.8, 1.2, 0.03, (0, 0.4, 0))
    fire_pit = bx(0.6, 0.04, 0.5, 0, 0.8, 0.1)
    hood = revolve([(0.7, 0.0), (0.2, 0.7), (0.0, 0.7)], 4)
    hood = place(hood, (0, 1.3, -0.1), ry=np.pi / 4)
    chimney = bx(0.35, 1.2, 0.35, 0, 2.0, -0.1)
    bellows = place(extrude([(0.0, -0.15), (0.45, -0.05), (0.45, 0.05), (0.0, 0.15)], 0.22, axis="y", center=(0.0, 0.0, 0.0)), (0.8, 0.7, 0.3))
    glow = place(cone(0.2, 0.25, 6, y0=0.84), (0, 0, 0.1))
    return model({"brick": [hearth, chimney], "metal": hood}, {"Fire": {"coal": fire_pit, "flame": glow}, "Bellows": {"metal": bellows}},
                 [Light((0.0, 1.0, 0.1), FIRE, 80.0, 10.0)])


@archetype("sawhorse", (1.0, 0.5), {"wood": "wood"}, material_variants=("default", "weathered"))
def sawhorse(v, d):
    beam = bx(1.0, 0.1, 0.1, 0, 0.7, 0)
    lg = [rod((x, 0.72, 0), (x * 1.1, 0.0, z), 0.025, 4) for x in (-0.4, 0.4) for z in (-0.25, 0.25)]
    braces = [bx(0.04, 0.04, 0.4, x, 0.3, 0) for x in (-0.42, 0.42)]
    return model({"wood": [beam] + lg + braces})


@archetype("toolbox", (0.55, 0.25), {"body": "painted_metal", "metal": "metal"}, placement="surface", material_variants=("painted_red", "painted_blue", "painted_green"))
def toolbox(v, d):
    body = bevel_box(0.55, 0.22, 0.25, 0.01, (0, 0.11, 0))
    lid = extrude([(-0.125, 0.0), (0.125, 0.0), (0.09, 0.06), (-0.09, 0.06)], 0.55, axis="x", center=(0, 0.22, 0))
    handle = [rod((-0.12, 0.28, 0), (-0.12, 0.33, 0), 0.008, 4), rod((0.12, 0.28, 0), (0.12, 0.33, 0), 0.008, 4), rod((-0.13, 0.33, 0), (0.13, 0.33, 0), 0.012, 6)]
    latches = [bx(0.03, 0.04, 0.01, x, 0.18, 0.126) for x in (-0.15, 0.15)]
    return model({"body": body}, {"Lid": {"body": lid, "metal": handle + latches}})


@archetype("ladder", (0.5, 0.8), {"wood": "wood"}, placement="wall", material_variants=("default", "weathered"))
def ladder(v, d):
    # Leaning against the wall at about 75 degrees.
    rails = [rod((x, 0.0, 0.75), (x, 2.9, 0.05), 0.025, 4) for x in (-0.22, 0.22)]
    rungs = [rod((-0.22, 2.9 * t, 0.75 - 0.7 * t), (0.22, 2.9 * t, 0.75 - 0.7 * t), 0.015, 5) for t in np.linspace(0.1, 0.9, 9)]
    return model({"wood": rails}, {"Rungs": {"wood": rungs}})


@archetype("tool_rack", (1.6, 0.12), {"wood": "wood", "metal": "metal"}, placement="wall")
def tool_rack(v, d):
    board = bx(1.6, 0.9, 0.03, 0, 0.0, 0.015)
    pegs = [rod((x, 0.7, 0.03), (x, 0.72, 0.1), 0.008, 4) for x in np.linspace(-0.65, 0.65, 6)]
    tools = []
    for i, x in enumerate(np.linspace(-0.65, 0.65, 6)):
        tools.append(rod((x, 0.72, 0.07), (x, 0.25, 0.07), 0.012, 5))
        tools.append(bx(0.12 if i % 2 else 0.05, 0.08, 0.02, x, 0.17, 0.07))
    return model({"wood": board, "metal": pegs}, {"Tools": {"metal": tools}})


@archetype("vice", (0.3, 0.22), {"metal": "painted_metal", "steel": "metal"}, placement="surface", material_variants=("painted_blue", "painted_grey", "rusty"))
def vice(v, d):
    base = bevel_box(0.16, 0.04, 0.2, 0.01, (0, 0.02, 0))
    body = bx(0.12, 0.1, 0.2, 0, 0.04, 0)
    jaws = [bx(0.16, 0.07, 0.03, 0, 0.14, z) for z in (-0.04, 0.02)]
    screw = rod((0, 0.12, 0.1), (0, 0.12, 0.2), 0.012, 6)
    bar = rod((-0.1, 0.12, 0.2), (0.1, 0.12, 0.2), 0.006, 5)
    return model({"metal": [base, body]}, {"Jaws": {"steel": jaws + [screw, bar]}})


@archetype("pickaxe", (0.6, 0.9), {"wood": "wood", "metal": "metal"}, placement="surface")
def pickaxe(v, d):
    handle = rod((0, 0.03, -0.45), (0, 0.03, 0.4), 0.018, 6)
    head = tube([(-0.3, 0.03, 0.32), (-0.12, 0.03, 0.38), (0.0, 0.03, 0.4), (0.12, 0.03, 0.38), (0.3, 0.03, 0.32)], 0.02, 5)
    return model({"wood": handle}, {"Head": {"metal": head}})


@archetype("oil_drum", (0.6, 0.6), {"body": "painted_metal"}, material_variants=("painted_blue", "painted_red", "painted_yellow", "rusty"))
def oil_drum(v, d):
    s = seg(d, 1.25)
    body = revolve([(0.0, 0.0), (0.29, 0.0), (0.29, 0.88), (0.0, 0.88)], s)
    ribs = [torus(0.29, 0.012, s, 4, y=y) for y in (0.3, 0.58)]
    rims = [torus(0.29, 0.015, s, 4, y=y) for y in (0.01, 0.87)]
    bung = cylinder(0.03, 0.015, 6, y0=0.88)
    return model({"body": [body, bung] + ribs + rims})


@archetype("minecart", (0.9, 1.4), {"metal": "rusty_metal", "wood": "wood", "ore": "stone"}, material_variants=("default", "rusty"))
def minecart(v, d):
    s = seg(d)
    tub = extrude([(-0.55, 0.0), (0.55, 0.0), (0.7, 0.6), (-0.7, 0.6)], 0.85, axis="x", center=(0, 0.25, 0))
    wheels = [place(cylinder(0.15, 0.05, s, y0=-0.025), (x, 0.15, z), rz=np.pi / 2) for x in (-0.4, 0.4) for z in (-0.4, 0.4)]
    ore = [ellipsoid(0.18, 0.12, 0.16, 6, 3, (x, 0.85, z)) for x, z in ((-0.15, -0.2), (0.15, 0.1), (0.0, 0.35), (-0.1, 0.1))]
    return model({"metal": tub}, {"Wheels": {"metal": wheels}, "Ore": {"ore": ore}})


@archetype("spinning_wheel", (0.3, 0.95), {"wood": "wood", "wool": "cloth"}, material_variants=("default", "dark"))
def spinning_wheel(v, d):
    s = seg(d, 2.0)
    bench = place(bx(0.25, 0.06, 0.9), (0, 0.45, 0), rx=0.1)
    lg = [rod((0, 0.45, z), (x, 0.0, z * 1.2), 0.02, 4) for x, z in ((-0.12, -0.35), (0.12, -0.35), (0.0, 0.4))]
    uprights = [rod((x, 0.45, 0.15), (x, 1.0, 0.15), 0.018, 5) for x in (-0.06, 0.06)]
    wheel = place(torus(0.3, 0.02, s, 5), (0, 0.8, 0.15), rz=np.pi / 2)
    spokes = [rod((0, 0.8, 0.15), (0, 0.8 + 0.3 * np.sin(a), 0.15 + 0.3 * np.cos(a)), 0.008, 3) for a in np.linspace(0, 2 * np.pi, 8 if d else 4, endpoint=False)]
    distaff = [rod((0, 0.48, -0.35), (0, 1.05, -0.3), 0.012, 4), ellipsoid(0.05, 0.09, 0.05, 8, 4, (0, 1.0, -0.3))]
    return model({"wood": [bench] + lg + uprights}, {"Wheel": {"wood": [wheel] + spokes}, "Distaff": {"wood": distaff[0], "wool": distaff[1]}})


@archetype("easel", (0.7, 0.7), {"wood": "wood", "canvas": "matte_paint"}, material_variants=("default", "warm"))
def easel(v, d):
    lg = [rod((x, 0.0, 0.2), (x * 0.2, 1.8, 0.0), 0.02, 4) for x in (-0.3, 0.3)] + [rod((0, 0.0, -0.45), (0, 1.7, -0.02), 0.02, 4)]
    ledge = bx(0.6, 0.03, 0.06, 0, 0.8, 0.12)
    canvas = place(bx(0.6, 0.75, 0.02), (0, 0.83, 0.13), rx=-0.12)
    return model({"wood": lg + [ledge]}, {"Canvas": {"canvas": canvas}})
