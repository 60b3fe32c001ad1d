"""The public Python API for studio TDs, batch runs and tests.

Once installed, import it as ``from bl_ext.user_default.worldsmith import api``. Every operator
calls a function here; functions take explicit arguments and never read UI context.
Errors are ``WorldsmithError`` subclasses whose messages say what to do.
"""

from __future__ import annotations

from .core.errors import (  # noqa: F401  (re-exported for TDs)
    BackendUnavailable,
    GenerationFailed,
    InvalidInput,
    JobCancelled,
    StateError,
    ValidationFailed,
    VersionFrozen,
    WorldsmithError,
)

__all__ = [
    "WorldsmithError",
    "InvalidInput",
    "BackendUnavailable",
    "GenerationFailed",
    "JobCancelled",
    "VersionFrozen",
    "ValidationFailed",
    "StateError",
    # generation (generate/, scene/store.py)
    "Version",
    "generate",
    "regenerate",
    "reroll",
    "fill_proxies",
    "lock",
    "switch",
    "versions",
    "backend_status",
    "mark_as_asset",
    # versions: branch, compare, review (versions/, scene/cow.py)
    "Diff",
    "branch",
    "compare",
    "compare_view",
    "render_compare",
    "set_review",
    "delete_version",
    "rename_branch",
    "add_note",
    "export_review_package",
    "repair",
    "ensure_editable",
    "ensure_single_user",
    "check_approved_integrity",
    # materials (materials/)
    "library",
    "reassign_material",
    "take_material",
    "replace_material",
    "retexture",
    "edit_material",
    "copy_material",
    "tag_imported_materials",
]


# ---- generation, versions as collections, locks -------------------------------------------------
# The logic lives in generate/ and scene/store.py; these wrappers fix the public signatures.

from typing import Any, Iterable  # noqa: E402

from .generate import locks as _locks  # noqa: E402
from .generate import plans as _plans  # noqa: E402
from .generate.run import run_blocking as _run_blocking  # noqa: E402
from .scene import store as _store  # noqa: E402
from .scene.store import Version  # noqa: E402,F401
from .service.process import MANAGER as _MANAGER  # noqa: E402


def generate(prompt: str, *, seed: int = 0, theme: str | None = None, generator: str = "procedural",
             max_assets: int | None = None, texture_size: int = 512, world: Any = None,
             scene: Any = None) -> Version:
    """Generate a world and import it as a new world (or a new version of ``world``); blocks.

    Starts the local backend on first use. The new version becomes the visible one. A new world
    is linked into ``scene`` (default: the current scene).

    >>> v = api.generate("a medieval courtyard with a well", seed=7, texture_size=128)
    >>> v.number, sorted(v.assets())[:2]
    (1, ['barrel.000', 'crate.000'])
    """
    plan = _plans.plan_generate(prompt, seed=seed, theme=theme, generator=generator,
                                   max_assets=max_assets, texture_size=texture_size, world=world,
                                   scene=scene)
    return _run_blocking(plan).version


def regenerate(version: Any, *, seed: int | None = None, keep: Iterable[Any] | None = None) -> Version:
    """A new version: ``keep`` assets (default: the locked ones) are shared unchanged, the rest
    comes from the backend with a new seed (random when None) around the kept boxes.

    >>> v2 = api.regenerate(v1)            # keeps what is locked
    >>> v2.parent == v1.id
    True
    """
    return _run_blocking(_plans.plan_regenerate(version, seed=seed, keep=keep)).version


def reroll(version: Any, asset_ids: Iterable[Any], *, seed: int | None = None) -> Version:
    """A new version where only ``asset_ids`` (ids or objects) are generated again.

    >>> v3 = api.reroll(v2, ["well.000"])
    """
    return _run_blocking(_plans.plan_reroll(version, asset_ids, seed=seed)).version


def fill_proxies(version: Any, asset_ids: Iterable[Any] | None = None, *, generator: str = "shap-e",
                 seed: int | None = None) -> Version:
    """A new version where the proxies (named blockouts for things no archetype builds yet; all of
    them, or ``asset_ids``) get real shapes from ``generator``, the diffusion mesh generator by
    default, asked for each proxy's noun; everything else is shared unchanged. Raises
    ``InvalidInput`` saying what to install when the generator is not available.

    >>> v3 = api.fill_proxies(v2)               # "zeppelin.001" is now a generated mesh
    """
    return _run_blocking(_plans.plan_fill_proxies(version, asset_ids, generator=generator, seed=seed)).version


