"""Update: the arithmetic that turns the weights of one epoch into the next, per weight."""

import numpy as np
import streamlit as st

from playground.payload import run_id
from playground.ui import controls, epochs, learning, pickers, runs, session
from playground.ui.text import verbatim
from playground.update_numbers import UpdateError, columns
from playground.viz.update_figures import batch_figure, update_figure, update_matrix_figure


def listed(names: list[str], most: int = 4) -> str:
    """A few names, then how many more."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


settings = runs.settings_to_run()
exp = runs.experiment(settings)
h = exp.trainer.history
run = run_id(settings)
# where the player, a link or another page stopped; else the last step
epochs.fit_epoch_slider(run, h.n_epochs, default=max(h.n_epochs - 1, 0))

batches = exp.trainer.batch_size is not None
# The top row: the update's formula (the page's subject), the epoch and, for mini-batches, the step
# (K ≥ 3 classes: the formula has a second line, the softmax gradient, and needs the width)
widths = ([6, 3, 3] if exp.n_classes > 2 else [5, 4, 3]) if batches else [5, 2]
cols = st.columns(widths, vertical_alignment="center")
c1, c2 = cols[:2]
epoch = controls.epoch_slider(
    c2,
    run,
    h.n_epochs,
    "Show the step from this epoch's weights to the next; opens where the player stopped.",
)

try:
    eu = learning.update_of(settings, exp, epoch)
except UpdateError as e:
    st.warning(f"The step from epoch {epoch} cannot be shown: {e}.", icon=":material/info:")
    st.stop()

n_steps = len(eu.updates)
step = 1
if n_steps > 1:  # mini-batches: one update per batch of a fresh shuffle
    pickers.update_step(n_steps)  # within this epoch's steps before the slider draws
    step = cols[2].slider(
        "Mini-batch step",
        1,
        n_steps,
        key=session.UPDATE_STEP,
        help="An epoch is one step per batch of a fresh shuffle; pick the step to show.",
    )
update = eu.updates[step - 1]
K = eu.n_classes  # K ≥ 3: Θ is a matrix, one row (w_k, b_k) per class

if eu.last:
    if K > 2:
        c1.latex(r"G = \nabla J(\Theta_E) = (P - Y)^\top X_1/n + \nabla R(W)")
    else:
        c1.latex(r"g = \nabla J(\theta_E) = X_1^\top (p - y)/n + \nabla R(w)")
elif K > 2:  # the optimizer's rule on Θ, over the softmax gradient it steps along
    c1.latex(r"\begin{gathered}" + eu.formula + r" \\ " + eu.gradient_formula + r"\end{gathered}")
else:
    c1.latex(eu.formula)  # with L1, the threshold is in the caption below


if eu.last:
    what = (
        f"Epoch {epoch} is the run's last: no next step. The gradient at its weights is "
        f"{np.linalg.norm(update.gradient):.2g} long (the run stops at {exp.trainer.tol:g})."
    )
elif update.line_search_step is not None:
    t = update.line_search_step
    what = f"Newton's direction H⁻¹g, the line search's t = {t:g}, then θ_t+1 = θ_t − t·H⁻¹g."
else:
    what = f"Each weight's gradient g, the step {update.step_symbol}, then θ_t+1 = θ_t − step."
if n_steps > 1:
    sizes = " or ".join(map(str, sorted({len(u.rows) for u in eu.updates}, reverse=True)))
    what = (
        f"Epoch {epoch} is {n_steps} steps on batches of {sizes}, each point once; step {n_steps} ends at "
        f"epoch {epoch + 1}'s weights. θ_t+1 = θ_t − {update.step_symbol}."
    )
if K > 2:
    what += (
        " Θ has one row per class, (w_k, b_k); g's row k is X₁ᵀ(p_k − y_k)/n. The matrix: every "
        "class's change; the table: the picked class's row."
    )
if update.threshold is not None:
    th = update.threshold
    mask = np.zeros(update.before.shape, dtype=bool)
    mask[..., : eu.n_features] = th.zeroed
    zeroed = [eu.entry_names[k] for k in np.flatnonzero(mask)]
    tau = f"τ = {th.tau.flat[0]:.3g}" if th.uniform else "its per-weight τ"
    what += f" Then L1's threshold, w ← sign(w)·max(|w| − τ, 0) with {tau}, " + (
        f"zeroes {len(zeroed)}: {listed(zeroed)}." if zeroed else "zeroes none."
    )
if exp.axis_names != ("x1", "x2"):  # the visitor's own column names
    what += f" x1 is {verbatim(exp.axis_names[0])}, x2 is {verbatim(exp.axis_names[1])}."
st.caption(what)

k = 0  # the class whose row of Θ the table shows (two classes: θ is one row)
labels = tuple(pickers.class_label(j, exp.class_names) for j in range(K))
ROW = 30
if K > 2:  # the whole matrix first, then the picked class's row of it in the table
    pickers.update_class(K)  # within this run's classes before the picker draws
    pick, matrix = st.columns([1, 5], vertical_alignment="center")
    k = pick.selectbox(
        "Class",
        range(K),
        key=session.UPDATE_CLASS,
        format_func=labels.__getitem__,
        help="The table shows this class's row of Θ: its weights w_k and intercept b_k, step by step.",
    )
    matrix.plotly_chart(
        update_matrix_figure(eu.names, update, labels, k, height=34 * K + 60),
        key="update_matrix",
        alt="The step as a matrix: each class's change of each weight",
    )

table: dict = {"weight": list(eu.names)}
config: dict = {}
for q in columns(eu, update):
    table[q.symbol] = q.values[k] if K > 2 else q.values
    config[q.symbol] = st.column_config.NumberColumn(q.symbol, help=q.meaning, format="%.4g")
if update.threshold is not None:
    pad = np.zeros(len(eu.names) - eu.n_features, dtype=bool)
    zeroed_row = update.threshold.zeroed[k] if K > 2 else update.threshold.zeroed
    table["set to 0"] = np.append(zeroed_row, pad)
    config["set to 0"] = st.column_config.CheckboxColumn("set to 0", help="L1's threshold made it exactly 0.")
rows_shown = 7 if K == 2 else 5  # K ≥ 3: the matrix above takes the rest of the screen
frame = dict(
    data=table,
    column_config=config,
    hide_index=True,
    row_height=ROW,
    height=ROW * min(len(eu.names), rows_shown) + 40,
)
if K > 2:
    if n_steps > 1:  # the class's row beside this step's batch (the table wide enough for θ_t+1)
        left, right = st.columns([5, 2])
        left.dataframe(**frame)
        title = f"step {step}: its {len(update.rows)} points"
        right.plotly_chart(
            batch_figure(exp.X_train, exp.y_train, update.rows, title, exp.axis_names, height=190),
            key="update_batch",
            alt="The training points, this step's batch highlighted",
        )
    else:
        st.dataframe(**frame)
    st.stop()
st.dataframe(**frame)

bars_alt = "Each weight before and after this step, and the change" if not eu.last else "The gradient at θ_E"
figure = update_figure(eu.names, update, eu.n_features, height=200)
if n_steps > 1:
    left, right = st.columns([3, 2])
    left.plotly_chart(figure, key="update_bars", alt=bars_alt)
    title = f"step {step}: its {len(update.rows)} points"
    right.plotly_chart(
        batch_figure(exp.X_train, exp.y_train, update.rows, title, exp.axis_names, height=200),
        key="update_batch",
        alt="The training points, this step's batch highlighted",
    )
else:
    st.plotly_chart(figure, key="update_bars", alt=bars_alt)
