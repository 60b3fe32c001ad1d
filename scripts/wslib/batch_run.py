"""The Blender half of ``scripts/batch.py``: run checked jobs variant by variant through ``api``.

Everything here needs bpy; decisions (fingerprints, resume, exit codes) live in ``batch_core``.
A variant that fails is recorded and the run goes on, so one bad seed does not cost the others;
the exit code reports the worst outcome. The report is rewritten after every variant, so a killed
run still leaves what it finished, and a manifest beside each variant's outputs lets the next run
skip it.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

import bpy

from . import batch_core as core
from .blender import extension_module

Log = Callable[[str], None]


@dataclass
class KeptWorld:
    version: Any       # the newest version of the world in the file
    sha256: str        # of the .blend, so a changed file means a changed job
    locked: list[str]


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _write_json(path: str, data: Any) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
    os.replace(tmp, path)  # readers never see half a report or manifest


# ---- --keep-locked-from and --blend -------------------------------------------------------------

def _append_worlds(api: Any, path: str, flag: str) -> list[Any]:
    """Append the worlds of ``path``; their versions. BadInput when the file has none."""
    before = set(bpy.data.collections)
    try:
        with bpy.data.libraries.load(path, link=False) as (source, target):
            target.collections = list(source.collections)
    except (OSError, RuntimeError) as exc:
        raise core.BadInput(f"{flag} {path!r} cannot be read as a .blend ({exc}): fix the path") from None
    world_key = extension_module(api, "scene.store").WORLD_KEY  # the store contract
    worlds = [c for c in bpy.data.collections if c not in before and world_key in c]
    if not worlds:
        raise core.BadInput(f"{flag} {path!r} holds no Worldsmith world: save a file with a generated world")
    candidates = [v for w in worlds for v in api.versions(w)]
    if not candidates:
        raise core.BadInput(f"{flag} {path!r}: its world has no versions")
    return candidates


def _show(api: Any, version: Any) -> None:
    """Link the version's world into the scene and make it the visible version."""
    world_coll = version.world_collection
    scene = bpy.context.scene
    if world_coll.name not in scene.collection.children:
        scene.collection.children.link(world_coll)
    api.switch(version)


def _newest(versions: list[Any]) -> Any:
    return max(versions, key=lambda v: (str(v.get("created", "")), v.number))


def load_kept_world(api: Any, path: str) -> KeptWorld:
    """Append the worlds of ``path``, link the one with the newest version into the scene and
    show that version; BadInput when the file has no world or nothing locked."""
    newest = _newest(_append_worlds(api, path, "--keep-locked-from"))
    _show(api, newest)
    locked = sorted(aid for aid, obj in newest.assets().items() if obj.get("locked"))
    if not locked:
        raise core.BadInput(f"--keep-locked-from {path!r}: {newest.collection.name} has no locked assets; "
                            "lock some and save, or leave out --keep-locked-from")
    return KeptWorld(newest, core.file_sha256(path), locked)


def _published(version: Any) -> bool:
    """Published to the team folder from this file, or taken from it (the team record, issue 20)."""
    try:
        info = json.loads(version.collection.get("worldsmith_team") or "{}")
    except (TypeError, ValueError):
        return False
    return isinstance(info, dict) and (info.get("origin") == "store" or bool(info.get("published")))


def load_saved_version(api: Any, path: str, which: str) -> KeptWorld:
    """The version of the world saved in ``path`` that --blend exports: ``latest``, ``published``
    (the newest one in the team folder), ``approved`` (the newest approved one), or a version id
    or collection name."""
    versions = _append_worlds(api, path, "--blend")
    if which == "latest":
        chosen = [_newest(versions)]
    elif which in ("published", "approved"):
        keep = _published if which == "published" else (lambda v: v.review_state == "approved")
        chosen = [_newest(found)] if (found := [v for v in versions if keep(v)]) else []
    else:
        chosen = [v for v in versions if which in (v.id, v.collection.name)]
    if not chosen:
        names = ", ".join(f"{v.id} ({v.collection.name}, {v.review_state})" for v in versions)
        raise core.BadInput(f"--blend {path!r} has no {which!r} version: use latest, published, approved or one of {names}")
    _show(api, chosen[0])
    return KeptWorld(chosen[0], core.file_sha256(path), [])


# ---- facts about a version ----------------------------------------------------------------------

