"""Sci-fi corridor archetypes."""

from __future__ import annotations

import numpy as np

from .mesh import box, cylinder, rot_z, xform
from .archetype_base import Archetype, Built, ground_box, Light, register, seg, slots

BULK_T = 0.4
BULK_H = 3.2
CORRIDOR_W = 6.0
SEG_L = 4.0



def _bulkhead(v: int, d: int) -> Built:
    # Ribs and the light strip stand on a slab 4 cm thinner than the wall, so the segment's box
    # is exactly the wall thickness and the end doors butt against it without overlapping.
    wall = box(SEG_L, BULK_H, BULK_T - 0.04, (0, BULK_H / 2, -0.02))
    ribs = [box(0.25, BULK_H, 0.04, (x, BULK_H / 2, BULK_T / 2 - 0.02)) for x in (-SEG_L / 2 + 0.6, SEG_L / 2 - 0.6)]
    strip = box(SEG_L - 1.0, 0.06, 0.03, (0, 2.6, BULK_T / 2 - 0.025))
    return Built(slots(panel=wall, trim=ribs), [("Light Strip", slots(screen=strip))])


def _sliding_door(v: int, d: int) -> Built:
    w = CORRIDOR_W - 2 * BULK_T
    frame = [box(0.5, BULK_H, BULK_T, (x, BULK_H / 2, 0)) for x in (-w / 2 + 0.25, w / 2 - 0.25)]
    frame.append(box(w - 1.0, BULK_H - 2.6, BULK_T, (0, (BULK_H + 2.6) / 2, 0)))
    leaves = [box((w - 1.0) / 2, 2.6, 0.1, (x, 1.3, 0)) for x in (-(w - 1.0) / 4, (w - 1.0) / 4)]
    return Built(slots(panel=frame), [("Door Panels", slots(trim=leaves))])


def _console(v: int, d: int) -> Built:
    w = (1.2, 1.8)[v]
    base = box(w, 0.9, 0.6, (0, 0.45, 0.3))
    desk = xform(box(w, 0.05, 0.45, (0, 0, 0)), np.array([[1, 0, 0], [0, np.cos(0.35), -np.sin(0.35)], [0, np.sin(0.35), np.cos(0.35)]]), (0, 0.98, 0.38))
    screen = box(w - 0.2, 0.5, 0.04, (0, 1.45, 0.05))
    return Built(slots(panel=[base, desk]), [("Screen", slots(screen=screen))],
                 [Light((0.0, 1.45, 0.4), (0.4, 0.8, 1.0), 3.0, 4.0)])


def _pipe_run(v: int, d: int) -> Built:
    s = seg(d)
    length = (3.0, 3.6)[v]
    pipes = [xform(cylinder(r, length, s, y0=-length / 2), rot_z(np.pi / 2), (0, y, r + 0.05)) for r, y in ((0.1, 0.12), (0.06, 0.4), (0.06, 0.58))]
    clamps = [box(0.08, 0.72, 0.05, (x, 0.36, 0.025)) for x in (-length / 2 + 0.3, 0.0, length / 2 - 0.3)]
    return Built(slots(pipe=pipes, trim=clamps))


def _cargo(v: int, d: int) -> Built:
    body = box(1.2, 0.8, 0.8, (0, 0.4, 0))
    bands = [box(1.22, 0.1, 0.82, (0, y, 0)) for y in (0.1, 0.7)]
    return Built(slots(panel=body, trim=bands))


TH = ("scifi_corridor",)
register(Archetype("metal_floor", "Deck", TH, {"ground": "painted_metal"}, lambda v, d: ground_box(v), (0, 0),
                   placement="structural", words=("deck", "grating", "floor plates")))
register(Archetype("bulkhead", "Bulkhead", TH, {"panel": "painted_metal", "trim": "metal", "screen": "screen"}, _bulkhead,
                   (SEG_L, BULK_T), placement="structural", words=("bulkhead", "bulkheads", "panel", "panels", "wall panel")))
register(Archetype("sliding_door", "Sliding Door", TH, {"panel": "painted_metal", "trim": "metal"}, _sliding_door,
                   (CORRIDOR_W, BULK_T), placement="structural", words=("airlock", "hatch", "blast door", "sliding door")))
register(Archetype("console", "Console", TH, {"panel": "painted_metal", "screen": "screen"}, _console, (1.8, 0.9), variants=2,
                   placement="wall", words=("console", "consoles", "terminal", "terminals", "computer", "control panel")))
register(Archetype("pipe_run", "Pipe Run", TH, {"pipe": "metal", "trim": "painted_metal"}, _pipe_run, (3.6, 0.3), variants=2,
                   placement="wall", words=("pipe", "pipes", "pipe run", "pipework", "conduit", "conduits"),
                   material_variants=("default", "rusty")))
register(Archetype("cargo_crate", "Cargo Crate", TH, {"panel": "painted_metal", "trim": "metal"}, _cargo, (1.2, 0.8),
                   words=("cargo", "cargo crate", "cargo crates", "container", "containers", "supply crate"),
                   material_variants=("default", "painted_orange", "painted_yellow")))
