"""A Shap-E world through the add-on: api.generate(generator="shap-e") against a backend started
with --models-dir pointing at tiny random-weight models, imported by the add-on's importer."""

from __future__ import annotations

import pytest

from tests.helpers.backend_harness import start_backend
from tests.helpers.extension import mod
from tests.helpers.tiny_models import needs_stack


pytestmark = [needs_stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def shap_e_backend(tiny_models, tmp_path_factory):
    root = tmp_path_factory.mktemp("shap-e-blender")
    server = start_backend(root / "data", root / "token", "--models-dir", str(tiny_models))
    yield server
    assert server.stop() == 0


def test_shap_e_world_imports_as_a_version(gen, fresh, shap_e_backend, monkeypatch):
    monkeypatch.setenv("WORLDSMITH_BACKEND_URL", shap_e_backend.base)
    monkeypatch.setenv("WORLDSMITH_BACKEND_TOKEN", shap_e_backend.token)
    api = mod("api")
    version = api.generate("a medieval courtyard with a well and a market stall", seed=2,
                           generator="shap-e", max_assets=6, texture_size=64)
    assert version.data["generator"] == "shap-e"
    assets = version.assets()
    assert {"well.001", "market_stall.001"} <= set(assets)
    well = assets["well.001"]
    assert well.type == "MESH" and len(well.data.polygons) > 0
    assert well.get("archetype") == "well" and well.get("role") == "asset"
    mat = well.material_slots[0].material
    images = [n.image for n in mat.node_tree.nodes if n.type == "TEX_IMAGE" and n.image]
    assert images, "the baked base colour arrives as an image texture"
    assert well.data.uv_layers, "UVs from the unwrap"
    # Blender is Z up: the mesh rests on the ground (glTF y = 0 -> Blender z = 0).
    zs = [(well.matrix_world @ v.co).z for v in well.data.vertices]
    assert min(zs) == pytest.approx(0.0, abs=1e-3)
    assert any(o.type == "CAMERA" for o in version.objects())