def lock(targets: Any, locked: bool = True, *, version: Any = None) -> list:
    """Lock (or unlock) assets, given as objects or asset ids; returns the asset root objects.

    >>> api.lock(["well.000", "torch.001"])
    """
    return _locks.lock(targets, locked, version=version)


def switch(version: Any) -> Version:
    """Make ``version`` the visible version of its world (the others are excluded, not deleted).

    >>> api.switch(api.versions()[0])
    """
    return _store.switch(version)


def versions(world: Any = None) -> list[Version]:
    """Versions of ``world`` (collection, name or world id), or of every world; oldest first.

    >>> [v.number for v in api.versions()]
    [1, 2]
    """
    return _store.versions(world)


def backend_status() -> dict:
    """``{state, reason, device, version, log_path}``; state is stopped|starting|ready|failed.

    >>> api.backend_status()["state"]
    'ready'
    """
    return _MANAGER.status()


def mark_as_asset(objects: Iterable[Any], *, extra_tags: Iterable[str] = ()) -> list:
    """Mark assets for the Asset Browser: tags (prompt words, theme, role, archetype) and a
    catalog per world when the .blend is saved. Returns the marked objects.

    >>> api.mark_as_asset(["well.000"])
    """
    return _locks.mark_as_asset(objects, extra_tags=extra_tags)[0]


# ---- versions: branch, compare, review (logic in versions/ and scene/cow.py) ------------------

from .core.diff import Diff  # noqa: E402,F401
from .scene import cow as _cow  # noqa: E402
from .scene import records as _records  # noqa: E402
from .versions import compare as _compare  # noqa: E402
from .versions import render as _render  # noqa: E402
from .versions import repair as _repair  # noqa: E402
from .versions import tree as _versions  # noqa: E402


def branch(version: Any, name: str, *, world: Any = None) -> Version:
    """A new version under ``version`` named ``name``; it becomes the visible one. Its objects are
    new but share mesh data and materials with the parent until edited (copy-on-write).

    >>> v2 = api.branch(v1, "lighting")
    >>> v2.parent == v1.id, v2.branch
    (True, 'lighting')
    """
    return _versions.branch(version, name, world=world)


def compare(a: Any, b: Any) -> Diff:
    """Structured diff from ``a`` to ``b`` by asset id: added, removed, moved, geometry,
    materials (slot by slot), locks, spec/seed/generator and totals.

    >>> api.compare(v1, v2).to_dict()["geometry"][0]["asset_id"]
    'well.000'
    """
    return _compare.compare(a, b)


def compare_view(a: Any, b: Any, on: bool = True) -> dict | None:
    """Show ``a`` and ``b`` side by side in the viewport (B moved along +X by the world's width
    plus a margin); ``on=False`` puts back exactly the visibility and positions from before.

    >>> api.compare_view(v1, v2)
    >>> api.compare_view(v1, v2, on=False)
    """
    return _compare.compare_view(a, b, on)


def render_compare(a: Any, b: Any, path: str, *, size: tuple[int, int] = (1024, 512)) -> str:
    """Render ``a`` | ``b`` from A's camera (Cycles, CPU, low samples) into one labelled PNG at
    ``path``, loaded as the image "Worldsmith Compare"; returns the path.

    >>> api.render_compare(v1, v2, "/tmp/compare.png", size=(1024, 512))
    '/tmp/compare.png'
    """
    return _render.render_compare(a, b, path, size=size)


def set_review(version: Any, state: str, note: str | None = None) -> dict:
    """Move ``version`` to draft | in_review | approved | rejected; records who and when in its
    review history and notes. Approved versions are frozen: edits go to a branch.

    >>> api.set_review(v2, "in_review", note="torches warmer")
    >>> api.set_review(v2, "approved")
    """
    return _versions.set_review(version, state, note)


def delete_version(version: Any) -> None:
    """Delete ``version`` (refused when it is approved or has child versions).

    >>> api.delete_version(v3)
    """
    _versions.delete_version(version)


def rename_branch(version: Any, name: str) -> Version:
    """Rename the branch of ``version`` and its collection.

    >>> api.rename_branch(v2, "lighting-warm").branch
    'lighting-warm'
    """
    return _versions.rename_branch(version, name)


