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

_USD_WRITTEN: dict[str, str] = {}  # source_key(image) -> digest of the file Blender's USD exporter wrote


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
    """Content-addressed names for the textures of one USD export (``usd.finish_stage`` asks
    ``path_for`` with each path Blender wrote), and work saved on exports into a folder that
    already holds the images: Blender skips a texture file that exists (it does not overwrite), so
    images stored there by an earlier export are linked under the name Blender would write
    (``prelink``) and are neither written nor hashed again."""

    def __init__(self, store: TextureStore, images: Iterable[bpy.types.Image]) -> None:
        self.store = store
        self.renamed: dict[str, str] = {}  # asset path as Blender wrote it -> ./textures/<name>-<hash>
        self.linked: dict[str, str] = {}  # file name -> the stored image it links to
        self.images: dict[str, bpy.types.Image] = {}  # file name -> image, where names are unique
        by_name: dict[str, set[int]] = {}
        for image in images:
            name = _usd_file_name(image)
            if name is not None:
                by_name.setdefault(name, set()).add(image.as_pointer())
                self.images[name] = image
        for name, pointers in by_name.items():
            if len(pointers) > 1:  # two images, one file name: Blender writes one of them
                del self.images[name]

    def prelink(self) -> None:
        folder = self.store.work / TEXTURE_DIR
        for name, image in sorted(self.images.items()):
            stored = self.store.known.get(_USD_WRITTEN.get(source_key(image), ""))
            if stored is None:
                continue
            folder.mkdir(exist_ok=True)
            try:
                os.link(self.store.folder / stored, folder / name)
            except OSError:  # another file system, or links not allowed: Blender writes it
                continue
            self.linked[name] = stored

    def path_for(self, asset_path: str) -> str | None:
        if asset_path not in self.renamed:
            name = os.path.basename(asset_path)
            source = self.store.work / asset_path
            if name in self.linked and os.path.dirname(os.path.normpath(asset_path)) == TEXTURE_DIR:
                relative = self.linked[name]
            elif source.is_file() and source.resolve().is_relative_to(self.store.work.resolve()):
                key = self.store.adopt(source, name)
                relative = self.store.known[key]
                if name in self.images:
                    _USD_WRITTEN[source_key(self.images[name])] = key
            else:
                return None
            self.renamed[asset_path] = "./" + relative
        return self.renamed[asset_path]

    def close(self) -> None:
        """Remove the links (the stored files stay)."""
        for name in self.linked:
            (self.store.work / TEXTURE_DIR / name).unlink(missing_ok=True)
        self.linked.clear()


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
            found += [n.image for n in mat.node_tree.nodes if n.type == "TEX_IMAGE" and n.image is not None]
    return found
