"""Sci-fi and industrial archetypes (beyond the corridor's consoles and pipes)."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cylinder, ellipsoid, torus
from .parts import (archetype, bevel_box, bx, extrude, mirror, model, ngon, place, radial, revolve, rod,
                    rounded_rect, seg, sweep, tube)

CYAN = (0.4, 0.8, 1.0)
PAINT = ("default", "painted_white", "painted_grey", "painted_orange")


@archetype("hologram_table", (1.6, 1.6), {"panel": "painted_metal", "trim": "metal", "holo": "screen"}, material_variants=PAINT)
def hologram_table(v, d):
    s = seg(d, 1.5)
    base = revolve([(0.5, 0.0), (0.45, 0.1), (0.3, 0.15), (0.3, 0.8), (0.8, 0.9), (0.8, 1.0), (0.0, 1.0)], s)
    ring = torus(0.75, 0.03, s, 5, y=1.0)
    emitter = cylinder(0.6, 0.02, s, y0=1.0)
    planet = ellipsoid(0.3, 0.3, 0.3, s, max(4, s // 2), (0, 1.45, 0))
    orbit = place(torus(0.45, 0.008, s, 4, y=0.0), (0, 1.45, 0), rx=0.3)
    return model({"panel": base, "trim": ring}, {"Hologram": {"holo": [emitter, planet, orbit]}}, [Light((0.0, 1.5, 0.0), CYAN, 15.0, 6.0)])


@archetype("cryo_pod", (1.0, 1.0), {"panel": "painted_metal", "glass": "glass", "trim": "metal", "light": "screen"},
           material_variants=PAINT)
def cryo_pod(v, d):
    s = seg(d, 1.25)
    base = bevel_box(1.0, 0.3, 1.0, 0.05, (0, 0.15, 0))
    shell = place(revolve([(0.0, 0.0), (0.4, 0.05), (0.45, 0.6), (0.45, 1.6), (0.35, 2.0), (0.0, 2.1)], s), (0, 0.3, -0.05), scale=(1.0, 1.0, 0.8))
    window = extrude(rounded_rect(0.6, 1.5, 0.25, 1 + d), 0.04, center=(0, 1.4, 0.33))
    lights = [bx(0.6, 0.04, 0.02, 0, y, 0.4) for y in (0.12, 0.2)]
    pipes = [tube([(x, 0.3, -0.4), (x, 0.6, -0.5), (x, 2.0, -0.45)], 0.04, 6) for x in (-0.3, 0.3)]
    return model({"panel": [base, shell], "trim": pipes}, {"Canopy": {"glass": window}, "Lights": {"light": lights}})


@archetype("server_rack", (0.6, 1.0), {"panel": "painted_metal", "screen": "screen", "trim": "metal"}, material_variants=("painted_black", "painted_grey", "default"))
def server_rack(v, d):
    cab = bx(0.6, 2.0, 1.0)
    n = 12 if d else 6
    units = [bx(0.5, 0.12, 0.02, 0, 0.1 + i * 0.15, 0.5) for i in range(n)]
    leds = [bx(0.03, 0.02, 0.01, x, 0.15 + i * 0.15, 0.515) for i in range(n) for x in (-0.2, -0.15, 0.18)]
    door = [bx(0.6, 0.03, 0.03, 0, y, 0.52) for y in (0.02, 1.95)]
    return model({"panel": [cab] + door, "trim": units}, {"Status Lights": {"screen": leds}})


@archetype("robot", (0.7, 0.5), {"body": "painted_metal", "joint": "metal", "eyes": "screen"}, material_variants=("painted_white", "painted_grey", "painted_orange", "default"))
def robot(v, d):
    s = seg(d)
    r = max(4, s // 2)
    feet = mirror(bevel_box(0.16, 0.08, 0.26, 0.02, (0.12, 0.04, 0.03)))
    shins = [rod((x, 0.08, 0), (x, 0.5, 0), 0.05, s) for x in (-0.12, 0.12)]
    knees = [ellipsoid(0.06, 0.06, 0.06, s, r, (x, 0.5, 0)) for x in (-0.12, 0.12)]
    thighs = [rod((x, 0.5, 0), (x, 0.85, 0), 0.06, s) for x in (-0.12, 0.12)]
    pelvis = bevel_box(0.36, 0.15, 0.22, 0.04, (0, 0.9, 0))
    torso = bevel_box(0.5, 0.55, 0.3, 0.08, (0, 1.3, 0))
    chest = bx(0.2, 0.12, 0.02, 0, 1.35, 0.15)
    shoulders = [ellipsoid(0.08, 0.08, 0.08, s, r, (x, 1.5, 0)) for x in (-0.3, 0.3)]
    arms = [tube([(x, 1.5, 0), (x * 1.15, 1.2, 0.05), (x * 1.1, 0.95, 0.15)], 0.045, s) for x in (-0.3, 0.3)]
    hands = [ellipsoid(0.06, 0.07, 0.06, s, r, (x * 1.1, 0.9, 0.16)) for x in (-0.3, 0.3)]
    neck = cylinder(0.05, 0.1, s, y0=1.57)
    head = bevel_box(0.3, 0.24, 0.26, 0.06, (0, 1.78, 0))
    visor = bx(0.22, 0.06, 0.02, 0, 1.77, 0.13)
    antenna = [rod((0.08, 1.9, 0), (0.1, 2.05, 0), 0.008, 4), ellipsoid(0.02, 0.02, 0.02, 6, 3, (0.1, 2.06, 0))]
    return model({"body": feet + shins + thighs + [pelvis, torso] + arms, "joint": knees + shoulders + hands + [neck], "eyes": chest},
                 {"Head": {"body": head, "eyes": visor, "joint": antenna}})


@archetype("reactor", (2.6, 2.6), {"panel": "painted_metal", "core": "screen", "trim": "metal", "glass": "glass"}, material_variants=PAINT)
def reactor(v, d):
    s = seg(d, 1.5)
    base = revolve([(1.3, 0.0), (1.3, 0.4), (1.0, 0.6), (0.0, 0.6)], s)
    top = revolve([(1.0, 2.6), (1.2, 2.8), (1.2, 3.0), (0.0, 3.0)], s)
    core = cylinder(0.45, 2.0, s, y0=0.6)
    cage = [place(cylinder(0.04, 2.0, 6, y0=0.6), (0.65 * np.cos(a), 0, 0.65 * np.sin(a))) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]
    rings = [torus(0.7, 0.05, s, 5, y=y) for y in (1.1, 1.6, 2.1)]
    pipes = radial(tube([(1.0, 0.4, 0), (1.5, 0.4, 0), (1.5, 2.8, 0), (1.15, 2.9, 0)], 0.08, 6), 4, np.pi / 4)
    return model({"panel": [base, top], "trim": cage + pipes}, {"Core": {"core": core}, "Rings": {"trim": rings}},
                 [Light((0.0, 1.6, 0.0), CYAN, 80.0, 10.0)])


@archetype("generator", (1.8, 1.0), {"body": "painted_metal", "metal": "metal", "tyre": "plastic"}, material_variants=("painted_yellow", "painted_orange", "painted_green", "rusty"))
def generator(v, d):
    s = seg(d)
    frame = [rod((x, 0.2, z), (x, 1.3, z), 0.03, 6) for x in (-0.85, 0.85) for z in (-0.45, 0.45)]
    frame += [rod((x, 1.3, -0.45), (x, 1.3, 0.45), 0.03, 6) for x in (-0.85, 0.85)] + [rod((-0.85, 1.3, 0), (0.85, 1.3, 0), 0.03, 6)]
    tank = bevel_box(1.2, 0.35, 0.7, 0.1, (0, 1.05, 0))
    engine = bevel_box(1.0, 0.6, 0.7, 0.05, (0, 0.55, 0))
    skid = [bx(1.8, 0.1, 0.1, 0, 0.1, z) for z in (-0.45, 0.45)]
    wheels = [place(cylinder(0.1, 0.08, s, y0=-0.04), (x, 0.1, 0.55), rz=0.0, rx=np.pi / 2) for x in (-0.7, 0.7)]
    exhaust = rod((0.6, 0.8, -0.3), (0.6, 1.5, -0.3), 0.04, 6)
    return model({"body": [tank, engine], "metal": frame + skid + [exhaust]}, {"Wheels": {"tyre": wheels}})


@archetype("locker", (0.45, 0.5), {"body": "painted_metal", "metal": "metal"}, variants=2, material_variants=("painted_grey", "painted_blue", "painted_green", "painted_red"))
def locker(v, d):
    n = (1, 3)[v]
    w = 0.45 * n
    body = bx(w, 1.9, 0.5)
    doors = [bx(0.42, 1.8, 0.02, -w / 2 + 0.225 + i * 0.45, 0.05, 0.25) for i in range(n)]
    vents = [bx(0.25, 0.015, 0.01, -w / 2 + 0.225 + i * 0.45, y, 0.265) for i in range(n) for y in np.linspace(1.5, 1.7, 4 if d else 2)]
    handles = [bx(0.03, 0.12, 0.03, -w / 2 + 0.38 + i * 0.45, 1.0, 0.27) for i in range(n)]
    return model({"body": body}, {"Doors": {"body": doors + vents, "metal": handles}})


@archetype("vending_machine", (1.0, 0.8), {"body": "painted_metal", "glass": "glass", "goods": "plastic", "light": "screen"},
           material_variants=("painted_red", "painted_blue", "painted_black"))
def vending_machine(v, d):
    body = bevel_box(1.0, 1.9, 0.8, 0.03, (0, 0.95, 0))
    window = bx(0.65, 1.3, 0.02, -0.12, 0.45, 0.4)
    goods = [bx(0.08, 0.15, 0.08, x, y, 0.25) for x in np.linspace(-0.38, 0.14, 5) for y in np.linspace(0.5, 1.5, 5 if d else 3)]
    keypad = bx(0.18, 0.3, 0.02, 0.33, 1.1, 0.4)
    slot = bx(0.5, 0.12, 0.03, -0.12, 0.15, 0.4)
    return model({"body": [body, slot]}, {"Window": {"glass": window}, "Goods": {"goods": goods}, "Keypad": {"light": keypad}})


@archetype("shipping_container", (2.44, 6.06), {"body": "painted_metal", "metal": "metal"}, material_variants=("painted_blue", "painted_red", "painted_orange", "painted_green", "rusty"))
def shipping_container(v, d):
    L, w, h = 6.06, 2.44, 2.59
    body = bx(w - 0.1, h - 0.1, L - 0.1, 0, 0.05, 0)
    n = 24 if d else 0
    ribs = [bx(0.04, h - 0.2, 0.1, x, 0.1, z) for x in (-w / 2 + 0.02, w / 2 - 0.02) for z in np.linspace(-L / 2 + 0.3, L / 2 - 0.3, n)] if n else []
    frame = [bx(0.15, h, 0.15, x, 0, z) for x in (-w / 2 + 0.075, w / 2 - 0.075) for z in (-L / 2 + 0.075, L / 2 - 0.075)]
    frame += [bx(w, 0.15, 0.15, 0, y, z) for y in (0.0, h - 0.15) for z in (-L / 2 + 0.075, L / 2 - 0.075)]
    bars = [rod((x, 0.2, L / 2 - 0.02), (x, h - 0.2, L / 2 - 0.02), 0.025, 5) for x in (-0.8, -0.4, 0.4, 0.8)]
    doors = [bx(w / 2 - 0.1, h - 0.3, 0.03, x, 0.15, L / 2 - 0.07) for x in (-w / 4, w / 4)]
    return model({"body": [body] + ribs, "metal": frame}, {"Doors": {"body": doors, "metal": bars}})


@archetype("forklift", (1.2, 3.0), {"body": "painted_metal", "metal": "metal", "tyre": "plastic", "seat": "leather"}, material_variants=("painted_yellow", "painted_orange", "painted_red"))
def forklift(v, d):
    s = seg(d, 1.25)
    chassis = bevel_box(1.1, 0.8, 2.0, 0.1, (0, 0.6, -0.2))
    counterweight = bevel_box(1.1, 0.6, 0.4, 0.15, (0, 0.7, -1.1))
    cage = [rod((x, 1.0, z), (x, 2.1, z), 0.03, 6) for x in (-0.5, 0.5) for z in (-0.6, 0.3)]
    roof = bx(1.1, 0.05, 1.0, 0, 2.1, -0.15)
    seat = bevel_box(0.45, 0.4, 0.4, 0.05, (0, 1.2, -0.5))
    mast = [bx(0.08, 2.4, 0.1, x, 0.1, 0.9) for x in (-0.35, 0.35)]
    forks = [bx(0.1, 0.04, 1.1, x, 0.15, 1.5) for x in (-0.25, 0.25)] + [bx(0.9, 0.5, 0.04, 0, 0.15, 0.98)]
    wheels = [place(cylinder(0.3 if z > 0 else 0.25, 0.2, s, y0=-0.1), (x, 0.3 if z > 0 else 0.25, z), rz=np.pi / 2) for x in (-0.5, 0.5) for z in (-0.8, 0.5)]
    return model({"body": [chassis, counterweight, roof], "metal": cage}, {"Mast": {"metal": mast + forks}, "Seat": {"seat": seat},
                                                                          "Wheels": {"tyre": wheels}})


@archetype("spaceship", (9.0, 12.0), {"hull": "painted_metal", "trim": "metal", "glass": "glass", "engine": "screen"}, material_variants=PAINT)
def spaceship(v, d):
    s = seg(d, 1.25)
    n = 6 + 2 * d
    zs = np.linspace(-6.0, 6.0, n)
    u = (zs + 6.0) / 12.0
    fuselage = sweep(ngon(1.0, s), np.stack([np.zeros(n), 1.6 + 0.3 * u, zs], 1),
                     scale=np.stack([1.3 * np.sqrt(np.clip(1 - u, 0.02, 1)) * (0.6 + 0.6 * np.sin(np.pi * np.clip(u, 0, 1) * 0.9 + 0.3)),
                                     0.9 * np.sqrt(np.clip(1 - u, 0.02, 1)) * (0.6 + 0.5 * np.sin(np.pi * np.clip(u, 0, 1) * 0.9 + 0.3))], 1))
    wings = mirror(place(extrude([(0.5, -4.0), (4.5, -3.5), (4.5, -2.0), (0.5, 1.5)], 0.15, axis="y"), (0, 1.5, 0)))
    canopy = ellipsoid(0.5, 0.35, 1.2, s, max(4, s // 2), (0, 2.35, 2.2))
    engines = [place(cylinder(0.45, 0.3, s, y0=0.0), (x, 1.6, -6.0), rx=-np.pi / 2) for x in (-0.6, 0.6)]
    fin = extrude([(-5.5, 0.0), (-3.0, 0.0), (-5.0, 2.0), (-5.8, 2.0)], 0.12, axis="x", center=(0, 2.0, 0))
    gear = [rod((x, 0.0, z), (x, 1.3, z), 0.08, 6) for x, z in ((-2.0, -2.0), (2.0, -2.0), (0.0, 3.5))]
    pads = [place(cylinder(0.3, 0.06, s), (x, 0, z)) for x, z in ((-2.0, -2.0), (2.0, -2.0), (0.0, 3.5))]
    return model({"hull": [fuselage, fin] + wings}, {"Canopy": {"glass": canopy}, "Engines": {"engine": engines},
                                                     "Landing Gear": {"trim": gear + pads}})


@archetype("neon_sign", (1.2, 0.1), {"tube": "screen", "metal": "metal"}, placement="wall", material_variants=("painted_pink", "painted_blue", "default"))
def neon_sign(v, d):
    n = 4 + 2 * d
    ring = tube(np.array([(0.45 * np.cos(a), 1.8 + 0.3 * np.sin(a), 0.06) for a in np.linspace(0, 2 * np.pi, 4 * n, endpoint=False)]), 0.015, 5, closed=True)
    bolt = tube([(-0.25, 1.95, 0.06), (0.05, 1.78, 0.06), (-0.05, 1.8, 0.06), (0.25, 1.62, 0.06)], 0.015, 5)
    backing = bx(1.1, 0.7, 0.02, 0, 1.45, 0.01)
    return model({"metal": backing}, {"Tubes": {"tube": [ring, bolt]}}, [Light((0.0, 1.8, 0.3), (1.0, 0.4, 0.8), 10.0, 5.0)])