def add_note(version: Any, text: str, *, author: str | None = None) -> dict:
    """Add a note to ``version`` (author defaults to ``who``: the *Your Name* preference, else
    $WORLDSMITH_USER, else the login name); returns the note.

    >>> api.add_note(v2, "client wants the well further left")["author"]
    'ana'
    """
    return _versions.add_note(version, text, author=author)


def export_review_package(a: Any, b: Any, folder: str, *, size: tuple[int, int] = (1024, 512)) -> list[str]:
    """Write a.glb, b.glb, compare.png, diff.json and notes.json into ``folder``; returns paths.

    >>> api.export_review_package(v1, v2, "/tmp/review")
    """
    return _render.export_review_package(a, b, folder, size=size)


def repair(world: Any) -> list[str]:
    """Fix malformed Worldsmith properties of ``world`` (hand edits) without losing assets;
    returns one line per fix.

    >>> api.repair("Courtyard")
    []
    """
    return _repair.repair(world)


def ensure_editable(version: Any) -> None:
    """Raise ``VersionFrozen`` if ``version`` is approved (its message says "branch it first").

    >>> api.ensure_editable(v2)
    """
    _records.ensure_editable(version)


def ensure_single_user(obj: Any) -> Any:
    """Give ``obj`` its own data if other versions share it (and refuse approved versions);
    call before editing an asset. Returns the object's data.

    >>> api.ensure_single_user(bpy.data.objects["Well"])
    """
    return _cow.ensure_single_user(obj)


def check_approved_integrity(version: Any) -> list[str]:
    """What changed in an approved version since approval (geometry or materials); [] if clean.

    >>> api.check_approved_integrity(v2)
    ['well.000: geometry changed after approval (a hand edit?)']
    """
    return _versions.check_approved_integrity(version)


# ---- materials: library, slot reassignment, retexture, quick edits (materials/) --------------
# Slots are changed at object level (slot.link = "OBJECT"): shared meshes, other objects and
# other versions never change. Every change is a recipe step on the object's version.

from .materials import library as _materials  # noqa: E402
from .materials import retexture as _retexture  # noqa: E402


def library(world: Any, query: str = "") -> list:
    """The materials of ``world`` (collection, name, world id or a Version) matching ``query``:
    every word must appear in the name, ``material_id`` or a tag; best matches first.

    >>> [m["material_id"] for m in api.library("Courtyard", "fire")]
    ['flame.default']
    """
    return _materials.library(world, query)


def reassign_material(obj: Any, slot_index: int, material: Any) -> Any:
    """Put ``material`` (a Material, its name or its ``material_id``) on slot ``slot_index`` of
    ``obj`` (an object or its name) only; returns the material.

    >>> api.reassign_material("Torch.001 Flame", 0, "Flame Warm")
    bpy.data.materials['Flame Warm']
    """
    return _materials.reassign(obj, slot_index, material)


def take_material(target: Any, slot_index: int, source: Any, source_slot: int) -> Any:
    """Give slot ``slot_index`` of ``target`` the material of slot ``source_slot`` of ``source``
    (what the eyedropper does); returns the material.

    >>> api.take_material("Stall", 0, "Well", 0)
    """
    return _materials.take(target, slot_index, source, source_slot)


def replace_material(version: Any, old: Any, new: Any) -> int:
    """Every slot of ``version`` using ``old`` now uses ``new``; returns the number of slots
    changed (other versions keep theirs).

    >>> api.replace_material(v2, "flame.default", "Flame Warm")
    4
    """
    return _materials.replace(version, old, new)


def retexture(obj: Any, slot_index: int, prompt: str, *, seed: int = 0, size: int | None = None) -> Any:
    """A new PBR texture set (base colour, normal, ORM) for one slot from the backend's texture
    job; only that slot changes. The same prompt, seed and size give identical pixels. ``size``
    defaults to the slot's current texture size. Returns the new material.

    >>> api.retexture("Well", 0, "mossy stone", seed=3).name
    'mossy stone s3'
    """
    return _retexture.retexture(obj, slot_index, prompt, seed=seed, size=size)


