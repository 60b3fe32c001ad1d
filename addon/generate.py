"""The logic behind ``api.generate``, ``regenerate`` and ``reroll``: plan a job, run it, import.

A ``Plan`` is everything a job needs, decided up front on the main thread: the spec, the world
and parent version, and which assets the new version shares with the parent. Headless callers
run it with ``run_blocking``; the UI runs the same plan through a timer (ops_generate) and both
end in ``finish``, which imports atomically.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import bpy
import numpy as np

from . import importer, store
from .backend_client import BackendClient
from .backend_process import MANAGER, BackendSettings
from .core import polling
from .core.errors import BackendUnavailable, GenerationFailed, InvalidInput, JobCancelled
from .core.spec import box_from_blender_corners, build_spec, derive_spec, random_seed

DEFAULT_TIMEOUT_S = 600.0


@dataclass
class Plan:
    op: str                                   # generate | regenerate | reroll
    spec: dict[str, Any]
    scene_name: str
    world_name: str = ""                      # "" -> new world (or the one with the result's id)
    parent_id: str = ""
    branch: str = "main"
    shared_assets: list[str] = field(default_factory=list)   # asset ids linked from the parent
    share_non_assets: bool = False            # reroll: cameras and lights from the parent too
    take_assets: list[str] | None = None      # reroll: only these asset ids from the result
    recipe: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    version: store.Version
    ignored: list[str]
    notes: list[str]

    def message(self) -> str:
        text = f"Made {self.version.collection.name} ({len(self.version.assets())} assets)"
        if self.ignored:
            text += f"; words the generator ignored: {', '.join(self.ignored)}"
        return " ".join([text, *self.notes])


# ---- backend ----------------------------------------------------------------------------------

def backend_settings() -> BackendSettings:
    """Preferences, overridden by WORLDSMITH_BACKEND_URL/_TOKEN/_PYTHON/_DATA_DIR (headless)."""
    addon = bpy.context.preferences.addons.get(__package__)
    prefs = addon.preferences if addon else None
    env = os.environ
    url = env.get("WORLDSMITH_BACKEND_URL") or (prefs.backend_url if prefs and prefs.backend_mode == "URL" else "")
    data_dir = env.get("WORLDSMITH_BACKEND_DATA_DIR") or (bpy.path.abspath(prefs.data_dir) if prefs and prefs.data_dir else "")
    if not data_dir:
        data_dir = os.path.join(bpy.utils.extension_path_user(__package__, create=True), "backend")
    return BackendSettings(
        mode="URL" if url else "AUTO",
        url=url,
        token=env.get("WORLDSMITH_BACKEND_TOKEN") or (prefs.backend_token if prefs else ""),
        python=env.get("WORLDSMITH_BACKEND_PYTHON") or (bpy.path.abspath(prefs.python_path) if prefs and prefs.python_path else ""),
        data_dir=data_dir,
        device=prefs.device if prefs else "auto",
        pythonpath=_backend_pythonpath(),
        models_dir=env.get("WORLDSMITH_BACKEND_MODELS_DIR") or (
            bpy.path.abspath(prefs.models_dir) if prefs and getattr(prefs, "models_dir", "") else ""),
    )


def _backend_pythonpath() -> list[str]:
    """The extension folder (holds worldsmith_backend/) and the site-packages where Blender
    installed the extension's wheels (found from fastjsonschema, one of those wheels)."""
    paths = [os.path.dirname(os.path.abspath(__file__))]
    try:
        import fastjsonschema

        paths.append(os.path.dirname(os.path.dirname(os.path.abspath(fastjsonschema.__file__))))
    except ImportError:
        pass
    return paths


def client() -> BackendClient:
    return MANAGER.ensure(backend_settings())


# ---- plans ------------------------------------------------------------------------------------

