"""FBX media: the maps each engine reads, and output that is a function of the version alone.

FBX engines read roughness and metallic as maps of their own (Blender's FBX exporter writes an
image linked straight to Principled Roughness / Metallic as ShininessExponent / ReflectionFactor),
not the packed ORM: ``ChannelMaps`` gives the export copies of the materials with single-channel
maps split from the ORM. Occlusion has no FBX slot Unreal or Unity reads; it stays in glTF/USD.
``fbx_media`` makes the file reproducible and points it at the content-addressed textures.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
from typing import Iterable, Iterator

import bpy
import numpy as np

from ..core.png import grey_png
from .textures import TextureStore, digest, image_bytes, source_key

# Channel maps are derived from an ORM image's bytes: cached per content, so re-exports are cheap.
_CHANNEL_CACHE: dict[tuple[str, int], tuple[int, int, bytes, str]] = {}  # ..., PNG, its digest
_DIGESTS: dict[str, str] = {}  # source_key(image) -> digest of its bytes


def _orm_channels(tree) -> tuple[bpy.types.Node, bpy.types.Image, dict[str, int]] | None:
    """(Principled node, ORM image, {socket: channel}) when roughness/metallic come from an image
    through Separate Color, as Blender's glTF importer wires the ORM."""
    bsdf = next((n for n in tree.nodes if n.type == "BSDF_PRINCIPLED"), None)
    if bsdf is None:
        return None
    # One pass over the links (NodeSocket.links walks all of them on every call).
    into = {link.to_socket.as_pointer(): link for link in tree.links}
    image, channels = None, {}
    for socket in ("Roughness", "Metallic"):
        inp = bsdf.inputs.get(socket)
        link = into.get(inp.as_pointer()) if inp is not None else None
        if link is None:
            continue
        node = link.from_node
        feed = into.get(node.inputs[0].as_pointer()) if node.inputs else None
        if node.type not in ("SEPARATE_COLOR", "SEPRGB") or feed is None:
            continue
        source = feed.from_node
        if source.type == "TEX_IMAGE" and source.image is not None:
            image = source.image
            channels[socket] = {"red": 0, "r": 0, "green": 1, "g": 1, "blue": 2, "b": 2}[link.from_socket.name.lower()]
    return (bsdf, image, channels) if image is not None else None


def _channel_png(image: bpy.types.Image, channel: int) -> tuple[int, int, bytes, str]:
    key = (source_key(image), channel)
    if key not in _CHANNEL_CACHE:
        w, h = image.size
        px = np.empty(w * h * 4, dtype=np.float32)
        image.pixels.foreach_get(px)
        plane = np.round(px.reshape(h, w, 4)[::-1, :, channel] * 255.0).astype(np.uint8)
        png = grey_png(plane)
        _CHANNEL_CACHE[key] = (w, h, png, digest(png))
    return _CHANNEL_CACHE[key]


class ChannelMaps:
    """Export copies of materials, named as the originals (which are renamed meanwhile), with
    roughness and metallic maps of their own; ``close`` removes them and restores the names."""

    def __init__(self) -> None:
        self.copies: dict[str, bpy.types.Material] = {}
        self._by_source: dict[int, bpy.types.Material] = {}  # original's pointer -> its copy
        self.images: list[bpy.types.Image] = []
        self.data: dict[str, tuple[bytes, str]] = {}  # image name -> (PNG bytes, digest), for the FBX paths
        self._renamed: list[tuple[bpy.types.Material, str]] = []
        self._mesh_slots: list[tuple[bpy.types.Mesh, int, bpy.types.Material]] = []

    def apply(self, objects: Iterable[bpy.types.Object]) -> None:
        """Point the export objects' slots at the copies. A slot on the object (a reassigned
        material) changes on the export copy; a slot on the mesh changes on the mesh, until
        ``close``: linking every slot to its object instead would make Blender's FBX exporter write
        one geometry per object, losing the shared meshes."""
        for obj in objects:
            for index, slot in enumerate(obj.material_slots):
                if slot.material is None:
                    continue
                copy = self._copy(slot.material)
                if slot.link == "OBJECT":
                    slot.material = copy
                elif (obj.data is not None and index < len(obj.data.materials)
                      and obj.data.materials[index] is not copy):
                    self._mesh_slots.append((obj.data, index, obj.data.materials[index]))
                    obj.data.materials[index] = copy

    def _copy(self, mat: bpy.types.Material) -> bpy.types.Material:
        if mat.as_pointer() in self._by_source:
            return self._by_source[mat.as_pointer()]
        if mat in self.copies.values():
            return mat
        name = mat.name
        copy = mat.copy()
        self._by_source[mat.as_pointer()] = copy
        mat.name = f"{name[:40]}~worldsmith-export"
        self._renamed.append((mat, name))
        copy.name = name
        self.copies[name] = copy
        found = _orm_channels(copy.node_tree) if copy.node_tree is not None else None
        if found is not None:
            bsdf, orm, channels = found
            for socket, channel in sorted(channels.items()):
                _w, _h, png, key = _channel_png(orm, channel)
                # The exporter needs a name and a path (fbx_media gives it the PNG), not pixels:
                # a 1x1 buffer, as allocating w x h for every map cost more than the export.
                image = bpy.data.images.new(f"{orm.name}_{socket.lower()}", 1, 1)
                self.images.append(image)
                self.data[image.name] = (png, key)
                node = copy.node_tree.nodes.new("ShaderNodeTexImage")
                node.image = image
                copy.node_tree.links.new(node.outputs["Color"], bsdf.inputs[socket])
        for key in list(copy.keys()):  # FBX writes lists as Python reprs: JSON instead
            value = copy[key]
            if hasattr(value, "to_list") or hasattr(value, "to_dict"):
                plain = value.to_dict() if hasattr(value, "to_dict") else value.to_list()
                copy[key] = json.dumps(plain, sort_keys=True, default=str)
        return copy

    def close(self) -> None:
        for mesh, index, material in reversed(self._mesh_slots):
            mesh.materials[index] = material
        self._mesh_slots.clear()
        gone = [c for c in self.copies.values() if bpy.data.materials.get(c.name) == c]
        gone += [i for i in self.images if bpy.data.images.get(i.name) == i]
        bpy.data.batch_remove(gone)  # one pass: removing one by one scans the file for each
        self.copies.clear()
        self._by_source.clear()
        self.images.clear()
        for mat, name in reversed(self._renamed):
            mat.name = name
        self._renamed.clear()


