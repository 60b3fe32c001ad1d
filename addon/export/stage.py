"""The export stage: a throwaway scene holding copies of a version's objects, prepared for one
preset (engine names, baked scale, base pivots, LOD groups, collision names, sockets, provenance).

Why copies in a scene of their own: exporters export "the scene", and the user's scene must not
change — no selection, visibility or name left different. Object copies share mesh data and
materials, so repeated assets stay one mesh in the file. Names engines see must be exact ("Well",
not "Well.001"), so originals holding a wanted name are renamed for the export and named back.
"""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

import bpy
import numpy as np
from mathutils import Matrix, Vector

from ..core import naming
from ..core.presets import FBX, Preset
from ..scene import store
from ..scene.store import ASSET_ROLES
from ..scene.assets import asset_id_of, world_matrix
from . import gameprep

FBX_AXES = ("-Z", "Y")  # forward, up: what every FBX preset writes (exporters.fbx uses it too)
ROLE_ORDER = {"asset": 0, "proxy": 0, "part": 1, "camera": 2, "light": 2, "lod": 3, "collision": 4}


def provenance(version: store.Version, asset_ids: Sequence[str], preset: Preset) -> dict:
    """What travels with every exported file (glTF scene extras, USD customData, FBX props)."""
    data = version.data
    spec = data.get("spec") or {}
    return {
        "schema": 1, "version_id": version.id, "version_number": version.number,
        "branch": version.branch, "world_id": version.world_id, "review_state": version.review_state,
        "spec": spec if isinstance(spec, dict) else {}, "seed": int(data.get("seed", 0)),
        "generator": str(data.get("generator", "")), "generator_version": str(data.get("generator_version", "")),
        "theme": str((spec or {}).get("theme") or ""), "asset_ids": sorted(asset_ids), "preset": preset.name,
    }


def _included(obj: bpy.types.Object, preset: Preset) -> bool:
    role = obj.get("role")
    if role in ("asset", "proxy", "part"):
        return True
    if role == "camera":
        return preset.include_cameras
    if role == "light":
        return preset.include_lights
    if role == "lod":
        return preset.lod_naming
    if role == "collision":
        return bool(preset.collision_style)
    return False