def edit_material(obj: Any, slot_index: int, *, tint: Any = None, roughness_scale: float | None = None,
                  metallic_scale: float | None = None, emission_color: Any = None,
                  emission_strength: float | None = None, images: dict | None = None) -> Any:
    """Quick edits on the material of one slot: ``tint`` (linear RGB multiplies the base colour
    factor), roughness/metallic scales, emission colour and strength, and ``images`` ({channel:
    Image, image name or file path}; channels base_color, normal, orm, emission). Textures are
    never repainted; a material that other versions use is copied first. Returns the material.

    >>> api.edit_material("Torch.001 Flame", 0, emission_color=(1.0, 0.45, 0.1), emission_strength=8)
    """
    return _materials.edit(obj, slot_index, tint=tint, roughness_scale=roughness_scale,
                           metallic_scale=metallic_scale, emission_color=emission_color,
                           emission_strength=emission_strength, images=images)


def copy_material(material: Any, name: str | None = None, *, world: Any = None, **edits: Any) -> Any:
    """A copy of ``material`` in the world's library, with optional quick edits (the keywords of
    ``edit_material``); assigned nowhere until you reassign or replace.

    >>> warm = api.copy_material("flame.default", "Flame Warm", world=v2, emission_color=(1.0, 0.4, 0.1))
    >>> api.replace_material(v2, "flame.default", warm)
    """
    return _materials.copy_material(material, name, world=world, **edits)


def tag_imported_materials(materials: Iterable[Any]) -> list:
    """Record ``material_id`` and channels (``mat["ws_channels"]``) on freshly imported materials.

    >>> api.tag_imported_materials(bpy.data.materials)
    """
    return _materials.tag_imported_materials(materials)


# ---- export and game-ready preparation (export/, core/validate.py) ----------------------------
# Exports run on a throwaway scene of copies: the user's scene, names and selection never change.

from .core import presets as _presets  # noqa: E402
from .core.validate import Report  # noqa: E402,F401
from .export import files as _export  # noqa: E402
from .export import gameprep as _gameprep  # noqa: E402
from .scene.visibility import compare_suspended as _compare_suspended  # noqa: E402

__all__ += ["Report", "validate", "export", "export_presets", "make_lods", "make_collision",
            "prepare_for_engine"]


def validate(version: Any, preset: str = "gltf", *, scene: Any = None) -> Report:
    """Check ``version`` against an export preset's rules (budgets, textures, units, names,
    materials, UVs, approved integrity). Each issue names the asset and the rule.

    >>> report = api.validate(v2, "unreal")
    >>> report.ok, [str(i) for i in report.errors]
    (False, ['Well (well.000) breaks no_uvs: mesh has no UV map: unwrap it (textures need UVs)'])
    """
    return _export.validate(version, preset, scene=scene)


def export(version: Any, path: str, *, preset: str = "gltf", overwrite: bool = False, force: bool = False,
           selection: Iterable[Any] | None = None, per_asset: bool = False, scene: Any = None) -> list[str]:
    """Export ``version`` with Blender's own exporter for ``preset`` (gltf, unreal, unity, godot,
    usd, web); returns the written files. ``selection``: asset ids or objects; ``per_asset``: ``path``
    is a folder and each asset gets its own file, placed at the origin. Refuses with
    ``ValidationFailed`` (its ``report`` lists the issues) unless ``force=True``.

    >>> api.export(v2, "/tmp/courtyard.glb")
    ['/tmp/courtyard.glb']
    >>> api.export(v2, "/tmp/lib", preset="unreal", per_asset=True, selection=["well.000"])
    ['/tmp/lib/Well.fbx']
    """
    written = _export.export(version, path, preset=preset, overwrite=overwrite, force=force,
                             selection=list(selection) if selection is not None else None, per_asset=per_asset,
                             scene=scene)
    if selection is None and not per_asset:  # the recipe's export node: what was written, and where
        _records.add_step(_records.handle(version), _records.step("export", preset=preset, path=str(path)))
    return written


def export_presets() -> list[str]:
    """Names of the export presets.

    >>> api.export_presets()
    ['gltf', 'unreal', 'unity', 'godot', 'usd', 'web']
    """
    return _presets.names()


