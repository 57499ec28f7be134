"""Per-visitor state, with one owner: every st.session_state key the app uses is named here and read
or written through a typed function. Nothing here is shared between visitors.

The settings live under one key per Settings field (the sidebar's widgets are keyed by those names,
so session state *is* the settings) and are mirrored in the URL, so a link reproduces the view.
"""

from dataclasses import dataclass, fields, replace

import streamlit as st

from playground import drawing as drawings
from playground.compare import Pin
from playground.drawing import Drawing, DrawingError
from playground.experiment import Points
from playground.landscape import PCA, WEIGHTS, Directions
from playground.payload import run_id as run_of
from playground.scenes import SCENE_BY_KEY, Scene, scene_of
from playground.settings import (
    BATCH_SIZES,
    LABELS,
    LIMITS,
    Settings,
    n_weights,
    parse_number,
    parse_setting,
    reconcile,
)

FIELDS = tuple(f.name for f in fields(Settings))
_URL_FIELDS = tuple(name for name in FIELDS if name != "upload")  # a visitor's file stays with them

# Keys of the widgets outside the Settings (the page's view toggles, the file uploader, the player)
DISCRETIZE, LOG_SCALE = "discretize", "log_scale"
PRESENT = "present"  # presentation mode: the toggle's key and the URL's flag
PLAYER = "player"
SCENE = "scene"  # the URL's lesson name
EPOCH = "epoch"  # the URL's paused epoch
DRAWN = "drawn"  # the URL's drawing (playground/drawing.py's code)
VIEW_TOGGLES = (DISCRETIZE, LOG_SCALE, PRESENT)  # carried in the URL as true/false
THRESHOLD = "threshold"  # Evaluate's decision threshold t
COMPARE_LOG_LOSS, COMPARE_LOG_EPOCHS = "compare_log_loss", "compare_log_epochs"  # Compare's axes
# Widgets of one page whose value must outlive a visit to another page (Streamlit drops the state of
# a widget that is not drawn in a run), with their defaults: presentation mode stays on across the
# Lessons page, the threshold and Compare's axes across the others.
PAGE_WIDGETS = {PRESENT: False, THRESHOLD: 0.5, COMPARE_LOG_LOSS: False, COMPARE_LOG_EPOCHS: False}
# The Landscape page's direction pickers: the kind (principal directions or two weights) and the two
# entries of θ by name; the Update page's mini-batch picker
LANDSCAPE_KIND, LANDSCAPE_FIRST, LANDSCAPE_SECOND = "landscape_kind", "landscape_first", "landscape_second"
UPDATE_STEP = "update_step"
# The Epoch slider of Evaluate, Update and Landscape: it opens on the epoch chosen for the run (in the
# player, in a link, on another page) and moving it chooses that epoch for every page and the link
EPOCH_SLIDER = "epoch_slider"
# Widgets of one page whose value is written back every run (as PAGE_WIDGETS, without a default):
# the Landscape's slice and the Update page's step outlast a visit to another page, so the link
# keeps them wherever it is copied
KEPT_WIDGETS = (LANDSCAPE_KIND, LANDSCAPE_FIRST, LANDSCAPE_SECOND, UPDATE_STEP)
# Bounds of the link's numbers that depend on the run: the most steps an epoch can take (the most
# points in the smallest batch) and the most entries of θ (the highest degree's weights and b)
MAX_BATCH_STEPS = -(-LIMITS["n_samples"][1] // BATCH_SIZES[0])
MAX_THETA = n_weights(Settings(degree=LIMITS["degree"][1]))
# Keys only this module reads and writes
_READY = "settings_ready"
_LINK_PROBLEMS = "link_problems"
_SHOWN_EPOCH = "shown_epoch"
_UPLOAD = "upload_data"
_UPLOAD_ERROR = "upload_error"
_NOTICES = "notices"
_UPLOADER = "uploader_generation"  # a new key empties the file uploader (its value cannot be set)
_URL_SCENE = "url_scene"  # the lesson name sync_url last wrote into the URL
_LINK_EPOCH = "link_epoch"  # the epoch a shared link asks the player to open at
_LANDED = "landed"  # the first run of the visit has been shown
_START = "start_epoch"  # where the player opened the current run (a ShownEpoch)
_PINS = "pins"  # the runs pinned for the Compare page
_LANDSCAPE_PICKED = "landscape_picked"  # the visitor chose the Landscape's slice kind
_DRAWING_REV = "drawing_rev"  # the browser's edit count of the drawing in use
_LINK_NOTE_DISMISSED = "link_note_dismissed"  # the visitor closed the note on the link's values
_LINK_SLICE = "link_slice"  # the Landscape's slice a link asks for: (kind, first, second) θ entries
_LANDSCAPE_LINK = "landscape_link"  # what the Landscape last showed, as the URL writes it, by degree
DRAWING_NAME = "your drawing"  # what Upload.name says for drawn points


@dataclass(frozen=True)
class ShownEpoch:
    """The epoch the player last showed, the run it belongs to, and whether the visitor chose it
    (paused, stepped, scrubbed) rather than it being where the run opened."""

    run_id: str
    epoch: int
    chosen: bool = False


@dataclass(frozen=True)
class Opening:
    """Where the player opens a run: the epoch, whether a person chose it (a link), and whether the
    run plays at once (the landing run, once)."""

    run_id: str
    epoch: int
    chosen: bool = False
    autoplay: bool = False


@dataclass(frozen=True)
class Upload:
    """The visitor's own CSV file, read into points. `name` is the visitor's text: show it as plain text."""

    name: str
    fingerprint: str
    points: Points
    drawing: Drawing | None = None  # the points were drawn on the chart, not read from a file


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
    defaults = Settings()
    for name in FIELDS:  # every run: a widget's key can be dropped while it is not on the page
        st.session_state.setdefault(name, getattr(defaults, name))
    # A page's own widgets (PAGE_WIDGETS) are written back every run: the value is then the
    # session's, not the widget's, and Streamlit keeps it while the page that draws it is not shown.
    for name in (*PAGE_WIDGETS, *KEPT_WIDGETS):
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]
    scene = st.query_params.get(SCENE)
    first_visit = _READY not in st.session_state
    # a lesson the app did not write into the URL itself: a shared link, or a click in the gallery
    if scene is not None and (first_visit or scene != st.session_state.get(_URL_SCENE)):
        if scene in SCENE_BY_KEY:
            apply_scene(SCENE_BY_KEY[scene])
        elif first_visit:
            st.session_state[_LINK_PROBLEMS] = [LinkProblem("Lesson", scene, "is not a lesson's name")]
    if not first_visit:
        return
    problems = list(st.session_state.get(_LINK_PROBLEMS, []))
    for name in _URL_FIELDS:
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
    for name in VIEW_TOGGLES:
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
    text = st.query_params.get(DRAWN)
    if text is not None:
        try:
            use_drawing(drawings.decode(text), from_link=True)
        except DrawingError as e:
            problems.append(LinkProblem("Drawing", text, f"{e}, so generated data is used"))
    settings, clash = reconcile(current_settings(), "optimizer")  # the link's optimizer wins
    if clash:
        st.session_state.penalty = settings.penalty
        reason = "cannot go with Newton's method (L1 has no Hessian), so the penalty is L2"
        problems.append(LinkProblem(LABELS["penalty"], "l1", reason))
    problems += _link_slice(settings)
    if _LINK_EPOCH in st.session_state:  # the link's run is chosen at that epoch, on every page
        remember_shown_epoch(run_of(settings), st.session_state[_LINK_EPOCH], chosen=True)
    st.session_state[_LINK_PROBLEMS] = problems
    st.session_state[_READY] = True


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
    """An entry of θ = (w, b) by its position from 0 (the Landscape's weight pickers): the link's
    names of weights are numbers, as the names hold symbols and a visitor's column names."""
    return parse_number(text, 0, MAX_THETA - 1, whole=True)


