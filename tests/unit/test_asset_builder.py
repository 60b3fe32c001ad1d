"""Shap-E meshes are post-processed on a thread pool: the results are those of one thread, in
asset order, and a cancel stops the pool (numpy only, no torch)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from backend.generators.base import JobCancelled
from backend.generators.shape import AssetBuilder, build_asset
from backend.worldgen.templates import fitted_template


class Mesh:
    """A decoded mesh: Shap-E space (z up), per-vertex linear colours."""

    def __init__(self, seed: int, n: int = 20):
        rng = np.random.default_rng(seed)
        th = np.linspace(0, np.pi, n + 1)
        ph = np.linspace(0, 2 * np.pi, 2 * n, endpoint=False)
        r = 0.5 + 0.1 * rng.random()
        self.pos = np.array([[r * np.sin(t) * np.cos(p), r * np.sin(t) * np.sin(p), 0.8 * r * np.cos(t)]
                             for t in th for p in ph])
        faces = []
        for a in range(n):
            for b in range(2 * n):
                i, j = a * 2 * n + b, a * 2 * n + (b + 1) % (2 * n)
                faces += [(i, i + 2 * n, j), (j, i + 2 * n, j + 2 * n)]
        self.faces = np.array(faces)
        self.colour = rng.random((len(self.pos), 3))


def _same(a, b) -> bool:
    (ta, xa, ma), (tb, xb, mb) = a, b
    ga, gb = ta.body["shap_e"], tb.body["shap_e"]
    return (ma == mb and xa.base_png == xb.base_png and xa.variant == xb.variant
            and np.array_equal(ga.pos, gb.pos) and np.array_equal(ga.idx, gb.idx))


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("worldsmith-mesh")]


def test_parallel_results_equal_one_thread_in_asset_order():
    like = fitted_template("barrel", 0, 20000)
    meshes = [Mesh(i) for i in range(6)]
    steps = []
    with AssetBuilder(workers=4) as builder:
        for i in reversed(range(6)):  # arrival order must not matter
            builder.submit(i, meshes[i], like, 300, 64, "barrel")
        got = builder.results(lambda done, total: steps.append((done, total)))
    assert sorted(got) == list(range(6))
    for i, m in enumerate(meshes):
        assert _same(got[i], build_asset(m, like, 300, 64, i, "barrel")), i
    assert steps == [(k, 6) for k in range(7)], "progress from 0 to all, in order"
    assert not _workers(), "no thread outlives the builder"


def test_a_cancel_while_waiting_stops_the_pool_and_raises():
    like = fitted_template("barrel", 0, 20000)

    def step(done: int, total: int) -> None:
        if done == 1:
            raise JobCancelled()

    with pytest.raises(JobCancelled):
        with AssetBuilder(workers=1) as builder:
            for i in range(8):
                builder.submit(i, Mesh(i), like, 300, 64, "barrel")
            builder.results(step)
    assert not _workers()