class ExportStage:
    """Context manager: ``with ExportStage(...) as stage: export with stage.scene``."""

    def __init__(self, version: store.Version, preset: Preset, asset_ids: Sequence[str], *,
                 at_origin: bool = False, source_scene: bpy.types.Scene | None = None):
        self.version, self.preset, self.asset_ids = version, preset, list(asset_ids)
        self.at_origin = at_origin
        self.source_scene = source_scene or bpy.context.scene
        self.scene: bpy.types.Scene | None = None
        self.copies: dict[str, bpy.types.Object] = {}  # original name -> copy
        self.made_objects: list[bpy.types.Object] = []
        self.made_meshes: list[bpy.types.Mesh] = []
        self.renamed: list[tuple[bpy.types.ID, str]] = []  # objects and meshes, named back on close
        self.export_names: dict[str, str] = {}  # original name -> exported name
        self.placed: dict[int, Matrix] = {}  # copy pointer -> its world matrix in the file
        self._mesh_cache: dict[tuple, bpy.types.Mesh] = {}
        self._bases: dict[str, Vector] = {}  # asset root key -> its pivot (base centre), scaled mesh space

    # -- lifecycle --
    def __enter__(self) -> ExportStage:
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        # One batch: removing IDs one by one scans the whole file for users of each.
        gone = [o for o in self.made_objects if bpy.data.objects.get(o.name) == o]
        uses: dict[int, int] = {}  # mesh pointer -> users among the copies
        for obj in gone:
            if obj.data is not None:
                uses[obj.data.as_pointer()] = uses.get(obj.data.as_pointer(), 0) + 1
        # A mesh made here goes with the copies, unless something else took it meanwhile.
        gone += [m for m in self.made_meshes if bpy.data.meshes.get(m.name) == m
                 and m.users == uses.get(m.as_pointer(), 0)]
        bpy.data.batch_remove(gone)
        self.made_objects.clear()
        self.made_meshes.clear()
        if self.scene is not None:  # on its own: a scene in batch_remove left no context scene
            bpy.data.scenes.remove(self.scene)
            self.scene = None
        for obj, old in reversed(self.renamed):  # names are free again: the copies are gone
            obj.name = old
        self.renamed.clear()

    # -- building --
    def _originals(self) -> list[bpy.types.Object]:
        wanted = set(self.asset_ids)
        objs = [o for o in self.version.collection.all_objects
                if _included(o, self.preset) and (o.get("role") in ("camera", "light") and not self.at_origin
                                                  or asset_id_of(o) in wanted)]
        if len(wanted) < len(self.version.assets()):  # a selection: cameras and lights stay home
            objs = [o for o in objs if o.get("role") not in ("camera", "light")]
        names = {o.name for o in objs}
        # A child whose parent is left out would float free: keep only complete chains.
        objs = [o for o in objs if o.parent is None or o.parent.name in names]
        return sorted(objs, key=lambda o: (ROLE_ORDER.get(o.get("role"), 9), o.name))

    def _build(self) -> None:
        self.scene = bpy.data.scenes.new("worldsmith export")
        units, source_units = self.scene.unit_settings, self.source_scene.unit_settings
        units.system, units.scale_length = source_units.system, source_units.scale_length
        units.length_unit = source_units.length_unit
        originals = self._originals()
        # Keys are the names before any renaming: originals holding wanted names get renamed.
        self.keys = {o.as_pointer(): o.name for o in originals}
        # Relative to the world's origin (generate.placement): the same file wherever it sits.
        origin = Matrix.Translation([-v for v in store.world_origin(self.version.world_collection)])
        worlds = {o.name: origin @ world_matrix(o) for o in originals}
        for o in originals:
            c = o.copy()
            c.parent = None
            c.hide_viewport = c.hide_render = False
            self.scene.collection.objects.link(c)
            self.copies[o.name] = c
            self.made_objects.append(c)
        by_key = {self.key(o): o for o in originals}
        new_worlds = {name: self._prepared_world(self.copies[name], m, by_key[name]) for name, m in worlds.items()}
        if self.at_origin:
            root = next((o for o in originals if o.get("role") in ASSET_ROLES), None)
            if root is not None:
                shift = Matrix.Translation(-new_worlds[root.name].to_translation())
                new_worlds = {k: shift @ m for k, m in new_worlds.items()}
        for o in originals:
            parent = self.key(o.parent) if o.parent is not None else None
            self._place(self.copies[o.name], self.copies.get(parent), new_worlds[o.name],
                        new_worlds.get(parent))
        self._name_copies(originals)
        if self.preset.lod_naming:
            self._group_lods(originals, new_worlds)
        if self.preset.sockets:
            self._add_sockets(originals, worlds, new_worlds)
        self._carry_provenance(originals)
        if self.preset.fbx_bake_space_transform:
            self._bake_axes()
        self._name_meshes()

    def _name_meshes(self) -> None:
        """Each mesh takes the export name of the first object using it: files carry mesh names,
        and Blender's ``.NNN`` suffixes depend on the file's history, so the same version would
        not give the same bytes. Originals are renamed back in ``close``, like objects."""
        first: dict[int, tuple[bpy.types.Mesh, str]] = {}
        for c in sorted(self.scene.collection.objects, key=lambda o: o.name):
            if c.type == "MESH":
                first.setdefault(c.data.as_pointer(), (c.data, c.name))
        made = {m.as_pointer() for m in self.made_meshes}
        for mesh, name in first.values():
            holder = bpy.data.meshes.get(name)
            if holder is not None and holder != mesh:
                self.renamed.append((holder, holder.name))
                holder.name = f"{name[:40]}~worldsmith-export"
            if mesh.as_pointer() not in made:
                self.renamed.append((mesh, mesh.name))
            mesh.name = name

    def _bake_axes(self) -> None:
        """Unity's convention: Y up with no -90 degree roots, the axis change baked into the
        geometry. Blender's own ``bake_space_transform`` misplaces children of empties (every part
        under an LOD group), so the stage bakes it: with A the Blender -> FBX axis change, which
        the exporter multiplies onto root objects, each mesh becomes A @ mesh, each child's local
        matrix A @ L @ A^-1 and each root's L @ A^-1 (written as A @ L @ A^-1)."""
        from bpy_extras.io_utils import axis_conversion

        a = axis_conversion(to_forward=FBX_AXES[0], to_up=FBX_AXES[1]).to_4x4()
        inverse = a.inverted()
        for c in sorted(self.scene.collection.objects, key=lambda o: o.name):
            c.matrix_basis = (a @ c.matrix_basis @ inverse) if c.parent is not None else c.matrix_basis @ inverse
            if c.type == "MESH":
                self._mesh_variant(c, ("axes",), a, self._mesh_cache)

    def key(self, o: bpy.types.Object) -> str:
        return self.keys[o.as_pointer()]

    def _mesh_variant(self, c: bpy.types.Object, key: tuple, matrix: Matrix, cache: dict) -> None:
        """Give ``c`` a copy of its mesh transformed by ``matrix``; copies with the same source and
        key share the result, so four stalls with the same scale still export one mesh."""
        cache_key = (c.data.name,) + key
        mesh = cache.get(cache_key)
        if mesh is None:
            mesh = c.data.copy()
            # A name from the source and the change, not Blender's next free ".NNN": files carry
            # mesh names, and the same version must give the same bytes in any session.
            tag = hashlib.sha1(repr(cache_key).encode()).hexdigest()[:8]
            mesh.name = f"{naming.base_name(c.data.name)[:48]}~{tag}"
            mesh.transform(matrix)
            self.made_meshes.append(mesh)
            cache[cache_key] = mesh
        c.data = mesh

    def _pivot(self, c: bpy.types.Object, original: bpy.types.Object) -> Vector | None:
        """The base centre an asset root's origin moves to; its LOD levels share it (engines swap
        levels in place, so every level must have LOD0's origin)."""
        role = original.get("role")
        if not self.preset.pivot_to_base or c.type != "MESH":
            return None
        if role == "lod":
            return self._bases.get(original.get("source", ""))
        if role not in ASSET_ROLES or not c.data.vertices:
            return None
        co = np.empty(len(c.data.vertices) * 3, dtype=np.float64)
        c.data.vertices.foreach_get("co", co)
        co = co.reshape(-1, 3)
        lo, hi = co.min(0), co.max(0)
        self._bases[self.key(original)] = Vector(((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2]))
        return self._bases[self.key(original)]

    def _prepared_world(self, c: bpy.types.Object, world: Matrix, original: bpy.types.Object) -> Matrix:
        cache = self._mesh_cache
        loc, rot, scale = world.decompose()
        new = world
        if self.preset.apply_scale:
            new = Matrix.Translation(loc) @ rot.to_matrix().to_4x4()
            if c.type == "MESH" and any(abs(s - 1.0) > 1e-6 for s in scale):
                key = ("scale",) + tuple(round(s, 6) for s in scale)
                self._mesh_variant(c, key, Matrix.Diagonal(scale).to_4x4(), cache)
        base = self._pivot(c, original)
        if base is not None:
            if base.length > 1e-6:
                key = ("pivot",) + tuple(round(b, 6) for b in base)
                self._mesh_variant(c, key, Matrix.Translation(-base), cache)
                new = new @ Matrix.Translation(base)
        return new

    def _place(self, c: bpy.types.Object, parent: bpy.types.Object | None, world: Matrix,
               parent_world: Matrix | None) -> None:
        # Identity parent-inverse keeps the file's transforms readable: local = parent^-1 @ world.
        self.placed[c.as_pointer()] = world
        c.parent = parent
        c.matrix_parent_inverse = Matrix.Identity(4)
        c.matrix_basis = parent_world.inverted() @ world if parent is not None else world

    def _wanted_name(self, o: bpy.types.Object, taken: naming.Taken) -> str:
        base = naming.base_name(o.name)
        role = o.get("role")
        source = self.export_names.get(o.get("source", ""), "")
        if role == "lod" and source:
            base = naming.lod_name(source, int(o.get("lod_level", 1)))
        elif role == "collision" and source:
            if self.preset.collision_style == "ucx":
                index = 0
                while taken.has(naming.collision_name(source, index)):
                    index += 1
                base = naming.collision_name(source, index)
            else:
                base = f"{source}-convcolonly"
        elif o.parent is not None and o.parent.as_pointer() in self.keys and role not in ("lod", "collision"):
            parent = self.export_names[self.key(o.parent)]
            base = f"{parent}{'_' if self.preset.engine_names else ' '}" + naming.child_label(
                o.name, o.parent.name, str(o.get("part", "")))
            if self.preset.engine_names:
                base = naming.engine_name(base)
        elif self.preset.engine_names:
            base = naming.engine_name(base)
        return naming.unique(base, taken)

    def _name_copies(self, originals: Sequence[bpy.types.Object]) -> None:
        taken = naming.Taken()
        for o in originals:
            self.export_names[self.key(o)] = self._wanted_name(o, taken)
        for o in originals:
            self._rename(self.copies[self.key(o)], self.export_names[self.key(o)])

    def _rename(self, c: bpy.types.Object, name: str) -> None:
        holder = bpy.data.objects.get(name)
        if holder is not None and holder != c:
            old = holder.name
            holder.name = f"{name[:40]}~worldsmith-export"
            self.renamed.append((holder, old))
        c.name = name

    def _group_lods(self, originals: Sequence[bpy.types.Object], worlds: dict[str, Matrix]) -> None:
        """Unity's LOD Group (and Unreal's LOD import) want the levels as siblings named
        <name>_LOD0.._LODn under one parent named <name>: insert that parent as an empty."""
        lods: dict[str, list[bpy.types.Object]] = {}
        for o in originals:
            if o.get("role") == "lod" and o.get("source") in self.copies:
                lods.setdefault(o["source"], []).append(o)
        groups: dict[int, bpy.types.Object] = {}  # LOD0 copy pointer -> its group
        for source, levels in lods.items():  # roots first (originals are sorted by role)
            mesh_copy, name = self.copies[source], self.export_names[source]
            group = bpy.data.objects.new(f"{name} group", None)
            self.scene.collection.objects.link(group)
            self.made_objects.append(group)
            for key in mesh_copy.keys():  # the node named for the asset carries what the asset does
                group[key] = mesh_copy[key]
            if self.preset.format == FBX:
                group["fbx_type"] = "LodGroup"  # Blender's FBX exporter writes an FbxLODGroup node
            parent = mesh_copy.parent
            parent = groups.get(parent.as_pointer(), parent) if parent is not None else None
            groups[mesh_copy.as_pointer()] = group
            self._place(group, parent, worlds[source], self.placed.get(parent.as_pointer()) if parent else None)
            self._place(mesh_copy, group, worlds[source], worlds[source])
            for lod in levels:
                self._place(self.copies[self.key(lod)], group, worlds[self.key(lod)], worlds[source])
                gameprep.match_slots(self.copies[self.key(lod)], self.copies[source])
            self._rename(mesh_copy, naming.lod_name(name, 0))
            self._rename(group, name)

    def _add_sockets(self, originals, worlds: dict[str, Matrix], new_worlds: dict[str, Matrix]) -> None:
        for o in originals:
            if o.get("role") not in ASSET_ROLES:
                continue
            copy = self.copies[self.key(o)]
            to_new = new_worlds[self.key(o)].inverted() @ worlds[self.key(o)]  # old local -> new local
            for label, point in gameprep.attach_points(o):
                socket = bpy.data.objects.new(naming.socket_name(label), None)
                socket.empty_display_type = "ARROWS"
                socket.empty_display_size = 0.1
                socket["role"] = "socket"
                socket["asset_id"] = asset_id_of(o)
                self.scene.collection.objects.link(socket)
                self.made_objects.append(socket)
                socket.parent = copy
                socket.matrix_parent_inverse = Matrix.Identity(4)
                socket.location = to_new @ point
                taken = {obj.name for obj in self.made_objects if obj is not socket}
                self._rename(socket, naming.unique(naming.socket_name(label), taken))

    def _carry_provenance(self, originals: Sequence[bpy.types.Object]) -> None:
        record = provenance(self.version, self.asset_ids, self.preset)
        try:  # glTF writes the scene's custom properties as scenes[0].extras
            self.scene["worldsmith"] = record
        except (TypeError, ValueError):
            self.scene["worldsmith"] = json.dumps(record, sort_keys=True)
        # FBX and USD have no scene-level properties Blender writes: asset roots carry them.
        spec = json.dumps(record["spec"], sort_keys=True)
        for o in originals:
            if o.get("role") not in ASSET_ROLES:
                continue
            c = self.copies[self.key(o)]
            target = c.parent if c.parent is not None and c.parent.get("role") in ASSET_ROLES else c
            target["worldsmith_version_id"] = record["version_id"]
            target["worldsmith_world_id"] = record["world_id"]
            target["worldsmith_seed"] = record["seed"]
            target["worldsmith_generator"] = record["generator"]
            target["worldsmith_spec"] = spec