def make_lods(version: Any, *, ratios: Iterable[float] | None = None,
              triangle_targets: Iterable[int] | None = None) -> list:
    """Add LOD1..n objects (hidden children, ``role`` "lod") to every mesh of ``version``, keeping
    UV seams and material borders; ``triangle_targets`` are per asset. A recipe step is recorded.

    >>> lods = api.make_lods(v2, ratios=(0.5, 0.25))
    >>> api.make_lods(v2, triangle_targets=(4000, 1000))
    """
    version = _store.get_version(version)
    return _gameprep.make_lods(version, ratios=list(ratios) if ratios is not None else None,
                               triangle_targets=list(triangle_targets) if triangle_targets is not None else None)


def make_collision(version: Any, method: str = "hull") -> list:
    """Add one convex hull collision proxy per asset (hidden child, ``role`` "collision");
    exported as UCX_<name>_NN for Unreal, <name>-convcolonly for Godot.

    >>> api.make_collision(v2)
    """
    return _gameprep.make_collision(_store.get_version(version), method=method)


def prepare_for_engine(version: Any, preset: str = "unreal", *, lod_ratios: Iterable[float] = (0.5, 0.25),
                       collision: bool = True) -> dict:
    """LODs (for presets with LOD naming) and collision (for presets with a collision convention)
    in one call; scale, pivots, names and sockets are applied to export copies by ``export``.

    >>> api.prepare_for_engine(v2, "unreal")
    {'lods': 12, 'collision': 6}
    """
    chosen = _presets.get(preset)
    version = _store.get_version(version)
    done = {"lods": 0, "collision": 0}
    with _compare_suspended(version.world_collection):  # proxies from where B really is
        if chosen.lod_naming and lod_ratios:
            done["lods"] = len(_gameprep.make_lods(version, ratios=list(lod_ratios)))
        if collision and chosen.collision_style:
            done["collision"] = len(_gameprep.make_collision(version))
    return done


# ---- previews (versions/preview.py): batch runs, contact sheets, shot renders ------------------

from .versions import preview as _preview  # noqa: E402

__all__ += ["render_preview"]


def render_preview(version: Any, path: str, *, camera: Any = None, size: tuple[int, int] = (512, 288),
                   samples: int = 16) -> str:
    """Render ``version`` alone (no other version or world) from ``camera`` (default its main
    camera; a camera object, its name or an asset id like "camera.shot.1") into the PNG ``path``
    with Cycles on the CPU and a fixed seed; the scene is not changed. Returns the path.

    >>> api.render_preview(v2, "/tmp/v2.png", size=(256, 144), samples=8)
    '/tmp/v2.png'
    """
    return _preview.render_preview(version, path, camera=camera, size=size, samples=samples)


# ---- team: publish, sync, take, review in the team folder (team/, core/team.py) -----------------
# The team folder is ``folder``, else $WORLDSMITH_TEAM_DIR, else the *Team Folder* preference.
# Everything is signed by who(): the *Your Name* preference, else $WORLDSMITH_USER, else the login.

from .core.team import NotPermitted  # noqa: E402,F401
from .team import folder as _team_folder  # noqa: E402
from .team import publish as _team_publish  # noqa: E402
from .team import review as _team_review  # noqa: E402
from .team import sync as _team_sync  # noqa: E402

__all__ += ["NotPermitted", "publish", "sync", "take", "review_store", "team_status", "published"]


def publish(version: Any, *, folder: str | None = None, glb: bool = True, preview: bool = True,
            scene: Any = None) -> dict:
    """Publish ``version`` to the team folder: a .blend library of its objects, meshes and
    materials, its GLB (``glb``), a preview PNG (``preview``) and its record, written atomically;
    visible to others only once complete. Returns ``{version, number, sibling_of, folder, event,
    files}``; ``sibling_of`` names the version published earlier on the same parent and branch.

    >>> api.publish(v2, folder="/mnt/team/courtyard")["number"]
    2
    """
    return _team_publish.publish(version, folder=folder, glb=glb, with_preview=preview, scene=scene)


def sync(world: Any = None, *, folder: str | None = None, scene: Any = None) -> dict:
    """Bring everyone's published versions of ``world`` (a world here, or a world id from the
    team folder; None: every world there) into this file as read-only versions linked from the
    team folder, marked with their author; review states follow the store. Returns ``{worlds,
    added, updated, problems, versions}``; corrupt or foreign files are listed, never imported.

    >>> api.sync("Courtyard", folder="/mnt/team/courtyard")["added"]
    ['5f0c2a9b1e77']
    """
    return _team_sync.sync(world, folder=folder, scene=scene)


