"""Marching-cubes lookup tables, derived from first principles (no copied table).

Shap-E's mesh decoder (diffusers ``MeshDecoder``) holds two buffers: ``cases`` (256, 5, 3),
edge indices of up to five triangles per cube configuration, and ``masks`` (256, 5), which of
those triangles exist. A real checkpoint carries them; a model built from a config (our tiny
test models, the GPU benchmark) has them all zero and would decode every shape to nothing, so
we derive them here.

Conventions of that decoder: corner ``i`` of a cube is at offset (i & 1, i >> 1 & 1, i >> 2 & 1)
along (x, y, z) and its bit is set when the field is > 0 (inside). Edges 0-3 run along x at
(y, z) = (0,0), (1,0), (0,1), (1,1); edges 4-7 along y at (x, z) = (0,0), (1,0), (0,1), (1,1);
edges 8-11 along z at (x, y) = (0,0), (1,0), (0,1), (1,1).

Method: on each cube face the crossed edges pair up into segments; on an ambiguous face (two
diagonal corners inside) the inside corners are kept apart, a rule that depends on the face
alone, so neighbouring cubes agree and the surface is closed. Segments chain into loops, each
loop is oriented so its normal points from inside to outside (towards negative field values),
and fanned into triangles.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

MAX_TRIANGLES = 5


def _corner(i: int) -> np.ndarray:
    return np.array([i & 1, (i >> 1) & 1, (i >> 2) & 1], dtype=float)


def _edges() -> list[tuple[int, int]]:
    """Edge index -> (corner a, corner b), in the decoder's order."""
    out = []
    for axis in range(3):
        others = [a for a in range(3) if a != axis]
        for k in range(4):
            base = [0, 0, 0]
            base[others[0]] = k & 1
            base[others[1]] = (k >> 1) & 1
            a = base[0] | base[1] << 1 | base[2] << 2
            out.append((a, a | (1 << axis)))
    return out


EDGES = _edges()


def _faces() -> list[list[int]]:
    """Each face as its four corners in cyclic order."""
    faces = []
    for axis in range(3):
        u, v = [a for a in range(3) if a != axis]
        for side in (0, 1):
            cyc = [(0, 0), (1, 0), (1, 1), (0, 1)]
            faces.append([side << axis | cu << u | cv << v for cu, cv in cyc])
    return faces


def _edge_of(a: int, b: int) -> int:
    return EDGES.index((min(a, b), max(a, b)))


def _loops(case: int) -> list[list[int]]:
    inside = [(case >> i) & 1 == 1 for i in range(8)]
    links: dict[int, list[int]] = {}
    for face in _faces():
        ring = [_edge_of(face[k], face[(k + 1) % 4]) for k in range(4)]
        crossed = [k for k in range(4) if inside[face[k]] != inside[face[(k + 1) % 4]]]
        if len(crossed) == 2:
            pairs = [(ring[crossed[0]], ring[crossed[1]])]
        elif len(crossed) == 4:
            # Ambiguous face: cut off each inside corner with the two edges next to it.
            pairs = []
            for k in range(4):
                if inside[face[k]]:
                    pairs.append((ring[(k - 1) % 4], ring[k]))
        else:
            pairs = []
        for a, b in pairs:
            links.setdefault(a, []).append(b)
            links.setdefault(b, []).append(a)
    loops, seen = [], set()
    for start in sorted(links):
        if start in seen:
            continue
        loop, prev, cur = [start], None, start
        seen.add(start)
        while True:
            nxt = [e for e in links[cur] if e != prev]
            step = nxt[0] if nxt else links[cur][0]
            if step == start:
                break
            loop.append(step)
            seen.add(step)
            prev, cur = cur, step
        loops.append(loop)
    return loops


def _oriented(loop: list[int], case: int) -> list[int]:
    """Flip the loop so its (Newell) normal points away from the inside corners it bounds."""
    mids = np.array([(_corner(a) + _corner(b)) / 2 for a, b in (EDGES[e] for e in loop)])
    normal = np.zeros(3)
    for k in range(len(mids)):
        p, q = mids[k], mids[(k + 1) % len(mids)]
        normal += np.cross(p, q)
    # Along each crossed edge the field rises towards the inside corner: the sum of those
    # directions is the inward direction of the patch.
    inward = np.zeros(3)
    for e in loop:
        a, b = EDGES[e]
        d = _corner(b) - _corner(a)
        inward += d if (case >> b) & 1 else -d
    return loop if float(normal @ inward) < 0 else loop[::-1]


@lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray]:
    """(cases int64 (256, 5, 3), masks bool (256, 5)) in the decoder's conventions."""
    cases = np.zeros((256, MAX_TRIANGLES, 3), dtype=np.int64)
    masks = np.zeros((256, MAX_TRIANGLES), dtype=bool)
    for case in range(256):
        tris = []
        for loop in _loops(case):
            loop = _oriented(loop, case)
            tris += [(loop[0], loop[k], loop[k + 1]) for k in range(1, len(loop) - 1)]
        if len(tris) > MAX_TRIANGLES:
            raise AssertionError(f"case {case} needs {len(tris)} triangles")
        for k, t in enumerate(tris):
            cases[case, k] = t
            masks[case, k] = True
    return cases, masks


def fill_mesh_decoder(renderer: object) -> None:
    """Write the tables into a diffusers ShapERenderer's mesh decoder (torch imported by caller)."""
    import torch  # noqa: PLC0415 - only callers that have torch get here

    cases, masks = tables()
    dec = renderer.mesh_decoder  # type: ignore[attr-defined]
    dec.cases.copy_(torch.from_numpy(cases).to(dec.cases.device))
    dec.masks.copy_(torch.from_numpy(masks).to(dec.masks.device))
