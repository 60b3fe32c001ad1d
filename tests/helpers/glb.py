"""Facts about a GLB for assertions: its asset nodes, node rotations as matrices, triangles per
mesh. Reading the bytes is ``wslib.glb`` (``read_glb``, ``accessor``)."""

from __future__ import annotations

import numpy as np


def assets(doc: dict) -> list[dict]:
    """Root asset nodes (extras.role == "asset")."""
    return [n for n in doc["nodes"] if n.get("extras", {}).get("role") == "asset"]


def quat_matrix(q) -> np.ndarray:
    x, y, z, w = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


def mesh_triangles(doc: dict, mesh_index: int) -> int:
    return sum(doc["accessors"][p["indices"]]["count"] // 3 for p in doc["meshes"][mesh_index]["primitives"])
