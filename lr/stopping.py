"""When a run stops, and the sentence that says why: the stopping rules and every stop message.

Checked at every epoch, the first that applies stops the run:

- not finite: J or θ stopped being a finite number: diverged, keeping the epoch before;
- exploded: J > J_best + EXPLODED·max(1, J_best), J_best the lowest J so far: diverged;
- stuck: J has stayed above its starting value J_0 for STUCK epochs running: diverged;
- converged: ‖∇J‖ ≤ tol (with L1, the smallest subgradient's norm);
- stalled (Newton): no step lowers J any more: the optimum to machine precision, converged.

Divergence means divergence: the logistic loss's gradient is bounded, so too large a step rarely
sends J to infinity; it throws J up, and then J either comes back (Adam at η = 10 climbs from 0.69
to 4 and ends at 0.18; unscaled features at η = 1 can jump to 2.4 and then converge) or stays up.
A single rise, or J doubling, is not divergence; J ten times higher than its best, or never back
below its start for STUCK epochs, is. Gradient descent that keeps rising and falling near the
optimum is not diverging either: it runs on, and its message says the step is too large to settle.

The rules run on a block of epochs at once, as array operations, and carry what they need
(J_0, the lowest and highest J, the current run of epochs above J_0) from block to block.
"""

import math
from dataclasses import dataclass

import numpy as np

RUNNING, CONVERGED, DIVERGED = "running", "converged", "diverged"
EXPLODED = 10  # J above J_best + 10·max(1, J_best): blown up, not a bump it comes back from
STUCK = 50  # epochs running at or above J_0: Adam at η = 10 needs 20 to come back, unscaled Adam 32
SETTLE = 0.25  # a monotone method whose J rose in this share of recent epochs has not settled
NOT_TRAINED = "not trained yet"


def number(x: float, digits: int = 3) -> str:
    """A number as a person would write it, to a few significant figures: 500, 20.5, 0.5, 1e-05,
    −2.5, 1000, 123000, 1.23e+180 (never 180 digits); "infinity" and "not a number" for what is not finite."""
    x = float(x)
    if math.isnan(x):
        return "not a number"
    if math.isinf(x):
        return "infinity" if x > 0 else "minus infinity"
    text = f"{x:.{digits}g}"
    return f"{float(text):.0f}" if "e+" in text and abs(x) < 1e6 else text  # 1000, not 1e+03


def loss(x: float) -> str:
    """A loss as the player's tiles show it: two decimals (0.69, 10.31) from 0.01 to 1000; beyond
    that, or below, a few significant figures (1.23e+180, 0.0031), so a sentence stays short."""
    return f"{x:.2f}" if 0.01 <= abs(x) < 1000 else number(x)


def scientific(x: float) -> str:
    """A gradient norm: 4.3e-03, or in words when it is not finite."""
    return f"{x:.1e}" if math.isfinite(x) else number(x)


def suggestion(learning_rate: float) -> str:
    """How a divergence message ends: the library's guess, a tenth of the step (the Playground
    replaces it with a step it has tried)."""
    return f"try {number(learning_rate)} or lower"


@dataclass(frozen=True)
class Stop:
    """The end of a run: the last epoch kept, the status, and one sentence a person can act on."""

    epoch: int
    status: str
    message: str
    suggested_learning_rate: float | None = None


