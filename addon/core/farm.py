"""Open Job Description job bundles: a world's variant sweep, or an export of a saved .blend, as
a job a render farm runs (AWS Deadline Cloud, or ``openjd run`` on one machine). Pure: no bpy.

A bundle is a folder with ``template.json`` (schema ``jobtemplate-2023-09``; JSON is YAML, and
both ``openjd`` and ``deadline bundle submit`` read it) and the values of the world it was
written for: ``parameter_values.json`` (what ``deadline bundle submit`` reads) and
``openjd-parameters.json`` (the same values as ``openjd run -p file://...`` takes them). Plain
values are also the template's defaults; paths are job parameters without defaults (OpenJD allows
only relative default paths), never baked into commands, so path mapping works on a farm.

Every task runs ``BLENDER --background --python ROOT/scripts/batch.py -- ...`` (``Blender`` is a
job parameter: ``blender`` on a farm, ``ROOT/scripts/bpy-blender`` for the bpy module), writes
only into its own folder under ``OUTPUT_ROOT/JOB_NAME/``, and starts its own backend on loopback
with its data folder inside that task folder. ``batch.py`` resumes from manifests, so a task that
runs again over finished outputs skips; a failed task exits with batch's exit code.

>>> b = sweep_bundle(Sweep(prompt="a courtyard", seeds="1-4", output_root="/out"))
>>> [s["name"] for s in b.template["steps"]], b.values["OutputRoot"]
(['Variants', 'Collect'], '/out')
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

from . import presets, spec
from .errors import InvalidInput

SPECIFICATION = "jobtemplate-2023-09"
TEMPLATE_FILE = "template.json"
DEADLINE_VALUES_FILE = "parameter_values.json"
OPENJD_VALUES_FILE = "openjd-parameters.json"
THEMES = ("auto",) + tuple(spec.THEMES)  # auto: from the prompt (batch.py --theme auto)
PRESETS = tuple(presets.PRESETS)
MAX_TASKS = 1000


class FarmBundleError(InvalidInput):
    """A bundle cannot be written as asked; the message says what to change."""


@dataclass(frozen=True)
class Sweep:
    """One prompt x seeds: one task per seed, then a step that collects the reports."""
    prompt: str
    output_root: str
    seeds: str | Iterable[int] = "1-4"
    theme: str | None = None
    generator: str = "procedural"
    preset: str = "gltf"
    texture_size: int = 512
    max_assets: int | None = None
    render_size: tuple[int, int] = (512, 288)
    worldsmith_root: str = ""
    blender: str = "blender"
    name: str = ""


@dataclass(frozen=True)
class SavedExport:
    """Export one version of the world saved in a .blend with each preset: one task per preset."""
    blend: str
    output_root: str
    presets: tuple[str, ...] = ("gltf",)
    version: str = "latest"
    worldsmith_root: str = ""
    blender: str = "blender"
    name: str = ""


# ---- values -------------------------------------------------------------------------------------

def seed_range(seeds: str | Iterable[int]) -> str:
    """Seeds (``"1-4,9"``, ``[1, 2, 3]``) as an OpenJD range expression, ascending, no repeats."""
    values: set[int] = set()
    parts = seeds.split(",") if isinstance(seeds, str) else list(seeds)
    for part in parts:
        text = str(part).strip()
        match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", text)
        if not match or isinstance(part, bool):
            raise FarmBundleError(f"seeds {seeds!r}: {text!r} is not a seed or a range like 1-8")
        lo, hi = int(match[1]), int(match[2] or match[1])
        if hi < lo:
            raise FarmBundleError(f"seed range {text} runs backwards: write {hi}-{lo}")
        if hi > 2**32 - 1 or hi - lo + 1 + len(values) > MAX_TASKS:
            raise FarmBundleError(f"seeds {seeds!r}: seeds are 0..{2**32 - 1}, at most {MAX_TASKS} per sweep")
        values.update(range(lo, hi + 1))
    if not values:
        raise FarmBundleError("seeds are empty: give a range like 1-8 or a list like 1,3,5")
    ordered, runs = sorted(values), []
    start = prev = ordered[0]
    for value in ordered[1:] + [None]:
        if value is not None and value == prev + 1:
            prev = value
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if value is not None:
            start = prev = value
    return ",".join(runs)


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-") or "world"


def content_name(title: str, values: dict[str, Any]) -> str:
    """``<slug>-<8 hex>``: two different sweeps get different names, so different folders under
    the same output root; the same sweep written again gets the same one, so it resumes."""
    digest = hashlib.sha256(json.dumps(values, sort_keys=True, default=list).encode()).hexdigest()
    return f"{slug(title, 40)}-{digest[:8]}"


def check_common(output_root: str, blender: str, name: str) -> None:
    if not output_root:
        raise FarmBundleError("give an output root: the folder every task writes under (shared storage on a farm)")
    if not blender.strip():
        raise FarmBundleError("give the Blender command the workers run (e.g. blender)")
    if name and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name):
        raise FarmBundleError(f"job name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)")


def _check_sweep(s: Sweep) -> None:
    check_common(s.output_root, s.blender, s.name)
    if not isinstance(s.prompt, str) or not 1 <= len(s.prompt.strip()) <= 2000:
        raise FarmBundleError("the prompt must be text of 1..2000 characters")
    if (s.theme or "auto") not in THEMES:
        raise FarmBundleError(f"theme {s.theme!r} is unknown: use one of {', '.join(THEMES)}")
    if s.preset not in PRESETS:
        raise FarmBundleError(f"preset {s.preset!r} is unknown: use one of {', '.join(PRESETS)}")
    if not 64 <= s.texture_size <= 4096 or s.texture_size & (s.texture_size - 1):
        raise FarmBundleError(f"texture size {s.texture_size}: a power of two, 64..4096")
    if s.max_assets is not None and not 1 <= s.max_assets <= 1000:
        raise FarmBundleError(f"max assets {s.max_assets}: 1..1000, or none for no cap")
    if not all(16 <= v <= 8192 for v in s.render_size):
        raise FarmBundleError(f"render size {s.render_size}: width and height 16..8192")


# ---- template parts -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Bundle:
    template: dict[str, Any]
    values: dict[str, Any]     # every job parameter's value for the world it was written for


def param(name: str, kind: str, value: Any, description: str, **extra: Any) -> dict[str, Any]:
    out = {"name": name, "type": kind, "description": description}
    if value not in (None, "") and kind != "PATH":  # OpenJD: default paths must be relative
        out["default"] = value
    out.update(extra)
    return out


def common_params(root: str, output_root: str, blender: str, name: str) -> list[dict[str, Any]]:
    return [
        param("JobName", "STRING", name, "Names the job and its folder under OutputRoot: jobs with different "
               "names never share a file; the same name resumes.", minLength=1, maxLength=64,
               userInterface={"label": "Job name", "groupLabel": "Output"}),
        param("OutputRoot", "PATH", output_root, "Every task writes under OutputRoot/JobName (shared storage "
               "on a farm).", objectType="DIRECTORY", dataFlow="OUT",
               userInterface={"control": "CHOOSE_DIRECTORY", "label": "Output root", "groupLabel": "Output"}),
        param("WorldsmithRoot", "PATH", root, "The Worldsmith checkout on the workers (holds scripts/batch.py).",
               objectType="DIRECTORY", dataFlow="NONE",
               userInterface={"control": "CHOOSE_DIRECTORY", "label": "Worldsmith folder", "groupLabel": "Worker"}),
        param("Blender", "STRING", blender, "What runs `--background --python SCRIPT -- ARGS` on a worker: "
               "blender (Blender 4.2+), or WorldsmithRoot/scripts/bpy-blender for a Python with the bpy module.",
               minLength=1, userInterface={"label": "Blender command", "groupLabel": "Worker"}),
    ]


def isolation_environment() -> dict[str, Any]:
    # Each session gets its own Blender user folder (the extension is installed there from
    # WorldsmithRoot) and no backend URL, so every task starts its own backend on loopback.
    return {"name": "WorldsmithIsolation", "description": "Own Blender user folder and local backend per session.",
            "variables": {"BLENDER_USER_RESOURCES": "{{Session.WorkingDirectory}}/blender-user",
                          "XDG_CACHE_HOME": "{{Session.WorkingDirectory}}/cache",
                          "WORLDSMITH_BACKEND_URL": "", "PYTHONUNBUFFERED": "1"}}


def blender_action(script: str, args: list[str], timeout: int) -> dict[str, Any]:
    return {"command": "{{Param.Blender}}", "timeout": timeout,
            "args": ["--background", "--python", "{{Param.WorldsmithRoot}}/" + script, "--", *args]}


def make_bundle(template: dict[str, Any], paths: dict[str, str]) -> Bundle:
    values = {p["name"]: p["default"] for p in template["parameterDefinitions"] if "default" in p}
    return Bundle(template, {**values, **paths})


# ---- the two templates --------------------------------------------------------------------------

def sweep_bundle(s: Sweep) -> Bundle:
    _check_sweep(s)
    seeds = seed_range(s.seeds)
    width, height = s.render_size
    theme = s.theme or "auto"
    values = {"prompt": s.prompt, "seeds": seeds, "theme": theme, "generator": s.generator, "preset": s.preset,
              "texture_size": s.texture_size, "max_assets": s.max_assets or 0, "render_size": f"{width}x{height}"}
    name = s.name or content_name(s.prompt, values)
    job_dir = "{{Param.OutputRoot}}/{{Param.JobName}}"
    task_dir = job_dir + "/variants/s{{Task.Param.Seed}}"
    params = common_params(s.worldsmith_root, s.output_root, s.blender, name) + [
        param("Prompt", "STRING", s.prompt, "What to make.", minLength=1, maxLength=2000,
               userInterface={"control": "MULTILINE_EDIT", "groupLabel": "World"}),
        param("Seeds", "STRING", seeds, "One task per seed: a range expression such as 1-8 or 1,3,5-7.",
               minLength=1, userInterface={"groupLabel": "World"}),
        param("Theme", "STRING", theme, "Setting; auto reads it from the prompt.", allowedValues=list(THEMES),
               userInterface={"groupLabel": "World"}),
        param("Generator", "STRING", s.generator, "Backend generator.", minLength=1,
               userInterface={"groupLabel": "World"}),
        param("TextureSize", "INT", s.texture_size, "Texture size per asset (a power of two).", minValue=64,
               maxValue=4096, userInterface={"groupLabel": "World"}),
        param("MaxAssets", "INT", s.max_assets or 0, "Cap on the asset count; 0 = no cap.", minValue=0,
               maxValue=1000, userInterface={"groupLabel": "World"}),
        param("Preset", "STRING", s.preset, "Validation and export preset.", allowedValues=list(PRESETS),
               userInterface={"groupLabel": "Output"}),
        param("RenderSize", "STRING", f"{width}x{height}", "Preview size per variant (WIDTHxHEIGHT); the "
               "contact sheet tiles them.", minLength=3, userInterface={"groupLabel": "Output"}),
    ]
    variant_args = ["--prompt", "{{Param.Prompt}}", "--theme", "{{Param.Theme}}", "--seeds", "{{Task.Param.Seed}}",
                    "--generator", "{{Param.Generator}}", "--preset", "{{Param.Preset}}",
                    "--texture-size", "{{Param.TextureSize}}", "--max-assets", "{{Param.MaxAssets}}",
                    "--render", "--render-size", "{{Param.RenderSize}}", "--export", task_dir,
                    "--report", task_dir + "/report.json", "--backend-data-dir", task_dir + "/backend"]
    template = {
        "specificationVersion": SPECIFICATION,
        "name": "Worldsmith sweep {{Param.JobName}}",
        "description": "Worldsmith variant sweep: one task per seed (generate, validate, export, preview), "
                       "then one report and a contact sheet. Written by Worldsmith; runs with `openjd run` "
                       "or `deadline bundle submit`.",
        "parameterDefinitions": params,
        "jobEnvironments": [isolation_environment()],
        "steps": [
            {"name": "Variants",
             "description": "One variant per task; a task over finished outputs skips (batch.py resumes).",
             "parameterSpace": {"taskParameterDefinitions": [{"name": "Seed", "type": "INT",
                                                              "range": "{{Param.Seeds}}"}]},
             "script": {"actions": {"onRun": blender_action("scripts/batch.py", variant_args, 3600)}}},
            {"name": "Collect",
             "description": "One report and one contact sheet from the variants' reports.",
             "dependencies": [{"dependsOn": "Variants"}],
             "script": {"actions": {"onRun": blender_action(
                 "scripts/farm_collect.py",
                 ["--job-dir", job_dir, "--seeds", "{{Param.Seeds}}", "--tile", "{{Param.RenderSize}}"], 600)}}},
        ],
    }
    return make_bundle(template, {"OutputRoot": s.output_root, "WorldsmithRoot": s.worldsmith_root})


def export_bundle(e: SavedExport) -> Bundle:
    check_common(e.output_root, e.blender, e.name)
    chosen = list(dict.fromkeys(e.presets))
    unknown = [p for p in chosen if p not in PRESETS]
    if not chosen or unknown:
        raise FarmBundleError(f"presets {unknown or chosen!r}: use some of {', '.join(PRESETS)}")
    if not e.blend.lower().endswith(".blend"):
        raise FarmBundleError(f"{e.blend!r} is not a .blend file: save the world first")
    values = {"blend": e.blend, "version": e.version, "presets": chosen}
    name = e.name or content_name(os.path.splitext(os.path.basename(e.blend))[0] + "-export", values)
    task_dir = "{{Param.OutputRoot}}/{{Param.JobName}}/{{Task.Param.Preset}}"
    params = common_params(e.worldsmith_root, e.output_root, e.blender, name) + [
        param("BlendFile", "PATH", e.blend, "The saved .blend holding the world.", objectType="FILE",
               dataFlow="IN", userInterface={"control": "CHOOSE_INPUT_FILE", "label": "Blend file",
                                             "groupLabel": "World",
                                             "fileFilters": [{"label": "Blender files", "patterns": ["*.blend"]}]}),
        param("Version", "STRING", e.version, "Which version: latest, published (the newest in the team "
               "folder), approved (the newest approved one) or a version id.", minLength=1,
               userInterface={"groupLabel": "World"}),
        param("Presets", "STRING", ",".join(chosen), "One task per preset (comma separated).", minLength=1,
               userInterface={"groupLabel": "Output"}),
    ]
    args = ["--blend", "{{Param.BlendFile}}", "--version", "{{Param.Version}}", "--preset", "{{Task.Param.Preset}}",
            "--export", task_dir, "--report", task_dir + "/report.json"]
    template = {
        "specificationVersion": SPECIFICATION,
        "name": "Worldsmith export {{Param.JobName}}",
        "description": "Export one version of a saved Worldsmith world with each preset, one task per preset.",
        "parameterDefinitions": params,
        "jobEnvironments": [isolation_environment()],
        "steps": [{"name": "Export",
                   "parameterSpace": {"taskParameterDefinitions": [
                       {"name": "Preset", "type": "STRING", "range": chosen}]},
                   "script": {"actions": {"onRun": blender_action("scripts/batch.py", args, 3600)}}}],
    }
    return make_bundle(template, {"OutputRoot": e.output_root, "WorldsmithRoot": e.worldsmith_root,
                              "BlendFile": e.blend})


def write_bundle(folder: str, bundle: Bundle, *, overwrite: bool = False) -> str:
    """Write the bundle into ``folder`` (created): the template and its values in both tools'
    formats. Refuses to replace another bundle unless ``overwrite``. Returns the template's path."""
    missing = [name for name in ("OutputRoot", "WorldsmithRoot") if not bundle.values.get(name)]
    if missing:
        raise FarmBundleError(f"give {' and '.join(missing)}: the workers need the folder"
                              f"{'s' if len(missing) > 1 else ''} (the Worldsmith checkout holds scripts/batch.py)")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, TEMPLATE_FILE)
    if os.path.exists(path) and not overwrite:
        raise FarmBundleError(f"{path} exists: choose another folder or allow overwriting")
    deadline = {"parameterValues": [{"name": k, "value": v} for k, v in bundle.values.items()]}
    for name, data in ((DEADLINE_VALUES_FILE, deadline), (OPENJD_VALUES_FILE, bundle.values),
                       (TEMPLATE_FILE, bundle.template)):
        target = os.path.join(folder, name)
        with open(target + ".tmp", "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
        os.replace(target + ".tmp", target)  # the template last: a half-written bundle has none
    return path
