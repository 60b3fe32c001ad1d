"""Material node trees in the shape Blender's glTF importer builds and its exporter reads back.

Principled BSDF fed by image textures: base colour (optionally through a MULTIPLY "Color Factor"
mix), normal through a Normal Map node, ORM through Separate Color (G roughness, B metallic, each
optionally through a MULTIPLY math "Factor" node) and R to the "glTF Material Output" group's
Occlusion input, emission into Emission Color. The exporter turns exactly these shapes into
glTF textures and factors; an ORM image whose channels stay where they are is written back as its
packed bytes (no repacking), so quick edits change factors, never pixels.
"""

from __future__ import annotations

from typing import Iterable

import bpy

from ..core.materials import CHANNELS, encode_channels, multiply, scaled_factor
from ..core.errors import InvalidInput

GLTF_GROUP = "glTF Material Output"
GLTF_GROUP_NAMES = {"gltf material output", "gltf settings"}  # the exporter accepts both
DATA_CHANNELS = {"normal", "orm"}  # non-colour images


# ---- reading ---------------------------------------------------------------------------------

def principled(mat: bpy.types.Material) -> bpy.types.Node | None:
    if mat is None or mat.node_tree is None:
        return None
    return next((n for n in mat.node_tree.nodes if n.type == "BSDF_PRINCIPLED"), None)


def settings_node(mat: bpy.types.Material) -> bpy.types.Node | None:
    if mat.node_tree is None:
        return None
    return next((n for n in mat.node_tree.nodes if n.type == "GROUP" and n.node_tree is not None
                 and n.node_tree.name.lower() in GLTF_GROUP_NAMES), None)


def _from(socket: bpy.types.NodeSocket | None) -> bpy.types.Node | None:
    if socket is None or not socket.is_linked:
        return None
    return socket.links[0].from_node


def _is_colour_factor(node: bpy.types.Node | None) -> bool:
    return node is not None and node.type == "MIX" and node.data_type == "RGBA" and node.blend_type == "MULTIPLY"


def _is_scalar_factor(node: bpy.types.Node | None) -> bool:
    return node is not None and node.type == "MATH" and node.operation == "MULTIPLY"


def _through_colour_factor(socket) -> bpy.types.Node | None:
    node = _from(socket)
    if _is_colour_factor(node):
        node = _from(node.inputs[6])
    return node if node is not None and node.type == "TEX_IMAGE" else None


def _through_separate(socket) -> bpy.types.Node | None:
    node = _from(socket)
    if _is_scalar_factor(node):
        node = _from(node.inputs[0])
    if node is None or node.type != "SEPARATE_COLOR":
        return None
    node = _from(node.inputs[0])
    return node if node is not None and node.type == "TEX_IMAGE" else None


def channel_nodes(mat: bpy.types.Material) -> dict[str, list[bpy.types.Node]]:
    """Image texture nodes per channel; ORM may be two nodes (the importer gives occlusion and
    metallic-roughness a node each, both on the same image)."""
    out: dict[str, list[bpy.types.Node]] = {c: [] for c in CHANNELS}
    bsdf = principled(mat)
    if bsdf is None:
        return out
    base = _through_colour_factor(bsdf.inputs["Base Color"])
    if base is not None:
        out["base_color"].append(base)
    normal_map = _from(bsdf.inputs["Normal"])
    if normal_map is not None and normal_map.type == "NORMAL_MAP":
        tex = _from(normal_map.inputs["Color"])
        if tex is not None and tex.type == "TEX_IMAGE":
            out["normal"].append(tex)
    group = settings_node(mat)
    orm_sockets = [bsdf.inputs["Roughness"], bsdf.inputs["Metallic"]]
    if group is not None and "Occlusion" in group.inputs:
        orm_sockets.append(group.inputs["Occlusion"])
    for socket in orm_sockets:
        tex = _through_separate(socket)
        if tex is not None and tex not in out["orm"]:
            out["orm"].append(tex)
    emission = _through_colour_factor(bsdf.inputs["Emission Color"])
    if emission is not None:
        out["emission"].append(emission)
    return out


def channel_images(mat: bpy.types.Material) -> dict[str, bpy.types.Image]:
    return {c: nodes[0].image for c, nodes in channel_nodes(mat).items() if nodes and nodes[0].image}


def channels_json(mat: bpy.types.Material) -> str:
    return encode_channels({c: img.name for c, img in channel_images(mat).items()})


# ---- building ---------------------------------------------------------------------------------

def gltf_group() -> bpy.types.NodeTree:
    """The importer's "glTF Material Output" group (reused by name so exports find it)."""
    group = bpy.data.node_groups.get(GLTF_GROUP)
    if group is None:
        group = bpy.data.node_groups.new(GLTF_GROUP, "ShaderNodeTree")
        group.interface.new_socket("Occlusion", in_out="INPUT", socket_type="NodeSocketFloat")
        thickness = group.interface.new_socket("Thickness", in_out="INPUT", socket_type="NodeSocketFloat")
        thickness.default_value = 0.0
        group.nodes.new("NodeGroupOutput")
        group.nodes.new("NodeGroupInput").location = (-200, 0)
    return group


