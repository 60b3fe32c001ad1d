"""Farm, garden and yard archetypes."""

from __future__ import annotations

import numpy as np

from .mesh import cone, cylinder, ellipsoid, torus
from .parts import (arc, archetype, bevel_box, bx, extrude, legs, model, ngon, place, revolve, rod, seg, sweep,
                    tube)


@archetype("scarecrow", (1.3, 0.5), {"wood": "wood", "cloth": "cloth", "straw": "straw"}, material_variants=("default", "weathered"))
def scarecrow(v, d):
    s = seg(d)
    post = bx(0.08, 1.9, 0.08)
    beam = bx(1.1, 0.07, 0.07, 0, 1.45, 0)
    body = revolve([(0.0, 0.9), (0.2, 0.92), (0.17, 1.2), (0.2, 1.5), (0.0, 1.55)], s)
    sleeves = [place(cylinder(0.07, 0.42, s // 2, y0=0.0, r_top=0.06), (x, 1.48, 0), rz=-np.sign(x) * np.pi / 2) for x in (-0.15, 0.15)]
    tufts = [place(cone(0.05, 0.1, 5), (x, 1.48, 0), rz=-np.sign(x) * np.pi / 2) for x in (-0.57, 0.57)]
    head = ellipsoid(0.13, 0.15, 0.13, s, max(4, s // 2), (0, 1.7, 0))
    hat = [cylinder(0.25, 0.015, s, y0=1.8), cylinder(0.12, 0.17, s, y0=1.81, r_top=0.1)]
    return model({"wood": [post, beam]}, {"Clothes": {"cloth": [body] + sleeves + hat}, "Head": {"straw": [head] + tufts}})


@archetype("trough", (2.0, 0.6), {"wood": "wood", "water": "glass"}, material_variants=("default", "weathered"))
def trough(v, d):
    outline = [(-0.3, 0.1), (0.3, 0.1), (0.35, 0.5), (0.3, 0.5), (0.25, 0.15), (-0.25, 0.15), (-0.3, 0.5), (-0.35, 0.5)]
    body = extrude(outline, 1.9, axis="x")
    ends = [extrude([(-0.3, 0.1), (0.3, 0.1), (0.35, 0.5), (-0.35, 0.5)], 0.05, axis="x", center=(x, 0, 0)) for x in (-0.95, 0.95)]
    feet = [bx(0.1, 0.1, 0.7, x, 0, 0) for x in (-0.7, 0.7)]
    water = bx(1.85, 0.02, 0.5, 0, 0.4, 0)
    return model({"wood": [body] + ends + feet}, {"Water": {"water": water}})


@archetype("fence", (3.0, 0.12), {"wood": "wood"}, variants=2, material_variants=("default", "weathered", "painted_white"))
def fence(v, d):
    L = 3.0
    posts = [bx(0.1, 1.2, 0.1, x, 0, 0) for x in np.linspace(-L / 2 + 0.05, L / 2 - 0.05, 3)]
    if v == 0:  # post and rail
        rails = [bx(L, 0.1, 0.04, 0, y, 0.05) for y in (0.45, 0.95)]
        return model({"wood": posts}, {"Rails": {"wood": rails}})
    rails = [bx(L, 0.07, 0.03, 0, y, 0.04) for y in (0.3, 0.8)]  # picket fence
    pickets = [extrude([(-0.04, 0.0), (0.04, 0.0), (0.04, 0.95), (0.0, 1.02), (-0.04, 0.95)], 0.02, center=(x, 0.05, 0.065))
               for x in np.linspace(-L / 2 + 0.1, L / 2 - 0.1, 14 if d else 7)]
    return model({"wood": posts + rails}, {"Pickets": {"wood": pickets}})


@archetype("chicken_coop", (1.6, 1.3), {"wood": "planks", "roof": "planks", "wire": "metal", "straw": "straw"},
           material_variants=("default", "weathered", "painted_red"))
def chicken_coop(v, d):
    house = bx(1.0, 0.7, 1.1, -0.3, 0.5, 0)
    stilts = [bx(0.07, 0.5, 0.07, x, 0, z) for x in (-0.75, 0.15) for z in (-0.5, 0.5)]
    roof = extrude([(-0.62, 0.0), (0.62, 0.0), (0.0, 0.42)], 1.2, axis="z", center=(-0.3, 1.2, 0))
    run = [bx(0.6, 0.02, 1.1, 0.5, 0.9, 0)] + [bx(0.03, 0.9, 0.03, 0.78, 0, z) for z in (-0.53, 0.53)]
    wire = [bx(0.01, 0.88, 1.06, 0.785, 0.0, 0), bx(0.6, 0.88, 0.01, 0.5, 0.0, -0.54), bx(0.6, 0.88, 0.01, 0.5, 0.0, 0.54)]
    ramp = place(bx(0.25, 0.02, 0.7), (-0.3, 0.25, 0.75), rx=0.7)
    door = bx(0.3, 0.35, 0.02, -0.3, 0.6, 0.56)
    return model({"wood": [house, ramp] + stilts + run}, {"Roof": {"roof": roof}, "Run": {"wire": wire}, "Door": {"wood": door}})


@archetype("pitchfork", (0.15, 0.3), {"wood": "wood", "metal": "metal"}, placement="wall")
def pitchfork(v, d):
    # Leaning against the wall: handle and tines in one plane, back on z = 0.
    handle = rod((0, 0.0, 0.3), (0, 1.45, 0.04), 0.016, 6)
    tines = [tube([(x, 1.42, 0.045), (x, 1.55, 0.03), (x * 0.9, 1.75, 0.02)], 0.006, 4) for x in (-0.06, -0.02, 0.02, 0.06)]
    bar = rod((-0.07, 1.43, 0.045), (0.07, 1.43, 0.045), 0.01, 5)
    return model({"wood": handle}, {"Head": {"metal": tines + [bar]}})


@archetype("water_pump", (0.35, 1.0), {"metal": "painted_metal", "stone": "stone"}, material_variants=("painted_green", "painted_black", "rusty"))
def water_pump(v, d):
    s = seg(d)
    body = revolve([(0.1, 0.0), (0.08, 0.1), (0.07, 1.0), (0.09, 1.05), (0.05, 1.15), (0.0, 1.16)], s)
    spout = tube([(0, 0.8, 0.05), (0, 0.8, 0.25), (0, 0.72, 0.3)], 0.03, s // 2)
    handle = tube([(0, 1.1, 0.0), (0, 1.2, -0.2), (0, 1.15, -0.45)], 0.015, 6)
    basin = bevel_box(0.35, 0.15, 0.35, 0.02, (0, 0.075, 0.45))
    return model({"metal": [body, spout]}, {"Handle": {"metal": handle}, "Basin": {"stone": basin}})


@archetype("beehive", (0.5, 0.5), {"wood": "wood", "roof": "metal"}, variants=2, material_variants=("painted_white", "painted_yellow", "default"))
def beehive(v, d):
    s = seg(d, 1.25)
    if v == 1:  # a straw skep on a stand
        skep = revolve([(0.0, 0.4), (0.22, 0.4)] + [(0.22 * np.cos(a), 0.4 + 0.35 * np.sin(a)) for a in np.linspace(0.3, np.pi / 2, 3 + d)], s)
        stand = [bx(0.5, 0.04, 0.5, 0, 0.36, 0)] + legs(0.45, 0.45, 0.36, 0.05)
        return model({"roof": skep, "wood": stand})
    stand = bx(0.5, 0.15, 0.5)
    boxes = [bevel_box(0.45, 0.24, 0.45, 0.01, (0, 0.15 + 0.12 + i * 0.25, 0)) for i in range(3)]
    roof = extrude([(-0.3, 0.0), (0.3, 0.0), (0.0, 0.12)], 0.55, axis="z", center=(0, 0.9, 0))
    entrance = bx(0.2, 0.02, 0.03, 0, 0.16, 0.24)
    return model({"wood": [stand, entrance] + boxes}, {"Roof": {"roof": roof}})


@archetype("windmill", (9.0, 4.6), {"wood": "planks", "stone": "stone", "sail": "cloth", "roof": "wood"}, material_variants=("default", "weathered"))
def windmill(v, d):
    s = seg(d)
    tower = revolve([(2.2, 0.0), (1.6, 8.0), (0.0, 8.0)], max(6, s))
    cap = revolve([(1.8, 8.0), (1.2, 9.5), (0.0, 10.0)], max(6, s))
    hub = place(cylinder(0.25, 0.6, s, y0=0.0), (0, 8.6, 1.7), rx=np.pi / 2)
    blades = []
    for a in np.arange(4) * np.pi / 2 + 0.3:
        blades.append(place(bx(0.15, 4.8, 0.1, 0, 0.2, 0), (0, 8.6, 2.3), rz=a))
        blades.append(place(bx(0.9, 3.8, 0.03, 0.5, 1.1, 0), (0, 8.6, 2.35), rz=a))
    door = bx(1.0, 2.0, 0.2, 0, 0, 2.05)
    return model({"wood": tower, "roof": cap}, {"Sails": {"wood": blades[::2] + [hub], "sail": blades[1::2]}, "Door": {"stone": door}})


@archetype("wheelbarrow", (0.7, 1.5), {"tray": "painted_metal", "wood": "wood", "tyre": "plastic"}, material_variants=("painted_green", "painted_red", "rusty", "default"))
def wheelbarrow(v, d):
    s = seg(d, 1.25)
    tray = place(revolve([(0.0, 0.0), (0.2, 0.0), (0.32, 0.3), (0.3, 0.3), (0.18, 0.02), (0.0, 0.02)], s), (0, 0.38, 0.05), scale=(1.0, 1.0, 1.4))
    handles = [tube([(x, 0.25, 0.55), (x, 0.4, -0.2), (x * 1.3, 0.55, -0.9)], 0.02, 6) for x in (-0.2, 0.2)]
    wheel = place(cylinder(0.2, 0.08, s, y0=-0.04), (0, 0.2, 0.6), rz=np.pi / 2)
    legs_ = [rod((x, 0.0, -0.3), (x, 0.4, -0.25), 0.015, 5) for x in (-0.2, 0.2)]
    return model({"tray": tray, "wood": handles + legs_}, {"Wheel": {"tyre": wheel}})


@archetype("hay_cart", (1.8, 3.8), {"wood": "wood", "straw": "straw", "metal": "metal"}, material_variants=("default", "weathered"))
def hay_cart(v, d):
    s = seg(d, 1.5)
    bed = bx(1.5, 0.1, 2.8, 0, 0.65, 0)
    rails = [bx(0.05, 0.5, 2.8, x, 0.75, 0) for x in (-0.75, 0.75)]
    shafts = [bx(0.06, 0.06, 1.4, x, 0.55, 1.95) for x in (-0.45, 0.45)]
    wheels = [place(cylinder(0.55, 0.08, s, y0=-0.04), (x, 0.55, 0.0), rz=np.pi / 2) for x in (-0.85, 0.85)]
    hubs = [place(cylinder(0.08, 0.2, 8, y0=-0.1), (x, 0.55, 0.0), rz=np.pi / 2) for x in (-0.85, 0.85)]
    hay = ellipsoid(0.8, 0.75, 1.4, s, max(4, s // 2), (0, 0.95, 0))
    hay.pos[:, 1] = np.maximum(hay.pos[:, 1], 0.75)
    return model({"wood": [bed] + rails + shafts}, {"Wheels": {"wood": wheels, "metal": hubs}, "Hay": {"straw": hay}})


@archetype("vegetable_patch", (3.0, 2.0), {"soil": "soil", "plant": "foliage", "wood": "wood"})
def vegetable_patch(v, d):
    s = max(5, seg(d, 0.5))
    bed = bevel_box(3.0, 0.25, 2.0, 0.08, (0, 0.125, 0))
    edges = [bx(3.1, 0.3, 0.05, 0, 0, z) for z in (-1.03, 1.03)] + [bx(0.05, 0.3, 2.0, x, 0, 0) for x in (-1.53, 1.53)]
    plants = [ellipsoid(0.14, 0.12, 0.14, s, max(3, s // 2), (x, 0.3, z)) for x in np.linspace(-1.2, 1.2, 6 if d else 4) for z in (-0.6, 0.0, 0.6)]
    return model({"soil": bed, "wood": edges}, {"Plants": {"plant": plants}})


@archetype("bucket", (0.35, 0.35), {"wood": "wood", "metal": "metal"}, variants=2, material_variants=("default", "weathered", "rusty"))
def bucket(v, d):
    s = seg(d)
    body = revolve([(0.0, 0.0), (0.13, 0.0), (0.16, 0.32), (0.15, 0.32), (0.12, 0.02), (0.0, 0.02)], s)
    handle = tube(arc((0, 0.32, 0), 0.155, 0.1, np.pi - 0.1, 3 + d, "xy"), 0.006, 4)
    hoops = [torus(0.14 + 0.03 * t, 0.006, s, 4, y=0.32 * t) for t in (0.2, 0.8)] if v == 0 else []
    return model({"wood" if v == 0 else "metal": body}, {"Handle": {"metal": [handle] + hoops}})


@archetype("sack", (0.5, 0.4), {"cloth": "cloth", "rope": "straw"}, variants=2, material_variants=("default", "weathered", "warm"))
def sack(v, d):
    s = seg(d)
    if v == 1:  # lying on its side
        g = ellipsoid(0.25, 0.17, 0.4, s, max(4, s // 2), (0, 0.17, 0))
        g.pos[:, 1] = np.maximum(g.pos[:, 1], 0.02)
        return model({"cloth": g})
    h = 0.8
    prof = [(0.0, 0.0), (0.22, 0.01), (0.27, 0.12), (0.27, h * 0.55), (0.2, h * 0.85), (0.06, h * 0.92), (0.08, h + 0.05), (0.0, h + 0.06)]
    body = place(revolve(prof, s), scale=(1.0, 1.0, 0.75))
    tie = place(torus(0.065, 0.012, s, 5, y=h * 0.93), scale=(1.0, 1.0, 0.75))
    return model({"cloth": body, "rope": tie})


@archetype("fruit_crate", (0.6, 0.4), {"wood": "wood", "fruit": "plastic"}, material_variants=("painted_red", "painted_orange", "painted_green", "painted_yellow"))
def fruit_crate(v, d):
    slats = [bx(0.6, 0.08, 0.02, 0, y, z) for y in (0.02, 0.16) for z in (-0.19, 0.19)]
    ends = [bx(0.02, 0.3, 0.4, x, 0, 0) for x in (-0.29, 0.29)]
    floor = bx(0.56, 0.02, 0.38)
    s = max(6, seg(d, 0.75))
    fruit = [ellipsoid(0.045, 0.045, 0.045, s, max(3, s // 2), (x, 0.25, z)) for x in np.linspace(-0.22, 0.22, 5) for z in (-0.12, -0.04, 0.04, 0.12)]
    return model({"fruit": fruit}, {"Crate": {"wood": slats + ends + [floor]}})


@archetype("pallet", (1.2, 1.0), {"wood": "wood"}, material_variants=("default", "weathered"))
def pallet(v, d):
    top = [bx(1.2, 0.02, 0.1, 0, 0.124, z) for z in np.linspace(-0.45, 0.45, 7)]
    blocks = [bx(0.1, 0.08, 0.1, x, 0.022, z) for x in (-0.55, 0.0, 0.55) for z in (-0.45, 0.0, 0.45)]
    stringers = [bx(0.1, 0.022, 1.0, x, 0.102, 0) for x in (-0.55, 0.0, 0.55)]
    bottom = [bx(1.2, 0.022, 0.1, 0, 0, z) for z in (-0.45, 0.0, 0.45)]
    return model({"wood": top + blocks + stringers + bottom})


@archetype("fountain", (3.2, 3.2), {"stone": "stone", "water": "glass"}, material_variants=("default", "mossy", "weathered"))
def fountain(v, d):
    s = seg(d, 2.0)
    basin = revolve([(0.0, 0.0), (1.6, 0.0), (1.6, 0.5), (1.45, 0.5), (1.45, 0.1), (0.0, 0.1)], s)
    column = revolve([(0.25, 0.1), (0.15, 0.3), (0.12, 1.3), (0.0, 1.3)], s)
    bowl = revolve([(0.1, 1.2), (0.6, 1.35), (0.65, 1.45), (0.55, 1.45), (0.0, 1.38)], s)
    top = revolve([(0.08, 1.45), (0.05, 1.9), (0.2, 2.0), (0.0, 2.05)], s)
    water = [cylinder(1.45, 0.32, s, y0=0.1), cylinder(0.55, 0.02, s, y0=1.4)]
    return model({"stone": [basin, column, bowl, top]}, {"Water": {"water": water}})


@archetype("fruit_tree", (3.0, 3.0), {"bark": "bark", "foliage": "foliage", "fruit": "plastic"},
           material_variants=("default",))
def fruit_tree(v, d):
    s = seg(d)
    trunk = sweep(ngon(1.0, s), [(0, 0, 0), (0.1, 1.0, 0), (0.0, 2.0, 0.1)], scale=[0.18, 0.14, 0.1])
    crown = ellipsoid(1.5, 1.2, 1.5, s, max(4, s // 2), (0, 3.0, 0))
    fruit = [ellipsoid(0.06, 0.06, 0.06, 6, 3, (1.45 * np.cos(a) * np.cos(b), 3.0 + 1.15 * np.sin(b), 1.45 * np.sin(a) * np.cos(b)))
             for a, b in zip(np.linspace(0, 2 * np.pi, 12 if d else 6, endpoint=False), np.tile([-0.3, 0.2, 0.5], 4))]
    return model({"bark": trunk}, {"Canopy": {"foliage": crown}, "Fruit": {"fruit": fruit}})


@archetype("willow_tree", (4.4, 4.4), {"bark": "bark", "foliage": "foliage"})
def willow_tree(v, d):
    s = seg(d)
    trunk = sweep(ngon(1.0, s), [(0, 0, 0), (0.2, 1.5, 0), (0.0, 3.5, 0.1)], scale=[0.35, 0.25, 0.15])
    dome = ellipsoid(2.0, 1.2, 2.0, s, max(4, s // 2), (0, 4.2, 0))
    curtain = revolve([(2.2, 1.0), (2.15, 2.5), (1.95, 4.0), (1.9, 4.0), (2.1, 2.5), (2.15, 1.0)], s)
    return model({"bark": trunk}, {"Canopy": {"foliage": [dome, curtain]}})


@archetype("planter_box", (1.0, 0.4), {"wood": "wood", "soil": "soil", "plant": "foliage"}, material_variants=("default", "painted_white", "dark"))
def planter_box(v, d):
    s = max(5, seg(d, 0.5))
    box_ = bx(1.0, 0.45, 0.4)
    soil = bx(0.94, 0.02, 0.34, 0, 0.43, 0)
    plants = [ellipsoid(0.12, 0.15, 0.12, s, max(3, s // 2), (x, 0.55, 0)) for x in (-0.3, 0.0, 0.3)]
    return model({"wood": box_, "soil": soil}, {"Plants": {"plant": plants}})


@archetype("picnic_table", (1.8, 1.6), {"wood": "wood"}, material_variants=("default", "weathered"))
def picnic_table(v, d):
    top = [bx(1.8, 0.04, 0.14, 0, 0.72, z) for z in np.linspace(-0.3, 0.3, 4)]
    seats = [bx(1.8, 0.04, 0.25, 0, 0.42, z) for z in (-0.65, 0.65)]
    a_frames = [rod((x, 0.0, zs * 0.75), (x, 0.72, zs * 0.2), 0.03, 4) for x in (-0.7, 0.7) for zs in (-1, 1)]
    braces = [bx(0.06, 0.05, 1.55, x, 0.37, 0) for x in (-0.7, 0.7)]
    return model({"wood": top + seats + a_frames + braces})
