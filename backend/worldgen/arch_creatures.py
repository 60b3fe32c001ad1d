"""Animals and people as clean blockout figures: one parametric quadruped, bird and figure,
each archetype a few numbers (body, legs, neck, head, extras) and its own parts."""

from __future__ import annotations

import numpy as np

from .mesh import cone, cylinder, ellipsoid
from .parts import (archetype, bevel_box, bx, extrude, mirror, model, ngon, place, revolve, rod, seg, sweep,
                    tube)


def quadruped(d: int, length: float, height: float, girth: float, leg: float, neck: float, head: float,
              tail: float = 0.3, ears: str = "pointed", horns: float = 0.0, snout: float = 0.6, neck_up: float = 0.8):
    """A four-legged animal facing +z: body ellipsoid on four tapered legs, neck, head with snout,
    ears or horns, tail. Sizes in metres (length of the body, height at the shoulder)."""
    s = seg(d)
    r = max(4, s // 2)
    body_y = height - girth * 0.35
    body = ellipsoid(girth / 2, girth / 2, length / 2, s, r, (0, body_y, 0))
    # Legs run up into the body (to its centre line), so they meet it wherever it curves.
    legs = [sweep(ngon(1.0, max(5, s // 2)), [(x, 0.0, z), (x, leg * 0.5, z - 0.02), (x, max(leg + girth * 0.2, body_y), z)],
                  scale=[girth * 0.09, girth * 0.11, girth * 0.15])
            for x in (-girth * 0.28, girth * 0.28) for z in (-length * 0.33, length * 0.33)]
    hooves = [place(cylinder(girth * 0.1, 0.03, max(5, s // 2)), (x, 0, z)) for x in (-girth * 0.28, girth * 0.28) for z in (-length * 0.33, length * 0.33)]
    top = np.array([0.0, body_y + girth * 0.15, length * 0.42])
    head_c = top + (0.0, neck * neck_up, neck * (1 - neck_up) + head * 0.3)
    neck_g = sweep(ngon(1.0, max(5, s // 2)), [top - (0, girth * 0.15, 0.05), top + (0, neck * neck_up * 0.5, neck * 0.2), head_c],
                   scale=[girth * 0.3, girth * 0.22, head * 0.35])
    skull = ellipsoid(head * 0.4, head * 0.45, head * 0.55, s, r, tuple(head_c))
    muzzle = ellipsoid(head * 0.3, head * 0.3, head * 0.4 * snout + 0.01, s, r, tuple(head_c + (0, -head * 0.15, head * 0.5)))
    eyes = [ellipsoid(head * 0.07, head * 0.07, head * 0.05, 6, 3, tuple(head_c + (x * head * 0.33, head * 0.12, head * 0.3))) for x in (-1, 1)]
    extras = []
    if ears == "pointed":
        extras = [place(cone(head * 0.14, head * 0.35, 5), tuple(head_c + (x * head * 0.25, head * 0.3, -head * 0.1)), rz=-x * 0.3) for x in (-1, 1)]
    elif ears == "floppy":
        extras = [place(ellipsoid(head * 0.1, head * 0.3, head * 0.18, 6, 3), tuple(head_c + (x * head * 0.42, 0.0, -head * 0.05)), rz=x * 0.3) for x in (-1, 1)]
    elif ears == "round":
        extras = [ellipsoid(head * 0.14, head * 0.14, head * 0.05, 6, 3, tuple(head_c + (x * head * 0.3, head * 0.38, -head * 0.1))) for x in (-1, 1)]
    horn_g = [tube([head_c + (x * head * 0.2, head * 0.35, -head * 0.1), head_c + (x * (head * 0.2 + horns * 0.5), head * 0.35 + horns * 0.6, -head * 0.3),
                    head_c + (x * (head * 0.2 + horns * 0.8), head * 0.35 + horns, -head * 0.1 - horns * 0.3)], head * 0.05, 5) for x in (-1, 1)] if horns else []
    tail_g = [sweep(ngon(1.0, 5), [(0, body_y + girth * 0.2, -length * 0.48), (0, body_y + girth * 0.1, -length * 0.48 - tail * 0.4),
                                   (0, body_y - tail * 0.6, -length * 0.48 - tail * 0.5)], scale=[girth * 0.06, girth * 0.05, girth * 0.03])] if tail else []
    return {"body": [body, neck_g] + legs + tail_g, "head": [skull, muzzle] + extras, "eyes": eyes, "hooves": hooves, "horns": horn_g}


def animal(parts_: dict, head_slot: str = "fur"):
    return model({"fur": parts_["body"], "hoof": parts_["hooves"]},
                 {"Head": {head_slot: parts_["head"], "eye": parts_["eyes"], "hoof": parts_["horns"]}})


ANIMAL = {"fur": "leather", "hoof": "plastic", "eye": "plastic"}


@archetype("cow", (0.8, 2.2), ANIMAL, material_variants=("painted_white", "painted_brown", "painted_black"))
def cow(v, d):
    return animal(quadruped(d, 1.6, 1.35, 0.75, 0.75, 0.35, 0.5, tail=0.7, ears="round", horns=0.12, neck_up=0.3))


@archetype("horse", (0.6, 2.3), ANIMAL, material_variants=("painted_brown", "painted_black", "painted_white", "painted_grey"))
def horse(v, d):
    g = quadruped(d, 1.5, 1.55, 0.6, 0.95, 0.75, 0.55, tail=0.8, ears="pointed", snout=1.0, neck_up=0.75)
    mane = [rod(np.array([0, 1.55 + 0.05, 0.65]), np.array([0, 1.55 + 0.62, 0.88]), 0.04, 5)]
    saddle = [bevel_box(0.5, 0.08, 0.5, 0.03, (0, 1.52, -0.05))]
    b = animal(g)
    b.parts.append(("Tack", {"hoof": saddle, "fur": mane}))
    return b


@archetype("pig", (0.5, 1.2), ANIMAL, material_variants=("painted_pink",))
def pig(v, d):
    return animal(quadruped(d, 1.0, 0.65, 0.55, 0.3, 0.1, 0.38, tail=0.15, ears="floppy", snout=0.7, neck_up=0.1))


@archetype("sheep", (0.8, 1.45), {"wool": "cloth", "fur": "leather", "hoof": "plastic", "eye": "plastic"}, material_variants=("painted_white", "default"))
def sheep(v, d):
    g = quadruped(d, 1.0, 0.8, 0.65, 0.4, 0.2, 0.32, tail=0.12, ears="floppy", snout=0.6, neck_up=0.5)
    s = seg(d)
    fleece = [ellipsoid(0.4, 0.36, 0.6, s, max(4, s // 2), (0, 0.62, 0))]
    return model({"wool": fleece + g["body"][:1], "fur": g["body"][1:], "hoof": g["hooves"]},
                 {"Head": {"fur": g["head"], "eye": g["eyes"]}})


@archetype("goat", (0.45, 1.2), ANIMAL, material_variants=("painted_white", "painted_brown", "painted_grey"))
def goat(v, d):
    g = quadruped(d, 0.9, 0.8, 0.42, 0.5, 0.35, 0.3, tail=0.1, ears="pointed", horns=0.18, snout=0.8, neck_up=0.7)
    beard = [place(cone(0.03, 0.12, 5), tuple(np.array([0, 1.02, 0.62])), rx=np.pi)]
    b = animal(g)
    b.parts[0][1]["fur"] = b.parts[0][1]["fur"] + beard
    return b


@archetype("deer", (0.6, 1.5), ANIMAL, material_variants=("painted_brown", "warm"))
def deer(v, d):
    g = quadruped(d, 1.1, 1.05, 0.42, 0.75, 0.5, 0.32, tail=0.1, ears="pointed", snout=0.9, neck_up=0.8)
    head_c = np.array([0.0, 1.05 - 0.42 * 0.35 + 0.42 * 0.15 + 0.4, 1.1 * 0.42 + 0.1 + 0.1])
    antlers = []
    for x in (-1, 1):
        base = head_c + (x * 0.06, 0.12, -0.05)
        tip = base + (x * 0.25, 0.4, -0.1)
        antlers.append(tube([base, base + (x * 0.1, 0.2, -0.05), tip], 0.015, 4))
        antlers.append(rod(base + (x * 0.1, 0.2, -0.05), base + (x * 0.05, 0.35, 0.1), 0.012, 4))
    b = animal(g)
    b.parts[0][1]["hoof"] = b.parts[0][1].get("hoof", []) + antlers
    return b


@archetype("dog", (0.3, 0.85), ANIMAL, material_variants=("painted_brown", "painted_black", "painted_white", "warm"))
def dog(v, d):
    return animal(quadruped(d, 0.6, 0.55, 0.3, 0.35, 0.2, 0.22, tail=0.3, ears="floppy", snout=1.0, neck_up=0.6))


@archetype("cat", (0.2, 0.6), ANIMAL, placement="floor", material_variants=("painted_black", "painted_orange", "painted_grey", "painted_white"))
def cat(v, d):
    return animal(quadruped(d, 0.4, 0.28, 0.17, 0.18, 0.08, 0.13, tail=0.35, ears="pointed", snout=0.4, neck_up=0.7))


@archetype("rat", (0.08, 0.35), ANIMAL, material_variants=("painted_grey", "painted_brown"))
def rat(v, d):
    return animal(quadruped(d, 0.18, 0.08, 0.08, 0.04, 0.02, 0.07, tail=0.22, ears="round", snout=1.2, neck_up=0.2))


def bird(d: int, size: float, neck: float = 0.3, beak: float = 0.3, comb: bool = False, legs_: float = 0.3):
    s = seg(d)
    r = max(4, s // 2)
    leg_h = size * legs_
    body = ellipsoid(size * 0.35, size * 0.33, size * 0.5, s, r, (0, leg_h + size * 0.3, 0))
    tail = place(extrude([(-size * 0.15, 0.0), (size * 0.15, 0.0), (0.0, size * 0.35)], size * 0.05, axis="x"),
                 (0, leg_h + size * 0.4, -size * 0.4))
    head_c = (0, leg_h + size * (0.55 + neck), size * 0.35)
    head = ellipsoid(size * 0.18, size * 0.2, size * 0.2, s, r, head_c)
    neck_g = rod((0, leg_h + size * 0.4, size * 0.25), head_c, size * 0.12, max(5, s // 2))
    beak_g = place(cone(size * 0.06, size * beak, 5), (0, head_c[1], head_c[2] + size * 0.15), rx=np.pi / 2)
    wings = mirror(ellipsoid(size * 0.06, size * 0.22, size * 0.38, s, r, (size * 0.32, leg_h + size * 0.33, -size * 0.02)))
    legs = [rod((x, 0.0, 0), (x, leg_h + size * 0.1, 0), size * 0.025, 4) for x in (-size * 0.12, size * 0.12)]
    feet = [bx(size * 0.08, size * 0.02, size * 0.18, x, 0.0, size * 0.05) for x in (-size * 0.12, size * 0.12)]
    eyes = [ellipsoid(size * 0.03, size * 0.03, size * 0.02, 6, 3, (x * size * 0.14, head_c[1] + size * 0.05, head_c[2] + size * 0.1)) for x in (-1, 1)]
    crest = [extrude([(-size * 0.08, 0.0), (size * 0.1, 0.0), (size * 0.06, size * 0.1), (0.0, size * 0.07), (-size * 0.05, size * 0.12)], size * 0.03,
                     axis="x", center=(0, head_c[1] + size * 0.15, head_c[2]))] if comb else []
    return {"body": [body, tail, neck_g] + wings, "head": [head], "beak": [beak_g] + legs + feet + crest, "eyes": eyes}


BIRD = {"feathers": "cloth", "beak": "plastic", "eye": "plastic"}


def bird_model(g):
    return model({"feathers": g["body"], "beak": g["beak"][1:]}, {"Head": {"feathers": g["head"], "beak": g["beak"][:1], "eye": g["eyes"]}})


@archetype("chicken", (0.25, 0.45), BIRD, material_variants=("painted_white", "painted_brown", "warm"))
def chicken(v, d):
    return bird_model(bird(d, 0.4, neck=0.25, beak=0.15, comb=True, legs_=0.3))


@archetype("duck", (0.25, 0.45), BIRD, material_variants=("painted_white", "painted_brown", "painted_yellow"))
def duck(v, d):
    return bird_model(bird(d, 0.38, neck=0.25, beak=0.3, legs_=0.12))


@archetype("crow", (0.22, 0.4), BIRD, material_variants=("painted_black",))
def crow(v, d):
    return bird_model(bird(d, 0.3, neck=0.15, beak=0.3, legs_=0.2))


def figure(d: int, height: float = 1.75, robe: bool = False, build: float = 1.0):
    """A standing person facing +z: legs (or a robe), torso, arms, neck and head."""
    s = seg(d)
    r = max(4, s // 2)
    k = height / 1.75
    parts = {}
    if robe:
        parts["clothes"] = [revolve([(0.32 * k * build, 0.0), (0.28 * k * build, 0.5 * k), (0.2 * k * build, 1.2 * k), (0.16 * k, 1.45 * k), (0.0, 1.47 * k)], s)]
        parts["legs"] = []
    else:
        parts["legs"] = [rod((x * k, 0.05 * k, 0), (x * k * 0.9, 0.92 * k, 0), 0.075 * k * build, max(5, s // 2)) for x in (-0.1, 0.1)]
        parts["clothes"] = [place(bevel_box(0.4 * k * build, 0.6 * k, 0.24 * k * build, 0.06 * k), (0, 1.18 * k, 0)),
                            bevel_box(0.34 * k * build, 0.16 * k, 0.22 * k * build, 0.04 * k, (0, 0.92 * k, 0))]
    parts["shoes"] = [bevel_box(0.11 * k, 0.07 * k, 0.25 * k, 0.02 * k, (x * k, 0.035 * k, 0.04 * k)) for x in (-0.1, 0.1)]
    parts["arms"] = [tube([(x * k * build, 1.42 * k, 0), (x * 1.1 * k * build, 1.12 * k, 0.02 * k), (x * 1.05 * k * build, 0.85 * k, 0.08 * k)],
                          0.05 * k * build, max(5, s // 2)) for x in (-0.24, 0.24)]
    parts["hands"] = [ellipsoid(0.045 * k, 0.06 * k, 0.045 * k, s, r, (x * 1.05 * k * build, 0.8 * k, 0.08 * k)) for x in (-0.24, 0.24)]
    parts["neck"] = [cylinder(0.05 * k, 0.1 * k, max(5, s // 2), y0=1.47 * k)]
    parts["head"] = [ellipsoid(0.1 * k, 0.12 * k, 0.11 * k, s, r, (0, 1.64 * k, 0.01 * k))]
    parts["k"] = k
    return parts


PERSON = {"clothes": "cloth", "skin": "plaster", "shoes": "leather", "hat": "cloth", "metal": "metal"}


def person_model(f, extras_body=(), hat=(), hat_slot="hat", held=()):
    return model({"clothes": f["clothes"] + f["legs"] + f["arms"] + list(extras_body), "skin": f["hands"] + f["neck"], "shoes": f["shoes"]},
                 {"Head": {"skin": f["head"], hat_slot: list(hat)}, **({"Held": {"metal": list(held)}} if held else {})})


@archetype("person", (0.55, 0.3), PERSON, variants=2, material_variants=("painted_blue", "painted_red", "painted_green", "painted_grey", "default"))
def person(v, d):
    f = figure(d, (1.75, 1.62)[v], robe=(v == 1))
    return person_model(f)


@archetype("merchant", (0.6, 0.35), PERSON, material_variants=("painted_brown", "painted_green", "warm"))
def merchant(v, d):
    f = figure(d, 1.7, build=1.15)
    k = f["k"]
    apron = [bx(0.36 * k, 0.6 * k, 0.02 * k, 0, 0.55 * k, 0.14 * k)]
    hat = [cylinder(0.13 * k, 0.08 * k, seg(d), y0=1.72 * k), cylinder(0.17 * k, 0.015 * k, seg(d), y0=1.72 * k)]
    return person_model(f, apron, hat)


@archetype("knight", (0.9, 0.4), {"clothes": "metal", "skin": "metal", "shoes": "metal", "hat": "metal", "metal": "metal"},
           material_variants=("polished", "default", "dark"))
def knight(v, d):
    f = figure(d, 1.82, build=1.15)
    k = f["k"]
    helmet = [revolve([(0.0, 1.5 * k), (0.13 * k, 1.52 * k), (0.14 * k, 1.7 * k), (0.1 * k, 1.8 * k), (0.0, 1.82 * k)], seg(d))]
    sword = [rod((0.3 * k, 0.1 * k, 0.12 * k), (0.3 * k, 1.0 * k, 0.12 * k), 0.015, 4), bx(0.2 * k, 0.03 * k, 0.04 * k, 0.3 * k, 0.8 * k, 0.12 * k)]
    shield_ = [place(extrude([(-0.22, 0.25), (0.22, 0.25), (0.2, -0.1), (0.0, -0.3), (-0.2, -0.1)], 0.03), (-0.36 * k, 1.0 * k, 0.1 * k), ry=-0.4)]
    return person_model(f, (), helmet, held=sword + shield_)


@archetype("king", (0.9, 0.9), {"clothes": "cloth", "skin": "plaster", "shoes": "leather", "hat": "metal", "metal": "metal"},
           material_variants=("painted_red", "painted_purple", "painted_blue"))
def king(v, d):
    f = figure(d, 1.78, robe=True, build=1.1)
    k = f["k"]
    s = seg(d)
    cape = [revolve([(0.45 * k, 0.0), (0.35 * k, 0.8 * k), (0.22 * k, 1.45 * k), (0.21 * k, 1.45 * k), (0.34 * k, 0.8 * k), (0.44 * k, 0.0)], s)]
    crown = [revolve([(0.11 * k, 1.73 * k), (0.12 * k, 1.82 * k), (0.1 * k, 1.82 * k), (0.09 * k, 1.74 * k), (0.0, 1.74 * k)], s)]
    points = [place(cone(0.02 * k, 0.06 * k, 4), (0.11 * k * np.cos(a), 1.82 * k, 0.11 * k * np.sin(a))) for a in np.linspace(0, 2 * np.pi, 6, endpoint=False)]
    sceptre = [rod((0.28 * k, 0.7 * k, 0.12 * k), (0.3 * k, 1.3 * k, 0.12 * k), 0.015, 5), ellipsoid(0.04 * k, 0.04 * k, 0.04 * k, 8, 4, (0.3 * k, 1.32 * k, 0.12 * k))]
    return person_model(f, cape, crown + points, held=sceptre)


@archetype("wizard", (0.65, 0.45), PERSON, material_variants=("painted_blue", "painted_purple", "painted_grey"))
def wizard(v, d):
    f = figure(d, 1.75, robe=True)
    k = f["k"]
    s = seg(d)
    hat = [cylinder(0.22 * k, 0.015 * k, s, y0=1.72 * k), cone(0.12 * k, 0.42 * k, s, y0=1.73 * k)]
    beard = [place(cone(0.08 * k, 0.3 * k, 6), (0, 1.6 * k, 0.09 * k), rx=np.pi)]
    staff = [rod((0.32 * k, 0.0, 0.12 * k), (0.34 * k, 1.9 * k, 0.12 * k), 0.02, 5), ellipsoid(0.05 * k, 0.05 * k, 0.05 * k, 8, 4, (0.34 * k, 1.93 * k, 0.12 * k))]
    return person_model(f, beard, hat, held=staff)


@archetype("mannequin", (0.45, 0.3), {"body": "plaster", "stand": "metal"}, material_variants=("default", "painted_white", "painted_black"))
def mannequin(v, d):
    s = seg(d)
    torso = revolve([(0.0, 0.9), (0.17, 0.92), (0.15, 1.05), (0.18, 1.3), (0.2, 1.42), (0.12, 1.48), (0.05, 1.5), (0.05, 1.58), (0.0, 1.6)], s)
    torso = place(torso, scale=(1.0, 1.0, 0.65))
    stand = [cylinder(0.2, 0.03, s), cylinder(0.015, 0.9, 6, y0=0.03)]
    return model({"body": torso}, {"Stand": {"stand": stand}})


@archetype("statue", (0.9, 0.9), {"stone": "stone"}, material_variants=("default", "polished", "weathered", "mossy"))
def statue(v, d):
    f = figure(d, 2.0, robe=True)
    plinth = bevel_box(0.9, 0.8, 0.9, 0.03, (0, 0.4, 0))
    body = [place(g, (0, 0.8, 0)) for key in ("clothes", "arms", "hands", "neck", "head", "shoes") for g in f[key]]
    return model({"stone": [plinth]}, {"Figure": {"stone": body}})


@archetype("ghost", (1.0, 0.7), {"sheet": "glass"}, placement="floor")
def ghost(v, d):
    s = seg(d, 1.25)
    n = 4 + 2 * d
    prof = [(0.0, 0.3)] + [(0.32 + 0.04 * np.sin(6 * t), 0.3 + 1.0 * t) for t in np.linspace(0.0, 0.6, n)] + \
           [(0.3 * np.cos(a), 0.9 + 0.3 * np.sin(a)) for a in np.linspace(0.3, np.pi / 2, n)]
    body = revolve(prof, s)
    arms = mirror(place(ellipsoid(0.07, 0.25, 0.07, s, max(4, s // 2)), (0.35, 0.8, 0.1), rz=0.9))
    eyes = [ellipsoid(0.04, 0.06, 0.02, 8, 4, (x, 1.05, 0.27)) for x in (-0.09, 0.09)]
    return model({"sheet": [body] + arms}, {"Eyes": {"sheet": eyes}})


@archetype("spider", (0.5, 0.5), {"body": "leather", "eye": "plastic"}, material_variants=("painted_black", "painted_brown"))
def spider(v, d):
    s = seg(d)
    r = max(4, s // 2)
    abdomen = ellipsoid(0.12, 0.1, 0.15, s, r, (0, 0.14, -0.1))
    head = ellipsoid(0.07, 0.06, 0.07, s, r, (0, 0.1, 0.06))
    legs = []
    for side in (-1, 1):
        for i, a in enumerate(np.linspace(-0.7, 0.9, 4)):
            base = np.array([side * 0.05, 0.1, 0.04 * i - 0.02])
            knee = base + (side * 0.14 * np.cos(a), 0.12, 0.14 * np.sin(a))
            foot = base + (side * 0.25 * np.cos(a), -0.1, 0.25 * np.sin(a))
            legs.append(tube([base, knee, foot], 0.01, 4))
    eyes = [ellipsoid(0.012, 0.012, 0.01, 6, 3, (x, 0.13, 0.12)) for x in (-0.025, 0.025)]
    return model({"body": [abdomen, head] + legs}, {"Eyes": {"eye": eyes}})


@archetype("dragon", (6.0, 6.5), {"scales": "leather", "wing": "cloth", "horn": "plastic", "eye": "flame"},
           material_variants=("painted_red", "painted_green", "painted_black", "painted_purple"))
def dragon(v, d):
    g = quadruped(d, 3.0, 2.2, 1.4, 1.1, 1.4, 0.9, tail=0.0, ears="none", horns=0.4, snout=1.3, neck_up=0.7)
    s = seg(d)
    n = 4 + 2 * d
    tail = sweep(ngon(1.0, max(5, s // 2)), [(0, 1.5 - 0.25 * t + 0.2 * np.sin(3 * t), -1.4 - 2.2 * t) for t in np.linspace(0, 1, n)],
                 scale=np.linspace(0.45, 0.05, n))
    wings = mirror([place(extrude([(0.0, 0.0), (2.6, 0.6), (2.4, -0.4), (1.6, -0.2), (1.2, -0.8), (0.6, -0.4)], 0.04, axis="y"),
                          (0.55, 2.3, 0.3), rz=0.35)])
    bones = mirror([rod((0.55, 2.3, 0.3), (0.55 + 2.6 * np.cos(0.35), 2.3 + 2.6 * np.sin(0.35), 0.3 - 0.6), 0.05, 5)])
    spikes = [place(cone(0.1, 0.25, 4), (0, 2.05 - 0.1 * i, 1.0 - 0.5 * i)) for i in range(5)]
    return model({"scales": g["body"] + [tail] + spikes, "horn": g["hooves"]},
                 {"Head": {"scales": g["head"], "eye": g["eyes"], "horn": g["horns"]}, "Wings": {"wing": wings, "horn": bones}})
