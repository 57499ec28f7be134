"""The playground: pick data, features and an optimizer; watch the recorded run play back."""

import streamlit as st

from playground.ui import controls, pins, runs, session
from playground.ui.exports import export_buttons
from playground.ui.player import player

settings = runs.settings_to_run()

data = dict(runs.payload(settings))
start = session.start_epoch(data["run_id"], data["n_epochs"])
data["start_epoch"] = start.epoch
sentence = data["message"][:1].upper() + data["message"][1:] + "."
with st.sidebar:
    st.subheader("View", divider="gray")
    c1, c2 = st.columns(2)
    data["discretize"] = c1.toggle(
        "Discretize", key=session.DISCRETIZE, help="Two flat colours: the predicted class, not p."
    )
    data["log_scale"] = c2.toggle(
        "Log loss axis", key=session.LOG_SCALE, help="Plot the loss on a log scale: slow late progress shows."
    )
    pins.pin_button(settings)

scene = session.active_scene()
if scene is not None:
    st.markdown(f"**{scene.title}.** {scene.sentence}")

note = controls.budget_note(settings, len(data["points"]["y"]))
if note:
    st.caption(note)

advice = runs.advice(settings)
if data["status"] == "diverged" or advice is not None:
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    text = sentence + (" " + advice.sentence if advice else "")
    if data["status"] == "diverged":
        c1.error(text, icon=":material/trending_up:")
    else:
        c1.warning(text, icon=":material/info:")
    if advice is not None:
        c2.button(
            advice.button,
            type="primary",
            on_click=session.set_settings,
            args=(advice.changes,),
            help="Re-run with this change; it was tried first and does not diverge.",
        )
else:
    st.caption(sentence)

shown = player(data, key=session.PLAYER, height=600).epoch
epoch = start.epoch if shown is None else int(shown)  # the epoch on screen
# Remember the epoch the visitor paused at: the Evaluate page opens on the same model, the link keeps it.
session.remember_shown_epoch(data["run_id"], epoch, chosen=shown is not None or start.chosen)
with st.sidebar:
    st.subheader("Export", divider="gray")
    export_buttons(runs.experiment(settings), epoch)