def plan_generate(prompt: str, *, seed: int = 0, theme: str | None = None, generator: str = "procedural",
                  max_assets: int | None = None, texture_size: int = 512, world: Any = None,
                  scene: bpy.types.Scene | None = None) -> Plan:
    world_coll = store.world_collection(world) if world is not None else None
    world_id = world_coll[store.WORLD_KEY]["world_id"] if world_coll else None
    spec = build_spec(prompt, seed=seed, theme=theme, generator=generator, max_assets=max_assets,
                      texture_size=texture_size, world_id=world_id)
    parent = store.active_version(world_coll) if world_coll else None
    return Plan(op="generate", spec=spec, scene_name=(scene or bpy.context.scene).name,
                world_name=world_coll.name if world_coll else "", parent_id=parent.id if parent else "",
                recipe=[{"op": "generate", "at": store.now_iso(), "spec": spec}])


def plan_regenerate(version: Any, *, seed: int | None = None, keep: Iterable[Any] | None = None) -> Plan:
    parent = store.get_version(version)
    assets = parent.assets()
    kept = ([aid for aid, obj in assets.items() if obj.get("locked")] if keep is None
            else [_asset_id(k, assets) for k in keep])
    seed = random_seed() if seed is None else seed
    hierarchy = store.Hierarchy(parent.collection.all_objects)
    spec = derive_spec(parent.get("spec", {}), seed=seed, world_id=parent.world_id,
                       keep=[keep_entry(assets[aid], hierarchy) for aid in kept])
    step = {"op": "regenerate", "at": store.now_iso(), "seed": seed, "kept": kept}
    return _derived_plan("regenerate", parent, spec, kept, step)


def plan_reroll(version: Any, asset_ids: Iterable[Any], *, seed: int | None = None) -> Plan:
    from . import versions  # owns the review rules

    parent = store.get_version(version)
    versions.ensure_editable(parent)  # rerolling edits the version's content: approved ones are frozen
    assets = parent.assets()
    targets = [_asset_id(a, assets) for a in asset_ids]
    if not targets:
        raise InvalidInput("reroll needs at least one asset (an object or an asset id)")
    others = [aid for aid in assets if aid not in targets]
    reroll_seed = random_seed() if seed is None else seed
    hierarchy = store.Hierarchy(parent.collection.all_objects)
    spec = derive_spec(parent.get("spec", {}), seed=parent.seed, world_id=parent.world_id, reroll=targets,
                       reroll_seed=reroll_seed, keep=[keep_entry(assets[aid], hierarchy) for aid in others])
    step = {"op": "reroll", "at": store.now_iso(), "assets": targets, "reroll_seed": reroll_seed}
    plan = _derived_plan("reroll", parent, spec, others, step)
    plan.share_non_assets, plan.take_assets = True, targets
    return plan


def _derived_plan(op: str, parent: store.Version, spec: dict, shared: list[str], step: dict) -> Plan:
    scene = next((s for s in bpy.data.scenes if parent.world_collection.name in s.collection.children_recursive), None)
    return Plan(op=op, spec=spec, scene_name=(scene or bpy.context.scene).name,
                world_name=parent.world_collection.name, parent_id=parent.id, branch=parent.branch,
                shared_assets=shared, recipe=[*parent.get("recipe", []), step])


def _asset_id(target: Any, assets: dict[str, bpy.types.Object]) -> str:
    aid = target.get("asset_id") if isinstance(target, bpy.types.Object) else target
    if aid not in assets:
        raise InvalidInput(f"{target!r} is not an asset of this version; known ids: {', '.join(sorted(assets)[:8])}…")
    return aid


