"""List every service guard, or knock one out and run tests to see that one fails.

Not part of CI: a checklist for reviewers. A guard is `if …: raise …` in an app's
services, or a call of an `access.require_*` helper there. Each should have a test that
fails when it is removed (`make mutation` measures the same thing more broadly).

    python scripts/service_guards.py                      # file:line  function  guard
    python scripts/service_guards.py --knock inovda/assessment/services.py:360 \\
        -- tests/assessment/test_guards.py                 # exit 0 when a test caught it
    python scripts/service_guards.py --all [APP ...]      # knock out every guard in turn,
        # each against its app's tests (tests/<app>/); prints a line per guard and a summary
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
ROOT = BASE / "inovda"


def service_files() -> list[Path]:
    files = sorted(ROOT.glob("*/services.py")) + sorted(ROOT.glob("*/services/*.py"))
    return [f for f in files if f.name != "__init__.py"]


def _is_require(node) -> bool:
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return "require" in name or name in ("_fill_check", "_verify_check")


def guards(path: Path):
    """(line, function, description, node) for every guard of one services module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.If) and any(isinstance(s, ast.Raise) for s in node.body):
                raised = next(s for s in node.body if isinstance(s, ast.Raise))
                exc = ast.unparse(raised.exc).split("(")[0] if raised.exc else "re-raise"
                yield node.lineno, func.name, f"if {ast.unparse(node.test)[:80]} -> {exc}", node
            elif _is_require(node):
                yield node.lineno, func.name, ast.unparse(node)[:90], node


def knocked_out(source: str, node) -> str:
    """The source with this guard made inert: its condition False, or its call a no-op."""
    lines = source.splitlines(keepends=True)
    if isinstance(node, ast.If):
        target = node.test
        replacement = "False"
    else:
        target = node
        replacement = "pass"
    start, end = target.lineno - 1, target.end_lineno - 1
    head = lines[start][: target.col_offset]
    tail = lines[end][target.end_col_offset :]
    return "".join(lines[:start] + [head + replacement + tail] + lines[end + 1 :])


def knock(spec: str, pytest_args: list[str]) -> int:
    name, _, line = spec.rpartition(":")
    path = (BASE / name).resolve()
    found = [g for g in guards(path) if g[0] == int(line)]
    if not found:
        print(f"no guard at {spec}", file=sys.stderr)
        return 2
    original = path.read_text()
    path.write_text(knocked_out(original, found[0][3]))
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:xdist", *pytest_args],
            cwd=BASE,
            capture_output=True,
            text=True,
        )
    finally:
        path.write_text(original)
    caught = run.returncode == 1
    print(f"{spec}  {found[0][2]}  {'CAUGHT' if caught else 'SURVIVED'}", flush=True)
    return 0 if caught else 1


def knock_all(apps: list[str]) -> int:
    """Every guard of the apps (all when none is named), each against tests/<app>/."""
    survived, total = [], 0
    for path in service_files():
        app = path.relative_to(ROOT).parts[0]
        if apps and app not in apps:
            continue
        for line, _func, _text, _node in guards(path):
            total += 1
            spec = f"{path.relative_to(BASE)}:{line}"
            # The app's guard tests first: most knocked-out guards fail there at once (-x).
            first = [str(t) for t in (BASE / "tests" / app).glob("test_guards.py")]
            if knock(spec, ["-p", "no:playwright", "--reuse-db", *first, f"tests/{app}"]):
                survived.append(spec)
    print(f"{total - len(survived)} of {total} guards caught; survived: {survived or 'none'}")
    return 1 if survived else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--knock", metavar="FILE:LINE")
    parser.add_argument("--all", action="store_true", help="knock out every guard in turn")
    parser.add_argument("pytest_args", nargs="*")
    options = parser.parse_args()
    if options.knock:
        return knock(options.knock, options.pytest_args)
    if options.all:
        return knock_all(options.pytest_args)
    total = 0
    for path in service_files():
        for line, func, text, _node in guards(path):
            total += 1
            print(f"{path.relative_to(BASE)}:{line}  {func}  {text}")
    print(f"{total} guards", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
