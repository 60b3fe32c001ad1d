"""A small part grammar over :mod:`mesh`: the shapes archetypes are described with.

Solids (every one closed and wound counter-clockwise seen from outside, UVs in metres):
``bevel_box`` (a box with chamfered edges), ``extrude`` (a 2D outline pushed along an axis,
concave outlines allowed), ``sweep`` / ``tube`` (a profile carried along a 3D path),
``revolve`` (a lathe profile with its open ends capped), plus mesh's box, cylinder, cone,
ellipsoid and torus. Operators: ``place`` (rotate then move), ``linear`` and ``radial`` arrays,
``mirror``. Outlines: ``ngon``, ``rounded_rect``, ``arc``.

An archetype is then a few lines that return ``model(body={slot: shapes}, parts={"Name": {...}})``
and is registered with the ``archetype`` decorator, which fills in the display name and keeps
names unique. Detail levels come from ``seg(d)`` (round things get more sides as ``d`` grows)
and from arrays that fill in with ``d``; the decorator fits ``d == 0`` to the generator's
smallest triangle budget (``fit_coarse``).
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

import numpy as np

from .archetype_base import REGISTRY, Archetype, Built, Light, register, seg
from .mesh import UV_METRES, Geo, box, cylinder, lathe, merge, rot_x, rot_y, rot_z, xform

__all__ = ["COARSE_TRIANGLES", "arc", "archetype", "bevel_box", "bx", "extrude", "fit_coarse", "legs", "linear", "mirror",
           "model", "ngon", "place", "radial", "revolve", "rod", "rounded_rect", "seg", "sweep", "triangulate", "tube"]


# --- outlines and paths ---------------------------------------------------------------------

def ngon(r: float, n: int, phase: float = 0.0, ry: float | None = None) -> np.ndarray:
    """A counter-clockwise regular polygon (an ellipse when ``ry`` is given)."""
    a = phase + np.arange(n) * 2 * np.pi / n
    return np.stack([r * np.cos(a), (r if ry is None else ry) * np.sin(a)], 1)


def rounded_rect(w: float, h: float, r: float, n: int = 3) -> np.ndarray:
    """A counter-clockwise rectangle centred on the origin with corners of radius ``r``."""
    r = min(r, w / 2 - 1e-4, h / 2 - 1e-4)
    pts = []
    for cx, cy, a0 in ((w / 2 - r, h / 2 - r, 0.0), (-w / 2 + r, h / 2 - r, np.pi / 2),
                       (-w / 2 + r, -h / 2 + r, np.pi), (w / 2 - r, -h / 2 + r, 1.5 * np.pi)):
        for a in np.linspace(a0, a0 + np.pi / 2, n + 1):
            pts.append((cx + r * np.cos(a), cy + r * np.sin(a)))
    return np.array(pts)


def arc(center, radius: float, a0: float, a1: float, n: int, plane: str = "xy") -> np.ndarray:
    """Points on a circular arc in the given plane ("xy", "xz" or "zy"), angles in radians."""
    a = np.linspace(a0, a1, n + 1)
    c = np.asarray(center, float)
    u, v = radius * np.cos(a), radius * np.sin(a)
    out = np.repeat(c[None], len(a), 0)
    i, j = {"xy": (0, 1), "xz": (0, 2), "zy": (2, 1)}[plane]
    out[:, i] += u
    out[:, j] += v
    return out


# --- helpers ----------------------------------------------------------------------------------

def _signed_area(poly: np.ndarray) -> float:
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def _ccw(poly) -> np.ndarray:
    p = np.asarray(poly, float)
    return p if _signed_area(p) > 0 else p[::-1].copy()


def _cross2(a, b) -> float:
    return float(a[0] * b[1] - a[1] * b[0])


def triangulate(poly: np.ndarray) -> np.ndarray:
    """Ear clipping of a simple counter-clockwise polygon; returns (n-2, 3) indices."""
    pts = np.asarray(poly, float)
    idx = list(range(len(pts)))
    tris = []
    while len(idx) > 3:
        n = len(idx)
        rest = np.array(idx)
        for k in range(n):
            i0, i1, i2 = idx[k - 1], idx[k], idx[(k + 1) % n]
            a, b, c = pts[i0], pts[i1], pts[i2]
            if _cross2(b - a, c - b) <= 1e-12:
                continue  # reflex or flat corner: not an ear
            others = pts[rest[(rest != i0) & (rest != i1) & (rest != i2)]]
            if len(others):
                d1 = (b[0] - a[0]) * (others[:, 1] - a[1]) - (b[1] - a[1]) * (others[:, 0] - a[0])
                d2 = (c[0] - b[0]) * (others[:, 1] - b[1]) - (c[1] - b[1]) * (others[:, 0] - b[0])
                d3 = (a[0] - c[0]) * (others[:, 1] - c[1]) - (a[1] - c[1]) * (others[:, 0] - c[0])
                if ((d1 >= -1e-12) & (d2 >= -1e-12) & (d3 >= -1e-12)).any():
                    continue  # another vertex inside this ear
            tris.append((i0, i1, i2))
            del idx[k]
            break
        else:  # numerically stuck (collinear run): fan what is left
            break
    for k in range(1, len(idx) - 1):
        tris.append((idx[0], idx[k], idx[k + 1]))
    return np.array(tris, dtype=np.int64)


def _clean(poly: np.ndarray) -> np.ndarray:
    """Drop repeated and collinear points (they would make zero-area cap triangles)."""
    keep = []
    n = len(poly)
    for k in range(n):
        a, b, c = poly[k - 1], poly[k], poly[(k + 1) % n]
        if np.linalg.norm(b - a) < 1e-9:
            continue
        if abs(_cross2(b - a, c - b)) < 1e-12 and np.dot(b - a, c - b) > 0:
            continue
        keep.append(b)
    return np.array(keep)


def _fix_winding(g: Geo) -> Geo:
    """Wind every triangle to agree with its vertex normals (the builders set outward normals)."""
    p = g.pos
    cross = np.cross(p[g.idx[:, 1]] - p[g.idx[:, 0]], p[g.idx[:, 2]] - p[g.idx[:, 0]])
    flip = np.einsum("ij,ij->i", cross, g.nrm[g.idx].sum(1)) < 0
    idx = g.idx.copy()
    idx[flip] = idx[flip][:, ::-1]
    return Geo(g.pos, g.nrm, g.uv, idx)


# --- solids ------------------------------------------------------------------------------------

def extrude(poly, depth: float, axis: str = "z", center=(0.0, 0.0, 0.0)) -> Geo:
    """Push a 2D outline ``depth`` metres along ``axis``, centred on ``center``. The outline's
    coordinates are (x, y) for axis "z", (z, y) for "x" and (x, z) for "y". Sides are flat shaded."""
    p = _clean(_ccw(poly))
    n = len(p)
    h = depth / 2
    pos, nrm, uv, idx = [], [], [], []
    u0 = 0.0
    for k in range(n):
        a, b = p[k], p[(k + 1) % n]
        e = b - a
        ln = float(np.linalg.norm(e))
        nn = np.array([e[1], -e[0], 0.0]) / ln
        base = len(pos)
        pos += [[a[0], a[1], -h], [b[0], b[1], -h], [b[0], b[1], h], [a[0], a[1], h]]
        nrm += [nn] * 4
        uv += [[u0, -h], [u0 + ln, -h], [u0 + ln, h], [u0, h]]
        idx += [[base, base + 2, base + 1], [base, base + 3, base + 2]]
        u0 += ln
    tri = triangulate(p)
    for z, sgn in ((h, 1.0), (-h, -1.0)):
        base = len(pos)
        pos += [[q[0], q[1], z] for q in p]
        nrm += [[0.0, 0.0, sgn]] * n
        uv += [[q[0], q[1]] for q in p]
        t = tri + base
        idx += (t if sgn > 0 else t[:, ::-1]).tolist()
    g = _fix_winding(Geo(np.array(pos, float), np.array(nrm, float), np.array(uv, float) / UV_METRES,
                         np.array(idx, np.int64)))
    m = {"z": None, "x": np.array([[0.0, 0, 1], [0, 1, 0], [1, 0, 0]]), "y": np.array([[1.0, 0, 0], [0, 0, 1], [0, 1, 0]])}[axis]
    return xform(g, m, center)


def bevel_box(sx: float, sy: float, sz: float, b: float, center=(0.0, 0.0, 0.0)) -> Geo:
    """A box whose twelve edges are chamfered by ``b`` metres: 6 faces, 12 bevels, 8 corners."""
    h = np.array([sx, sy, sz]) / 2
    b = min(b, *(h * 0.9))

    def q(s, a):  # the corner ``s`` (signs) pulled in by b on the axes other than ``a``
        v = np.array(s, float) * h
        for k in range(3):
            if k != a:
                v[k] -= s[k] * b
        return v

    polys = []
    for a in range(3):
        o1, o2 = [k for k in range(3) if k != a]
        for sa in (-1, 1):  # main faces
            ring = []
            for s1, s2 in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
                s = [0, 0, 0]
                s[a], s[o1], s[o2] = sa, s1, s2
                ring.append(q(s, a))
            polys.append(ring)
        for s1 in (-1, 1):  # bevel strips along axis a
            for s2 in (-1, 1):
                ring = []
                for sa, face in ((-1, o1), (1, o1), (1, o2), (-1, o2)):
                    s = [0, 0, 0]
                    s[a], s[o1], s[o2] = sa, s1, s2
                    ring.append(q(s, face))
                polys.append(ring)
    for s in ((x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)):
        polys.append([q(s, 0), q(s, 1), q(s, 2)])
    return _convex_faces(polys, center)


def _cross3(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def _convex_faces(polys: list, center) -> Geo:
    """Flat-shaded convex faces of a solid around the origin, each wound outward."""
    pos, nrm, uv, idx = [], [], [], []
    for ring in polys:
        ring = np.array(ring, float)
        c = ring.mean(0)
        n = _cross3(ring[1] - ring[0], ring[2] - ring[0])
        if np.linalg.norm(n) < 1e-12 and len(ring) > 3:
            n = _cross3(ring[2] - ring[0], ring[3] - ring[0])
        n = n / np.linalg.norm(n)
        if np.dot(n, c) < 0:
            ring, n = ring[::-1], -n
        ref = np.array([0.0, 1.0, 0.0]) if abs(n[1]) < 0.9 else np.array([1.0, 0.0, 0.0])
        vdir = ref - n * np.dot(ref, n)
        vdir /= np.linalg.norm(vdir)
        udir = _cross3(vdir, n)
        base = len(pos)
        for pt in ring:
            pos.append(pt)
            nrm.append(n)
            uv.append([np.dot(pt, udir), np.dot(pt, vdir)])
        idx += [[base, base + k, base + k + 1] for k in range(1, len(ring) - 1)]
    g = Geo(np.array(pos) + np.asarray(center, float), np.array(nrm), np.array(uv) / UV_METRES, np.array(idx, np.int64))
    return _fix_winding(g)


def _frames(path: np.ndarray, closed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tangents and parallel-transported normals/binormals along a polyline."""
    n = len(path)
    seg_d = np.diff(np.vstack([path, path[:1]]) if closed else path, axis=0)
    seg_d /= np.linalg.norm(seg_d, axis=1, keepdims=True)
    t = np.zeros((n, 3))
    for i in range(n):
        prev_d = seg_d[i - 1] if (i > 0 or closed) else None
        next_d = seg_d[i] if (i < len(seg_d)) else None
        t[i] = (prev_d if prev_d is not None else 0) + (next_d if next_d is not None else 0)
        t[i] /= np.linalg.norm(t[i])
    ref = np.array([0.0, 1.0, 0.0]) if abs(t[0][1]) < 0.9 else np.array([1.0, 0.0, 0.0])
    nn = np.zeros((n, 3))
    nn[0] = np.cross(ref, t[0])
    nn[0] /= np.linalg.norm(nn[0])
    for i in range(1, n):
        v = nn[i - 1] - t[i] * np.dot(nn[i - 1], t[i])
        nn[i] = v / np.linalg.norm(v)
    bb = np.cross(t, nn)
    return t, nn, bb


