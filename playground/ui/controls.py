"""The sidebar: every setting of the experiment, each with a one-line help that says what it does
to the model. Widgets are keyed by the Settings field they set, so session state *is* the settings.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import partial

import streamlit as st

from lr.datasets import MULTICLASS_DATASETS
from lr.features import PolynomialFeatures
from lr.optimizers import OPTIMIZERS
from playground import drawing as drawings
from playground.real_data import REAL_DATA
from playground.settings import (
    ALPHAS,
    BATCH_SIZES,
    EPOCHS,
    LABELS,
    LEARNING_RATES,
    LIMITS,
    MAX_NEWTON_EPOCHS,
    MAX_WORK,
    Settings,
    classes_of,
    epoch_budget,
    listed,
    max_steps,
    reconcile,
    steps_per_epoch,
)
from playground.upload import MAX_UPLOAD_ROWS, UploadError, read_points_csv
from playground.words import GENERATED_ONLY, acts, in_words

from . import epochs, own_points, session
from .own_points import Upload
from .text import verbatim

# The Data sliders, two a row: field, step, help. Real data and the visitor's own points come as they are.
_DATA_SLIDERS = (
    ("n_samples", 10, "How many points: more points, a steadier boundary."),
    ("noise", 0.05, "How far points stray from their class's shape: more noise, more overlap."),
    ("balance", 0.05, "The fraction of points in class 1 (orange): the model's intercept follows it."),
    ("test_size", 0.05, "The fraction held out (hollow points): scored every epoch, never trained on."),
)
NEW_SEEDS = 100_000  # "New data" draws a seed below this: five digits fit the box


def _new_seed() -> None:
    session.set_setting("seed", secrets.randbelow(NEW_SEEDS))


def _read_upload() -> None:
    """Read the visitor's CSV into their session; a bad file leaves a message, never a crash."""
    f = own_points.uploaded_file()
    if f is None:
        own_points.set_upload(None)
        return
    data = f.getvalue()
    try:
        points = read_points_csv(data)
    except UploadError as e:
        own_points.set_upload(None, f"{verbatim(f.name)} was not used: {e.render(verbatim)}.")
        return
    own_points.set_upload(Upload(f.name, hashlib.sha256(data).hexdigest()[:16], points))


def take_drawing(report: object) -> None:
    """The player's drawing trigger: the points the visitor drew become the data (one rerun after a
    burst of clicks). A report that is not a drawing is named in a toast and changes nothing."""
    try:
        drawn = drawings.from_report(report)
    except drawings.DrawingError as e:
        session.add_notice(f"The drawing was not used: {e}.")
        return
    rev = report.get("rev") if isinstance(report, dict) else 0
    valid = isinstance(rev, int) and not isinstance(rev, bool) and 0 <= rev < 2**31
    own_points.use_drawing(drawn, rev if valid else 0)


def _drawing_note(drawn: drawings.Drawing) -> str:
    """The sidebar's caption for a drawing: its points per class, and whether a link carries it."""
    counts = [f"{c} of class {k}" for k, c in enumerate(drawn.counts())]
    per_class = " and ".join(counts) if len(counts) == 2 else ", ".join(counts[:-1]) + " and " + counts[-1]
    where = (
        "A shared link carries it."
        if drawn.in_link()
        else f"A link carries drawings of up to {drawings.LINK_POINTS} points, so this one stays in "
        "this browser session."
    )
    return f"Using your drawing: {drawn.n} points, {per_class}. {where}"


def _reconcile(changed: str) -> Callable[[], None]:
    """A widget callback: if the change makes the settings clash, adjust the other control and say so."""

    def callback() -> None:
        settings, note = reconcile(session.current_settings(), changed)
        for name in ("penalty", "optimizer"):
            session.set_setting(name, getattr(settings, name))
        if note:
            session.add_notice(note)

    return callback


