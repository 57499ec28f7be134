"""What went wrong with a run, its cause in one sentence, and a one-click fix that is tried first.

A diverged run is not always "the learning rate is too large": unscaled polynomial features (x1⁶ in
the thousands beside x1 near 1) make any single step size wrong for most of them, and turning
Standardise on fixes the same step. L1 with a large α is not a failure at all: every weight is
exactly 0, because α exceeds the largest gradient of the data term at w = 0.

Every sentence is true of the run it describes: a fix is tried before it is offered, its value is
the button's (the library's own untried guess is taken out of the message), a safe step is the
optimizer's own (lr.OPTIMIZERS: auto_learning_rate), and "a larger step would go further" is said
only of a run that a larger step, tried, takes further.

One fix is certain without a whole trial: gradient descent on every point with a step η ≤ 1/L
lowers J at every epoch (the descent lemma, lr.Objective.smoothness), so it can neither diverge nor
keep overshooting. Such a smaller step is offered untried, and such a larger step is tried only
until its J shows lower than the run's last J (J keeps falling after). In the heavy load these trials were
as much CPU as the run itself (benchmarks/README.md, Load).
"""

import bisect
from dataclasses import dataclass, replace

import numpy as np

from lr.optimizers import OPTIMIZERS
from lr.stopping import DIVERGED, RUNNING, Rules, loss, number, suggestion

from .experiment import Experiment, run_experiment
from .points import Points
from .settings import (
    ALPHAS,
    BATCH_SIZES,
    LEARNING_RATES,
    Settings,
    epoch_budget,
    in_sentence,
    needs_smooth_penalty,
)

_TRIES = 4  # smaller steps tried at most, each first for _SCREEN epochs (divergence shows early)
_SCREEN = 100  # then the one that passes runs whole: the button's run is the one the sentence describes
_CHUNKS = 16  # a trial that stops where its J reaches a target runs in this many chunks at most


@dataclass(frozen=True)
class Advice:
    sentence: str  # the cause, for people
    changes: dict  # the settings the fix changes
    button: str  # the fix's label
    replaces: str = ""  # the end of the run's message this advice supersedes (the library's untried guess)


def alert_text(message: str, advice: Advice | None) -> str:
    """What the Playground's alert says: the run's message, less the guess the advice replaces, and
    the advice, whose value is its button's."""
    if advice is not None and advice.replaces:
        message = message.removesuffix(advice.replaces)
    text = message[:1].upper() + message[1:] + "."
    return text if advice is None else f"{text} {advice.sentence}"


def lipschitz(exp: Experiment) -> float:
    """L = λ_max(X₁ᵀX₁)/(4n) + α (L2) of the run's objective, λ_max(X₁ᵀX₁)/(2n) + α for K ≥ 3
    classes (Böhning's bound: the softmax's curvature is at most ½, the sigmoid's ¼): gradient
    descent with η ≤ 1/L cannot overshoot (lr.Objective.smoothness)."""
    return exp.trainer.objective.smoothness()


def safe_step(exp: Experiment) -> float | None:
    """The run's optimizer's own safe step on its objective (its auto_learning_rate); None for Newton."""
    return exp.trainer.optimizer.auto_learning_rate(exp.trainer.objective)


def _method(exp: Experiment) -> type:
    """The optimizer the run's steps are: its own, or gradient descent for SGD with one batch of every
    point (lr.OPTIMIZERS: full_batch)."""
    method = OPTIMIZERS[exp.settings.optimizer]
    if method.full_batch and exp.trainer.batch_size is None:
        method = OPTIMIZERS[method.full_batch]
    return method


def safe_step_reason(exp: Experiment) -> tuple[str, str]:
    """The safe step's symbol and why it does not overshoot, in the optimizer's own terms
    (lr.OPTIMIZERS: safe_step, safe_step_why)."""
    method = _method(exp)
    why = method.safe_step_why.format(L=number(lipschitz(exp)), safe=number(safe_step(exp)))
    return method.safe_step, why


def l1_alpha_max(exp: Experiment) -> float:
    """The smallest α at which L1 makes every weight 0: max_j |∂J_data/∂w_j| at w = 0 and the
    intercept at its optimum, the class log-odds (there ∂J/∂b = 0, so p = mean(y) everywhere).

    K ≥ 3 classes: the same at W = 0 with the intercepts giving every point the class shares π
    (softmax(b) = π, where ∂J/∂b_k = π_k − mean(y = k) = 0): max over k, j of |Σ_i (π_k − Y_ik) x_ij|/n."""
    F = exp.features(exp.X_train)
    y = np.asarray(exp.y_train, dtype=int)
    Y = np.eye(exp.n_classes)[y] if exp.n_classes > 2 else y[:, None].astype(float)  # one-hot, or y
    residual = Y.mean(axis=0) - Y  # p − y with p = the class shares, at every point
    return float(np.abs(F.T @ residual).max() / len(y))


