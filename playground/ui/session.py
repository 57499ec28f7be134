"""Per-visitor state: the settings live in st.session_state (one key per Settings field) and are
mirrored in the URL, so a visitor can share exactly what they see. Nothing here is shared
between visitors.
"""

import math
from dataclasses import fields

import streamlit as st

from playground.settings import STEPS, Settings, check_setting

_URL_WARNINGS = "_url_warnings"
_FIELDS = [f.name for f in fields(Settings)]
_URL_FIELDS = [name for name in _FIELDS if name != "upload"]  # a visitor's file stays with them


def nearest(options: list, value: float) -> float:
    """The option nearest to value on a log scale (the sliders' own scale)."""
    return min(options, key=lambda o: abs(math.log(o) - math.log(value)))


def _parse(name: str, text: str) -> object:
    """A URL value as the field's type, checked against LIMITS; ValueError names the problem."""
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        if text.lower() not in ("true", "false", "1", "0"):
            raise ValueError(f"{name} must be true or false, got {text!r}")
        return text.lower() in ("true", "1")
    if isinstance(default, str):
        return check_setting(name, text.lower())
    try:
        value = int(text) if isinstance(default, int) else float(text)
    except ValueError:
        kind = "an integer" if isinstance(default, int) else "a number"
        raise ValueError(f"{name} must be {kind}, got {text!r}") from None
    check_setting(name, value)
    if name in STEPS and value not in STEPS[name]:
        value = type(default)(nearest(STEPS[name], value))
    return value


def init_state() -> None:
    """Fill st.session_state once per visitor: defaults, overridden by valid values in the URL.

    An invalid URL value is ignored and explained on the page; it never stops the app.
    """
    defaults = Settings()
    for name in _FIELDS:  # every run: a widget's key can be dropped while it is not on the page
        st.session_state.setdefault(name, getattr(defaults, name))
    if "settings_ready" in st.session_state:
        return
    warnings = []
    for name, text in st.query_params.items():
        if name not in _URL_FIELDS:
            continue
        try:
            st.session_state[name] = _parse(name, text)
        except ValueError as e:
            warnings.append(f"Ignored the link's {e}; using {getattr(defaults, name)!r}.")
    st.session_state[_URL_WARNINGS] = warnings
    st.session_state.settings_ready = True


def url_warnings() -> list[str]:
    """Messages about URL values that were ignored (shown once, then cleared)."""
    return st.session_state.pop(_URL_WARNINGS, [])


def current_settings() -> Settings:
    """The visitor's Settings, read from session state."""
    return Settings(**{name: st.session_state[name] for name in _FIELDS})


def sync_url(settings: Settings) -> None:
    """Write the settings that differ from the defaults into the URL, so the link reproduces the view."""
    defaults = Settings()
    wanted = {
        name: str(getattr(settings, name)).lower()
        if isinstance(getattr(settings, name), bool)
        else f"{getattr(settings, name):g}"
        if isinstance(getattr(settings, name), float)
        else str(getattr(settings, name))
        for name in _URL_FIELDS
        if getattr(settings, name) != getattr(defaults, name)
    }
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
