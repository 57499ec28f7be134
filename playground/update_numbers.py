"""The update, in numbers: the arithmetic that turns θ_t into θ_{t+1}, one row per weight.

Read from `Trainer.trace` (lr/trainer.py), so every number is one the step actually used: the
gradient's data and penalty parts, the optimizer's own quantities (momentum's v, Adam's m̂, v̂ and
per-weight step sizes, Newton's H⁻¹g and line-search step t), the step it subtracted and, with L1,
the proximal step's threshold. A mini-batch epoch is ⌈n/B⌉ such updates, one per batch; the last
one ends at the recorded θ_{t+1}. On the last epoch there is no next step: the gradient at θ_E.
"""

from dataclasses import dataclass

import numpy as np

from lr.optimizers import OPTIMIZERS, Optimizer
from lr.trainer import Trainer

from .experiment import Experiment

INTERCEPT = "b (intercept)"


@dataclass(frozen=True)
class Quantity:
    """One column of the arithmetic: its symbol as in the formula, what it is, one value per θ entry."""

    symbol: str
    meaning: str
    values: np.ndarray


@dataclass(frozen=True)
class Threshold:
    """L1's proximal step on the weights (never the intercept): w ← sign(w)·max(|w| − τ, 0), τ = s·α."""

    step_size: np.ndarray  # s, the step the update took: η (momentum η/(1−β)); per weight for Adam
    tau: np.ndarray  # τ = s·α, one per weight (K × d for K classes)
    before: np.ndarray  # w − step: the weights the threshold acts on
    after: np.ndarray

    @property
    def uniform(self) -> bool:
        """One threshold for every weight (all but Adam)."""
        return bool(np.all(self.tau == self.tau.flat[0])) if self.tau.size else True

    @property
    def zeroed(self) -> np.ndarray:
        """The weights this threshold set to exactly 0."""
        return (self.before != 0) & (self.after == 0)


@dataclass(frozen=True)
class Update:
    """One update θ → θ − step (then L1's threshold), or, on the last epoch, the gradient alone."""

    index: int  # the step within its epoch: 0 for full-batch optimizers
    rows: np.ndarray | None  # the mini-batch's training rows; None when every row is used
    before: np.ndarray  # θ = (w, b); for K ≥ 3 classes Θ (K, d+1), row k = (w_k, b_k)
    data_gradient: np.ndarray  # X₁ᵀ(p − y)/n, for K classes (P − Y)ᵀX₁/n (the batch's, for SGD)
    penalty_gradient: np.ndarray  # ∇R(w): α·w for L2, 0 for none and for L1 (it acts by the threshold)
    gradient: np.ndarray  # g, their sum
    quantities: tuple[Quantity, ...] = ()  # the optimizer's own numbers
    step_symbol: str = ""  # "η·g", "η·v", "η·m̂/(√v̂+ε)", "t·H⁻¹g"
    step: np.ndarray | None = None  # what the update subtracts; None on the last epoch
    threshold: Threshold | None = None
    line_search_step: float | None = None  # Newton's t
    after: np.ndarray | None = None  # θ after the update (and the threshold)


@dataclass(frozen=True)
class EpochUpdate:
    """The update(s) of epoch t: one for full-batch optimizers, one per mini-batch for SGD."""

    epoch: int
    n_epochs: int
    optimizer: str  # the registry's name
    penalty: str  # "none", "l2" or "l1"
    names: tuple[str, ...]  # one per θ entry: the features, then the intercept (per class for K ≥ 3)
    n_features: int
    updates: tuple[Update, ...]
    n_classes: int = 2  # K ≥ 3: every array of the updates is a matrix Θ (K, d+1), one row per class

    @property
    def entry_names(self) -> tuple[str, ...]:
        """One name per number of θ (of Θ row by row, for K ≥ 3 classes): "x1", "w[class 2, x1]"."""
        return entry_names(self.names, self.n_classes, len(self.names) > self.n_features)

    @property
    def last(self) -> bool:
        """The last epoch of the run: no next step, only the gradient at θ_E."""
        return self.epoch >= self.n_epochs

    @property
    def formula(self) -> str:
        """The optimizer's update rule; for K ≥ 3 classes on the matrix Θ, g the softmax gradient."""
        method = OPTIMIZERS[self.optimizer]
        if self.n_classes <= 2:
            return method.formula
        # the K-class rule where it differs (Newton's block Hessian, its minimum-norm step H⁺g)
        return method.formula_k or method.formula.replace(r"\theta", r"\Theta")

    @property
    def gradient_formula(self) -> str:
        """The gradient the step uses, in LaTeX: sigmoid's for two classes, softmax's for K."""
        if self.n_classes > 2:
            return r"g = \nabla J(\Theta) = (P - Y)^\top X_1/n + \nabla R(W)"
        return r"g = \nabla J(\theta) = X_1^\top (p - y)/n + \nabla R(w)"

    @property
    def label(self) -> str:
        return OPTIMIZERS[self.optimizer].label


class UpdateError(ValueError):
    """A step that cannot be shown (its replay stopped before it); the message says why."""