def _trial(settings: Settings, points: Points | None) -> Experiment:
    """The whole run a fix promises, as the button would start it."""
    return run_experiment(settings, points)


def _works(trial: Experiment) -> bool:
    """Whether a run neither diverges nor keeps overshooting."""
    return trial.trainer.status != DIVERGED and not trial.trainer.unsettled


def _fix_works(settings: Settings, points: Points | None) -> bool:
    """Whether the run a fix starts works: screened on its first epochs, then run whole."""
    screen = replace(settings, epochs=min(settings.epochs, _SCREEN))
    return _works(_trial(screen, points)) and (screen == settings or _works(_trial(settings, points)))


def _descends(exp: Experiment, learning_rate: float) -> bool:
    """Whether the run with this step, the rest unchanged, lowers J at every epoch for certain:
    gradient descent on every point (the monotone optimizer) with η ≤ 1/L, by the descent lemma
    f(θ − ηg) ≤ f(θ) − η(1 − ηL/2)‖g‖² (with L1, its proximal step keeps the decrease)."""
    return exp.trainer.batch_size is None and _method(exp).monotone and learning_rate <= safe_step(exp)


def _smaller_step(exp: Experiment, points: Points | None, what: str, outcome: str) -> Advice | None:
    """The largest slider step below min(safe step, η/2) that works: certain for gradient descent
    (`_descends`), else tried in turn (four at most)."""
    s = exp.settings
    candidates = [lr for lr in LEARNING_RATES if lr <= min(safe_step(exp), s.learning_rate / 2)][::-1]
    for lr in candidates[:_TRIES]:
        if _descends(exp, lr) or _fix_works(replace(s, learning_rate=lr), points):
            _, why = safe_step_reason(exp)
            return Advice(
                f"A step of {number(s.learning_rate)} {what}: {why}; {number(lr)} {outcome}.",
                {"learning_rate": lr},
                f"Use learning rate {number(lr)}",
            )
    return None


def _capped(exp: Experiment) -> bool:
    """Whether the run stopped at the epoch budget, short of the epochs asked: the page says the
    cap bound (controls.budget_note), and its fix is fewer points, features or classes, not a trial.
    Trying a change would cost a second run as large as the caps allow: 5000 points at batch 8,
    200 ms of run and 300 more of trials (benchmarks/README.md, the worst case at every K)."""
    n = len(exp.y_train) + len(exp.y_test)
    budget = epoch_budget(exp.settings, n, exp.n_classes)
    return budget < exp.settings.epochs and exp.trainer.epoch >= budget


def _further(exp: Experiment, points: Points | None) -> Advice | None:
    """For a run that stopped before converging, a change that was tried and goes further: a larger
    step for a run still falling well below its safe step; for one whose J keeps rising and falling,
    a larger batch (less noise) or a smaller step. None when none was tried or none helped."""
    s, t = exp.settings, exp.trainer
    if not OPTIMIZERS[s.optimizer].uses_learning_rate:
        return None
    if _capped(exp):  # a trial would be a second run of the largest size the caps allow
        return None
    J, quantity = t.history.objective, t.rules.quantity
    if Rules.falling(J):
        safe = safe_step(exp)
        larger = [lr for lr in LEARNING_RATES if 2 * s.learning_rate <= lr <= safe]
        if not larger:  # already within a factor 2 of the safe step: more epochs, as the message says
            return None
        if _descends(exp, larger[-1]):
            return _sooner(exp, points, larger[-1])
        trial = _trial(replace(s, learning_rate=larger[-1]), points)
        J_trial = trial.trainer.history.objective
        if not _works(trial) or loss(J_trial[-1]) >= loss(J[-1]):  # lower as shown
            return None
        symbol, _ = safe_step_reason(exp)
        return Advice(
            f"A larger step would too: with {number(larger[-1])} (the safe step {symbol} is {number(safe)}) "
            f"{quantity} reaches {loss(J_trial[-1])} in the same {t.epoch} epochs, against {loss(J[-1])}.",
            {"learning_rate": larger[-1]},
            f"Use learning rate {number(larger[-1])}",
        )
    ups, of = t.rules.rises(J)
    candidates = []
    if t.batch_size is not None:  # mini-batches: each step's gradient is a noisy estimate
        n = len(exp.y_train)
        larger_batch = [b for b in BATCH_SIZES if 4 * s.batch_size <= b < n]
        if larger_batch:
            b = larger_batch[0]
            candidates.append(({"batch_size": b}, f"a larger batch, {b}", f"Use batch size {b}"))
    # a smaller step: the optimizer's safe step when below η/2 (Adam's settles), else the next below η/2
    halves = [lr for lr in LEARNING_RATES if lr <= s.learning_rate / 2]
    safe = [lr for lr in halves if lr <= safe_step(exp)]
    if halves:  # two trials at most: a larger batch, one smaller step
        x = safe[-1] if safe else halves[-1]
        candidates.append(
            ({"learning_rate": x}, f"a smaller learning rate, {number(x)}", f"Use learning rate {number(x)}")
        )
    cause = (
        f"Each step sees {s.batch_size} of {len(exp.y_train)} points, so the steps are noisy"
        if t.batch_size is not None
        else f"A step of {number(s.learning_rate)} keeps overshooting"
    )
    for changes, what, button in candidates:
        trial = _trial(replace(s, **changes), points)
        J_trial = trial.trainer.history.objective
        ups_trial, of_trial = t.rules.rises(J_trial)
        if _works(trial) and loss(J_trial[-1]) < loss(J[-1]) and ups_trial < ups:  # lower as shown
            return Advice(
                f"{cause}: with {what}, {quantity} rose in {ups_trial} of the last {of_trial} epochs, "
                f"not {ups} of {of}, and ends at {loss(J_trial[-1])}, against {loss(J[-1])}.",
                changes,
                button,
            )
    return None