def parse_slice(text: str) -> str:
    """The Landscape's slice kind from a link."""
    if text not in (PCA, WEIGHTS):
        raise ValueError(f"must be {PCA} or {WEIGHTS}")
    return text


# The URL's keys besides the settings, toggles, lesson and drawing: (label in the link note, parser)
THRESHOLD_KEY, STEP_KEY, SLICE_KEY, ACROSS_KEY, UP_KEY = THRESHOLD, "step", "slice", "across", "up"
_LINK_VALUES = {
    THRESHOLD_KEY: ("Threshold t", parse_threshold),
    EPOCH: ("Epoch", parse_epoch),
    STEP_KEY: ("Mini-batch step", parse_step),
    SLICE_KEY: ("Slice along", parse_slice),
    ACROSS_KEY: ("First weight", parse_theta_entry),
    UP_KEY: ("Second weight", parse_theta_entry),
}
# where init_state puts each: the threshold and step straight in their widgets' keys; the rest wait
# for the page that knows the run (its epochs, its θ's names)
_LINKED = {
    THRESHOLD_KEY: THRESHOLD,
    EPOCH: _LINK_EPOCH,
    STEP_KEY: UPDATE_STEP,
    SLICE_KEY: "link_slice_kind",
    ACROSS_KEY: "link_across",
    UP_KEY: "link_up",
}


