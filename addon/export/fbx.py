"""FBX media: the maps each engine reads, and output that is a function of the version alone.

FBX engines read roughness and metallic as maps of their own (Blender's FBX exporter writes an
image linked straight to Principled Roughness / Metallic as ShininessExponent / ReflectionFactor),
not the packed ORM: ``ChannelMaps`` splits single-channel maps from each ORM, and ``fbx_media``
has the exporter see them in those slots (the materials themselves are not touched). Occlusion
has no FBX slot Unreal or Unity reads; it stays in glTF/USD. ``fbx_media`` also makes the file
reproducible, writes lists and groups of custom properties as JSON, and points the file at the
content-addressed textures.
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
from ..core.schema import is_internal
from .textures import TextureStore, digest, source_key

# Channel maps are derived from an ORM image's bytes: cached per content, so re-exports are cheap.
_CHANNEL_CACHE: dict[tuple[str, int], tuple[int, int, bytes, str]] = {}  # ..., PNG, its digest


def _orm_channels(tree) -> tuple[bpy.types.Node, bpy.types.Image, dict[str, tuple[int, bpy.types.Node]]] | None:
    """(Principled node, ORM image, {socket: (channel, Separate Color node)}) when roughness and
    metallic come from an image through Separate Color, as Blender's glTF importer wires the ORM."""
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
            channel = {"red": 0, "r": 0, "green": 1, "g": 1, "blue": 2, "b": 2}[link.from_socket.name.lower()]
            channels[socket] = (channel, node)
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
    """The roughness and metallic maps split from each ORM the export objects' materials use:
    a 1x1 image per map (the exporter needs a name and a path, ``fbx_media`` gives it the PNG)
    and what ``textures`` hands the exporter in the material's Roughness or Metallic slot."""

    def __init__(self) -> None:
        self.images: list[bpy.types.Image] = []
        self.data: dict[str, tuple[bytes, str]] = {}  # image name -> (PNG bytes, digest), for the FBX paths
        self.slots: dict[int, dict[str, tuple[bpy.types.Image, bpy.types.Node]]] = {}  # material pointer ->
        # {socket: (map image, the Separate Color node the ORM feeds)}

    def apply(self, objects: Iterable[bpy.types.Object]) -> None:
        made: dict[tuple[str, str], bpy.types.Image] = {}  # (ORM image, socket) -> its map
        for obj in objects:
            for slot in obj.material_slots:
                mat = slot.material
                if mat is None or mat.node_tree is None or mat.as_pointer() in self.slots:
                    continue
                found = _orm_channels(mat.node_tree)
                self.slots[mat.as_pointer()] = {}
                if found is None:
                    continue
                _bsdf, orm, channels = found
                for socket, (channel, separate) in sorted(channels.items(), key=lambda c: c[0]):
                    if (orm.name, socket) not in made:
                        _w, _h, png, key = _channel_png(orm, channel)
                        image = bpy.data.images.new(f"{orm.name}_{socket.lower()}", 1, 1)
                        self.images.append(image)
                        self.data[image.name] = (png, key)
                        made[(orm.name, socket)] = image
                    self.slots[mat.as_pointer()][socket] = (made[(orm.name, socket)], separate)

    def texture(self, wrapper, socket: str):
        """The stand-in for ``socket``'s texture of the material ``wrapper`` (a
        ``PrincipledBSDFWrapper``) wraps, or None."""
        found = self.slots.get(wrapper.material.as_pointer(), {}).get(socket)
        if found is None:
            return None
        from bpy_extras import node_shader_utils

        image, separate = found
        orm = node_shader_utils.ShaderImageTextureWrapper(wrapper, separate, separate.inputs[0],
                                                          colorspace_name="Non-Color")
        return _ChannelTexture(image, orm)

    def close(self) -> None:
        gone = [i for i in self.images if bpy.data.images.get(i.name) == i]
        bpy.data.batch_remove(gone)  # one pass: removing one by one scans the file for each
        self.images.clear()
        self.slots.clear()


class _ChannelTexture:
    """What Blender's FBX exporter reads of a texture slot: the map's image, and the ORM
    texture's coordinates, projection, extension and mapping (``orm``, a texture wrapper)."""

    def __init__(self, image: bpy.types.Image, orm) -> None:
        self.image, self._orm = image, orm

    def __getattr__(self, name: str):
        return getattr(self._orm, name)


