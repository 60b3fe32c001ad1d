"""examples/*.py run as users run them (a fresh bpy process each, --small for speed), and their
promises hold: eight previews and a contact sheet; a product identical in five exported
environments; shots whose geometry never changes and whose renders change only near the light."""

from __future__ import annotations

import hashlib

from tests.helpers.fresh_process import ROOT, explain, result_lines, run_python

PNG = b"\x89PNG\r\n\x1a\n"


def run_example(env, name: str, out) -> dict:
    proc = run_python([str(ROOT / "examples" / f"{name}.py"), "--small", "--out", str(out),
                       "--zip", env["WORLDSMITH_TEST_ZIP"]], env, timeout=300)
    found = result_lines(proc)
    assert proc.returncode == 0 and found, explain(proc)
    return found[0]


def _png_size(path) -> tuple[int, int]:
    data = open(path, "rb").read(24)
    assert data[:8] == PNG
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_variant_sweep(env, tmp_path):
    result = run_example(env, "variant_sweep", tmp_path)
    variants = result["variants"]
    assert [v["seed"] for v in variants] == list(range(1, 9))
    assert len({v["version"] for v in variants}) == 8 and all(v["assets"] >= 3 for v in variants)
    w, h = result["tile_size"]
    assert all(_png_size(v["preview"]) == (w, h) for v in variants)
    sheet_w, sheet_h = _png_size(result["contact_sheet"])
    assert sheet_w > 4 * w and sheet_h > 2 * h, "4 x 2 tiles with gaps"
    previews = {hashlib.sha256(open(v["preview"], "rb").read()).hexdigest() for v in variants}
    assert len(previews) > 1, "different seeds look different"


def _product_meshes(path, product_id: str) -> list:
    """The product's node tree in an exported GLB: per node, its mesh's vertex bytes and materials."""
    import pygltflib

    gltf = pygltflib.GLTF2().load(str(path))
    blob = gltf.binary_blob()
    root = next(i for i, n in enumerate(gltf.nodes) if (n.extras or {}).get("asset_id") == product_id)
    out, todo = [], [root]
    while todo:
        node = gltf.nodes[todo.pop()]
        todo += node.children or []
        if node.mesh is None:
            continue
        for prim in gltf.meshes[node.mesh].primitives:
            acc = gltf.accessors[prim.attributes.POSITION]
            view = gltf.bufferViews[acc.bufferView]
            start = view.byteOffset + (acc.byteOffset or 0)
            data = blob[start:start + acc.count * 12]
            out.append((node.name, hashlib.sha256(data).hexdigest(), gltf.materials[prim.material].name))
    return sorted(out)


def test_product_campaign(env, tmp_path):
    result = run_example(env, "product_campaign", tmp_path)
    variants = result["variants"]
    assert len(variants) == 5 and len({v["version"] for v in variants}) == 5
    assert any(v["environment_changes"] for v in variants)
    meshes = [_product_meshes(v["files"][0], result["product"]) for v in variants]
    assert meshes[0] and all(m == meshes[0] for m in meshes), "the product is identical in every export"
    assert set(result["product_fingerprint"]) >= {"root"}


def test_shot_continuity(env, tmp_path):
    result = run_example(env, "shot_continuity", tmp_path)
    assert result["geometry_identical"] and result["repeatable"]
    shots = result["shots"]
    assert len(shots) == 5
    assert any(s["max_change"] > 0.05 for s in shots), "the lighting change shows"
    for shot in shots:
        assert shot["near_fraction"] >= 0.8 and shot["far_changed_fraction"] < 0.05, shot
        assert _png_size(shot["before"]) == _png_size(shot["after"])
