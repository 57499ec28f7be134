"""Shared fixtures. The browser tests': each test module gets its own `streamlit run` server and its
own headless Chromium (browser_support.py), started once for the module; and the objective's
tests' small problem."""

from collections.abc import Iterator

import numpy as np
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


@pytest.fixture
def problem() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(X, y, w, b): 60 points, 4 features of unequal scales, weights away from L1's kink at 0."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4)) * [1.0, 3.0, 0.5, 2.0]
    y = (rng.random(60) < 0.4).astype(float)
    w = rng.normal(size=4)
    w = np.where(np.abs(w) < 0.2, 0.5, w)  # away from L1's kink at 0
    return X, y, w, -0.3
