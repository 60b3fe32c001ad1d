"""Forest clearing archetypes."""

from __future__ import annotations

import numpy as np

from .mesh import cone, cylinder, ellipsoid, lathe, rot_x, rot_z, xform
from .archetype_base import Archetype, Built, ground_box, Light, register, seg, slots



def _tree(v: int, d: int) -> Built:
    s = seg(d)
    h = (4.0, 5.5, 3.2)[v]
    trunk = cylinder(0.22, h * 0.6, s, r_top=0.14)
    crowns = [ellipsoid(1.6, 1.3, 1.6, s, s // 2, (0, h * 0.75, 0)),
              ellipsoid(1.1, 0.9, 1.1, s, s // 2, (0.5, h * 0.95, 0.3))]
    return Built(slots(bark=trunk), [("Canopy", slots(foliage=crowns))])


def _pine(v: int, d: int) -> Built:
    s = seg(d)
    h = (6.0, 8.0)[v]
    trunk = cylinder(0.2, h * 0.3, s, r_top=0.12)
    tiers = [cone(1.6 - i * 0.4, h * 0.35, s, y0=h * (0.2 + i * 0.22)) for i in range(3)]
    return Built(slots(bark=trunk), [("Needles", slots(foliage=tiers))])


def _rock(v: int, d: int) -> Built:
    s = seg(d)
    rx, ry, rz = ((0.8, 0.5, 0.6), (1.4, 0.9, 1.1), (0.5, 0.35, 0.45))[v]
    g = ellipsoid(rx, ry, rz, s, max(4, s // 2))
    # Lumpy surface: push vertices along their normals with a fixed, smooth pattern per variant,
    # then drop the lower half below y=0 back onto the base plane (pivot on the ground).
    p = g.pos
    bump = 1 + 0.12 * np.sin(3.1 * p[:, 0] / rx + v) * np.cos(2.7 * p[:, 2] / rz)
    p = p * bump[:, None]
    p[:, 1] = np.maximum(p[:, 1], -ry * 0.999) + ry
    g.pos = p
    return Built(slots(stone=g))


def _bush(v: int, d: int) -> Built:
    s = seg(d)
    blobs = [ellipsoid(0.7, 0.55, 0.7, s, s // 2, (0, 0.55, 0)), ellipsoid(0.5, 0.4, 0.5, s, s // 2, (0.45, 0.4, 0.2))]
    return Built(slots(foliage=blobs))


def _log(v: int, d: int) -> Built:
    s = seg(d)
    length = (2.5, 3.5)[v]
    g = xform(cylinder(0.25, length, s, y0=-length / 2), rot_z(np.pi / 2), (0, 0.25, 0))
    return Built(slots(bark=g))


def _stump(v: int, d: int) -> Built:
    s = seg(d)
    return Built(slots(bark=lathe([(0.45, 0.0), (0.32, 0.15), (0.3, 0.5)], s),
                       wood=lathe([(0.3, 0.5), (0.0, 0.5)], s)))


def _tent(v: int, d: int) -> Built:
    s = 4  # a square tent: a four-sided pyramid
    body = xform(cone(1.5, 2.2, s), np.diag([1.0, 1.0, 1.0]) @ _ry45(), (0, 0, 0))
    pole = cylinder(0.03, 2.4, 6)
    return Built(slots(cloth=body), [("Pole", slots(wood=pole))])


def _ry45() -> np.ndarray:
    c = np.cos(np.pi / 4)
    return np.array([[c, 0, c], [0, 1, 0], [-c, 0, c]])


def _campfire(v: int, d: int) -> Built:
    s = seg(d)
    stones = [ellipsoid(0.14, 0.1, 0.12, s // 2, 4, (0.55 * np.cos(a), 0.1, 0.55 * np.sin(a)))
              for a in np.linspace(0, 2 * np.pi, 9)[:-1]]
    logs = [xform(cylinder(0.06, 0.8, s // 2, y0=-0.4), rot_x(np.pi / 2) @ rot_z(0.3) @ _rot_y(a), (0, 0.12, 0))
            for a in (0.0, 2.1, 4.2)]
    flame = cone(0.25, 0.6, s, y0=0.12)
    return Built(slots(stone=stones, bark=logs), [("Fire", slots(flame=flame))],
                 [Light((0.0, 0.6, 0.0), (1.0, 0.55, 0.25), 100.0, 15.0)])


def _rot_y(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def _mushroom(v: int, d: int) -> Built:
    s = seg(d)
    stem = cylinder(0.05, 0.2, s // 2)
    cap = lathe([(0.16, 0.18), (0.12, 0.27), (0.0, 0.3)], s)
    under = lathe([(0.0, 0.18), (0.16, 0.18)], s)
    return Built(slots(stem=stem, cap=[cap, under]))


TH = ("forest",)
register(Archetype("grass_ground", "Forest Floor", TH, {"ground": "grass"}, lambda v, d: ground_box(v), (0, 0),
                   placement="structural", words=("grass", "meadow", "lawn", "forest floor"), material_variants=("default", "mossy")))
register(Archetype("tree", "Tree", TH, {"bark": "bark", "foliage": "foliage"}, _tree, (3.4, 3.4), variants=3,
                   words=("tree", "trees", "oak", "oaks", "birch"), material_variants=("default", "mossy", "warm")))
register(Archetype("pine_tree", "Pine Tree", TH, {"bark": "bark", "foliage": "foliage"}, _pine, (3.2, 3.2), variants=2,
                   words=("pine", "pines", "pine tree", "pine trees", "fir", "firs", "conifer", "conifers")))
register(Archetype("rock", "Rock", TH + ("courtyard",), {"stone": "stone"}, _rock, (1.6, 1.4), variants=3,
                   words=("rock", "rocks", "boulder", "boulders", "stone", "stones"), material_variants=("default", "mossy")))
register(Archetype("bush", "Bush", TH, {"foliage": "foliage"}, _bush, (1.6, 1.5), words=("bush", "bushes", "shrub", "shrubs")))
register(Archetype("log", "Log", TH, {"bark": "bark"}, _log, (3.5, 0.6), variants=2, words=("log", "logs", "fallen tree"),
                   material_variants=("default", "mossy")))
register(Archetype("stump", "Stump", TH, {"bark": "bark", "wood": "wood"}, _stump, (1.0, 1.0), words=("stump", "stumps")))
register(Archetype("tent", "Tent", TH, {"cloth": "cloth", "wood": "wood"}, _tent, (3.0, 3.0), words=("tent", "tents"),
                   material_variants=("default", "painted_green", "painted_orange")))
register(Archetype("campfire", "Campfire", TH, {"stone": "stone", "bark": "bark", "flame": "flame"}, _campfire, (1.4, 1.4),
                   words=("campfire", "campfires", "fire", "bonfire", "fireplace")))
register(Archetype("mushroom", "Mushroom", TH, {"stem": "plaster", "cap": "plastic"}, _mushroom, (0.4, 0.4),
                   words=("mushroom", "mushrooms", "toadstool", "toadstools", "fungus"),
                   material_variants=("painted_red",)))
