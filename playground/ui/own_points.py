"""The visitor's own points: a CSV file from the uploader, or points drawn on the chart. They stay in
this visitor's session (never in the URL, except a small drawing's code)."""

from dataclasses import dataclass

import streamlit as st

from playground.drawing import Drawing
from playground.experiment import Points
from playground.settings import Settings, classes_of

from . import session
from .session import DRAWING_REV, UPLOAD_DATA, UPLOAD_ERROR, UPLOAD_FILE, UPLOADER

DRAWING_NAME = "your drawing"  # what Upload.name says for drawn points


@dataclass(frozen=True)
class Upload:
    """The visitor's own CSV file, read into points. `name` is the visitor's text: show it as plain text."""

    name: str
    fingerprint: str
    points: Points
    drawing: Drawing | None = None  # the points were drawn on the chart, not read from a file


def upload() -> Upload | None:
    """The visitor's file (or drawing), when one is in use."""
    return st.session_state.get(UPLOAD_DATA)


def set_upload(value: Upload | None, error: str | None = None) -> None:
    """Use a file's points (or none), and remember why a file was refused (or clear that)."""
    st.session_state[UPLOAD_DATA] = value
    st.session_state[UPLOAD_ERROR] = error
    st.session_state.upload = value.fingerprint if value is not None else ""


def put_aside() -> None:
    """A lesson brings its own data: the file or drawing in use is dropped and the uploader emptied
    (the lesson's settings say upload="")."""
    if st.session_state.get(UPLOAD_DATA) is not None:
        st.session_state[UPLOAD_DATA] = None
        st.session_state[UPLOADER] = st.session_state.get(UPLOADER, 0) + 1


def upload_error() -> str | None:
    """Why the visitor's last file was not used (plain text, it may quote the file)."""
    return st.session_state.get(UPLOAD_ERROR)


def uploader_key() -> str:
    """The file uploader's widget key."""
    return f"{UPLOAD_FILE}{st.session_state.get(UPLOADER, 0)}"


def uploaded_file() -> object | None:
    """The file the uploader widget holds (Streamlit's UploadedFile), if any."""
    return st.session_state.get(uploader_key())


def drawing_in_use(settings: Settings | None = None) -> Drawing | None:
    """The visitor's drawing, when it is the data of the settings (default: the current ones)."""
    own = upload()
    settings = session.current_settings() if settings is None else settings
    if own is None or own.drawing is None or settings.upload != own.fingerprint:
        return None
    return own.drawing


def use_drawing(drawn: Drawing, rev: int = 0, from_link: bool = False) -> None:
    """Make drawn points the data. When the visitor starts drawing, a file in the uploader is put
    aside and the test split goes to 0, so that every point they place trains the model (the drawing
    tools say so, and the slider shows it); a link's drawing comes with the link's own split."""
    first = drawing_in_use() is None
    if first and st.session_state.get(UPLOAD_DATA) is not None:
        st.session_state[UPLOADER] = st.session_state.get(UPLOADER, 0) + 1
    set_upload(Upload(DRAWING_NAME, drawn.fingerprint(), drawn.points(), drawn))
    st.session_state[DRAWING_REV] = int(rev)
    if first and not from_link and st.session_state.get("test_size"):
        session.set_setting("test_size", 0.0)  # the player's drawing tools say so (no toast over the chart)


def classes_in_use(settings: Settings) -> int:
    """K of the data these settings train on: the visitor's own points' (a file, a drawing), else the
    settings' (classes_of: they say 2 for points they do not make)."""
    own = upload()
    return own.points.n_classes if settings.upload and own is not None else classes_of(settings)


def drawing_rev() -> int:
    """How many edits the browser had made when it sent the drawing in use (0 for a link's)."""
    return int(st.session_state.get(DRAWING_REV, 0))


def stop_drawing() -> None:
    """Back to generated data (the drawing is dropped, as a removed file is)."""
    set_upload(None)
    st.session_state[DRAWING_REV] = 0
