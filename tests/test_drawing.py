"""Drawn points and their code for a link (playground/drawing.py): exact round trips, the limits, and
garbage refused with a reason."""

import base64

import numpy as np
import pytest

from playground import drawing
from playground.drawing import LEVELS, LINK_POINTS, MAX_CODE, Drawing, DrawingError

FRAME = drawing.make_frame([-2.71, 3.14, -1.5, 1.25])


def random_drawing(n: int, seed: int = 0, k: int = 2) -> Drawing:
    rng = np.random.default_rng(seed)
    X = rng.uniform([-2.71, -1.5], [3.14, 1.25], size=(n, 2))
    return drawing.from_points(X, rng.integers(0, k, n), FRAME)


def same(a: Drawing, b: Drawing) -> bool:
    return a.frame == b.frame and np.array_equal(a.cells, b.cells) and np.array_equal(a.y, b.y)


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 100, LINK_POINTS])
def test_the_code_round_trips_exactly(n: int) -> None:
    d = random_drawing(n)
    code = drawing.encode(d)
    back = drawing.decode(code)
    assert same(back, d) and back.fingerprint() == d.fingerprint()
    np.testing.assert_array_equal(back.X, d.X)
    assert len(code) <= MAX_CODE
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")  # URL-safe


def test_a_full_link_is_short_and_about_three_bytes_a_point() -> None:
    code = drawing.encode(random_drawing(LINK_POINTS))
    assert len(code) == 859  # 19 bytes of header, 3 a point, a bit a class (two classes)
    code = drawing.encode(random_drawing(LINK_POINTS, k=6))
    assert len(code) == MAX_CODE == 926  # 3 bits a class


@pytest.mark.parametrize("k", [3, 4, 5, 6])
@pytest.mark.parametrize("n", [3, 7, 8, 9, 100, LINK_POINTS])
def test_a_drawing_of_up_to_six_classes_round_trips_in_version_2(n: int, k: int) -> None:
    d = random_drawing(n, seed=n + k, k=k)
    d = Drawing(d.frame, d.cells, np.concatenate([[k - 1], d.y[1:]]).astype(np.uint8))  # class k − 1 in it
    code = drawing.encode(d)
    assert base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))[0] == 2
    back = drawing.decode(code)
    assert same(back, d) and back.fingerprint() == d.fingerprint() and back.n_classes == k
    assert len(code) <= MAX_CODE


# A version 1 code written before drawings had more classes (5 points: classes 0, 1, 1, 0, 1 on the
# frame FRAME); it must decode to the same points for ever, and a two-class drawing still writes it.
V1_CODE = "AaRwLcDD9UhAAADAvwAAoD8FAHtWnwAAAP___4CAgAAEFhY"


def test_a_version_1_link_decodes_as_before_and_two_classes_still_write_it() -> None:
    d = drawing.decode(V1_CODE)
    assert d.frame == FRAME and d.n == 5 and d.y.tolist() == [0, 1, 1, 0, 1]
    assert d.cells.tolist() == [[1659, 2549], [0, 0], [4095, 4095], [128, 2056], [1024, 352]]
    assert d.counts() == (2, 3) and d.n_classes == 2
    assert drawing.encode(d) == V1_CODE
    assert d.fingerprint() == "c0abe9b1d18a2bdf"


def test_points_snap_to_the_grid_within_a_tenth_of_a_pixel() -> None:
    rng = np.random.default_rng(1)
    X = rng.uniform([-2.71, -1.5], [3.14, 1.25], size=(500, 2))
    d = drawing.from_points(X, np.zeros(500, int), FRAME)
    step = (np.array(FRAME[1::2]) - np.array(FRAME[0::2])) / (LEVELS - 1)
    assert (np.abs(d.X - X) <= step / 2 + 1e-12).all()
    assert drawing.from_points(d.X, d.y, FRAME).fingerprint() == d.fingerprint()  # snapping is idempotent


