"""When a run stops, and the sentence that says why: the stopping rules and every stop message.

Checked at every epoch, the first that applies stops the run:

- not finite: J or θ stopped being a finite number: diverged, keeping the epoch before;
- exploded: J > J_best + max(1, J_best), J_best the lowest J so far: diverged;
- climbing (monotone optimizers on full batches, i.e. gradient descent): J rose RISES epochs
  running, each rise above rounding noise: the step is too large, diverged;
- converged: ‖∇J‖ ≤ tol (with L1, the smallest subgradient's norm);
- stalled (Newton): no step lowers J any more: the optimum to machine precision, converged.

The rules run on a block of epochs at once, as array operations, and carry what they need
(the lowest J and its epoch, the current run of rises) from block to block.
"""

from dataclasses import dataclass

import numpy as np

RUNNING, CONVERGED, DIVERGED = "running", "converged", "diverged"
RISES = 5  # full-batch gradient descent whose J rises this many epochs running has too large a step
NOT_TRAINED = "not trained yet"


def number(x: float) -> str:
    """A number as a person would write it: 500, 20.5, 0.5, 1e-05."""
    return f"{x:g}"


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
    monotone: whether a run of rises means too large a step (see the module docstring).
    """

    def __init__(self, *, tol: float, learning_rate: float | None, monotone: bool) -> None:
        self.tol = tol
        self.learning_rate = learning_rate
        self.monotone = monotone
        self.best, self.best_epoch = np.inf, 0  # the lowest J so far and its epoch
        self.previous = np.inf  # J of the last epoch checked
        self.rises = 0  # the run of rises ending there

    def check(self, first: int, J: np.ndarray, finite: np.ndarray, grad_norm: np.ndarray) -> Stop | None:
        """The stop at the first epoch of first, first+1, … that diverged or converged, else None.

        J, finite (θ is finite) and grad_norm hold one value per epoch of the block.
        """
        k = J.size
        bad = ~(finite & np.isfinite(J))
        J_safe = np.where(bad, np.inf, J)
        best = np.minimum.accumulate(np.concatenate([[self.best], J_safe]))
        before = best[:-1]  # the lowest J before each epoch
        exploded = J_safe > before + np.maximum(1.0, before)
        previous = np.concatenate([[self.previous], J_safe[:-1]])
        rise = J_safe > previous + 1e-12 * np.maximum(1.0, np.abs(previous))  # not rounding noise
        # the length of the run of rises ending at each epoch, carrying the previous block's run
        i = np.arange(k)
        last_flat = np.maximum.accumulate(np.where(rise, -1, i))
        rises = np.where(last_flat < 0, i + 1 + self.rises, i - last_flat)
        climbing = rises >= RISES if self.monotone else np.zeros(k, dtype=bool)
        converged = grad_norm <= self.tol
        events = np.flatnonzero(bad | exploded | climbing | converged)
        if events.size == 0:
            self.rises, self.previous = int(rises[-1]), float(J_safe[-1])
            if best[-1] < self.best:
                self.best, self.best_epoch = float(best[-1]), first + int(np.argmin(J))
            return None
        j = int(events[0])
        epoch = first + j
        if bad[j]:
            return self.diverged(epoch - 1, f"the loss stopped being a finite number at epoch {epoch}")
        if exploded[j] or climbing[j]:
            J_best = before[j]
            e_best = self.best_epoch if J_best >= self.best else first + int(np.argmin(J_safe[:j]))
            return self.diverged(epoch, rose(J_best, J[j], epoch - e_best))
        return self.converged(epoch, grad_norm[j])

    def converged(self, epoch: int, grad_norm: float) -> Stop:
        """Converged: the gradient norm is within the tolerance."""
        return Stop(
            epoch,
            CONVERGED,
            f"converged at epoch {epoch}: the gradient norm {grad_norm:.1e} is within "
            f"the tolerance {number(self.tol)}",
        )

    def stalled(self, epoch: int, grad_norm: float) -> Stop:
        """Converged to machine precision: no Newton step lowers J any more."""
        return Stop(
            epoch,
            CONVERGED,
            f"stopped at epoch {epoch}: no Newton step lowers the loss any more "
            f"(gradient norm {grad_norm:.1e}), the optimum to machine precision",
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
            f"learning rate {number(self.learning_rate)} is too large: {why}; "
            f"try {number(suggested)} or lower",
            suggested,
        )

    def running(self, epoch: int, grad_norm: float) -> str:
        """The sentence of a run that has neither converged nor diverged yet."""
        if not epoch:
            return NOT_TRAINED
        more = "more epochs" if self.learning_rate is None else "more epochs or a larger learning rate"
        return (
            f"ran {epoch} epochs; the gradient norm is {grad_norm:.1e} (tolerance {number(self.tol)}): "
            f"{more} would go further"
        )


def rose(J_best: float, J: float, epochs: int) -> str:
    """Why a run diverged: how far the loss rose, in how many epochs."""
    return f"the loss rose from {J_best:.2f} to {J:.2f} in {epochs} epoch{'s' * (epochs != 1)}"
