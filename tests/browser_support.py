"""Real parts for the browser tests and benchmarks: a `streamlit run` server on a free loopback
port, and Debian's Chromium driven by Playwright (never a downloaded browser).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts"  # screenshots
VIEWPORT = {"width": 1280, "height": 720}  # a shared screen
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    script: Path | str = ROOT / "app.py", timeout: float = 60, options: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run `streamlit run script` on a free loopback port; yield its URL; stop it afterwards.

    options: more command-line options, e.g. ("--theme.base", "dark").
    """
    with streamlit_process(script, timeout=timeout, options=options) as (url, _, _):
        yield url


@contextlib.contextmanager
def streamlit_process(
    script: Path | str,
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
    log_name: str = "streamlit",
    timeout: float = 60,
) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """streamlit_server's server, for the benchmarks too: yields (url, process, log file); cwd: the
    checkout it runs in; env: more environment variables; the log goes to artifacts/<log_name>-<port>.log."""
    port = free_port()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "artifacts" / f"{log_name}-{port}.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *options,
        ],
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.2)
        yield url, proc, Path(log.name)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with the flags this closed network needs."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_until(cond, what: str, timeout: float = 20) -> None:
    """Poll cond() every 50 ms until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def open_player(browser: Browser, address: str, errors: list[str], loss: bool = False, **context) -> Page:
    """A fresh context (a new visitor: no remembered sidebar) on address, once the player has drawn its
    first Plotly frame (and its loss chart too, with `loss`). `context` goes to Browser.new_context
    (a 1280×720 screen in the light appearance unless told otherwise); page errors land in `errors`."""
    pg = browser.new_context(**{"viewport": VIEWPORT, "color_scheme": "light", **context}).new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(address)
    pg.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
    if loss:
        pg.locator(".lrp-loss.js-plotly-plot").wait_for(timeout=60_000)
    wait_until(lambda: int(root_attr(pg, "frames")) >= 1, "the first frame")
    return pg


@contextlib.contextmanager
def visit(browser: Browser, address: str, loss: bool = False, **context) -> Iterator[Page]:
    """open_player for one test: the context is closed afterwards, and no page error may have occurred."""
    errors: list[str] = []
    pg = open_player(browser, address, errors, loss, **context)
    yield pg
    pg.context.close()
    assert not errors, errors


def root_attr(pg: Page, name: str) -> str:
    """The player's data-* attribute `name` (epoch, frames, position, …)."""
    return pg.locator(".lrp-root").get_attribute(f"data-{name}")


def epoch(pg: Page) -> int:
    """The epoch the player shows."""
    return int(root_attr(pg, "epoch"))


def settled(pg: Page) -> None:
    """No rerun under way."""
    pg.wait_for_timeout(300)
    pg.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=20_000)
