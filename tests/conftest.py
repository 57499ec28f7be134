"""Fixtures of the browser tests: each test module gets its own `streamlit run` server and its own
headless Chromium (browser_support.py), started once for the module."""

from collections.abc import Iterator

import pytest
from browser_support import launch, streamlit_server, visit
from playwright.sync_api import Browser, Page, sync_playwright


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with streamlit_server() as u:
        yield u


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    """The Playground at 1280×720, opened by a link at epoch 0: paused there (a landing visit would
    play the run)."""
    with visit(browser, url + "/?epoch=0") as pg:
        yield pg