def _link_slice(settings: Settings) -> list[LinkProblem]:
    """Keep the Landscape's slice the link asks for (?slice=, ?across=, ?up=), when this model has
    those entries of θ; the problems of the entries it lacks."""
    state = st.session_state
    kind, first, second = (state.pop(_LINKED[key], None) for key in (SLICE_KEY, ACROSS_KEY, UP_KEY))
    if kind is None and first is None and second is None:
        return []
    problems = []
    size = n_weights(settings)
    for label, key, entry in (("First weight", ACROSS_KEY, first), ("Second weight", UP_KEY, second)):
        if entry is not None and entry >= size:
            reason = f"must be an entry of this model's θ, from 0 to {size - 1}"
            problems.append(LinkProblem(label, st.query_params.get(key, ""), reason))
    first = 0 if first is None or first >= size else first
    if second == first:
        problems.append(
            LinkProblem("Second weight", str(second), "is the first weight too, so another is used")
        )
    if second is None or second >= size or second == first:
        second = 1 if first != 1 else 0
    state[_LINK_SLICE] = (kind or WEIGHTS, first, second)
    return problems


def link_problems() -> list[LinkProblem]:
    """The link's values that were not used as given (kept for the visit: the message does not jump
    away), until the visitor dismisses the note."""
    if st.session_state.get(_LINK_NOTE_DISMISSED):
        return []
    return st.session_state.get(_LINK_PROBLEMS, [])


def dismiss_link_problems() -> None:
    """The note's close button: the visitor has read it."""
    st.session_state[_LINK_NOTE_DISMISSED] = True


def current_settings() -> Settings:
    """The visitor's Settings, read from session state."""
    return Settings(**{name: st.session_state[name] for name in FIELDS})


def set_setting(name: str, value: object) -> None:
    """Change one setting (e.g. from a button's one-click fix); its widget shows the new value."""
    if name not in FIELDS:
        raise KeyError(name)
    st.session_state[name] = value


def set_settings(changes: dict) -> None:
    """Change several settings at once."""
    for name, value in changes.items():
        set_setting(name, value)


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
        {SCENE: scene.key}
        if scene is not None
        else {
            name: url_text(getattr(settings, name))
            for name in _URL_FIELDS
            if getattr(settings, name) != getattr(defaults, name)
        }
    )
    st.session_state[_URL_SCENE] = scene.key if scene is not None else None
    shown = shown_epoch()
    if shown is not None and shown.chosen and shown.run_id == run_id:
        wanted[EPOCH] = str(shown.epoch)
    drawn = drawing_in_use(settings)
    if drawn is not None and drawn.in_link():
        wanted[DRAWN] = drawings.encode(drawn)
    wanted.update({name: "true" for name in VIEW_TOGGLES if st.session_state.get(name)})
    threshold = st.session_state.get(THRESHOLD, PAGE_WIDGETS[THRESHOLD])
    if threshold != PAGE_WIDGETS[THRESHOLD]:
        wanted[THRESHOLD] = f"{threshold:g}"
    step = st.session_state.get(UPDATE_STEP)
    if isinstance(step, int) and not isinstance(step, bool) and step > 1:
        wanted[STEP_KEY] = str(step)
    shown_slice = st.session_state.get(_LANDSCAPE_LINK)
    if shown_slice is not None and shown_slice[0] == settings.degree:  # θ's entries are the degree's
        wanted.update(shown_slice[1])
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def apply_scene(scene: Scene) -> None:
    """Set every control as the lesson says (a file in use is put aside: the lesson brings its data)."""
    for name in FIELDS:
        st.session_state[name] = getattr(scene.settings, name)
    if st.session_state.get(_UPLOAD) is not None:
        st.session_state[_UPLOAD] = None
        st.session_state[_UPLOADER] = st.session_state.get(_UPLOADER, 0) + 1
    st.session_state[LOG_SCALE] = scene.log_scale
    st.session_state[DISCRETIZE] = False


def active_scene() -> Scene | None:
    """The lesson whose settings are on, if any (changing a control leaves the lesson)."""
    return scene_of(current_settings())


def shown_epoch() -> ShownEpoch | None:
    """The epoch the visitor last saw in the player (the Evaluate page opens there)."""
    return st.session_state.get(_SHOWN_EPOCH)


