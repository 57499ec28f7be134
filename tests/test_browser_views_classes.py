"""The Update and Landscape pages on a four-class blobs run in a real headless Chromium at 1280×720,
light and dark: each fits the screen, draws its charts without a page error and names Θ's classes.
Screenshots land in artifacts/views-classes-*.png."""

import pytest
from test_browser_views import background_luminance, chart_title, check_fits, open_page

pytestmark = pytest.mark.browser
BLOBS = "dataset=blobs&n_classes=4"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("name", "path", "charts", "says"),
    [
        ("update", f"update?{BLOBS}", 1, "one row per class"),
        ("update-sgd", f"update?{BLOBS}&optimizer=sgd", 2, "one row per class"),
        ("landscape", f"landscape?{BLOBS}", 1, "softmax's cross-entropy"),
        ("landscape-weights", f"landscape?{BLOBS}&slice=weights&across=20&up=39", 1, "w[class 2, x1]"),
    ],
)
def test_each_view_of_four_classes_fits_the_screen_in_both_appearances(
    browser, url, name, path, charts, scheme, says
) -> None:
    pg, errors = open_page(browser, url, path, scheme, charts)
    luminance = background_luminance(pg)
    assert luminance < 0.3 if scheme == "dark" else luminance > 0.7
    text = pg.locator("[data-testid=stMain]").inner_text()
    assert says in text or says in chart_title(pg) or says in pg.content()
    check_fits(pg, errors, f"classes-{name}-{scheme}")
    pg.context.close()
