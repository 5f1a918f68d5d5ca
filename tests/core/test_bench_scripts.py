"""The benchmarks are not run by the tests (they build national data), but they must not
rot: every name one script imports from another exists there (bench/public.py and
bench/soak.py once imported helpers that bench/pages.py no longer had)."""

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = {p.stem: p for p in BENCH.glob("*.py")}


def top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_names_imported_from_other_benchmarks_exist(script):
    for node in ast.walk(ast.parse(SCRIPTS[script].read_text())):
        if isinstance(node, ast.ImportFrom) and node.module in SCRIPTS:
            missing = {a.name for a in node.names} - top_level_names(SCRIPTS[node.module])
            assert not missing, f"bench/{script}.py imports {missing} from {node.module}"