def test_points_outside_the_frame_land_on_its_edge() -> None:
    d = drawing.from_points(np.array([[-100.0, 0.0], [100.0, 100.0]]), np.array([0, 1]), FRAME)
    np.testing.assert_allclose(d.X[:, 0], [FRAME[0], FRAME[1]])
    assert d.X[1, 1] == pytest.approx(FRAME[3])


def test_the_frame_is_stored_exactly() -> None:
    assert all(float(np.float32(v)) == v for v in FRAME)
    with pytest.raises(DrawingError, match="wider than zero"):
        drawing.make_frame([1, 1, 0, 1])
    with pytest.raises(DrawingError, match="finite"):
        drawing.make_frame([0, float("inf"), 0, 1])
    with pytest.raises(DrawingError, match="finite"):
        drawing.make_frame([0, 1e300, 0, 1])


def test_a_drawing_says_what_it_lacks_before_it_can_train() -> None:
    X = np.zeros((5, 2))
    assert drawing.from_points(X[:4], [0, 0, 1, 1], FRAME).missing() is None
    sentence = drawing.from_points(X[:3], [0, 0, 1], FRAME).missing()
    assert sentence == "Add at least 2 points of each class to train a model: class 1 (orange) has 1"
    empty = drawing.empty(FRAME).missing()
    assert "class 0 (blue) has 0 and class 1 (orange) has 0" in empty


def test_the_link_carries_small_drawings_only() -> None:
    assert random_drawing(LINK_POINTS).in_link()
    big = random_drawing(LINK_POINTS + 1)
    assert not big.in_link()
    with pytest.raises(DrawingError, match=f"at most {LINK_POINTS}"):
        drawing.encode(big)


def test_the_fingerprint_names_the_points() -> None:
    a, b = random_drawing(10, seed=1), random_drawing(10, seed=2)
    assert a.fingerprint() != b.fingerprint()
    assert len(a.fingerprint()) == 16 and not a.fingerprint().strip("0123456789abcdef")
    flipped = Drawing(a.frame, a.cells, 1 - a.y)
    assert flipped.fingerprint() != a.fingerprint()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


UNIT = np.array([0, 1, 0, 1], "<f4").tobytes()  # a frame [0, 1] x [0, 1]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x" * (MAX_CODE + 1), "is longer than"),
        ("not a code!", "letters, digits"),
        ("AQ==", "letters, digits"),  # padding is not written
        ("A", "is not a drawing's code"),  # no base64 length
        ("", "is not a drawing's code"),
        (b64(b"\x03" + UNIT + bytes([0, 0])), "format 3"),  # another version
        (b64(b"\x00" + UNIT + bytes([0, 0])), "format 0"),
        (b64(b"\x02" + UNIT + bytes([1, 0, 0, 0, 0, 7])), "class 7"),
        (b64(b"\x02" + UNIT + bytes([1, 0, 0, 0, 0, 6])), "class 6"),
        (b64(b"\x02" + UNIT + bytes([3, 0]) + bytes(9) + bytes([0b10_001_000])), "cut short"),  # 1 byte short
        (b64(b"\x02" + UNIT + bytes([3, 0]) + bytes(9) + bytes([0b10_001_000, 0, 0])), "bytes to spare"),
        (b64(b"\x02" + UNIT + bytes([3, 0]) + bytes(9) + bytes([0b10_001_000, 0b10])), "stray class"),
        (b64(b"\x02" + UNIT + bytes([2, 0]) + bytes(6) + bytes([0b001_000])), "two classes in format 2"),
        (b64(b"\x02" + UNIT + bytes([0, 0])), "two classes in format 2"),
        (b64(b"\x02" + UNIT + bytes([3, 0])), "cut short"),
        (b64(b"\x01" + UNIT + bytes([3, 0])), "cut short"),
        (b64(b"\x01" + UNIT + bytes([0, 0, 9])), "bytes to spare"),
        (b64(b"\x01" + np.array([1, 0, 0, 1], "<f4").tobytes() + bytes([0, 0])), "empty frame"),
        (b64(b"\x01" + np.array([0, np.inf, 0, 1], "<f4").tobytes() + bytes([0, 0])), "not finite"),
        (b64(b"\x01" + np.array([0, np.nan, 0, 1], "<f4").tobytes() + bytes([0, 0])), "not finite"),
        (b64(b"\x01" + UNIT + (201).to_bytes(2, "little")), "201 points"),
        (b64(b"\x01" + UNIT + bytes([1, 0, 0, 0, 0, 0x80])), "stray class"),
    ],
)
def test_garbage_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DrawingError, match=reason):
        drawing.decode(text)


