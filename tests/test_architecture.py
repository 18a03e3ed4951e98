"""The layers hold: the core lists in the import-linter contracts are complete and agree, and no
module-level import cycle exists in finagent (lazy imports included) but the ``from_env`` edge.

``lint-imports`` (CI) checks the contracts themselves; this keeps their module lists honest.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
FROM_ENV_EDGE = ("finagent.agent", "finagent.app.builder")

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def core_modules_on_disk() -> set[str]:
    package = ROOT / "finagent"
    names = {p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    names |= {p.parent.name for p in package.glob("*/__init__.py")}
    return names - {"app"}


def test_both_contracts_list_exactly_the_core_modules():
    layered, exhaustive = contracts()[0], contracts()[1]
    core_full = {m.strip().removeprefix("finagent.") for m in layered["layers"][-1].split(":")}
    core_short = {m.strip() for m in exhaustive["layers"][-1].split(":")}
    assert core_full == core_short == core_modules_on_disk()


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_level_import_cycle_in_finagent():
    graph = grimp.build_graph("finagent", "tools", "orchestrations", cache_dir=None)
    graph.remove_import(importer=FROM_ENV_EDGE[0], imported=FROM_ENV_EDGE[1])
    assert _cycles(graph, graph.find_descendants("finagent") | {"finagent"}) == []


def test_the_core_imports_no_data_code_and_no_app():
    graph = grimp.build_graph("finagent", "tools", "orchestrations", cache_dir=None)
    graph.remove_import(importer=FROM_ENV_EDGE[0], imported=FROM_ENV_EDGE[1])
    graph.remove_import(importer="finagent.testing.fmp", imported="finagent.app.fmp_testing")
    core = {f"finagent.{name}" for name in core_modules_on_disk()}
    for module in sorted(core):
        for upper in ("tools", "orchestrations", "finagent.app"):
            assert not graph.chain_exists(importer=module, imported=upper, as_packages=True), (
                f"{module} reaches {upper}"
            )
