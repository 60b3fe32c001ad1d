"""Asset templates: an archetype's shape variant built at the richest detail that fits the
triangle budget, with its pivot moved to the base centre. Cached per (archetype, variant,
detail) so repeated assets and later generations reuse the arrays."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .archetypes import REGISTRY, Light
from .mesh import Geo


@dataclass(frozen=True)
class Template:
    archetype: str
    variant: int
    detail: int
    body: dict[str, Geo]
    parts: tuple[tuple[str, dict[str, Geo]], ...]
    lights: tuple[Light, ...]
    box_min: np.ndarray
    box_max: np.ndarray
    triangles: int


def _shift(g: Geo, t: np.ndarray) -> Geo:
    return Geo(g.pos + t, g.nrm, g.uv, g.idx)


@lru_cache(maxsize=512)
def build_template(archetype: str, variant: int, detail: int) -> Template:
    a = REGISTRY[archetype]
    built = a.build(variant, detail)
    body, parts = built.merged()
    allp = np.concatenate([g.pos for g in body.values()] + [g.pos for _, p in parts for g in p.values()])
    lo, hi = allp.min(0), allp.max(0)
    # Pivot: base centre on y = 0. Wall-mounted things keep their back on z = 0 (the wall face).
    shift = np.array([-(lo[0] + hi[0]) / 2, -lo[1], -(lo[2] + hi[2]) / 2])
    if a.placement == "wall":
        shift[2] = -lo[2]
    elif a.placement == "structural":
        shift[:] = 0.0  # built in place: walls centred on their line, ground top at y = 0
    body = {k: _shift(g, shift) for k, g in body.items()}
    parts = tuple((n, {k: _shift(g, shift) for k, g in p.items()}) for n, p in parts)
    lights = tuple(Light(tuple(float(c) for c in np.asarray(l.pos) + shift), l.color, l.intensity, l.range, l.kind)
                   for l in built.lights)
    tris = sum(g.triangles for g in body.values()) + sum(g.triangles for _, p in parts for g in p.values())
    return Template(archetype, variant, detail, body, parts, lights, lo + shift, hi + shift, tris)


def fitted_template(archetype: str, variant: int, max_triangles: int) -> Template:
    """The richest detail level within ``max_triangles`` (the coarsest if none fits)."""
    for d in (3, 2, 1, 0):
        t = build_template(archetype, variant, d)
        if t.triangles <= max_triangles:
            return t
    return build_template(archetype, variant, 0)