def _image_node(mat: bpy.types.Material, image: bpy.types.Image, label: str, loc: tuple[int, int]):
    node = mat.node_tree.nodes.new("ShaderNodeTexImage")
    node.image = image
    node.label = label
    node.location = loc
    return node


def wire_channel(mat: bpy.types.Material, channel: str, image: bpy.types.Image) -> None:
    """Point ``channel`` at ``image``: existing image nodes get the new image (factor nodes stay);
    a missing channel is wired the way the glTF importer wires it."""
    nodes = channel_nodes(mat)[channel]
    if channel in DATA_CHANNELS:
        image.colorspace_settings.is_data = True
    if nodes:
        for node in nodes:
            node.image = image
        return
    bsdf = principled(mat)
    if bsdf is None:
        raise InvalidInput(f"material {mat.name!r} has no Principled BSDF; it cannot take a {channel} image")
    links = mat.node_tree.links
    x, y = bsdf.location
    if channel == "base_color":
        links.new(bsdf.inputs["Base Color"], _image_node(mat, image, "BASE COLOR", (x - 500, y)).outputs["Color"])
    elif channel == "emission":
        node = _image_node(mat, image, "EMISSIVE", (x - 500, y + 300))
        links.new(bsdf.inputs["Emission Color"], node.outputs["Color"])
        if bsdf.inputs["Emission Strength"].default_value == 0.0:
            bsdf.inputs["Emission Strength"].default_value = 1.0
    elif channel == "normal":
        normal_map = mat.node_tree.nodes.new("ShaderNodeNormalMap")
        normal_map.location = (x - 200, y - 600)
        links.new(bsdf.inputs["Normal"], normal_map.outputs["Normal"])
        links.new(normal_map.inputs["Color"], _image_node(mat, image, "NORMALMAP", (x - 500, y - 600)).outputs["Color"])
    else:
        _wire_orm(mat, bsdf, image)


def _wire_orm(mat: bpy.types.Material, bsdf: bpy.types.Node, image: bpy.types.Image) -> None:
    tree, links = mat.node_tree, mat.node_tree.links
    x, y = bsdf.location
    split = tree.nodes.new("ShaderNodeSeparateColor")
    split.location = (x - 200, y - 300)
    links.new(split.inputs[0], _image_node(mat, image, "METALLIC ROUGHNESS", (x - 500, y - 300)).outputs["Color"])
    for socket, channel in (("Roughness", "Green"), ("Metallic", "Blue")):
        factor = _from(bsdf.inputs[socket])
        target = factor.inputs[0] if _is_scalar_factor(factor) else bsdf.inputs[socket]
        links.new(target, split.outputs[channel])
    group = settings_node(mat)
    if group is None:
        group = tree.nodes.new("ShaderNodeGroup")
        group.node_tree = gltf_group()
        group.location = (x + 40, y - 370)
    links.new(group.inputs["Occlusion"], split.outputs["Red"])  # one ORM node: see share_orm_node


def share_orm_node(mat: bpy.types.Material) -> bool:
    """Make occlusion read the ORM image through the same image and Separate Color nodes as
    roughness and metallic (Blender's importer gives it a second pair on the same image).

    Nothing was lost either way: the glTF exporter writes one packed ORM texture for both
    ``metallicRoughnessTexture`` and ``occlusionTexture``. Its "More than one shader node tex
    image used for a texture" warning counts sockets, not nodes (``len(sockets) > 1`` in its
    ``__gather_sampler``), so it fires for every material whose roughness and metallic come from
    one image, however it is wired; with one node the sampler it takes is the only one there is.
    Returns whether anything changed."""
    bsdf, group = principled(mat), settings_node(mat)
    if bsdf is None or group is None or "Occlusion" not in group.inputs:
        return False
    main = next((_from(bsdf.inputs[s]) for s in ("Roughness", "Metallic")
                 if _through_separate(bsdf.inputs[s]) is not None), None)
    if main is not None and _is_scalar_factor(main):
        main = _from(main.inputs[0])
    other = _from(group.inputs["Occlusion"])
    if main is None or other is None or other == main or other.type != "SEPARATE_COLOR":
        return False
    tex, main_tex = _from(other.inputs[0]), _from(main.inputs[0])
    if tex is None or main_tex is None or tex.type != "TEX_IMAGE" or tex.image != main_tex.image:
        return False
    tree = mat.node_tree
    tree.links.new(group.inputs["Occlusion"], main.outputs["Red"])
    if not any(output.is_linked for output in other.outputs):
        tree.nodes.remove(other)
    if not any(output.is_linked for output in tex.outputs):
        tree.nodes.remove(tex)
    return True


