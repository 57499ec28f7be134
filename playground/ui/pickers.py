"""The pickers of the learning views: the Landscape's slice (principal directions or two entries of θ)
and the Update page's mini-batch step. Each outlasts a visit to another page and is kept in the link."""

import streamlit as st

from playground.loss_surface import PCA, WEIGHTS, Directions

from .session import (
    ACROSS_KEY,
    LANDSCAPE_FIRST,
    LANDSCAPE_KIND,
    LANDSCAPE_LINK,
    LANDSCAPE_PICKED,
    LANDSCAPE_SECOND,
    LINK_SLICE,
    SLICE_KEY,
    UP_KEY,
    UPDATE_CLASS,
    UPDATE_STEP,
)


def fit_landscape_pickers(names: tuple[str, ...], kind: str) -> None:
    """Before the Landscape page draws its pickers: the slice is `kind` (PCA or WEIGHTS, the model's
    default) until the visitor picks one; a picked name this model lacks (the degree changed) goes
    back to θ's first two entries."""
    state = st.session_state
    linked = state.pop(LINK_SLICE, None)
    if linked is not None and len(names) > max(linked[1:]):  # a link's slice (its entries checked)
        state[LANDSCAPE_PICKED] = True
        state[LANDSCAPE_KIND], state[LANDSCAPE_FIRST], state[LANDSCAPE_SECOND] = (
            linked[0],
            names[linked[1]],
            names[linked[2]],
        )
    if not state.get(LANDSCAPE_PICKED) or state.get(LANDSCAPE_KIND) not in (PCA, WEIGHTS):
        state[LANDSCAPE_KIND] = kind
    first, second = state.get(LANDSCAPE_FIRST), state.get(LANDSCAPE_SECOND)
    if first not in names or second not in names or first == second:
        state[LANDSCAPE_FIRST], state[LANDSCAPE_SECOND] = names[0], names[1]


def pick_landscape_kind() -> None:
    """The slice-kind radio's callback: the visitor's choice now outlasts the model's default."""
    st.session_state[LANDSCAPE_PICKED] = True


def keep_landscape_weights_apart(changed: str, names: tuple[str, ...]) -> None:
    """A picker's callback: picking the other picker's weight moves the other to another weight."""
    other = LANDSCAPE_SECOND if changed == LANDSCAPE_FIRST else LANDSCAPE_FIRST
    state = st.session_state
    state[LANDSCAPE_PICKED] = True  # the visitor's weights outlast the model's default slice
    if state.get(other) == state.get(changed):
        state[other] = next(name for name in names if name != state[changed])


def landscape_directions(names: tuple[str, ...], model: tuple[int, int]) -> Directions:
    """The Landscape page's directions, as its pickers hold them, over θ's entries `names` (of a
    model `model` = (polynomial degree, classes K): Θ has K rows of them for K ≥ 3). The link keeps
    them once the visitor has picked a slice."""
    state = st.session_state
    directions = Directions(
        state[LANDSCAPE_KIND], names.index(state[LANDSCAPE_FIRST]), names.index(state[LANDSCAPE_SECOND])
    )
    if state.get(LANDSCAPE_PICKED):
        shown = {SLICE_KEY: directions.kind}
        if directions.kind == WEIGHTS:
            shown.update({ACROSS_KEY: str(directions.first), UP_KEY: str(directions.second)})
        state[LANDSCAPE_LINK] = (model, shown)
    return directions


def update_step(n_steps: int) -> int:
    """The mini-batch step (1 to n_steps) the Update page shows within its epoch: the first unless
    picked, or when the picked one is beyond this epoch's steps (other settings)."""
    step = st.session_state.get(UPDATE_STEP)
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_steps:
        step = st.session_state[UPDATE_STEP] = 1
    return step


def update_class(n_classes: int) -> int:
    """The class (row of Θ, 0 to K − 1) the Update page's table shows for K ≥ 3 classes: the first
    unless picked, or when the picked one is beyond this run's classes."""
    k = st.session_state.get(UPDATE_CLASS)
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < n_classes:
        k = st.session_state[UPDATE_CLASS] = 0
    return k


def class_label(k: int, class_names: tuple[str, ...]) -> str:
    """A class as the learning views name it: "class 2", with its own name when it has one
    ("class 0 · setosa"); plain text (a visitor's label is never markup)."""
    name = class_names[k] if k < len(class_names) else str(k)
    return f"class {k}" if name == str(k) else f"class {k} · {name}"
