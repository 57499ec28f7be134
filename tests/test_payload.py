"""The player's data (playground/payload.py): weights as float32 when that draws the run faithfully,
float64 when not; the playback timeline; a drawing's frame and a drawing's canvas."""

import base64
import json
from dataclasses import replace

import numpy as np
import pytest

from playground import drawing
from playground.experiment import run_experiment
from playground.pacing import timeline
from playground.payload import build_payload, canvas_payload, feature_reach, weights_dtype
from playground.points import Points
from playground.settings import Settings


def decoded(d: dict, name: str) -> np.ndarray:
    dtype = {"float32": "<f4", "float64": "<f8"}[d["weights_dtype"]]
    return np.frombuffer(base64.b64decode(d[name]), dtype=dtype)


def test_an_ordinary_run_travels_as_float32() -> None:
    exp = run_experiment(Settings())
    d = build_payload(exp)
    assert d["weights_dtype"] == "float32"
    assert len(base64.b64decode(d["weights"])) == 4 * exp.trainer.history.w.size


def test_weights_beyond_float32_travel_as_float64() -> None:
    """A diverging run on unstandardised degree-6 features of coordinates near 1e7 (the upload's
    range admits up to 1e15): one gradient step puts weights near 4e42, far past float32's 3.4e38,
    which a float32 payload would have shown as infinity in the browser."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2)) * 1e7
    y = (X[:, 0] > 0).astype(np.int64)
    s = replace(Settings(), upload="ab", degree=6, standardize=False, epochs=50)
    exp = run_experiment(s, Points(X, y))
    h = exp.trainer.history
    assert np.abs(h.w).max() > np.finfo(np.float32).max
    d = build_payload(exp)
    json.dumps(d, allow_nan=False)
    assert d["weights_dtype"] == "float64"
    W = decoded(d, "weights").reshape(h.w.shape)
    np.testing.assert_array_equal(W, h.w)  # exactly, and finite
    assert np.isfinite(W).all() and np.isfinite(np.asarray(d["timeline"])).all()
    with np.errstate(over="ignore"):
        assert not np.isfinite(h.w.astype(np.float32)).all()  # what float32 would have sent


def test_tiny_weights_and_fragile_logits_travel_as_float64() -> None:
    reach = np.ones(2)
    b = np.zeros(3)
    assert weights_dtype(np.full((3, 2), 0.5), b, reach) == "float32"
    assert weights_dtype(np.full((3, 2), 1e-40), b, reach) == "float64"  # float32 keeps no digit of it
    assert weights_dtype(np.zeros((3, 2)), b, reach) == "float32"  # exact zeros are exact in float32
    # weights of 1e3 on features that reach 1e6 on the chart: float32's rounding (6e-8 of each) could
    # move a logit by about 100
    assert weights_dtype(np.full((3, 2), 1e3), b, np.full(2, 1e6)) == "float64"


def test_the_feature_reach_bounds_the_features_on_the_chart() -> None:
    exp = run_experiment(replace(Settings(), degree=3))
    d = build_payload(exp)
    powers = np.asarray(d["features"]["powers"])
    mean, scale = np.asarray(d["features"]["mean"]), np.asarray(d["features"]["scale"])
    reach = feature_reach(powers, mean, scale, d["bounds"])
    lo, hi = np.array(d["bounds"][0::2]), np.array(d["bounds"][1::2])
    axes = np.meshgrid(np.linspace(lo[0], hi[0], 40), np.linspace(lo[1], hi[1], 40))
    grid = np.stack(axes, -1).reshape(-1, 2)
    phi = (grid[:, :1] ** powers[:, 0] * grid[:, 1:] ** powers[:, 1] - mean) / scale
    assert (np.abs(phi) <= reach * (1 + 1e-9)).all()


def test_the_timeline_is_in_the_payload_in_milliseconds() -> None:
    exp = run_experiment(Settings())
    d = build_payload(exp)
    h = exp.trainer.history
    assert d["timeline"] == np.rint(timeline(h.w, h.b) * 1000).astype(int).tolist()
    assert len(d["timeline"]) == d["n_epochs"] + 1 and d["timeline"][-1] == 10_000


def test_a_drawings_run_keeps_the_drawings_frame() -> None:
    frame = drawing.make_frame([-5, 5, -4, 4])
    X = np.array([[-1.0, -1.0], [-1.5, -0.5], [1.0, 1.0], [1.5, 0.5]])
    drawn = drawing.from_points(X, np.array([0, 0, 1, 1]), frame)
    s = replace(Settings(), upload=drawn.fingerprint(), test_size=0.0)
    d = build_payload(run_experiment(s, drawn.points()), drawing=drawn)
    assert d["bounds"] == list(frame)  # not the points' own, tighter frame: the axes stay put


def test_a_drawing_short_of_points_is_a_canvas() -> None:
    frame = drawing.make_frame([-3, 3, -2, 2])
    drawn = drawing.from_points(np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]]), np.array([0, 1, 0]), frame)
    d = canvas_payload(drawn, drawn.missing(), Settings())
    json.dumps(d, allow_nan=False)
    assert d["n_epochs"] == 0 and d["status"] == "no_run" and d["message"] == drawn.missing()
    assert d["points"]["y"] == [0, 1, 0] and d["bounds"] == list(frame)
    assert d["timeline"] == [0] and d["train_loss"] is None
    assert len(base64.b64decode(d["weights"])) == 4 * 2  # one epoch of the two weights, all 0
    empty = canvas_payload(drawing.empty(frame), "nothing", Settings())
    assert empty["points"]["x1"] == [] and empty["run_id"] != d["run_id"]
    assert d["n_classes"] == empty["n_classes"] == 2 and d["class_names"] == ["0", "1"]


def test_a_canvas_of_three_drawn_classes_names_three() -> None:
    # a green point drawn before its class has 2 points keeps its class (and colour) on the canvas
    frame = drawing.make_frame([-3, 3, -2, 2])
    drawn = drawing.from_points(np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]]), np.array([0, 1, 2]), frame)
    d = canvas_payload(drawn, drawn.missing(), Settings())
    assert d["n_classes"] == 3 and d["class_names"] == ["0", "1", "2"] and d["points"]["y"] == [0, 1, 2]


@pytest.mark.parametrize("flag", ["autoplay", "present"])
def test_the_page_sets_the_view_flags(flag: str) -> None:
    assert build_payload(run_experiment(Settings()))[flag] is False  # the page turns them on
