"""Mesh clean-up for generated meshes (numpy): degenerate faces, fitting into a slot's box,
simplification to a triangle budget, normals, UV unwrapping and baking vertex colours.

Simplification is vertex clustering on a uniform grid (Rossignac-Borrel) with the grid found
by bisection so the result lands just under the budget. It is robust on the noisy,
non-manifold output of marching cubes, needs no compiled wheel and runs in milliseconds; the
quality cost against quadric edge collapse is small at the budgets we use (thousands of
triangles for a prop) and the surfaces come from a 128³ grid anyway.

UVs come from xatlas when its wheel is installed (charts, packing); otherwise from our
fallback, one atlas cell per triangle pair, which is always valid and bakes exactly, only less
economical with texels.
"""

from __future__ import annotations

import math
import threading

import numpy as np

AREA_EPS = 1e-12
BAKE_PAD_PX = 4  # dilate baked charts by this much so mip-mapping does not bleed background in


def remove_degenerate(pos: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop faces with a repeated vertex or (near) zero area, duplicates, and unused vertices.
    Returns (positions, faces, used) where ``used`` maps new vertices to old ones, so callers
    can carry other per-vertex data (colours) along."""
    idx = np.asarray(idx, np.int64).reshape(-1, 3)
    ok = (idx[:, 0] != idx[:, 1]) & (idx[:, 1] != idx[:, 2]) & (idx[:, 0] != idx[:, 2])
    idx = idx[ok]
    if len(idx):
        idx = idx[_has_area(pos, idx)]
        # The same triangle twice (any rotation of its corners) is a zero-volume sliver pair.
        idx = idx[_first_of_each_triangle(idx, len(pos))]
    used = np.unique(idx)
    remap = np.full(len(pos), -1, np.int64)
    remap[used] = np.arange(len(used))
    return pos[used], remap[idx], used


def _has_area(pos: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Mask of the faces whose area is not (near) zero, relative to the mesh's size."""
    area2 = np.linalg.norm(np.cross(pos[idx[:, 1]] - pos[idx[:, 0]], pos[idx[:, 2]] - pos[idx[:, 0]]), axis=1)
    return area2 > AREA_EPS * max(1.0, float(np.ptp(pos, 0).max()) ** 2)


def _face_keys(idx: np.ndarray, n_vertices: int) -> np.ndarray:
    """One integer per face that is equal for faces with the same corners in any order:
    a 1-D unique is several times faster than a row-wise one."""
    s = np.sort(idx, 1)
    if n_vertices < 2**21:  # three 21-bit indices fit an int64
        return (s[:, 0] << 42) | (s[:, 1] << 21) | s[:, 2]
    return np.ascontiguousarray(s).view([("", s.dtype)] * 3).reshape(-1)


def _first_of_each_triangle(idx: np.ndarray, n_vertices: int) -> np.ndarray:
    """Indices of the first face of every distinct corner set, in face order."""
    _, first = np.unique(_face_keys(idx, n_vertices), return_index=True)
    return np.sort(first)


def _count_kept(pos: np.ndarray, faces: np.ndarray) -> int:
    """How many faces remove_degenerate keeps, without building its output."""
    if not len(faces):
        return 0
    faces = faces[_has_area(pos, faces)]
    return int(len(np.unique(_face_keys(faces, len(pos))))) if len(faces) else 0


def fit_into_box(pos: np.ndarray, box_min: np.ndarray, box_max: np.ndarray) -> np.ndarray:
    """Uniform scale so the mesh fits the box, centred in x and z, resting on the box's floor.
    The slot boxes are already pivot-relative (base centre at the origin), so the pivot lands
    at the base centre."""
    lo, hi = pos.min(0), pos.max(0)
    ext = np.maximum(hi - lo, 1e-9)
    target = np.asarray(box_max, float) - np.asarray(box_min, float)
    scale = float(np.min(target / ext))
    centre = (lo + hi) / 2
    out = (pos - centre) * scale
    out[:, 1] += -out[:, 1].min() + float(box_min[1])
    out[:, 0] += (float(box_min[0]) + float(box_max[0])) / 2
    out[:, 2] += (float(box_min[2]) + float(box_max[2])) / 2
    return out


def _cluster(pos: np.ndarray, idx: np.ndarray, cells: int,
             colours: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    lo = pos.min(0)
    size = max(float(np.ptp(pos, 0).max()), 1e-9) / cells
    cell = np.floor((pos - lo) / size).astype(np.int64)
    key = (cell[:, 0] * (cells + 1) + cell[:, 1]) * (cells + 1) + cell[:, 2]
    uniq, label = np.unique(key, return_inverse=True)
    count = np.bincount(label, minlength=len(uniq)).astype(float)
    new_pos = _cell_means(label, pos, count)
    new_col = None if colours is None else _cell_means(label, colours, count)
    faces = label[idx]
    ok = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 0] != faces[:, 2])
    return new_pos, faces[ok], new_col


