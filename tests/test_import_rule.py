"""Rendering only reads an Analysis: the import rule of docs/outputs.md.

No module under ``render/`` nor ``privacy.py`` imports the analysis stage
(``metrics``, ``flags``, ``scenarios``, ``stability``, ``analysis``), not even inside
a function; imports under ``if TYPE_CHECKING:`` (type hints only) are allowed.  What
an output shows, ``analyze()`` computes and the ``Analysis`` holds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "skane_ecosystem"

#: The analysis stage: what rendering must not import.
ANALYSIS_STAGE = ("metrics", "flags", "scenarios", "stability", "analysis")


def rendering_modules() -> list[Path]:
    return sorted((PACKAGE / "render").rglob("*.py")) + [PACKAGE / "privacy.py"]


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every module ``source`` imports, wherever in the file,
    except under ``if TYPE_CHECKING:``; relative imports resolved from ``module``."""
    found = []
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module)
            if node.module:
                found.append((node.lineno, base))
            # ``from .. import metrics`` imports a module by its name
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*"]
    return found


def _runtime_nodes(node: ast.AST):
    """Every node in source order, leaving out the bodies of ``if TYPE_CHECKING:`` blocks."""
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield from _runtime_nodes(other)
        else:
            yield from _runtime_nodes(child)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(node: ast.ImportFrom, module: str) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".")[:-1]  # a module's own package
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def stage_imports(path: Path) -> list[str]:
    """The imports of the analysis stage in one module, as ``file:line name``."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    wrong = []
    for line, name in imported_modules(path.read_text(encoding="utf-8"), module):
        parts = name.split(".")
        if parts[0] == "skane_ecosystem" and len(parts) > 1 and parts[1] in ANALYSIS_STAGE:
            wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {name}")
    return wrong


@pytest.mark.parametrize("path", rendering_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_rendering_does_not_import_the_analysis_stage(path):
    assert stage_imports(path) == []


# ------------------------------------------------ the checker itself, on snippets
def names(source: str, module: str = "skane_ecosystem.render.map") -> list[str]:
    return [name for _, name in imported_modules(source, module)]


def test_the_checker_finds_imports_inside_functions_and_resolves_relative_ones():
    source = (
        "from ..metrics.engine import igraph_available\n"
        "def f():\n"
        "    from .. import flags\n"
        "    import skane_ecosystem.scenarios\n"
        "    from .figures import figure_bytes\n"
    )
    assert names(source) == [
        "skane_ecosystem.metrics.engine",
        "skane_ecosystem.metrics.engine.igraph_available",
        "skane_ecosystem.flags",
        "skane_ecosystem.scenarios",
        "skane_ecosystem.render.figures",
        "skane_ecosystem.render.figures.figure_bytes",
    ]
    assert names("from .metrics import groups\n", "skane_ecosystem.privacy") == [
        "skane_ecosystem.metrics",
        "skane_ecosystem.metrics.groups",
    ]


def test_the_checker_allows_type_hints_under_type_checking():
    source = (
        "import typing\n"
        "if typing.TYPE_CHECKING:\n"
        "    from ..analysis import Analysis\n"
        "else:\n"
        "    from ..columns import MEASURE_COLUMNS\n"
    )
    assert names(source) == ["typing", "skane_ecosystem.columns", "skane_ecosystem.columns.MEASURE_COLUMNS"]