class Rules:
    """The stopping rules of one run.

    learning_rate: the optimizer's, or None when it has none (Newton); it shapes the advice.
    monotone: whether rises of J mean too large a step (gradient descent on full batches).
    penalized: whether J includes a penalty, so the messages name what rose: the log-loss, or
    J = log-loss + penalty (the player's loss tiles show the log-loss).
    """

    def __init__(
        self, *, tol: float, learning_rate: float | None, monotone: bool, penalized: bool = False
    ) -> None:
        self.tol = tol
        self.learning_rate = learning_rate
        self.monotone = monotone
        self.quantity = "J (log-loss + penalty)" if penalized else "the log-loss"
        self.start = np.nan  # J_0
        self.best, self.best_epoch = np.inf, 0  # the lowest J so far and its epoch
        self.highest = -np.inf  # the highest J so far
        self.above = 0  # the run of epochs at or above J_0 ending there

    def check(self, first: int, J: np.ndarray, finite: np.ndarray, grad_norm: np.ndarray) -> Stop | None:
        """The stop at the first epoch of first, first+1, … that diverged or converged, else None.

        J, finite (θ is finite) and grad_norm hold one value per epoch of the block.
        """
        k = J.size
        if first == 0:
            self.start = float(J[0])
        bad = ~(finite & np.isfinite(J))
        J_safe = np.where(bad, np.inf, J)
        best = np.minimum.accumulate(np.concatenate([[self.best], J_safe]))
        before = best[:-1]  # the lowest J before each epoch
        exploded = J_safe > before + EXPLODED * np.maximum(1.0, before)
        # above J_0 beyond rounding; epoch 0 is the start itself
        above = (J_safe > self.start + 1e-12 * max(1.0, abs(self.start))) & (np.arange(first, first + k) > 0)
        above_runs = _runs(above, self.above)
        stuck = above_runs >= STUCK
        converged = grad_norm <= self.tol
        events = np.flatnonzero(bad | exploded | stuck | converged)
        if events.size == 0:
            self.above = int(above_runs[-1])
            self.highest = max(self.highest, float(np.max(J_safe)))
            if best[-1] < self.best:
                self.best, self.best_epoch = float(best[-1]), first + int(np.argmin(J))
            return None
        j = int(events[0])
        epoch = first + j
        if bad[j]:
            return self.diverged(epoch - 1, f"the loss stopped being a finite number at epoch {epoch}")
        if exploded[j]:
            J_best = before[j]
            e_best = self.best_epoch if J_best >= self.best else first + int(np.argmin(J_safe[:j]))
            return self.diverged(epoch, self.rose(J_best, J[j], epoch - e_best))
        if stuck[j]:
            highest = max(self.highest, float(np.max(J_safe[: j + 1])))
            return self.diverged(
                epoch,
                f"after {STUCK} epochs {self.quantity} is still above its start, {loss(self.start)} "
                f"(it reached {loss(highest)})",
            )
        return self.converged(epoch, grad_norm[j])

    def rose(self, J_best: float, J: float, epochs: int) -> str:
        """Why a run diverged: how far J rose, in how many epochs."""
        return f"{self.quantity} rose from {loss(J_best)} to {loss(J)} in {epochs} epoch{'s' * (epochs != 1)}"

    def converged(self, epoch: int, grad_norm: float) -> Stop:
        """Converged: the gradient norm is within the tolerance."""
        return Stop(
            epoch,
            CONVERGED,
            f"converged at epoch {epoch}: the gradient norm {scientific(grad_norm)} is within "
            f"the tolerance {number(self.tol)}",
        )

    def stalled(self, epoch: int, grad_norm: float) -> Stop:
        """Converged to machine precision: no Newton step lowers J any more."""
        return Stop(
            epoch,
            CONVERGED,
            f"stopped at epoch {epoch}: no Newton step lowers the loss any more "
            f"(gradient norm {scientific(grad_norm)}), the optimum to machine precision",
        )

    def diverged(self, keep: int, why: str) -> Stop:
        """Diverged, keeping epochs 0..keep (all finite); the advice names what to change."""
        keep = max(keep, 0)
        if self.learning_rate is None:
            return Stop(keep, DIVERGED, f"Newton's method diverged: {why}; add an L2 penalty (α > 0)")
        suggested = float(f"{self.learning_rate / 10:.2g}")  # a round number, ten times smaller
        return Stop(
            keep,
            DIVERGED,
            f"learning rate {number(self.learning_rate)} is too large: {why}; {suggestion(suggested)}",
            suggested,
        )

    def rises(self, J: np.ndarray) -> tuple[int, int]:
        """How many of the last (up to STUCK) epochs raised J beyond rounding, and out of how many."""
        recent = J[-min(STUCK, J.size - 1) - 1 :]
        ups = np.diff(recent) > 1e-12 * np.maximum(1.0, np.abs(recent[:-1]))
        return int(np.count_nonzero(ups)), recent.size - 1

    def unsettled(self, J: np.ndarray) -> bool:
        """Whether a monotone method (gradient descent) keeps raising J: its step is too large to
        settle, though J stays bounded (J: the objective per epoch so far)."""
        if not self.monotone or J.size <= 10:
            return False
        ups, of = self.rises(J)
        return ups >= SETTLE * of

    def running(self, epoch: int, grad_norm: float, J: np.ndarray | None = None) -> str:
        """The sentence of a run that has neither converged nor diverged yet (J: its objective per
        epoch, to tell a monotone method that has not settled)."""
        if not epoch:
            return NOT_TRAINED
        if J is not None and self.unsettled(J):
            ups, of = self.rises(J)
            return (
                f"ran {epoch} epochs without settling: {self.quantity} rose in {ups} of the last {of}; "
                "the step is too large to settle, a smaller learning rate would"
            )
        done = (
            f"ran {epoch} epochs; the gradient norm is {scientific(grad_norm)} (tolerance {number(self.tol)})"
        )
        if J is None:
            return done
        if self.falling(J):  # a larger step is the Playground's to suggest: it tries one first
            return f"{done}: {self.quantity} still falls, more epochs would go further"
        ups, of = self.rises(J)
        now, lowest = loss(J[-1]), loss(np.min(J))
        where = f"hovers at {now}" if now == lowest else f"ends at {now}, above its lowest, {lowest}"
        return f"{done}: {self.quantity} rose in {ups} of the last {of} epochs and {where}"

    @staticmethod
    def falling(J: np.ndarray) -> bool:
        """Whether the last epoch set a new lowest J: the run is still going down."""
        return J.size < 2 or bool(J[-1] < np.min(J[:-1]))


def _runs(flags: np.ndarray, carried: int) -> np.ndarray:
    """The length of the run of True ending at each position, continuing a run of `carried`."""
    i = np.arange(flags.size)
    last_false = np.maximum.accumulate(np.where(flags, -1, i))
    return np.where(last_false < 0, i + 1 + carried, i - last_false)