def _cell_means(label: np.ndarray, values: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Mean of ``values`` rows per label (bincount per column: far faster than np.add.at)."""
    return np.stack([np.bincount(label, values[:, k], len(count)) for k in range(values.shape[1])], 1) / count[:, None]


def simplify(pos: np.ndarray, idx: np.ndarray, max_triangles: int,
             colours: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """At most ``max_triangles`` faces (vertex clustering, finest grid that fits)."""
    if len(idx) <= max_triangles:
        return pos, idx, colours
    lo_c, hi_c, best = 1, 1024, 1
    while lo_c <= hi_c:
        mid = (lo_c + hi_c) // 2
        cand = _cluster(pos, idx, mid, None)  # colours only for the chosen grid
        if _count_kept(cand[0], cand[1]) <= max_triangles:
            best, lo_c = mid, mid + 1
        else:
            hi_c = mid - 1
    p, f, c = _cluster(pos, idx, best, colours)
    p2, f2, used = remove_degenerate(p, f)
    return p2, f2, (None if c is None else c[used])


def vertex_normals(pos: np.ndarray, idx: np.ndarray) -> np.ndarray:
    fn = np.cross(pos[idx[:, 1]] - pos[idx[:, 0]], pos[idx[:, 2]] - pos[idx[:, 0]])
    n = np.zeros_like(pos)
    for k in range(3):
        np.add.at(n, idx[:, k], fn)  # area weighted: the cross product's length is twice the area
    ln = np.linalg.norm(n, axis=1, keepdims=True)
    n = np.where(ln > 1e-12, n / np.maximum(ln, 1e-12), np.array([0.0, 1.0, 0.0]))
    return n


#: xatlas charts noisy marching-cubes surfaces at roughly 0.3 ms per triangle (4 s for 12k on
#: one core); above this the per-triangle atlas is used. The texture only carries vertex colours,
#: whose detail is bounded by the vertex density, so little is lost.
XATLAS_MAX_TRIANGLES = 4000
#: xatlas runs its own worker threads; callers on several threads take turns.
XATLAS_LOCK = threading.Lock()


def unwrap(pos: np.ndarray, idx: np.ndarray,
           max_xatlas_triangles: int = XATLAS_MAX_TRIANGLES) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """(vertex map into the input, new faces, uvs in [0, 1], method). Seams duplicate vertices."""
    try:
        import xatlas  # noqa: PLC0415 - optional wheel
    except ImportError:
        xatlas = None
    if xatlas is not None and len(idx) <= max_xatlas_triangles:
        with XATLAS_LOCK:
            vmap, faces, uv = xatlas.parametrize(pos.astype(np.float32), idx.astype(np.uint32))
        return vmap.astype(np.int64), faces.astype(np.int64), uv.astype(np.float64), "xatlas"
    vmap, faces, uv = triangle_atlas(idx)
    return vmap, faces, uv, "triangle-atlas"


def triangle_atlas(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every triangle its own chart: two triangles share a square cell, split on its diagonal,
    with a margin so bilinear filtering stays inside the chart."""
    n = len(idx)
    cells = max(1, math.ceil(math.sqrt(math.ceil(n / 2))))
    t = np.arange(n)
    cell = t // 2
    cx, cy = (cell % cells).astype(float), (cell // cells).astype(float)
    m = 0.12  # margin, as a fraction of a cell
    lower = np.stack([[m, m], [1 - 2 * m, m], [m, 1 - 2 * m]])
    upper = np.stack([[1 - m, 2 * m], [1 - m, 1 - m], [2 * m, 1 - m]])
    corner = np.where((t % 2 == 0)[:, None, None], lower[None], upper[None])
    uv = (corner + np.stack([cx, cy], 1)[:, None, :]) / cells
    return idx.reshape(-1), np.arange(3 * n).reshape(n, 3), uv.reshape(-1, 2)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * np.power(c, 1 / 2.4) - 0.055)


def bake_vertex_colours(uv: np.ndarray, faces: np.ndarray, colours: np.ndarray, size: int,
                        background: tuple[float, float, float] = (0.5, 0.5, 0.5)) -> np.ndarray:
    """Rasterise per-vertex colours into a (size, size, 3) float image through the UVs.

    Each triangle is sampled on a barycentric lattice fine enough to hit every texel it covers
    (grouped by lattice density so the work is vectorised), then charts are dilated so texels
    just outside them carry the chart's colour. glTF's UV origin is the image's top-left, so
    rows are v * size without a flip.
    """
    img = np.zeros((size, size, 3))
    hit = np.zeros((size, size), bool)
    if len(faces):
        tri_uv = uv[faces] * size  # (F, 3, 2) in pixels
        tri_col = colours[faces]
        edge = np.maximum(np.linalg.norm(tri_uv[:, 1] - tri_uv[:, 0], axis=1),
                          np.maximum(np.linalg.norm(tri_uv[:, 2] - tri_uv[:, 1], axis=1),
                                     np.linalg.norm(tri_uv[:, 0] - tri_uv[:, 2], axis=1)))
        levels = np.clip(np.ceil(edge * 1.5).astype(int), 1, 256)
        for n in np.unique(levels):
            sel = levels == n
            i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
            keep = (i + j) <= n
            a = i[keep] / n
            b = j[keep] / n
            w = np.stack([1 - a - b, a, b], 1)  # (S, 3)
            px = np.einsum("sk,fkd->fsd", w, tri_uv[sel])
            col = np.einsum("sk,fkc->fsc", w, tri_col[sel])
            x = np.clip(px[..., 0].astype(int), 0, size - 1).reshape(-1)
            y = np.clip(px[..., 1].astype(int), 0, size - 1).reshape(-1)
            img[y, x] = col.reshape(-1, 3)
            hit[y, x] = True
    for _ in range(BAKE_PAD_PX):
        if hit.all():
            break
        acc = np.zeros_like(img)
        cnt = np.zeros((size, size))
        for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
            acc += np.roll(np.roll(img * hit[..., None], dy, 0), dx, 1)
            cnt += np.roll(np.roll(hit, dy, 0), dx, 1)
        grow = (~hit) & (cnt > 0)
        img[grow] = acc[grow] / cnt[grow][:, None]
        hit |= grow
    img[~hit] = background
    return img
