"""Plotly.js for the player: the installed plotly package's own bundle, served as a static file.

The player draws with Plotly.js in the browser. It uses the copy inside the installed `plotly`
package (requirements.txt pins the version), so there is no CDN and no second copy to keep in step:
on first use in a server process the bundle (behind a one-line compile hint, COMPILE_HINT) is
copied to `static/plotly-<plotly.js version>.min.js`
next to app.py, which Streamlit serves at `app/static/…` (`[server] enableStaticServing = true` in
.streamlit/config.toml), gzipped to 1.5 MB. That route sends no Cache-Control, so a browser reuses
its copy for a tenth of the file's age (heuristic freshness; the copy keeps the package's
modification time) and fetches it again after that. The name carries the version, so an upgrade
never meets a stale cached copy; the copy is git-ignored.

If the copy cannot be written (a read-only checkout) or static serving is off, `static_url()` is
None and the player receives the bundle's text once per browser session over Streamlit's websocket
instead (`source()`): slower to load (4.8 MB per session, never cached), but the page works.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
from pathlib import Path

import plotly
import streamlit as st

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"  # Streamlit serves ./static beside app.py
URL_PREFIX = "app/static/"  # relative: it works under any server.baseUrlPath
# Chromium (136+) compiles every function of a script whose first line is this comment eagerly, on
# the thread that streams the script in, rather than lazily on the page's main thread as each first
# runs: measured here, about 10 % off Plotly.js's evaluation and a third off the first plot. Other
# browsers ignore it; it is the only change to the package's bundle.
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
_LOG = logging.getLogger(__name__)


def bundle() -> Path:
    """The installed package's plotly.min.js."""
    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def version() -> str:
    """The version of that bundle, read from its header comment ('* plotly.js v4.1.1')."""
    with bundle().open(encoding="utf-8") as f:
        head = f.read(200)
    marker = "plotly.js v"
    start = head.index(marker) + len(marker)
    return head[start:].split()[0]


def served() -> bytes:
    """What the browser runs: the bundle behind the compile hint."""
    return COMPILE_HINT + bundle().read_bytes()


def publish(static_dir: Path = STATIC_DIR) -> Path:
    """Write served() to static_dir/plotly-<version>.min.js unless it is there already.

    The copy is written to a temporary name and renamed, so a browser (or a second server process)
    never reads half a file. Raises OSError when the folder cannot be written.
    """
    src = bundle()
    dest = static_dir / f"plotly-{version()}.min.js"
    content = served()
    if dest.is_file() and dest.stat().st_size == len(content) and dest.read_bytes() == content:
        return dest
    static_dir.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(content)
        # the package's own modification time: browsers keep a file fresh for a tenth of its age
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