def _choice(widget: Callable[..., object], name: str, options: Iterable, help: str, **more: object) -> object:
    """A control that picks the Settings field `name` among `options`, keyed by the field (session state
    is the settings), labelled and worded as the offline file and Compare say the setting."""
    words = partial(in_words, name)
    return widget(LABELS[name], list(options), key=name, format_func=words, help=help, **more)


def feature_names(degree: int) -> list[str]:
    """The names of the features a polynomial map of this degree makes from (x1, x2)."""
    return PolynomialFeatures(degree).fit([[0.0, 0.0]]).get_feature_names_out()


def sidebar() -> None:
    """Draw every control; the values land in st.session_state under the Settings field names."""
    sb = st.sidebar
    _data_controls(sb)
    _model_controls(sb)


def _data_controls(sb: object) -> None:
    """The Data section: the dataset or the visitor's own points, how many, the split and the seed."""
    sb.subheader("Data", divider="gray")
    upload = own_points.upload()
    own = upload is not None
    drawn = upload.drawing if own else None
    chosen = st.session_state.get("dataset")

    def shown(name: str) -> str:
        # with the visitor's own points, the (disabled) box names them; the labels stay distinct,
        # because Streamlit keeps a select box's value as its label and maps a label back to one option
        if own and name == chosen:
            return "Your file" if drawn is None else "Your drawing"
        return in_words("dataset", name)

    dataset = sb.selectbox(
        LABELS["dataset"],
        LIMITS["dataset"],
        key="dataset",
        format_func=shown,
        disabled=own,
        help="The shape of the classes (or real measurements): a straight line separates only 'linear'.",
    )
    if dataset in MULTICLASS_DATASETS and not own:
        sb.slider(
            LABELS["n_classes"],
            *LIMITS["n_classes"],
            key="n_classes",
            help="How many classes: with 3 or more the model is softmax regression, one score z_k per "
            "class, and each point goes to the class of the largest score.",
        )
    real = dataset in REAL_DATA and not own
    if real:
        sb.caption(f"Data: {REAL_DATA[dataset].source}.")
    sb.file_uploader(
        "Or your own points (CSV)",
        type=["csv", "txt"],
        key=own_points.uploader_key(),
        on_change=_read_upload,
        help=f"Two numeric columns and a label column (2 to {LIMITS['n_classes'][1]} distinct labels), up to "
        f"{MAX_UPLOAD_ROWS} rows; with a "
        "header the label column is found by its name (label, class, target…); yours alone.",
    )
    problem = own_points.upload_error()
    if problem:
        sb.error(problem, icon=":material/error:")
    if drawn is not None:
        sb.caption(_drawing_note(drawn))
        sb.button(
            "Back to generated data",
            on_click=own_points.stop_drawing,
            help="Drop the drawing and train on the dataset above again.",
        )
    elif upload is not None:
        names = ", ".join(f"class {k} = {verbatim(c)}" for k, c in enumerate(upload.points.class_names))
        sb.caption(
            f"Using your file {verbatim(upload.name)}: {len(upload.points.y)} points, {names}. A shared "
            "link does not carry the file: it stays in this browser session. Remove the file to generate "
            "data again."
        )
    c1, c2 = sb.columns(2)
    now = session.current_settings()
    k = classes_of(now) if not now.upload and now.dataset not in REAL_DATA else 2  # generated K classes
    for column, (name, step, text) in zip((c1, c2, c1, c2), _DATA_SLIDERS, strict=True):
        if name == "balance" and k > 2:  # greyed out: say why, not what it does for two classes
            text = f"For two classes only: the {k} classes here come in equal shares."
        column.slider(
            LABELS[name],
            *LIMITS[name],
            step=step,
            key=name,
            disabled=not acts(now, name) and name in GENERATED_ONLY,
            help=text,
        )
    c1, c2 = sb.columns([3, 2], vertical_alignment="bottom")
    c1.number_input(
        LABELS["seed"],
        *LIMITS["seed"],
        step=1,
        key="seed",
        help="Fixes the random draw of the points, the split and the SGD shuffles.",
    )
    c2.button("New data", on_click=_new_seed, help="Draw a fresh set of points (a new seed).")


