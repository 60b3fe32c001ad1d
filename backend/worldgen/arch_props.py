"""More props people name: shop and craft pieces, cave and shore details, siege engines,
buildings in blockout."""

from __future__ import annotations

import numpy as np

from .archetype_base import Light
from .mesh import cone, cylinder, ellipsoid, torus
from .parts import (arc, archetype, bevel_box, bx, extrude, legs, mirror, model, place, radial, revolve, rod,
                    rounded_rect, seg, sweep, tube)

WOOD = ("default", "dark", "weathered")
STONE = ("default", "mossy", "weathered")


def _lump(g, amp, k, phase=0.0):
    p = g.pos
    g.pos = p * (1 + amp * np.sin(k * p[:, 0] + phase) * np.cos(k * 1.3 * p[:, 2] + phase) * np.cos(k * 0.8 * p[:, 1]))[:, None]
    return g


@archetype("shop_shelf", (2.0, 0.5), {"wood": "wood", "goods": "plastic", "jars": "glass"}, material_variants=WOOD + ("painted_white",))
def shop_shelf(v, d):
    w, h = 2.0, 2.0
    sides = [bx(0.04, h, 0.5, x, 0, 0) for x in (-w / 2 + 0.02, w / 2 - 0.02)]
    back = bx(w, h, 0.02, 0, 0, -0.24)
    shelves = [bx(w - 0.08, 0.03, 0.48, 0, y, 0) for y in (0.1, 0.55, 1.0, 1.45, 1.9)]
    s = max(6, seg(d, 0.75))
    goods, jars = [], []
    for i, y in enumerate((0.13, 0.58, 1.03, 1.48)):
        for x in np.linspace(-0.85, 0.85, 8 if d else 4):
            if i % 2:
                jars.append(place(revolve([(0.0, 0.0), (0.06, 0.0), (0.06, 0.16), (0.04, 0.18), (0.0, 0.18)], s), (x, y, 0.05)))
            else:
                goods.append(bx(0.16, 0.26, 0.14, x, y, 0.05))
    return model({"wood": sides + shelves + [back]}, {"Goods": {"goods": goods, "jars": jars}})


@archetype("oven", (0.6, 0.6), {"body": "painted_metal", "glass": "glass", "metal": "metal"}, material_variants=("painted_white", "painted_black", "default"))
def oven(v, d):
    body = bevel_box(0.6, 0.85, 0.6, 0.01, (0, 0.425, 0))
    door = bx(0.56, 0.5, 0.03, 0, 0.12, 0.3)
    window = bx(0.4, 0.25, 0.01, 0, 0.25, 0.32)
    handle = rod((-0.22, 0.66, 0.35), (0.22, 0.66, 0.35), 0.012, 6)
    knobs = [place(cylinder(0.02, 0.025, 8), (x, 0.76, 0.3), rx=np.pi / 2) for x in np.linspace(-0.2, 0.2, 4)]
    return model({"body": body, "metal": knobs}, {"Door": {"body": door, "glass": window, "metal": handle}})


@archetype("box_pile", (1.4, 1.0), {"box": "planks", "card": "matte_paint"}, material_variants=("default", "weathered"))
def box_pile(v, d):
    rng = np.random.default_rng(9)
    boxes = []
    for layer, n in enumerate((3, 2, 1)):
        for i in range(n):
            e = float(rng.uniform(0.35, 0.5))
            boxes.append(place(bx(e, e * 0.8, e), ((i - (n - 1) / 2) * 0.48, 0.0, float(rng.uniform(-0.2, 0.2))), ry=float(rng.uniform(-0.3, 0.3))))
            boxes[-1].pos[:, 1] += layer * 0.36
    return model({"box": boxes})