def keep_entry(root: bpy.types.Object, hierarchy: store.Hierarchy | None = None) -> dict[str, Any]:
    """The asset's world-space box (root and parts) in glTF space, for the spec's ``keep``."""
    parts = hierarchy.descendants(root) if hierarchy is not None else root.children_recursive
    # numpy, not a Vector per corner: a reroll computes this for every other asset of the world.
    points = [np.asarray(obj.bound_box) @ np.asarray(obj.matrix_world)[:3, :3].T + np.asarray(obj.matrix_world)[:3, 3]
              for obj in (root, *parts) if obj.type == "MESH"]
    corners = np.concatenate(points) if points else np.asarray([root.matrix_world.translation])
    # Each glTF axis depends on one Blender axis, so the Blender AABB's two corners are enough.
    return {"asset_id": root["asset_id"], "box": box_from_blender_corners([corners.min(0), corners.max(0)])}


# ---- running ----------------------------------------------------------------------------------

def stderr_progress(poller: polling.JobPoller) -> None:
    print(f"worldsmith: {poller.label()} ({poller.fraction * 100:.0f}%)", file=sys.stderr, flush=True)


def run_blocking(plan: Plan, *, timeout_s: float = DEFAULT_TIMEOUT_S,
                 on_progress: Callable[[polling.JobPoller], None] = stderr_progress,
                 should_cancel: Callable[[], bool] = lambda: False) -> Outcome:
    """Submit, poll until a terminal state, import. Raises a WorldsmithError otherwise."""
    started = time.monotonic()
    backend = client()
    job = backend.submit(plan.spec)
    poller = polling.JobPoller(job["id"], time.monotonic, polling.PollConfig(timeout_s=timeout_s))
    last_label = None
    while not poller.finished:
        if should_cancel() and poller.cancel_requested_at is None:
            poller.request_cancel()
            _try_cancel(backend, job["id"])
        if poller.due():
            try:
                poller.feed(backend.job(job["id"]))
            except BackendUnavailable as exc:
                poller.feed_error(str(exc))
            if poller.label() != last_label:
                last_label = poller.label()
                on_progress(poller)
        else:
            # Sleep until the next poll is due, but wake often enough to notice a cancel request.
            time.sleep(min(0.05, max(0.005, poller.seconds_until_due())))
    outcome = conclude(plan, backend, poller, started)
    print(f"worldsmith: {outcome.message()}", file=sys.stderr, flush=True)
    return outcome


def conclude(plan: Plan, backend: BackendClient, poller: polling.JobPoller, started: float) -> Outcome:
    """Turn a finished poller into an imported version, or into the matching error."""
    if poller.state == polling.CANCELLED:
        raise JobCancelled("Generation cancelled; the scene was not changed")
    if poller.state == polling.FAILED:
        raise GenerationFailed(f"The backend could not generate the world: {poller.error}. The scene was not changed")
    if poller.state == polling.LOST:
        raise BackendUnavailable(f"The backend stopped answering during the job ({poller.error}). "
                                 "The scene was not changed; generate again to restart it")
    if poller.state == polling.TIMED_OUT:
        _try_cancel(backend, poller.job_id)
        raise GenerationFailed(f"The job took too long ({poller.error}); it was cancelled and the scene was not changed")
    t_download = time.monotonic()
    try:
        data = backend.result(poller.job_id)
    except BackendUnavailable as exc:
        raise BackendUnavailable(f"The backend stopped before the result was fetched ({exc}); the scene was not changed") from None
    timings = {"job_s": round(t_download - started, 3), "download_s": round(time.monotonic() - t_download, 3)}
    return finish(plan, data, timings)


def _try_cancel(backend: BackendClient, job_id: str) -> None:
    try:
        backend.cancel(job_id)
    except Exception:  # the job may be gone or the backend dead: nothing left to stop
        pass


def finish(plan: Plan, data: bytes, timings: dict[str, float]) -> Outcome:
    """Import ``data`` as a new version per ``plan``; on any failure the .blend is unchanged."""
    t0 = time.monotonic()
    with importer.Transaction() as tx:
        staged = importer.stage(data)
        version = importer.build_version(plan, staged, tx)
        timings = {**timings, "import_s": round(time.monotonic() - t0, 3)}
        version.set("timings", timings)
    store.switch(version)
    notes = plan.notes + MANAGER.pop_notes()
    return Outcome(version=version, ignored=list(staged.extras.get("ignored") or []), notes=notes)


