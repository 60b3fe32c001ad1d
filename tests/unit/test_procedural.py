"""The procedural generator end to end: what the prompt asks for is in the GLB, the extras
contract, cameras and lights, mesh reuse, budgets, inputs, progress, determinism. Every GLB
made here goes through the Khronos glTF-Validator (batched per module)."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worldsmith_backend.generators.base import InvalidSpec, JobCancelled, NullProgress
from worldsmith_backend.generators.procedural import ProceduralGenerator, bench_spec

from tests.helpers.glb import assets, mesh_triangles, quat_matrix
from tests.helpers.gltf_validator import GlbBatch
from wslib.glb import read_glb


GEN = ProceduralGenerator()
COURTYARD = "a medieval courtyard with cobblestones, a well, a market stall and torches on the walls"
SMALL = {"max_triangles": 20000, "texture_size": 64}


def make(batch: GlbBatch, prompt: str, **kw) -> tuple[dict, bytes]:
    spec = {"prompt": prompt, "asset_budget": dict(SMALL), **kw}
    GEN.check_inputs(spec)
    data = batch.add(GEN.generate(spec, NullProgress()), prompt[:40])
    doc, _ = read_glb(data)
    return doc, data


def by_kind(doc: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for n in assets(doc):
        out.setdefault(n["extras"]["archetype"], []).append(n)
    return out


def box(n: dict) -> tuple[np.ndarray, np.ndarray]:
    return np.array(n["extras"]["box"]["min"]), np.array(n["extras"]["box"]["max"])


def touches(a: dict, b: dict, tol: float = 1e-3) -> bool:
    alo, ahi = box(a)
    blo, bhi = box(b)
    for axis in range(3):
        gap = min(abs(alo[axis] - bhi[axis]), abs(ahi[axis] - blo[axis]))
        rest = [k for k in range(3) if k != axis]
        if gap <= tol and all(min(ahi[k], bhi[k]) - max(alo[k], blo[k]) > 0 for k in rest):
            return True
    return False


def test_courtyard_prompt(batch):
    doc, _ = make(batch, COURTYARD, seed=7)
    k = by_kind(doc)
    assert set(k) == {"cobblestone_ground", "gate", "wall", "well", "market_stall", "torch"}
    assert len(k["well"]) == 1 and len(k["market_stall"]) == 1 and len(k["cobblestone_ground"]) == 1
    assert len(k["torch"]) >= 3
    for t in k["torch"]:
        assert box(t)[0][1] > 0.5
        assert any(touches(t, w) for w in k["wall"]), t["name"]
        lights = [doc["nodes"][c] for c in t.get("children", []) if doc["nodes"][c]["extras"]["role"] == "light"]
        assert len(lights) == 1 and "KHR_lights_punctual" in lights[0]["extensions"]
    names = [n["name"] for n in doc["nodes"]]
    assert len(names) == len(set(names))
    assert "Well" in names and "Market Stall" in names and "Torch.002" in names
    stall = k["market_stall"][0]
    parts = [doc["nodes"][c] for c in stall["children"]]
    assert [p["extras"] for p in parts] == [{"role": "part", "part": "awning"}, {"role": "part", "part": "goods"}]
    slots = {doc["materials"][p["material"]]["extras"]["material_id"].split(".")[0]
             for m in [stall["mesh"]] + [p["mesh"] for p in parts] for p in doc["meshes"][m]["primitives"]}
    assert {"wood", "metal", "cloth"} <= slots


def test_counts_exclusions_and_ignored(batch):
    doc, _ = make(batch, "three barrels in a courtyard", seed=1)
    assert len(by_kind(doc)["barrel"]) == 3
    doc, _ = make(batch, "a forest clearing without trees", seed=2)
    k = by_kind(doc)
    assert "tree" not in k and "pine_tree" not in k and "rock" in k  # the rest of the setting's mix
    # A named thing with no archetype is a named proxy, never dropped; a flying word is reported.
    doc, _ = make(batch, "a forest clearing with no trees and a flying zeppelin", seed=2)
    k = by_kind(doc)
    assert "tree" not in k and "pine_tree" not in k
    ws = doc["scenes"][0]["extras"]["worldsmith"]
    assert ws["ignored"] == ["flying"]
    proxies = [n for n in doc["nodes"] if n.get("extras", {}).get("role") == "proxy"]
    assert [n["name"] for n in proxies] == ["Zeppelin"]
    assert proxies[0]["extras"]["noun"] == "zeppelin" and proxies[0]["extras"]["asset_id"] == "zeppelin.001"
    assert ws["proxies"] == [{"asset_id": "zeppelin.001", "noun": "zeppelin", "reason": proxies[0]["extras"]["reason"]}]
    assert [(t["noun"], t["status"]) for t in ws["things"]] == [("zeppelin", "proxy")]


def test_scene_extras_contract(batch):
    doc, _ = make(batch, "a cozy living room", seed=11, max_assets=20)
    ws = doc["scenes"][0]["extras"]["worldsmith"]
    assert set(ws) == {"schema", "world_id", "spec", "seed", "generator", "generator_version", "theme", "ignored", "bounds",
                       "setting", "things", "proxies", "not_honoured"}
    assert ws["setting"]["name"] == "interior" and ws["setting"]["enclosure"] == "room_wall"
    assert ws["setting"]["lighting"] == "interior" and ws["setting"]["moods"] == ["cozy"]
    assert ws["things"] == [] and ws["proxies"] == [] and isinstance(ws["not_honoured"], list)
    assert ws["schema"] == 1 and ws["generator"] == "procedural" and ws["generator_version"] == GEN.version
    assert ws["theme"] == "interior" and ws["seed"] == 11 and ws["spec"]["max_assets"] == 20
    assert ws["spec"]["asset_budget"] == SMALL and ws["spec"]["keep"] == [] and ws["spec"]["units"] == "meters"
    assert len(assets(doc)) <= 20
    lo, hi = np.array(ws["bounds"]["min"]), np.array(ws["bounds"]["max"])
    for n in assets(doc):
        e = n["extras"]
        assert set(e) == {"asset_id", "role", "archetype", "box"}
        assert e["asset_id"].startswith(e["archetype"] + ".")
        blo, bhi = box(n)
        assert np.all(blo >= lo - 1e-6) and np.all(bhi <= hi + 1e-6)
    for m in doc["materials"]:
        assert set(m["extras"]) == {"material_id", "tags"}
        assert m["occlusionTexture"] == m["pbrMetallicRoughness"]["metallicRoughnessTexture"]
    cams = [n["extras"]["asset_id"] for n in doc["nodes"] if n.get("extras", {}).get("role") == "camera"]
    assert cams[0] == "camera.main" and len(cams) >= 3 and all(c.startswith("camera.shot.") for c in cams[1:])


def test_lights_and_emissive(batch):
    doc, _ = make(batch, "a sci-fi corridor", seed=3)
    assert "KHR_lights_punctual" in doc["extensionsUsed"]
    lights = doc["extensions"]["KHR_lights_punctual"]["lights"]
    assert [l["type"] for l in lights].count("directional") == 2
    roots = [doc["nodes"][i] for i in doc["scenes"][0]["nodes"]]
    assert {n["name"] for n in roots if n.get("extras", {}).get("role") == "light"} == {"Sun", "Fill"}
    emissive = [m for m in doc["materials"] if "emissiveTexture" in m]
    assert emissive and all(m["emissiveFactor"] == [1.0, 1.0, 1.0] for m in emissive)
    metal = [m for m in doc["materials"] if "metal" in m["extras"]["tags"]]
    assert metal


def test_main_camera_frames_the_content_and_fills_the_frame(batch):
    """Every prop (hero and named things) lies inside the main camera's frustum, and together they
    fill most of the 16:9 frame; the enclosure and ground may run out of it."""
    from worldsmith_backend.worldgen.archetypes import REGISTRY

    for prompt in (COURTYARD, "a product studio with a sneaker", "a sci-fi corridor with 6 consoles",
                   "a throne room with a throne, banners and candelabras", "a forest clearing with a campfire and two tents"):
        doc, _ = make(batch, prompt, seed=5)
        node = next(n for n in doc["nodes"] if n.get("extras", {}).get("asset_id") == "camera.main")
        cam = doc["cameras"][node["camera"]]["perspective"]
        r = quat_matrix(node["rotation"])
        pos = np.array(node["translation"])
        ty = math.tan(cam["yfov"] / 2)
        tx = ty * cam["aspectRatio"]
        seen = []
        for n in assets(doc):
            if REGISTRY[n["extras"]["archetype"]].placement == "structural":
                continue
            lo, hi = box(n)
            corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
            q = (corners - pos) @ r  # world -> camera space (rows times R = R^T applied)
            depth = -q[:, 2]
            assert np.all(depth > cam["znear"]) and np.all(depth < cam["zfar"]), n["name"]
            assert np.all(np.abs(q[:, 0] / depth) <= tx + 1e-6), n["name"]
            assert np.all(np.abs(q[:, 1] / depth) <= ty + 1e-6), n["name"]
            seen.append(np.stack([q[:, 0] / depth / tx, q[:, 1] / depth / ty], 1))
        ndc = np.concatenate(seen)
        span = (ndc.max(0) - ndc.min(0)) / 2  # of the frame's width and height
        assert span.max() > 0.8, (prompt, span)


def test_repeated_assets_share_one_mesh(batch):
    found = False
    for seed in range(30):
        doc, _ = make(batch, "four painted red market stalls in a courtyard", seed=seed)
        stalls = by_kind(doc)["market_stall"]
        assert len(stalls) == 4
        meshes = {s["mesh"] for s in stalls}
        # Same shape variant (same mesh name) -> the very same glTF mesh.
        by_name: dict[str, set[int]] = {}
        for s in stalls:
            by_name.setdefault(doc["meshes"][s["mesh"]]["name"], set()).add(s["mesh"])
        assert all(len(v) == 1 for v in by_name.values())
        if len(meshes) == 1:
            found = True
            break
    assert found, "no seed gave four stalls of one variant"


SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])


@SETTINGS
@given(prompt=st.sampled_from([COURTYARD, "a forest clearing", "a cozy living room", "a product studio",
                               "a sci-fi corridor with rusty pipes", "a market with 5 carts and 9 barrels"]),
       seed=st.integers(0, 2**32 - 1), tris=st.sampled_from([256, 400, 1000, 20000]))
def test_primitives_and_budget(batch, prompt, seed, tris):
    doc, _ = make(batch, prompt, seed=seed, asset_budget={"max_triangles": tris, "texture_size": 64})
    for m in doc["meshes"]:
        for p in m["primitives"]:
            assert {"POSITION", "NORMAL", "TANGENT", "TEXCOORD_0"} <= set(p["attributes"])
            assert "material" in p and "indices" in p
    for n in assets(doc):
        total = mesh_triangles(doc, n["mesh"]) if "mesh" in n else 0
        total += sum(mesh_triangles(doc, doc["nodes"][c]["mesh"]) for c in n.get("children", [])
                     if "mesh" in doc["nodes"][c])
        assert total <= tris, n["name"]


def test_keep_and_reroll_through_the_generator(batch):
    doc, _ = make(batch, COURTYARD, seed=1)
    nodes = assets(doc)
    keep = [{"asset_id": n["extras"]["asset_id"], "box": n["extras"]["box"]} for n in nodes
            if n["extras"]["asset_id"] != "well.001"]
    doc2, _ = make(batch, COURTYARD, seed=1, keep=keep, reroll=["well.001"], reroll_seed=9)
    assert [n["extras"]["asset_id"] for n in assets(doc2)] == ["well.001"]
    doc3, _ = make(batch, COURTYARD, seed=2, keep=keep[:3])
    ids = {n["extras"]["asset_id"] for n in assets(doc3)}
    assert not ids & {k["asset_id"] for k in keep[:3]}


def test_check_inputs_rejects_semantic_problems():
    base = {"prompt": COURTYARD}
    with pytest.raises(InvalidSpec) as e:
        GEN.check_inputs({**base, "keep": [{"asset_id": "well.001", "box": {"min": [1, 0, 0], "max": [0, 1, 1]}}]})
    assert e.value.field == "keep[0].box"
    with pytest.raises(InvalidSpec) as e:
        GEN.check_inputs({**base, "reroll": ["dragon.001"]})
    assert e.value.field == "reroll[0]"
    with pytest.raises(InvalidSpec):
        GEN.check_inputs({**base, "theme": "moon"})
    with pytest.raises(InvalidSpec):
        GEN.check_inputs({**base, "asset_budget": {"max_triangles": 10, "texture_size": 512}})
    GEN.check_inputs({**base, "reroll": ["well.001"]})
    caps = GEN.capabilities()
    assert caps["weights_present"] is True and len(caps["archetypes"]) >= 30 and "forest" in caps["themes"]


class Recorder:
    def __init__(self, cancel_at: str | None = None) -> None:
        self.phases: list[str] = []
        self.cancel_at = cancel_at

    def update(self, phase: str, step: int, total: int) -> None:
        assert 0 <= step <= total
        self.phases.append(phase)

    def check_cancel(self) -> None:
        if self.cancel_at and self.phases and self.phases[-1] == self.cancel_at:
            raise JobCancelled()


def test_progress_phases_and_cancel():
    rec = Recorder()
    GEN.generate({"prompt": COURTYARD, "asset_budget": dict(SMALL)}, rec)
    order = list(dict.fromkeys(rec.phases))
    assert order == ["plan", "textures", "meshes", "pack"]
    for phase in ("textures", "meshes"):
        with pytest.raises(JobCancelled):
            GEN.generate({"prompt": COURTYARD, "asset_budget": dict(SMALL)}, Recorder(cancel_at=phase))


SCRIPT = """
import hashlib, sys
from worldsmith_backend.generators.procedural import ProceduralGenerator
from worldsmith_backend.generators.base import NullProgress
spec = {"prompt": sys.argv[1], "seed": 1234, "asset_budget": {"max_triangles": 5000, "texture_size": 128}}
sys.stdout.write(hashlib.sha256(ProceduralGenerator().generate(spec, NullProgress())).hexdigest())
"""


def test_byte_identical_across_processes():
    for prompt in (COURTYARD, "a forest clearing with mossy rocks",
                   "a haunted dock at night with two rowing boats, a zeppelin and candles on a crate"):
        digests = {subprocess.run([sys.executable, "-c", SCRIPT, prompt], capture_output=True, text=True,
                                  check=True).stdout for _ in range(2)}
        assert len(digests) == 1
        assert len(next(iter(digests))) == 64


def test_different_seed_changes_layout_not_ids(batch):
    a, _ = make(batch, COURTYARD, seed=1)
    b, _ = make(batch, COURTYARD, seed=2)
    ids = lambda d: sorted(n["extras"]["asset_id"] for n in assets(d))  # noqa: E731
    assert ids(a) == ids(b)
    pos = lambda d: [n["translation"] for n in assets(d) if n["extras"]["archetype"] == "market_stall"]  # noqa: E731
    assert pos(a) != pos(b)


def test_bench_spec_reaches_the_asset_count():
    spec = bench_spec(100)
    from worldsmith_backend.worldgen.plan import make_plan

    assert len(make_plan(spec).slots) == 100


@pytest.mark.parametrize("prompt", [
    "a haunted dock at night with rowing boats, a zeppelin and lanterns on the crates",
    "a rainy street with street lamps, a bench and a newspaper stand",
    "a crystal cave with a treasure chest and torches on the walls",
    "a snowy garden with a wooden fence, a well and three benches",
])
def test_composed_settings_make_valid_glbs_with_named_proxies(batch, prompt):
    doc, _ = make(batch, prompt, seed=3)
    ws = doc["scenes"][0]["extras"]["worldsmith"]
    roots = [doc["nodes"][i] for i in doc["scenes"][0]["nodes"]]
    proxies = [n for n in roots if n.get("extras", {}).get("role") == "proxy"]
    assert {p["asset_id"] for p in ws["proxies"]} == {n["extras"]["asset_id"] for n in proxies}
    for n in proxies:
        e = n["extras"]
        assert e["asset_id"].startswith(e["noun"] + ".") and e["archetype"] == "proxy" and e["reason"]
        assert "mesh" in n and n["name"].split(".")[0] == e["noun"].replace("_", " ").title()
    assert all(t["status"] in ("real", "proxy") for t in ws["things"]), ws["things"]
    assert doc["scenes"][0]["name"] == ws["setting"]["display"]
    names = [n["name"] for n in doc["nodes"]]
    assert len(names) == len(set(names))
