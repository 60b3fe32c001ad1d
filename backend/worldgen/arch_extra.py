"""The rest of the vocabulary's nameable things: ruins and stairs, rails, machines, small
piles, decorations."""

from __future__ import annotations

import numpy as np

from .arch_creatures import ANIMAL, animal, quadruped
from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import archetype, bevel_box, bx, extrude, legs, model, place, radial, revolve, rod, seg, tube

STONE = ("default", "mossy", "weathered")
WOOD = ("default", "dark", "weathered")


@archetype("arch", (3.0, 0.8), {"stone": "stone"}, material_variants=STONE)
def arch(v, d):
    n = 3 + 2 * d
    b = np.linspace(np.pi, 0, n)
    inner = np.vstack([[[-0.9, 0.0]], np.stack([0.9 * np.cos(b), 1.8 + 0.9 * np.sin(b)], 1), [[0.9, 0.0]]])
    outline = np.vstack([[[1.5, 0.0], [1.5, 3.2], [-1.5, 3.2], [-1.5, 0.0]], inner])
    body = extrude(outline, 0.8)
    keystone = bevel_box(0.3, 0.4, 0.85, 0.03, (0, 2.75, 0))
    return model({"stone": [body, keystone]})


@archetype("broken_wall", (3.0, 1.2), {"stone": "stone"}, material_variants=STONE)
def broken_wall(v, d):
    outline = [(-1.5, 0.0), (1.5, 0.0), (1.5, 1.1), (1.1, 1.4), (0.8, 0.9), (0.3, 1.8), (-0.2, 2.3), (-0.6, 1.7), (-1.0, 2.0), (-1.5, 1.6)]
    wall = extrude(outline, 0.6)
    rng = np.random.default_rng(12)
    debris = [place(bevel_box(float(rng.uniform(0.2, 0.4)), 0.15, float(rng.uniform(0.15, 0.3)), 0.03), (float(rng.uniform(-1.2, 1.2)), 0.0, float(rng.uniform(0.4, 0.8))),
                    ry=float(rng.uniform(0, 3))) for _ in range(5)]
    for g in debris:
        g.pos[:, 1] -= g.pos[:, 1].min()
    return model({"stone": wall}, {"Rubble": {"stone": debris}})


@archetype("staircase", (1.2, 3.0), {"wood": "wood", "rail": "wood"}, variants=2, material_variants=WOOD + ("polished",))
def staircase(v, d):
    n = 14 if v == 0 else 8
    rise, run = 0.18, 0.26
    steps = [bx(1.0, rise * (i + 1), run, 0, 0.0, -n * run / 2 + (i + 0.5) * run) for i in range(n)] if v == 1 else \
            [bx(1.0, 0.05, run + 0.02, 0, rise * (i + 1) - 0.05, -n * run / 2 + (i + 0.5) * run) for i in range(n)]
    pitch = np.arctan2(rise, run)
    stringers = [] if v == 1 else [place(box_, (x, rise * n / 2 - 0.12, 0), rx=-pitch) for x in (-0.53, 0.53)
                                   for box_ in [bx(0.05, 0.18, n * run / np.cos(pitch), 0, -0.09, 0)]]
    posts = [rod((0.55, rise * (i + 1), -n * run / 2 + (i + 0.5) * run), (0.55, rise * (i + 1) + 0.9, -n * run / 2 + (i + 0.5) * run), 0.012, 4)
             for i in range(0, n, 2 if d else 4)]
    rail = rod((0.55, rise + 0.9, -n * run / 2 + 0.13), (0.55, rise * n + 0.9, n * run / 2 - 0.13), 0.03, 6)
    return model({"wood": steps + stringers}, {"Banister": {"rail": posts + [rail]}})


@archetype("rails", (1.5, 4.0), {"metal": "rusty_metal", "wood": "wood"}, material_variants=("default", "rusty"))
def rails(v, d):
    L = 4.0
    sleepers = [bx(1.5, 0.1, 0.2, 0, 0, z) for z in np.linspace(-L / 2 + 0.2, L / 2 - 0.2, 7)]
    track = [extrude([(-0.035, 0.0), (0.035, 0.0), (0.01, 0.02), (0.01, 0.1), (0.03, 0.12), (-0.03, 0.12), (-0.01, 0.1), (-0.01, 0.02)], L,
                     center=(x, 0.1, 0)) for x in (-0.5, 0.5)]
    return model({"wood": sleepers}, {"Rails": {"metal": track}})


