"""The offline player file: one HTML page holding Plotly.js, the app's own player and the run's payload,
with no address it could fetch and every piece of visitor text inert. It is played in a real browser
from disk, networking off, in tests/test_browser_offline.py."""

import base64
import json
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import numpy as np
import pytest

from playground import offline, player_files
from playground.experiment import run_experiment
from playground.offline import inline_script, json_script, offline_html, offline_payload, player_module
from playground.payload import build_payload
from playground.points import Points
from playground.settings import Settings

HOSTILE = "</script><img src=x onerror=alert(1)>"
HOSTILE_2 = "<!--<script>&amp;</SCRIPT >"
RESOURCE = re.compile(
    r"""(?:\b(?:src|href|action|poster|srcset)\s*=\s*|\bfetch\(\s*|\bimport\(\s*|\burl\(\s*|@import\s+)"""
    r"""["'`]?\s*(?:https?:)?//""",
    re.I,
)


class Parsed(HTMLParser):
    """The elements of a page as a browser's parser sees them: tags in order, the scripts' text, the
    title and the text of the page's header."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self._title = False
        self._header = False
        self.title = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        self._title = tag == "title"
        self._header = self._header or tag == "header"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        self._title = False
        self._header = self._header and tag != "header"

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._title:
            self.title += data
        elif self._header:
            self.text.append(data)


@pytest.fixture(scope="module")
def exp():
    return run_experiment(replace(Settings(), epochs=200))


@pytest.fixture(scope="module")
def hostile():
    """A visitor's own file whose class and axis names try to close the script and run their own."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    points = Points(X, y, class_names=(HOSTILE, HOSTILE_2), axis_names=(HOSTILE, "x2 <b>&</b>"))
    return run_experiment(replace(Settings(), upload="ab", degree=2, epochs=30), points)


def page(exp, **kw) -> Parsed:
    return Parsed(offline_html(exp, made=date(2025, 1, 31), **kw))


def header(parsed: Parsed) -> str:
    return re.sub(r"\s+", " ", "".join(parsed.text)).strip()


def run_json(parsed: Parsed) -> dict:
    blocks = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_page_holds_the_payload(exp) -> None:
    parsed = page(exp, epoch=57, discretize=True, log_scale=True)
    data = run_json(parsed)
    expected = build_payload(exp, discretize=True, log_scale=True)
    assert data == {**expected, "start_epoch": 57}
    assert run_json(page(exp))["start_epoch"] == exp.trainer.history.n_epochs  # by default, the end


def test_one_file_plotly_and_the_apps_own_player_inline(exp) -> None:
    parsed = page(exp)
    kinds = [attrs.get("type") for attrs, _ in parsed.scripts]
    assert kinds == ["application/json", None, "module"]
    assert not any("src" in attrs for attrs, _ in parsed.scripts)  # nothing loaded from elsewhere
    plotly = parsed.scripts[1][1]
    assert offline.plotly_bundle().read_text(encoding="utf-8") in plotly  # the player's build, whole
    assert plotly.lstrip().startswith("/**\n* plotly.js v") and "(lrp-player: " in plotly[:200]
    module = parsed.scripts[2][1]
    files = player_files.player_files()
    for name in player_files.JS_PARTS:  # every part of the player, unchanged but for its export's name
        part = (player_files.PLAYER_DIR / name).read_text(encoding="utf-8")
        if name != player_files.JS_PARTS[-1]:
            assert inline_script(part) in module
    assert "const lrpPlayer = function (component)" in module
    assert not re.search(r"^\s*(export|import)\b", module, re.M)  # a module that imports nothing
    template = text_of_template(offline_html(exp))
    assert files.css in template and files.html in template


def text_of_template(text: str) -> str:
    start = text.index('<template id="lrp-player">')
    return text[start : text.index("</template>", start)]


def test_the_module_is_joined_in_the_apps_order() -> None:
    pass


