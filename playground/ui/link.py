"""The link: reading the URL into the session once per visitor (a bad value is named, as a
LinkProblem, and never stops the app) and writing the view back into it every run, so that a link
reproduces what the visitor sees. A `?scene=` (a shared lesson, a click in the gallery) sets every
control."""

from dataclasses import dataclass

import streamlit as st

from lr import MULTICLASS_DATASETS
from playground import drawing as drawings
from playground.drawing import DrawingError
from playground.loss_surface import PCA, WEIGHTS
from playground.payload import run_id as run_of
from playground.scenes import SCENE_BY_KEY, Scene, scene_of
from playground.settings import (
    BATCH_SIZES,
    LABELS,
    LIMITS,
    MAX_CLASSES,
    Settings,
    n_weights,
    parse_number,
    parse_setting,
    reconcile,
    score_functions,
)
from playground.words import acts, in_words

from . import epochs, own_points, session

# Bounds of the link's numbers that depend on the run: the most steps an epoch can take (the most
# points in the smallest batch) and the most entries of θ (the highest degree's weights and b, for
# each of the most classes: Θ (K, d+1) read row by row); _link_slice checks the run's own bound
MAX_BATCH_STEPS = -(-LIMITS["n_samples"][1] // BATCH_SIZES[0])
MAX_THETA = MAX_CLASSES * n_weights(Settings(degree=LIMITS["degree"][1]))


@dataclass(frozen=True)
class LinkProblem:
    """A value in the link that was not used: the control's label, the visitor's text and why."""

    label: str
    text: str
    reason: str


def init_state() -> None:
    """Fill st.session_state once per visitor: defaults, overridden by valid values in the URL.

    A `?scene=` in the URL (a shared lesson, or a click in the Lessons gallery) sets every control.
    An invalid URL value is ignored and named on the page; it never stops the app.
    """
    session.keep_widgets()
    scene = st.query_params.get(session.SCENE)
    first_visit = session.READY not in st.session_state
    # a lesson the app did not write into the URL itself: a shared link, or a click in the gallery
    if scene is not None and (first_visit or scene != st.session_state.get(session.URL_SCENE)):
        if scene in SCENE_BY_KEY:
            apply_scene(SCENE_BY_KEY[scene])
        elif first_visit:
            st.session_state[session.LINK_PROBLEMS] = [LinkProblem("Lesson", scene, "is not a lesson's name")]
    if not first_visit:
        return
    problems = list(st.session_state.get(session.LINK_PROBLEMS, []))
    for name in session.URL_FIELDS:
        given = st.query_params.get_all(name)
        if not given:
            continue
        text = given[-1]
        if len(given) > 1:
            reason = f"is given {len(given)} times; the last one is used"
            problems.append(LinkProblem(LABELS[name], text, reason))
        try:
            st.session_state[name] = parse_setting(name, text)
        except ValueError as e:
            problems.append(LinkProblem(LABELS[name], text, f"{e}, so the default is used"))
    for name in session.VIEW_TOGGLES:
        text = st.query_params.get(name)
        if text is not None:
            if text.lower() in ("true", "false"):
                st.session_state[name] = text.lower() == "true"
            else:
                problems.append(
                    LinkProblem(name.replace("_", " ").capitalize(), text, "must be true or false")
                )
    for key, (label, parse) in _LINK_VALUES.items():  # every other number of the link: parse_number
        text = st.query_params.get(key)
        if text is not None:
            try:
                st.session_state[_LINKED[key]] = parse(text)
            except ValueError as e:
                problems.append(LinkProblem(label, text, str(e)))
    text = st.query_params.get(session.DRAWN)
    if text is not None:
        try:
            own_points.use_drawing(drawings.decode(text), from_link=True)
        except DrawingError as e:
            problems.append(LinkProblem("Drawing", text, f"{e}, so generated data is used"))
    given = session.current_settings()
    settings, clash = reconcile(given, "optimizer")  # the link's optimizer wins
    if clash:
        st.session_state.penalty = settings.penalty
        problems.append(LinkProblem(LABELS["penalty"], given.penalty, "was not used: " + clash.rstrip(".")))
    problems += _link_slice(settings)
    problems += _unused_classes(settings)
    if session.LINK_EPOCH in st.session_state:  # the link's run is chosen at that epoch, on every page
        epochs.remember_shown_epoch(run_of(settings), st.session_state[session.LINK_EPOCH], chosen=True)
    st.session_state[session.LINK_PROBLEMS] = problems
    st.session_state[session.READY] = True


def _unused_classes(settings: Settings) -> list[LinkProblem]:
    """A link's Classes on data whose classes are its own (moons, iris3, a drawing): named, not silently
    dropped, since a visitor who typed ?n_classes=6 expects six classes."""
    text = st.query_params.get("n_classes")
    if text is None or settings.n_classes == 2 or acts(settings, "n_classes"):
        return []
    shapes = " and ".join(in_words("dataset", d) for d in MULTICLASS_DATASETS)
    has = "this data" if settings.upload else in_words("dataset", settings.dataset)
    reason = f"is not used: {has} has {own_points.classes_in_use(settings)} classes (Classes is for {shapes})"
    return [LinkProblem(LABELS["n_classes"], text, reason)]


def parse_threshold(text: str) -> float:
    """Evaluate's threshold t from a link: a number from 0 to 1, on the slider's steps of 0.01."""
    return round(parse_number(text, 0.0, 1.0, whole=False), 2)


def parse_epoch(text: str) -> int:
    """The epoch a link shows: a whole number up to the Epochs control's largest value."""
    most = LIMITS["epochs"][1]
    return parse_number(text, 0, most, whole=True, what=f"a whole number of epochs from 0 to {most}")


def parse_step(text: str) -> int:
    """The Update page's mini-batch step: from 1 to the most steps an epoch can take."""
    return parse_number(text, 1, MAX_BATCH_STEPS, whole=True)


def parse_theta_entry(text: str) -> int:
    """An entry of θ = (w, b) by its position from 0 (the Landscape's weight pickers; for K ≥ 3
    classes of Θ row by row, class k's entry j at k·(d+1) + j): the link's names of weights are
    numbers, as the names hold symbols and a visitor's column names."""
    return parse_number(text, 0, MAX_THETA - 1, whole=True)


def parse_slice(text: str) -> str:
    """The Landscape's slice kind from a link."""
    if text not in (PCA, WEIGHTS):
        raise ValueError(f"must be {PCA} or {WEIGHTS}")
    return text


# The URL's keys besides the settings, toggles, lesson and drawing: (label in the link note, parser)
_LINK_VALUES = {
    session.THRESHOLD_KEY: ("Threshold t", parse_threshold),
    session.EPOCH: ("Epoch", parse_epoch),
    session.STEP_KEY: ("Mini-batch step", parse_step),
    session.SLICE_KEY: ("Slice along", parse_slice),
    session.ACROSS_KEY: ("First weight", parse_theta_entry),
    session.UP_KEY: ("Second weight", parse_theta_entry),
}
# where init_state puts each: the threshold and step straight in their widgets' keys; the rest wait
# for the page that knows the run (its epochs, its θ's names)
_LINKED = {
    session.THRESHOLD_KEY: session.THRESHOLD,
    session.EPOCH: session.LINK_EPOCH,
    session.STEP_KEY: session.UPDATE_STEP,
    session.SLICE_KEY: session.LINK_SLICE_KIND,
    session.ACROSS_KEY: session.LINK_ACROSS,
    session.UP_KEY: session.LINK_UP,
}


def _link_slice(settings: Settings) -> list[LinkProblem]:
    """Keep the Landscape's slice the link asks for (?slice=, ?across=, ?up=), when this model has
    those entries of θ; the problems of the entries it lacks."""
    state = st.session_state
    kind, first, second = (
        state.pop(_LINKED[key], None) for key in (session.SLICE_KEY, session.ACROSS_KEY, session.UP_KEY)
    )
    if kind is None and first is None and second is None:
        return []
    problems = []
    rows, p = score_functions(own_points.classes_in_use(settings)), n_weights(settings)
    size = rows * p  # K·(d+1) entries of Θ for K ≥ 3 classes
    model = "θ" if rows == 1 else f"Θ ({rows} classes × {p})"
    for label, key, entry in (
        ("First weight", session.ACROSS_KEY, first),
        ("Second weight", session.UP_KEY, second),
    ):
        if entry is not None and entry >= size:
            reason = f"must be an entry of this model's {model}, from 0 to {size - 1}"
            problems.append(LinkProblem(label, st.query_params.get(key, ""), reason))
    first = 0 if first is None or first >= size else first
    if second == first:
        problems.append(
            LinkProblem("Second weight", str(second), "is the first weight too, so another is used")
        )
    if second is None or second >= size or second == first:
        second = 1 if first != 1 else 0
    state[session.LINK_SLICE] = (kind or WEIGHTS, first, second)
    return problems


def link_problems() -> list[LinkProblem]:
    """The link's values that were not used as given (kept for the visit: the message does not jump
    away), until the visitor dismisses the note."""
    if st.session_state.get(session.LINK_NOTE_DISMISSED):
        return []
    return st.session_state.get(session.LINK_PROBLEMS, [])


def dismiss_link_problems() -> None:
    """The note's close button: the visitor has read it."""
    st.session_state[session.LINK_NOTE_DISMISSED] = True


def url_text(value: object) -> str:
    """A setting as the URL writes it: true/false, 0.001, 300."""
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)


