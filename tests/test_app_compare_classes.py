"""Compare and Maths on four blobs (softmax regression) through Streamlit's AppTest: the five
optimizers and three learning rates in one click each, J* of the 4-class objective, each run's
boundaries where two classes tie, a pin of another K beside them, and the softmax formulas with a
gradient check on Θ (K, d+1)."""

import json

import pytest
from app_support import app
from streamlit.testing.v1 import AppTest

from lr.optimizers import OPTIMIZERS
from playground.experiment import run_experiment
from playground.optimum import find_optimum
from playground.settings import Settings

COMPARE = "app_pages/compare.py"
MATHS = "app_pages/maths.py"
LINK = {"dataset": "blobs", "n_classes": "4"}
LOSS = "Loss: train J (solid), test (dashed)"
BOUNDARIES = "Final boundaries (where two classes tie)"


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def figures(at: AppTest) -> dict[str, dict]:
    return {
        (spec := json.loads(c.proto.spec))["layout"]["title"]["text"]: spec for c in at.get("plotly_chart")
    }


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


def unpin_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.label[:1].isdigit()]


def boundary_lines(fig: dict) -> dict[str, int]:
    """Contour lines per run name."""
    out: dict[str, int] = {}
    for t in fig["data"]:
        if t["type"] == "contour":
            out[t["name"]] = out.get(t["name"], 0) + 1
    return out


@pytest.fixture(scope="module")
def compare() -> AppTest:
    return app(COMPARE, **LINK)


def test_compare_opens_on_a_four_class_run_with_its_optimum(compare: AppTest) -> None:
    no_exception(compare)
    figs = figures(compare)
    assert set(figs) == {LOSS, "Distance to the optimum, J − J* (log scale)", BOUNDARIES}
    optimum = find_optimum(run_experiment(Settings(dataset="blobs", n_classes=4)).trainer.objective)
    names = [t["name"] for t in figs[LOSS]["data"]]
    assert names[0] == f"J* = {optimum.value:.6g}" and names[1] == "1 · this run"
    assert boundary_lines(figs[BOUNDARIES]) == {"1 · this run": 3}  # four regions, three edges or more
    assert any("two most probable classes" in c.value for c in compare.caption)


def test_every_optimizer_and_three_rates_on_four_classes(compare: AppTest) -> None:
    button(compare, "Every optimizer").click().run()
    no_exception(compare)
    assert unpin_labels(compare) == [f"{i} · {cls.label}" for i, cls in enumerate(OPTIMIZERS.values(), 1)]
    figs = figures(compare)
    optima = [t["name"] for t in figs[LOSS]["data"] if t["name"].startswith("J*")]
    assert len(optima) == 1  # one objective: one J* for every optimizer
    assert all(n >= 3 for n in boundary_lines(figs[BOUNDARIES]).values())
    assert len(boundary_lines(figs[BOUNDARIES])) == len(OPTIMIZERS)
    button(compare, "Three learning rates").click().run()
    no_exception(compare)
    assert unpin_labels(compare) == [
        f"{i} · Learning rate = {r}" for i, r in enumerate(("0.1", "1", "10"), 1)
    ]


def test_a_pin_of_four_classes_beside_a_run_of_three() -> None:
    at = app(COMPARE, **LINK)
    button(at, "Pin this run").click().run()
    at.session_state["n_classes"] = 3
    at.run()
    no_exception(at)
    assert unpin_labels(at) == ["1 · Classes = 4"]
    assert any("Run 1 trained on other data than the current points" in c.value for c in at.caption)
    figs = figures(at)
    optima = [t["name"] for t in figs[LOSS]["data"] if t["name"].startswith("J*")]
    assert (
        len(optima) == 2 and optima[0].startswith("J* of run 1 =") and optima[1].startswith("J* of run 2 =")
    )
    lines = boundary_lines(figs[BOUNDARIES])
    assert lines["1 · Classes = 4"] >= 3 and lines["2 · Classes = 3"] >= 2


def test_maths_shows_the_softmax_and_checks_a_four_class_gradient() -> None:
    at = app(MATHS, **LINK)
    no_exception(at)
    assert any(m.value == "#### Three or more classes: softmax regression" for m in at.markdown)
    latex = [x.value for x in at.latex]
    assert any(r"\sum_j e^{z_j}" in x for x in latex) and any(
        r"\lambda_{\max}(X_1^\top X_1)/(2n)" in x for x in latex
    )
    code = "\n".join(c.value for c in at.code)
    assert "def softmax_logsumexp" in code and "def null_space" in code  # lr's own source, beside them
    (metric,) = at.metric
    assert float(metric.value) < 1e-6
    assert any("40 parameters" in c.value for c in at.caption)  # Θ: 4 classes × (9 weights + b)