def test_no_address_outside_plotly_and_a_policy_that_forbids_fetching(exp) -> None:
    text = offline_html(exp)
    plotly = offline.plotly_bundle().read_text(encoding="utf-8")
    assert text.count(plotly) == 1
    ours = text.replace(plotly, "")
    assert not RESOURCE.findall(ours), RESOURCE.findall(ours)
    # Plotly's bundle holds addresses of map tiles and a CDN for chart types the player never draws:
    # the page's policy refuses any request, and the browser test sees none made
    csp = [a["content"] for t, a in Parsed(text).tags if t == "meta" and a.get("http-equiv")]
    assert csp == [offline.CSP]
    rules = dict(part.strip().split(" ", 1) for part in offline.CSP.split(";"))
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'none'"
    assert all("http" not in v and "*" not in v for v in rules.values())


@pytest.mark.parametrize("text", ["a</script>b", "a</SCRIPT >b", "x<!--y", "</scriptx"])
def test_inline_script_never_ends_the_script(text: str) -> None:
    escaped = inline_script(text)
    assert "</script" not in escaped.lower() and "<!--" not in escaped


def test_json_block_is_the_same_json_with_no_markup() -> None:
    value = {"a": [HOSTILE, HOSTILE_2, "\u2028", "é", "gnp\u202e.exe\u2066"], "n": 1.5}
    text = json_script(value)
    assert json.loads(text) == value
    assert not set("<>&\u2028\u202e\u2066") & set(text) and "é" in text


def test_visitor_text_is_inert(hostile) -> None:
    name = '"><img src=x onerror=alert(2)>\u202egnp.csv\nnext'
    html = offline_html(hostile, file_name=name, made=date(2025, 1, 31))
    parsed = Parsed(html)
    # the parser sees the page's own elements only: three scripts, no image, no second title
    assert [t for t, _ in parsed.tags].count("script") == 3
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed", "a", "base")]
    data = run_json(parsed)
    assert data["class_names"] == [HOSTILE, HOSTILE_2]  # the names themselves, as text
    assert data["axis_names"] == [HOSTILE, "x2 <b>&</b>"]
    assert data == build_payload(hostile)
    assert 'Your file "><img src=x onerror=alert(2)> gnp.csv next' in header(parsed)  # escaped, one line
    assert "\u202e" not in html
    assert parsed.title.startswith("Logistic Regression Playground: ")


def test_the_header_says_the_settings_in_words(exp) -> None:
    text = header(page(exp))
    for words in [
        "Dataset Moons",
        "Samples 300 (",
        "Polynomial degree 3",
        "Penalty L2 (ridge)",
        "Penalty strength α 0.001",
        "Optimizer Gradient descent",
        "Learning rate 1",
        "Epochs 200",
        "2025-01-31",
        "made with the Logistic Regression Playground",
    ]:
        assert words in text, words
    message = exp.trainer.message
    assert message[:1].upper() + message[1:] + "." in text


@pytest.mark.parametrize(
    "changes, present, absent",
    [
        ({"optimizer": "sgd", "epochs": 5}, ["Optimizer Mini-batch SGD", "Batch size 32"], []),
        (
            {"optimizer": "newton", "penalty": "none", "epochs": 500},
            ["Optimizer Newton (IRLS)", "Penalty None", "Epochs 500 asked, "],
            ["Learning rate", "Penalty strength", "Batch size"],
        ),
        ({"dataset": "iris", "epochs": 5}, ["Dataset Iris: versicolor", "Samples 100"], ["Noise"]),
    ],
)
def test_only_the_settings_that_acted_on_the_run(changes, present, absent) -> None:
    text = header(page(run_experiment(replace(Settings(), **changes))))
    assert all(p in text for p in present), text
    assert not any(a in text for a in absent), text


def test_a_player_without_its_one_default_export_is_refused() -> None:
    js = player_files.player_files().js
    assert "lrpPlayer" in player_module(js)
    with pytest.raises(ValueError, match="export default function"):
        player_module(js.replace("export default function", "export function"))
    with pytest.raises(ValueError, match="export default function"):
        player_module("import x from './y.js';\n" + js)


def test_offline_payload_clamps_the_epoch(exp) -> None:
    assert offline_payload(exp, epoch=10_000)["start_epoch"] == exp.trainer.history.n_epochs
    assert offline_payload(exp, epoch=-5)["start_epoch"] == 0


