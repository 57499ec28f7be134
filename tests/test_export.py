"""Exports: the model JSON loads back in lr with the run's predictions, the history CSV holds every
epoch and is safe in a spreadsheet, and the Python snippet reproduces the run exactly."""

import csv
import io
import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import lr
from playground.experiment import run_experiment
from playground.export import history_csv, model_json, snippet, spreadsheet_text
from playground.points import Points
from playground.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def exp():
    return run_experiment(replace(Settings(), epochs=200))


@pytest.mark.parametrize("epoch", [0, 57, None])
def test_model_json_loads_back_with_the_runs_predictions(exp, epoch) -> None:
    text = model_json(exp, epoch)
    model = lr.Pipeline.from_json(text)
    X = np.vstack([exp.X_train, exp.X_test])
    e = exp.trainer.history.n_epochs if epoch is None else epoch
    z = exp.logits(X, e)
    assert np.array_equal(model.decision_function(X), z)
    data = json.loads(text)
    assert data["epoch"] == e and data["settings"]["degree"] == 3
    assert data["feature_names"][:3] == ["x1", "x2", "x1²"]


def test_history_csv_has_a_row_per_epoch_with_every_weight(exp) -> None:
    rows = list(csv.reader(io.StringIO(history_csv(exp))))
    h = exp.trainer.history
    assert len(rows) == h.n_epochs + 2
    header = rows[0]
    assert header[:8] == [
        "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "objective", "grad_norm", "b"
    ]  # fmt: skip
    assert header[8:] == [f"w[{n}]" for n in exp.poly.get_feature_names_out()]
    last = rows[-1]
    assert float(last[1]) == h.train_loss[-1] and float(last[-1]) == h.w[-1, -1]


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert spreadsheet_text(cell) == "'" + cell
    assert spreadsheet_text("plain") == "plain"


def run_snippet(code: str, cwd: Path) -> dict:
    scope: dict = {}
    here = os.getcwd()
    os.chdir(cwd)
    try:
        exec(compile(code, "snippet.py", "exec"), scope)  # the snippet a visitor downloads
    finally:
        os.chdir(here)
    return scope


@pytest.mark.parametrize(
    "changes",
    [{}, {"dataset": "xor", "optimizer": "sgd", "batch_size": 16, "epochs": 20}, {"dataset": "iris"}],
    ids=["default", "sgd", "shipped data"],
)
def test_the_snippet_reproduces_the_run(changes, capsys) -> None:
    exp = run_experiment(replace(Settings(), **changes))
    scope = run_snippet(snippet(exp), ROOT)
    np.testing.assert_array_equal(scope["trainer"].history.w, exp.trainer.history.w)
    assert exp.trainer.message in capsys.readouterr().out


def test_the_snippet_reads_a_visitors_file(tmp_path, capsys) -> None:
    rows = "\n".join(f"{i % 7 - 3},{(i * 3) % 5 - 2},{'cat' if i % 2 else 'dog'}" for i in range(40))
    (tmp_path / "points.csv").write_text(f"x1,x2,label\n{rows}\n")
    from playground.upload import read_points_csv

    points = read_points_csv((tmp_path / "points.csv").read_bytes())
    exp = run_experiment(
        replace(Settings(), upload="ab", degree=2), Points(points.X, points.y, points.class_names)
    )
    scope = run_snippet(snippet(exp), tmp_path)
    np.testing.assert_array_equal(scope["trainer"].history.w, exp.trainer.history.w)


def test_the_playground_offers_the_four_downloads() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [  # the landing run plays: the epoch's downloads wait for a pause
        "Model (JSON): pause to save",
        "History (CSV)",
        "Python script",
        "Offline player (HTML): pause to save",
    ]


