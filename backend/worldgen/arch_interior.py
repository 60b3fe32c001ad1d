"""Interior room archetypes."""

from __future__ import annotations

import numpy as np

from .mesh import box, cylinder, ellipsoid, lathe
from .archetype_base import Archetype, Built, ground_box, Light, register, seg, slots

ROOM_WALL_T = 0.2
ROOM_WALL_H = 2.8
ROOM_WALL_LENGTHS = (4.0, 4.0 - 2 * ROOM_WALL_T, 2.0, 2.0 - 2 * ROOM_WALL_T)
DOOR_W = 1.4



def _room_wall(v: int, d: int) -> Built:
    length = ROOM_WALL_LENGTHS[v]
    # The skirting stays within the wall's thickness (the slab is 3 cm thinner on the room side)
    # and stops short of the ends, so segments meet at corners without their boxes overlapping.
    wall = box(length, ROOM_WALL_H, ROOM_WALL_T - 0.03, (0, ROOM_WALL_H / 2, -0.015))
    skirting = box(length - 2 * ROOM_WALL_T - 0.01, 0.12, 0.03, (0, 0.06, ROOM_WALL_T / 2 - 0.015))
    return Built(slots(plaster=wall, wood=skirting))


def _door(v: int, d: int) -> Built:
    """A door in its frame, as wide as one wall segment so it fills a gap in the wall."""
    length = ROOM_WALL_LENGTHS[0]
    side = (length - DOOR_W) / 2
    frame = [box(side, ROOM_WALL_H, ROOM_WALL_T, (x, ROOM_WALL_H / 2, 0)) for x in (-(DOOR_W + side) / 2, (DOOR_W + side) / 2)]
    frame.append(box(DOOR_W, ROOM_WALL_H - 2.1, ROOM_WALL_T, (0, (ROOM_WALL_H + 2.1) / 2, 0)))
    leaf = box(DOOR_W - 0.1, 2.05, 0.05, (0, 1.03, 0.0))
    knob = ellipsoid(0.035, 0.035, 0.035, 8, 4, (DOOR_W / 2 - 0.15, 1.0, 0.06))
    return Built(slots(plaster=frame), [("Door Leaf", slots(wood=leaf, metal=knob))])


def _table(v: int, d: int) -> Built:
    w, dd = ((1.6, 0.9), (1.2, 1.2))[v]
    top = box(w, 0.05, dd, (0, 0.745, 0))
    legs = [box(0.07, 0.72, 0.07, (x, 0.36, z)) for x in (-w / 2 + 0.08, w / 2 - 0.08) for z in (-dd / 2 + 0.08, dd / 2 - 0.08)]
    return Built(slots(wood=[top] + legs))


def _chair(v: int, d: int) -> Built:
    seat = box(0.45, 0.05, 0.45, (0, 0.45, 0))
    legs = [box(0.04, 0.43, 0.04, (x, 0.215, z)) for x in (-0.19, 0.19) for z in (-0.19, 0.19)]
    back = box(0.45, 0.45, 0.04, (0, 0.7, -0.205))
    return Built(slots(wood=[seat] + legs + [back]))


def _sofa(v: int, d: int) -> Built:
    w = (2.0, 2.4)[v]
    base = box(w, 0.4, 0.9, (0, 0.2, 0))
    back = box(w, 0.5, 0.2, (0, 0.65, -0.35))
    arms = [box(0.2, 0.25, 0.9, (x, 0.525, 0)) for x in (-w / 2 + 0.1, w / 2 - 0.1)]
    cushions = [box((w - 0.4) / 2 - 0.02, 0.12, 0.65, (x, 0.46, 0.1)) for x in (-(w - 0.4) / 4, (w - 0.4) / 4)]
    return Built(slots(fabric=[base, back] + arms), [("Cushions", slots(fabric=cushions))])


