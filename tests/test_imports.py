"""Dependencies point one way: app_pages → playground.ui → playground.viz / playground (domain) → lr.

`import lr` stays light (NumPy and the standard library only); the playground's domain modules use
NumPy and lr but neither Streamlit nor Plotly; the figure builders use Plotly but not Streamlit.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LR_MODULES = sorted((ROOT / "lr").rglob("*.py"))
DOMAIN_MODULES = sorted((ROOT / "playground").glob("*.py"))  # playground/*.py: not ui/, not viz/
VIZ_MODULES = sorted((ROOT / "playground" / "viz").rglob("*.py"))
UI_MODULES = sorted((ROOT / "playground" / "ui").rglob("*.py"))
STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """Every module a file imports, as a dotted absolute name (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module
            found += [(name, node.lineno)]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            found.append(("__import__()", node.lineno))
        elif isinstance(node, ast.Attribute) and node.attr == "import_module":
            found.append(("importlib.import_module()", node.lineno))
    return found


def bad_imports(path: Path, allowed_top: set[str], forbidden_prefixes: tuple[str, ...] = ()) -> list:
    bad = []
    for name, line in imported_modules(path):
        top = name.split(".")[0]
        if top not in allowed_top or name.startswith(forbidden_prefixes):
            bad.append((name, line))
    return bad


def test_the_layers_exist():
    assert {"__init__.py", "objective.py", "trainer.py", "model.py"} <= {p.name for p in LR_MODULES}
    assert DOMAIN_MODULES and VIZ_MODULES and UI_MODULES


@pytest.mark.parametrize("path", LR_MODULES, ids=lambda p: p.name)
def test_lr_imports_only_numpy_and_itself(path):
    assert not bad_imports(path, STDLIB | {"numpy", "lr"}), f"{path.name}"


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: p.name)
def test_the_playground_domain_uses_no_ui_library(path):
    bad = bad_imports(path, STDLIB | {"numpy", "lr", "playground"}, ("playground.ui", "playground.viz"))
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", VIZ_MODULES, ids=lambda p: p.name)
def test_figure_builders_use_plotly_not_streamlit(path):
    bad = bad_imports(path, STDLIB | {"numpy", "lr", "playground", "plotly"}, ("playground.ui",))
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", UI_MODULES, ids=lambda p: p.name)
def test_the_ui_never_imports_the_pages(path):
    bad = bad_imports(path, STDLIB | {"numpy", "lr", "playground", "plotly", "streamlit"})
    assert not bad, f"{path.name} imports {bad}"


def test_import_lr_loads_neither_the_app_nor_its_libraries():
    code = (
        "import sys, lr, lr.gradcheck, lr.model\n"
        "heavy = sorted(m for m in ('streamlit', 'plotly', 'pandas', 'sklearn', 'scipy', 'matplotlib',"
        " 'playground') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_playground_domain_loads_neither_streamlit_nor_plotly():
    code = (
        "import sys, playground.experiment, playground.payload, playground.reports, playground.upload\n"
        "assert 'streamlit' not in sys.modules and 'plotly' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
