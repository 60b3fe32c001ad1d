"""Triangle-mesh primitives built with numpy.

Every primitive returns a :class:`Geo` with positions, unit normals, UVs in metres (so one
tileable texture has the same texel density on every object) and counter-clockwise triangles.
Poles of lathed shapes get one triangle per segment instead of a collapsed quad, so no
primitive emits degenerate triangles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: UVs are metres divided by this: one texture tile covers 1 m x 1 m.
UV_METRES = 1.0


@dataclass
class Geo:
    pos: np.ndarray  # (N, 3) float64
    nrm: np.ndarray  # (N, 3) float64, unit length
    uv: np.ndarray  # (N, 2) float64
    idx: np.ndarray  # (M, 3) int64

    @property
    def triangles(self) -> int:
        return int(self.idx.shape[0])


def merge(geos: list[Geo]) -> Geo:
    """Concatenate geometries into one (same material slot)."""
    offs = np.cumsum([0] + [g.pos.shape[0] for g in geos[:-1]])
    return Geo(
        np.concatenate([g.pos for g in geos]),
        np.concatenate([g.nrm for g in geos]),
        np.concatenate([g.uv for g in geos]),
        np.concatenate([g.idx + o for g, o in zip(geos, offs)]),
    )


def rot_x(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def rot_y(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rot_z(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def xform(g: Geo, m: np.ndarray | None = None, t=(0.0, 0.0, 0.0)) -> Geo:
    """Apply a linear map ``m`` (rotation or scale) then a translation; normals follow."""
    pos, nrm = g.pos, g.nrm
    idx = g.idx
    if m is not None:
        pos = pos @ m.T
        nrm = nrm @ np.linalg.inv(m)  # inverse-transpose keeps normals perpendicular
        nrm = nrm / np.linalg.norm(nrm, axis=1, keepdims=True)
        if np.linalg.det(m) < 0:  # a mirror flips winding
            idx = idx[:, ::-1]
    return Geo(pos + np.asarray(t, dtype=float), nrm, g.uv, idx)


def box(sx: float, sy: float, sz: float, center=(0.0, 0.0, 0.0)) -> Geo:
    """Axis-aligned box of size (sx, sy, sz); 24 vertices so every face has its own normal/UVs."""
    h = np.array([sx, sy, sz]) / 2.0
    pos, nrm, uv = [], [], []
    # (normal axis, sign, u axis, v axis) chosen so u x v = normal (CCW from outside)
    faces = [(0, 1, 2, 1), (0, -1, 2, 1), (1, 1, 0, 2), (1, -1, 0, 2), (2, 1, 0, 1), (2, -1, 0, 1)]
    for ax, sgn, ua, va in faces:
        n = np.zeros(3)
        n[ax] = sgn
        u_dir = np.zeros(3)
        u_dir[ua] = 1.0
        v_dir = np.zeros(3)
        v_dir[va] = 1.0
        if np.dot(np.cross(u_dir, v_dir), n) < 0:
            u_dir = -u_dir
        corners = []
        for cu, cv in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            p = n * h + cu * u_dir * h + cv * v_dir * h
            corners.append(p)
            uv.append([np.dot(p, u_dir) / UV_METRES, np.dot(p, v_dir) / UV_METRES])
        pos.extend(corners)
        nrm.extend([n] * 4)
    idx = []
    for f in range(6):
        b = 4 * f
        idx += [[b, b + 1, b + 2], [b, b + 2, b + 3]]
    return Geo(np.array(pos) + np.asarray(center, float), np.array(nrm), np.array(uv), np.array(idx))


def lathe(profile, segments: int, normals=None, arc: float = 2 * np.pi) -> Geo:
    """Revolve a (r, y) profile around +Y. The profile runs so that the outside is on its right
    (bottom to top along an outer wall). ``normals`` optionally gives (nr, ny) per profile point;
    otherwise they are averaged from the adjacent profile segments (smooth shading)."""
    p = np.asarray(profile, dtype=float)
    k = p.shape[0]
    d = np.diff(p, axis=0)
    seg_n = np.stack([d[:, 1], -d[:, 0]], axis=1)
    seg_n /= np.linalg.norm(seg_n, axis=1, keepdims=True)
    if normals is None:
        n2 = np.zeros((k, 2))
        n2[:-1] += seg_n
        n2[1:] += seg_n
    else:
        n2 = np.asarray(normals, dtype=float).copy()
    n2 /= np.linalg.norm(n2, axis=1, keepdims=True)
    cols = segments + 1  # seam column duplicated so U runs 0..circumference without wrapping
    th = np.linspace(0.0, arc, cols)
    ct, st = np.cos(th), np.sin(th)
    r = p[:, 0:1]
    pos = np.stack([r * ct, np.repeat(p[:, 1:2], cols, 1), -r * st], axis=2).reshape(-1, 3)
    nrm = np.stack([n2[:, 0:1] * ct, np.repeat(n2[:, 1:2], cols, 1), -n2[:, 0:1] * st], axis=2)
    nrm = nrm.reshape(-1, 3)
    nrm /= np.linalg.norm(nrm, axis=1, keepdims=True)
    arclen = np.concatenate([[0.0], np.cumsum(np.linalg.norm(d, axis=1))])
    rmax = max(float(p[:, 0].max()), 1e-3)
    u = np.repeat((th * rmax)[None, :], k, 0)
    v = np.repeat(arclen[:, None], cols, 1)
    uv = np.stack([u, v], axis=2).reshape(-1, 2) / UV_METRES
    tris = []
    j = np.arange(segments)
    for i in range(k - 1):
        a = i * cols + j
        b = a + 1
        c = (i + 1) * cols + j
        e = c + 1
        if p[i, 0] > 1e-9:
            tris.append(np.stack([a, b, e], 1))
        if p[i + 1, 0] > 1e-9:
            tris.append(np.stack([a, e, c], 1))
    return Geo(pos, nrm, uv, np.concatenate(tris))


def disk(r: float, y: float, segments: int, up: bool = True) -> Geo:
    prof = [(r, y), (0.0, y)] if up else [(0.0, y), (r, y)]
    return lathe(prof, segments)


def cylinder(r: float, h: float, segments: int, y0: float = 0.0, caps: bool = True,
             r_top: float | None = None) -> Geo:
    """Cylinder (or frustum when ``r_top`` differs) standing on y0."""
    rt = r if r_top is None else r_top
    parts = [lathe([(r, y0), (rt, y0 + h)], segments)]
    if caps:
        parts.append(disk(r, y0, segments, up=False))
        if rt > 1e-9:
            parts.append(disk(rt, y0 + h, segments, up=True))
    return merge(parts)


def cone(r: float, h: float, segments: int, y0: float = 0.0) -> Geo:
    return merge([lathe([(r, y0), (0.0, y0 + h)], segments), disk(r, y0, segments, up=False)])


def ellipsoid(rx: float, ry: float, rz: float, segments: int, rings: int,
              center=(0.0, 0.0, 0.0)) -> Geo:
    a = np.linspace(-np.pi / 2, np.pi / 2, rings + 1)
    prof = np.stack([np.cos(a), np.sin(a)], 1)
    prof[0, 0] = prof[-1, 0] = 0.0
    g = lathe(prof, segments, normals=prof.copy() + np.array([[0.0, 0.0]]))
    return xform(g, np.diag([rx, ry, rz]), center)


def torus(major: float, minor: float, segments: int, sides: int, y: float = 0.0) -> Geo:
    a = np.linspace(0.0, 2 * np.pi, sides + 1)
    # Counter-clockwise in (r, y): the outside stays on the right of the profile direction.
    prof = np.stack([major + minor * np.cos(a), y + minor * np.sin(a)], 1)
    nrm = np.stack([np.cos(a), np.sin(a)], 1)
    return lathe(prof, segments, normals=nrm)


def quad_grid(sx: float, sz: float, y: float = 0.0) -> Geo:
    """A flat ground quad facing +Y (two triangles), UVs in metres."""
    hx, hz = sx / 2, sz / 2
    pos = np.array([[-hx, y, hz], [hx, y, hz], [hx, y, -hz], [-hx, y, -hz]])
    uv = np.stack([pos[:, 0], -pos[:, 2]], 1) / UV_METRES
    return Geo(pos, np.tile([0.0, 1.0, 0.0], (4, 1)), uv, np.array([[0, 1, 2], [0, 2, 3]]))


def beam(p0, p1, thickness: float, depth: float | None = None) -> Geo:
    """A box-section beam from p0 to p1 (e.g. a leg or rafter at an angle)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    length = float(np.linalg.norm(d))
    g = box(thickness, length, depth or thickness, (0.0, length / 2, 0.0))
    y = d / length
    ref = np.array([1.0, 0.0, 0.0]) if abs(y[0]) < 0.9 else np.array([0.0, 0.0, 1.0])
    x = np.cross(y, ref)
    x /= np.linalg.norm(x)
    z = np.cross(x, y)
    return xform(g, np.stack([x, y, z], 1), p0)


