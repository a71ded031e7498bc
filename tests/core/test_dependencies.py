"""`make run` installs only the project's main dependencies (not the `test` extra): every
third-party module the application imports must be declared there, or a fresh machine fails
at start-up while the suite (which installs the extra) stays green. Found on 2026-11-29: the
conditions' grammar (lark) was only installed as a dependency of pyxform, a test tool."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires

from packaging.requirements import Requirement

from participation.config import ROOT


def _imported_modules() -> set[str]:
    """Top-level names imported anywhere under participation/ (absolute imports)."""
    names = set()
    for path in (ROOT / "participation").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"participation", "__future__"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    """The main dependencies and, recursively, what they require (distribution names)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [re.split(r"[\s\[<>=~!;]", spec, maxsplit=1)[0] for spec in project["dependencies"]]
    seen: set[str] = set()
    while todo:
        name = _normal(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for spec in requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def test_every_module_the_app_imports_is_a_declared_dependency():
    owners = packages_distributions()
    declared = _declared()
    missing = {module: owners.get(module) for module in _imported_modules()
               if not {_normal(d) for d in owners.get(module, [module])} & declared}
    assert not missing, f"imported by participation/ but not in [project] dependencies: {missing}"