def _lamp(v: int, d: int) -> Built:
    s = seg(d)
    foot = cylinder(0.18, 0.03, s)
    pole = cylinder(0.015, 1.35, s // 2, y0=0.03)
    shade = lathe([(0.25, 1.3), (0.15, 1.6), (0.149, 1.6), (0.249, 1.3)], s)
    return Built(slots(metal=[foot, pole]), [("Shade", slots(shade=shade))],
                 [Light((0.0, 1.42, 0.0), (1.0, 0.85, 0.6), 30.0, 8.0)])


def _shelf(v: int, d: int) -> Built:
    w = (1.0, 1.6)[v]
    sides = [box(0.03, 1.8, 0.35, (x, 0.9, 0)) for x in (-w / 2 + 0.015, w / 2 - 0.015)]
    boards = [box(w - 0.06, 0.03, 0.35, (0, y, 0)) for y in (0.05, 0.5, 0.95, 1.4, 1.785)]
    books = [box(0.04, 0.26, 0.22, (x, y + 0.145, 0.02)) for y in (0.5, 0.95) for x in np.linspace(-w / 2 + 0.1, w / 2 - 0.1, 7)]
    return Built(slots(wood=sides + boards), [("Books", slots(books=books))])


def _rug(v: int, d: int) -> Built:
    w, dd = ((2.0, 1.4), (3.0, 2.0))[v]
    return Built(slots(rug=box(w, 0.015, dd, (0, 0.0075, 0))))


def _plant(v: int, d: int) -> Built:
    s = seg(d)
    pot = lathe([(0.14, 0.0), (0.2, 0.35), (0.17, 0.35), (0.0, 0.33)], s)
    bottom = lathe([(0.0, 0.0), (0.14, 0.0)], s)
    leaves = [ellipsoid(0.3, 0.35, 0.3, s, s // 2, (0, 0.7, 0))]
    return Built(slots(ceramic=[pot, bottom]), [("Leaves", slots(foliage=leaves))])


TH = ("interior",)
register(Archetype("wood_floor", "Floor", TH, {"ground": "planks"}, lambda v, d: ground_box(v), (0, 0),
                   placement="structural", words=("floor", "floorboards", "parquet"), material_variants=("default", "warm", "dark")))
register(Archetype("room_wall", "Wall", TH, {"plaster": "plaster", "wood": "wood"}, _room_wall, (4.0, ROOM_WALL_T),
                   variants=4, placement="structural", words=("wall", "walls"), material_variants=("default", "warm")))
register(Archetype("door", "Door", TH, {"plaster": "plaster", "wood": "wood", "metal": "metal"}, _door, (4.0, ROOM_WALL_T),
                   placement="structural", words=("door", "doors", "doorway")))
register(Archetype("table", "Table", TH, {"wood": "wood"}, _table, (1.6, 1.2), variants=2, words=("table", "tables", "desk", "desks"),
                   material_variants=("default", "dark", "painted_white")))
register(Archetype("chair", "Chair", TH, {"wood": "wood"}, _chair, (0.5, 0.5), words=("chair", "chairs", "stool", "stools"),
                   material_variants=("default", "dark")))
register(Archetype("sofa", "Sofa", TH, {"fabric": "cloth"}, _sofa, (2.4, 0.9), variants=2, words=("sofa", "sofas", "couch", "couches"),
                   material_variants=("painted_blue", "painted_grey", "painted_green")))
register(Archetype("lamp", "Lamp", TH, {"metal": "metal", "shade": "lamp_shade"}, _lamp, (0.5, 0.5),
                   words=("lamp", "lamps", "floor lamp", "light", "lights"), material_variants=("default", "warm")))
register(Archetype("shelf", "Shelf", TH, {"wood": "wood", "books": "leather"}, _shelf, (1.6, 0.35), variants=2,
                   words=("shelf", "shelves", "bookshelf", "bookshelves", "bookcase", "bookcases")))
register(Archetype("rug", "Rug", TH, {"rug": "cloth"}, _rug, (3.0, 2.0), variants=2, words=("rug", "rugs", "carpet", "carpets"),
                   material_variants=("painted_red", "painted_blue", "warm")))
register(Archetype("potted_plant", "Potted Plant", TH, {"ceramic": "plaster", "foliage": "foliage"}, _plant, (0.6, 0.6),
                   words=("plant", "plants", "potted plant", "houseplant", "houseplants")))
