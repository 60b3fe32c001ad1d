"""Archetype registry: parametric assets built from numpy primitives.

A builder gets a shape variant and a detail level and returns a :class:`Built`: the root mesh
(slots -> geometry) plus child parts people select separately, and point lights. Geometry is in
asset space: pivot at the base centre, y = 0 at the base, +Z the front (the side facing the
room for wall-mounted things, whose back lies on z = 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .mesh import Geo, merge

SEGMENTS = (6, 8, 12, 16)


@dataclass
class Light:
    pos: tuple[float, float, float]
    color: tuple[float, float, float]
    # Radiant power in watts, the number a Blender artist tunes; the GLB writer converts it to
    # the candela glTF's KHR_lights_punctual expects (see assemble.point_candela).
    intensity: float
    range: float
    kind: str = "point"


@dataclass
class Built:
    body: dict[str, list[Geo]]
    parts: list[tuple[str, dict[str, list[Geo]]]] = field(default_factory=list)
    lights: list[Light] = field(default_factory=list)

    def merged(self) -> tuple[dict[str, Geo], list[tuple[str, dict[str, Geo]]]]:
        body = {k: merge(v) for k, v in sorted(self.body.items()) if v}
        parts = [(n, {k: merge(v) for k, v in sorted(s.items()) if v}) for n, s in self.parts]
        return body, parts


@dataclass(frozen=True)
class Archetype:
    name: str
    display: str
    themes: tuple[str, ...]
    slots: dict[str, str]  # material slot -> texture kind
    build: Callable[[int, int], Built]  # (shape variant, detail) -> Built
    footprint: tuple[float, float]  # nominal (x, z) size in metres, for sizing the world
    variants: int = 1
    placement: str = "floor"  # floor | wall | structural | on_plinth
    words: tuple[str, ...] = ()  # nouns and phrases in prompts
    material_variants: tuple[str, ...] = ("default",)


REGISTRY: dict[str, Archetype] = {}


def register(a: Archetype) -> Archetype:
    REGISTRY[a.name] = a
    return a


def seg(detail: int, scale: float = 1.0) -> int:
    return max(4, int(round(SEGMENTS[max(0, min(3, detail))] * scale)))


def slots(**kw: Geo | list[Geo]) -> dict[str, list[Geo]]:
    return {k: (v if isinstance(v, list) else [v]) for k, v in kw.items()}


def ground_box(packed: int, slot: str = "ground") -> Built:
    """A ground slab whose top is y = 0. Grounds get their size packed into the variant number
    (x metres * 10000 + z metres; see worldgen.structure.ground_variant)."""
    from .mesh import box

    lx, lz = float(packed // 10000), float(packed % 10000)
    return Built({slot: [box(lx, 0.1, lz, (0.0, -0.05, 0.0))]})


def bbox(built: Built) -> tuple[np.ndarray, np.ndarray]:
    pts = [g.pos for s in [built.body] + [p for _, p in built.parts] for gs in s.values() for g in gs]
    allp = np.concatenate(pts)
    return allp.min(0), allp.max(0)
