"""`import lr` stays light: NumPy and the standard library only; the app's libraries live in lr.ui/lr.viz."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import lr

LR_DIR = Path(lr.__file__).resolve().parent
CORE_MODULES = sorted(LR_DIR.glob("*.py"))  # lr/*.py: not lr/ui, not lr/viz


def test_there_are_core_modules():
    names = {p.name for p in CORE_MODULES}
    assert {"__init__.py", "functional.py", "trainer.py", "model.py"} <= names


def test_import_lr_does_not_load_the_app_libraries():
    code = (
        "import sys, lr\n"
        "heavy = sorted(m for m in ('streamlit', 'plotly', 'pandas', 'sklearn', 'scipy', 'matplotlib')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
        "assert 'streamlit' not in sys.modules, 'streamlit'\n"
        "assert 'plotly' not in sys.modules, 'plotly'\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=LR_DIR.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _imported_top_level_names(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            yield "__import__()", node.lineno
        elif isinstance(node, ast.Attribute) and node.attr == "import_module":
            yield "importlib.import_module()", node.lineno


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: p.name)
def test_core_module_imports_only_numpy_and_stdlib(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    allowed = set(sys.stdlib_module_names) | {"numpy", "__future__"}
    bad = [(name, line) for name, line in _imported_top_level_names(tree) if name not in allowed]
    assert not bad, f"{path.name} imports {bad}"


def test_relative_imports_stay_inside_the_core():
    """`from .ui import …` in a core module would drag Streamlit in."""
    for path in CORE_MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                top = (node.module or "").split(".")[0]
                assert top not in {"ui", "viz"}, f"{path.name}:{node.lineno} imports .{node.module}"