def triangles_by_asset(api: Any, version: Any) -> dict[str, int]:
    """Triangles per asset (root and parts; LODs and collision proxies are not the asset), counted
    and attributed to assets as the extension's own validation does."""
    assets = extension_module(api, "scene.assets")
    counts: dict[str, int] = {}
    for obj in version.collection.all_objects:
        if obj.type != "MESH" or obj.get("role") not in ("asset", "part"):
            continue
        asset = assets.asset_id_of(obj)
        counts[asset] = counts.get(asset, 0) + assets.triangle_count(obj.data)
    return counts


def _outputs(paths: dict[str, str]) -> list[dict[str, Any]]:
    return [{"kind": kind, "path": path, "sha256": core.file_sha256(path), "bytes": os.path.getsize(path)}
            for kind, path in paths.items()]


# ---- one variant --------------------------------------------------------------------------------

def run_variant(api: Any, job: core.Job, index: int, seed: int, kept: KeptWorld | None, force: bool,
                label: str, log: Log) -> dict[str, Any]:
    canon = core.canonical(job, seed, kept.sha256 if kept else "")
    fp = core.fingerprint(canon)
    paths = core.output_paths(job, seed)
    entry: dict[str, Any] = {"job": index + 1, "name": core.variant_name(job, seed), "seed": seed,
                             "fingerprint": fp, "canonical_job": canon, "status": "running", "outputs": [],
                             "timings": {}, "validation": None, "error": None}
    manifest = core.read_manifest(paths["manifest"]) if paths else None
    skip, why = core.resume_decision(manifest, fp, force)
    source = "exporting" if job.blend else "generating"
    if skip:
        log(f"{label}: skipped ({why})")
        return {**manifest.get("entry", entry), "status": "skipped", "skipped_because": why}
    if manifest is not None:
        log(f"{label}: running again ({why})")
    started = time.perf_counter()
    log(f"{label}: {source}")
    try:
        if job.blend:
            version = kept.version
        elif kept is not None:
            version = api.regenerate(kept.version, seed=seed)
        else:
            version = api.generate(job.prompt, seed=seed, theme=job.theme, generator=job.generator,
                                   max_assets=job.max_assets, texture_size=job.texture_size)
    except api.WorldsmithError as exc:
        entry.update(status="generation_failed", error=f"{type(exc).__name__}: {exc}")
        entry["timings"]["total_s"] = round(time.perf_counter() - started, 3)
        log(f"{label}: generation failed: {exc}")
        return entry
    timings = entry["timings"]
    timings["generate_s"] = round(time.perf_counter() - started, 3)
    timings["backend"] = version.get("timings", {})
    tris = triangles_by_asset(api, version)
    entry.update(version_id=version.id, version=version.collection.name, world=version.world_collection.name,
                 world_id=version.world_id, asset_count=len(version.assets()), triangles=sum(tris.values()),
                 kept=kept.locked if kept else [], blend=job.blend)
    log(f"{label}: {entry['asset_count']} assets, {entry['triangles']} triangles ({timings['generate_s']:.1f} s)")

    t = time.perf_counter()
    report = api.validate(version, job.preset)
    errors = [str(i) for i in report.errors] + core.budget_issues(tris, job.triangle_budget)
    entry["validation"] = {"ok": not errors, "preset": job.preset, "errors": errors,
                           "warnings": [str(i) for i in report.warnings], "triangle_budget": job.triangle_budget}
    timings["validate_s"] = round(time.perf_counter() - t, 3)
    if errors:
        entry.update(status="validation_failed", error=f"{len(errors)} validation errors: {errors[0]}")
        log(f"{label}: validation against {job.preset} failed: {'; '.join(errors[:3])}")
        _finish(entry, paths, started)
        return entry
    log(f"{label}: valid for {job.preset} ({len(report.warnings)} warnings)")

    written: dict[str, str] = {}
    if "export" in paths:
        t = time.perf_counter()
        files = api.export(version, paths["export"], preset=job.preset, overwrite=True)
        written.update({"export" if i == 0 else f"export.{i}": f for i, f in enumerate(files)})
        timings["export_s"] = round(time.perf_counter() - t, 3)
        log(f"{label}: exported {', '.join(files)}")
    if "preview" in paths:
        t = time.perf_counter()
        written["preview"] = api.render_preview(version, paths["preview"], size=job.render_size)
        timings["render_s"] = round(time.perf_counter() - t, 3)
        log(f"{label}: rendered {written['preview']}")
    entry["outputs"] = _outputs(written)
    entry["status"] = "ok"
    _finish(entry, paths, started)
    return entry