def test_random_bytes_never_crash_the_decoder() -> None:
    rng = np.random.default_rng(0)
    for n in range(0, 700, 7):
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        try:
            d = drawing.decode(b64(data))
        except DrawingError:
            continue
        assert d.n <= LINK_POINTS and np.isfinite(d.X).all()


def test_a_report_from_the_browser_is_checked() -> None:
    report = {"rev": 3, "frame": list(FRAME), "x1": [0.0, 1.0, 2.0], "x2": [0.5, -0.5, 1.0], "y": [0, 1, 1]}
    d = drawing.from_report(report)
    assert d.n == 3 and d.counts() == (1, 2) and d.frame == FRAME
    np.testing.assert_allclose(d.X, [[0, 0.5], [1, -0.5], [2, 1]], atol=2e-3)
    bad = [
        ("not a dict", "an object"),
        ({**report, "y": "01"}, "y must be a list"),
        ({**report, "x1": [0.0, 1.0]}, "x1 must be a list of 3 numbers"),
        ({**report, "x2": [0.0, "1", 2.0]}, "finite numbers"),
        ({**report, "x2": [0.0, float("nan"), 2.0]}, "finite numbers"),
        ({**report, "y": [0, 6, 1]}, "from 0 to 5"),
        ({**report, "y": [0, -1, 1]}, "from 0 to 5"),
        ({**report, "y": [0, 2.0, 1]}, "from 0 to 5"),
        ({**report, "y": [0, True, 1]}, "from 0 to 5"),
        ({**report, "frame": [0, 1, 0]}, "frame must be a list of 4"),
        ({**report, "x1": [0.0] * 5001, "x2": [0.0] * 5001, "y": [0] * 5001}, "at most 5000"),
    ]
    for value, reason in bad:
        with pytest.raises(DrawingError, match=reason):
            drawing.from_report(value)


def test_a_drawing_is_points_an_experiment_takes() -> None:
    d = random_drawing(12)
    p = d.points()
    assert p.class_names == ("0", "1") and p.X.shape == (12, 2)
    assert p.y.dtype == np.int64 and set(p.y) <= {0, 1}


def test_a_drawing_of_three_classes_trains_as_three_classes_named_by_their_numbers() -> None:
    report = {
        "frame": list(FRAME),
        "x1": [0.0, 0.1, 1.0, 1.1, 2.0, 2.1],
        "x2": [0.0] * 6,
        "y": [0, 0, 1, 1, 2, 2],
    }
    d = drawing.from_report(report)
    assert d.n_classes == 3 and d.counts() == (2, 2, 2) and d.missing() is None
    p = d.points()
    assert p.class_names == ("0", "1", "2") and p.classes == (0, 1, 2) and p.n_classes == 3
    assert p.y.tolist() == [0, 0, 1, 1, 2, 2]


def test_a_class_left_empty_between_drawn_ones_is_named_not_renumbered() -> None:
    d = drawing.from_points(np.zeros((4, 2)), [0, 0, 2, 2], FRAME)
    assert d.n_classes == 3 and d.counts() == (2, 0, 2)
    assert d.missing() == "Add at least 2 points of each class to train a model: class 1 (orange) has 0"
    assert d.points().y.tolist() == [0, 0, 2, 2]  # class 2 keeps its number (and its colour)


