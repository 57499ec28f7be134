"""Three classes of the visitor's own points, in a real headless Chromium against a real `streamlit run
app.py`: a 3-class CSV file plays to its last epoch, and a drawing of three classes (the class picker
grows, keys 0 to 5 pick a class) trains, plays, and comes back from its link (a version 2 code).

Screenshots go to artifacts/.
"""

import time
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import SHOTS, epoch, open_player, root_attr, settled, visit, wait_until
from playwright.sync_api import Browser, Page, expect

from playground import drawing

pytestmark = pytest.mark.browser


def sidebar(pg: Page) -> str:
    return pg.locator("[data-testid=stSidebar]").inner_text()


def plays_to_the_end(pg: Page) -> None:
    """A run (E > 0 epochs) that plays from epoch 0 to its last epoch, without an error shown."""
    expect(pg.locator(".lrp-of")).not_to_have_text(" / 0", timeout=30_000)
    last = int(pg.locator(".lrp-of").inner_text().strip(" /"))
    assert last > 0
    pg.locator(".lrp-reset").click()
    wait_until(lambda: epoch(pg) == 0, "back at epoch 0")
    pg.locator(".lrp-play").click()
    wait_until(lambda: epoch(pg) == last, f"played to epoch {last}", timeout=60)
    assert root_attr(pg, "playing") == "false"
    assert pg.locator("[data-testid=stException]").count() == 0


def offered(pg: Page) -> list[str]:
    """The accessible names of the class picker's buttons on show."""
    return [b.get_attribute("aria-label") for b in pg.locator(".lrp-cls:visible").all()]


def checked(pg: Page) -> str:
    return pg.locator(".lrp-cls[aria-checked=true]").get_attribute("data-cls")


def plot_box(pg: Page) -> dict:
    return pg.locator(".lrp-boundary").evaluate(
        "gd => { const b = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;"
        " return {x: b.left + xa._offset, y: b.top + ya._offset, w: xa._length, h: ya._length}; }"
    )


def test_a_three_class_file_plays_to_its_last_epoch(page: Page) -> None:
    page.wait_for_selector("[data-testid=stFileUploader] input[type=file]", state="attached", timeout=60_000)
    centres = {"setosa": (-2, -1), "versicolor": (2, -1), "virginica": (0, 2)}
    rows = [
        f"{cx + (i % 5) * 0.2},{cy + (i % 3) * 0.2},{name}"
        for name, (cx, cy) in centres.items()
        for i in range(15)
    ]
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[
            {
                "name": "three.csv",
                "mimeType": "text/csv",
                "buffer": ("x1,x2,species\n" + "\n".join(rows)).encode(),
            }
        ]
    )
    expect(page.get_by_text("Using your file three.csv")).to_be_visible(timeout=20_000)
    caption = page.get_by_text("Using your file three.csv").inner_text()
    assert "45 points, class 0 = setosa, class 1 = versicolor, class 2 = virginica" in caption
    settled(page)
    plays_to_the_end(page)
    page.screenshot(path=SHOTS / "upload-three-classes.png")


def test_a_three_class_drawing_trains_plays_and_comes_back_from_its_link(
    browser: Browser, page: Page
) -> None:
    page.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(page, "drawing") == "true", "draw mode")
    # the moons' two classes and the next one; names a screen reader says, with the colour
    assert offered(page) == ["class 0 (blue)", "class 1 (orange)", "class 2 (green)"]
    start_empty(page)
    box = plot_box(page)
    spots = {
        0: [(0.15, 0.75), (0.2, 0.85), (0.25, 0.7)],
        1: [(0.8, 0.75), (0.75, 0.85), (0.85, 0.7)],
        2: [(0.45, 0.15), (0.55, 0.2), (0.5, 0.3)],
    }
    for k, where in spots.items():
        page.keyboard.press(str(k))  # keys 0 to 5 pick the class of new points
        wait_until(lambda k=k: checked(page) == str(k), f"class {k} picked by its key")
        for fx, fy in where:
            page.mouse.click(box["x"] + fx * box["w"], box["y"] + fy * box["h"])
            time.sleep(0.05)
    # three classes drawn: the picker offers a fourth
    wait_until(lambda: len(offered(page)) == 4, "four classes offered")
    assert offered(page)[3] == "class 3 (vermillion)"
    expect(page.locator(".lrp-drawcount")).to_contain_text("9 points: 3 · 3 · 3")
    assert (
        page.locator(".lrp-drawcount")
        .get_attribute("aria-label")
        .startswith("3 in class 0 · 3 in class 1 · 3 in class 2")
    )
    wait_until(
        lambda: "9 points, 3 of class 0, 3 of class 1 and 3 of class 2" in sidebar(page), "the drawing used"
    )
    settled(page)
    page.screenshot(path=SHOTS / "drawing-three-classes.png")
    page.locator(".lrp-draw").click()  # done drawing
    wait_until(lambda: root_attr(page, "drawing") == "false", "draw mode off")
    plays_to_the_end(page)
    query = parse_qs(urlparse(page.url).query)
    code = query["drawn"][0]
    carried = drawing.decode(code)
    assert code.startswith("A") and carried.n == 9 and carried.counts() == (3, 3, 3)  # version 2: byte 0x02
    assert drawing.encode(carried) == code

    errors: list[str] = []
    other = open_player(browser, page.url, errors)  # the link, in another browser
    try:
        expect(other.locator("[data-testid=stSidebar]")).to_contain_text(
            "Using your drawing: 9 points, 3 of class 0, 3 of class 1 and 3 of class 2", timeout=30_000
        )
        assert parse_qs(urlparse(other.url).query)["drawn"] == [code]
        plays_to_the_end(other)
    finally:
        other.context.close()
    assert not errors, errors


