"""Small GLBs that follow (or deliberately break) the Worldsmith GLB contract, made with
pygltflib, for import tests that must not depend on the generator's output."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pygltflib as g


def _png(rgb=(180, 120, 60), size=4) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _cube(size: float):
    s = size / 2
    faces = []
    for axis in range(3):
        for sign in (-1, 1):
            n = [0, 0, 0]
            n[axis] = sign
            u, v = [(axis + 1) % 3, (axis + 2) % 3]
            quad = []
            for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
                p = [0.0, 0.0, 0.0]
                p[axis], p[u], p[v] = sign * s, a * s, b * s
                quad.append(p)
            faces.append((quad, n))
    pos, nrm, uv, idx = [], [], [], []
    for quad, n in faces:
        base = len(pos)
        pos += quad
        nrm += [n] * 4
        uv += [[0, 0], [1, 0], [1, 1], [0, 1]]
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return (np.array(pos, np.float32), np.array(nrm, np.float32), np.array(uv, np.float32),
            np.array(idx, np.uint16))


def make_world_glb(assets=(("well.000", "Well", (0, 0, 0)), ("crate.000", "Crate", (3, 0, 0))),
                   *, world_id="testworld", extras=True, ignored=("dragons",)) -> bytes:
    """A contract GLB: one cube asset per entry (glTF coordinates), a camera, a sun."""
    pos, nrm, uv, idx = _cube(1.0)
    png = _png()
    blob = bytearray()
    views = []

    def add(data: bytes) -> int:
        while len(blob) % 4:
            blob.append(0)
        views.append(g.BufferView(buffer=0, byteOffset=len(blob), byteLength=len(data)))
        blob.extend(data)
        return len(views) - 1

    acc = [
        g.Accessor(bufferView=add(pos.tobytes()), componentType=5126, count=len(pos), type="VEC3",
                   min=pos.min(0).tolist(), max=pos.max(0).tolist()),
        g.Accessor(bufferView=add(nrm.tobytes()), componentType=5126, count=len(nrm), type="VEC3"),
        g.Accessor(bufferView=add(uv.tobytes()), componentType=5126, count=len(uv), type="VEC2"),
        g.Accessor(bufferView=add(idx.tobytes()), componentType=5123, count=len(idx), type="SCALAR"),
    ]
    image_view = add(png)
    gl = g.GLTF2(asset=g.Asset(version="2.0"), accessors=acc, bufferViews=views)
    gl.images = [g.Image(bufferView=image_view, mimeType="image/png")]
    gl.samplers = [g.Sampler()]
    gl.textures = [g.Texture(source=0, sampler=0)]
    gl.materials = [g.Material(name="Stone", extras={"material_id": "stone", "tags": ["stone"]},
                               pbrMetallicRoughness=g.PbrMetallicRoughness(baseColorTexture=g.TextureInfo(index=0)))]
    gl.meshes = []
    gl.nodes = []
    roots = []
    for n, (asset_id, name, at) in enumerate(assets):
        gl.meshes.append(g.Mesh(name=name, primitives=[g.Primitive(
            attributes=g.Attributes(POSITION=0, NORMAL=1, TEXCOORD_0=2), indices=3, material=0)]))
        gl.nodes.append(g.Node(name=name, mesh=n, translation=list(map(float, at)), extras={
            "asset_id": asset_id, "role": "asset", "archetype": asset_id.split(".")[0],
            "box": {"min": [at[0] - .5, at[1] - .5, at[2] - .5], "max": [at[0] + .5, at[1] + .5, at[2] + .5]}}))
        roots.append(len(gl.nodes) - 1)
    gl.cameras = [g.Camera(type="perspective", perspective=g.Perspective(yfov=0.8, znear=0.1, aspectRatio=16 / 9))]
    gl.nodes.append(g.Node(name="Main Camera", camera=0, translation=[0, 3, 12],
                           extras={"role": "camera", "asset_id": "camera.main"}))
    roots.append(len(gl.nodes) - 1)
    gl.extensionsUsed = ["KHR_lights_punctual"]
    gl.extensions = {"KHR_lights_punctual": {"lights": [{"type": "directional", "intensity": 3.0, "name": "Sun"}]}}
    gl.nodes.append(g.Node(name="Sun", rotation=[-0.383, 0, 0, 0.924], extras={"role": "light", "asset_id": "light.sun"},
                           extensions={"KHR_lights_punctual": {"light": 0}}))
    roots.append(len(gl.nodes) - 1)
    scene_extras = {"worldsmith": {"schema": 1, "world_id": world_id, "spec": {"prompt": "test world", "seed": 0},
                                   "seed": 0, "generator": "procedural", "generator_version": "test",
                                   "theme": "courtyard", "ignored": list(ignored),
                                   "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]}}} if extras else None
    gl.scenes = [g.Scene(nodes=roots, extras=scene_extras)]
    gl.scene = 0
    gl.buffers = [g.Buffer(byteLength=len(blob))]
    gl.set_binary_blob(bytes(blob))
    return b"".join(gl.save_to_bytes())


def patch_glb(data: bytes, mutate) -> bytes:
    """GLB bytes with their JSON chunk changed by ``mutate(document)`` (in place); the binary chunk
    is kept. For tests of results that break the contract in one field."""
    import json

    length = struct.unpack_from("<I", data, 12)[0]
    document = json.loads(data[20:20 + length])
    mutate(document)
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    rest = data[20 + length:]
    body = struct.pack("<II", len(text), 0x4E4F534A) + text + rest
    return b"glTF" + struct.pack("<II", 2, 12 + len(body)) + body