def test_the_download_makers_hold_the_settings_not_the_finished_run(monkeypatch) -> None:
    """Streamlit keeps a session's makers until the session ends: they must not pin a run's arrays."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from playground.experiment import Experiment

    makers = []
    real = st.download_button

    def spy(label, data, **kwargs):
        makers.append(data)
        return real(label, data, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and len(makers) == 4
    for make in makers:
        held = [*make.args, *make.keywords.values()]
        assert not any(isinstance(v, Experiment) for v in held), held
    # each still makes its file, from the run of the session's settings, made on the click
    model = json.loads(makers[0]())
    rows = list(csv.DictReader(io.StringIO(makers[1]())))
    assert model["settings"]["epochs"] >= int(rows[-1]["epoch"]) >= model["epoch"]


# Issue 15, items 1 and 4: the script reads a visitor's file with the app's own reader
# (lr.datasets.read_csv) and trains to the app's final loss, for every shape of file the app accepts;
# the model JSON predicts the file's own labels, of their own kind.
def _points_file(shape: str) -> bytes:
    X, y = lr.make_dataset("moons", 60, noise=0.25, random_state=3)
    label = {
        "ints": ("0", "1"),
        "plus minus one": ("-1", "+1"),
        "floats": ("0.0", "1.0"),
        "floats 1 and 2.5": ("1", "2.5"),
        "bool-like": ("False", "True"),
        "strings": ('"say ""hi"", <b>"', "chat é 🐈"),
        "string digits": ('"1"', '"2"'),
    }
    kind, _, layout = shape.partition(": ")
    names = label[kind]
    separator = {"semicolons": ";", "tabs": "\t", "bars": "|"}.get(layout, ",")
    number = "{:.3e}".format if "scientific" in layout else repr
    columns = {"label first": (2, 0, 1), "label between": (0, 2, 1)}.get(layout, (0, 1, 2))
    header = {
        "no header": None,
        "label first": "Label,x1,x2",
        "label between": 'x1,"Class",x2',
        "quoted names": '"width, cm";"height; cm";"target"',
    }.get(layout, "x1,x2,label")
    if layout == "quoted names":
        separator = ";"
    lines = [] if header is None else [header.replace(",", separator) if layout != "quoted names" else header]
    for (a, b), c in zip(X, y, strict=True):
        cells = (number(float(a)), number(float(b)), names[c])
        lines.append(
            separator.join(cells[k] for k in columns) + ("," if layout == "trailing separator" else "")
        )
    if layout == "scientific, no header":
        lines[0] = separator.join(["-3e-03", lines[0].split(separator, 1)[1]])
    end = "\r\n" if "crlf" in layout else "\n"
    text = end.join(lines) + end
    return ("\ufeff" if "bom" in layout else "").encode() + text.encode()


FILE_SHAPES = [
    "ints: header",
    "ints: no header",
    "plus minus one: no header",
    "plus minus one: scientific, no header",
    "floats: no header",
    "floats: label first",
    "floats 1 and 2.5: semicolons",
    "bool-like: tabs",
    "strings: label between",
    "strings: bom crlf",
    "string digits: bars",
    "ints: quoted names",
    "plus minus one: trailing separator",
    "ints: scientific",
]


@pytest.fixture(scope="module")
def lr_only(tmp_path_factory) -> Path:
    """A folder on PYTHONPATH holding lr alone: the script must not need the playground."""
    folder = tmp_path_factory.mktemp("lr_only")
    (folder / "lr").symlink_to(ROOT / "lr", target_is_directory=True)
    return folder


@pytest.mark.parametrize("shape", FILE_SHAPES)
def test_the_script_reproduces_the_run_for_every_file_the_app_accepts(shape, tmp_path, lr_only) -> None:
    import subprocess
    import sys

    from playground.upload import read_points_csv

    data = _points_file(shape)
    (tmp_path / "points.csv").write_bytes(data)
    points = read_points_csv(data)
    exp = run_experiment(replace(Settings(), upload="ab", degree=2, epochs=60), points)
    code = snippet(exp)
    assert "import playground" not in code and "from playground" not in code  # and cannot: PYTHONPATH
    (tmp_path / "reproduce.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(lr_only)}
    run = subprocess.run(
        [sys.executable, "-W", "error", "reproduce.py"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    final = float(run.stdout.rsplit("final train loss", 1)[1])
    assert final == exp.trainer.history.train_loss[-1]
    assert exp.trainer.message in run.stdout

    # the model JSON predicts the file's own labels, of their own kind, and scores as the app shows
    model = lr.Pipeline.from_json(model_json(exp))
    labels = lr.datasets.read_csv(data).labels
    classes = np.unique(labels)
    assert model.model.classes_.tolist() == classes.tolist()
    X = np.vstack([exp.X_train, exp.X_test])
    assert model.predict(X).tolist() == classes[(exp.logits(X) > 0).astype(int)].tolist()
    h = exp.trainer.history
    assert model.score(exp.X_train, classes[exp.y_train]) == h.train_acc[-1]
    assert model.score(exp.X_test, classes[exp.y_test]) == h.test_acc[-1]


def test_the_model_json_of_generated_data_scores_as_the_app_shows(exp) -> None:
    model = lr.Pipeline.from_json(model_json(exp))
    h = exp.trainer.history
    assert model.predict(exp.X_train).dtype.kind == "i"
    assert model.score(exp.X_train, exp.y_train) == h.train_acc[-1] > 0.8
    assert model.score(exp.X_test, exp.y_test) == h.test_acc[-1]


# Issue 18: K = 3..6 classes. The model JSON holds W (K, d) and b (K,) with the K labels of their own
# kind, the CSV a column per class and weight, and the script trains the same softmax run.
K_RUNS = {
    "blobs K=3": {"dataset": "blobs", "n_classes": 3, "epochs": 120},
    "blobs K=4": {"dataset": "blobs", "n_classes": 4, "epochs": 80},
    "spiral K=3": {"dataset": "spiral", "n_classes": 3, "epochs": 60},
    "iris3": {"dataset": "iris3", "epochs": 150},
    "blobs K=6 sgd": {"dataset": "blobs", "n_classes": 6, "optimizer": "sgd", "batch_size": 32, "epochs": 15},
}


@pytest.fixture(scope="module", params=list(K_RUNS), ids=list(K_RUNS))
def k_exp(request):
    return run_experiment(replace(Settings(), **K_RUNS[request.param]))


def _three_label_upload(tmp_path: Path):
    """A visitor's file of three string labels, one of them a spreadsheet formula."""
    from playground.upload import read_points_csv

    X, y = lr.make_dataset("blobs", 90, noise=0.3, n_classes=3, random_state=5)
    names = ("=cmd|' /C calc'!A0", "chat é 🐈", "dog")
    rows = "\n".join(f"{float(a)!r},{float(b)!r},{names[c]}" for (a, b), c in zip(X, y, strict=True))
    data = f"x1,x2,label\n{rows}\n".encode()
    (tmp_path / "points.csv").write_bytes(data)
    points = read_points_csv(data)
    return run_experiment(replace(Settings(), upload="abc", degree=2, epochs=60), points), data