def _sooner(exp: Experiment, points: Points | None, learning_rate: float) -> Advice | None:
    """For gradient descent still falling: the larger step `learning_rate` ≤ 1/L, tried only until its
    J shows lower than the run's last J (as the tiles show a loss). Every epoch lowers J
    (`_descends`), so its J after as many epochs as the run's shows lower still, as a whole trial
    would find, and no epoch of it can diverge or rise."""
    s, t = exp.settings, exp.trainer
    J_end, epochs = t.history.objective[-1], t.epoch
    shown_end = float(loss(J_end))
    chunk = max(1, epochs // _CHUNKS)
    trial = _trial(replace(s, learning_rate=learning_rate, epochs=min(chunk, epochs)), points).trainer
    while True:
        J = trial.history.objective
        if float(loss(J[-1])) < shown_end or trial.status != RUNNING or trial.epoch >= epochs:
            break
        trial.run(min(chunk, epochs - trial.epoch))
    # the first epoch that shows lower: J falls at every epoch, so "shows lower" holds from there on
    m = bisect.bisect_left(range(len(J)), True, key=lambda e: float(loss(J[e])) < shown_end)
    if m == len(J) or m >= epochs or trial.status == DIVERGED:
        return None
    symbol, _ = safe_step_reason(exp)
    return Advice(
        f"A larger step would too: with {number(learning_rate)} (the safe step {symbol} is "
        f"{number(safe_step(exp))}) {t.rules.quantity} reaches {loss(J[m])} in {m} epochs, below "
        f"this run's final {loss(J_end)} after {epochs}, and keeps falling.",
        {"learning_rate": learning_rate},
        f"Use learning rate {number(learning_rate)}",
    )


def advise(exp: Experiment, points: Points | None = None) -> Advice | None:
    """The cause of a diverged, unsettled, all-zero L1 or unfinished run, with a fix that was tried
    and does what the sentence says (`points`: the visitor's own points, when the run used them)."""
    s, t = exp.settings, exp.trainer
    if t.status == DIVERGED:
        advice = _diverged(exp, points)
        guess = "; " + suggestion(t.suggested_learning_rate) if t.suggested_learning_rate else ""
        return None if advice is None else replace(advice, replaces=guess)
    if t.unsettled:
        return _smaller_step(exp, points, "keeps overshooting the valley's floor", "settles")
    if s.penalty == "l1" and not np.any(t.history.w[-1]):
        alpha_max = l1_alpha_max(exp)
        smaller = [a for a in ALPHAS if a <= alpha_max / 3]
        if not smaller:
            return None
        vanish = "the boundary vanishes" if exp.n_classes == 2 else "every boundary vanishes"
        return Advice(
            f"α = {number(s.alpha)} is strong enough to set every weight to exactly 0: any α above "
            f"{number(alpha_max)} does here, so {vanish}.",
            {"alpha": smaller[-1]},
            f"Use α = {number(smaller[-1])}",
        )
    if t.status == RUNNING and t.epoch > 0:
        return _further(exp, points)
    return None


def _diverged(exp: Experiment, points: Points | None) -> Advice | None:
    """The cause of a diverged run and a fix that was tried."""
    s = exp.settings
    if not s.standardize and _fix_works(replace(s, standardize=True), points):
        F = exp.features(exp.X_train)
        spread = np.abs(F).max(axis=0)
        big = int(np.argmax(spread))
        return Advice(
            f"The features are not standardised: {exp.poly.get_feature_names_out()[big]} reaches "
            f"{number(spread[big])}, so a step of {number(s.learning_rate)} moves the logits by far too "
            "much. Standardised (mean 0, std 1), the same step descends.",
            {"standardize": True},
            "Standardise the features",
        )
    if needs_smooth_penalty(s.optimizer):
        return Advice(
            f"{in_sentence(s.optimizer, start=True)} diverges when the data are separable and nothing "
            "bounds the weights: an L2 penalty does.",
            {"penalty": "l2", "alpha": max(s.alpha, 1e-3)},
            "Add an L2 penalty",
        )
    return _smaller_step(exp, points, "overshoots", "does not diverge")
