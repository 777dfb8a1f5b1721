"""The package's shape, checked from its source with `ast` (nothing is imported):

- no import cycles between claimledger modules, counting imports inside functions and under
  TYPE_CHECKING as well as those at the top of a module;
- no module over MAX_LINES lines;
- a stage uses the stages before it, never those after (clean does not reach extract...);
- only `claimledger.store` talks to the database: nothing else imports sqlalchemy or the schema.

Each rule has an explicit allow-list of today's exceptions, which other work is removing. A
test fails when an exception has gone, so the lists only shrink.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claimledger"
MAX_LINES = 500

# Modules over MAX_LINES lines that are being split now (issue 12); remove a name once its
# module is under the limit. Keys are paths relative to src/claimledger.
STILL_TOO_LONG = {
}

# Import cycles that are being broken, each one strongly connected set of modules. None today
# (reconcile's engine and its worker processes were the last, issue 12).
ALLOWED_CYCLES: set[frozenset[str]] = set()

# Modules outside claimledger.store that still use the database directly. None today (export,
# review, users, serve and reconcile went through the store's query methods in issue 12).
STILL_USING_THE_DATABASE: set[str] = set()
DATABASE_MODULES = ("sqlalchemy", "claimledger.store.schema")

# A stage may use the stages before it in the data flow, never those after: for each package,
# the packages it must not reach through any chain of imports.
MUST_NOT_REACH = {
    "claimledger.ingest": (
        "claimledger.clean", "claimledger.analyse", "claimledger.extract", "claimledger.store",
    ),
    "claimledger.clean": ("claimledger.extract", "claimledger.store"),
    "claimledger.analyse": ("claimledger.extract", "claimledger.store"),
    "claimledger.extract": ("claimledger.store", "claimledger.reconcile"),
    "claimledger.store": ("claimledger.extract", "claimledger.reconcile"),
    "claimledger.review": ("claimledger.serve", "claimledger.output"),
    "claimledger.output": ("claimledger.serve",),
}
# Orchestration and the command line sit on top: only they (and `eval`, which runs the
# pipeline) may import orchestration; only the command line imports itself.
TOP = {
    "claimledger.orchestrate": ("claimledger.orchestrate", "claimledger.cli", "claimledger.evaluate"),
    "claimledger.cli": ("claimledger.cli",),
}


@dataclass(frozen=True)
class Module:
    name: str  # dotted: claimledger.orchestrate.stages
    path: Path
    is_package: bool
    tree: ast.Module

    @property
    def relative(self) -> str:
        return self.path.relative_to(PACKAGE).as_posix()


def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found[name] = Module(name, path, is_package, tree)
    return found


MODULES = _modules()


def imported_names(module: Module) -> Iterator[str]:
    """What each import in the module (anywhere in it) names: `import a.b` gives `a.b`;
    `from a import b` gives `a.b` when that is a claimledger module, else `a`. Relative imports
    are made absolute."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                yield f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _known(name: str) -> str | None:
    """The claimledger module a dotted name lives in: itself, or the nearest enclosing one."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Each module's claimledger dependencies. `from pkg import sub` depends on `pkg.sub` alone:
    loading a submodule runs its package's `__init__` first, but that is not counted, so a
    package's `__init__` may import its submodules. A module that imports its own package by
    name (`from pkg import Name`) depends on it, and that is a cycle."""
    graph: dict[str, set[str]] = {}
    for name, module in MODULES.items():
        targets = {_known(n) for n in imported_names(module) if n.startswith("claimledger")}
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected sets of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(frozenset(members))
    return found


# -- the rules -------------------------------------------------------------------------------------


def test_no_import_cycles_beyond_the_allowed_ones() -> None:
    found = set(cycles(import_graph()))
    new = [sorted(c) for c in found - ALLOWED_CYCLES]
    assert not new, f"import cycles: {new}"


def test_every_allowed_cycle_still_exists() -> None:
    gone = [sorted(c) for c in ALLOWED_CYCLES - set(cycles(import_graph()))]
    assert not gone, f"no longer cycles, remove them from ALLOWED_CYCLES: {gone}"


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def reached(graph: dict[str, set[str]], package: str) -> set[str]:
    """Every module the package's modules import, directly or through others."""
    seen: set[str] = set()
    todo = [name for name in graph if _within(name, package)]
    while todo:
        for dependency in graph[todo.pop()]:
            if dependency not in seen:
                seen.add(dependency)
                todo.append(dependency)
    return seen


@pytest.mark.parametrize("package", sorted(MUST_NOT_REACH))
def test_stages_do_not_reach_later_stages(package: str) -> None:
    reach = reached(import_graph(), package)
    bad = sorted(m for m in reach for later in MUST_NOT_REACH[package] if _within(m, later))
    assert not bad, f"{package} reaches later stages: {bad}"


@pytest.mark.parametrize("package", sorted(TOP))
def test_only_the_top_imports_the_top(package: str) -> None:
    importers = sorted(
        name
        for name, dependencies in import_graph().items()
        if any(_within(d, package) for d in dependencies)
        and not any(_within(name, allowed) for allowed in TOP[package])
    )
    assert not importers, f"{package} imported by {importers}"


def _lines(module: Module) -> int:
    return len(module.path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_too_long() -> None:
    long = {
        m.relative: _lines(m)
        for m in MODULES.values()
        if _lines(m) > MAX_LINES and m.relative not in STILL_TOO_LONG
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


@pytest.mark.parametrize("relative", sorted(STILL_TOO_LONG))
def test_allowed_long_modules_are_still_long(relative: str) -> None:
    path = PACKAGE / relative
    assert path.is_file(), f"{relative} is gone: remove it from STILL_TOO_LONG"
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines > MAX_LINES, f"{relative} has {lines} lines now: remove it from STILL_TOO_LONG"


def uses_the_database(module: Module) -> bool:
    for name in imported_names(module):
        if any(name == db or name.startswith(db + ".") for db in DATABASE_MODULES):
            return True
    return False


def test_only_the_store_uses_the_database() -> None:
    outside = {
        m.name
        for m in MODULES.values()
        if not m.name.startswith("claimledger.store") and uses_the_database(m)
    }
    new = sorted(outside - STILL_USING_THE_DATABASE)
    assert not new, f"modules outside claimledger.store importing {DATABASE_MODULES}: {new}"


def test_allowed_database_users_still_use_it() -> None:
    gone = sorted(
        name
        for name in STILL_USING_THE_DATABASE
        if name not in MODULES or not uses_the_database(MODULES[name])
    )
    assert not gone, f"no longer using the database, remove from STILL_USING_THE_DATABASE: {gone}"


# -- the checker checks itself on small made-up packages --------------------------------------------


def test_cycles_are_found_and_chains_are_not() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_function_level_imports_count() -> None:
    stages = MODULES["claimledger.orchestrate.executors"]
    assert "claimledger.orchestrate.cluster" in import_graph()[stages.name]  # imported lazily
