"""``scripts/batch.py --recipe FILE``: reproduce a version from a recipe file in a fresh Blender.

    python scripts/batch.py --recipe v6.recipe.json --export out/v6.glb [--preset gltf] [--save out/v6.blend]
    python scripts/batch.py --recipe v6.recipe.json --set material.1.request.seed=7 --export out/s7.glb --render

``--set NODE.PARAM=VALUE`` changes one node's parameter before the run (``core.recipe.set_param``,
as ``api.sweep`` does; VALUE is JSON if it parses, else text); an unknown node or parameter exits
2 naming it. ``--render`` writes a preview PNG next to the export. With ``--report``, a run whose
report says it finished with the same recipe, settings and outputs skips (a farm task re-run).

The arguments and the file are checked here, before bpy loads (exit 2 with one line saying what
to fix); the recipe itself is checked by ``api.run_recipe``, which refuses a bad one (unknown node
type, a cycle, a missing input, a newer schema) naming the node, before anything is created
(also exit 2). The JSON report (``version_id``, ``number``, ``outputs``) goes to ``--report`` or
stdout.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from . import batch_core as core


@dataclass
class RecipeOptions:
    recipe: dict[str, Any]
    path: str
    export: str | None
    preset: str
    report: str | None
    save: str | None
    zip: str | None
    backend_data_dir: str | None = None
    sets: tuple[tuple[str, str, Any, str], ...] = ()   # (node, param, value, VALUE as typed)
    render_size: tuple[int, int] | None = None         # --render: a preview next to the export


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, as the rest of batch.py
        raise core.BadInput(f"{message} (see --help)")


def wanted(args: Sequence[str]) -> bool:
    return any(a == "--recipe" or a.startswith("--recipe=") for a in args)


def parse(args: Sequence[str]) -> RecipeOptions:
    p = Parser(prog="batch.py --recipe", description="Reproduce a version from a recipe file.", allow_abbrev=False)
    p.add_argument("--recipe", required=True, metavar="FILE.json", help="a file written from api.recipe(version)")
    p.add_argument("--export", metavar="FILE", help="export the new version here")
    p.add_argument("--preset", default="gltf", help=f"export preset: {', '.join(core.PRESETS)} (default gltf)")
    p.add_argument("--report", metavar="FILE.json", help="write the JSON report here")
    p.add_argument("--save", metavar="FILE.blend", help="save the .blend with the new version")
    p.add_argument("--zip", metavar="FILE.zip", help="extension zip to install if none is enabled")
    p.add_argument("--backend-data-dir", metavar="DIR", help="the backend's data folder (cache, logs) for this run")
    p.add_argument("--set", action="append", default=[], metavar="NODE.PARAM=VALUE",
                   help="change one node parameter first, e.g. material.1.request.seed=7 or layout.seed=3")
    p.add_argument("--render", action="store_true", help="a preview PNG next to the export (needs --export)")
    p.add_argument("--render-size", default="512x288", metavar="WxH", help="preview size (default 512x288)")
    ns = p.parse_args(list(args))
    if ns.preset not in core.PRESETS:
        raise core.BadInput(f"--preset {ns.preset!r} is unknown; use one of {', '.join(core.PRESETS)}")
    try:
        with open(ns.recipe, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as exc:
        raise core.BadInput(f"--recipe {ns.recipe}: cannot read it ({exc.strerror})") from None
    except ValueError as exc:
        raise core.BadInput(f"--recipe {ns.recipe}: not JSON ({exc})") from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise core.BadInput(f"--recipe {ns.recipe}: not a Worldsmith recipe (no 'nodes'); write one with api.recipe")
    sets = tuple(parse_set(data, text, ns.recipe) for text in ns.set)
    if ns.render and not ns.export:
        raise core.BadInput("--render writes the preview next to the export: add --export FILE")
    render_size = core.parse_size(ns.render_size) if ns.render else None
    for path, what in ((ns.export, "--export"), (ns.save, "--save"), (ns.report, "--report")):
        if path:
            core.ensure_writable_file(path, what)
    if ns.backend_data_dir:
        core.ensure_writable_dir(ns.backend_data_dir, "backend data folder")
    return RecipeOptions(data, ns.recipe, ns.export, ns.preset, ns.report, ns.save, ns.zip,
                         ns.backend_data_dir and os.path.abspath(ns.backend_data_dir), sets, render_size)


def parse_set(data: dict[str, Any], text: str, path: str) -> tuple[str, str, Any, str]:
    """``NODE.PARAM=VALUE`` against the recipe's nodes (ids may hold dots: ``material.1``): the
    longest node id that prefixes it, and a parameter that node has; ``BadInput`` naming either."""
    key, eq, raw = text.partition("=")
    if not eq:
        raise core.BadInput(f"--set {text!r}: write NODE.PARAM=VALUE, e.g. layout.seed=3")
    nodes = {str(n.get("id")): n for n in data.get("nodes") or [] if isinstance(n, dict)}
    node = max((i for i in nodes if key.startswith(i + ".")), key=len, default=None)
    if node is None:
        raise core.BadInput(f"--set {text!r}: no node of {path} matches {key!r}; "
                            f"its nodes are {', '.join(nodes) or 'none'}")
    param, target = key[len(node) + 1:], nodes[node].get("params") or {}
    for part in param.split("."):
        if not isinstance(target, dict) or part not in target:
            raise core.BadInput(f"--set {text!r}: node {node!r} has no parameter {param!r}; "
                                f"it has {', '.join(sorted(nodes[node].get('params') or {})) or 'none'}")
        target = target[part]
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return node, param, value, raw


def _settings(options: RecipeOptions) -> dict[str, Any]:
    return {"recipe_sha256": core.file_sha256(options.path), "set": [list(s[:3]) for s in options.sets],
            "preset": options.preset, "export": options.export and os.path.abspath(options.export),
            "render": list(options.render_size) if options.render_size else None}


def finished(options: RecipeOptions) -> bool:
    """The report says an earlier run with these settings finished, and its outputs are unchanged."""
    try:
        with open(options.report or "", encoding="utf-8") as f:
            old = json.load(f)
        same = old.get("exit_code") == 0 and old.get("settings") == _settings(options)
        return same and all(core.file_sha256(o["path"]) == o["sha256"] for o in old["outputs"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _write(options: RecipeOptions, report: dict[str, Any]) -> None:
    text = json.dumps(report, indent=2)
    if options.report:
        with open(options.report + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(options.report + ".tmp", options.report)
    else:
        print(text, flush=True)


def _failed(options: RecipeOptions, code: int, status: str, error: str) -> int:
    value = options.sets[-1][3] if options.sets else None
    _write(options, {"recipe": options.path, "settings": _settings(options), "exit_code": code,
                     "outputs": [], "variants": [{"value": value, "status": status, "error": error}]})
    return code


def _apply_sets(data: dict[str, Any], options: RecipeOptions) -> dict[str, Any]:
    from addon.core import recipe as rules  # the checkout's pure rules (wslib puts it on sys.path)

    if not options.sets:
        return data
    graph = rules.from_dict(data)
    for node, param, value, _ in options.sets:
        graph = rules.set_param(graph, node, param, value)
    return graph.to_dict()


def run(api: Any, options: RecipeOptions, log: Callable[[str], None]) -> int:
    if options.report and finished(options):
        log(f"{options.report}: finished earlier with these settings and its outputs are unchanged; skipping")
        return 0
    from addon.core.errors import InvalidInput  # the checkout's: core.recipe raises it (RecipeError)

    try:
        version = api.run_recipe(_apply_sets(options.recipe, options))
    except (api.InvalidInput, InvalidInput) as exc:
        log(f"the recipe was refused: {exc}")
        return _failed(options, core.EXIT_BAD_INPUT, "error", f"the recipe was refused: {exc}")
    except api.WorldsmithError as exc:
        log(f"the recipe could not run: {exc}")
        return _failed(options, core.EXIT_GENERATION, "generation_failed", f"the recipe could not run: {exc}")
    outputs = []
    if options.export:
        for path in api.export(version, options.export, preset=options.preset, overwrite=True):
            outputs.append({"path": path, "sha256": core.file_sha256(path), "bytes": os.path.getsize(path),
                            "kind": "export"})
    if options.render_size:
        preview = os.path.splitext(os.path.abspath(options.export))[0] + ".png"
        path = api.render_preview(version, preview, size=options.render_size)
        outputs.append({"path": path, "sha256": core.file_sha256(path), "bytes": os.path.getsize(path),
                        "kind": "preview"})
    if options.save:
        import bpy

        bpy.ops.wm.save_as_mainfile(filepath=os.path.abspath(options.save))
    report = {"recipe": options.path, "version_id": version.id, "number": version.number,
              "assets": len(version.assets()), "outputs": outputs, "settings": _settings(options), "exit_code": 0,
              "variants": [{"value": options.sets[-1][3] if options.sets else None, "status": "ok",
                            "version_id": version.id, "outputs": outputs}]}
    _write(options, report)
    log(f"made {version.collection.name} from {options.path}")
    return 0
