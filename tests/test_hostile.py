"""No input a visitor controls raises: huge numbers in a link, clashing controls in any order, an
unexpected error anywhere (a short apology, never a traceback)."""

import itertools
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.experiment import ExperimentError, run_experiment
from playground.points import Points
from playground.settings import Settings, with_changes

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def players(at) -> list:
    """The page's run players, by component name."""
    return [c for c in at.get("bidi_component") if c.proto.component_name.endswith("lr_player")]


def sidebar_warning(at: AppTest) -> str:
    return " ".join(w.value for w in at.sidebar.warning)


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"seed": "18446744073709551616"}, "Seed `18446744073709551616` must be an integer from 0 to 99999"),
        ({"n_samples": "9" * 29}, "Samples `" + "9" * 23 + "…` must be an integer from 20 to 5000"),
        ({"alpha": "0"}, "Penalty strength α `0` must be a number from 1e-05 to 1"),
        ({"learning_rate": "1e999"}, "Learning rate `1e999` must be a number from 0.0001 to 100"),
        ({"epochs": "1" * 40}, "is longer than 32 characters"),
        ({"optimizer": "newton", "penalty": "l1"}, "Penalty `l1` cannot go with Newton's method"),
    ],
)
def test_bad_link_values_give_a_message_and_a_working_page(query: dict, fragment: str) -> None:
    at = app(**query)
    assert not at.exception, [e.message for e in at.exception]
    assert fragment in sidebar_warning(at)
    assert players(at), "the player is on the page"


def test_the_link_s_newton_keeps_and_l1_gives_way() -> None:
    at = app(optimizer="newton", penalty="l1")
    assert at.session_state["optimizer"] == "newton" and at.session_state["penalty"] == "l2"


def widget(at: AppTest, kind: str, label: str):
    return next(w for w in getattr(at.sidebar, kind) if w.label == label)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (("radio", "Penalty", "l1"), ("selectbox", "Optimizer", "newton"), ("l2", "newton")),
        (("selectbox", "Optimizer", "newton"), ("radio", "Penalty", "l1"), ("l1", "gd")),
    ],
)
def test_l1_and_newton_in_either_order_the_last_choice_wins(first, second, expected) -> None:
    at = app()
    for kind, label, value in (first, second):
        widget(at, kind, label).set_value(value).run()
        assert not at.exception, [e.message for e in at.exception]
    assert (at.session_state["penalty"], at.session_state["optimizer"]) == expected
    assert at.toast and "L1" in at.toast[0].value
    assert players(at)


def test_an_unexpected_error_is_an_apology_not_a_traceback(monkeypatch) -> None:
    import playground.reports

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path.py exploded")

    monkeypatch.setattr(playground.reports, "report", broken)
    at = app()
    at.switch_page("app_pages/evaluate.py").run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("Sorry, something went wrong on this page")
    assert "secret" not in error.value


MAGNITUDES = [1e-300, 1e-12, 1.0, 1e6, 1e15]


@pytest.mark.parametrize(("magnitude", "outlier"), list(itertools.product(MAGNITUDES, [False, True])))
def test_any_uploaded_coordinates_make_a_run_or_a_named_error(magnitude: float, outlier: bool) -> None:
    """Every optimizer, penalty, degree and scaling on points of any size the upload admits (±1e15):
    a finished run with finite weights, or ExperimentError saying what to change."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2)) * magnitude
    if outlier:
        X[0] = 1e15
    y = (X[:, 0] > 0).astype(np.int64)
    y[:2] = 0, 1
    for degree, standardize, optimizer, penalty in itertools.product(
        [1, 3, 6], [True, False], ["gd", "sgd", "momentum", "adam", "newton"], ["none", "l2", "l1"]
    ):
        if optimizer == "newton" and penalty == "l1":
            continue
        s = with_changes(
            Settings(),
            upload="ab",
            degree=degree,
            standardize=standardize,
            optimizer=optimizer,
            penalty=penalty,
            epochs=50,
        )
        try:
            exp = run_experiment(s, Points(X, y))
        except ExperimentError as e:
            assert "rescale the points or choose a lower degree" in str(e)
            continue
        assert np.isfinite(exp.trainer.history.w).all()


HOSTILE_TEXT = ['"""; import os; os.system("x") #', '=HYPERLINK("http://a")', "</script><b>x</b>", "a\u202eb"]


def test_a_hostile_file_reaches_the_exports_as_data_never_as_code(tmp_path) -> None:
    """Labels and column names of any text: the script holds none of it (it reads the file), the model
    JSON holds it verbatim as JSON strings and loads back with those labels."""
    import json

    import lr
    from playground.export import model_json, snippet
    from playground.upload import read_points_csv

    X, y = lr.make_dataset("linear", 40, random_state=0)
    label_names = (HOSTILE_TEXT[0], HOSTILE_TEXT[1])
    header = '"' + HOSTILE_TEXT[2].replace('"', '""') + '","' + HOSTILE_TEXT[3] + '",label'
    rows = [
        f'{float(a)!r},{float(b)!r},"{label_names[c].replace(chr(34), chr(34) * 2)}"'
        for (a, b), c in zip(X, y, strict=True)
    ]
    points = read_points_csv(("\n".join([header, *rows]) + "\n").encode())
    assert points.axis_names == (HOSTILE_TEXT[2], HOSTILE_TEXT[3])
    assert set(points.classes) == set(label_names)
    exp = run_experiment(Settings(upload="ab", epochs=20), points)
    code = snippet(exp)
    assert not any(text in code for text in HOSTILE_TEXT)
    compile(code, "reproduce.py", "exec")
    saved = model_json(exp)
    assert set(json.loads(saved)["model"]["classes"]) == set(label_names)
    assert set(lr.Pipeline.from_json(saved).predict(X).tolist()) <= set(label_names)


@pytest.mark.parametrize(
    "data",
    [
        b"1,2,a\n" + b"9" * 60_000 + b"x,2,b\n",
        b"1,2,a\n" + b"9" * 60_000 + b",2,b\n",
        b"1,2,a\n1," + b"9" * 60_000 + b".,b\n",
        b"1,2,a\n1,2" + b"9" * 60_000 + b",2\n",
        b"a" * 60_000 + b",b,c,d\n1,2,3,4\n",
    ],
)
def test_a_huge_cell_or_header_is_refused_at_once_and_quoted_short(data: bytes) -> None:
    """A long run of digits can make a careless number pattern backtrack for minutes."""
    import time

    from playground.upload import UploadError, read_points_csv

    start = time.perf_counter()
    with pytest.raises(UploadError) as e:
        read_points_csv(data)
    assert time.perf_counter() - start < 1.0
    assert len(str(e.value)) < 300 and all(len(q) <= 80 for q in e.value.quotes)
