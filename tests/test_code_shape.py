"""The code's shape: no function too long to read at once, and every st.session_state key named in one
place (playground/ui/session.py), so that a search for a key finds its owner."""

import ast
from dataclasses import fields
from pathlib import Path

from playground.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 120
# Functions allowed over MAX_LINES for now, with why: split them, then take them off this list
LONG_FOR_NOW: dict[str, str] = {}
SESSION = ROOT / "playground" / "ui" / "session.py"
UI_FILES = [
    ROOT / "app.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *sorted((ROOT / "playground" / "ui").glob("*.py")),
]


def python_files() -> list[Path]:
    return [p for root in ("lr", "playground", "app_pages") for p in sorted((ROOT / root).rglob("*.py"))]


def long_functions() -> dict[str, int]:
    found = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_LINES:
                    found[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = size
    return found


def test_no_function_is_longer_than_120_lines():
    found = long_functions()
    assert set(found) <= set(LONG_FOR_NOW), found


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def keys_named_outside_session(path: Path) -> list[tuple[int, str]]:
    """The keys `path` reads or writes in st.session_state that it names itself: a string other than
    a Settings field, or a constant of its own module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    settings = {f.name for f in fields(Settings)}
    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_session_state(node.value):
            used.append(node.slice)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and _is_session_state(node.func.value)
            and node.func.attr in ("get", "pop", "setdefault")
            and node.args
        ):
            used.append(node.args[0])
    bad = []
    for key in used:
        if isinstance(key, ast.Constant) and key.value not in settings:
            bad.append((key.lineno, repr(key.value)))
        elif isinstance(key, ast.Name) and key.id in own:
            bad.append((key.lineno, key.id))
    return bad


def test_every_session_key_is_named_in_session_py():
    bad = {p.name: found for p in UI_FILES if p != SESSION and (found := keys_named_outside_session(p))}
    assert not bad, f"name these keys in playground/ui/session.py: {bad}"


def test_the_check_finds_a_key_named_elsewhere(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        'import streamlit as st\n_MINE = "mine"\nst.session_state[_MINE] = 1\nst.session_state.get("x")\n'
    )
    assert keys_named_outside_session(page) == [(3, "_MINE"), (4, "'x'")]