@pytest.mark.parametrize("epoch", [0, 37, None])
def test_the_k_class_model_json_loads_back_and_predicts_the_runs_labels(k_exp, epoch) -> None:
    epoch = None if epoch is None else min(epoch, k_exp.trainer.history.n_epochs)
    e = k_exp.trainer.history.n_epochs if epoch is None else epoch
    K = k_exp.n_classes
    assert K >= 3
    model = lr.Pipeline.from_json(model_json(k_exp, epoch))
    X = np.vstack([k_exp.X_train, k_exp.X_test])
    Z = k_exp.logits(X, e)
    assert Z.shape == (len(X), K)
    np.testing.assert_array_equal(model.decision_function(X), Z)
    np.testing.assert_array_equal(model.predict_proba(X), k_exp.probabilities(X, e))
    classes = np.asarray(k_exp.classes)
    assert model.model.classes_.tolist() == classes.tolist()  # K labels, of their own kind
    assert model.predict(X).tolist() == classes[np.argmax(Z, axis=1)].tolist()
    h = k_exp.trainer.history
    assert model.model.coef_.shape == (K, h.w.shape[-1]) and model.model.intercept_.shape == (K,)
    assert model.score(k_exp.X_train, classes[k_exp.y_train]) == h.train_acc[e]
    data = json.loads(model_json(k_exp, epoch))
    assert data["epoch"] == e and len(data["model"]["coef"]) == K and len(data["model"]["intercept"]) == K


def test_the_iris3_model_predicts_the_species_by_name() -> None:
    exp = run_experiment(replace(Settings(), dataset="iris3", epochs=200))
    model = lr.Pipeline.from_json(model_json(exp))
    species = ["setosa", "versicolor", "virginica"]
    assert model.model.classes_.tolist() == species
    predicted = model.predict(exp.X_test)
    assert predicted.dtype.kind == "U" and set(predicted.tolist()) == set(species)
    assert model.score(exp.X_test, np.array(species)[exp.y_test]) == exp.trainer.history.test_acc[-1] > 0.8


