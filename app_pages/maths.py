"""The maths: each formula beside the library code that computes it, and a live gradient check."""

import inspect
import textwrap

import numpy as np
import streamlit as st

from lr.gradcheck import check_gradient
from playground.maths import Part, display_lines, parts
from playground.payload import run_id
from playground.ui import epochs, runs
from playground.ui.runs import experiment

st.markdown("#### The maths, beside the code that computes it")
st.caption("Every snippet below is read from the running library (`lr/`), so what you see is what runs.")


def show(part: Part) -> None:
    # room for the widest formula line (about 320 px) with the sidebar open at 1280 px
    c1, c2 = st.columns([4, 5], vertical_alignment="center")
    c1.latex(display_lines(part.formula))
    c1.caption(part.why)
    # long lines wrap inside the column instead of running out of sight on the right
    c2.code(
        "\n".join(textwrap.dedent(inspect.getsource(code)) for code in part.code),
        language="python",
        wrap_lines=True,
    )


settings = runs.settings_to_run()
exp = experiment(settings)


def softmax_section() -> None:
    st.markdown("#### Three or more classes: softmax regression")
    st.caption(
        "With K ≥ 3 classes the model keeps one row (w_k, b_k) per class in Θ (K × (d+1)): the same "
        "optimizers and penalties, through these formulas (lr's SoftmaxObjective)."
    )
    for part in parts():
        if part.softmax:
            show(part)


def binary_parts() -> None:
    for part in parts():
        if not part.softmax:
            show(part)


if exp.n_classes > 2:  # the run is softmax regression: its formulas first, the two-class model after
    softmax_section()
    st.markdown("#### Two classes: the sigmoid, and the parts softmax shares")
    binary_parts()
else:
    binary_parts()
    softmax_section()

st.markdown("#### Gradient check on your current model")
h = exp.trainer.history
epoch = epochs.epoch_shown_in(run_id(settings), h.n_epochs)
objective = exp.trainer.objective  # the objective this run minimised
# θ = (w, b), or Θ (K, d+1) with one row (w_k, b_k) per class
theta = np.concatenate([h.w[epoch], np.expand_dims(h.b[epoch], -1)], axis=-1)
result = check_gradient(objective, theta, np.zeros_like(theta))
st.metric(
    "gradient error, relative to the gradient's size where training starts",
    f"{result.error:.1e}",
    help="‖analytic − finite differences‖ / ‖∇J(θ = 0)‖, the larger of the two points. Central "
    "differences (J(θ+h) − J(θ−h)) / 2h, h = 1e-6.",
)
st.caption(
    f"Objective.gradient, what training runs, against central differences of the objective at epoch "
    f"{epoch}'s weights and at θ = 0: they differ by {result.error:.1e} times the gradient's size where "
    f"training starts ({result.scale:.2g}), and a right gradient reads below 1e-6, at the optimum too. "
    f"Checked: {result.checked}; {objective.n} training points, {objective.n_params} parameters."
)
