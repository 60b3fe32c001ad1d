"""The layout rules of addon/ (issue: one room per feature), read from the source with ast, no bpy:

- no import cycle between addon modules (imports inside functions count; ``if TYPE_CHECKING`` ones
  do not, they never run);
- no module takes or reaches into another module's ``_private`` names;
- layers only look down: ``core`` imports nothing of the add-on but ``core``; ``service`` only
  ``core``; ``scene`` only ``core`` and ``service``; features never import ``api`` except from their
  ``ops`` modules, which are the layer above it;
- modules stay readable in one sitting (``api.py``, the documented facade, is the exception).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADDON = Path(__file__).resolve().parents[2] / "addon"
MAX_LINES = 400
LAYERS = {  # package -> the add-on packages it may import from (itself always allowed)
    "core": set(),
    "service": {"core"},
    "scene": {"core", "service"},
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ADDON).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(ADDON.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST):
    """ast.walk, skipping the body of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for sub in child.orelse:
                yield sub
                yield from _walk(sub)
            continue
        yield child
        yield from _walk(child)


def _resolve(current: str, level: int, module: str | None) -> str:
    is_package = MODULES[current].name == "__init__.py"
    base = current.split(".") if current else []
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[:len(base) - (level - 1)]
    return ".".join(p for p in base + (module.split(".") if module else []) if p)


def imports(name: str) -> list[tuple[str, list[str], int]]:
    """(imported add-on module, names taken from it, line) for every relative import of ``name``."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = []
    for node in _walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            target = _resolve(name, node.level, node.module)
            names = [alias.name for alias in node.names]
            # "from . import x" imports the submodule x when there is one.
            subs = [f"{target}.{n}".strip(".") for n in names if f"{target}.{n}".strip(".") in MODULES]
            if subs:
                found += [(sub, [], node.lineno) for sub in subs]
            else:
                found.append((target, names, node.lineno))
    return found


def graph() -> dict[str, set[str]]:
    return {name: {target for target, _, _ in imports(name) if target in MODULES and target != name}
            for name in MODULES}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_checker_sees_a_cycle_and_a_private_import():
    """The checks below can fail: a made-up graph with a cycle is caught."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_inside_the_addon():
    cycle = find_cycle(graph())
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}"


def test_no_module_takes_another_modules_private_names():
    offenders = []
    for name in MODULES:
        for target, names, line in imports(name):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and target != name:
                offenders.append(f"{MODULES[name].relative_to(ADDON)}:{line} takes {private} from {target}")
        # module._private attribute access on an imported add-on module
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        aliases = {alias.asname or alias.name for node in _walk(tree) if isinstance(node, ast.ImportFrom)
                   and node.level > 0 for alias in node.names}
        for node in _walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                offenders.append(f"{MODULES[name].relative_to(ADDON)}:{node.lineno} reaches into "
                                 f"{node.value.id}.{node.attr}")
    assert offenders == []


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_lower_layers_never_import_features(package):
    allowed = LAYERS[package] | {package}
    offenders = [f"{name} imports {target}" for name in MODULES if name.split(".")[0] == package
                 for target in graph()[name] if target.split(".")[0] not in allowed]
    assert offenders == []


def test_only_operator_modules_call_the_api_facade():
    offenders = [name for name in MODULES if "api" in graph()[name] and not name.endswith(".ops")]
    assert offenders == []


def test_modules_stay_small():
    big = {name: n for name, path in MODULES.items() if name != "api"
           and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert big == {}