def sweep(profile, path, closed: bool = False, caps: bool = True, smooth: bool = True,
          scale: Sequence[float] | None = None) -> Geo:
    """Carry a closed 2D profile (counter-clockwise) along a 3D polyline; ``scale`` optionally
    scales the profile per path point, uniformly (m,) or per profile axis (m, 2): a tapering
    horn, a boat's hull narrowing to its bow. Open paths get flat caps. For a path along +z the
    profile's (x, y) are world (x, y)."""
    prof = _clean(_ccw(profile))
    path = np.asarray(path, float)
    k, m = len(prof), len(path)
    t, nn, bb = _frames(path, closed)
    sc = np.ones((m, 2)) if scale is None else np.asarray(scale, float).reshape(m, -1) * np.ones((1, 2))
    # Ring layout: smooth profiles share one vertex per point (seam duplicated for UVs); flat
    # ones get two per edge with the edge's normal.
    edges = np.diff(np.vstack([prof, prof[:1]]), axis=0)
    e_n = np.stack([edges[:, 1], -edges[:, 0]], 1)
    e_n /= np.linalg.norm(e_n, axis=1, keepdims=True)
    if smooth:
        pn = e_n + np.roll(e_n, 1, axis=0)
        pn /= np.linalg.norm(pn, axis=1, keepdims=True)
        rp = np.vstack([prof, prof[:1]])
        rn = np.vstack([pn, pn[:1]])
        pairs = [(j, j + 1) for j in range(k)]
    else:
        rp = np.array([pp for j in range(k) for pp in (prof[j], prof[(j + 1) % k])])
        rn = np.repeat(e_n, 2, 0)
        pairs = [(2 * j, 2 * j + 1) for j in range(k)]
    elen = np.linalg.norm(edges, axis=1)
    start = np.concatenate([[0.0], np.cumsum(elen)])
    ulen = start if smooth else np.stack([start[:-1], start[1:]], 1).reshape(-1)
    vlen = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])
    rows = m + 1 if closed else m
    pos, nrm, uv = [], [], []
    for i in range(rows):
        ii = i % m
        v_here = vlen[ii] if i < m else vlen[-1] + np.linalg.norm(path[0] - path[-1])
        pos.append(path[ii] + sc[ii, 0] * rp[:, 0:1] * nn[ii] + sc[ii, 1] * rp[:, 1:2] * bb[ii])
        nv = rn[:, 0:1] / sc[ii, 0] * nn[ii] + rn[:, 1:2] / sc[ii, 1] * bb[ii]  # inverse-transpose
        nrm.append(nv / np.linalg.norm(nv, axis=1, keepdims=True))
        uv.append(np.stack([ulen, np.full(len(rp), v_here)], 1))
    cols = len(rp)
    idx = []
    for i in range(rows - 1):
        for a, b in pairs:
            p00, p01 = i * cols + a, i * cols + b
            p10, p11 = (i + 1) * cols + a, (i + 1) * cols + b
            idx += [[p00, p01, p11], [p00, p11, p10]]
    g = Geo(np.concatenate(pos), np.concatenate(nrm), np.concatenate(uv) / UV_METRES, np.array(idx, np.int64))
    parts = [_fix_winding(g)]
    if caps and not closed:
        tri = triangulate(prof)
        for ii, sgn in ((0, -1.0), (m - 1, 1.0)):
            cp = path[ii] + sc[ii, 0] * prof[:, 0:1] * nn[ii] + sc[ii, 1] * prof[:, 1:2] * bb[ii]
            cn = np.tile(t[ii] * sgn, (k, 1))
            parts.append(_fix_winding(Geo(cp, cn, prof * sc[ii] / UV_METRES, tri.copy())))
    return merge(parts)