def _finish(entry: dict[str, Any], paths: dict[str, str], started: float) -> None:
    entry["timings"]["total_s"] = round(time.perf_counter() - started, 3)
    if "manifest" in paths:
        entry["manifest"] = paths["manifest"]
        _write_json(paths["manifest"], {"fingerprint": entry["fingerprint"], "status": entry["status"],
                                        "outputs": entry["outputs"], "entry": entry})


def publish_variant(api: Any, entry: dict[str, Any], folder: str, label: str, log: Log) -> None:
    """Publish a valid variant to the team folder; a refusal marks it ``publish_failed``."""
    t = time.perf_counter()
    try:
        done = api.publish(entry["version_id"], folder=folder)
    except api.WorldsmithError as exc:
        entry.update(status="publish_failed", error=f"{type(exc).__name__}: {exc}")
        log(f"{label}: publish failed: {exc}")
        return
    entry["published"] = {"number": done["number"], "sibling_of": done["sibling_of"], "event": done["event"]}
    entry["timings"]["publish_s"] = round(time.perf_counter() - t, 3)
    log(f"{label}: published as #{done['number']} in {folder}")


# ---- the run ------------------------------------------------------------------------------------

def _source(job: core.Job) -> str:
    """The key of a job's loaded .blend: the kept file, or the exported file and version."""
    return f"{job.blend}#{job.version}" if job.blend else job.keep_locked_from or ""


def run(api: Any, options: core.Options, log: Log) -> int:
    report: dict[str, Any] = {"tool": "worldsmith-batch", "schema": 1, "started": _now(), "finished": None,
                              "blender": bpy.app.version_string, "job_file": options.job_file,
                              "force": options.force, "jobs": [core.job_dict(j) for j in options.jobs],
                              "variants": [], "exit_code": None}
    kept: dict[str, KeptWorld] = {}
    try:  # every --keep-locked-from and --blend file is checked before any generation starts
        for job in options.jobs:
            if job.keep_locked_from and job.keep_locked_from not in kept:
                kept[job.keep_locked_from] = load_kept_world(api, job.keep_locked_from)
                log(f"keeping {', '.join(kept[job.keep_locked_from].locked)} from {job.keep_locked_from}")
            elif job.blend and _source(job) not in kept:
                kept[_source(job)] = load_saved_version(api, job.blend, job.version)
                log(f"exporting {kept[_source(job)].version.collection.name} from {job.blend}")
    except core.BadInput as exc:
        print(f"batch.py: error: {exc}", file=sys.stderr, flush=True)
        return core.EXIT_BAD_INPUT

    variants = [(i, job, seed) for i, job in enumerate(options.jobs) for seed in job.seeds]
    log(f"{len(options.jobs)} job(s), {len(variants)} variant(s)")
    for n, (i, job, seed) in enumerate(variants, 1):
        label = f"{n}/{len(variants)} {core.variant_name(job, seed)}"
        try:
            entry = run_variant(api, job, i, seed, kept.get(_source(job)), options.force, label, log)
        except Exception as exc:  # a bug, not a user error: keep the traceback, finish the report
            traceback.print_exc()
            entry = {"job": i + 1, "name": core.variant_name(job, seed), "seed": seed, "status": "error",
                     "error": f"{type(exc).__name__}: {exc}"}
        if options.publish is not None and entry.get("status") == "ok":
            publish_variant(api, entry, options.publish, label, log)
        report["variants"].append(entry)
        if options.report:
            _write_json(options.report, report)

    if options.save:
        path = os.path.abspath(options.save)
        bpy.ops.wm.save_as_mainfile(filepath=path)
        report["saved"] = path
        log(f"saved {path}")
    statuses = [v["status"] for v in report["variants"]]
    report["summary"] = {s: statuses.count(s) for s in sorted(set(statuses))}
    report["exit_code"] = core.exit_code(statuses)
    report["finished"] = _now()
    if options.report:
        _write_json(options.report, report)
        log(f"report: {os.path.abspath(options.report)}")
    else:
        print(json.dumps(report, indent=2, sort_keys=True))
    log(f"done: {report['summary']} (exit code {report['exit_code']})")
    return report["exit_code"]
