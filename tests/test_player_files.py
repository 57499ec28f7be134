"""The player's JS parts (playground/player_files.py: JS_PARTS) as one module: each part declares,
none acts when the module loads (the player sets itself up in createPlayer, per player), and each
header says which part of how many it is."""

import re

from playground.player_files import JS_PARTS, PLAYER_DIR, player_files

# A line at the top level of a part: a comment, a declaration, the end of one, or the last part's export.
TOP_LEVEL = re.compile(r"(//|function |const |let |[}\])]|export default function\b)")


def test_no_part_runs_code_when_the_module_loads() -> None:
    for name in JS_PARTS:
        lines = (PLAYER_DIR / name).read_text(encoding="utf-8").splitlines()
        acting = [
            f"{name}:{i}: {line}"
            for i, line in enumerate(lines, 1)
            if line[:1].strip() and not TOP_LEVEL.match(line)
        ]
        assert not acting, "a top-level statement runs once per page, not per player:\n" + "\n".join(acting)


def test_each_header_says_which_part_of_how_many() -> None:
    for n, name in enumerate(JS_PARTS, 1):
        first = (PLAYER_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        header = rf"// Logistic Regression Playground player, part {n} of {len(JS_PARTS)}: "
        assert re.match(header, first), (name, first)


def test_only_the_last_part_exports() -> None:
    exports = [name for name in JS_PARTS if re.search(r"^export\b", (PLAYER_DIR / name).read_text(), re.M)]
    assert exports == [JS_PARTS[-1]]
    assert player_files().js.count("export default function") == 1


def test_the_players_own_class_colours_are_the_palettes_six() -> None:
    """Until the page sends its palette (and for any colour it leaves out), the player colours the
    classes with its own list: the same six as playground/palette.py, in the same order."""
    from playground import palette

    js = (PLAYER_DIR / "player.js").read_text(encoding="utf-8")
    block = re.search(r"classes: \[(.*?)\], // playground/palette.py: CLASS_COLORS", js, re.S)
    assert block, "player.js: the state's classes list"
    own = [tuple(int(v) for v in rgb) for rgb in re.findall(r"\[(\d+), (\d+), (\d+)\]", block.group(1))]
    want = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in palette.CLASS_COLORS]
    assert own == want