def tube(path, r: float, sides: int = 8, closed: bool = False, caps: bool = True) -> Geo:
    """A round rod along a path (a rail, a handle, a hoop, a rope)."""
    return sweep(ngon(r, sides), path, closed=closed, caps=caps)


def revolve(profile, segments: int) -> Geo:
    """mesh.lathe with its open ends capped: a closed solid from a bottom-to-top (r, y) profile."""
    p = np.asarray(profile, float)
    parts = [lathe(p, segments)]
    if p[0, 0] > 1e-9:
        parts.append(lathe([(0.0, p[0, 1]), (p[0, 0], p[0, 1])], segments))
    if p[-1, 0] > 1e-9:
        parts.append(lathe([(p[-1, 0], p[-1, 1]), (0.0, p[-1, 1])], segments))
    return merge(parts)


def rod(p0, p1, r: float, sides: int = 8) -> Geo:
    """A capped round rod from p0 to p1 (a capped cylinder turned onto the segment)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    axis = p1 - p0
    length = float(np.linalg.norm(axis))
    y = axis / length
    ref = np.array([1.0, 0.0, 0.0]) if abs(y[0]) < 0.9 else np.array([0.0, 0.0, 1.0])
    x = _cross3(y, ref)
    x /= np.linalg.norm(x)
    return xform(cylinder(r, length, sides), np.stack([x, y, _cross3(x, y)], 1), p0)


def legs(w: float, depth: float, h: float, t: float, y0: float = 0.0, round_sides: int = 0) -> list[Geo]:
    """Four legs of thickness ``t`` under the corners of a w x depth top, from y0 to y0 + h."""
    out = []
    for x in (-w / 2 + t / 2, w / 2 - t / 2):
        for z in (-depth / 2 + t / 2, depth / 2 - t / 2):
            out.append(cylinder(t / 2, h, round_sides, y0=y0) if round_sides else box(t, h, t, (0, y0 + h / 2, 0)))
            out[-1] = xform(out[-1], None, (x, 0, z))
    return out


def bx(sx: float, sy: float, sz: float, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> Geo:
    """A box of size (sx, sy, sz) whose base centre is at (x, y, z)."""
    return box(sx, sy, sz, (x, y + sy / 2, z))


# --- operators -------------------------------------------------------------------------------

def place(g: Geo, at=(0.0, 0.0, 0.0), rx: float = 0.0, ry: float = 0.0, rz: float = 0.0,
          scale: float | Sequence[float] | None = None) -> Geo:
    """Scale, rotate about x, then y, then z (radians), then move to ``at``."""
    m = np.eye(3)
    if scale is not None:
        m = np.diag(np.broadcast_to(np.asarray(scale, float), (3,)))
    for r, f in ((rx, rot_x), (ry, rot_y), (rz, rot_z)):
        if r:
            m = f(r) @ m
    return xform(g, None if np.allclose(m, np.eye(3)) else m, at)


def linear(g: Geo, n: int, step) -> list[Geo]:
    """``n`` copies, each ``step`` (x, y, z) further than the last, centred on the original."""
    s = np.asarray(step, float)
    return [xform(g, None, s * (i - (n - 1) / 2)) for i in range(n)]


def radial(g: Geo, n: int, phase: float = 0.0) -> list[Geo]:
    """``n`` copies turned evenly about the y axis."""
    return [xform(g, rot_y(phase + i * 2 * np.pi / n)) for i in range(n)]


def mirror(g: Geo | list[Geo], axis: str = "x") -> list[Geo]:
    """The shapes and their mirror images across the plane through the origin normal to ``axis``."""
    gs = g if isinstance(g, list) else [g]
    m = np.diag([-1.0 if a == axis else 1.0 for a in "xyz"])
    return gs + [xform(x, m) for x in gs]


# --- description -> Built ------------------------------------------------------------------

def _flat(v) -> list[Geo]:
    if isinstance(v, Geo):
        return [v]
    out: list[Geo] = []
    for x in v:
        out += _flat(x)
    return out


def model(body: dict | None = None, parts: dict | None = None, lights: Iterable[Light] = ()) -> Built:
    """A Built from ``{slot: shapes}`` for the body and ``{"Part Name": {slot: shapes}}`` for the
    parts people select separately (in the order given); shapes may be nested lists."""
    b = {k: _flat(v) for k, v in (body or {}).items() if _flat(v)}
    p = [(n, {k: _flat(v) for k, v in s.items() if _flat(v)}) for n, s in (parts or {}).items()]
    return Built(b, [(n, s) for n, s in p if s], list(lights))


# procedural.MIN_TRIANGLES: the coarsest detail level of every archetype fits in this.
COARSE_TRIANGLES = 256


def _bounding_box(g: Geo) -> Geo:
    """The tighter of the axis-aligned and the principal-axes box around a piece (12 triangles)."""
    c = g.pos.mean(0)
    q = g.pos - c
    _, vecs = np.linalg.eigh(q.T @ q)
    for k in range(3):  # a fixed sign per axis, so the box does not depend on the solver's choice
        if vecs[np.argmax(np.abs(vecs[:, k])), k] < 0:
            vecs[:, k] = -vecs[:, k]
    if np.linalg.det(vecs) < 0:
        vecs[:, 0] = -vecs[:, 0]
    best = None
    for basis in (np.eye(3), vecs):
        loc = q @ basis
        lo, hi = loc.min(0), loc.max(0)
        size = np.maximum(hi - lo, 2e-3)
        vol = float(np.prod(size))
        if best is None or vol < best[0] - 1e-12:
            best = (vol, basis, size, (lo + hi) / 2)
    _, basis, size, mid = best
    return xform(box(*size, center=mid), None if np.allclose(basis, np.eye(3)) else basis, c)


def fit_coarse(built: Built, limit: int = COARSE_TRIANGLES) -> Built:
    """The coarsest level within ``limit`` triangles: first the most detailed small pieces
    become their bounding boxes (a candle, a spoke), then neighbouring pieces of a slot merge
    into one box (a shelf of books), so every named part keeps a shape."""
    groups = [dict((k, list(v)) for k, v in built.body.items())] + [dict((k, list(v)) for k, v in p.items()) for _, p in built.parts]
    total = sum(g.triangles for grp in groups for gs in grp.values() for g in gs)
    if total > limit:
        pieces = [(gi, k, i) for gi, grp in enumerate(groups) for k in sorted(grp) for i in range(len(grp[k]))]

        def density(key):
            g = groups[key[0]][key[1]][key[2]]
            return -g.triangles / (float(np.linalg.norm(np.ptp(g.pos, axis=0))) + 0.05)

        for gi, k, i in sorted(pieces, key=density):
            g = groups[gi][k][i]
            if g.triangles <= 12:
                continue
            groups[gi][k][i] = _bounding_box(g)
            total -= g.triangles - 12
            if total <= limit:
                break
    if total > limit:
        # Still too many pieces: merge neighbours. Pieces of one slot whose centres share a cell
        # of an n x n x n grid over the asset become one box; the grid coarsens until it fits.
        allp = np.concatenate([g.pos for grp in groups for gs in grp.values() for g in gs])
        lo, ext = allp.min(0), np.maximum(np.ptp(allp, axis=0), 1e-6)
        for n in (4, 3, 2, 1):
            trial = []
            for grp in groups:
                out = {}
                for k in sorted(grp):
                    cells: dict[tuple, list[Geo]] = {}
                    for g in grp[k]:
                        cell = tuple(np.minimum((g.pos.mean(0) - lo) / ext * n, n - 1).astype(int))
                        cells.setdefault(cell, []).append(g)
                    out[k] = [gs[0] if len(gs) == 1 else _bounding_box(merge(gs)) for _, gs in sorted(cells.items())]
                trial.append(out)
            total = sum(g.triangles for grp in trial for gs in grp.values() for g in gs)
            if total <= limit or n == 1:
                groups = trial
                break
    return Built(groups[0], [(n, grp) for (n, _), grp in zip(built.parts, groups[1:])], list(built.lights))


def archetype(name: str, footprint: tuple[float, float], slots: dict[str, str], *, variants: int = 1,
              placement: str = "floor", material_variants: tuple[str, ...] = ("default",),
              display: str | None = None, themes: tuple[str, ...] = (), words: tuple[str, ...] = ()
              ) -> Callable[[Callable[[int, int], Built]], Callable[[int, int], Built]]:
    """Register the decorated ``(variant, detail) -> Built`` builder as archetype ``name``
    (its canonical snake_case noun). ``footprint`` is the real-world (x, z) size in metres.
    Detail 0 is fitted to COARSE_TRIANGLES (see fit_coarse), so any budget the generator accepts
    gets every archetype within it."""
    def deco(fn: Callable[[int, int], Built]) -> Callable[[int, int], Built]:
        if name in REGISTRY:
            raise ValueError(f"archetype {name!r} is already registered")
        def build(v: int, d: int) -> Built:
            built = fn(v, d)
            return fit_coarse(built) if d == 0 else built

        build.__module__, build.__name__, build.__doc__ = fn.__module__, fn.__name__, fn.__doc__
        build.__wrapped__ = fn  # type: ignore[attr-defined]
        register(Archetype(name, display or name.replace("_", " ").title(), themes, slots, build, footprint,
                           variants=variants, placement=placement, words=words, material_variants=material_variants))
        return fn
    return deco