def tangents(g: Geo) -> np.ndarray:
    """Per-vertex tangents (x, y, z, w) from UV gradients, orthogonalised against the normal;
    w = +-1 gives the bitangent's handedness. Vertices whose UVs give no direction get any unit
    vector perpendicular to the normal."""
    p, uv, n = g.pos, g.uv, g.nrm
    i0, i1, i2 = g.idx[:, 0], g.idx[:, 1], g.idx[:, 2]
    e1, e2 = p[i1] - p[i0], p[i2] - p[i0]
    d1, d2 = uv[i1] - uv[i0], uv[i2] - uv[i0]
    r = d1[:, 0] * d2[:, 1] - d2[:, 0] * d1[:, 1]
    sgn = np.where(r < 0, -1.0, 1.0)[:, None]
    t_face = (e1 * d2[:, 1:2] - e2 * d1[:, 1:2]) * sgn
    b_face = (e2 * d1[:, 0:1] - e1 * d2[:, 0:1]) * sgn
    t_acc = np.zeros_like(p)
    b_acc = np.zeros_like(p)
    for k in (i0, i1, i2):
        np.add.at(t_acc, k, t_face)
        np.add.at(b_acc, k, b_face)
    t = t_acc - n * np.sum(n * t_acc, 1, keepdims=True)
    ln = np.linalg.norm(t, axis=1)
    bad = ln < 1e-9
    if bad.any():
        nb = n[bad]
        ref = np.where(np.abs(nb[:, 0:1]) < 0.9, np.array([[1.0, 0, 0]]), np.array([[0, 1.0, 0]]))
        alt = np.cross(nb, ref)
        t[bad] = alt
        ln[bad] = np.linalg.norm(alt, axis=1)
    t /= ln[:, None]
    w = np.where(np.sum(np.cross(n, t) * b_acc, 1) < 0, -1.0, 1.0)
    return np.concatenate([t, w[:, None]], 1)
