"""The diffusion generators through the real backend process and HTTP API, with tiny
random-weight Shap-E and Stable Diffusion models loaded by the backend's own loading code.
The meshes and images are noise (random weights); what is checked is everything around them:
the GLB contract, validation, progress, cancel, capabilities and unloading."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Iterator

import pytest

from tests.helpers.backend_harness import Backend, start_backend
from tests.helpers.glb import assets
from tests.helpers.gltf_validator import assert_valid_glb
from tests.helpers.tiny_models import needs_stack, slow_copy
from wslib.glb import read_glb


pytestmark = [needs_stack, pytest.mark.slow]

WORLD = {"prompt": "a medieval courtyard with a well, a market stall and barrels", "seed": 3,
         "generator": "shap-e", "max_assets": 7,
         "asset_budget": {"max_triangles": 1500, "texture_size": 128}}


@pytest.fixture(scope="module")
def gpu_backend(tiny_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    root = tmp_path_factory.mktemp("diffusion-backend")
    server = start_backend(root / "data", root / "token", "--models-dir", str(tiny_models))
    yield server
    assert server.stop() == 0


def test_capabilities_say_the_weights_are_there(gpu_backend: Backend) -> None:
    caps = gpu_backend.request("GET", "/v1/capabilities").json()
    shap_e = {g["name"]: g for g in caps["generators"]}["shap-e"]
    assert shap_e["weights_present"] is True and shap_e["reason"] is None
    assert shap_e["device"] == "gpu" and shap_e["model"]["runs_on"] == "cpu"
    assert shap_e["model"]["dtype"] == "float32", "float32 on the CPU"
    sd = {g["name"]: g for g in caps["texture_generators"]}["sd-texture"]
    assert sd["weights_present"] is True and sd["tileable"] is True


def test_without_weights_capabilities_say_what_to_download(tmp_path: Path) -> None:
    server = start_backend(tmp_path / "data", tmp_path / "token", "--models-dir", str(tmp_path / "empty"))
    try:
        caps = server.request("GET", "/v1/capabilities").json()
        shap_e = {g["name"]: g for g in caps["generators"]}["shap-e"]
        assert shap_e["weights_present"] is False
        assert "openai/shap-e" in shap_e["reason"] and str(tmp_path / "empty" / "shap-e") in shap_e["reason"]
        sd = {g["name"]: g for g in caps["texture_generators"]}["sd-texture"]
        assert "stable-diffusion" in sd["reason"]
        reply = server.request("POST", "/v1/jobs", WORLD)
        assert reply.status == 422 and reply.json()["error"]["field"] == "generator"
        assert "openai/shap-e" in reply.json()["error"]["message"]
    finally:
        assert server.stop() == 0


def test_shap_e_world_job_gives_a_valid_glb_with_the_contract(gpu_backend: Backend) -> None:
    job_id = gpu_backend.submit(WORLD)
    job = gpu_backend.wait(job_id, ("done", "failed"), timeout=120)
    assert job["state"] == "done", job
    data = gpu_backend.request("GET", f"/v1/jobs/{job_id}/result").body
    assert_valid_glb(data)
    doc, _ = read_glb(data)
    extras = doc["scenes"][0]["extras"]["worldsmith"]
    assert extras["generator"] == "shap-e" and extras["spec"]["generator"] == "shap-e"
    diffusion = extras["diffusion"]
    assert diffusion["model"] == "openai/shap-e" and diffusion["uv"]
    assert set(diffusion["uv"]) <= {"xatlas", "triangle-atlas"}, "the unwrap methods the assets used"
    roots = assets(doc)
    generated = [a for a in roots if a["extras"]["asset_id"] in diffusion["prompts"]]
    assert generated, "props come from the model"
    assert any("market stall" in p for p in diffusion["prompts"].values())
    for a in generated:
        mesh = doc["meshes"][a["mesh"]]
        prim = mesh["primitives"][0]
        assert {"POSITION", "NORMAL", "TEXCOORD_0", "TANGENT"} <= set(prim["attributes"])
        tris = doc["accessors"][prim["indices"]]["count"] // 3
        assert 0 < tris <= WORLD["asset_budget"]["max_triangles"]
        lo = doc["accessors"][prim["attributes"]["POSITION"]]["min"]
        hi = doc["accessors"][prim["attributes"]["POSITION"]]["max"]
        assert abs(lo[1]) < 1e-4, "pivot at the base"
        assert abs(lo[0] + hi[0]) < 1e-3 and abs(lo[2] + hi[2]) < 2e-3 or a["extras"]["archetype"] == "torch"
        material = doc["materials"][prim["material"]]
        assert "baseColorTexture" in material["pbrMetallicRoughness"]
    structural = [a for a in roots if a["extras"]["asset_id"].startswith(("cobblestone_ground", "wall", "gate"))]
    assert structural, "structural pieces stay procedural"


def test_progress_reports_denoising_steps_in_order(gpu_backend: Backend) -> None:
    spec = dict(WORLD, seed=11)
    job_id = gpu_backend.submit(spec)
    seen: list[tuple[str, int, int]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = gpu_backend.request("GET", f"/v1/jobs/{job_id}").json()
        if job["phase"]:
            seen.append((job["phase"], job["step"], job["total"]))
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.01)
    assert job["state"] == "done", job
    phases = [p for p, _, _ in seen]
    order = ["plan", "denoise", "decode", "meshes", "textures", "pack", "done"]
    ranks = [order.index(p) for p in phases if p in order]
    assert ranks == sorted(ranks), f"phases out of order: {phases}"
    denoise = [s for p, s, _ in seen if p == "denoise"]
    assert denoise == sorted(denoise)


def test_cancel_mid_denoising_leaves_no_result(tiny_models: Path, tmp_path: Path) -> None:
    slow = slow_copy(tiny_models, tmp_path / "slow-models", shap_e_steps=2000)
    server = start_backend(tmp_path / "data", tmp_path / "token", "--models-dir", str(slow))
    try:
        job_id = server.submit(dict(WORLD, seed=5))
        deadline = time.monotonic() + 60
        while True:
            job = server.request("GET", f"/v1/jobs/{job_id}").json()
            if job["phase"] == "denoise" and job["step"] >= 2:
                break
            assert time.monotonic() < deadline and job["state"] == "running" or job["state"] == "queued", job
            time.sleep(0.02)
        assert job["step"] < job["total"], "cancel must land mid-denoising"
        assert server.request("POST", f"/v1/jobs/{job_id}/cancel").status == 200
        job = server.wait(job_id, ("cancelled", "done", "failed"), timeout=30)
        assert job["state"] == "cancelled" and job["phase"] == "denoise"
        assert server.request("GET", f"/v1/jobs/{job_id}/result").status == 409
        assert not list((tmp_path / "data" / "results").glob("*.glb"))
    finally:
        assert server.stop() == 0


def test_sd_texture_job_gives_the_texture_zip(gpu_backend: Backend) -> None:
    spec = {"kind": "texture", "prompt": "mossy stone wall", "seed": 2, "size": 128, "generator": "sd-texture"}
    job_id = gpu_backend.submit(spec)
    job = gpu_backend.wait(job_id, ("done", "failed"), timeout=120)
    assert job["state"] == "done", job
    reply = gpu_backend.request("GET", f"/v1/jobs/{job_id}/result")
    assert reply.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(reply.body)) as zf:
        assert sorted(zf.namelist()) == sorted(["basecolor.png", "normal.png", "orm.png", "material.json"])
        import json

        meta = json.loads(zf.read("material.json"))
    assert meta["generator"] == "sd-texture" and meta["tileable"] is True and meta["size"] == 128


def test_world_asking_for_sd_textures(gpu_backend: Backend) -> None:
    spec = {"prompt": "a courtyard with a well", "seed": 1, "max_assets": 3, "texture_generator": "sd-texture",
            "asset_budget": {"max_triangles": 2000, "texture_size": 64}}
    job = gpu_backend.wait(gpu_backend.submit(spec), ("done", "failed"), timeout=120)
    assert job["state"] == "done", job
    data = gpu_backend.request("GET", f"/v1/jobs/{job['id']}/result").body
    assert_valid_glb(data)
    doc, _ = read_glb(data)
    assert doc["scenes"][0]["extras"]["worldsmith"]["spec"]["texture_generator"] == "sd-texture"
    assert all("generated" in m["extras"]["tags"] for m in doc["materials"])
    bad = gpu_backend.request("POST", "/v1/jobs", dict(spec, texture_generator="dall-e"))
    assert bad.status == 422 and bad.json()["error"]["field"] == "texture_generator"


def test_unload_endpoint_frees_models_and_is_protected(gpu_backend: Backend) -> None:
    doc = gpu_backend.request("GET", "/v1/openapi.json").json()
    assert "post" in doc["paths"]["/v1/models/unload"]
    assert gpu_backend.request("POST", "/v1/models/unload", token=None).status == 401
    assert gpu_backend.request("GET", "/v1/models/unload").status == 405
    job = gpu_backend.wait(gpu_backend.submit(dict(WORLD, seed=21)), ("done", "failed"), timeout=120)
    assert job["state"] == "done"
    assert "shap-e" in gpu_backend.request("GET", "/v1/health").json()["models_loaded"]
    reply = gpu_backend.request("POST", "/v1/models/unload")
    assert reply.status == 200 and "shap-e" in reply.json()["unloaded"]
    assert gpu_backend.request("GET", "/v1/health").json()["models_loaded"] == []
    # They load again on demand.
    job = gpu_backend.wait(gpu_backend.submit(dict(WORLD, seed=22)), ("done", "failed"), timeout=120)
    assert job["state"] == "done"
