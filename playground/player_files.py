"""The browser player's files on disk: the app's component and the offline HTML export both read
them from here, so the offline player is the product's player and never drifts."""

from dataclasses import dataclass
from pathlib import Path

PLAYER_DIR = Path(__file__).resolve().parent / "ui"
# One ES module from ten files, in this order (each file's header: "part N of 10"); only the last,
# player.js, exports. Parts 4 to 9 are plain functions of the player `p` that player.js creates.
JS_PARTS = (
    "player_run.js",
    "player_layers.js",
    "player_charts.js",
    "player_layout.js",
    "player_figures.js",
    "player_text.js",
    "player_playback.js",
    "player_keys.js",
    "player_draw.js",
    "player.js",
)


@dataclass(frozen=True)
class PlayerFiles:
    """The player's three parts as the component gets them."""

    html: str
    css: str
    js: str


def player_files(folder: Path = PLAYER_DIR) -> PlayerFiles:
    """The player's HTML, CSS and joined JS module, read from the app's own files."""
    read = lambda name: (folder / name).read_text(encoding="utf-8")  # noqa: E731
    return PlayerFiles(read("player.html"), read("player.css"), "\n".join(read(name) for name in JS_PARTS))