def take(version: Any, branch: str | None = None) -> Version:
    """A local, editable copy of a synced version as the first version of your branch ``branch``
    (default: your name); it becomes the visible one.

    >>> mine = api.take(theirs, "ana-lighting")
    >>> mine.parent == theirs.id
    True
    """
    return _team_sync.take(version, branch)


def review_store(version: Any, state: str | None, note: str | None = None, *, folder: str | None = None) -> dict:
    """Record a review move of a published ``version`` in the team folder: ``state`` in_review,
    approved, rejected or draft (None: ``note`` only), signed by who() with the time. Approve and
    reject need a lead of the folder's roles.json (else ``NotPermitted``); an approved version is
    frozen for everyone (``VersionFrozen``). Returns the event.

    >>> api.review_store(v2, "approved", "ship it")["state"]
    'approved'
    """
    return _team_review.review_store(version, state, note, folder=folder)


def team_status(folder: str | None = None) -> dict:
    """How the team folder stands: ``{path, ok, writable, problem, who, lead, leads}``.

    >>> api.team_status()["writable"]
    True
    """
    return _team_folder.status(folder)


def published(world: Any, *, folder: str | None = None) -> dict:
    """The team folder's versions of ``world`` without changing this file: ``{rows, problems}``,
    one row per version ``{id, number, author, branch, state, at, sibling_of}``.

    >>> [r["author"] for r in api.published("Courtyard")["rows"]]
    ['ana', 'bo']
    """
    return _team_sync.published(world, folder=folder)


# ---- farm (farm/bundle.py, core/farm.py): Open Job Description job bundles --------------------

from .core.farm import FarmBundleError  # noqa: E402,F401
from .farm import bundle as _farm  # noqa: E402

__all__ += ["FarmBundleError", "write_farm_bundle", "write_farm_export_bundle", "write_farm_recipe_bundle"]


def write_farm_bundle(version: Any, folder: str, *, output_root: str, seeds: str | Iterable[int] = "1-4",
                      preset: str = "gltf", render_size: tuple[int, int] = (512, 288),
                      worldsmith_root: str | None = None, blender: str = "blender", name: str = "",
                      overwrite: bool = False) -> str:
    """Write an Open Job Description job bundle into ``folder``: a sweep of ``version``'s prompt,
    theme, generator and budgets over ``seeds``, one farm task per seed (generate, validate,
    export with ``preset``, preview), then one report and a contact sheet under
    ``output_root/<job name>/``. ``worldsmith_root`` is the Worldsmith checkout on the workers
    (default ``$WORLDSMITH_ROOT``); ``blender`` what they run. Returns the template's path; run
    it with ``openjd run`` or ``deadline bundle submit FOLDER`` (docs/farm.md).

    >>> api.write_farm_bundle(v2, "/farm/bundles/court", seeds="1-16", output_root="/farm/out",
    ...                       worldsmith_root="/farm/worldsmith")
    '/farm/bundles/court/template.json'
    """
    return _farm.sweep_bundle(version, folder, seeds=seeds, output_root=output_root, preset=preset,
                              render_size=render_size, worldsmith_root=worldsmith_root, blender=blender,
                              name=name, overwrite=overwrite)


def write_farm_export_bundle(folder: str, *, output_root: str, presets: Iterable[str] = ("gltf",),
                             version: str = "latest", blend: str | None = None, worldsmith_root: str | None = None,
                             blender: str = "blender", name: str = "", overwrite: bool = False) -> str:
    """Write a job bundle that exports ``version`` ("latest", "approved" or a version id) of the
    world saved in ``blend`` (default: this file, saved) with each of ``presets``, one farm task
    per preset, into ``output_root/<job name>/<preset>/``. Returns the template's path.

    >>> api.write_farm_export_bundle("/farm/bundles/court-export", presets=["gltf", "unreal"],
    ...                              version="approved", output_root="/farm/out")
    '/farm/bundles/court-export/template.json'
    """
    return _farm.export_bundle(folder, presets=presets, output_root=output_root, version=version, blend=blend,
                               worldsmith_root=worldsmith_root, blender=blender, name=name, overwrite=overwrite)


