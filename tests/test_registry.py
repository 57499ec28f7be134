"""Adding an optimizer is one class and one entry in lr.OPTIMIZERS: a new one, registered here and
nowhere else, shows in the sidebar, the Playground's title, Update, Maths, Compare's one-click set of
every optimizer, the advice and the export snippet, each reading what it needs from the class."""

import ast
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import lr.optimizers
from lr.optimizers import GD, OPTIMIZERS
from playground import advice
from playground.comparison import optimizer_comparison
from playground.experiment import run_experiment
from playground.export import snippet
from playground.maths import display_lines
from playground.settings import Settings, reconcile
from playground.ui import workers
from playground.update_numbers import columns, epoch_update

APP = str(Path(__file__).resolve().parent.parent / "app.py")
UPDATE, MATHS, COMPARE = (f"app_pages/{p}.py" for p in ("update", "maths", "compare"))


class RMSProp(GD):
    """RMSProp: one step size per weight, from a running mean of the gradient's square."""

    name = "rmsprop"
    label = "RMSProp"
    in_sentence = "RMSProp"
    summary = "one step size per weight, from the recent size of its gradient"
    formula = (
        r"s \leftarrow \rho s + (1-\rho) g^2,\ \ "
        r"\theta \leftarrow \theta - \eta\, \frac{g}{\sqrt{s} + \epsilon}"
    )
    step_symbol = "η·g/(√s+ε)"
    quantities = (("mean_square", "s", "RMSProp's running mean of g², per weight"),)
    safe_step = "1/(2√L)"
    safe_step_why = "RMSProp moves each weight by about η a step, so its safe step is a length, {safe}"
    monotone = False
    memoryless = False

    def __init__(self, learning_rate: float | None = None, rho: float = 0.9, **kwargs: object) -> None:
        super().__init__(learning_rate, **kwargs)
        self.rho, self.eps = rho, 1e-8
        self.s: np.ndarray | None = None

    def auto_learning_rate(self, objective: lr.Objective) -> float:
        return 0.5 / np.sqrt(objective.smoothness())

    def state(self) -> dict:
        return {"s": None if self.s is None else self.s.copy()}

    def load_state(self, state: dict) -> None:
        self.s = None if state["s"] is None else state["s"].copy()

    def update(self, theta: np.ndarray, g: np.ndarray, trace: dict | None = None) -> np.ndarray:
        if self.s is None:
            self.s = np.zeros_like(theta)
        self.s += (1 - self.rho) * (g * g - self.s)
        learning_rates = self.learning_rate / (np.sqrt(self.s) + self.eps)
        step = learning_rates * g
        theta -= step
        if trace is not None:
            trace.update(mean_square=self.s.copy(), step=step)
        return learning_rates


@pytest.fixture
def rmsprop(monkeypatch: pytest.MonkeyPatch) -> type[RMSProp]:
    monkeypatch.setitem(lr.optimizers.OPTIMIZERS, RMSProp.name, RMSProp)
    # the Playground trains in worker processes, which import lr/optimizers.py and so would find a
    # class written there; one registered by this test exists in this process only
    monkeypatch.setattr(workers, "run", lambda fn, *args: fn(*args))
    return RMSProp


SETTINGS = dict(optimizer="rmsprop", learning_rate=0.05, epochs=50)
QUERY = {k: str(v) for k, v in SETTINGS.items()}


