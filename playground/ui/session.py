"""Per-visitor state, with one owner: every st.session_state key the app uses is named here (and each
module's own keys say which module reads and writes them), read or written through typed functions.
Nothing here is shared between visitors.

The settings live under one key per Settings field (the sidebar's widgets are keyed by those names,
so session state *is* the settings) and are mirrored in the URL (link.py), so a link reproduces the
view. The other parts of the state: the visitor's file or drawing (own_points.py), the epoch the
player shows (epochs.py), the Landscape's and Update's pickers (pickers.py), the pins (pins.py).
"""

from dataclasses import fields

import streamlit as st

from playground.settings import Settings

FIELDS = tuple(f.name for f in fields(Settings))
URL_FIELDS = tuple(name for name in FIELDS if name != "upload")  # a visitor's file stays with them

# Keys of the widgets outside the Settings (the page's view toggles, the file uploader, the player)
DISCRETIZE, LOG_SCALE = "discretize", "log_scale"
PRESENT = "present"  # presentation mode: the toggle's key and the URL's flag
PLAYER = "player"
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
UPDATE_CLASS = "update_class"  # the Update page's class (K ≥ 3): the row of Θ its table shows
# The Epoch slider of Evaluate, Update and Landscape: it opens on the epoch chosen for the run (in the
# player, in a link, on another page) and moving it chooses that epoch for every page and the link
EPOCH_SLIDER = "epoch_slider"
# Widgets of one page whose value is written back every run (as PAGE_WIDGETS, without a default):
# the Landscape's slice and the Update page's step outlast a visit to another page, so the link
# keeps them wherever it is copied
KEPT_WIDGETS = (LANDSCAPE_KIND, LANDSCAPE_FIRST, LANDSCAPE_SECOND, UPDATE_STEP, UPDATE_CLASS)

# The URL's names besides the settings and the view toggles
SCENE = "scene"  # the lesson's name
EPOCH = "epoch"  # the paused epoch
DRAWN = "drawn"  # the drawing (playground/drawing.py's code)
THRESHOLD_KEY, STEP_KEY, SLICE_KEY, ACROSS_KEY, UP_KEY = THRESHOLD, "step", "slice", "across", "up"

# Keys of one module, which alone reads and writes them (unless a second is named)
NOTICES = "notices"  # this module
READY = "settings_ready"  # link.py
LINK_PROBLEMS = "link_problems"  # link.py
LINK_NOTE_DISMISSED = "link_note_dismissed"  # link.py: the visitor closed the note on the link's values
URL_SCENE = "url_scene"  # link.py: the lesson name sync_url last wrote into the URL
# link.py: the Landscape's slice a link asks for, parsed, before its entries are checked
LINK_SLICE_KIND, LINK_ACROSS, LINK_UP = "link_slice_kind", "link_across", "link_up"
LINK_EPOCH = "link_epoch"  # link.py writes, epochs.py takes: the epoch a link asks the player to open at
LINK_SLICE = "link_slice"  # link.py writes, pickers.py takes: the link's slice, (kind, first, second)
# pickers.py writes, link.py reads: what the Landscape last showed, as the URL writes it, by degree
LANDSCAPE_LINK = "landscape_link"
LANDSCAPE_PICKED = "landscape_picked"  # pickers.py: the visitor chose the Landscape's slice kind
SHOWN_EPOCH = "shown_epoch"  # epochs.py
LANDED = "landed"  # epochs.py: the first run of the visit has been shown
START = "start_epoch"  # epochs.py: where the player opened the current run (an Opening)
START_REV = "start_drawing_rev"  # epochs.py: the drawing's edit count when it opened
UPLOAD_DATA = "upload_data"  # own_points.py
UPLOAD_ERROR = "upload_error"  # own_points.py
# own_points.py: the file uploader's key is UPLOAD_FILE and its generation, UPLOADER's count; a new
# key empties the uploader (its value cannot be set)
UPLOAD_FILE, UPLOADER = "upload_file_", "uploader_generation"
DRAWING_REV = "drawing_rev"  # own_points.py: the browser's edit count of the drawing in use
PINS = "pins"  # pins.py: the runs pinned for the Compare page
PLOTLY_JS_SENT = "_plotly_js_sent"  # player.py: this session's browser was sent Plotly.js's text
PLOTLY_JS_ASKED = "_plotly_js_asked"  # player.py: the browser could not load the static file


def keep_widgets() -> None:
    """Every run, before anything reads the state: the settings' defaults, and the pages' own widgets
    kept (a widget's key can be dropped while it is not on the page)."""
    defaults = Settings()
    for name in FIELDS:  # every run: a widget's key can be dropped while it is not on the page
        st.session_state.setdefault(name, getattr(defaults, name))
    # A page's own widgets (PAGE_WIDGETS) are written back every run: the value is then the
    # session's, not the widget's, and Streamlit keeps it while the page that draws it is not shown.
    for name in (*PAGE_WIDGETS, *KEPT_WIDGETS):
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]


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


def presenting() -> bool:
    """Whether presentation mode is on (the toggle, or ?present=true in the link)."""
    return bool(st.session_state.get(PRESENT, False))


def add_notice(text: str) -> None:
    """A sentence to show once on the next run (e.g. that a control was adjusted to fit another)."""
    st.session_state.setdefault(NOTICES, []).append(text)


def take_notices() -> list[str]:
    """The notices queued since the last run, cleared as they are read."""
    return st.session_state.pop(NOTICES, [])


def view_toggle(key: str) -> bool:
    """The value of a view toggle (Discretize, Log loss axis)."""
    return bool(st.session_state.get(key, False))


def restore_page_widget(key: str) -> None:
    """Before a page draws one of its own widgets (PAGE_WIDGETS): its default, the first time; after
    that keep_widgets keeps the value the visitor set, across the pages that do not draw it."""
    st.session_state.setdefault(key, PAGE_WIDGETS[key])