def build_material(name: str, images: dict[str, bpy.types.Image], *, emission_strength: float = 0.0
                   ) -> bpy.types.Material:
    """A new material wired like an imported glTF PBR material from channel images."""
    mat = bpy.data.materials.new(name)
    if bpy.app.version < (5, 0, 0):  # node trees are always on from 5.0 (use_nodes deprecated)
        mat.use_nodes = True
    tree = mat.node_tree
    for node in list(tree.nodes):
        if node.type != "OUTPUT_MATERIAL":
            tree.nodes.remove(node)
    out = next((n for n in tree.nodes if n.type == "OUTPUT_MATERIAL"), None)
    out = out or tree.nodes.new("ShaderNodeOutputMaterial")
    bsdf = tree.nodes.new("ShaderNodeBsdfPrincipled")
    bsdf.location, out.location = (10, 300), (300, 300)
    tree.links.new(out.inputs["Surface"], bsdf.outputs["BSDF"])
    for channel in CHANNELS:
        if channel in images:
            wire_channel(mat, channel, images[channel])
    if emission_strength:
        bsdf.inputs["Emission Strength"].default_value = emission_strength
        if "emission" not in images:
            bsdf.inputs["Emission Color"].default_value = (1.0, 1.0, 1.0, 1.0)
    return mat


# ---- quick edits ----------------------------------------------------------------------------

def _colour_factor(mat: bpy.types.Material, socket: bpy.types.NodeSocket) -> bpy.types.NodeSocket:
    """The socket holding ``socket``'s colour factor: the B input of a MULTIPLY mix in front of
    its texture (added, like the importer's "Color Factor", when missing), or ``socket`` itself
    when no texture feeds it."""
    node = _from(socket)
    if node is None:
        return socket
    if not _is_colour_factor(node):
        mix = mat.node_tree.nodes.new("ShaderNodeMix")
        mix.data_type, mix.blend_type, mix.label = "RGBA", "MULTIPLY", "Color Factor"
        mix.location = (node.location.x + 150, node.location.y)
        mix.inputs["Factor"].default_value = 1.0
        mix.inputs[7].default_value = (1.0, 1.0, 1.0, 1.0)
        mat.node_tree.links.new(mix.inputs[6], socket.links[0].from_socket)
        mat.node_tree.links.new(socket, mix.outputs[2])
        node = mix
    return node.inputs[7]


def tint(mat: bpy.types.Material, rgba: Iterable[float]) -> None:
    """Multiply the base colour factor by ``rgba`` (RGB; alpha is left alone)."""
    socket = _colour_factor(mat, principled(mat).inputs["Base Color"])
    current = tuple(socket.default_value)
    socket.default_value = multiply(current[:3], tuple(rgba)[:3]) + current[3:]


def scale_scalar(mat: bpy.types.Material, input_name: str, scale: float) -> float:
    """Scale the Roughness or Metallic factor (a MULTIPLY math node after Separate Color, added
    when missing); returns the new factor, clamped to 0..1 as glTF requires."""
    bsdf = principled(mat)
    socket = bsdf.inputs[input_name]
    node = _from(socket)
    if node is None:
        socket.default_value = scaled_factor(socket.default_value, scale)
        return socket.default_value
    if not _is_scalar_factor(node):
        math = mat.node_tree.nodes.new("ShaderNodeMath")
        math.operation, math.label = "MULTIPLY", f"{input_name} Factor"
        math.location = (bsdf.location.x - 140, node.location.y)
        math.inputs[1].default_value = 1.0
        mat.node_tree.links.new(math.inputs[0], socket.links[0].from_socket)
        mat.node_tree.links.new(socket, math.outputs[0])
        node = math
    node.inputs[1].default_value = scaled_factor(node.inputs[1].default_value, scale)
    return node.inputs[1].default_value


def set_emission(mat: bpy.types.Material, rgba=None, strength: float | None = None) -> None:
    """Set the emission colour (the factor in front of an emissive texture, when there is one)
    and strength."""
    bsdf = principled(mat)
    if rgba is not None:
        _colour_factor(mat, bsdf.inputs["Emission Color"]).default_value = tuple(rgba)
    if strength is not None:
        bsdf.inputs["Emission Strength"].default_value = strength


def emission(mat: bpy.types.Material) -> tuple[tuple[float, ...], float]:
    """The emission colour factor and strength, for tests and the panel."""
    bsdf = principled(mat)
    socket = bsdf.inputs["Emission Color"]
    node = _from(socket)
    colour = node.inputs[7].default_value if _is_colour_factor(node) else socket.default_value
    return tuple(colour), float(bsdf.inputs["Emission Strength"].default_value)