def write_farm_recipe_bundle(recipe: Any, folder: str, *, node: str, param: str, values: Any, output_root: str,
                             preset: str = "gltf", render_size: tuple[int, int] = (512, 288),
                             worldsmith_root: str | None = None, blender: str = "blender", name: str = "",
                             overwrite: bool = False) -> str:
    """Write a job bundle that sweeps one parameter of one node of ``recipe`` (a recipe file, or
    a version: its recipe is written into ``folder`` as ``recipe.json``) over ``values`` (whole
    numbers, ``"1-8"``, as an OpenJD range; or texts): one farm task per value runs
    ``batch.py --recipe FILE --set NODE.PARAM=VALUE`` (run, export with ``preset``, preview) into
    ``output_root/<job name>/variants/v<value>/``, then one report and a contact sheet. An unknown
    node or parameter raises ``FarmBundleError``. Returns the template's path.

    >>> api.write_farm_recipe_bundle(v2, "/farm/bundles/fire", node="material.1", param="request.seed",
    ...                              values="1-8", output_root="/farm/out")
    '/farm/bundles/fire/template.json'
    """
    return _farm.recipe_sweep_bundle(recipe, folder, node=node, param=param, values=values, output_root=output_root,
                                     preset=preset, render_size=render_size, worldsmith_root=worldsmith_root,
                                     blender=blender, name=name, overwrite=overwrite)


# ---- recipes (core/recipe.py, recipes/): how each version was made; re-run only what changed ----

from .core import recipe as _recipe_rules  # noqa: E402
from .recipes import graph as _recipe_graph  # noqa: E402
from .recipes import run as _recipe_run  # noqa: E402

__all__ += ["recipe", "run_recipe", "compare_recipes", "sweep"]


def recipe(version: Any) -> dict:
    """The recipe of ``version`` as JSON-ready data (schema ``"schema": 1``): layout, one node per
    asset, material, game prep and export steps, and ``manual_edit`` nodes for hand edits; each node
    with its ``key``. ``notes`` say what could not be reconstructed.

    >>> r = api.recipe(v2)
    >>> r["schema"], r["nodes"][0]["type"]
    (1, 'layout')
    """
    return _recipe_graph.recipe_of(version).to_dict()


def run_recipe(recipe: Any, *, world: Any = None, name: str | None = None,
               discard_manual_edits: bool = False) -> Version:
    """Make a new version from ``recipe`` (a dict from ``recipe``, its JSON text, or a file's
    contents). When its source version is in this file, only nodes whose key changed (and what
    depends on them) run; otherwise every step replays from a new generation. Bad recipes raise
    ``InvalidInput`` naming the node, before anything is created. Approved source versions refuse
    ("branch it first"); hand edits a re-run would lose refuse unless ``discard_manual_edits``.

    >>> r = api.recipe(v2)
    >>> r["nodes"][5]["params"]["request"]["prompt"] = "green fire"
    >>> v3 = api.run_recipe(r)          # one texture job; everything else is shared with v2
    """
    return _recipe_run.run_recipe(recipe, world=world, name=name, discard_manual_edits=discard_manual_edits)


def compare_recipes(a: Any, b: Any) -> dict:
    """The nodes that differ from recipe ``a`` to ``b`` (versions or recipe dicts): ``changed``
    (with both values of each parameter), ``added``, ``removed``, ``stale`` (what a run would redo)
    and the count of nodes that are the ``same``.

    >>> api.compare_recipes(v2, v3)["changed"][0]["params"]
    {'request': [{'prompt': 'blue fire', ...}, {'prompt': 'green fire', ...}]}
    """
    def graph(x: Any) -> Any:
        return _recipe_run.load(x) if isinstance(x, (dict, str, bytes)) else _recipe_graph.recipe_of(x)

    return _recipe_rules.compare_recipes(graph(a), graph(b))


def sweep(version: Any, node: str, param: str, values: Iterable[Any]) -> list[Version]:
    """One new branch of ``version`` per value of one node's parameter (``param`` with dots into
    dicts: ``"request.seed"``, ``"request.prompt"``, ``"reroll_seed"``, ``"source"``); only that node
    and what depends on it run.

    >>> [v.branch for v in api.sweep(v2, "material.1", "request.seed", range(1, 4))]
    ['1 seed 1', '1 seed 2', '1 seed 3']
    """
    return _recipe_run.sweep(version, node, param, values)
