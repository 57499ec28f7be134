"""Pinning runs for the Compare page: the pins (kept in the session) and the buttons, on the
Playground's sidebar and on Compare."""

import streamlit as st

from playground.comparison import MAX_PINS, Comparison, Pin, add_pin, remove_pin
from playground.settings import Settings

from . import session
from .own_points import upload
from .session import PINS


def pinned() -> tuple[Pin, ...]:
    """The runs the visitor pinned for comparison (settings, and their points for a file of theirs)."""
    return st.session_state.get(PINS, ())


def set_pinned(value: tuple[Pin, ...]) -> None:
    st.session_state[PINS] = tuple(value)


def pin_of(settings: Settings) -> Pin:
    """The pin of a run with these settings: on the visitor's file, with its points and name."""
    own = upload()
    if settings.upload and own is not None:
        return Pin(settings, own.points, own.name)
    return Pin(settings)


def _pin(settings: Settings) -> None:
    pins, message = add_pin(pinned(), pin_of(settings))
    set_pinned(pins)
    session.add_notice(message)


def _unpin(index: int) -> None:
    set_pinned(remove_pin(pinned(), index))


def _clear() -> None:
    set_pinned(())


def _compare(comparison: Comparison) -> None:
    """Replace the pins by a comparison's runs, all on the current data."""
    set_pinned(tuple(pin_of(s) for s in comparison.runs))
    if comparison.note:
        session.add_notice(comparison.note)


def pin_button(settings: Settings, where: object = st, key: str = "pin") -> None:
    """The button that pins the current run."""
    full = len(pinned()) >= MAX_PINS
    where.button(
        "Pin this run",
        icon=":material/push_pin:",
        on_click=_pin,
        args=(settings,),
        key=key,
        help=f"Keep this run to compare on the Compare page (up to {MAX_PINS}); then change the settings."
        + (" All places are taken: unpin one first." if full else ""),
    )


def unpin_button(index: int, label: str, where: object = st) -> None:
    where.button(
        f"{index + 1} · {label}",
        icon=":material/close:",
        on_click=_unpin,
        args=(index,),
        key=f"unpin_{index}",
        help="Unpin this run.",
    )


def clear_button(where: object = st) -> None:
    where.button(
        "Clear", icon=":material/clear_all:", on_click=_clear, key="clear_pins", help="Unpin every run."
    )


def comparison_button(label: str, comparison: Comparison, help_text: str, where: object = st) -> None:
    where.button(
        label, on_click=_compare, args=(comparison,), key=f"compare_{comparison.title}", help=help_text
    )