def author() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""


def new_version_id() -> str:
    return uuid.uuid4().hex[:12]


# ---- locks and assets ---------------------------------------------------------------------------

def asset_root(obj: bpy.types.Object) -> bpy.types.Object | None:
    """The asset an object belongs to (itself, or the asset above a part)."""
    while obj is not None and obj.get("role") != "asset":
        obj = obj.parent
    return obj


def resolve_assets(targets: Iterable[Any], version: Any = None) -> list[bpy.types.Object]:
    """Asset root objects from objects (parts climb to their asset) or asset ids, looked up in
    ``version`` or else in the visible version of every world."""
    if isinstance(targets, (str, bpy.types.Object)):
        targets = [targets]
    pools = [store.get_version(version)] if version is not None else store.visible_versions()
    found: list[bpy.types.Object] = []
    for target in targets:
        if isinstance(target, bpy.types.Object):
            root = asset_root(target)
            if root is None:
                raise InvalidInput(f"object {target.name!r} is not part of a generated asset")
        else:
            root = next((v.assets()[target] for v in pools if target in v.assets()), None)
            if root is None:
                raise InvalidInput(f"no asset with id {target!r} in the visible version(s)")
        if root not in found:
            found.append(root)
    return found


def lock(targets: Iterable[Any], locked: bool = True, *, version: Any = None) -> list[bpy.types.Object]:
    roots = resolve_assets(targets, version)
    for root in roots:
        root["locked"] = bool(locked)
    return roots


def version_of(obj: bpy.types.Object) -> store.Version | None:
    for coll in obj.users_collection:
        if store.VERSION_KEY in coll:
            return store.Version(coll)
    return None


def mark_as_asset(objects: Iterable[Any], *, extra_tags: Iterable[str] = ()) -> tuple[list[bpy.types.Object], str]:
    """Mark assets for the Asset Browser with tags and a catalog per world.

    Returns the marked objects and a note for the user ("" when all went well)."""
    from .core.spec import prompt_tags

    roots = resolve_assets(objects)
    if not roots:
        raise InvalidInput("select at least one generated asset to mark")
    note = ""
    for root in roots:
        root.asset_mark()
        version = version_of(root)
        spec = version.get("spec", {}) if version else {}
        wanted = [*prompt_tags(spec.get("prompt", "")), spec.get("theme") or (version.get("theme") if version else ""),
                  root.get("role", ""), root.get("archetype", ""), *extra_tags]
        have = {t.name for t in root.asset_data.tags}
        for tag in dict.fromkeys(t for t in wanted if t):
            if tag not in have:
                root.asset_data.tags.new(tag)
        if version is not None:
            catalog = _catalog(version)
            if catalog is None:
                note = "Catalogs need a saved .blend file: save, then mark again to file them by world."
            else:
                root.asset_data.catalog_id = catalog
    return roots, note


def _catalog(version: store.Version) -> str | None:
    """The world's catalog id, written to blender_assets.cats.txt beside the saved .blend."""
    if not bpy.data.filepath:
        return None
    world = version.world_collection
    title = world[store.WORLD_KEY].get("title", world.name)
    catalog_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"worldsmith:{version.world_id}"))
    path = os.path.join(os.path.dirname(bpy.data.filepath), "blender_assets.cats.txt")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if catalog_id not in text:
        if "VERSION 1" not in text:
            text = "# Asset catalogs (Blender). Lines: UUID:catalog/path:simple name\n\nVERSION 1\n\n" + text
        text = text.rstrip("\n") + f"\n{catalog_id}:Worldsmith/{title}:Worldsmith-{title.replace(' ', '-')}\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return catalog_id