@pytest.mark.parametrize(
    "changes, limit_mb",
    [
        ({}, 2.0),
        ({"n_samples": 5000, "degree": 6, "epochs": 5000}, 2.6),
        ({"dataset": "blobs", "n_classes": 3}, 2.0),
        ({"dataset": "spiral", "n_classes": 6, "n_samples": 300, "degree": 6, "epochs": 5000}, 6.5),
    ],
    ids=["default run", "worst case", "three blobs", "six classes, most epochs"],
)
def test_file_size(changes, limit_mb) -> None:
    """At most 2 MB (issue 19): about 1.45 MB, of which the player's Plotly.js is 1.3 MB (the full
    bundle was 4.8 MB); the worst case the caps allow adds about 0.45 MB. K classes carry K rows of
    weights per epoch: three blobs 1.51 MB; six classes at degree 6 for 4960 epochs (300 points: the
    work cap lets few points run long) 6.1 MB, the weights' base64 being 4.4 MB of it."""
    size = len(offline_html(run_experiment(replace(Settings(), **changes))).encode())
    assert size < limit_mb * 1e6


# Issue 18: a run of K ≥ 3 classes is the same one file, its payload the K classes' weights, its
# header "Classes K" with the classes' names as inert text.
@pytest.mark.parametrize(
    "changes, classes",
    [
        ({"dataset": "blobs", "n_classes": 3, "epochs": 40}, "Classes 3 "),
        ({"dataset": "spiral", "n_classes": 5, "epochs": 20}, "Classes 5 "),
        ({"dataset": "iris3", "epochs": 40}, "Classes 3 (setosa, versicolor, virginica)"),
    ],
    ids=["blobs K=3", "spiral K=5", "iris3"],
)
def test_a_k_class_run_is_one_file_with_its_classes(changes, classes) -> None:
    exp = run_experiment(replace(Settings(), **changes))
    K = exp.n_classes
    parsed = page(exp, epoch=7)
    data = run_json(parsed)
    assert data == {**build_payload(exp), "start_epoch": 7}
    assert data["n_classes"] == K and data["class_names"] == list(exp.class_names)
    h = exp.trainer.history
    dtype = "<f4" if data["weights_dtype"] == "float32" else "<f8"
    W = np.frombuffer(base64.b64decode(data["weights"]), dtype=dtype)
    b = np.frombuffer(base64.b64decode(data["bias"]), dtype=dtype)
    np.testing.assert_allclose(W.reshape(h.w.shape), h.w, rtol=1e-6, atol=1e-6)  # (E + 1, K, d)
    np.testing.assert_allclose(b.reshape(h.n_epochs + 1, K), h.b, rtol=1e-6, atol=1e-6)
    text = header(parsed)
    assert classes in text + " ", text
    assert text.index("Dataset") < text.index("Classes") < text.index("Samples")  # the sidebar's order
    assert [t for t, _ in parsed.tags].count("script") == 3


def test_two_classes_say_no_classes_but_a_two_class_blob_says_its_control() -> None:
    assert "Classes" not in header(page(run_experiment(replace(Settings(), epochs=5))))  # moons: as ever
    text = header(page(run_experiment(replace(Settings(), dataset="blobs", epochs=5))))
    assert "Classes 2 " in text + " " and "Class 1 share" in text


def test_a_k_class_files_class_names_are_inert() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(90, 2))
    y = np.argmax(X @ np.array([[1.0, -0.5, -0.5], [0.0, 1.0, -1.0]]), axis=1)
    names = (HOSTILE, HOSTILE_2, "chat\u202e\n🐈")
    points = Points(X, y, class_names=names)
    exp = run_experiment(replace(Settings(), upload="abc", degree=1, epochs=20), points)
    assert exp.n_classes == 3
    text = offline_html(exp, file_name="three.csv", made=date(2025, 1, 31))
    parsed = Parsed(text)
    assert [t for t, _ in parsed.tags].count("script") == 3
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed", "a", "base")]
    assert run_json(parsed)["class_names"] == list(names)  # the names themselves, as data
    words = header(parsed)
    # as text, one line each, cut to a third of a file name's length
    cut = [offline.plain(n, offline.MAX_NAME // 3) for n in names]
    assert cut[0] == HOSTILE[: offline.MAX_NAME // 3 - 1] + "…" and cut[2] == "chat 🐈"
    assert f"Classes 3 ({', '.join(cut)})" in words, words
    assert "\u202e" not in text