def _model_controls(sb: object) -> None:
    """The Features, Model and Optimizer sections."""

    sb.subheader("Features", divider="gray")
    degree = sb.slider(
        LABELS["degree"],
        *LIMITS["degree"],
        key="degree",
        help="Adds products of x1 and x2 up to this degree: a curved boundary needs degree ≥ 2.",
    )
    sb.caption("Features: " + ", ".join(feature_names(degree)))
    sb.toggle(
        LABELS["standardize"],
        key="standardize",
        help="Rescales each feature to mean 0, std 1 on the training split: gradient steps behave.",
    )

    sb.subheader("Model", divider="gray")
    penalty = _choice(
        sb.radio,
        "penalty",
        LIMITS["penalty"],
        "L2 shrinks all weights; L1 sets useless ones to exactly 0. The intercept is never penalised.",
        on_change=_reconcile("penalty"),
        horizontal=True,
    )
    _choice(
        sb.select_slider,
        "alpha",
        ALPHAS,
        "How hard the penalty pulls the weights to 0 (log scale): larger α, simpler boundary.",
        disabled=penalty == "none",
    )

    sb.subheader("Optimizer", divider="gray")
    optimizer = _choice(
        sb.selectbox,
        "optimizer",
        OPTIMIZERS,
        "How each epoch moves the weights. "
        + "; ".join(f"{cls.label}: {cls.summary}" for cls in OPTIMIZERS.values())
        + ".",
        on_change=_reconcile("optimizer"),
    )
    method = OPTIMIZERS[optimizer]
    unused = [cls.label for cls in OPTIMIZERS.values() if not cls.uses_learning_rate]  # Newton
    if method.uses_batches:
        _choice(
            sb.select_slider,
            "batch_size",
            BATCH_SIZES,
            "Points per step: smaller batches, more and noisier steps per epoch.",
        )
    _choice(
        sb.select_slider,
        "learning_rate",
        LEARNING_RATES,
        "The step size (log scale): too small crawls, too large diverges."
        + (f" Not used by {listed(unused)}." if unused else ""),
        disabled=not method.uses_learning_rate,
    )
    _choice(
        sb.select_slider,
        "epochs",
        EPOCHS,
        "Passes over the training data; the run stops earlier once it has converged.",
    )


def epoch_slider(where: object, run_id: str, n_epochs: int, help: str) -> int:
    """A learning page's Epoch slider in `where` (a column); its value, or 0 for a run of no epochs.
    It opens where epochs.fit_epoch_slider put it: where the player, a link or another page stopped."""
    if n_epochs == 0:
        return 0
    return where.slider(
        "Epoch",
        0,
        n_epochs,
        key=session.EPOCH_SLIDER,
        on_change=epochs.pick_epoch,
        args=(run_id,),
        help=help,
    )


def budget_note(settings: Settings, n: int | None = None, k: int | None = None) -> str | None:
    """A sentence when the epoch budget cut the visitor's epochs, else None (n: number of points,
    k: of classes, by default the settings' own)."""
    budget = epoch_budget(settings, n, k)
    if budget >= settings.epochs:
        return None
    if OPTIMIZERS[settings.optimizer].second_order:
        label = OPTIMIZERS[settings.optimizer].label
        return f"{label} runs at most {MAX_NEWTON_EPOCHS} epochs (it converges in far fewer)."
    steps = steps_per_epoch(settings, n)
    most = max_steps(k if k is not None else classes_of(settings))
    if steps * budget * 2 > most:  # the step cap binds
        return (
            f"{OPTIMIZERS[settings.optimizer].label} makes {steps} steps an epoch here; runs are capped "
            f"at {most:,} steps to answer "
            f"quickly, so this one stops at {budget} epochs. A larger batch size allows more."
        )
    return (
        f"Runs are capped at {MAX_WORK:,} points × weights × epochs to answer quickly, so this one "
        f"stops at {budget} epochs. Fewer samples, a lower degree or fewer classes allow more."
    )
