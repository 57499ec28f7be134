"""Visitor text in a real browser: a hostile file name, CSV labels and link values render as plain
text on every page — no link, no image, no request to a host the visitor named."""

import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from browser_support import ROOT, launch, streamlit_server
from playwright.sync_api import Page, expect, sync_playwright

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"
TRAP = "127.0.0.1:9"  # a closed port: a request there would mean visitor text became a link or image
NAME = f"![x](http://{TRAP}/name.png)[log in](http://{TRAP}/login).csv"
# labels of at most 40 characters (the upload's limit): Markdown, and HTML that Plotly would render
LABELS = (f"<img src=//{TRAP}/i.png>%{{x}}", f'<a href="http://{TRAP}/b">b</a>')


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with streamlit_server() as u:
        yield u


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    yield pg
    ctx.close()


def visitor_markup(pg: Page) -> list[str]:
    """Links and images whose address came from the visitor's text, in the page and inside every
    shadow root (the player's figures live in one), HTML and SVG (Plotly writes xlink:href)."""
    return pg.evaluate(
        """(trap) => {
             const found = [];
             const walk = (root) => root.querySelectorAll('*').forEach((e) => {
               if (['a', 'img', 'image'].includes(e.tagName.toLowerCase())) {
                 const u = e.getAttribute('href') || e.getAttribute('src')
                   || e.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '';
                 if (u.includes(trap) || u.includes('example')) found.push(u);
               }
               if (e.shadowRoot) walk(e.shadowRoot);
             });
             walk(document);
             return found;
           }""",
        TRAP,
    )


def test_a_hostile_file_and_labels_are_plain_text(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stFileUploader] input[type=file]", state="attached", timeout=60_000)
    rows = "\n".join(f"{i % 7 - 3},{(i * 3) % 5 - 2},{LABELS[i % 2]}" for i in range(40))
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[{"name": NAME, "mimeType": "text/csv", "buffer": f"x1,x2,label\n{rows}\n".encode()}]
    )
    expect(page.get_by_text("Using your file")).to_be_visible(timeout=20_000)
    caption = page.get_by_text("Using your file").inner_text()
    assert NAME[:59] + "…" in caption and LABELS[0] in caption and LABELS[1] in caption  # literally
    legend = page.locator(".lrp-boundary .legendtext")
    deadline = time.monotonic() + 20
    while not set(LABELS) <= {t.text_content() for t in legend.all()}:  # the file's classes, shown as typed
        assert time.monotonic() < deadline, [t.text_content() for t in legend.all()]
        time.sleep(0.2)
    assert not visitor_markup(page)
    page.get_by_role("link", name="Evaluate").click()  # in the same session: the file stays
    expect(page.get_by_text("test, t = 0.50")).to_be_visible(timeout=20_000)  # the confusion at t
    time.sleep(1)
    # the class names, literally (the small confusion matrices cut them at 6 characters)
    assert page.get_by_text(f"true {LABELS[0][:6]}…").count() >= 1
    assert not visitor_markup(page)
    page.screenshot(path=SHOTS / "hostile-upload.png")
    assert not [u for u in page.requests if TRAP in u]


@pytest.mark.parametrize("path", ["", "/evaluate", "/maths"])
def test_a_hostile_link_is_named_in_plain_text_on_every_page(page: Page, url: str, path: str) -> None:
    value = f"[Session expired: log in](http://{TRAP}/login)"
    page.goto(f"{url}{path}?dataset={quote(value)}&epochs=-3")
    note = page.locator("[data-testid=stSidebar] [data-testid=stAlertContentWarning]")
    expect(note).to_contain_text("From the link", timeout=60_000)
    assert value[:23] + "…" in note.inner_text() and "Epochs -3 must be an integer" in note.inner_text()
    assert not visitor_markup(page)
    assert not [u for u in page.requests if TRAP in u]
    assert page.locator("[data-testid=stException]").count() == 0