def remember_shown_epoch(run_id: str, epoch: int, chosen: bool) -> None:
    st.session_state[_SHOWN_EPOCH] = ShownEpoch(run_id, int(epoch), chosen)


def epoch_shown_in(run_id: str, n_epochs: int, default: int | None = None) -> int:
    """The epoch a person chose for run `run_id` (in the player, on a page's Epoch slider, in a
    link), at most its last; else `default`, by default its last epoch (the trained model: the other
    pages open there, not on the untrained start of a landing). A link's epoch beyond the run's end
    becomes the end, so that the address says what the page shows."""
    shown = shown_epoch()
    if shown is None or not shown.chosen or shown.run_id != run_id:
        return n_epochs if default is None else default
    epoch = max(0, min(shown.epoch, n_epochs))
    if epoch != shown.epoch:
        remember_shown_epoch(run_id, epoch, chosen=True)
    return epoch


def fit_epoch_slider(run_id: str, n_epochs: int, default: int | None = None) -> None:
    """Before a page draws its Epoch slider (key EPOCH_SLIDER): it shows epoch_shown_in's epoch."""
    st.session_state[EPOCH_SLIDER] = epoch_shown_in(run_id, n_epochs, default)


def pick_epoch(run_id: str) -> None:
    """The Epoch slider's callback: the visitor's epoch is now the one every page and the link show."""
    remember_shown_epoch(run_id, int(st.session_state[EPOCH_SLIDER]), chosen=True)


def start_epoch(run_id: str, n_epochs: int) -> "Opening":
    """Where the player opens run `run_id`, decided once per run: a shared link's epoch (chosen,
    paused); on landing, epoch 0, playing once (the visitor sees what the page is for); the trained
    end, paused, for a run the visitor made by changing a control."""
    start = st.session_state.get(_START)
    if start is not None and start.run_id == run_id:
        return start
    asked = st.session_state.pop(_LINK_EPOCH, None)
    first = not st.session_state.get(_LANDED)
    st.session_state[_LANDED] = True
    if asked is not None:
        start = Opening(run_id, min(asked, n_epochs), chosen=True)
    else:
        start = Opening(run_id, 0 if first else n_epochs)
    st.session_state[_START] = start  # a rerun of the same run does not play it again
    return replace(start, autoplay=first and asked is None)


def upload() -> Upload | None:
    """The visitor's file (or drawing), when one is in use."""
    return st.session_state.get(_UPLOAD)


def drawing_in_use(settings: Settings | None = None) -> Drawing | None:
    """The visitor's drawing, when it is the data of the settings (default: the current ones)."""
    own = upload()
    settings = current_settings() if settings is None else settings
    if own is None or own.drawing is None or settings.upload != own.fingerprint:
        return None
    return own.drawing


def use_drawing(drawn: Drawing, rev: int = 0, from_link: bool = False) -> None:
    """Make drawn points the data. When the visitor starts drawing, a file in the uploader is put
    aside and the test split goes to 0, so that every point they place trains the model (a toast
    says so, and the slider shows it); a link's drawing comes with the link's own split."""
    first = drawing_in_use() is None
    if first and st.session_state.get(_UPLOAD) is not None:
        st.session_state[_UPLOADER] = st.session_state.get(_UPLOADER, 0) + 1
    set_upload(Upload(DRAWING_NAME, drawn.fingerprint(), drawn.points(), drawn))
    st.session_state[_DRAWING_REV] = int(rev)
    if first and not from_link and st.session_state.get("test_size"):
        set_setting("test_size", 0.0)
        add_notice(
            "Drawing: every point you place trains the model (Test split 0); raise the split to test some."
        )


def drawing_rev() -> int:
    """How many edits the browser had made when it sent the drawing in use (0 for a link's)."""
    return int(st.session_state.get(_DRAWING_REV, 0))


def stop_drawing() -> None:
    """Back to generated data (the drawing is dropped, as a removed file is)."""
    set_upload(None)
    st.session_state[_DRAWING_REV] = 0


def presenting() -> bool:
    """Whether presentation mode is on (the toggle, or ?present=true in the link)."""
    return bool(st.session_state.get(PRESENT, False))


def set_upload(value: Upload | None, error: str | None = None) -> None:
    """Use a file's points (or none), and remember why a file was refused (or clear that)."""
    st.session_state[_UPLOAD] = value
    st.session_state[_UPLOAD_ERROR] = error
    st.session_state.upload = value.fingerprint if value is not None else ""


