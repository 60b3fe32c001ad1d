"""Texture jobs (Retexture) against a real backend process: submit, poll, ZIP result, cache,
determinism, cancel, bad requests, and the published description."""

from __future__ import annotations

import io
import json
import struct
import time
import zipfile
import zlib
from typing import Any

import numpy as np
import pytest

from tests.helpers.backend_harness import SMALL_SPEC, Backend


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEMBERS = {"basecolor.png", "normal.png", "orm.png", "material.json"}
TEXTURE: dict[str, Any] = {"kind": "texture", "prompt": "warm mossy red stone", "seed": 5,
                           "size": 128}


def png_header(data: bytes) -> tuple[int, int, int, int]:
    """(width, height, bit depth, colour type) from the IHDR chunk, which must come first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, tag = struct.unpack(">I4s", data[8:16])
    assert tag == b"IHDR" and length == 13
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


def png_pixels(data: bytes) -> np.ndarray:
    """Decode an 8-bit, non-interlaced PNG (grey, RGB, RGBA or palette) with any of the five filters."""
    width, height, depth, colour = png_header(data)
    assert depth == 8 and data[28] == 0, "8-bit, not interlaced"
    channels = {0: 1, 2: 3, 3: 1, 6: 4}[colour]
    idat, pos, palette = b"", 8, None
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        if tag == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        elif tag == b"PLTE":
            palette = np.frombuffer(data[pos + 8:pos + 8 + length], np.uint8).reshape(-1, 3)
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    out = np.zeros((height, width * channels), np.int32)
    prev = np.zeros(width * channels, np.int32)
    for y in range(height):
        kind, row = raw[y, 0], raw[y, 1:].astype(np.int32)
        cur = np.zeros_like(row)
        for x in range(len(row)):
            a = cur[x - channels] if x >= channels else 0
            b, c = prev[x], (prev[x - channels] if x >= channels else 0)
            if kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                pred = (0, a, b, (a + b) // 2)[kind]
            cur[x] = (row[x] + pred) & 0xFF
        out[y], prev = cur, cur
    if colour == 3:
        return palette[out.reshape(height, width)]
    return out.reshape(height, width, channels).astype(np.uint8)


def run_texture(backend: Backend, spec: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    job_id = backend.submit(spec)
    job = backend.wait(job_id, ("done", "failed", "cancelled"))
    assert job["state"] == "done", job
    reply = backend.request("GET", f"/v1/jobs/{job_id}/result")
    assert reply.status == 200
    return job, reply.body


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        return {name: zf.read(name) for name in zf.namelist()}


def test_capabilities_and_health_list_the_texture_generator(backend: Backend) -> None:
    caps = backend.request("GET", "/v1/capabilities").json()
    texture = {g["name"]: g for g in caps["texture_generators"]}["procedural"]
    assert texture["kind"] == "texture" and texture["device"] == "cpu"
    assert texture["version"] and texture["weights_present"] is True
    assert {"prompt", "seed", "size", "material"} <= set(texture["parameters"])
    assert texture["limits"]["size"] == [64, 4096]
    assert {"stone", "wood", "metal", "cloth", "flame"} <= set(texture["base_materials"])
    assert {"mossy", "rusty", "warm", "tint_red"} <= set(texture["modifiers"])
    # "generators" stays the world generators: the add-on's generator menu reads it.
    assert [g["kind"] for g in caps["generators"]] == ["world"] * len(caps["generators"])
    health = backend.request("GET", "/v1/health").json()
    assert "procedural" in health["texture_generators"]


def test_openapi_describes_world_and_texture_jobs(backend: Backend) -> None:
    doc = backend.request("GET", "/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    body = doc["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/JobSpec"}
    job_spec = schemas["JobSpec"]
    assert job_spec["discriminator"] == {"propertyName": "kind", "mapping": {
        "world": "#/components/schemas/WorldSpec",
        "texture": "#/components/schemas/TextureSpec"}}
    assert {"$ref": "#/components/schemas/TextureSpec"} in job_spec["oneOf"]
    texture = schemas["TextureSpec"]
    assert texture["required"] == ["kind", "prompt"] and texture["additionalProperties"] is False
    assert texture["properties"]["size"]["enum"] == [64, 128, 256, 512, 1024, 2048, 4096]
    assert texture["properties"]["seed"]["maximum"] == 2**32 - 1
    assert "procedural" in texture["properties"]["generator"]["enum"]
    assert schemas["WorldSpec"]["properties"]["kind"]["enum"] == ["world"]
    result = doc["paths"]["/v1/jobs/{id}/result"]["get"]["responses"]["200"]["content"]
    assert {"model/gltf-binary", "application/zip"} <= set(result)


def test_submit_poll_and_get_the_zip(backend: Backend) -> None:
    reply = backend.request("POST", "/v1/jobs", TEXTURE)
    assert reply.status == 202 and reply.headers["Location"].startswith("/v1/jobs/")
    ref = reply.json()
    assert ref["cached"] is False
    job = backend.wait(ref["id"], ("done", "failed"))
    assert job["state"] == "done" and job["kind"] == "texture" and job["error"] is None
    assert job["generator"] == "procedural" and job["step"] == job["total"] >= 1
    result = backend.request("GET", f"/v1/jobs/{ref['id']}/result")
    assert result.status == 200
    assert result.headers["Content-Type"] == "application/zip"
    assert result.headers["ETag"].strip('"') and result.body[:4] == b"PK\x03\x04"
    files = unzip(result.body)
    assert set(files) == MEMBERS
    for name in ("basecolor.png", "normal.png", "orm.png"):
        width, height, depth, _ = png_header(files[name])
        assert (width, height, depth) == (128, 128, 8), name
    meta = json.loads(files["material.json"])
    assert meta["prompt"] == TEXTURE["prompt"] and meta["seed"] == 5 and meta["size"] == 128
    assert meta["base_material"] == "stone"
    assert meta["words_used"] == ["warm", "mossy", "red", "stone"] and meta["ignored"] == []
    assert meta["emissive"] is False
    assert meta["generator"] == "procedural" and meta["generator_version"]
    # Maps a renderer can use: the normal map leans +Z, occlusion stays in 0..1, and the red
    # tint shows in the base colour.
    normal = png_pixels(files["normal.png"]).astype(float)
    assert normal[..., 2].mean() > 200
    base = png_pixels(files["basecolor.png"]).astype(float)
    assert base[..., 0].mean() > base[..., 1].mean() + 20


def test_same_request_gives_the_same_bytes_from_the_cache(backend: Backend) -> None:
    first_job, first = run_texture(backend, TEXTURE)
    # Keys in another order, defaults spelled out: the same job, answered from the cache.
    again = dict(reversed(list(TEXTURE.items())), generator="procedural", material=None)
    reply = backend.request("POST", "/v1/jobs", again).json()
    assert reply["state"] == "done" and reply["cached"] is True
    assert backend.request("GET", f"/v1/jobs/{reply['id']}").json()["cached"] is True
    cached = backend.request("GET", f"/v1/jobs/{reply['id']}/result")
    assert cached.body == first and cached.headers["Content-Type"] == "application/zip"
    etag = cached.headers["ETag"]
    assert backend.request("GET", f"/v1/jobs/{reply['id']}/result",
                           headers={"If-None-Match": etag}).status == 304
    assert first_job["cached"] in (False, True)  # the first test may already have made it


def test_generation_is_deterministic_across_cache_misses(backend: Backend) -> None:
    # A new prompt spelling of the same material misses the cache but makes the same maps.
    _, a = run_texture(backend, dict(TEXTURE, prompt="red warm stone, mossy"))
    _, b = run_texture(backend, dict(TEXTURE, prompt="mossy warm red stone"))
    fa, fb = unzip(a), unzip(b)
    for name in ("basecolor.png", "normal.png", "orm.png"):
        assert fa[name] == fb[name], name
    assert fa["material.json"] != fb["material.json"]  # it records each prompt


def test_a_different_seed_gives_different_pixels(backend: Backend) -> None:
    _, one = run_texture(backend, dict(TEXTURE, seed=1))
    _, two = run_texture(backend, dict(TEXTURE, seed=2))
    p1 = png_pixels(unzip(one)["basecolor.png"])
    p2 = png_pixels(unzip(two)["basecolor.png"])
    assert p1.shape == p2.shape == (128, 128, 3)
    assert np.mean(p1 != p2) > 0.5


@pytest.mark.parametrize("prompt,size,base,emissive", [
    ("a glowing blue flame", 64, "flame", True),
    ("rusty iron", 256, "metal", False),
    ("soft wool cloth", 64, "cloth", False),
])
def test_prompt_words_pick_the_material(backend: Backend, prompt: str, size: int, base: str,
                                        emissive: bool) -> None:
    _, data = run_texture(backend, {"kind": "texture", "prompt": prompt, "size": size})
    files = unzip(data)
    assert png_header(files["orm.png"])[:2] == (size, size)
    meta = json.loads(files["material.json"])
    assert meta["base_material"] == base and meta["emissive"] is emissive
    assert meta["seed"] == 0  # the default


def test_material_hint_wins_and_unknown_words_are_reported(backend: Backend) -> None:
    spec = {"kind": "texture", "prompt": "old wooden zorbleflax", "size": 64, "material": "iron"}
    meta = json.loads(unzip(run_texture(backend, spec)[1])["material.json"])
    assert meta["base_material"] == "metal" and meta["material"] == "iron"
    assert meta["words_used"] == ["old"] and meta["ignored"] == ["wooden", "zorbleflax"]


def test_world_spec_with_explicit_kind_is_the_same_job(backend: Backend) -> None:
    job_id = backend.submit(SMALL_SPEC)
    assert backend.wait(job_id, ("done", "failed"))["state"] == "done"
    reply = backend.request("POST", "/v1/jobs", dict(SMALL_SPEC, kind="world")).json()
    assert reply["state"] == "done" and reply["cached"] is True
    result = backend.request("GET", f"/v1/jobs/{reply['id']}/result")
    assert result.headers["Content-Type"] == "model/gltf-binary" and result.body[:4] == b"glTF"
    assert backend.request("GET", f"/v1/jobs/{reply['id']}").json()["kind"] == "world"


def test_cancel_a_running_texture_job_leaves_nothing(backend: Backend) -> None:
    results = backend.data_dir / "results"
    before = set(results.iterdir())
    # Cobblestone at 1024 px takes about a second on a laptop: long enough to catch running.
    job_id = backend.submit({"kind": "texture", "prompt": "cobblestone", "seed": 424242,
                             "size": 1024})
    assert backend.wait(job_id, ("running", "done", "failed"))["state"] == "running"
    reply = backend.request("POST", f"/v1/jobs/{job_id}/cancel")
    assert reply.status == 200 and reply.json()["state"] in ("running", "cancelled")
    started = time.monotonic()
    job = backend.wait(job_id, ("cancelled", "done", "failed"), timeout=20)
    assert job["state"] == "cancelled", job
    assert time.monotonic() - started < 2.0, "cancel must not wait for the whole texture"
    gone = backend.request("GET", f"/v1/jobs/{job_id}/result")
    assert gone.status == 409 and gone.json()["error"]["field"] == "state"
    assert set(results.iterdir()) == before  # no result, no temporary file


BAD_TEXTURE_REQUESTS: list[tuple[str, dict[str, Any], str]] = [
    ("size not pow2", dict(TEXTURE, size=100), "size"),
    ("size too big", dict(TEXTURE, size=8192), "size"),
    ("size too small", dict(TEXTURE, size=32), "size"),
    ("size string", dict(TEXTURE, size="256"), "size"),
    ("missing prompt", {"kind": "texture", "seed": 1, "size": 64}, "prompt"),
    ("blank prompt", dict(TEXTURE, prompt="   "), "prompt"),
    ("prompt too long", dict(TEXTURE, prompt="x" * 2001), "prompt"),
    ("seed negative", dict(TEXTURE, seed=-1), "seed"),
    ("seed too big", dict(TEXTURE, seed=2**32), "seed"),
    ("seed boolean", dict(TEXTURE, seed=True), "seed"),
    ("kind banana", dict(TEXTURE, kind="banana"), "kind"),
    ("kind null", dict(TEXTURE, kind=None), "kind"),
    ("unknown generator", dict(TEXTURE, generator="diffusion"), "generator"),
    ("world field on texture", dict(TEXTURE, theme="forest"), "theme"),
    ("texture field on world", {"prompt": "a well", "size": 64}, "size"),
    ("material empty", dict(TEXTURE, material=""), "material"),
    ("material unknown", dict(TEXTURE, material="banana"), "material"),
]


@pytest.mark.parametrize("body,field", [(b, f) for _, b, f in BAD_TEXTURE_REQUESTS],
                         ids=[c for c, _, _ in BAD_TEXTURE_REQUESTS])
def test_bad_texture_requests_name_the_field(backend: Backend, body: dict[str, Any],
                                             field: str) -> None:
    reply = backend.request("POST", "/v1/jobs", body)
    assert 400 <= reply.status < 500, reply.body
    error = reply.json()["error"]
    assert error["field"] == field, error
    assert error["code"] == "invalid_field" and len(error["message"]) > 10
    assert "Traceback" not in reply.body.decode("utf-8", "replace")


def test_size_error_says_what_is_allowed(backend: Backend) -> None:
    error = backend.request("POST", "/v1/jobs", dict(TEXTURE, size=100)).json()["error"]
    assert error == {"code": "invalid_field", "field": "size",
                     "message": "size must be one of 64, 128, 256, 512, 1024, 2048, 4096"}
    error = backend.request("POST", "/v1/jobs", dict(TEXTURE, kind="banana")).json()["error"]
    assert '"world"' in error["message"] and '"texture"' in error["message"]


def test_healthy_after_texture_jobs_and_bad_requests(backend: Backend) -> None:
    assert backend.request("GET", "/v1/health").status == 200
    assert backend.proc.poll() is None
    _, data = run_texture(backend, dict(TEXTURE, seed=99, size=64))
    assert set(unzip(data)) == MEMBERS
