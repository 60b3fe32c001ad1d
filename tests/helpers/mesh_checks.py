"""Checks on generated geometry (backend/worldgen Geo): unit normals, outward winding, no
degenerate triangles, finite UVs, watertightness. Shared by the mesh and archetype tests."""

from __future__ import annotations

import numpy as np

from worldsmith_backend.worldgen import mesh


def face_normals(g: mesh.Geo) -> tuple[np.ndarray, np.ndarray]:
    p = g.pos
    cross = np.cross(p[g.idx[:, 1]] - p[g.idx[:, 0]], p[g.idx[:, 2]] - p[g.idx[:, 0]])
    return cross, np.linalg.norm(cross, axis=1) / 2


def check_geo(g: mesh.Geo, name: str) -> None:
    assert g.pos.shape == g.nrm.shape and g.uv.shape == (g.pos.shape[0], 2), name
    assert np.allclose(np.linalg.norm(g.nrm, axis=1), 1.0, atol=1e-6), f"{name}: non-unit normals"
    cross, area = face_normals(g)
    assert area.min() > 1e-8, f"{name}: degenerate triangle"
    vn = g.nrm[g.idx].sum(1)
    agree = np.einsum("ij,ij->i", cross, vn)
    assert (agree > 0).mean() > 0.98, f"{name}: triangles wound against their normals"
    assert np.isfinite(g.uv).all()


def is_closed(g: mesh.Geo) -> bool:
    """Watertight: every edge (by welded positions) is shared by exactly two triangles."""
    key = np.round(g.pos, 6)
    _, weld = np.unique(key, axis=0, return_inverse=True)
    tri = weld.reshape(-1)[g.idx]
    edges = np.sort(np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]]), axis=1)
    _, counts = np.unique(edges, axis=0, return_counts=True)
    return bool((counts == 2).all())
