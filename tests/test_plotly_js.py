"""Plotly.js for the player: the repository's build with only the traces it draws (tools/
build_plotly_bundle.sh), held in step with the pinned plotly package, copied into static/ by version."""

import hashlib
import logging
import re

import plotly.graph_objects as go
import plotly.offline
from plotly.basedatatypes import BaseTraceType

from playground import plotly_bundle
from playground.player_files import JS_PARTS, PLAYER_DIR
from playground.ui import plotly_js

REBUILD = "run tools/build_plotly_bundle.sh (needs Node and npm) and commit playground/ui/vendor/"


def test_the_bundle_is_built_from_the_plotly_js_the_plotly_package_ships() -> None:
    """Fails when requirements.txt moves plotly to a release with another plotly.js and no one rebuilt."""
    shipped = plotly.offline.get_plotlyjs_version()
    built = plotly_bundle.version()
    assert built == shipped, f"the player's Plotly.js is {built}, plotly ships {shipped}: {REBUILD}"
    assert plotly_js.bundle() == plotly_bundle.bundle() and plotly_js.version() == shipped
    head = plotly_js.bundle().read_bytes()[:400].decode()
    assert f"* plotly.js v{shipped} (" in head  # the file says so itself
    assert "Licensed under the MIT license" in head and "Copyright 2012-" in head  # plotly.js's header kept


def test_the_bundle_is_the_file_its_record_describes() -> None:
    record = plotly_bundle.record()
    data = plotly_bundle.bundle().read_bytes()
    assert record["file"] == f"plotly-player-{record['plotly_js_version']}.min.js"
    assert len(data) == record["bytes"]
    assert hashlib.sha256(data).hexdigest() == record["sha256"], f"the bundle was changed by hand: {REBUILD}"
    # one bundle in the folder, the recorded one
    assert sorted(p.name for p in plotly_bundle.VENDOR_DIR.glob("*.js")) == [record["file"]]


def player_trace_types() -> set[str]:
    """Every Plotly trace type named after a `type:` in the player's JS."""
    classes = [getattr(go, name) for name in dir(go)]  # go imports its classes lazily: not vars(go)
    known = {
        cls.__name__.lower()
        for cls in classes
        if isinstance(cls, type) and issubclass(cls, BaseTraceType) and cls is not BaseTraceType
    }
    found = set()
    for name in JS_PARTS:
        for line in (PLAYER_DIR / name).read_text(encoding="utf-8").splitlines():
            if m := re.search(r"\btype\s*:(.*)", line):
                found |= set(re.findall(r"[\"'](\w+)[\"']", m.group(1))) & known
    return found


def test_the_bundle_holds_every_trace_type_the_player_draws() -> None:
    used = player_trace_types()
    assert {"scatter", "scattergl", "heatmap"} <= used  # the reader finds what the player draws today
    traces = plotly_bundle.record()["traces"]
    assert used <= set(traces), f"the player draws {sorted(used - set(traces))}: add to TRACES, {REBUILD}"
    # and the bundle registers them: each trace module's name is in the minified code
    code = plotly_bundle.bundle().read_text(encoding="utf-8")
    for trace in traces:
        assert re.search(rf'moduleType:"trace",name:"{trace}"', code), trace
    assert not re.search(r'moduleType:"trace",name:"(contour|bar|scatter3d|scattermap)"', code)  # only those


def test_the_bundle_is_a_fraction_of_the_full_one() -> None:
    full = len(plotly.offline.get_plotlyjs())
    assert plotly_bundle.record()["bytes"] < 0.3 * full  # 1.3 of 4.8 MB with 4.1.1
    assert plotly_bundle.record()["built_by"] == "tools/build_plotly_bundle.sh"


def test_publish_copies_the_bundle_once_and_mends_a_damaged_copy(tmp_path) -> None:
    assert plotly_js.COMPILE_HINT.startswith(b"//") and plotly_js.COMPILE_HINT.endswith(b"\n")  # a comment
    dest = plotly_js.publish(tmp_path)
    digest = hashlib.sha256(plotly_js.served()).hexdigest()
    assert dest.name == f"plotly-{plotly_js.version()}-{digest[:10]}.min.js" == plotly_js.file_name()
    assert dest.read_bytes() == plotly_js.COMPILE_HINT + plotly_js.bundle().read_bytes()  # as built
    assert dest.stat().st_mtime == plotly_js.bundle().stat().st_mtime  # its age, for browser caches
    written = dest.stat().st_ino
    assert plotly_js.publish(tmp_path) == dest and dest.stat().st_ino == written  # kept as it is
    dest.write_bytes(b"half a file")
    plotly_js.publish(tmp_path)
    assert dest.read_bytes() == plotly_js.served()
    assert [p.name for p in tmp_path.iterdir()] == [dest.name]  # no temporary file left behind


def test_the_url_is_relative_and_names_the_version(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(plotly_js, "STATIC_DIR", tmp_path)
    monkeypatch.setattr(plotly_js.st, "get_option", lambda name: name == "server.enableStaticServing")
    plotly_js.static_url.cache_clear()
    try:
        assert plotly_js.static_url() == f"app/static/{plotly_js.file_name()}"
        assert plotly_js.file_name().startswith(f"plotly-{plotly_js.version()}-")
    finally:
        plotly_js.static_url.cache_clear()


def test_no_url_when_the_copy_cannot_be_written(monkeypatch, caplog) -> None:
    def read_only(static_dir=None):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(plotly_js, "publish", read_only)
    monkeypatch.setattr(plotly_js.st, "get_option", lambda name: name == "server.enableStaticServing")
    plotly_js.static_url.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert plotly_js.static_url() is None
        assert "sent over the websocket" in caplog.text
    finally:
        plotly_js.static_url.cache_clear()


def test_no_url_when_static_serving_is_off(monkeypatch) -> None:
    monkeypatch.setattr(plotly_js.st, "get_option", lambda name: False)
    plotly_js.static_url.cache_clear()
    try:
        assert plotly_js.static_url() is None
    finally:
        plotly_js.static_url.cache_clear()


def test_a_rebuilt_bundle_gets_a_new_name(monkeypatch, tmp_path) -> None:
    """A browser keeps a cached copy for a while without asking: a new build must have a new address."""
    first = plotly_js.file_name()
    other = tmp_path / "plotly-player-x.min.js"
    other.write_bytes(plotly_js.bundle().read_bytes() + b"\n// rebuilt with one more trace\n")
    monkeypatch.setattr(plotly_js, "bundle", lambda: other)
    plotly_js.file_name.cache_clear()
    try:
        assert plotly_js.file_name() != first
        assert plotly_js.file_name().startswith(f"plotly-{plotly_js.version()}-")
    finally:
        plotly_js.file_name.cache_clear()
