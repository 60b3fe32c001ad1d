"""The recipe variant of a farm sweep: one recipe file x the values of one node's parameter (a
seed, a prompt), one task per value. Pure: no bpy; the template parts come from ``farm``.

Each task runs ``batch.py --recipe FILE --set NODE.PARAM=VALUE`` into
``OUTPUT_ROOT/JOB_NAME/variants/v<VALUE>/`` (export, preview, report); the Collect step writes one
report and a contact sheet, as the prompt sweep does. Whole-number values are an OpenJD INT
range (``Values`` is a job parameter, e.g. ``1-8``); other values are STRING task values written
into the template.

>>> b = recipe_sweep_bundle(RecipeSweep(recipe="/r/v2.json", node="layout", param="seed",
...                                     values="1-3", output_root="/out"))
>>> b.template["steps"][0]["parameterSpace"]["taskParameterDefinitions"][0]
{'name': 'Value', 'type': 'INT', 'range': '{{Param.Values}}'}
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

from . import farm, presets
from .farm import FarmBundleError, blender_action, common_params, make_bundle, param


@dataclass(frozen=True)
class RecipeSweep:
    """One recipe file x values of one node parameter (``material.1`` / ``request.seed``)."""
    recipe: str
    node: str
    param: str
    values: str | Iterable[Any]
    output_root: str
    preset: str = "gltf"
    render_size: tuple[int, int] = (512, 288)
    worldsmith_root: str = ""
    blender: str = "blender"
    name: str = ""


def sweep_values(values: str | Iterable[Any]) -> tuple[str, str | list[str]]:
    """``("INT", "1-4")`` for whole numbers (a range expression), else ``("STRING", [...])``."""
    items = values if not isinstance(values, str) else None
    if isinstance(values, str):
        try:
            return "INT", farm.seed_range(values)
        except FarmBundleError:
            items = [v.strip() for v in values.split(",")]
    items = list(items or [])
    if items and all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        return "INT", farm.seed_range(items)
    texts = list(dict.fromkeys(str(v) for v in items))
    if not texts or len(texts) > farm.MAX_TASKS:
        raise FarmBundleError(f"values {values!r}: give 1..{farm.MAX_TASKS} values, e.g. 1-8 or 'red,blue'")
    for text in texts:
        if not text.strip() or re.search(r"[,/\\\x00-\x1f]|\{\{", text) or len(text) > 200:
            raise FarmBundleError(f"value {text!r}: each value is 1..200 characters without ',', '/', '\\' or '{{{{'"
                                  " (it names the task's folder)")
    return "STRING", texts


def _check(s: RecipeSweep) -> None:
    farm.check_common(s.output_root, s.blender, s.name)
    if not s.recipe.lower().endswith(".json"):
        raise FarmBundleError(f"{s.recipe!r} is not a recipe file (.json): write one with api.recipe(version)")
    if not re.fullmatch(r"[\w:.-]+", s.node or ""):
        raise FarmBundleError(f"node {s.node!r}: give a node id of the recipe, e.g. layout or material.1")
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", s.param or ""):
        raise FarmBundleError(f"parameter {s.param!r}: give a parameter name, dots into dicts (request.seed)")
    if s.preset not in farm.PRESETS:
        raise FarmBundleError(f"preset {s.preset!r} is unknown: use one of {', '.join(farm.PRESETS)}")
    if not all(16 <= v <= 8192 for v in s.render_size):
        raise FarmBundleError(f"render size {s.render_size}: width and height 16..8192")


def recipe_sweep_bundle(s: RecipeSweep) -> farm.Bundle:
    _check(s)
    kind, values = sweep_values(s.values)
    shown = values if kind == "INT" else ",".join(values)
    width, height = s.render_size
    content = {"recipe": s.recipe, "node": s.node, "param": s.param, "values": values, "preset": s.preset,
               "render_size": f"{width}x{height}"}
    title = os.path.splitext(os.path.basename(s.recipe))[0] + f"-{s.node}-{s.param}"
    name = s.name or farm.content_name(title, content)
    job_dir = "{{Param.OutputRoot}}/{{Param.JobName}}"
    task_dir = job_dir + "/variants/v{{Task.Param.Value}}"
    params = common_params(s.worldsmith_root, s.output_root, s.blender, name) + [
        param("RecipeFile", "PATH", s.recipe, "The recipe file (written with api.recipe).", objectType="FILE",
               dataFlow="IN", userInterface={"control": "CHOOSE_INPUT_FILE", "label": "Recipe file",
                                             "groupLabel": "World",
                                             "fileFilters": [{"label": "Recipes", "patterns": ["*.json"]}]}),
        param("Node", "STRING", s.node, "The recipe node to vary (layout, material.1, ...).", minLength=1,
               userInterface={"groupLabel": "World"}),
        param("Param", "STRING", s.param, "Its parameter, dots into dicts (seed, request.seed, request.prompt).",
               minLength=1, userInterface={"groupLabel": "World"}),
        param("Values", "STRING", shown, "One task per value: a range expression such as 1-8" if kind == "INT"
               else "The task values (comma separated; fixed when the bundle was written).", minLength=1,
               userInterface={"groupLabel": "World"} if kind == "INT" else {"control": "HIDDEN"}),
        param("RenderSize", "STRING", f"{width}x{height}", "Preview size per variant (WIDTHxHEIGHT); the "
               "contact sheet tiles them.", minLength=3, userInterface={"groupLabel": "Output"}),
    ]
    export = task_dir + "/variant" + presets.get(s.preset).extensions[0]  # the preset is fixed: it names the file
    args = ["--recipe", "{{Param.RecipeFile}}", "--set", "{{Param.Node}}.{{Param.Param}}={{Task.Param.Value}}",
            "--preset", s.preset, "--export", export, "--render", "--render-size", "{{Param.RenderSize}}",
            "--report", task_dir + "/report.json", "--backend-data-dir", task_dir + "/backend"]
    task_range = "{{Param.Values}}" if kind == "INT" else values
    template = {
        "specificationVersion": farm.SPECIFICATION,
        "name": "Worldsmith recipe sweep {{Param.JobName}}",
        "description": "Worldsmith recipe sweep: one task per value of one node parameter (run the recipe, "
                       "export, preview), then one report and a contact sheet. Written by Worldsmith; runs "
                       "with `openjd run` or `deadline bundle submit`.",
        "parameterDefinitions": params,
        "jobEnvironments": [farm.isolation_environment()],
        "steps": [
            {"name": "Variants",
             "description": "One recipe run per task; a task whose finished report and outputs exist skips.",
             "parameterSpace": {"taskParameterDefinitions": [{"name": "Value", "type": kind, "range": task_range}]},
             "script": {"actions": {"onRun": blender_action("scripts/batch.py", args, 3600)}}},
            {"name": "Collect",
             "description": "One report and one contact sheet from the variants' reports.",
             "dependencies": [{"dependsOn": "Variants"}],
             "script": {"actions": {"onRun": blender_action(
                 "scripts/farm_collect.py",
                 ["--job-dir", job_dir, "--values", "{{Param.Values}}", "--tile", "{{Param.RenderSize}}"], 600)}}},
        ],
    }
    return make_bundle(template, {"OutputRoot": s.output_root, "WorldsmithRoot": s.worldsmith_root,
                              "RecipeFile": s.recipe})
