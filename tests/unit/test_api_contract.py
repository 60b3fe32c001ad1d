"""addon/api.py keeps the Python API contract (shared DESIGN.md, "Python API"), read with ast so
it runs without bpy: every function exists with the documented parameters, defaults and
keyword-only markers, has type hints and a docstring with an example; errors are the documented
``WorldsmithError`` subclasses; and no api path reads UI context."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "addon" / "api.py"
NO_DEFAULT = object()

# name: (positional parameters with their defaults, keyword-only parameters with their defaults).
# Transcribed from the contract; arguments may grow (after these, or keyword-only), never break.
CONTRACT: dict[str, tuple[dict, dict]] = {
    "generate": ({"prompt": NO_DEFAULT}, {"seed": 0, "theme": None, "generator": "procedural", "max_assets": None,
                                           "texture_size": 512, "world": None}),
    "regenerate": ({"version": NO_DEFAULT}, {"seed": None, "keep": None}),
    "reroll": ({"version": NO_DEFAULT, "asset_ids": NO_DEFAULT}, {"seed": None}),
    "lock": ({"targets": NO_DEFAULT, "locked": True}, {}),
    "branch": ({"version": NO_DEFAULT, "name": NO_DEFAULT}, {}),
    "switch": ({"version": NO_DEFAULT}, {}),
    "versions": ({"world": None}, {}),
    "compare": ({"a": NO_DEFAULT, "b": NO_DEFAULT}, {}),
    "render_compare": ({"a": NO_DEFAULT, "b": NO_DEFAULT, "path": NO_DEFAULT}, {"size": (1024, 512)}),
    "reassign_material": ({"obj": NO_DEFAULT, "slot_index": NO_DEFAULT, "material": NO_DEFAULT}, {}),
    "replace_material": ({"version": NO_DEFAULT, "old": NO_DEFAULT, "new": NO_DEFAULT}, {}),
    "retexture": ({"obj": NO_DEFAULT, "slot_index": NO_DEFAULT, "prompt": NO_DEFAULT}, {"seed": 0}),
    "set_review": ({"version": NO_DEFAULT, "state": NO_DEFAULT, "note": None}, {}),
    "validate": ({"version": NO_DEFAULT, "preset": "gltf"}, {}),
    "export": ({"version": NO_DEFAULT, "path": NO_DEFAULT}, {"preset": "gltf"}),
}
RETURNS = {"generate": "Version", "regenerate": "Version", "reroll": "Version", "branch": "Version",
           "versions": "list[Version]", "compare": "Diff", "render_compare": "str", "replace_material": "int",
           "validate": "Report", "export": "list[str]"}
ERRORS = ("WorldsmithError", "BackendUnavailable", "GenerationFailed", "InvalidInput", "VersionFrozen",
          "ValidationFailed", "JobCancelled", "StateError")


def _functions() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(API.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


FUNCTIONS = _functions()


def _default(node: ast.expr | None):
    return NO_DEFAULT if node is None else ast.literal_eval(node)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_function_has_the_documented_parameters(name):
    assert name in FUNCTIONS, f"api.{name} is missing"
    args = FUNCTIONS[name].args
    positional, keyword_only = CONTRACT[name]
    names = [a.arg for a in args.posonlyargs + args.args]
    defaults = [None] * (len(names) - len(args.defaults)) + list(args.defaults)
    assert names[:len(positional)] == list(positional), f"api.{name} positional parameters: {names}"
    for pname, default in zip(names, defaults):
        if pname in positional:
            assert _default(default) == positional[pname], f"api.{name}({pname}=...) default"
        else:  # parameters added later must not make old calls fail
            assert default is not None, f"api.{name}: new positional parameter {pname!r} needs a default"
    kw = {a.arg: _default(d) for a, d in zip(args.kwonlyargs, args.kw_defaults)}
    for pname, default in keyword_only.items():
        assert pname in kw, f"api.{name}: {pname!r} must be keyword-only"
        assert kw[pname] == default, f"api.{name}(*, {pname}=...) default"
    extra_required = [p for p, d in kw.items() if d is NO_DEFAULT and p not in keyword_only]
    assert not extra_required, f"api.{name}: new keyword-only parameters need defaults: {extra_required}"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_function_has_type_hints_and_a_docstring_with_an_example(name):
    fn = FUNCTIONS[name]
    args = fn.args
    every = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
    assert all(a.annotation is not None for a in every), f"api.{name}: every parameter needs a type hint"
    assert fn.returns is not None, f"api.{name}: needs a return type hint"
    if name in RETURNS:
        assert ast.unparse(fn.returns) == RETURNS[name]
    doc = ast.get_docstring(fn) or ""
    assert len(doc.splitlines()[0]) > 10, f"api.{name}: the docstring should say what it does"
    assert re.search(rf">>> .*\b{name}\(", doc), f"api.{name}: the docstring needs an example calling it"


def test_every_function_in_all_exists_and_is_documented():
    tree = ast.parse(API.read_text(encoding="utf-8"))
    exported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == "__all__":
                exported += ast.literal_eval(node.value)
    functions = [n for n in exported if n in FUNCTIONS]
    assert set(CONTRACT) <= set(functions)
    for name in functions:
        assert ">>>" in (ast.get_docstring(FUNCTIONS[name]) or ""), f"api.{name} needs an example"
    docs = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    undocumented = [n for n in functions if not re.search(rf"`{n}\(", docs)]
    assert not undocumented, f"docs/python-api.md does not describe {undocumented}"


def test_errors_are_exported_and_form_one_hierarchy():
    from addon.core import errors

    text = API.read_text(encoding="utf-8")
    for name in ERRORS:
        assert re.search(rf"^\s+{name},$", text, re.M), f"api must re-export {name}"
        assert issubclass(getattr(errors, name), errors.WorldsmithError)
    assert errors.ValidationFailed("refused", report="r").report == "r"


UI_CONTEXT = re.compile(r"context\.(active_object|selected_\w+|object\b|area|space_data|region|screen|window"
                        r"|view_layer\.objects\.active|collection\b|active_\w+|edit_object)")
UI_MODULES = re.compile(r"^(ops_|ui_)|^(panels|operators|prefs|props)\.py$")


def test_no_api_path_reads_ui_context():
    """Operators may read the selection; what api calls may not (a batch run has no UI)."""
    offenders = []
    for path in sorted((ROOT / "addon").glob("*.py")):
        if UI_MODULES.search(path.name):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if UI_CONTEXT.search(line) and ">>>" not in line:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
