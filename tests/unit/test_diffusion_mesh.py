"""Mesh clean-up and marching-cubes tables for the Shap-E generator (numpy only, no torch)."""

from __future__ import annotations

import numpy as np
import pytest

from backend.generators import mesh_ops
from backend.generators.marching_cubes import EDGES, tables
from tests.helpers.tiny_models import needs_stack


def _sphere(n: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """A UV sphere with poles, radius 1."""
    rings, segs = n, 2 * n
    th = np.linspace(0, np.pi, rings + 1)
    ph = np.linspace(0, 2 * np.pi, segs, endpoint=False)
    pos = np.array([[np.sin(t) * np.cos(p), np.cos(t), np.sin(t) * np.sin(p)] for t in th for p in ph])
    faces = []
    for r in range(rings):
        for s in range(segs):
            a, b = r * segs + s, r * segs + (s + 1) % segs
            c, d = a + segs, b + segs
            faces += [(a, c, b), (b, c, d)]
    return pos, np.array(faces)


def test_tables_fit_the_decoder_and_stay_within_five_triangles():
    cases, masks = tables()
    assert cases.shape == (256, 5, 3) and masks.shape == (256, 5)
    assert masks[0].sum() == 0 and masks[255].sum() == 0, "all outside / all inside: no surface"
    assert masks[1].sum() == 1 and masks.sum(1).max() == 5
    assert cases.max() < len(EDGES) == 12


def test_every_edge_of_a_case_surface_is_shared_by_two_cube_faces():
    """Each crossed edge appears in the case's triangles; only crossed edges do."""
    cases, masks = tables()
    for case in range(256):
        used = set(cases[case][masks[case]].reshape(-1).tolist())
        crossed = {e for e, (a, b) in enumerate(EDGES) if ((case >> a) & 1) != ((case >> b) & 1)}
        assert used == crossed, case


@needs_stack
def test_tables_in_shap_e_decoder_give_a_closed_outward_sphere():
    import torch
    from diffusers.pipelines.shap_e.renderer import MeshDecoder

    cases, masks = tables()
    dec = MeshDecoder()
    dec.cases.copy_(torch.from_numpy(cases))
    dec.masks.copy_(torch.from_numpy(masks))
    g = torch.linspace(-1, 1, 30)
    x, y, z = torch.meshgrid(g, g, g, indexing="ij")
    rng = np.random.default_rng(0)
    noise = torch.from_numpy(rng.normal(0, 0.02, x.shape).astype(np.float32))
    out = dec(0.6 - torch.sqrt(x * x + y * y + z * z) + noise, torch.tensor([-1.0] * 3), torch.tensor([2.0] * 3))
    v, f = out.verts.numpy(), out.faces.numpy()
    n = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    assert ((n * v[f].mean(1)).sum(1) > 0).mean() > 0.99, "normals point outwards"
    edges = np.sort(np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]]), 1)
    _, counts = np.unique(edges, axis=0, return_counts=True)
    assert set(counts.tolist()) == {2}, "watertight: every edge has two triangles"


def test_degenerate_faces_are_removed():
    pos = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [2, 2, 2], [1, 0, 0]], float)
    idx = np.array([[0, 1, 2], [0, 0, 1], [0, 1, 4], [1, 2, 0], [9 - 9, 2, 1]])
    p, f, used = mesh_ops.remove_degenerate(pos, idx)
    assert len(f) == 1 and len(p) == 3 and 3 not in used.tolist()


def test_simplify_meets_the_budget_and_keeps_the_shape():
    pos, faces = _sphere(40)
    assert len(faces) > 5000
    col = np.abs(pos)
    for budget in (2000, 500, 100):
        p, f, c = mesh_ops.simplify(pos, faces, budget, col)
        assert 0 < len(f) <= budget and len(c) == len(p)
        r = np.linalg.norm(p, axis=1)
        assert r.min() > 0.7 and r.max() <= 1.0 + 1e-9, "still a sphere"


def test_fit_into_box_scales_uniformly_and_puts_the_pivot_at_the_base_centre():
    pos, _ = _sphere(8)
    out = mesh_ops.fit_into_box(pos * 3 + 5, np.array([-1.0, 0.0, -0.5]), np.array([1.0, 4.0, 0.5]))
    lo, hi = out.min(0), out.max(0)
    assert lo[1] == pytest.approx(0.0) and hi[2] - lo[2] == pytest.approx(1.0)
    assert (lo[0] + hi[0]) == pytest.approx(0.0, abs=1e-9) and (lo[2] + hi[2]) == pytest.approx(0.0, abs=1e-9)
    assert np.ptp(out, 0) == pytest.approx(np.full(3, 1.0), abs=1e-6), "uniform: a sphere stays round"


def test_fallback_atlas_and_bake_put_vertex_colours_into_the_texture():
    pos, faces = _sphere(6)
    colours = np.tile([[0.2, 0.4, 0.8]], (len(pos), 1))
    vmap, uv_faces, uv = mesh_ops.triangle_atlas(faces)
    assert uv.min() >= 0 and uv.max() <= 1 and len(uv_faces) == len(faces)
    # Charts never overlap: triangle UV boxes of different triangles are disjoint.
    tri = uv[uv_faces]
    centre = tri.mean(1)
    assert len(np.unique(np.round(centre, 6), axis=0)) == len(faces)
    img = mesh_ops.bake_vertex_colours(uv, uv_faces, colours[vmap], 64)
    covered = np.all(np.isclose(img, [0.2, 0.4, 0.8]), -1).mean()
    assert covered > 0.5, "charts and their padding carry the vertex colour"


def test_unwrap_returns_valid_uvs():
    pos, faces = _sphere(10)
    vmap, uv_faces, uv, method = mesh_ops.unwrap(pos, faces)
    assert method in ("xatlas", "triangle-atlas")
    assert uv_faces.max() < len(uv) and len(vmap) == len(uv)
    assert np.allclose(pos[vmap][uv_faces].mean(1).sum(0), pos[faces].mean(1).sum(0), atol=1e-4)


def test_repeated_triangles_go_in_any_corner_order_and_the_first_stays():
    pos, faces, _ = mesh_ops.remove_degenerate(*_sphere(6))  # no pole slivers to begin with
    rotated = np.roll(faces[:5], 1, axis=1)
    flipped = faces[5:9][:, ::-1]
    idx = np.concatenate([faces, rotated, flipped])
    p, f, used = mesh_ops.remove_degenerate(pos, idx)
    assert len(f) == len(faces)
    assert np.array_equal(used[f], faces), "the first of each corner set, in face order"


def test_face_keys_agree_past_the_packed_index_range():
    rng = np.random.default_rng(3)
    idx = rng.integers(0, 50, (400, 3))
    idx = idx[(idx[:, 0] != idx[:, 1]) & (idx[:, 1] != idx[:, 2]) & (idx[:, 0] != idx[:, 2])]
    packed = mesh_ops._first_of_each_triangle(idx, 50)
    wide = mesh_ops._first_of_each_triangle(idx, 2**22)  # too many vertices to pack three in an int64
    assert np.array_equal(packed, wide) and len(packed) < len(idx)


def test_the_budget_search_counts_what_remove_degenerate_keeps():
    pos, faces = _sphere(30)
    for cells in (3, 8, 20):
        p, f, _ = mesh_ops._cluster(pos, faces, cells, None)
        assert mesh_ops._count_kept(p, f) == len(mesh_ops.remove_degenerate(p, f)[1])