def _update(
    record: dict, method: type[Optimizer], before: np.ndarray, index: int, n_features: int, alpha: float
) -> Update:
    """One traced update, θ_before → θ_after, from the numbers the step used; the optimizer's own
    numbers are those its class lists in `quantities` (lr/optimizers.py), in the order of its formula."""
    if "step" not in record:
        raise UpdateError("the replay of this epoch stopped before its step")
    quantities = tuple(
        Quantity(symbol, meaning, np.asarray(record[key], dtype=float))
        for key, symbol, meaning in method.quantities
        if key in record
    )
    step = record["step"]
    after = before - step  # what the optimizer did in place: θ −= step
    threshold = None
    if "w_after_prox" in record:
        w_before, w_after = record["w_before_prox"], record["w_after_prox"]  # (d,), or (K, d)
        step_size = np.broadcast_to(np.asarray(record["prox_step"], dtype=float), np.shape(w_before))
        threshold = Threshold(step_size, step_size * alpha, w_before, w_after)
        after[..., :n_features] = w_after
    t = record.get("line_search_step")
    return Update(
        index=index,
        rows=record.get("rows"),
        before=before,
        data_gradient=record["data_gradient"],
        penalty_gradient=record["penalty_gradient"],
        gradient=record["gradient"],
        quantities=quantities,
        step_symbol=method.step_symbol,
        step=step,
        threshold=threshold,
        line_search_step=None if t is None else float(t),
        after=after,
    )


def theta_names(feature_names: list[str] | tuple[str, ...], fit_intercept: bool) -> tuple[str, ...]:
    """One name per entry of θ = (w, b): the features, then the intercept."""
    return (*feature_names, INTERCEPT) if fit_intercept else tuple(feature_names)


def entry_names(names: tuple[str, ...], n_classes: int, fit_intercept: bool) -> tuple[str, ...]:
    """The names of θ's entries `names` for two classes; for K ≥ 3 one per entry of Θ, row by row
    (class 0's weights and intercept, then class 1's…): "w[class 2, x1]", "b[class 2]"."""
    if n_classes <= 2:
        return tuple(names)
    d = len(names) - 1 if fit_intercept else len(names)
    return tuple(
        f"b[class {k}]" if j >= d else f"w[class {k}, {name}]"
        for k in range(n_classes)
        for j, name in enumerate(names)
    )


def trainer_update(trainer: Trainer, epoch: int, feature_names: list[str] | tuple[str, ...]) -> EpochUpdate:
    """The arithmetic of the step from epoch `epoch` of a finished run (0 ≤ epoch ≤ trainer.epoch).

    On the last epoch the run made no step: the one Update holds θ_E and the gradient there. For
    K ≥ 3 classes every array is Θ's shape (K, d+1), each row a class's weights and intercept.
    """
    n_epochs = trainer.epoch
    if isinstance(epoch, bool) or not isinstance(epoch, int | np.integer) or not 0 <= epoch <= n_epochs:
        raise ValueError(f"epoch must be from 0 to {n_epochs}, got {epoch!r}")
    epoch = int(epoch)
    d, alpha, penalty = trainer.n_features, trainer.penalty.alpha, trainer.penalty.name
    names = theta_names(feature_names, trainer.fit_intercept)
    kind = type(trainer.optimizer)
    K = trainer.n_classes
    if epoch == n_epochs:  # no next step: the gradient at θ_E over every sample
        theta = trainer.record.theta[epoch].copy()
        record: dict = {}
        trainer.objective.gradient(theta, trace=record)
        final = Update(
            0, None, theta, record["data_gradient"], record["penalty_gradient"], record["gradient"]
        )
        return EpochUpdate(epoch, n_epochs, kind.name, penalty, names, d, (final,), K)
    trace = trainer.trace(epoch)
    theta = trace["theta"]
    updates = []
    for index, record in enumerate(trace.get("steps", [trace])):
        update = _update(record, kind, theta, index, d, alpha)
        updates.append(update)
        theta = update.after
    return EpochUpdate(epoch, n_epochs, kind.name, penalty, names, d, tuple(updates), K)


def epoch_update(exp: Experiment, epoch: int) -> EpochUpdate:
    """The arithmetic of the step from epoch `epoch` of the experiment's run."""
    return trainer_update(exp.trainer, epoch, exp.poly.get_feature_names_out())


def columns(eu: EpochUpdate, update: Update) -> list[Quantity]:
    """The update's numbers as the table shows them, left to right in the order they are computed.

    θ_t; the gradient g, split into its data and penalty parts for L2 (the other penalties add
    nothing to it: L1 acts by its threshold); the optimizer's own quantities; the step; with L1 the
    weights before the threshold and τ (NaN on the intercept: it is never penalised); θ_{t+1}.
    For K ≥ 3 classes each column holds a matrix (K, d+1), one row per class.
    """
    data = "(P − Y)ᵀX₁/n, row k: X₁ᵀ(p_k − y_k)/n" if eu.n_classes > 2 else "X₁ᵀ(p − y)/n"
    out = [Quantity("θ_t", "the weights before this step", update.before)]
    if eu.penalty == "l2":
        out += [
            Quantity("∇ data", f"the data part of the gradient, {data}", update.data_gradient),
            Quantity("∇ penalty", "the penalty part, α·w (0 on b: never penalised)", update.penalty_gradient),
            Quantity("g", "the gradient: data part + penalty part", update.gradient),
        ]
    else:
        meaning = f"the gradient {data}" + (" (L1 acts by its threshold below)" if eu.penalty == "l1" else "")
        out.append(Quantity("g", meaning, update.gradient))
    if update.step is None:
        return out
    out += list(update.quantities)
    out.append(Quantity(update.step_symbol, "the step the update subtracts", update.step))
    if update.threshold is not None:
        th = update.threshold
        pad = np.full((*th.tau.shape[:-1], update.before.shape[-1] - eu.n_features), np.nan)
        out += [
            Quantity("θ − step", "the weights before L1's threshold", update.before - update.step),
            Quantity(
                "τ",
                "L1's threshold s·α: |w| shrinks by τ, to 0 if |w| ≤ τ",
                np.concatenate([th.tau, pad], axis=-1),
            ),
        ]
    out.append(Quantity("θ_t+1", "the weights after this step", update.after))
    return out