@archetype("rubble", (2.0, 1.6), {"stone": "stone"}, material_variants=STONE)
def rubble(v, d):
    rng = np.random.default_rng(4)
    s = max(5, seg(d, 0.75))
    out = []
    for _ in range(9):
        rr = float(rng.uniform(0.12, 0.35))
        c = (float(rng.uniform(-0.8, 0.8)), rr * 0.5, float(rng.uniform(-0.6, 0.6)))
        out.append(_lump(ellipsoid(rr, rr * 0.6, rr * 0.8, s, max(3, s // 2), c), 0.15, 9.0, rr * 10))
    out.append(place(bx(0.5, 0.15, 0.25), (0.3, 0.0, -0.2), ry=0.4))
    for g in out:
        g.pos[:, 1] = np.maximum(g.pos[:, 1], 0.0)
    return model({"stone": out})


@archetype("stalagmite", (0.8, 0.8), {"stone": "stone"}, variants=2, material_variants=STONE)
def stalagmite(v, d):
    s = seg(d)
    h = (1.6, 0.9)[v]
    main = _lump(revolve([(0.35, 0.0), (0.25, h * 0.3), (0.12, h * 0.7), (0.03, h * 0.95), (0.0, h)], s), 0.08, 8.0, v)
    small = place(revolve([(0.15, 0.0), (0.08, 0.3), (0.0, 0.5)], s), (0.35, 0, 0.15))
    return model({"stone": [main, small]})


@archetype("crystal", (0.7, 0.7), {"crystal": "glass", "stone": "stone"}, material_variants=("default",))
def crystal(v, d):
    base = _lump(ellipsoid(0.35, 0.15, 0.3, 8, 4, (0, 0.05, 0)), 0.1, 6.0)
    base.pos[:, 1] = np.maximum(base.pos[:, 1], 0.0)
    shards = []
    for a, tilt, h in ((0.0, 0.0, 0.9), (1.3, 0.4, 0.6), (2.8, 0.5, 0.5), (4.2, 0.35, 0.7), (5.4, 0.6, 0.4)):
        shard = revolve([(0.07, 0.0), (0.07, h * 0.75), (0.0, h)], 6)
        shards.append(place(shard, (0.08 * np.cos(a), 0.05, 0.08 * np.sin(a)), rz=tilt * np.cos(a), rx=-tilt * np.sin(a)))
    return model({"stone": base}, {"Crystals": {"crystal": shards}}, [Light((0.0, 0.6, 0.0), (0.6, 0.8, 1.0), 5.0, 4.0)])


@archetype("tall_grass", (0.8, 0.8), {"grass": "foliage"}, material_variants=("default", "warm"))
def tall_grass(v, d):
    rng = np.random.default_rng(2)
    blades = []
    for _ in range(10 + 10 * min(d, 2)):
        x, z = rng.uniform(-0.35, 0.35, 2)
        h = float(rng.uniform(0.5, 0.9))
        lean = rng.uniform(-0.15, 0.15, 2)
        blades.append(sweep([(-0.015, 0.0), (0.015, 0.0), (0.0, 0.006)], [(x, 0.0, z), (x + lean[0] * 0.4, h * 0.5, z + lean[1] * 0.4), (x + lean[0], h, z + lean[1])],
                            scale=[1.0, 0.7, 0.1], smooth=False))
    return model({"grass": blades})


@archetype("reed", (0.6, 0.6), {"stem": "foliage", "head": "bark"}, material_variants=("default", "warm"))
def reed(v, d):
    rng = np.random.default_rng(8)
    stems, heads = [], []
    for _ in range(7 + 4 * min(d, 2)):
        x, z = rng.uniform(-0.25, 0.25, 2)
        h = float(rng.uniform(1.0, 1.6))
        stems.append(rod((x, 0.0, z), (x * 1.2, h, z * 1.2), 0.006, 4))
        heads.append(place(cylinder(0.02, 0.15, 6, y0=-0.2), (x * 1.2, h, z * 1.2)))
    return model({"stem": stems}, {"Cattails": {"head": heads}})


@archetype("lily_pad", (0.5, 0.5), {"leaf": "foliage", "flower": "plastic"}, material_variants=("default",))
def lily_pad(v, d):
    s = seg(d, 1.5)
    a = np.linspace(0.25, 2 * np.pi - 0.25, s)
    pad = extrude(np.vstack([[[0.0, 0.0]], np.stack([0.22 * np.cos(a), 0.22 * np.sin(a)], 1)]), 0.01, axis="y", center=(0, 0.005, 0))
    petals = radial(place(ellipsoid(0.02, 0.012, 0.05, 6, 3), (0.0, 0.03, 0.04), rx=-0.5), 6)
    return model({"leaf": pad}, {"Flower": {"flower": [place(p, (0.08, 0.0, 0.05)) for p in petals]}})


@archetype("seashell", (0.15, 0.15), {"shell": "plaster"}, material_variants=("default", "painted_pink", "warm"))
def seashell(v, d):
    n = 5 + 2 * d
    fan = [(0.0, 0.0)] + [(0.08 * np.cos(a), 0.08 * np.sin(a) + 0.02) for a in np.linspace(0.2, np.pi - 0.2, n)]
    shell = extrude(fan, 0.02, axis="y", center=(0, 0.01, 0))
    ribs = [rod((0.0, 0.02, 0.0), (0.08 * np.cos(a), 0.02, 0.08 * np.sin(a) + 0.02), 0.005, 3) for a in np.linspace(0.3, np.pi - 0.3, 5)]
    return model({"shell": [shell] + ribs})


@archetype("flower_bed", (2.0, 1.0), {"soil": "soil", "stone": "stone", "stem": "foliage", "petals": "plastic"},
           material_variants=("default",))
def flower_bed(v, d):
    bed = bevel_box(1.9, 0.2, 0.9, 0.05, (0, 0.1, 0))
    border = [bx(2.0, 0.25, 0.08, 0, 0, z) for z in (-0.49, 0.49)] + [bx(0.08, 0.25, 0.9, x, 0, 0) for x in (-0.96, 0.96)]
    s = max(5, seg(d, 0.5))
    stems, blooms = [], []
    for x in np.linspace(-0.75, 0.75, 6 if d else 3):
        for z in (-0.25, 0.15):
            h = 0.35 + 0.1 * np.sin(7 * x + z)
            stems.append(rod((x, 0.2, z), (x, 0.2 + h, z), 0.008, 4))
            blooms.append(ellipsoid(0.06, 0.04, 0.06, s, max(3, s // 2), (x, 0.22 + h, z)))
    return model({"soil": bed, "stone": border}, {"Flowers": {"stem": stems, "petals": blooms}})


@archetype("haystack_pile", (2.4, 2.4), {"straw": "straw"}, material_variants=("default", "warm"))
def haystack_pile(v, d):
    s = seg(d, 1.25)
    g = _lump(revolve([(1.2, 0.0), (1.15, 0.6), (0.8, 1.4), (0.3, 1.9), (0.0, 2.0)], s), 0.05, 5.0)
    g.pos[:, 1] = np.maximum(g.pos[:, 1], 0.0)
    pole = cylinder(0.04, 2.5, 6)
    return model({"straw": [g, pole]})


@archetype("totem", (1.6, 0.7), {"wood": "wood", "paint": "plastic"}, material_variants=("painted_red", "warm", "default"))
def totem(v, d):
    s = seg(d)
    pole = cylinder(0.25, 3.0, s)
    faces = []
    for i, y in enumerate((0.6, 1.4, 2.2)):
        faces += [ellipsoid(0.06, 0.05, 0.03, 6, 3, (x, y + 0.15, 0.24)) for x in (-0.09, 0.09)]
        faces.append(place(cone(0.06, 0.15, 4), (0, y, 0.24), rx=np.pi / 2))
        faces.append(bx(0.24, 0.04, 0.03, 0, y - 0.15, 0.24))
    wings = mirror(extrude([(0.0, 0.0), (0.6, 0.25), (0.55, 0.05), (0.0, -0.15)], 0.06, center=(0.2, 2.7, 0.0)))
    top = ellipsoid(0.25, 0.2, 0.3, s, max(4, s // 2), (0, 3.05, 0.05))
    return model({"wood": [pole, top]}, {"Carving": {"paint": faces}, "Wings": {"wood": wings}})


@archetype("stone_circle", (7.0, 7.0), {"stone": "stone"}, material_variants=STONE)
def stone_circle(v, d):
    rng = np.random.default_rng(6)
    stones = []
    n = 9
    for i, a in enumerate(np.linspace(0, 2 * np.pi, n, endpoint=False)):
        h = float(rng.uniform(1.6, 2.6))
        stones.append(place(bevel_box(0.7, h, 0.45, 0.08, (0, h / 2, 0)), (3.2 * np.cos(a), 0, 3.2 * np.sin(a)), ry=-a + float(rng.uniform(-0.2, 0.2))))
    lintel = place(bevel_box(2.0, 0.35, 0.5, 0.06, (0, 0, 0)), (3.2 * np.cos(0.35), 2.5, 3.2 * np.sin(0.35)), ry=-0.35 + np.pi / 2)
    altar = bevel_box(1.2, 0.5, 0.7, 0.05, (0, 0.25, 0))
    return model({"stone": stones + [altar]}, {"Lintel": {"stone": lintel}})


@archetype("gallows", (2.4, 2.5), {"wood": "wood", "rope": "straw"}, material_variants=("weathered", "dark"))
def gallows(v, d):
    platform = bx(2.4, 1.2, 1.6)
    steps = [bx(0.8, 0.3 * (i + 1), 0.3, 0.6, 0, 0.95 + 0.3 * (2 - i)) for i in range(3)]
    post = bx(0.16, 2.6, 0.16, -0.9, 1.2, 0)
    beam = bx(1.3, 0.14, 0.14, -0.35, 3.66, 0)
    brace = place(bx(0.1, 0.8, 0.1), (-0.72, 3.2, 0), rz=-0.8)
    rope = [rod((0.2, 3.66, 0), (0.2, 2.8, 0), 0.015, 4), place(torus(0.12, 0.015, 8, 4), (0.2, 2.68, 0), rx=np.pi / 2)]
    return model({"wood": [platform, post, beam, brace] + steps}, {"Noose": {"rope": rope}})


@archetype("cage", (1.0, 1.0), {"metal": "metal"}, variants=2, placement="floor", material_variants=("default", "rusty", "dark"))
def cage(v, d):
    s = seg(d)
    if v == 1:  # a hanging gibbet cage, shown standing
        bars = [rod((0.3 * np.cos(a), 0.0, 0.3 * np.sin(a)), (0.3 * np.cos(a), 1.5, 0.3 * np.sin(a)), 0.012, 4) for a in np.linspace(0, 2 * np.pi, 10, endpoint=False)]
        rings = [torus(0.3, 0.02, s, 4, y=y) for y in (0.02, 0.75, 1.5)]
        top = cone(0.32, 0.3, s, y0=1.5)
        return model({"metal": bars + rings + [top]})
    frame = [bx(1.0, 0.05, 1.0), bx(1.0, 0.05, 1.0, 0, 1.1, 0)]
    bars = [rod((x, 0.05, z), (x, 1.1, z), 0.01, 4) for x in np.linspace(-0.48, 0.48, 8) for z in (-0.48, 0.48)] + \
           [rod((x, 0.05, z), (x, 1.1, z), 0.01, 4) for x in (-0.48, 0.48) for z in np.linspace(-0.34, 0.34, 6)]
    return model({"metal": frame + bars})


@archetype("shackles", (0.25, 0.1), {"metal": "metal"}, placement="wall", material_variants=("rusty", "default"))
def shackles(v, d):
    plate = bx(0.12, 0.12, 0.02, 0, 1.5, 0.01)
    links = []
    for side in (-1, 1):
        for i in range(5):  # a chain hanging straight down, links alternately turned
            links.append(place(torus(0.025, 0.006, 8, 4), (side * 0.05, 1.47 - 0.045 * i, 0.03), rx=np.pi / 2 * (i % 2), rz=np.pi / 2))
        links.append(place(torus(0.06, 0.012, 10, 4), (side * 0.05, 1.19, 0.03), rx=np.pi / 2))
    return model({"metal": [plate] + links})


@archetype("window", (1.2, 0.15), {"frame": "wood", "glass": "glass"}, placement="wall", variants=2, material_variants=("painted_white", "default", "dark"))
def window(v, d):
    w, h = ((1.2, 1.4), (0.8, 1.6))[v]
    frame = [bx(w, 0.06, 0.12, 0, 0.9, 0.06), bx(w, 0.06, 0.12, 0, 0.9 + h - 0.06, 0.06)] + [bx(0.06, h, 0.12, x, 0.9, 0.06) for x in (-w / 2 + 0.03, w / 2 - 0.03)]
    mullions = [bx(0.03, h - 0.1, 0.05, 0, 0.95, 0.06), bx(w - 0.1, 0.03, 0.05, 0, 0.9 + h / 2, 0.06)]
    glass = bx(w - 0.1, h - 0.1, 0.01, 0, 0.95, 0.06)
    sill = bx(w + 0.1, 0.04, 0.2, 0, 0.86, 0.1)
    return model({"frame": frame + [sill]}, {"Panes": {"glass": glass, "frame": mullions}})


@archetype("tripod", (0.8, 0.8), {"metal": "metal", "body": "plastic", "glass": "glass"}, material_variants=("painted_black", "default"))
def tripod(v, d):
    s = seg(d)
    legs_ = radial(rod((0, 1.3, 0), (0.4, 0.0, 0), 0.015, 5), 3)
    column = cylinder(0.02, 0.3, 6, y0=1.25)
    camera = bevel_box(0.16, 0.1, 0.08, 0.015, (0, 1.6, 0))
    lens = place(cylinder(0.035, 0.08, s), (0, 1.6, 0.04), rx=np.pi / 2)
    return model({"metal": legs_ + [column]}, {"Camera": {"body": camera, "glass": lens}})


@archetype("guitar", (0.4, 0.12), {"wood": "wood", "metal": "metal"}, placement="wall", material_variants=("default", "warm", "dark", "painted_red"))
def guitar(v, d):
    n = 4 + 2 * d
    a = np.linspace(0, 2 * np.pi, 4 * n, endpoint=False)
    # Figure-of-eight outline: two lobes of different size.
    r = 0.17 + 0.05 * np.cos(2 * a) ** 2 * (np.sin(a) < 0) - 0.03 * (np.abs(np.cos(a)) < 0.25)
    outline = np.stack([r * np.cos(a) * 0.95, 0.24 + 0.22 * np.sin(a)], 1)
    body = extrude(outline, 0.09, center=(0, 0.0, 0.06))
    neck = bx(0.05, 0.5, 0.03, 0, 0.46, 0.1)
    head = bx(0.08, 0.16, 0.03, 0, 0.96, 0.1)
    hole = place(cylinder(0.045, 0.005, 12), (0, 0.3, 0.105), rx=np.pi / 2)
    strings = [rod((x, 0.12, 0.118), (x * 0.6, 0.96, 0.118), 0.0015, 3) for x in np.linspace(-0.02, 0.02, 6)] if d else []
    return model({"wood": [body, neck, head]}, {"Strings": {"metal": [hole] + strings}})


@archetype("drum_kit", (1.6, 1.2), {"shell": "painted_metal", "skin": "matte_paint", "metal": "metal"}, material_variants=("painted_red", "painted_blue", "painted_black"))
def drum_kit(v, d):
    s = seg(d, 1.5)
    kick = place(cylinder(0.28, 0.4, s, y0=-0.2), (0, 0.28, 0.1), rx=np.pi / 2)
    snare = place(cylinder(0.18, 0.14, s, y0=0.55), (-0.45, 0, 0.35))
    toms = [place(cylinder(0.14, 0.16, s, y0=0.0), (x, 0.72, 0.1), rx=0.3) for x in (-0.16, 0.16)]
    floor_tom = place(cylinder(0.2, 0.35, s, y0=0.25), (0.5, 0, 0.3))
    stands = [rod((x, 0.0, z), (x, y, z), 0.01, 4) for x, y, z in ((-0.45, 0.55, 0.35), (-0.75, 1.2, 0.0), (0.75, 1.3, -0.05), (0.5, 0.25, 0.3))]
    cymbals = [place(revolve([(0.0, 0.015), (0.2, 0.0), (0.22, 0.0), (0.0, 0.02)], s), (x, y, z)) for x, y, z in ((-0.75, 1.2, 0.0), (0.75, 1.3, -0.05))]
    stool = [place(g, (0, 0, -0.55)) for g in (cylinder(0.17, 0.06, s, y0=0.5), cylinder(0.02, 0.5, 6))]
    return model({"shell": [kick, snare, floor_tom] + toms, "metal": stands + stool}, {"Cymbals": {"metal": cymbals}})


@archetype("sewing_machine", (0.45, 0.25), {"body": "painted_metal", "wood": "wood", "metal": "metal"}, placement="surface", material_variants=("painted_black", "painted_white"))
def sewing_machine(v, d):
    base = bx(0.45, 0.05, 0.22)
    arm = extrude([(-0.2, 0.0), (0.2, 0.0), (0.2, 0.28), (-0.14, 0.28), (-0.14, 0.2), (0.12, 0.2), (0.12, 0.05), (-0.2, 0.05)], 0.1, center=(0, 0.05, 0))
    wheel = place(cylinder(0.07, 0.03, max(6, seg(d))), (0.22, 0.22, 0), rz=np.pi / 2)
    needle = rod((-0.16, 0.2, 0), (-0.16, 0.07, 0), 0.003, 3)
    return model({"body": arm, "wood": base}, {"Wheel": {"metal": [wheel, needle]}})


@archetype("loom", (1.2, 1.5), {"wood": "wood", "cloth": "cloth"}, material_variants=WOOD)
def loom(v, d):
    posts = [bx(0.08, 1.6, 0.08, x, 0, z) for x in (-0.55, 0.55) for z in (-0.45, 0.45)]
    beams = [bx(1.2, 0.08, 0.08, 0, y, z) for y, z in ((1.55, -0.45), (1.55, 0.45), (0.7, 0.45), (0.3, -0.45))]
    warp = [rod((x, 0.7, 0.45), (x, 1.5, -0.45), 0.003, 3) for x in np.linspace(-0.45, 0.45, 16 if d else 8)]
    cloth = bx(0.9, 0.01, 0.35, 0, 0.75, 0.3)
    bench = [bx(1.0, 0.05, 0.3, 0, 0.5, 0.9)] + [bx(0.05, 0.5, 0.25, x, 0, 0.9) for x in (-0.45, 0.45)]
    return model({"wood": posts + beams}, {"Warp": {"cloth": warp + [cloth]}, "Bench": {"wood": bench}})


@archetype("pottery_wheel", (0.8, 0.8), {"wood": "wood", "clay": "soil", "metal": "metal"}, material_variants=WOOD)
def pottery_wheel(v, d):
    s = seg(d, 1.25)
    frame = [bx(0.7, 0.05, 0.7, 0, 0.55, 0)] + legs(0.7, 0.7, 0.55, 0.06)
    kick = cylinder(0.3, 0.06, s, y0=0.08)
    shaft = cylinder(0.02, 0.6, 6, y0=0.08)
    wheel = cylinder(0.18, 0.03, s, y0=0.68)
    pot = revolve([(0.0, 0.71), (0.08, 0.71), (0.11, 0.8), (0.07, 0.9), (0.08, 0.93), (0.0, 0.9)], s)
    return model({"wood": frame + [kick]}, {"Wheel": {"metal": [shaft, wheel], "clay": pot}})


@archetype("canoe_rack", (1.2, 4.8), {"wood": "wood", "hull": "wood"}, material_variants=WOOD)
def canoe_rack(v, d):
    from .arch_dock import hull
    frame = [bx(0.08, 1.4, 0.08, x, 0, z) for x in (-0.55, 0.55) for z in (-1.5, 1.5)] + [bx(1.2, 0.06, 0.1, 0, y, z) for y in (0.55, 1.15) for z in (-1.5, 1.5)]
    canoes = [place(hull(4.6, 0.4, 0.22, d, stern=0.0), (0, y, 0)) for y in (0.61, 1.21)]
    return model({"wood": frame}, {"Canoes": {"hull": canoes}})


@archetype("fish_rack", (2.0, 0.1), {"wood": "wood", "fish": "plastic", "rope": "straw"}, material_variants=("weathered", "default"))
def fish_rack(v, d):
    posts = [bx(0.08, 1.7, 0.08, x, 0, 0) for x in (-0.95, 0.95)]
    bars = [rod((-1.0, y, 0), (1.0, y, 0), 0.02, 5) for y in (1.6, 1.1)]
    fish = []
    for y in (1.6, 1.1):
        for x in np.linspace(-0.8, 0.8, 8 if d else 4):
            fish.append(place(ellipsoid(0.05, 0.18, 0.015, 8, 4), (x, y - 0.2, 0)))
            fish.append(place(extrude([(-0.05, 0.0), (0.05, 0.0), (0.0, 0.07)], 0.01), (x, y - 0.45, 0)))
    return model({"wood": posts + bars}, {"Fish": {"fish": fish}})


@archetype("meat_hook", (0.5, 0.2), {"metal": "metal", "meat": "leather"}, placement="ceiling", material_variants=("rusty", "default"))
def meat_hook(v, d):
    chain = rod((0, 0.5, 0), (0, 1.0, 0), 0.01, 4)
    hooks = [tube(arc((x, 0.42, 0), 0.05, np.pi / 2, 2 * np.pi, 3 + d, "xy"), 0.008, 4) for x in (-0.15, 0.15)]
    bar = rod((-0.2, 0.5, 0), (0.2, 0.5, 0), 0.012, 5)
    meat = [place(ellipsoid(0.1, 0.22, 0.08, 8, 4), (x, 0.2, 0)) for x in (-0.1, 0.2)]
    return model({"metal": [chain, bar] + hooks}, {"Meat": {"meat": meat}})


@archetype("herb_bundle", (0.3, 0.1), {"herb": "foliage", "string": "straw"}, placement="wall", material_variants=("default", "warm"))
def herb_bundle(v, d):
    bundles = []
    ties = []
    for x in (-0.1, 0.0, 0.1):
        bundles.append(place(revolve([(0.0, 0.0), (0.05, 0.05), (0.04, 0.2), (0.015, 0.28), (0.0, 0.29)], 6), (x, 1.4, 0.06), rx=np.pi))
        ties.append(rod((x, 1.4, 0.06), (x, 1.5, 0.02), 0.004, 3))
    nail_bar = bx(0.32, 0.02, 0.02, 0, 1.5, 0.01)
    return model({"herb": bundles, "string": ties + [nail_bar]})


@archetype("card_catalog", (0.8, 0.5), {"wood": "wood", "metal": "metal"}, material_variants=WOOD)
def card_catalog(v, d):
    body = bx(0.8, 1.2, 0.5)
    rows, cols = 6, 4
    drawers = [bx(0.18, 0.17, 0.02, -0.3 + i * 0.2, 0.1 + j * 0.18, 0.25) for i in range(cols) for j in range(rows)]
    pulls = [bx(0.05, 0.015, 0.02, g.pos[:, 0].mean(), g.pos[:, 1].mean() - 0.04, 0.27) for g in drawers] if d else []
    return model({"wood": body}, {"Drawers": {"wood": drawers, "metal": pulls}})


@archetype("bookstand", (0.4, 0.3), {"wood": "wood", "book": "leather", "pages": "matte_paint"}, placement="surface", material_variants=WOOD)
def bookstand(v, d):
    stand = extrude([(-0.15, 0.0), (0.15, 0.0), (0.15, 0.05), (-0.1, 0.2), (-0.15, 0.2)], 0.3, axis="x")
    book = [place(bx(0.36, 0.03, 0.26), (0, 0.13, 0.0), rx=-0.55), place(bx(0.33, 0.02, 0.24), (0, 0.155, 0.01), rx=-0.55)]
    return model({"wood": stand}, {"Book": {"book": book[0], "pages": book[1]}})


@archetype("shield_rack", (1.4, 0.4), {"wood": "wood", "shield": "painted_metal", "metal": "metal"}, material_variants=("painted_red", "painted_blue", "default"))
def shield_rack(v, d):
    s = seg(d, 1.25)
    frame = [bx(0.06, 1.2, 0.06, x, 0, 0) for x in (-0.65, 0.65)] + [bx(1.4, 0.06, 0.06, 0, y, 0) for y in (0.3, 1.1)] + [bx(0.1, 0.05, 0.4, x, 0, 0) for x in (-0.65, 0.65)]
    shields = [place(cylinder(0.25, 0.03, s, y0=-0.015), (x, 0.75, 0.06), rx=np.pi / 2 - 0.15) for x in (-0.4, 0.12, 0.55)][:2]
    shields.append(place(extrude([(-0.2, 0.25), (0.2, 0.25), (0.18, -0.1), (0.0, -0.3), (-0.18, -0.1)], 0.03), (0.45, 0.75, 0.06), rx=-0.15))
    bosses = [place(ellipsoid(0.05, 0.05, 0.03, 8, 4), (x, 0.75, 0.1)) for x in (-0.4, 0.12)]
    return model({"wood": frame}, {"Shields": {"shield": shields, "metal": bosses}})


@archetype("alchemy_table", (1.6, 0.8), {"wood": "wood", "glass": "glass", "potion": "screen", "metal": "metal"}, material_variants=WOOD)
def alchemy_table(v, d):
    s = max(6, seg(d))
    top = bx(1.6, 0.06, 0.8, 0, 0.8, 0)
    lg = legs(1.5, 0.7, 0.8, 0.08)
    flask = place(revolve([(0.0, 0.0), (0.08, 0.01), (0.09, 0.08), (0.03, 0.16), (0.03, 0.25), (0.0, 0.25)], s), (-0.5, 0.86, 0.05))
    tubes = [place(cylinder(0.015, 0.12, 6), (x, 0.86, -0.25)) for x in np.linspace(-0.2, 0.1, 5)]
    rack = bx(0.4, 0.03, 0.06, -0.05, 0.86, -0.25)
    burner = [place(cylinder(0.05, 0.06, s, y0=0.86), (0.45, 0, 0.1)), rod((0.45, 0.92, 0.1), (0.45, 1.1, 0.1), 0.006, 4)]
    retort = place(ellipsoid(0.08, 0.08, 0.08, s, max(4, s // 2)), (0.45, 1.15, 0.1))
    spout = rod((0.5, 1.18, 0.1), (0.7, 1.0, 0.1), 0.01, 4)
    liquid = [place(cylinder(0.07, 0.05, s), (-0.5, 0.87, 0.05))]
    books = [bx(0.25, 0.05, 0.18, 0.55, 0.86, -0.25), bx(0.22, 0.04, 0.16, 0.55, 0.91, -0.25)]
    return model({"wood": [top] + lg, "metal": burner}, {"Glassware": {"glass": [flask, retort, spout] + tubes, "potion": liquid, "wood": [rack] + books}})


@archetype("orrery", (0.8, 0.8), {"brass": "metal", "wood": "wood", "planet": "plastic"}, placement="surface", material_variants=("polished", "default"))
def orrery(v, d):
    s = seg(d)
    base = revolve([(0.2, 0.0), (0.2, 0.05), (0.05, 0.1), (0.03, 0.35), (0.0, 0.35)], s)
    sun = ellipsoid(0.07, 0.07, 0.07, s, max(4, s // 2), (0, 0.45, 0))
    planets, arms = [], []
    for i, (rr, a) in enumerate(((0.15, 0.3), (0.24, 2.0), (0.33, 3.9))):
        p = (rr * np.cos(a), 0.42 - 0.02 * i, rr * np.sin(a))
        planets.append(ellipsoid(0.025 + 0.008 * i, 0.025 + 0.008 * i, 0.025 + 0.008 * i, s, max(4, s // 2), p))
        arms.append(rod((0, 0.36 + 0.01 * i, 0), (p[0], p[1] - 0.04, p[2]), 0.004, 3))
        arms.append(rod((p[0], p[1] - 0.04, p[2]), p, 0.004, 3))
    ring = torus(0.33, 0.005, s, 3, y=0.3)
    return model({"wood": base, "brass": arms + [ring]}, {"Planets": {"brass": sun, "planet": planets}})


@archetype("font", (0.9, 0.9), {"stone": "stone", "water": "glass"}, material_variants=STONE)
def font(v, d):
    s = seg(d, 1.5)
    bowl = revolve([(0.3, 0.0), (0.3, 0.1), (0.12, 0.2), (0.12, 0.7), (0.4, 0.85), (0.45, 1.0), (0.38, 1.0), (0.3, 0.88), (0.0, 0.85)], s)
    water = cylinder(0.36, 0.01, s, y0=0.92)
    return model({"stone": bowl}, {"Water": {"water": water}})


@archetype("well_pump", (0.5, 1.2), {"metal": "painted_metal", "stone": "stone"}, material_variants=("painted_green", "painted_black", "rusty"))
def well_pump(v, d):
    s = seg(d)
    base = bevel_box(0.5, 0.3, 0.5, 0.03, (0, 0.15, 0))
    body = revolve([(0.12, 0.3), (0.09, 0.4), (0.08, 1.1), (0.1, 1.15), (0.0, 1.2)], s)
    spout = tube([(0, 0.9, 0.05), (0, 0.9, 0.3), (0, 0.8, 0.35)], 0.035, s // 2)
    handle = tube([(0, 1.1, -0.05), (0, 1.25, -0.3), (0, 1.1, -0.6)], 0.018, 6)
    trough = bevel_box(0.4, 0.2, 0.3, 0.02, (0, 0.1, 0.5))
    return model({"metal": [body, spout], "stone": [base, trough]}, {"Handle": {"metal": handle}})


@archetype("sand_dune", (6.0, 4.0), {"sand": "soil"}, material_variants=("light", "default"))
def sand_dune(v, d):
    s = seg(d, 1.5)
    g = ellipsoid(3.0, 0.9, 2.0, s, max(4, s // 2))
    g.pos[:, 1] = np.maximum(g.pos[:, 1], 0.0) * (1 + 0.25 * np.tanh(g.pos[:, 2]))
    return model({"sand": g})


@archetype("ore_vein", (1.4, 1.0), {"stone": "stone", "ore": "metal"}, material_variants=STONE)
def ore_vein(v, d):
    s = seg(d)
    rock = _lump(ellipsoid(0.7, 0.55, 0.5, s, max(4, s // 2), (0, 0.4, 0)), 0.12, 4.0)
    rock.pos[:, 1] = np.maximum(rock.pos[:, 1], 0.0)
    nuggets = [place(ellipsoid(0.08, 0.05, 0.06, 6, 3), (0.6 * np.cos(a) * 0.8, 0.4 + 0.3 * np.sin(2 * a), 0.45 * np.sin(a))) for a in np.linspace(0.3, 2.8, 6)]
    return model({"stone": rock}, {"Ore": {"ore": nuggets}})


@archetype("catapult", (2.0, 3.4), {"wood": "wood", "rope": "straw", "stone": "stone", "metal": "metal"}, material_variants=WOOD)
def catapult(v, d):
    s = seg(d, 1.5)
    rails = [bx(0.2, 0.2, 3.2, x, 0.4, 0) for x in (-0.7, 0.7)] + [bx(1.6, 0.15, 0.15, 0, 0.45, z) for z in (-1.3, 0.0, 1.3)]
    uprights = [bx(0.15, 1.4, 0.15, x, 0.6, 0.3) for x in (-0.7, 0.7)]
    crossbar = bx(1.55, 0.18, 0.18, 0, 1.85, 0.3)
    arm = place(bx(0.15, 3.0, 0.15, 0, 0, 0), (0, 0.6, 0.1), rx=-1.0)
    bucket = place(revolve([(0.0, 0.0), (0.25, 0.02), (0.3, 0.15), (0.27, 0.15), (0.0, 0.05)], s), (0, 0.6 + 3.0 * np.cos(1.0), 0.1 - 3.0 * np.sin(1.0)))
    wheels = [place(cylinder(0.4, 0.12, s, y0=-0.06), (x, 0.4, z), rz=np.pi / 2) for x in (-0.9, 0.9) for z in (-1.1, 1.1)]
    stone = ellipsoid(0.22, 0.2, 0.22, s, max(4, s // 2), (0, 0.6 + 3.0 * np.cos(1.0) + 0.2, 0.1 - 3.0 * np.sin(1.0)))
    return model({"wood": rails + uprights + [crossbar]}, {"Arm": {"wood": [arm, bucket]}, "Wheels": {"wood": wheels}, "Ammunition": {"stone": stone}})


@archetype("carriage", (1.8, 4.0), {"body": "painted_metal", "wood": "wood", "glass": "glass", "metal": "metal"},
           material_variants=("painted_black", "painted_red", "painted_blue", "painted_green"))
def carriage(v, d):
    s = seg(d, 1.5)
    cab = extrude([(-0.8, 0.0), (0.8, 0.0), (0.8, 1.2), (0.6, 1.45), (-0.6, 1.45), (-0.8, 1.2)], 1.5, axis="z", center=(0, 0.8, -0.2))
    windows = [bx(0.01, 0.5, 0.6, x, 1.4, -0.2) for x in (-0.76, 0.76)]
    box_seat = bx(1.3, 0.5, 0.6, 0, 0.8, 1.0)
    wheels = [place(torus(0.55 if z < 0 else 0.45, 0.04, s, 5), (x, 0.55 if z < 0 else 0.45, z), rz=np.pi / 2) for x in (-0.85, 0.85) for z in (-0.9, 1.1)]
    spokes = [rod((x, r, z), (x, r + r * 0.9 * np.sin(t), z + r * 0.9 * np.cos(t)), 0.012, 3)
              for x in (-0.85, 0.85) for z, r in ((-0.9, 0.55), (1.1, 0.45)) for t in np.linspace(0, 2 * np.pi, 8, endpoint=False)] if d else []
    shafts = [rod((x, 0.6, 1.2), (x, 0.7, 2.6), 0.03, 5) for x in (-0.45, 0.45)]
    lamps = [bx(0.1, 0.15, 0.1, x, 1.4, 0.58) for x in (-0.75, 0.75)]
    return model({"body": [cab, box_seat], "metal": lamps}, {"Windows": {"glass": windows}, "Wheels": {"wood": wheels + spokes}, "Shafts": {"wood": shafts}})


@archetype("watchtower", (3.0, 3.0), {"wood": "wood", "roof": "planks"}, material_variants=WOOD)
def watchtower(v, d):
    legs_ = [rod((x * 1.4, 0, z * 1.4), (x * 1.1, 4.0, z * 1.1), 0.12, 6) for x in (-1, 1) for z in (-1, 1)]
    braces = [rod((x * 1.35, 0.5, -1.35), (x * 1.15, 3.5, 1.15), 0.06, 4) for x in (-1, 1)] + [rod((-1.35, 0.5, z * 1.35), (1.15, 3.5, z * 1.15), 0.06, 4) for z in (-1, 1)]
    deck = bx(2.6, 0.12, 2.6, 0, 4.0, 0)
    walls = [bx(2.6, 1.0, 0.06, 0, 4.1, z) for z in (-1.27, 1.27)] + [bx(0.06, 1.0, 2.6, x, 4.1, 0) for x in (-1.27, 1.27)]
    posts = [bx(0.1, 1.6, 0.1, x, 5.1, z) for x in (-1.25, 1.25) for z in (-1.25, 1.25)]
    roof = place(revolve([(2.0, 0.0), (0.0, 1.2)], 4), (0, 6.7, 0), ry=np.pi / 4)
    ladder = [rod((x, 0.0, 1.8), (x, 4.0, 1.2), 0.04, 4) for x in (-0.25, 0.25)] + [rod((-0.25, y, 1.8 - 0.15 * y), (0.25, y, 1.8 - 0.15 * y), 0.025, 4) for y in np.linspace(0.4, 3.6, 9)]
    return model({"wood": legs_ + braces + [deck] + walls + posts}, {"Roof": {"roof": roof}, "Ladder": {"wood": ladder}})


@archetype("barn", (8.0, 10.0), {"wood": "planks", "roof": "rusty_metal", "trim": "painted_metal"}, material_variants=("painted_red", "default", "weathered"))
def barn(v, d):
    gable = [(-4.0, 0.0), (4.0, 0.0), (4.0, 3.5), (2.6, 5.6), (0.0, 6.8), (-2.6, 5.6), (-4.0, 3.5)]
    body = extrude(gable, 10.0, axis="z", center=(0, 0, 0))
    roof = [place(bx(2.7, 0.1, 10.4), (sx * 3.35, 4.6, 0), rz=-sx * 0.98) for sx in (-1, 1)] + [place(bx(2.9, 0.1, 10.4), (sx * 1.3, 6.25, 0), rz=-sx * 0.43) for sx in (-1, 1)]
    doors = [bx(1.6, 3.2, 0.08, x, 0, 5.02) for x in (-0.82, 0.82)]
    crosses = [place(bx(0.15, 3.5, 0.05), (x, 1.6, 5.08), rz=r) for x in (-0.82, 0.82) for r in (0.45, -0.45)]
    loft = bx(1.2, 1.0, 0.08, 0, 4.4, 5.02)
    return model({"wood": body}, {"Roof": {"roof": roof}, "Doors": {"wood": doors + [loft], "trim": crosses}})


@archetype("ship", (5.0, 16.0), {"hull": "wood", "deck": "planks", "sail": "cloth", "rope": "straw", "metal": "metal"},
           material_variants=("default", "dark", "weathered"))
def ship(v, d):
    from .arch_dock import hull
    body = hull(16.0, 2.4, 1.6, d, stern=0.7)
    deck = bx(4.0, 0.1, 12.0, 0, 2.9, -0.5)
    castle = bx(4.2, 1.4, 3.0, 0, 2.9, -6.0)
    masts = [place(cylinder(0.2, h, seg(d, 0.75), y0=2.9), (0, 0, z)) for h, z in ((11.0, -0.5), (9.0, 4.0))]
    yards = [rod((-3.0, y, z), (3.0, y, z), 0.1, 5) for z, ys in ((-0.5, (6.0, 11.0)), (4.0, (5.5, 9.5))) for y in ys]
    sails = [place(bx(5.6, y1 - y0 - 0.3, 0.05), (0, y0 + 0.15, z + 0.15)) for z, (y0, y1) in ((-0.5, (6.0, 11.0)), (4.0, (5.5, 9.5)))]
    bowsprit = rod((0, 3.4, 7.5), (0, 5.0, 11.0), 0.12, 6)
    rigging = [rod((0, 13.5, -0.5), (x, 3.0, -3.0), 0.02, 3) for x in (-2.0, 2.0)] + [rod((0, 11.5, 4.0), (0, 4.8, 10.6), 0.02, 3)]
    return model({"hull": body, "deck": [deck, castle]}, {"Masts": {"hull": masts + yards + [bowsprit]}, "Sails": {"sail": sails}, "Rigging": {"rope": rigging}})


@archetype("tank", (3.4, 7.0), {"body": "painted_metal", "tracks": "metal"}, material_variants=("painted_green", "painted_brown", "painted_grey"))
def tank(v, d):
    s = seg(d)
    hull_ = extrude([(-3.3, 0.5), (3.0, 0.5), (3.5, 1.2), (3.0, 1.6), (-3.2, 1.6), (-3.5, 1.1)], 2.4, axis="x")
    tracks = [extrude(rounded_rect(7.0, 1.1, 0.5, 2 + d), 0.6, axis="x", center=(x, 0.55, 0)) for x in (-1.5, 1.5)]
    wheels = [place(cylinder(0.35, 0.62, s, y0=-0.31), (x, 0.45, z), rz=np.pi / 2) for x in (-1.5, 1.5) for z in np.linspace(-2.6, 2.6, 6)]
    turret = place(bevel_box(2.0, 0.8, 2.4, 0.25, (0, 0, 0)), (0, 2.0, -0.3))
    barrel = rod((0, 2.0, 0.9), (0, 2.1, 5.2), 0.12, s)
    hatch = cylinder(0.35, 0.12, s, y0=2.4)
    return model({"body": hull_, "tracks": tracks + wheels}, {"Turret": {"body": [turret, hatch, barrel]}})
