"""Product studio archetypes: cyclorama, plinths, hero products, studio lights."""

from __future__ import annotations

import numpy as np

from .mesh import Geo, box, cylinder, ellipsoid, lathe, rot_x, rot_z, xform
from .archetype_base import Archetype, Built, ground_box, Light, register, seg, slots

CYC_W, CYC_H, CYC_R = 12.0, 5.0, 1.5



def _cyclorama(v: int, d: int) -> Built:
    """A curved backdrop: flat apron on the floor bending up into a vertical wall (infinity cove).
    Built as a thin shell from a (z, y) profile swept along X."""
    n = seg(d) // 2 + 2
    a = np.linspace(0, np.pi / 2, n)
    prof = [(1.0 + CYC_R, 0.02)] + [(CYC_R - CYC_R * np.sin(t), CYC_R - CYC_R * np.cos(t) + 0.02) for t in a]
    prof += [(0.0, CYC_H)]
    prof = np.array(prof)
    k = prof.shape[0]
    xs = np.array([-CYC_W / 2, CYC_W / 2])
    pos = np.array([[x, y, z] for (z, y) in prof for x in xs])
    d2 = np.gradient(prof, axis=0)
    nz = -d2[:, 1]
    ny = d2[:, 0]
    # Normals face the studio (+Z side / up), perpendicular to the profile.
    nn = np.stack([np.zeros(k), -ny, -nz], 1)
    nn /= np.linalg.norm(nn, axis=1, keepdims=True)
    nrm = np.repeat(nn, 2, 0)
    arclen = np.concatenate([[0], np.cumsum(np.linalg.norm(np.diff(prof, axis=0), axis=1))])
    uv = np.array([[x, s] for s in arclen for x in xs])
    idx = []
    for i in range(k - 1):
        a0, b0, a1, b1 = 2 * i, 2 * i + 1, 2 * i + 2, 2 * i + 3
        idx += [[a0, b0, b1], [a0, b1, a1]]
    front = Geo(pos, nrm, uv, np.array(idx))
    fix = np.einsum("ij,ij->i", np.cross(pos[front.idx[:, 1]] - pos[front.idx[:, 0]], pos[front.idx[:, 2]] - pos[front.idx[:, 0]]), nrm[front.idx[:, 0]])
    front.idx[fix < 0] = front.idx[fix < 0][:, ::-1]
    back = box(CYC_W, CYC_H, 0.05, (0, CYC_H / 2, -0.03))
    return Built(slots(paint=[front, back]))


def _plinth(v: int, d: int) -> Built:
    s = seg(d, 2)
    if v == 0:
        return Built(slots(paint=box(0.8, 1.0, 0.8, (0, 0.5, 0))))
    return Built(slots(paint=cylinder(0.45, 1.0, s)))


def _bottle(v: int, d: int) -> Built:
    s = seg(d, 2)
    prof = [(0.0, 0.0), (0.07, 0.0), (0.075, 0.01), (0.075, 0.2), (0.03, 0.26), (0.025, 0.3)]
    glass = lathe(prof, s)
    cap = cylinder(0.028, 0.04, s, y0=0.3)
    label = cylinder(0.077, 0.08, s, y0=0.07, caps=False)
    return Built(slots(glass=glass), [("Cap", slots(cap=cap)), ("Label", slots(label=label))])


def _pbox(v: int, d: int) -> Built:
    return Built(slots(body=box(0.25, 0.35, 0.1, (0, 0.175, 0))), [("Lid", slots(cap=box(0.26, 0.04, 0.11, (0, 0.37, 0))))])


def _sneaker(v: int, d: int) -> Built:
    s = seg(d)
    sole = box(0.11, 0.03, 0.3, (0, 0.015, 0))
    upper = ellipsoid(0.055, 0.06, 0.14, s, s // 2, (0, 0.05, -0.01))
    upper.pos[:, 1] = np.maximum(upper.pos[:, 1], 0.03)
    collar = cylinder(0.045, 0.05, s, y0=0.07, caps=False)
    collar = xform(collar, None, (0, 0, -0.08))
    return Built(slots(rubber=sole), [("Upper", slots(leather=[upper, collar]))])


def _studio_light(v: int, d: int) -> Built:
    s = seg(d)
    legs = [xform(cylinder(0.015, 0.9, 6), rot_z(0.5) if i == 0 else rot_x(0.5 if i == 1 else -0.5) @ rot_z(-0.3), (0, 0, 0)) for i in range(3)]
    legs = [xform(g, None, (0, 0.05, 0)) for g in legs]
    pole = cylinder(0.02, 1.9, s // 2, y0=0.7)
    head = box(0.6, 0.6, 0.25, (0, 2.5, 0))
    diffuser = box(0.56, 0.56, 0.01, (0, 2.5, 0.13))
    return Built(slots(metal=legs + [pole, head]), [("Softbox", slots(shade=diffuser))],
                 [Light((0.0, 2.5, 0.3), (1.0, 0.97, 0.92), 60.0, 12.0)])


TH = ("product_studio",)
register(Archetype("studio_floor", "Studio Floor", TH, {"ground": "matte_paint"}, lambda v, d: ground_box(v), (0, 0),
                   placement="structural", words=("studio floor",)))
register(Archetype("cyclorama", "Cyclorama", TH, {"paint": "matte_paint"}, _cyclorama, (CYC_W, CYC_R + 1.0),
                   placement="structural", words=("cyclorama", "cyc", "backdrop", "infinity cove", "sweep")))
register(Archetype("plinth", "Plinth", TH, {"paint": "matte_paint"}, _plinth, (0.9, 0.9), variants=2,
                   words=("plinth", "plinths", "pedestal", "pedestals", "podium"), material_variants=("default", "dark", "polished")))
register(Archetype("product_bottle", "Bottle", TH, {"glass": "glass", "cap": "metal", "label": "plastic"}, _bottle, (0.16, 0.16),
                   placement="on_plinth", words=("bottle", "bottles", "perfume", "flask"), material_variants=("default", "painted_red", "painted_blue")))
register(Archetype("product_box", "Product Box", TH, {"body": "plastic", "cap": "plastic"}, _pbox, (0.26, 0.11),
                   placement="on_plinth", words=("product box", "package", "packaging", "carton", "gift box"),
                   material_variants=("painted_red", "painted_white", "painted_black")))
register(Archetype("product_sneaker", "Sneaker", TH, {"rubber": "plastic", "leather": "leather"}, _sneaker, (0.11, 0.3),
                   placement="on_plinth", words=("sneaker", "sneakers", "shoe", "shoes", "trainer", "trainers"),
                   material_variants=("default", "painted_white", "painted_red")))
register(Archetype("studio_light", "Studio Light", TH, {"metal": "metal", "shade": "lamp_shade"}, _studio_light, (1.0, 1.0),
                   words=("studio light", "studio lights", "softbox", "softboxes", "light stand")))
