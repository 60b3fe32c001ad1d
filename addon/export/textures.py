"""Texture files of an export: loose and content-addressed.

Loose textures go to ``textures/<name>-<sha256[:10]>.png`` beside the exported file: a name
always means the same bytes, so two exports into one folder never change each other's files (a
file already there is the same image, stored once), and a per-asset batch stores a shared image
once. FBX files reference them by that relative path instead of embedding a copy per file
(``fbx.py``); USD textures get those names as the stage is finished (``UsdTextures``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

import bpy

from ..core import naming

TEXTURE_DIR = "textures"
HASH_CHARS = 10
_DIGESTS: dict[str, str] = {}  # source_key(image) -> digest of its bytes


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


class TextureStore:
    """Where an export's loose textures go: ``textures/<name>-<hash>.png`` in ``work`` (moved to
    ``folder`` by ``publish``). An image whose bytes are already stored, by this export or by an
    earlier one in ``folder``, is referenced where it is, whatever its name: each image once."""

    def __init__(self, work: Path, folder: Path) -> None:
        self.work, self.folder = work, folder
        self.known: dict[str, str] = {}  # hash -> relative path
        existing = folder / TEXTURE_DIR
        if existing.is_dir():
            for item in sorted(existing.iterdir()):
                stem = item.stem
                if item.is_file() and "-" in stem:
                    self.known.setdefault(stem.rsplit("-", 1)[1], f"{TEXTURE_DIR}/{item.name}")

    def path_for(self, name: str, data: bytes, suffix: str = ".png", *, key: str | None = None) -> str:
        """``key``: ``digest(data)`` when the caller has it already."""
        key = key or digest(data)
        if key not in self.known:
            stem = naming.file_stem(os.path.splitext(name)[0])
            relative = f"{TEXTURE_DIR}/{stem}-{key}{suffix}"
            path = self.work / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.known[key] = relative
        return self.known[key]

    def adopt(self, source: Path, name: str) -> str:
        """``path_for`` for a file an exporter wrote into ``work``: moved to its content-addressed
        name (not written again), or removed when those bytes are stored already. Returns the
        digest (``known`` has the path)."""
        data = source.read_bytes()
        key = digest(data)
        if key in self.known:
            source.unlink()
        else:
            stem, suffix = os.path.splitext(name)
            relative = f"{TEXTURE_DIR}/{naming.file_stem(stem)}-{key}{suffix or '.png'}"
            (self.work / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, self.work / relative)
            self.known[key] = relative
        return key

    def store_image(self, image: bpy.types.Image, name: str) -> str | None:
        """``path_for`` for an image's own bytes (``image_bytes``), None when it has none. Each
        image's digest is computed once per session (``source_key``), so an export into a folder
        that holds the image already neither reads nor hashes it."""
        key = _DIGESTS.get(source_key(image))
        if key not in self.known:
            data = image_bytes(image)
            if data is None:
                return None
            key = _DIGESTS[source_key(image)] = digest(data)
            self.path_for(name, data, key=key)
        return self.known[key]


def publish(work: Path, folder: Path) -> None:
    """Move the textures written into ``work`` to ``folder``; files already there are the same
    images (content-addressed names) and stay untouched."""
    source = work / TEXTURE_DIR
    if not source.is_dir():
        return
    target = folder / TEXTURE_DIR
    target.mkdir(exist_ok=True)
    for item in sorted(source.iterdir()):
        if not (target / item.name).exists():
            os.replace(item, target / item.name)


def image_bytes(image: bpy.types.Image) -> bytes | None:
    """The PNG bytes an image was made from (packed, or its file), None when it has none."""
    data = None
    if image.packed_file is not None:
        data = bytes(image.packed_file.data)
    elif image.source == "FILE":
        path = bpy.path.abspath(image.filepath_raw)
        if os.path.isfile(path):
            data = Path(path).read_bytes()
    return data if data and data.startswith(b"\x89PNG") else None


def source_key(image: bpy.types.Image) -> str:
    """What an image's pixels come from (name, packed size, file, unsaved edits): a key for
    caches of things derived from its bytes, so re-exports do not hash every image again."""
    packed = image.packed_file.size if image.packed_file is not None else -1
    return f"{image.name}|{packed}|{image.filepath_raw}|{int(image.is_dirty)}"


# ---- USD -----------------------------------------------------------------------------------------



def _usd_file_name(image: bpy.types.Image) -> str | None:
    """The name Blender's USD exporter gives an image's file in ``textures/``: a packed image's
    original file name, else its name with the format's extension; a file's own name."""
    if image.packed_file is not None:
        packed = image.packed_files[0].filepath if len(image.packed_files) else ""
        if packed:
            return os.path.basename(bpy.path.abspath(packed))
        return image.name if os.path.splitext(image.name)[1] else f"{image.name}.png"
    if image.source == "FILE" and image.filepath_raw:
        return os.path.basename(bpy.path.abspath(image.filepath_raw))
    return None


class UsdTextures:
    """Content-addressed names for the textures of one USD export: ``usd.finish_stage`` asks
    ``path_for`` with each texture path Blender's exporter wrote.

    Where every image of the export has bytes here (packed or a PNG file) and a file name no other
    image shares, Blender is asked not to write textures (``keep``: it then names a packed image
    ``./textures/<name>.png`` without writing it) and the images are stored from their bytes,
    each digest computed once per image in a session, so a re-export into a folder that has them
    writes and hashes nothing. Otherwise Blender writes them and each file is hashed and moved to
    its content-addressed name."""

    def __init__(self, store: TextureStore, images: Iterable[bpy.types.Image]) -> None:
        self.store = store
        self.renamed: dict[str, str] = {}  # asset path as Blender wrote it -> ./textures/<name>-<hash>
        self.images: dict[str, bpy.types.Image] = {}  # file name -> image
        clashes = False
        for image in {i.as_pointer(): i for i in images}.values():
            name = _usd_file_name(image)
            clashes |= name is None or name in self.images or not _has_png(image)
            if name is not None:
                self.images[name] = image
        self.keep = not clashes

    def path_for(self, asset_path: str) -> str | None:
        if asset_path not in self.renamed:
            name = os.path.basename(asset_path)
            source = self.store.work / asset_path
            written = source.is_file() and source.resolve().is_relative_to(self.store.work.resolve())
            image = (self.images.get(name) or _image_named(name)) if self.keep else None
            relative = self.store.store_image(image, name) if image is not None else None
            if relative is not None:
                if written:
                    source.unlink()  # written all the same (Blender 4.2 has no "keep")
            elif written:
                relative = self.store.known[self.store.adopt(source, name)]
            else:
                return None
            self.renamed[asset_path] = "./" + relative
        return self.renamed[asset_path]


def _image_named(name: str) -> bpy.types.Image | None:
    """The one image Blender's USD exporter would give the file name ``name`` (one the export's
    list missed, e.g. inside a node group), or None when there is none or more than one."""
    found = [i for i in bpy.data.images if _usd_file_name(i) == name]
    return found[0] if len(found) == 1 else None


def _has_png(image: bpy.types.Image) -> bool:
    """``image_bytes`` will find PNG bytes (checked without reading them all)."""
    if image.packed_file is not None:
        return image.packed_file.size > 8 and image.file_format == "PNG"
    path = bpy.path.abspath(image.filepath_raw) if image.source == "FILE" else ""
    return bool(path) and path.lower().endswith(".png") and os.path.isfile(path)


def material_images(mat: bpy.types.Material) -> list[bpy.types.Image]:
    """The images of a material's top-level image nodes."""
    return [n.image for n in mat.node_tree.nodes if n.type == "TEX_IMAGE" and n.image is not None]


def stage_images(objects: Iterable[bpy.types.Object]) -> list[bpy.types.Image]:
    """The images the objects' materials use (top-level image nodes)."""
    found = []
    seen: set[int] = set()
    for obj in objects:
        for slot in obj.material_slots:
            mat = slot.material
            if mat is None or mat.node_tree is None or mat.as_pointer() in seen:
                continue
            seen.add(mat.as_pointer())
            found += material_images(mat)
    return found