@archetype("camel", (0.8, 2.4), ANIMAL, material_variants=("warm", "painted_brown", "default"))
def camel(v, d):
    g = quadruped(d, 1.6, 1.9, 0.75, 1.25, 0.9, 0.45, tail=0.4, ears="round", snout=1.0, neck_up=0.55)
    s = seg(d)
    humps = [ellipsoid(0.3, 0.35, 0.35, s, max(4, s // 2), (0, 1.95, z)) for z in (-0.3, 0.3)]
    b = animal(g)
    b.body["fur"] = b.body["fur"] + humps
    return b


@archetype("tractor", (2.0, 3.6), {"body": "painted_metal", "tyre": "plastic", "metal": "metal", "glass": "glass", "seat": "leather"},
           material_variants=("painted_red", "painted_green", "painted_blue", "painted_yellow"))
def tractor(v, d):
    s = seg(d, 1.5)
    bonnet = bevel_box(0.8, 0.8, 1.6, 0.1, (0, 1.1, 0.8))
    chassis = bx(0.7, 0.4, 3.0, 0, 0.5, 0.2)
    grille = bx(0.7, 0.6, 0.03, 0, 0.8, 1.61)
    cab = [rod((x, 1.1, z), (x, 2.6, z), 0.035, 6) for x in (-0.6, 0.6) for z in (-1.1, -0.1)]
    roof = bx(1.4, 0.06, 1.2, 0, 2.6, -0.6)
    seat = bevel_box(0.5, 0.4, 0.5, 0.05, (0, 1.3, -0.7))
    wheel_g = [place(cylinder(0.75, 0.45, s, y0=-0.225), (x, 0.75, -0.8), rz=np.pi / 2) for x in (-0.85, 0.85)] + \
              [place(cylinder(0.42, 0.25, s, y0=-0.125), (x, 0.42, 1.1), rz=np.pi / 2) for x in (-0.65, 0.65)]
    hubs = [place(cylinder(0.3, 0.02, s, y0=-0.01), (np.sign(x) * 1.08, 0.75, -0.8), rz=np.pi / 2) for x in (-1, 1)]
    stack = rod((0.25, 1.5, 1.3), (0.25, 2.4, 1.3), 0.05, 6)
    wheel = tube([(0, 1.7, -0.2), (0, 1.75, -0.35)], 0.02, 4)
    return model({"body": [bonnet, chassis, grille], "metal": cab + [roof, stack, wheel]}, {"Wheels": {"tyre": wheel_g, "metal": hubs}, "Seat": {"seat": seat}})


@archetype("cooler", (0.6, 0.4), {"body": "plastic", "lid": "plastic", "metal": "metal"}, material_variants=("painted_blue", "painted_red", "painted_white"))
def cooler(v, d):
    body = bevel_box(0.6, 0.35, 0.4, 0.03, (0, 0.175, 0))
    lid = bevel_box(0.62, 0.06, 0.42, 0.025, (0, 0.38, 0))
    handles = [tube([(x, 0.25, -0.12), (x + np.sign(x) * 0.04, 0.27, 0.0), (x, 0.25, 0.12)], 0.012, 5) for x in (-0.3, 0.3)]
    return model({"body": body, "metal": handles}, {"Lid": {"lid": lid}})


@archetype("cubicle", (1.8, 1.8), {"panel": "cloth", "frame": "metal", "desk": "wood"}, material_variants=("painted_grey", "painted_blue", "default"))
def cubicle(v, d):
    panels = [bx(1.8, 1.5, 0.06, 0, 0.0, -0.87), bx(0.06, 1.5, 1.75, -0.87, 0.0, 0.0), bx(0.06, 1.5, 1.1, 0.87, 0.0, -0.3)]
    caps = [bx(1.8, 0.03, 0.08, 0, 1.5, -0.87), bx(0.08, 0.03, 1.75, -0.87, 1.5, 0.0), bx(0.08, 0.03, 1.1, 0.87, 1.5, -0.3)]
    desk = [bx(1.7, 0.04, 0.7, 0, 0.72, -0.48), bx(0.6, 0.04, 0.8, -0.5, 0.72, 0.27)]
    pedestal = bx(0.4, 0.68, 0.55, 0.6, 0.0, -0.5)
    return model({"panel": panels, "frame": caps}, {"Desk": {"desk": desk + [pedestal]}})


@archetype("dollhouse", (0.8, 0.4), {"wood": "wood", "roof": "painted_metal", "glass": "glass"}, placement="surface",
           material_variants=("painted_pink", "painted_white", "painted_yellow"))
def dollhouse(v, d):
    body = bx(0.8, 0.6, 0.4)
    floors = [bx(0.78, 0.02, 0.38, 0, 0.3, 0)]
    roof = extrude([(-0.45, 0.0), (0.45, 0.0), (0.0, 0.3)], 0.44, center=(0, 0.6, 0))
    windows = [bx(0.12, 0.12, 0.01, x, y, 0.2) for x in (-0.25, 0.0, 0.25) for y in (0.12, 0.42)]
    door = bx(0.12, 0.2, 0.01, 0.0, 0.0, 0.205)
    chimney = bx(0.08, 0.18, 0.08, 0.22, 0.72, 0.0)
    return model({"wood": [body, door, chimney] + floors}, {"Roof": {"roof": roof}, "Windows": {"glass": windows}})


@archetype("drawbridge", (4.0, 6.0), {"planks": "planks", "metal": "rusty_metal", "stone": "stone"}, material_variants=("default", "weathered"))
def drawbridge(v, d):
    deck = bx(3.6, 0.2, 6.0, 0, 0.0, 0)
    beams = [bx(0.25, 0.25, 6.0, x, -0.2, 0) for x in (-1.5, 0.0, 1.5)]
    bands = [bx(3.7, 0.05, 0.15, 0, 0.2, z) for z in np.linspace(-2.6, 2.6, 5)]
    chains = [rod((x, 0.25, 2.8), (x * 1.05, 4.0, -3.2), 0.04, 4) for x in (-1.7, 1.7)]
    towers = [bevel_box(0.8, 4.2, 0.8, 0.05, (x, 2.1, -3.4)) for x in (-2.2, 2.2)]
    return model({"planks": [deck] + beams, "stone": towers}, {"Chains": {"metal": chains + bands}})


@archetype("fairy_lights", (2.0, 0.1), {"wire": "plastic", "bulb": "lamp_shade"}, placement="wall", material_variants=("default",))
def fairy_lights(v, d):
    n = 6 + 4 * min(d, 2)
    xs = np.linspace(-1.0, 1.0, 4 * n)
    path = np.stack([xs, 2.2 - 0.25 * np.sin(np.pi * ((xs + 1.0) % 1.0)), np.full_like(xs, 0.05)], 1)
    wire = tube(path, 0.004, 3)
    bulbs = [ellipsoid(0.02, 0.03, 0.02, 6, 3, (p[0], p[1] - 0.03, p[2])) for p in path[:: max(1, len(path) // (2 * n))]]
    return model({"wire": wire}, {"Bulbs": {"bulb": bulbs}}, [Light((0.0, 2.0, 0.3), (1.0, 0.85, 0.5), 6.0, 4.0)])


@archetype("fern_patch", (2.0, 2.0), {"foliage": "foliage"}, material_variants=("default", "warm"))
def fern_patch(v, d):
    from .arch_nature import fern
    one = fern(0, max(0, d - 1)).body["foliage"]
    out = []
    for x, z, sc in ((-0.5, -0.4, 1.0), (0.5, -0.2, 0.8), (0.0, 0.5, 0.9), (-0.6, 0.5, 0.7), (0.6, 0.6, 0.75)):
        out += [place(g, (x, 0, z), scale=sc) for g in one]
    return model({"foliage": out})


@archetype("food", (0.4, 0.4), {"plate": "plaster", "food": "plastic", "bread": "straw"}, placement="surface",
           material_variants=("painted_white", "default"))
def food(v, d):
    s = seg(d, 1.25)
    plate = revolve([(0.0, 0.0), (0.1, 0.0), (0.15, 0.02), (0.14, 0.025), (0.0, 0.012)], s)
    roast = place(ellipsoid(0.08, 0.05, 0.06, s, max(4, s // 2)), (0.0, 0.05, 0.0))
    bone = rod((0.06, 0.06, 0.0), (0.12, 0.08, 0.0), 0.008, 4)
    veg = [ellipsoid(0.025, 0.02, 0.025, 6, 3, (0.09 * np.cos(a), 0.03, 0.09 * np.sin(a))) for a in np.linspace(1.5, 4.5, 4)]
    bread = place(ellipsoid(0.05, 0.035, 0.08, s, max(4, s // 2)), (-0.22, 0.03, 0.05))
    return model({"plate": plate}, {"Meal": {"food": [roast, bone] + veg, "bread": bread}})


@archetype("gold_pile", (0.8, 0.8), {"gold": "metal", "gem": "glass"}, material_variants=("polished", "painted_yellow"))
def gold_pile(v, d):
    s = seg(d, 1.25)
    heap = revolve([(0.4, 0.0), (0.3, 0.12), (0.15, 0.25), (0.0, 0.3)], s)
    heap.pos[:, 1] *= 1 + 0.1 * np.sin(9 * heap.pos[:, 0]) * np.cos(7 * heap.pos[:, 2])
    coins = [place(cylinder(0.025, 0.005, 8), (0.42 * np.cos(a), 0.0, 0.42 * np.sin(a)), rx=0.3) for a in np.linspace(0, 2 * np.pi, 9, endpoint=False)]
    goblet = place(revolve([(0.0, 0.0), (0.04, 0.0), (0.01, 0.02), (0.01, 0.08), (0.05, 0.14), (0.0, 0.12)], s), (0.1, 0.22, 0.05))
    gems = [place(cone(0.03, 0.04, 5), (x, 0.2, z)) for x, z in ((-0.1, 0.0), (0.0, -0.12))]
    return model({"gold": [heap, goblet] + coins}, {"Gems": {"gem": gems}})


@archetype("gurney", (0.7, 2.0), {"metal": "metal", "mattress": "cloth", "wheel": "plastic"}, material_variants=("default",))
def gurney(v, d):
    frame = bx(0.65, 0.05, 1.9, 0, 0.75, 0)
    mattress = bevel_box(0.6, 0.1, 1.85, 0.03, (0, 0.85, 0))
    lg = [rod((x, 0.1, z), (x, 0.75, z), 0.015, 5) for x in (-0.28, 0.28) for z in (-0.85, 0.85)]
    wheels = [place(cylinder(0.05, 0.03, 8, y0=-0.015), (x, 0.05, z), rz=np.pi / 2) for x in (-0.28, 0.28) for z in (-0.85, 0.85)]
    rails = [rod((x, 0.95, -0.6), (x, 0.95, 0.6), 0.01, 4) for x in (-0.32, 0.32)]
    return model({"metal": [frame] + lg + rails}, {"Mattress": {"mattress": mattress}, "Wheels": {"wheel": wheels}})


@archetype("lathe_machine", (1.8, 0.6), {"body": "painted_metal", "metal": "metal"}, material_variants=("painted_green", "painted_grey", "painted_blue"))
def lathe_machine(v, d):
    s = seg(d)
    bed = bx(1.6, 0.15, 0.35, 0, 0.9, 0)
    stands = [bevel_box(0.35, 0.9, 0.5, 0.03, (x, 0.45, 0)) for x in (-0.6, 0.6)]
    headstock = bevel_box(0.4, 0.35, 0.35, 0.03, (-0.6, 1.22, 0))
    tailstock = bevel_box(0.2, 0.25, 0.25, 0.03, (0.6, 1.17, 0))
    chuck = place(cylinder(0.1, 0.08, s), (-0.38, 1.2, 0), rz=-np.pi / 2)
    work = place(cylinder(0.04, 0.7, s), (-0.32, 1.2, 0), rz=-np.pi / 2)
    carriage = bx(0.25, 0.12, 0.4, 0.1, 1.05, 0.05)
    wheels = [place(cylinder(0.07, 0.02, s), (x, 1.0, 0.22), rx=np.pi / 2) for x in (-0.6, 0.1)]
    return model({"body": [bed, headstock, tailstock] + stands}, {"Spindle": {"metal": [chuck, work]}, "Carriage": {"metal": [carriage] + wheels}})


@archetype("organ", (2.0, 1.7), {"wood": "wood", "pipes": "metal", "keys": "plastic"}, material_variants=WOOD)
def organ(v, d):
    s = max(6, seg(d, 0.75))
    case = bx(2.0, 1.2, 0.8, 0, 0, -0.05)
    console = bx(1.4, 0.1, 0.4, 0, 0.8, 0.5)
    keys = [bx(1.2, 0.02, 0.14, 0, 0.9 + 0.05 * i, 0.55 - 0.08 * i) for i in range(2)]
    n = 15 if d else 7
    pipes = [place(revolve([(0.05, 0.0), (0.05, h - 0.1), (0.0, h)], s), (x, 1.2, -0.2)) for x, h in
             zip(np.linspace(-0.9, 0.9, n), 1.0 + 1.2 * (1 - np.abs(np.linspace(-1, 1, n))))]
    bench = [bx(1.2, 0.05, 0.35, 0, 0.5, 1.05)] + [bx(0.05, 0.5, 0.3, x, 0, 1.05) for x in (-0.55, 0.55)]
    return model({"wood": [case, console]}, {"Pipes": {"pipes": pipes}, "Keys": {"keys": keys}, "Bench": {"wood": bench}})


@archetype("plank_pile", (2.4, 0.8), {"wood": "planks"}, material_variants=("default", "weathered"))
def plank_pile(v, d):
    rng = np.random.default_rng(13)
    planks = []
    for layer in range(4):
        for i in range(3):
            planks.append(place(bx(2.4, 0.05, 0.22), (float(rng.uniform(-0.08, 0.08)), 0.05 * layer + 0.08, (i - 1) * 0.25), ry=float(rng.uniform(-0.04, 0.04))))
    bearers = [bx(0.1, 0.08, 0.9, x, 0, 0) for x in (-0.9, 0.0, 0.9)]
    return model({"wood": planks + bearers})


@archetype("prison_cell", (3.0, 3.0), {"metal": "rusty_metal", "stone": "stone", "wood": "wood"}, material_variants=("default", "rusty"))
def prison_cell(v, d):
    floor = bx(3.0, 0.1, 3.0)
    walls = [bx(3.0, 2.6, 0.2, 0, 0.1, -1.4), bx(0.2, 2.6, 2.8, -1.4, 0.1, 0.1), bx(0.2, 2.6, 2.8, 1.4, 0.1, 0.1)]
    bars = [rod((x, 0.1, 1.45), (x, 2.7, 1.45), 0.02, 4) for x in np.linspace(-1.25, 1.25, 14)]
    rails = [rod((-1.3, y, 1.45), (1.3, y, 1.45), 0.03, 4) for y in (0.2, 1.4, 2.6)]
    bunk = [bx(0.8, 0.08, 1.9, -0.85, 0.5, -0.3)] + [bx(0.06, 0.5, 0.06, -0.5, 0.0, z) for z in (-1.1, 0.5)]
    return model({"stone": [floor] + walls, "wood": bunk}, {"Bars": {"metal": bars + rails}})


@archetype("sewing_basket", (0.35, 0.25), {"wicker": "straw", "yarn": "cloth", "metal": "metal"}, placement="surface",
           material_variants=("default", "warm"))
def sewing_basket(v, d):
    s = seg(d)
    basket = place(revolve([(0.0, 0.0), (0.14, 0.0), (0.16, 0.12), (0.15, 0.12), (0.13, 0.01), (0.0, 0.01)], s), scale=(1.1, 1.0, 0.75))
    yarn = [ellipsoid(0.05, 0.05, 0.05, s, max(4, s // 2), (x, 0.11, z)) for x, z in ((-0.05, 0.0), (0.06, 0.02))]
    needles = [rod((-0.05, 0.11, 0.0), (0.05, 0.22, -0.03), 0.003, 3), rod((-0.05, 0.11, 0.0), (-0.1, 0.21, 0.04), 0.003, 3)]
    return model({"wicker": basket}, {"Yarn": {"yarn": yarn, "metal": needles}})


@archetype("siege_tower", (3.0, 3.0), {"wood": "wood", "hide": "leather"}, material_variants=WOOD)
def siege_tower(v, d):
    s = seg(d, 1.25)
    frame = [rod((x * 1.4, 0.4, z * 1.4), (x * 1.1, 7.0, z * 1.1), 0.1, 4) for x in (-1, 1) for z in (-1, 1)]
    floors = [bx(2.8 - 0.1 * i, 0.1, 2.8 - 0.1 * i, 0, 0.4 + 2.2 * i, 0) for i in range(4)]
    hides = [bx(2.4, 6.2, 0.05, 0, 0.6, 1.3), bx(0.05, 6.2, 2.4, -1.3, 0.6, 0), bx(0.05, 6.2, 2.4, 1.3, 0.6, 0)]
    ramp = place(bx(1.4, 0.08, 1.8), (0, 6.6, 1.35), rx=-1.2)
    wheels = [place(cylinder(0.4, 0.15, s, y0=-0.075), (x, 0.4, z), rz=np.pi / 2) for x in (-1.5, 1.5) for z in (-1.0, 1.0)]
    return model({"wood": frame + floors}, {"Hides": {"hide": hides}, "Ramp": {"wood": ramp}, "Wheels": {"wood": wheels}})


@archetype("torture_rack", (1.0, 2.2), {"wood": "wood", "metal": "rusty_metal", "rope": "straw"}, material_variants=("weathered", "dark"))
def torture_rack(v, d):
    s = seg(d)
    frame = [bx(0.1, 0.15, 2.2, x, 0.6, 0) for x in (-0.45, 0.45)] + legs(1.0, 2.1, 0.6, 0.12)
    rollers = [place(cylinder(0.08, 1.0, s, y0=-0.5), (0, 0.8, z), rz=np.pi / 2) for z in (-1.0, 1.0)]
    spokes = [place(bx(0.04, 0.5, 0.04), (x, 0.8, z), rx=r) for x in (-0.55, 0.55) for z in (-1.0, 1.0) for r in (0.0, np.pi / 2)]
    ropes = [rod((x, 0.85, -0.95), (x, 0.85, 0.95), 0.01, 3) for x in (-0.15, 0.15)]
    return model({"wood": frame}, {"Rollers": {"wood": rollers + spokes, "rope": ropes}})


@archetype("vine", (1.0, 0.05), {"stem": "bark", "leaves": "foliage"}, placement="wall", material_variants=("default", "warm"))
def vine(v, d):
    rng = np.random.default_rng(21)
    stems, leaves = [], []
    for k in range(3):
        x0 = (k - 1) * 0.35
        pts = [(x0 + 0.15 * np.sin(3 * t + k), 2.4 * t, 0.04) for t in np.linspace(0, 1, 5 + 2 * d)]
        stems.append(tube(pts, 0.012, 4))
        for p in pts[1:]:
            for side in (-1, 1):
                leaves.append(place(ellipsoid(0.06, 0.04, 0.012, 6, 3), (p[0] + side * 0.07, p[1] + float(rng.uniform(-0.05, 0.05)), 0.06), rz=side * 0.5))
    return model({"stem": stems}, {"Leaves": {"leaves": leaves}})


@archetype("boathouse", (5.0, 7.0), {"wood": "planks", "roof": "planks", "frame": "wood"}, material_variants=("default", "weathered", "painted_red"))
def boathouse(v, d):
    piles = [place(cylinder(0.15, 1.0, max(6, seg(d))), (x, 0, z)) for x in (-2.3, 2.3) for z in (-3.2, 0.0, 3.2)]
    deck = bx(5.0, 0.15, 7.0, 0, 1.0, 0)
    walls = [bx(5.0, 2.6, 0.12, 0, 1.15, -3.44), bx(0.12, 2.6, 6.9, -2.44, 1.15, 0), bx(0.12, 2.6, 6.9, 2.44, 1.15, 0)]
    # The water-side gable with its boat door: outline round the frame, then up and over the opening.
    front = extrude([(1.6, 0.0), (2.5, 0.0), (2.5, 2.6), (0.0, 4.0), (-2.5, 2.6), (-2.5, 0.0), (-1.6, 0.0), (-1.6, 2.2), (1.6, 2.2)],
                    0.12, center=(0, 1.15, 3.44))
    roof = [place(bx(3.0, 0.1, 7.4), (sx * 1.25, 4.45, 0), rz=-sx * 0.51) for sx in (-1, 1)]
    back_gable = extrude([(-2.5, 0.0), (2.5, 0.0), (0.0, 1.4)], 0.12, center=(0, 3.75, -3.44))
    return model({"wood": walls + [front, back_gable], "frame": piles + [deck]}, {"Roof": {"roof": roof}})


@archetype("cabin", (5.8, 4.5), {"logs": "bark", "roof": "planks", "glass": "glass", "stone": "stone", "wood": "wood"},
           material_variants=("default", "mossy"))
def cabin(v, d):
    # A log cabin: stacked round logs, gable roof, stone chimney, door and windows at the front.
    s = max(5, seg(d, 0.5))
    w, dp, n = 5.0, 4.0, 8
    logs = []
    for i in range(n):
        y = 0.14 + i * 0.27
        logs.append(place(cylinder(0.14, w + 0.3, s, y0=-(w + 0.3) / 2), (0, y, dp / 2 - 0.14), rz=np.pi / 2))
        logs.append(place(cylinder(0.14, w + 0.3, s, y0=-(w + 0.3) / 2), (0, y, -dp / 2 + 0.14), rz=np.pi / 2))
        logs.append(place(cylinder(0.14, dp + 0.3, s, y0=-(dp + 0.3) / 2), (w / 2 - 0.14, y + 0.13, 0), rx=np.pi / 2))
        logs.append(place(cylinder(0.14, dp + 0.3, s, y0=-(dp + 0.3) / 2), (-w / 2 + 0.14, y + 0.13, 0), rx=np.pi / 2))
    top = 0.14 + n * 0.27
    gables = [extrude([(-dp / 2, 0.0), (dp / 2, 0.0), (0.0, 1.5)], 0.2, axis="x", center=(x, top, 0)) for x in (-w / 2 + 0.14, w / 2 - 0.14)]
    roof = [place(bx(w + 0.6, 0.12, 2.75), (0, top + 0.75, sz * 1.1), rx=sz * 0.64) for sz in (-1, 1)]
    chimney = bx(0.7, top + 2.2, 0.7, w / 2 + 0.2, 0, 0)
    door = bx(0.9, 1.9, 0.08, 0.6, 0.1, dp / 2 + 0.02)
    windows = [bx(0.8, 0.7, 0.06, x, 1.0, dp / 2 + 0.03) for x in (-1.4,)]
    return model({"logs": logs + gables, "stone": chimney}, {"Roof": {"roof": roof}, "Door": {"wood": door}, "Windows": {"glass": windows}})


@archetype("crystal_ball", (0.25, 0.25), {"glass": "glass", "stand": "metal"}, placement="surface", material_variants=("default", "polished"))
def crystal_ball(v, d):
    s = seg(d, 1.25)
    stand = revolve([(0.0, 0.0), (0.1, 0.0), (0.1, 0.02), (0.05, 0.05), (0.07, 0.09), (0.0, 0.09)], s)
    claws = radial(tube([(0.05, 0.07, 0), (0.08, 0.12, 0), (0.06, 0.16, 0)], 0.008, 4), 3)
    ball = ellipsoid(0.1, 0.1, 0.1, s, max(4, s // 2), (0, 0.18, 0))
    return model({"stand": [stand] + claws}, {"Ball": {"glass": ball}}, [Light((0.0, 0.18, 0.0), (0.6, 0.5, 1.0), 2.0, 2.0)])


@archetype("spittoon", (0.3, 0.3), {"brass": "metal"}, material_variants=("polished", "default", "rusty"))
def spittoon(v, d):
    s = seg(d, 1.25)
    return model({"brass": revolve([(0.0, 0.0), (0.12, 0.0), (0.15, 0.08), (0.12, 0.16), (0.08, 0.19), (0.13, 0.25), (0.12, 0.25),
                                     (0.07, 0.2), (0.0, 0.18)], s)})


@archetype("watering_can", (0.5, 0.2), {"metal": "painted_metal"}, material_variants=("painted_green", "painted_red", "rusty", "default"))
def watering_can(v, d):
    s = seg(d)
    body = revolve([(0.0, 0.0), (0.1, 0.0), (0.1, 0.25), (0.06, 0.28), (0.0, 0.28)], s)
    spout = tube([(0.08, 0.06, 0), (0.22, 0.2, 0), (0.3, 0.3, 0)], 0.015, 6)
    rose = place(cylinder(0.035, 0.03, s), (0.31, 0.31, 0), rz=-0.9)
    handle = tube([(-0.08, 0.2, 0), (-0.12, 0.33, 0), (0.0, 0.36, 0), (0.05, 0.28, 0)], 0.012, 5)
    return model({"metal": [body, spout, rose]}, {"Handle": {"metal": handle}})


@archetype("wheelchair", (0.65, 1.0), {"frame": "metal", "seat": "leather", "tyre": "plastic"}, material_variants=("default", "polished"))
def wheelchair(v, d):
    s = seg(d, 1.5)
    wheels = [place(torus(0.28, 0.02, s, 5), (x, 0.3, -0.05), rz=np.pi / 2) for x in (-0.3, 0.3)]
    rims = [place(torus(0.25, 0.008, s, 4), (x * 1.08, 0.3, -0.05), rz=np.pi / 2) for x in (-0.3, 0.3)]
    casters = [place(cylinder(0.06, 0.03, 8, y0=-0.015), (x, 0.06, 0.35), rz=np.pi / 2) for x in (-0.22, 0.22)]
    frame = [rod((x, 0.06, 0.35), (x, 0.5, 0.3), 0.012, 5) for x in (-0.24, 0.24)] + [rod((x, 0.3, -0.05), (x, 0.95, -0.15), 0.012, 5) for x in (-0.24, 0.24)]
    frame += [rod((x, 0.5, 0.3), (x, 0.5, -0.1), 0.012, 5) for x in (-0.24, 0.24)] + [rod((x, 0.95, -0.15), (x, 0.95, -0.3), 0.012, 5) for x in (-0.24, 0.24)]
    footrests = [bx(0.12, 0.02, 0.1, x, 0.1, 0.42) for x in (-0.1, 0.1)]
    seat = bevel_box(0.46, 0.05, 0.42, 0.015, (0, 0.5, 0.1))
    back = bevel_box(0.46, 0.4, 0.04, 0.015, (0, 0.72, -0.1))
    return model({"frame": frame + footrests}, {"Wheels": {"tyre": wheels, "frame": rims + casters}, "Seat": {"seat": [seat, back]}})


@archetype("pond", (4.0, 3.0), {"water": "glass", "stone": "stone", "plant": "foliage"}, material_variants=("default", "mossy"))
def pond(v, d):
    s = seg(d, 2.0)
    water = place(cylinder(1.0, 0.02, s, y0=0.0), scale=(1.8, 1.0, 1.3))
    rng = np.random.default_rng(31)
    stones = [ellipsoid(float(rng.uniform(0.15, 0.25)), 0.12, float(rng.uniform(0.12, 0.2)), 8, 4, (1.9 * np.cos(a), 0.05, 1.4 * np.sin(a)))
              for a in np.linspace(0, 2 * np.pi, 10 + 6 * min(d, 2), endpoint=False)]
    for g in stones:
        g.pos[:, 1] = np.maximum(g.pos[:, 1], 0.0)
    reeds = [rod((x, 0.0, z), (x * 1.02, 0.9, z * 1.02), 0.01, 3) for x, z in ((1.5, 0.6), (1.55, 0.5), (1.45, 0.7), (-1.4, -0.8))]
    return model({"water": water}, {"Stones": {"stone": stones}, "Reeds": {"plant": reeds}})


@archetype("puddle", (1.2, 0.8), {"water": "glass"})
def puddle(v, d):
    n = 8 + 4 * d
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = 1.0 + 0.15 * np.sin(3 * a) + 0.08 * np.cos(5 * a)
    outline = np.stack([0.6 * r * np.cos(a), 0.4 * r * np.sin(a)], 1)
    return model({"water": extrude(outline, 0.01, axis="y", center=(0, 0.005, 0))})
