"""Visitor text in a real browser: a hostile file name, CSV labels, column names and link values render
as plain text on every page — in Streamlit's elements and in the player's Plotly charts — no link, no
image, no request to a host the visitor named."""

import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from browser_support import ROOT
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"
TRAP = "127.0.0.1:9"  # a closed port: a request there would mean visitor text became a link or image
NAME = f"![x](http://{TRAP}/name.png)[log in](http://{TRAP}/login).csv"
# labels of at most 40 characters (the upload's limit): Markdown, and HTML that Plotly would render
LABELS = (f"<img src=//{TRAP}/i.png>%{{x}}", f'<a href="http://{TRAP}/b">b</a>')


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
    note = page.locator("[data-testid=stMain] [data-testid=stAlertContentWarning]")
    expect(note).to_contain_text("From the link", timeout=60_000)
    assert value[:23] + "…" in note.inner_text() and "Epochs -3 must be an integer" in note.inner_text()
    assert not visitor_markup(page)
    assert not [u for u in page.requests if TRAP in u]
    assert page.locator("[data-testid=stException]").count() == 0


@pytest.mark.parametrize("path", ["", "/evaluate", "/lessons"])
def test_in_presentation_mode_the_link_note_is_on_screen_until_dismissed(
    page: Page, url: str, path: str
) -> None:
    """The sidebar is hidden while presenting: the note on the link's ignored values is on the page."""
    page.goto(f"{url}{path}?present=true&seed=abc&epoch=%C2%B2")  # ?epoch=²
    note = page.locator("[data-testid=stMain] [data-testid=stAlertContentWarning]")
    expect(note).to_contain_text("From the link", timeout=60_000)
    expect(note).to_be_visible()
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden(timeout=30_000)  # presenting
    text = note.inner_text()
    assert "Seed abc must be an integer" in text and "Epoch ² must be a whole number of epochs" in text
    box = note.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, "the note is on the first screen"
    assert page.locator("[data-testid=stException]").count() == 0
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    time.sleep(1.5)  # the page's charts
    page.screenshot(path=SHOTS / f"present-link-note{path.replace('/', '-')}.png")
    page.get_by_role("button", name="Dismiss").click()
    expect(note).to_have_count(0, timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0


COLUMNS = (f"<a href='http://{TRAP}/a'>a</a>", f"<img src='http://{TRAP}/b'>%{{x}}$y$")
CLASSES = ("<br><b>cat</b>", f"<a href='//{TRAP}/c'>c</a>")


def test_hostile_column_names_and_labels_are_plain_text_in_the_charts(page: Page, url: str) -> None:
    """Plotly reads its strings as pseudo-HTML (<a href>, <b>, <br>, entities, %{…} in hover
    templates): a file's column names become the boundary's axis titles and its labels the legend
    and the hover, as the text they are."""
    page.goto(url + "/?epoch=0")
    page.wait_for_selector("[data-testid=stFileUploader] input[type=file]", state="attached", timeout=60_000)
    rows = "\n".join(f"{i % 7 - 3},{(i * 3) % 5 - 2},{CLASSES[i % 2]}" for i in range(40))
    header = ",".join(f'"{c}"' for c in COLUMNS) + ",label"
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[{"name": "names.csv", "mimeType": "text/csv", "buffer": f"{header}\n{rows}\n".encode()}]
    )
    expect(page.get_by_text("Using your file names.csv")).to_be_visible(timeout=20_000)
    titles = page.locator(".lrp-boundary .g-xtitle text, .lrp-boundary .g-ytitle text")
    expect(titles).to_have_text(list(COLUMNS), timeout=60_000)  # the file's own names, literally
    legend = page.locator(".lrp-boundary .legendtext").all_text_contents()
    assert CLASSES[0] in legend and CLASSES[1] in legend
    # the hover label of a point of class 0 (the labels' first in sorted order): names as written
    box = page.locator(".lrp-boundary").bounding_box()
    x, y = page.locator(".lrp-boundary").evaluate(
        "gd => { const fl = gd._fullLayout, t = gd.data[1];"
        " return [fl.xaxis._offset + fl.xaxis.c2p(t.x[0]), fl.yaxis._offset + fl.yaxis.c2p(t.y[0])]; }"
    )
    page.mouse.move(box["x"] + x, box["y"] + y)
    label = page.locator(".lrp-boundary .hoverlayer")
    expect(label).to_contain_text(sorted(CLASSES)[0])
    expect(label).to_contain_text(f"{COLUMNS[0]} = ")
    expect(label).to_contain_text(f"{COLUMNS[1]} = ")
    page.screenshot(path=SHOTS / "hostile-columns.png")
    assert not visitor_markup(page)
    assert not [u for u in page.requests if TRAP in u]
    assert page.locator("[data-testid=stException]").count() == 0
