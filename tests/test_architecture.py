"""The package's shape: subpackages whose runtime imports point one way, with no import circle.

Layers, lowest first (a module may import its own layer and the layers below):

    params -> mechanisms -> scenario -> model -> batch | analysis -> validation -> dashboard -> cli

``analysis`` reads results and never runs a model, so it imports neither ``model``
nor ``batch``. Imports under ``if TYPE_CHECKING:`` are for type hints only and are
not counted. The graph is read from the source with :mod:`ast`, so a function-level
(lazy) import counts like any other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

SIM = ROOT / "sim"
LAYERS: dict[str, int] = {
    "params": 0,
    "mechanisms": 1,
    "scenario": 2,
    "model": 3,
    "batch": 4,
    "analysis": 4,
    "validation": 5,
    "dashboard": 6,
    "cli": 7,
}
# What each subpackage may import besides itself (the layers below it, minus the exceptions).
ALLOWED: dict[str, set[str]] = {
    pkg: {other for other, level in LAYERS.items() if level < LAYERS[pkg]} for pkg in LAYERS
}
ALLOWED["analysis"] -= {"model", "batch"}  # reads results; runs nothing
ALLOWED["analysis"] |= {"scenario"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sim_modules() -> dict[str, Path]:
    return {module_name(p): p for p in SIM.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in _runtime_imports_in(child))
            continue
        yield from _runtime_imports_in(node)


def _runtime_imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
        return
    if isinstance(node, ast.If) and _is_type_checking(node):
        return
    for child in ast.iter_child_nodes(node):
        yield from _runtime_imports_in(child)


def import_graph() -> dict[str, set[str]]:
    """Module -> the sim modules it imports at run time (``from sim.x import y`` resolves y if it is a module)."""
    modules = sim_modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif node.module and node.level == 0:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    targets.append(sub if sub in modules else node.module)
            for target in targets:
                if target.startswith("sim") and target in modules and target != name:
                    graph[name].add(target)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the graph's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def package_of(module: str) -> str | None:
    """The subpackage a module belongs to (None for ``sim`` itself and ``sim.__main__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_sim_holds_only_the_entry_points_and_subpackages():
    loose = sorted(p.name for p in SIM.iterdir() if p.is_file() and p.suffix == ".py")
    assert loose == ["__init__.py", "__main__.py"]
    packages = sorted(p.name for p in SIM.iterdir() if (p / "__init__.py").is_file())
    assert set(packages) == set(LAYERS), f"subpackages {packages} differ from the layers {sorted(LAYERS)}"


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_every_subpackage_says_what_it_is_for_and_what_it_may_import(package):
    doc = ast.get_docstring(ast.parse((SIM / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc, f"sim/{package}/__init__.py has no docstring"
    assert "import" in doc.lower(), f"sim/{package}/__init__.py does not say what it may import"


def test_no_import_circle_among_runtime_imports():
    assert strongly_connected(import_graph()) == []


def test_imports_point_one_way_between_subpackages():
    wrong = []
    for module, targets in import_graph().items():
        source = package_of(module)
        if source is None:  # sim/__init__.py and sim/__main__.py: the public surface
            continue
        for target in targets:
            dest = package_of(target)
            if dest is not None and dest != source and dest not in ALLOWED[source]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layer order: " + "; ".join(sorted(wrong))


def test_the_checker_sees_a_circle_and_skips_type_only_imports():
    graph = {"sim.a.x": {"sim.b.y"}, "sim.b.y": {"sim.a.x"}, "sim.c.z": set()}
    assert strongly_connected(graph) == [["sim.a.x", "sim.b.y"]]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sim.model.cxmodel\nimport sim.params\n"
    )
    assert [n.names[0].name for n in _runtime_imports(tree) if isinstance(n, ast.Import)] == ["sim.params"]