def opened(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def test_the_sidebar_offers_it_and_its_help_says_what_it_does(rmsprop) -> None:
    at = opened()
    (box,) = [s for s in at.sidebar.selectbox if s.label == "Optimizer"]
    assert box.options[-1] == "RMSProp"
    assert f"RMSProp: {rmsprop.summary}" in box.help
    box.select("rmsprop").run()
    assert not at.exception and at.session_state["optimizer"] == "rmsprop"
    assert any("watch RMSProp learn the boundary" in m.value for m in at.main.markdown)


def test_a_link_may_name_it(rmsprop) -> None:
    assert Settings(**SETTINGS).validated().optimizer == "rmsprop"
    at = opened(**QUERY)
    assert at.session_state["optimizer"] == "rmsprop"
    assert not any("From the link" in w.value for w in at.main.warning)  # no "must be one of …"


def test_update_shows_its_own_numbers_with_their_captions(rmsprop) -> None:
    eu = epoch_update(run_experiment(Settings(**SETTINGS)), 3)
    (update,) = eu.updates
    by_symbol = {q.symbol: q for q in columns(eu, update)}
    assert by_symbol["s"].meaning == "RMSProp's running mean of g², per weight"
    assert "η·g/(√s+ε)" in by_symbol and update.step_symbol == "η·g/(√s+ε)"
    at = opened(UPDATE, **QUERY)
    assert at.latex[0].value.strip("$\n") == rmsprop.formula
    (frame,) = at.dataframe
    assert {"s", "η·g/(√s+ε)"} <= set(frame.value.columns)
    assert json.loads(frame.proto.columns)["s"]["help"] == "RMSProp's running mean of g², per weight"
    assert any("the step η·g/(√s+ε)" in c.value for c in at.caption)


def test_maths_shows_its_formula_and_its_code(rmsprop) -> None:
    at = opened(MATHS)
    assert display_lines(rmsprop.formula) in [m.value.strip("$\n") for m in at.latex]
    assert any("self.s += (1 - self.rho)" in c.value for c in at.code)


def test_compare_pins_every_optimizer_in_one_click(rmsprop) -> None:
    runs = optimizer_comparison(Settings()).runs
    assert [s.optimizer for s in runs] == list(OPTIMIZERS) and runs[-1].optimizer == "rmsprop"
    at = opened(COMPARE)
    (button,) = [b for b in at.button if b.label == "Every optimizer"]
    assert "RMSProp" in button.help
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.label for b in at.button if b.label[:1].isdigit()]
    assert labels[-1] == f"{len(OPTIMIZERS)} · RMSProp"
    gap = next(
        spec
        for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
        if spec["layout"]["title"]["text"].startswith("Distance to the optimum")
    )
    assert len(gap["data"]) == len(OPTIMIZERS) == 6
    colours = {t["line"]["color"] for t in gap["data"]}
    assert len(colours) == 6  # each run its own colour


def test_the_advice_gives_its_own_safe_step(rmsprop) -> None:
    exp = run_experiment(Settings(**SETTINGS))
    symbol, why = advice.safe_step_reason(exp)
    assert symbol == "1/(2√L)" and why.startswith("RMSProp moves each weight by about η")
    assert why.endswith(lr.stopping.number(exp.trainer.optimizer.auto_learning_rate(exp.trainer.objective)))


def test_the_export_snippet_names_it(rmsprop) -> None:
    script = snippet(run_experiment(Settings(**SETTINGS)))
    assert "optimizer='rmsprop',  # RMSProp" in script


def test_l1_moves_it_or_not_by_its_capability(rmsprop, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(penalty="l1", optimizer="rmsprop")
    assert reconcile(settings, "penalty") == (settings, None)  # a first-order method takes L1
    monkeypatch.setattr(rmsprop, "smooth_only", True)
    moved, note = reconcile(settings, "optimizer")
    assert moved.penalty == "l2" and note.startswith("RMSProp needs a smooth penalty")
    moved, note = reconcile(settings, "penalty")
    assert moved.optimizer == "gd" and "RMSProp cannot use it" in note


@pytest.mark.parametrize(("batch_size", "symbol"), [(32, "1/L_max"), (512, "1/L")])
def test_sgd_with_one_batch_of_every_point_gives_gradient_descent_s_safe_step(batch_size, symbol) -> None:
    exp = run_experiment(Settings(optimizer="sgd", batch_size=batch_size, epochs=5))
    assert (exp.trainer.batch_size is None) == (batch_size > len(exp.y_train))
    assert advice.safe_step_reason(exp)[0] == symbol


def _named(tree: ast.AST, names: set[str]) -> list[str]:
    """The registry's keys and labels the code compares with, keys a dict by, lists or passes as
    optimizer=: what a test of a name looks like (docstrings and sentences are not)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            values = [node.left, *node.comparators]
            values += [e for v in values if isinstance(v, ast.Tuple | ast.List | ast.Set) for e in v.elts]
        elif isinstance(node, ast.Dict):
            values = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = node.elts
        elif isinstance(node, ast.keyword) and node.arg == "optimizer":
            values = [node.value]
        else:
            continue
        found += [v.value for v in values if isinstance(v, ast.Constant) and v.value in names]
    return found


@pytest.mark.parametrize(
    "names",
    [
        set(OPTIMIZERS) | {cls.label for cls in OPTIMIZERS.values()} | {"Newton", "SGD", "GD"},
        {lr.stopping.RUNNING, lr.stopping.CONVERGED, lr.stopping.DIVERGED},  # lr.stopping's constants
    ],
    ids=["optimizers", "statuses"],
)
def test_no_page_tests_an_optimizer_s_name_or_a_status_s_literal(names: set[str]) -> None:
    """The app reads what it needs from the class: it never compares with, keys by or lists an
    optimizer's registry name or label (a lesson, in scenes.py, names the optimizer it is about),
    nor a run's status written out."""
    root = Path(__file__).resolve().parent.parent
    for path in [root / "app.py", *root.glob("app_pages/*.py"), *root.glob("playground/**/*.py")]:
        if path.name != "scenes.py":
            assert not _named(ast.parse(path.read_text()), names), path
