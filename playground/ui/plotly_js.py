"""Plotly.js for the player: a build with only the traces it draws, served as a static file.

The player draws with Plotly.js in the browser. It uses the repository's own build of plotly.js
(playground/plotly_bundle.py: core + heatmap + scattergl, a fraction of the full bundle, so the first
chart comes sooner: benchmarks/README.md, App), so there is no CDN: on first use in a server process
the bundle (behind a one-line compile hint, COMPILE_HINT) is copied to
`static/plotly-<plotly.js version>-<checksum>.min.js` next to app.py, which Streamlit serves, gzipped,
at `app/static/…` (`[server] enableStaticServing = true` in .streamlit/config.toml). That route
sends no Cache-Control, so a browser reuses its copy for a tenth of the file's age (heuristic
freshness; the copy keeps the bundle's modification time) and fetches it again after that. The name
carries the version and a checksum of the content, so an upgrade or a rebuild never meets a stale
cached copy; the copy is git-ignored.

If the copy cannot be written (a read-only checkout) or static serving is off, `static_url()` is
None and the player receives the bundle's text once per browser session over Streamlit's websocket
instead (`source()`): slower to load (the whole bundle per session, never cached), but it works.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
from pathlib import Path

import streamlit as st

from playground import plotly_bundle

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"  # Streamlit serves ./static beside app.py
URL_PREFIX = "app/static/"  # relative: it works under any server.baseUrlPath
# Chromium (136+) compiles every function of a script whose first line is this comment eagerly, on
# the thread that streams the script in, rather than lazily on the page's main thread as each first
# runs: measured here, about 10 % off Plotly.js's evaluation and a third off the first plot (with the
# full bundle). Other browsers ignore it; it is the only change to the built file.
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
_LOG = logging.getLogger(__name__)


def bundle() -> Path:
    """The player's build of plotly.js (playground/ui/vendor/)."""
    return plotly_bundle.bundle()


def version() -> str:
    """The plotly.js version it was built from ('4.1.1')."""
    return plotly_bundle.version()


def served() -> bytes:
    """What the browser runs: the bundle behind the compile hint."""
    return COMPILE_HINT + bundle().read_bytes()


@functools.cache
def file_name() -> str:
    """The copy's name: the version and the start of served()'s SHA-256, so that a new build gets a
    new address and no browser keeps running a cached older one."""
    return f"plotly-{version()}-{hashlib.sha256(served()).hexdigest()[:10]}.min.js"


def publish(static_dir: Path = STATIC_DIR) -> Path:
    """Write served() to static_dir/file_name() unless it is there already.

    The copy is written to a temporary name and renamed, so a browser (or a second server process)
    never reads half a file. Raises OSError when the folder cannot be written.
    """
    src = bundle()
    dest = static_dir / file_name()
    content = served()
    if dest.is_file() and dest.stat().st_size == len(content) and dest.read_bytes() == content:
        return dest
    static_dir.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(content)
        # the bundle's own modification time: browsers keep a file fresh for a tenth of its age
        # (the static route sends no Cache-Control), and the ETag stays the same across restarts
        shutil.copystat(src, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


@functools.cache
def static_url() -> str | None:
    """The bundle's URL relative to the page, or None when it cannot be served as a static file."""
    if not st.get_option("server.enableStaticServing"):
        return None
    try:
        return URL_PREFIX + publish().name
    except OSError as e:
        _LOG.warning("Plotly.js is sent over the websocket instead: cannot write %s (%s)", STATIC_DIR, e)
        return None


@functools.cache
def source() -> str:
    """The text of served(), for the fallback when it cannot be served as a static file."""
    return served().decode("utf-8")