def test_the_class_picker_follows_the_arrows_and_names_each_class(page: Page) -> None:
    page.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(page, "drawing") == "true", "draw mode")
    assert checked(page) == "1"
    page.locator(".lrp-cls[aria-checked=true]").focus()
    page.keyboard.press("ArrowRight")
    wait_until(lambda: checked(page) == "2", "→ picks the next class")
    assert page.evaluate("document.activeElement?.dataset?.cls") in (
        None,
        "2",
    )  # focus moves along (shadow DOM)
    page.keyboard.press("ArrowRight")  # three offered: wraps to class 0
    wait_until(lambda: checked(page) == "0", "→ wraps")
    page.keyboard.press("5")  # class 5 is not offered yet: nothing changes
    time.sleep(0.2)
    assert checked(page) == "0"
    assert (
        page.locator(".lrp-cls[data-cls='2']").get_attribute("title") == "New points are of class 2 (key 2)"
    )
    swatch = page.locator(".lrp-cls[data-cls='2'] .lrp-swatch").evaluate("e => getComputedStyle(e).color")
    assert swatch == "rgb(0, 158, 115)"  # Okabe-Ito's bluish green
    assert epoch(page) == 0  # the arrows picked classes, they did not step the run


def start_empty(pg: Page) -> None:
    """Draw mode on an empty chart, its (canvas) rerun done."""
    if root_attr(pg, "drawing") != "true":
        pg.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(pg, "drawing") == "true", "draw mode")
    pg.locator(".lrp-clear").click()
    expect(pg.get_by_text("Add at least 2 points of each class")).to_be_visible(timeout=20_000)
    settled(pg)
    if root_attr(pg, "drawing") != "true":
        pg.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(pg, "drawing") == "true", "draw mode")


def add_two(pg: Page, k: int, box: dict) -> None:
    """Two points of class k, one click each, on the plot area as it was when drawing began: nothing
    moves under the pointer while drawing (the third class's score functions and legend row do not
    push the chart), and a click made while a retrained run is being drawn is not lost."""
    pg.keyboard.press(str(k))
    for j in range(2):
        now = plot_box(pg)
        assert all(abs(now[c] - box[c]) <= 0.5 for c in box), (k, j, now, box)
        pg.mouse.click(box["x"] + (0.1 + 0.15 * k) * box["w"], box["y"] + (0.45 + 0.1 * j) * box["h"])
        count = pg.locator(".lrp-drawcount")
        want = f"{j + 1} in class {k}"
        wait_until(lambda c=count, w=want: w in (c.get_attribute("aria-label") or ""), f"point {j + 1}, {k}")


def test_six_classes_of_drawing_tools_fit_one_line_at_1280(page: Page) -> None:
    start_empty(page)
    box = plot_box(page)
    for k in range(6):
        add_two(page, k, box)
    wait_until(lambda: len(offered(page)) == 6, "six classes offered, no more")
    expect(page.locator(".lrp-drawcount")).to_contain_text(": 2 · 2 · 2 · 2 · 2 · 2")
    # the retrained six-class run has come (its six score functions scroll in the held line), and
    # the chart is still where it was
    wait_until(lambda: "and 2 of class 5" in sidebar(page), "the six classes' run", timeout=30)
    settled(page)
    assert all(abs(plot_box(page)[c] - box[c]) <= 0.5 for c in box), (plot_box(page), box)
    names = ["blue", "orange", "green", "vermillion", "purple", "sky blue"]
    assert offered(page) == [f"class {k} ({c})" for k, c in enumerate(names)]
    count = page.locator(".lrp-drawcount")
    expect(count).to_contain_text(": 2 · 2 · 2 · 2 · 2 · 2")
    assert "2 in class 5" in count.get_attribute("aria-label")
    page.screenshot(path=SHOTS / "drawing-six-classes.png")
    bar = page.locator(".lrp-drawbar").evaluate(
        "b => { const r = b.getBoundingClientRect();"
        " const kids = [...b.querySelectorAll('*')].filter((e) => e.getClientRects().length);"
        " const over = Math.max(...kids.map((e) => e.getBoundingClientRect().right));"
        " return {right: r.right, height: r.height, over}; }"
    )
    assert bar["over"] <= bar["right"] + 0.5 and bar["height"] < 50, bar  # one line, nothing cut off


def test_six_classes_of_drawing_tools_fit_a_phone(browser: Browser, url: str) -> None:
    phone = {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    }
    with visit(browser, url + "/?epoch=0", **phone) as pg:
        pg.locator(".lrp-draw").scroll_into_view_if_needed()
        start_empty(pg)
        pg.locator(".lrp-boundary").scroll_into_view_if_needed()
        box = plot_box(pg)
        for k in range(6):
            add_two(pg, k, box)
        wait_until(lambda: len(offered(pg)) == 6, "six classes offered")
        pg.locator(".lrp-drawbar").scroll_into_view_if_needed()
        pg.screenshot(path=SHOTS / "drawing-six-classes-phone.png")
        parts = pg.locator(".lrp-drawbar").evaluate(
            "b => [...b.querySelectorAll('*')].filter((e) => e.getClientRects().length)"
            ".map((e) => { const r = e.getBoundingClientRect(); return [e.className, r.left, r.right]; })"
        )
        assert all(0 <= left and right <= 390 for _, left, right in parts), parts
