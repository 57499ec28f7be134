"""One-vs-rest: K separate binary models (class k against the rest) trained on the run's points, their
claims beside softmax's regions. The maths is in playground/one_vs_rest.py."""

import streamlit as st

from lr.stopping import DIVERGED
from playground.grid import points_view
from playground.one_vs_rest import accuracies, regions
from playground.payload import run_id
from playground.settings import listed
from playground.ui import controls, epochs, link, runs, session
from playground.viz.one_vs_rest_figures import one_vs_rest_figure, softmax_figure

THREE_BLOBS = {"dataset": "blobs", "n_classes": 3, "upload": ""}
CHART_HEIGHT = 380
PAGE = "app_pages/one_vs_rest.py"


settings = runs.settings_to_run()
exp = runs.experiment(settings)
title, slider = st.columns([4, 2], vertical_alignment="bottom")
title.markdown("#### Softmax against one-vs-rest")

if exp.n_classes < 3:
    st.info(
        "With two classes one-vs-rest is the same model: choose Blobs or Spiral with 3+ classes, Iris: three "
        "species, or a file of 3 to 6 labels.",
        icon=":material/info:",
    )
    st.caption(
        "Class 0 against the rest is class 1 against the rest with the labels swapped: one line, which "
        "claims the whole plane exactly once. With three or more, K models trained apart need not."
    )
    st.button(
        "Show three blobs",
        type="primary",
        on_click=session.set_settings,
        args=(THREE_BLOBS,),
        help="Switch the data to three blobs (Dataset Blobs, Classes 3) and compare the two approaches.",
    )
    st.stop()

h = exp.trainer.history
run = run_id(settings)
epochs.fit_epoch_slider(run, h.n_epochs)  # where the player, a link or another page stopped
epoch = controls.epoch_slider(
    slider,
    run,
    h.n_epochs,
    "Both approaches as they were after this many epochs; opens where the player stopped.",
)
ovr = runs.one_vs_rest(settings)
r = regions(exp, ovr, epoch)
unclaimed, doubly = r.shares
score = accuracies(exp, ovr, epoch)
K = exp.n_classes
scene = link.active_scene()  # the lesson that opens this page: its sentence says what to watch
lesson = f"**{scene.title}.** {scene.sentence} " if scene is not None and scene.page == PAGE else ""
st.caption(
    f"{lesson}Epoch {epoch} of {h.n_epochs}. One-vs-rest trains {K} binary models apart, class k "
    f"against the other {K - 1}, on the same points and settings; each claims the plane where its "
    "p_k > ½, and nothing makes the claims fit together. Softmax trains the K scores together: its most "
    "probable class covers the plane exactly once."
)
diverged = [str(k) for k, status in enumerate(ovr.status) if status == DIVERGED]
if exp.trainer.status == DIVERGED or diverged:
    who = ["the softmax run"] * (exp.trainer.status == DIVERGED)
    models = "the binary models of classes" if len(diverged) > 1 else "the binary model of class"
    who += [f"{models} {listed(diverged)}"] * bool(diverged)
    st.warning(
        f"At this learning rate {listed(who)} diverged: the maps show the weights where it stopped. "
        "A smaller learning rate trains them all.",
        icon=":material/trending_up:",
    )

a, b, c, d = st.columns(4)
a.metric("No model claims", f"{unclaimed:.1%}", help="Share of the frame where every model says p_k ≤ ½.")
b.metric("Two or more claim", f"{doubly:.1%}", help="Share of the frame where 2+ models say p_k > ½.")
c.metric(
    f"One-vs-rest accuracy ({score.split})",
    f"{score.one_vs_rest:.1%}",
    help="One-vs-rest still has to answer everywhere: it predicts the class whose model scores highest, "
    "argmax z_k, comparing scores that were trained apart.",
)
d.metric(
    f"Softmax accuracy ({score.split})",
    f"{score.softmax:.1%}",
    help="Softmax predicts the most probable class, argmax p_k: one class at every point of the plane.",
)

left, right = st.columns(2)
points = points_view(exp)
left.plotly_chart(one_vs_rest_figure(points, r, CHART_HEIGHT), key="ovr_regions")
right.plotly_chart(softmax_figure(points, r, CHART_HEIGHT), key="softmax_regions")