def test_the_k_class_history_csv_has_a_column_per_class_and_weight(k_exp) -> None:
    rows = list(csv.reader(io.StringIO(history_csv(k_exp))))
    h = k_exp.trainer.history
    K, d = k_exp.n_classes, h.w.shape[-1]
    assert len(rows) == h.n_epochs + 2
    header, names = rows[0], k_exp.poly.get_feature_names_out()
    assert header[:7] == [
        "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "objective", "grad_norm"
    ]  # fmt: skip
    weights = header[7:]
    assert len(weights) == K * (d + 1)
    classes = list(k_exp.class_names)
    assert weights[:K] == [f"b[{c}]" for c in classes]
    assert weights[K:] == [f"w[{c}, {n}]" for c in classes for n in names]
    for e in (0, h.n_epochs // 2, h.n_epochs):
        row = rows[e + 1]
        assert int(row[0]) == e and float(row[1]) == h.train_loss[e]
        values = [float(v) for v in row[7:]]
        assert values[:K] == h.b[e].tolist()
        np.testing.assert_array_equal(np.reshape(values[K:], (K, d)), h.w[e])  # W's rows, class by class
    if k_exp.settings.dataset == "iris3":
        assert "w[virginica, x1]" in weights and "b[setosa]" in weights


def test_a_k_class_csv_of_a_visitors_labels_is_safe_in_a_spreadsheet(tmp_path) -> None:
    exp, _ = _three_label_upload(tmp_path)
    rows = list(csv.reader(io.StringIO(history_csv(exp))))
    weights = rows[0][7:]
    assert len(weights) == 3 * (5 + 1)  # degree 2: x1, x2, x1², x1·x2, x2²
    assert weights[:3] == ["b[=cmd|' /C calc'!A0]", "b[chat é 🐈]", "b[dog]"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in rows[0])


def _run_script(code: str, cwd: Path, lr_only: Path):
    import subprocess
    import sys

    assert "import playground" not in code and "from playground" not in code
    (cwd / "reproduce.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(lr_only)}
    run = subprocess.run(
        [sys.executable, "-W", "error", "reproduce.py"], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize(
    "changes",
    [K_RUNS["blobs K=4"], K_RUNS["spiral K=3"], K_RUNS["iris3"], K_RUNS["blobs K=6 sgd"]],
    ids=["blobs K=4", "spiral K=3", "iris3", "blobs K=6 sgd"],
)
def test_the_script_reproduces_a_k_class_run(changes, tmp_path, lr_only) -> None:
    exp = run_experiment(replace(Settings(), **changes))
    if exp.settings.dataset == "iris3":  # the shipped file, where the script looks for it
        (tmp_path / "playground").symlink_to(ROOT / "playground", target_is_directory=True)
    code = snippet(exp)
    assert f"n_classes={exp.n_classes}" in code
    out = _run_script(code, tmp_path, lr_only)
    final = float(out.rsplit("final train loss", 1)[1])
    assert final == exp.trainer.history.train_loss[-1]
    assert exp.trainer.message in out


def test_the_script_reproduces_a_three_label_upload(tmp_path, lr_only) -> None:
    exp, _ = _three_label_upload(tmp_path)
    assert exp.n_classes == 3
    out = _run_script(snippet(exp), tmp_path, lr_only)
    assert float(out.rsplit("final train loss", 1)[1]) == exp.trainer.history.train_loss[-1]
    model = lr.Pipeline.from_json(model_json(exp))
    assert model.model.classes_.tolist() == ["=cmd|' /C calc'!A0", "chat é 🐈", "dog"]
    X = np.vstack([exp.X_train, exp.X_test])
    classes = np.asarray(exp.classes)
    assert model.predict(X).tolist() == classes[np.argmax(exp.logits(X), axis=1)].tolist()


@pytest.mark.parametrize(
    "query",
    [{"dataset": "blobs", "n_classes": "4", "epoch": "5"}, {"dataset": "iris3", "epoch": "5"}],
    ids=str,
)
def test_a_k_class_links_downloads_are_of_its_k_classes(query, monkeypatch) -> None:
    """The four buttons of a K-class run (a link with n_classes, iris's species) make K-class files."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    makers, helps = [], []
    real = st.download_button

    def spy(label, data, **kwargs):
        makers.append(data)
        helps.append(kwargs.get("help", ""))
        return real(label, data, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception and len(makers) == 4
    K = int(query.get("n_classes", 3))
    model = json.loads(makers[0]())  # paused at the link's epoch: the model of epoch 5
    assert (
        model["epoch"] == 5 and len(model["model"]["classes"]) == K and len(model["model"]["intercept"]) == K
    )
    header = next(csv.reader(io.StringIO(makers[1]())))
    assert sum(cell.startswith("b[") for cell in header) == K
    assert f"n_classes={K}" in makers[2]()
    assert f'"n_classes":{K}' in makers[3]()
    assert f"each of the {K} classes" in helps[1] and f"each of the {K} classes" in helps[0]


def test_the_script_of_a_large_three_label_file_runs_the_epochs_the_app_ran() -> None:
    """The work cap counts K: a file of three labels gets fewer epochs than one of two, and the script
    asks for the app's number, not the two-class one."""
    from playground.settings import epoch_budget

    X, y = lr.make_dataset("blobs", 1000, noise=0.3, n_classes=3, random_state=1)
    settings = replace(Settings(), upload="abc", degree=6, epochs=5000)
    exp = run_experiment(settings, Points(X, y, ("a", "b", "c")))
    budget = epoch_budget(exp.settings, 1000, 3)
    assert budget == 2976 < epoch_budget(exp.settings, 1000, 2) == 5000
    assert exp.trainer.history.n_epochs <= budget
    assert f".run({budget})" in snippet(exp)