def _plain(value):
    """ID property values as plain Python (groups and arrays included)."""
    if hasattr(value, "to_dict"):
        return {k: _plain(v) for k, v in value.to_dict().items()}
    if hasattr(value, "to_list"):
        return [_plain(v) for v in value.to_list()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _JsonProperties:
    """An ID's custom properties as Blender's FBX exporter reads them (``items``, ``bl_rna``),
    with lists and groups as JSON (it writes them as Python reprs, addresses and all) and without
    Worldsmith's internal ones (``core.schema.is_internal``)."""

    def __init__(self, bid) -> None:
        self.bl_rna = bid.bl_rna
        self._items = [(k, v if isinstance(v, (str, int, float)) else json.dumps(_plain(v), sort_keys=True, default=str))
                       for k, v in bid.items() if not is_internal(k)]

    def items(self):
        return self._items


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


def slot_order(scene_data, uuid_of) -> None:
    """Connect each object's materials in its slot order, as Blender 4.3+ does. Blender 4.2's
    exporter connects them in the order materials first appear in the whole export, and importers
    take the connection order as the slot order (Blender's own, Unity's, Unreal's), so a part with
    slots metal, straw, wood came back as metal, wood, straw. Faces follow: their material
    indices are the mesh's index per material (``mesh_material_indices``), set to the same order.
    A mesh whose objects order their materials differently keeps the exporter's order. Nothing
    changes where the order is right already."""
    materials, connections = scene_data.data_materials, scene_data.connections
    material_of = {uuid_of(key): ma for ma, (key, _objects) in materials.items()}
    positions: dict[int, list[int]] = {}  # object uuid -> where its material connections are
    for i, (kind, source, target, prop) in enumerate(connections):
        if kind == b"OO" and prop is None and source in material_of:
            positions.setdefault(target, []).append(i)
    wanted: dict[int, list] = {}  # object uuid -> its materials, each once, in slot order
    by_mesh: dict = {}  # mesh -> the orders of the objects using it
    objects = {ob.fbx_uuid: ob for _key, users in materials.values() for ob in users}
    for uuid, ob in objects.items():
        order = list(dict.fromkeys(m for m in ob.materials if m is not None))
        wanted[uuid] = order
        if ob in scene_data.data_meshes:
            by_mesh.setdefault(scene_data.data_meshes[ob][1], []).append(order)
    for uuid, order in wanted.items():
        ob = objects[uuid]
        mesh = scene_data.data_meshes[ob][1] if ob in scene_data.data_meshes else None
        if mesh is not None and any(other != order for other in by_mesh[mesh]):
            continue
        at = positions.get(uuid, [])
        current = [connections[i] for i in at]
        if any(material_of[c[1]] not in order for c in current):
            continue
        for i, connection in zip(at, sorted(current, key=lambda c: order.index(material_of[c[1]]))):
            connections[i] = connection
        indices = scene_data.mesh_material_indices.get(mesh) if mesh is not None else None
        if indices is not None and set(indices) <= set(order):
            for ma in indices:
                indices[ma] = order.index(ma)


@contextlib.contextmanager
def fbx_media(store: TextureStore, maps: ChannelMaps, created: datetime.datetime) -> Iterator[None]:
    """While Blender's FBX exporter runs, make its output a function of the version alone:

    - every image is referenced as ``textures/<name>-<hash>.png`` (relative, written through
      ``store``), never the temporary folder it was written in (``_gen_vid_path``);
    - the header carries the version's creation time instead of now and no .blend path
      (``fbx_header_elements``);
    - object ids come from a hash that is the same in every process (``_key_to_uuid`` uses
      Python's salted ``hash``), from empty id tables (they otherwise persist between exports);
    - custom properties that are lists or groups are written as JSON, the value the GLB carries,
      not as the Python repr of ID property objects (``fbx_data_element_custom_properties``);
    - a material whose roughness and metallic come from an ORM shows the exporter the split maps
      in those slots (``node_shader_utils.PrincipledBSDFWrapper``, as the exporter imports it);
    - each object's materials are connected in its slot order (``fbx_data_from_scene``, then
      ``slot_order``), which Blender 4.2's exporter does not do.

    Blender's exporter takes none of these as options; these module functions (the same since
    Blender 2.8) are swapped for the duration of the call and restored after."""
    from io_scene_fbx import export_fbx_bin as fbx, fbx_utils

    saved = {(fbx, name): getattr(fbx, name, None)
             for name in ("_gen_vid_path", "fbx_header_elements", "node_shader_utils",
                          "fbx_data_element_custom_properties", "fbx_data_from_scene")}
    saved.update({(fbx_utils, name): getattr(fbx_utils, name, None)
                  for name in ("_key_to_uuid", "_keys_to_uuids", "_uuids_to_keys")})
    original_path, original_header = saved[(fbx, "_gen_vid_path")], saved[(fbx, "fbx_header_elements")]
    original_uuid = saved[(fbx_utils, "_key_to_uuid")]
    original_props = saved[(fbx, "fbx_data_element_custom_properties")]
    shaders = saved[(fbx, "node_shader_utils")]
    original_data = saved[(fbx, "fbx_data_from_scene")]

    paths: dict[str, str] = {}  # the exporter asks once per texture use

    def vid_path(img, scene_data):
        if img.name not in paths:
            if img.name in maps.data:
                png, key = maps.data[img.name]
                paths[img.name] = store.path_for(img.name, png, key=key)
            else:
                stored = store.store_image(img, img.name)
                if stored is None:
                    return original_path(img, scene_data)
                paths[img.name] = stored
        return paths[img.name], paths[img.name]

    def header(root, scene_data, time=None):
        result = original_header(root, scene_data, time=created)
        _blank_native_file(root)
        return result

    def key_to_uuid(uuids, key):
        return original_uuid(uuids, key if isinstance(key, int) else _StableKey(key))

    def data_from_scene(scene, depsgraph, settings):
        scene_data = original_data(scene, depsgraph, settings)
        slot_order(scene_data, fbx.get_fbx_uuid_from_key)
        return scene_data

    def custom_properties(props, bid):
        return original_props(props, _JsonProperties(bid))

    class WithChannelMaps(shaders.PrincipledBSDFWrapper):
        roughness_texture = property(lambda self: maps.texture(self, "Roughness")
                                     or shaders.PrincipledBSDFWrapper.roughness_texture.fget(self))
        metallic_texture = property(lambda self: maps.texture(self, "Metallic")
                                    or shaders.PrincipledBSDFWrapper.metallic_texture.fget(self))

    class Shaders:  # node_shader_utils as the exporter sees it
        PrincipledBSDFWrapper = WithChannelMaps

        def __getattr__(self, name):
            return getattr(shaders, name)

    replacements = {(fbx, "_gen_vid_path"): vid_path, (fbx, "fbx_header_elements"): header,
                    (fbx, "node_shader_utils"): Shaders(),
                    (fbx, "fbx_data_element_custom_properties"): custom_properties,
                    (fbx, "fbx_data_from_scene"): data_from_scene,
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
