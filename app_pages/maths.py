"""The maths: each formula beside the library code that computes it, and a live gradient check."""

import inspect

import streamlit as st

import lr
from lr import functional, penalties
from lr.gradcheck import check_gradient
from lr.objective import Objective
from lr.optimizers import GD, Adam, Momentum, Newton
from playground.ui import session
from playground.ui.runs import experiment

PARTS = [
    (r"\sigma(z) = \frac{1}{1 + e^{-z}}", functional.sigmoid, "never overflows: only e^(−|z|) is taken"),
    (
        r"\ell(z, y) = \log(1 + e^{z}) - y\,z",
        functional.log1pexp,
        "the loss from logits: a confident mistake costs |z|, never log 0",
    ),
    (
        r"\begin{aligned}\nabla_w J &= \tfrac{1}{n} X^\top (p - y) + \nabla R(w)\\"
        r"\partial_b J &= \tfrac{1}{n} \textstyle\sum_i (p_i - y_i)\end{aligned}",
        Objective.gradient,
        "the 1/n keeps the step independent of n; b is never penalised",
    ),
    (r"R(w) = \tfrac{\alpha}{2}\lVert w \rVert^2", penalties.L2, "ridge"),
    (
        r"\operatorname{prox}(w) = \operatorname{sign}(w)\max(|w| - \eta\alpha, 0)",
        penalties.L1.prox,
        "L1's proximal step sets weights to exactly zero",
    ),
    (r"\theta \leftarrow \theta - \eta\, g", GD, "gradient descent"),
    (r"v \leftarrow \beta v + g,\ \ \theta \leftarrow \theta - \eta v", Momentum, "momentum"),
    (r"\theta \leftarrow \theta - \eta\,\hat m / (\sqrt{\hat v} + \epsilon)", Adam, "Adam"),
    (r"\theta \leftarrow \theta - H^{-1} g,\ \ H = X^\top S X / n + \alpha I", Newton, "Newton / IRLS"),
]

st.markdown("#### The maths, beside the code that computes it")
st.caption("Every snippet below is read from the running library (`lr/`), so what you see is what runs.")
for formula, obj, why in PARTS:
    c1, c2 = st.columns([2, 3], vertical_alignment="center")
    c1.latex(formula)
    c1.caption(why)
    c2.code(inspect.getsource(obj), language="python")

st.markdown("#### Gradient check on your current model")
exp = experiment(session.current_settings())
h = exp.trainer.history
result = check_gradient(exp.trainer.objective, exp.trainer.theta)
st.metric(
    "gradient error, relative to the gradient's size where training starts",
    f"{result.error:.1e}",
    help="Central differences (J(θ+h) − J(θ−h)) / 2h at the current weights; below 1e-6 means the "
    "analytic gradient is right.",
)
st.caption(f"lr {lr.__name__}: {exp.trainer.objective.n} training points; checked {result.checked}.")
