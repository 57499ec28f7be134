"""Fixtures of the browser tests: each test module gets its own `streamlit run` server and its own
headless Chromium (browser_support.py), started once for the module."""

from collections.abc import Iterator

import pytest
from browser_support import launch, streamlit_server
from playwright.sync_api import Browser, sync_playwright


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