class _StableKey:
    """A key whose hash is the same in every process (Python's str hash is salted per process)."""

    __slots__ = ("key",)

    def __init__(self, key) -> None:
        self.key = key

    def __hash__(self) -> int:
        return int.from_bytes(hashlib.blake2b(repr(self.key).encode(), digest_size=8).digest(), "little") >> 1

    def __eq__(self, other) -> bool:
        return isinstance(other, _StableKey) and other.key == self.key


def _blank_native_file(root) -> None:
    """The header names the .blend the export came from (``ApplicationNativeFile``): a local path
    in a shipped file, and different before and after the .blend is saved. Blank it."""
    for elem in getattr(root, "elems", []):
        if elem.id == b"FBXHeaderExtension" or elem.id in (b"SceneInfo", b"Properties70"):
            _blank_native_file(elem)
        elif elem.id == b"P" and elem.props and bytes(elem.props[0]).endswith(b"ApplicationNativeFile"):
            elem.props[-1] = (0).to_bytes(4, "little")  # encode_bin keeps strings length-prefixed


@contextlib.contextmanager
def fbx_media(store: TextureStore, maps: ChannelMaps, created: datetime.datetime) -> Iterator[None]:
    """While Blender's FBX exporter runs, make its output a function of the version alone:

    - every image is referenced as ``textures/<name>-<hash>.png`` (relative, written through
      ``store``), never the temporary folder it was written in (``_gen_vid_path``);
    - the header carries the version's creation time instead of now and no .blend path
      (``fbx_header_elements``);
    - object ids come from a hash that is the same in every process (``_key_to_uuid`` uses
      Python's salted ``hash``), from empty id tables (they otherwise persist between exports).

    Blender's exporter takes none of these as options; these module functions (the same since
    Blender 2.8) are swapped for the duration of the call and restored after."""
    from io_scene_fbx import export_fbx_bin as fbx, fbx_utils

    saved = {(fbx, name): getattr(fbx, name, None) for name in ("_gen_vid_path", "fbx_header_elements")}
    saved.update({(fbx_utils, name): getattr(fbx_utils, name, None)
                  for name in ("_key_to_uuid", "_keys_to_uuids", "_uuids_to_keys")})
    original_path, original_header = saved[(fbx, "_gen_vid_path")], saved[(fbx, "fbx_header_elements")]
    original_uuid = saved[(fbx_utils, "_key_to_uuid")]

    paths: dict[str, str] = {}  # the exporter asks once per texture use

    def vid_path(img, scene_data):
        if img.name not in paths:
            if img.name in maps.data:
                png, key = maps.data[img.name]
                paths[img.name] = store.path_for(img.name, png, key=key)
            else:
                known = store.known.get(_DIGESTS.get(source_key(img), ""))
                data = None if known else image_bytes(img)
                if known is None and data is None:
                    return original_path(img, scene_data)
                paths[img.name] = known or store.path_for(img.name, data)
                if data is not None:
                    _DIGESTS[source_key(img)] = digest(data)
        return paths[img.name], paths[img.name]

    def header(root, scene_data, time=None):
        result = original_header(root, scene_data, time=created)
        _blank_native_file(root)
        return result

    def key_to_uuid(uuids, key):
        return original_uuid(uuids, key if isinstance(key, int) else _StableKey(key))

    replacements = {(fbx, "_gen_vid_path"): vid_path, (fbx, "fbx_header_elements"): header,
                    (fbx_utils, "_key_to_uuid"): key_to_uuid, (fbx_utils, "_keys_to_uuids"): {},
                    (fbx_utils, "_uuids_to_keys"): {}}
    for (module, name), value in replacements.items():
        if saved[(module, name)] is not None:
            setattr(module, name, value)
    try:
        yield
    finally:
        for (module, name), value in saved.items():
            if value is not None:
                setattr(module, name, value)