def sync_url(settings: Settings, run_id: str) -> None:
    """Write the settings that differ from the defaults into the URL, so the link reproduces the view
    (a lesson's settings as its name: ?scene=overfit), with the epoch the visitor paused at in run
    `run_id`, the view toggles that are on and Evaluate's threshold when it was moved."""
    scene = scene_of(settings)
    defaults = Settings()
    wanted = (
        {session.SCENE: scene.key}
        if scene is not None
        else {
            name: url_text(getattr(settings, name))
            for name in session.URL_FIELDS
            if getattr(settings, name) != getattr(defaults, name)
        }
    )
    st.session_state[session.URL_SCENE] = scene.key if scene is not None else None
    shown = epochs.shown_epoch()
    if shown is not None and shown.chosen and shown.run_id == run_id:
        wanted[session.EPOCH] = str(shown.epoch)
    drawn = own_points.drawing_in_use(settings)
    if drawn is not None and drawn.in_link():
        wanted[session.DRAWN] = drawings.encode(drawn)
    wanted.update({name: "true" for name in session.VIEW_TOGGLES if st.session_state.get(name)})
    threshold = st.session_state.get(session.THRESHOLD, session.PAGE_WIDGETS[session.THRESHOLD])
    if threshold != session.PAGE_WIDGETS[session.THRESHOLD]:
        wanted[session.THRESHOLD] = f"{threshold:g}"
    step = st.session_state.get(session.UPDATE_STEP)
    if isinstance(step, int) and not isinstance(step, bool) and step > 1:
        wanted[session.STEP_KEY] = str(step)
    shown_slice = st.session_state.get(session.LANDSCAPE_LINK)
    # θ's entries are the degree's, and one row of them per class for K ≥ 3
    if shown_slice is not None and shown_slice[0] == (settings.degree, own_points.classes_in_use(settings)):
        wanted.update(shown_slice[1])
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def apply_scene(scene: Scene) -> None:
    """Set every control as the lesson says (a file in use is put aside: the lesson brings its data)."""
    for name in session.FIELDS:
        st.session_state[name] = getattr(scene.settings, name)
    own_points.put_aside()
    st.session_state[session.LOG_SCALE] = scene.log_scale
    st.session_state[session.DISCRETIZE] = False


def active_scene() -> Scene | None:
    """The lesson whose settings are on, if any (changing a control leaves the lesson)."""
    return scene_of(session.current_settings())
