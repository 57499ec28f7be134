"""The playground: pick data, features and an optimizer (or draw the points); watch the run play back."""

import streamlit as st

from lr.optimizers import OPTIMIZERS
from lr.stopping import DIVERGED
from playground.advice import alert_text
from playground.payload import canvas_payload, pack
from playground.ui import controls, epochs, link, own_points, pins, runs, session
from playground.ui.exports import export_buttons
from playground.ui.player import drawing_tools_open, player

TITLE = "Logistic Regression Playground"
# The player's height in px, so that the page fits a 1280x720 screen without scrolling
# (tests/test_browser.py measures both modes): under a title line and a status line; in presentation
# mode under a title alone; less under a warning with its button, and under a title of two lines.
HEIGHT, PRESENT_HEIGHT, ALERT, LINE = 556, 584, 40, 26
# While the drawing tools are open, the status takes this height whatever it says (a class short of
# points, the run's sentence, a warning with its button: longer ones scroll), so that the chart under
# the pointer stays where it is as the drawing makes a run or falls short of one: a two-line alert.
DRAWING_STATUS = 80
CHARACTERS_PER_LINE = {False: 100, True: 96}  # of the title, beside the Present toggle
ALERT_CHARACTERS_PER_LINE = 80  # of a warning, beside its button


def lines(text: str, per_line: int) -> int:
    """About how many lines a sentence takes on the page (the player makes room for them)."""
    return -(-len(text.replace("**", "")) // per_line)


def learner(optimizer: str) -> str:
    """The optimizer's name inside a sentence: "gradient descent", "Adam", "Newton's method"."""
    return OPTIMIZERS[optimizer].in_sentence


present = session.presenting()
drawn = own_points.drawing_in_use()
missing = drawn.missing() if drawn is not None else None
if missing:  # a drawing short of points: its canvas, no run
    settings = session.current_settings()
    run, advice = pack(canvas_payload(drawn, missing, settings)), None
else:
    settings = runs.settings_to_run(player=True)
    drawn = own_points.drawing_in_use(settings)  # None if the drawing could not make a run
    played = runs.played(settings)  # on a drawing, the chart keeps the drawing's frame
    run, advice = played.run, played.advice
start = epochs.start_epoch(run.run_id, run.n_epochs)
view = {  # what this page shows of the run; the player lays it over the run's own data
    "start_epoch": start.epoch,
    "autoplay": start.autoplay,  # this rerun starts playback (the page then believes it plays)
    "plays": start.plays,
    "brisk": start.brisk,  # a changed run plays in a few seconds, not at the run's clock
    "present": present,
    "drawing": {"active": drawn is not None, "rev": own_points.drawing_rev()},
}

with st.sidebar:
    st.subheader("View", divider="gray")
    view["discretize"] = st.toggle(
        "Discretize",
        key=session.DISCRETIZE,
        help="Two flat colours: the predicted class, not p."
        if run.n_classes == 2
        else f"{run.n_classes} flat colours: the predicted class, not its probability.",
    )
    view["log_scale"] = st.toggle(
        "Log loss axis", key=session.LOG_SCALE, help="Plot the loss on a log scale: slow late progress shows."
    )
    if not missing:
        pins.pin_button(settings)

scene = link.active_scene()
who = learner(settings.optimizer)
# K ≥ 3: "learn 4 classes", shorter than "the boundary": the title stays one line at 1280 px
learned = f"{run.n_classes} classes" if run.n_classes > 2 else "the boundary"
if present:  # on a shared screen: a title, the lesson's sentence when a lesson is on
    title = scene.sentence if scene is not None else f"{TITLE}: watch {who} learn {learned}"
    shown_title = f"##### {title}"
elif scene is not None:
    title = shown_title = f"**{scene.title}.** {scene.sentence}"
elif drawn is not None:  # as long as the title below, so that the page does not move under a drawing
    title = shown_title = f"**{TITLE}** — watch {who} learn your points (**Space**: play or pause)."
else:  # a new run plays by itself: the words say so, whether it plays or stands still
    title = shown_title = f"**{TITLE}** — watch {who} learn {learned} (**Space**: play or pause)."
head, switch = st.columns([5, 1], vertical_alignment="center")
head.markdown(shown_title)
extra_lines = lines(title, CHARACTERS_PER_LINE[present]) - 1
switch.toggle(
    "Present",
    key=session.PRESENT,
    help="Presentation mode: hides the controls and enlarges the charts' type for a shared screen "
    "(the link keeps it). Space, ←/→ and Home still drive the player.",
)

sentence = run.message[:1].upper() + run.message[1:] + "."
note = None if missing else controls.budget_note(settings, run.n_points, run.n_classes)
alert = run.status == DIVERGED or advice is not None
held = not present and (bool(missing) or drawing_tools_open(session.PLAYER))
status = st.container(height=DRAWING_STATUS, border=False) if held else st.container()
if missing:
    status.info(sentence, icon=":material/draw:")
elif alert:
    c1, c2 = status.columns([4, 1], vertical_alignment="center")
    text = alert_text(run.message, advice) + (" " + note if note else "")  # the advice's value: its button's
    extra_lines += 0 if held else lines(text, ALERT_CHARACTERS_PER_LINE) - 1
    if run.status == DIVERGED:
        c1.error(text, icon=":material/trending_up:")
    else:
        c1.warning(text, icon=":material/info:")
    if advice is not None:
        c2.button(
            advice.button,
            type="primary",
            on_click=session.set_settings,
            args=(advice.changes,),
            help="Re-run with this change: tried first, or certain (gradient descent, a step ≤ 1/L).",
        )
elif held:  # as tall as the alerts it alternates with
    status.info(sentence + (" " + note if note else ""), icon=":material/draw:")
elif not present:  # the run's one-line status (a shared screen has the numbers instead)
    status.caption(sentence + (" " + note if note else ""))

height = PRESENT_HEIGHT if present else HEIGHT
height -= LINE * extra_lines + (ALERT + (16 if present else 0) if alert or missing or held else 0)
height -= LINE if held else 0  # the status's second line
shown = player(run, view, key=session.PLAYER, height=height, on_drawing=controls.take_drawing)
epoch = start.epoch if shown.epoch is None else shown.epoch  # the epoch on screen, or where play began
# Remember the epoch the visitor paused at: the Evaluate page opens on the same model, the link keeps it.
epochs.remember_shown_epoch(run.run_id, epoch, chosen=shown.epoch is not None or start.chosen)
if not missing:
    with st.sidebar:
        st.subheader("Export", divider="gray")
        export_buttons(settings, runs.points(settings), epoch, playing=shown.playing)
