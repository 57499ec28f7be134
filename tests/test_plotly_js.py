"""Plotly.js for the player: the installed plotly package's bundle, copied into static/ by version."""

import logging

import plotly.offline

from playground.ui import plotly_js


def test_the_bundle_is_the_installed_packages() -> None:
    assert plotly_js.bundle().is_file()
    assert plotly_js.version() == plotly.offline.get_plotlyjs_version()


def test_publish_copies_the_bundle_once_and_mends_a_damaged_copy(tmp_path) -> None:
    assert plotly_js.COMPILE_HINT.startswith(b"//") and plotly_js.COMPILE_HINT.endswith(b"\n")  # a comment
    dest = plotly_js.publish(tmp_path)
    assert dest.name == f"plotly-{plotly_js.version()}.min.js"
    assert dest.read_bytes() == plotly_js.COMPILE_HINT + plotly_js.bundle().read_bytes()  # as installed
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
        assert plotly_js.static_url() == f"app/static/plotly-{plotly_js.version()}.min.js"
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