def test_a_class_of_one_point_is_named_with_its_colour() -> None:
    d = drawing.from_points(np.zeros((7, 2)), [0, 0, 1, 1, 2, 2, 5], FRAME)
    assert d.missing() == (
        "Add at least 2 points of each class to train a model: class 3 (vermillion) has 0 and "
        "class 4 (purple) has 0 and class 5 (sky blue) has 1"
    )
    assert (
        drawing.CLASS_WORDS[2] == "class 2 (green)" and len(drawing.CLASS_WORDS) == drawing.MAX_CLASSES == 6
    )


def test_from_points_refuses_a_seventh_class() -> None:
    with pytest.raises(DrawingError, match="from 0 to 5"):
        drawing.from_points(np.zeros((2, 2)), [0, 6], FRAME)


# In the app (Streamlit's AppTest): a link's version 2 code trains K classes; the sidebar counts them.


def three_class_drawing(per_class: int = 3, seed: int = 0) -> Drawing:
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.5, -0.8], [1.5, -0.8], [0.0, 1.0]])
    X = np.vstack([rng.normal(c, 0.2, (per_class, 2)) for c in centres])
    return drawing.from_points(X, np.repeat([0, 1, 2], per_class), drawing.make_frame([-3, 3, -2, 2]))


def test_a_link_with_a_three_class_drawing_trains_three_classes() -> None:
    from app_support import app, data

    d0 = three_class_drawing()
    code = drawing.encode(d0)
    at = app(drawn=code)
    assert not at.exception, [e.message for e in at.exception]
    d = data(at)
    assert d["drawing"] == {"active": True, "rev": 0} and d["n_epochs"] > 0
    assert (
        d["n_classes"] == 3
        and d["class_names"] == ["0", "1", "2"]
        and sorted(d["points"]["y"]) == [0] * 3 + [1] * 3 + [2] * 3
    )
    captions = [c.value for c in at.sidebar.caption]
    assert any(
        "Using your drawing: 9 points, 3 of class 0, 3 of class 1 and 3 of class 2." in c for c in captions
    )
    value = at.query_params.get("drawn")
    assert (value[0] if isinstance(value, list) else value) == code  # written back as version 2


def test_a_link_drawing_with_a_class_of_one_point_names_it() -> None:
    from app_support import app, data

    d0 = three_class_drawing()
    y = d0.y.copy()
    y[-2:] = 0  # class 2 keeps one point
    at = app(drawn=drawing.encode(Drawing(d0.frame, d0.cells, y)))
    assert not at.exception, [e.message for e in at.exception]
    assert data(at)["status"] == "no_run"
    (info,) = at.info
    assert info.value == "Add at least 2 points of each class to train a model: class 2 (green) has 1."


def test_the_class_pickers_colours_are_the_palettes() -> None:
    """player_draw.js names and colours classes 0 to 5 before the payload's palette arrives."""
    import json
    import re
    from pathlib import Path

    from playground import palette

    js = (Path(__file__).resolve().parent.parent / "playground/ui/player_draw.js").read_text()
    names = json.loads(re.search(r"const DRAW_COLOR_NAMES = (\[.*?\]);", js, re.S).group(1))
    rgb = json.loads(re.search(r"const DRAW_COLORS = (\[.*?\]);", js, re.S).group(1).replace(",\n]", "\n]"))
    assert tuple(names) == palette.CLASS_COLOR_NAMES
    assert [f"#{r:02X}{g:02X}{b:02X}" for r, g, b in rgb] == list(palette.CLASS_COLORS)
    assert int(re.search(r"const DRAW_CLASSES = (\d+);", js).group(1)) == drawing.MAX_CLASSES