def upload_error() -> str | None:
    """Why the visitor's last file was not used (plain text, it may quote the file)."""
    return st.session_state.get(_UPLOAD_ERROR)


def uploader_key() -> str:
    """The file uploader's widget key."""
    return f"upload_file_{st.session_state.get(_UPLOADER, 0)}"


def uploaded_file() -> object | None:
    """The file the uploader widget holds (Streamlit's UploadedFile), if any."""
    return st.session_state.get(uploader_key())


def add_notice(text: str) -> None:
    """A sentence to show once on the next run (e.g. that a control was adjusted to fit another)."""
    st.session_state.setdefault(_NOTICES, []).append(text)


def take_notices() -> list[str]:
    """The notices queued since the last run, cleared as they are read."""
    return st.session_state.pop(_NOTICES, [])


def view_toggle(key: str) -> bool:
    """The value of a view toggle (Discretize, Log loss axis)."""
    return bool(st.session_state.get(key, False))


def pins() -> tuple[Pin, ...]:
    """The runs the visitor pinned for comparison (settings, and their points for a file of theirs)."""
    return st.session_state.get(_PINS, ())


def set_pins(value: tuple[Pin, ...]) -> None:
    st.session_state[_PINS] = tuple(value)


def restore_page_widget(key: str) -> None:
    """Before a page draws one of its own widgets (PAGE_WIDGETS): its default, the first time; after
    that init_state keeps the value the visitor set, across the pages that do not draw it."""
    st.session_state.setdefault(key, PAGE_WIDGETS[key])


def fit_landscape_pickers(names: tuple[str, ...], kind: str) -> None:
    """Before the Landscape page draws its pickers: the slice is `kind` (PCA or WEIGHTS, the model's
    default) until the visitor picks one; a picked name this model lacks (the degree changed) goes
    back to θ's first two entries."""
    state = st.session_state
    linked = state.pop(_LINK_SLICE, None)
    if linked is not None and len(names) > max(linked[1:]):  # a link's slice (its entries checked)
        state[_LANDSCAPE_PICKED] = True
        state[LANDSCAPE_KIND], state[LANDSCAPE_FIRST], state[LANDSCAPE_SECOND] = (
            linked[0],
            names[linked[1]],
            names[linked[2]],
        )
    if not state.get(_LANDSCAPE_PICKED) or state.get(LANDSCAPE_KIND) not in (PCA, WEIGHTS):
        state[LANDSCAPE_KIND] = kind
    first, second = state.get(LANDSCAPE_FIRST), state.get(LANDSCAPE_SECOND)
    if first not in names or second not in names or first == second:
        state[LANDSCAPE_FIRST], state[LANDSCAPE_SECOND] = names[0], names[1]


def pick_landscape_kind() -> None:
    """The slice-kind radio's callback: the visitor's choice now outlasts the model's default."""
    st.session_state[_LANDSCAPE_PICKED] = True


def keep_landscape_weights_apart(changed: str, names: tuple[str, ...]) -> None:
    """A picker's callback: picking the other picker's weight moves the other to another weight."""
    other = LANDSCAPE_SECOND if changed == LANDSCAPE_FIRST else LANDSCAPE_FIRST
    state = st.session_state
    state[_LANDSCAPE_PICKED] = True  # the visitor's weights outlast the model's default slice
    if state.get(other) == state.get(changed):
        state[other] = next(name for name in names if name != state[changed])


def landscape_directions(names: tuple[str, ...], degree: int) -> Directions:
    """The Landscape page's directions, as its pickers hold them, over θ's entries `names` (of a
    model of this polynomial degree). The link keeps them once the visitor has picked a slice."""
    state = st.session_state
    directions = Directions(
        state[LANDSCAPE_KIND], names.index(state[LANDSCAPE_FIRST]), names.index(state[LANDSCAPE_SECOND])
    )
    if state.get(_LANDSCAPE_PICKED):
        shown = {SLICE_KEY: directions.kind}
        if directions.kind == WEIGHTS:
            shown.update({ACROSS_KEY: str(directions.first), UP_KEY: str(directions.second)})
        state[_LANDSCAPE_LINK] = (degree, shown)
    return directions


def update_step(n_steps: int) -> int:
    """The mini-batch step (1 to n_steps) the Update page shows within its epoch: the first unless
    picked, or when the picked one is beyond this epoch's steps (other settings)."""
    step = st.session_state.get(UPDATE_STEP)
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_steps:
        step = st.session_state[UPDATE_STEP] = 1
    return step
