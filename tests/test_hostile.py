"""No input a visitor controls raises: huge numbers in a link, clashing controls in any order, an
unexpected error anywhere (a short apology, never a traceback)."""

import itertools
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.experiment import ExperimentError, run_experiment
from playground.points import Points
from playground.settings import LABELS, Settings, parse_number, parse_setting
from playground.ui import link, session
from playground.ui.text import verbatim

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def players(at) -> list:
    """The page's run players, by component name."""
    return [c for c in at.get("bidi_component") if c.proto.component_name.endswith("lr_player")]


def link_note(at: AppTest) -> str:
    """The note naming the link's ignored values: in the main area, seen in presentation mode too."""
    return " ".join(w.value for w in at.main.warning)


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"seed": "18446744073709551616"}, "Seed `18446744073709551616` must be an integer from 0 to 99999"),
        ({"n_samples": "9" * 29}, "Samples `" + "9" * 23 + "…` must be an integer from 20 to 5000"),
        ({"alpha": "0"}, "Penalty strength α `0` must be a number from 1e-05 to 1"),
        ({"learning_rate": "1e999"}, "Learning rate `1e999` must be a number from 0.0001 to 100"),
        ({"epochs": "1" * 40}, "is longer than 32 characters"),
        ({"optimizer": "newton", "penalty": "l1"}, "Penalty `l1` was not used: Newton's method needs"),
    ],
)
def test_bad_link_values_give_a_message_and_a_working_page(query: dict, fragment: str) -> None:
    at = app(**query)
    assert not at.exception, [e.message for e in at.exception]
    assert fragment in link_note(at)
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
        s = replace(
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


# Every number a link carries, by one rule (issue 15, item 9): its key, its label in the link note
NUMBER_SETTINGS = [
    f.name
    for f in fields(Settings)
    if type(f.default) in (int, float) and f.name in LABELS and f.name != "upload"
]
LINK_NUMBERS = {
    **{name: LABELS[name] for name in NUMBER_SETTINGS},
    session.EPOCH: "Epoch",
    session.THRESHOLD_KEY: "Threshold t",
    session.STEP_KEY: "Mini-batch step",
    session.ACROSS_KEY: "First weight",
    session.UP_KEY: "Second weight",
}
# What str.isdigit(), int() or float() take and a link's number must not: digits of other scripts
# (superscripts, circled, Arabic-Indic, fullwidth: int() reads the last two), overflow, NaN, signs
# and spaces, other bases, digit separators, a million digits, an empty value, a trailing newline.
HOSTILE_NUMBERS = [
    "²",
    "①",
    "³",
    "٣",
    "１２",
    "1e999",
    "nan",
    "inf",
    "-0",
    " 5",
    "5 ",
    "0x10",
    "1_000",
    "9" * 10**6,
    "",
    "5\n",
]
PARSERS = {
    **{name: (lambda text, name=name: parse_setting(name, text)) for name in NUMBER_SETTINGS},
    session.EPOCH: link.parse_epoch,
    session.THRESHOLD_KEY: link.parse_threshold,
    session.STEP_KEY: link.parse_step,
    session.ACROSS_KEY: link.parse_theta_entry,
    session.UP_KEY: link.parse_theta_entry,
}


def zero_allowed(key: str) -> bool:
    """'-0' is the real number 0 where 0 is a real value the control takes (a sign is a real's only)."""
    parse = PARSERS[key]
    try:
        return isinstance(parse("0.0"), float) and parse("0.0") == 0.0
    except ValueError:
        return False


def test_every_number_of_the_link_is_in_the_list() -> None:
    assert set(LINK_NUMBERS) == set(PARSERS) and len(NUMBER_SETTINGS) == 11
    assert {"noise", "seed", "learning_rate", "epochs", "n_classes"} <= set(NUMBER_SETTINGS)


@pytest.mark.parametrize("key", list(PARSERS))
@pytest.mark.parametrize("text", HOSTILE_NUMBERS, ids=lambda t: repr(t[:8]))
def test_one_strict_rule_refuses_every_hostile_number(key: str, text: str) -> None:
    parse = PARSERS[key]
    if text == "-0" and zero_allowed(key):
        value = parse(text)
        assert value == 0.0 and str(value) == "0.0"  # never -0.0
        return
    with pytest.raises(ValueError) as refused:
        parse(text)
    assert str(refused.value).startswith(("must be", "is longer than"))


def test_the_rule_takes_what_a_link_writes() -> None:
    assert parse_number("12", 0, 20, whole=True) == 12
    assert parse_number("1e-3", 0, 1, whole=False) == 0.001
    assert parse_number(".5", 0, 1, whole=False) == 0.5 and parse_number("+0.5", 0, 1, whole=False) == 0.5
    assert link.parse_threshold("0.30") == 0.3 and link.parse_epoch("0") == 0
    assert parse_setting("learning_rate", "0.3") == 0.2  # snapped to the slider's nearest value
    for text in ("٣", "１２", "²"):  # what int() reads or str.isdigit() takes
        with pytest.raises(ValueError, match="digits 0 to 9"):
            parse_number(text, 0, 99, whole=True)


# Streamlit drops a query string of more than 524288 characters whole (the page opens on the
# defaults): ten thousand digits in every field stay under it, a million in one field do not
LINK_HOSTILE = [t if len(t) < 100 else "9" * 10**4 for t in HOSTILE_NUMBERS]


@pytest.mark.parametrize("text", LINK_HOSTILE, ids=lambda t: repr(t[:8]))
def test_a_link_whose_every_number_is_hostile_opens_and_names_each(text: str) -> None:
    at = app(**dict.fromkeys(LINK_NUMBERS, text))
    assert not at.exception, [e.message for e in at.exception]
    assert players(at), "the player is on the page"
    note = link_note(at)
    for key, label in LINK_NUMBERS.items():
        named = f"{label} {verbatim(text, 24)} "
        if text == "-0" and zero_allowed(key):
            assert named not in note
        else:
            assert named in note, (key, note[:300])


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("evaluate", {"epoch": "³"}),
        ("landscape", {"epoch": "٣", "across": "①"}),
        ("update", {"epoch": "１２", "step": "²"}),
        ("landscape", {"slice": "weights", "across": "27", "up": "27"}),
        ("update", {"optimizer": "sgd", "step": "600"}),
    ],
)
def test_hostile_numbers_on_the_learning_pages_open_the_page(page: str, query: dict) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.main.slider, "the page's controls are drawn"


def test_a_link_of_a_million_digits_opens_on_the_defaults() -> None:
    at = app(epoch="9" * 10**6)
    assert not at.exception and players(at)
