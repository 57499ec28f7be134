"""A step-wise trainer: advance any number of epochs, keep every epoch's model and scores.

Row e of the history is the model after e epochs (row 0 is the start, w = 0 and b = 0), so a
player can show any epoch exactly as it was. The run stops by itself when it converges (the
gradient norm falls to `tol`) or diverges (the loss explodes, climbs epoch after epoch, or stops
being finite); the status comes with one sentence a person can act on.

Why the loop is split in two: the update is inherently sequential, but scoring the models is not.
The loop does only what the next step needs (z, r, g, the update); the losses and accuracies of a
block of epochs are then computed together with one matrix-matrix product Z = X₁·Θᵀ. Recording
everything this way costs less than the seed's loop, which records nothing.
"""

import math
from dataclasses import dataclass

import numpy as np

from ._validation import check_binary01, check_labels, check_number, check_random_state, check_X
from .functional import bce_rows, residual
from .optimizers import Newton, make_optimizer
from .penalties import Penalty, make_penalty

RUNNING, CONVERGED, DIVERGED = "running", "converged", "diverged"
_BLOCK_CELLS = 1 << 23  # n × k cells scored at once (64 MiB of float64): bounds memory at any n
_RISES = 5  # plain GD whose objective rises this many epochs running has too large a step


@dataclass(frozen=True)
class History:
    """Per-epoch record of a run; every array has one row per epoch 0..n_epochs."""

    w: np.ndarray  # (E+1, d) weights
    b: np.ndarray  # (E+1,) intercepts
    train_loss: np.ndarray  # mean BCE on the training set
    objective: np.ndarray  # train_loss + R(w): what the optimizer minimises
    grad_norm: np.ndarray  # ‖∇J(w, b)‖ (with L1, the smallest subgradient): 0 at the optimum
    train_acc: np.ndarray
    test_loss: np.ndarray | None = None
    test_acc: np.ndarray | None = None

    @property
    def n_epochs(self) -> int:
        """The number of epochs run: the last row's index."""
        return self.b.shape[0] - 1


def _ones_transposed(X: np.ndarray, fit_intercept: bool) -> np.ndarray:
    """X₁ᵀ, (d+1, n), for X₁ = [X | 1]: z = θX₁ᵀ with θ = (w, b) is one product, not two.

    Stored transposed so both z = θX₁ᵀ and X₁ᵀr read memory in order: the fastest layout for
    the two products an epoch cannot avoid. Built in one copy.
    """
    n, d = X.shape
    XT = np.empty((d + fit_intercept, n))
    XT[:d] = X.T
    if fit_intercept:
        XT[d] = 1.0
    return XT


def _fmt(x: float) -> str:
    """A number as a person would write it: 500, 20.5, 0.5, 1e-05."""
    return f"{x:g}"


class Trainer:
    """Logistic regression trained epoch by epoch on X (n, d) and y (n,) in {0, 1}.

    Minimises J(w, b) = (1/n) Σ [log(1 + e^(z_i)) − y_i z_i] + R(w), z = Xw + b, with the named
    optimizer and penalty. `X_test`, `y_test` (optional) are scored every epoch but never trained on.
    `warm_start=(w, b)` starts from those weights instead of zeros.
    """

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        penalty: str | None = "l2",
        alpha: float = 0.0,
        optimizer: str = "gd",
        learning_rate: float = 0.1,
        batch_size: int | None = None,
        tol: float = 1e-6,
        fit_intercept: bool = True,
        random_state: int | None = None,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        warm_start: tuple[np.ndarray, float] | None = None,
    ) -> None:
        X = check_X(X)
        y = check_binary01(check_labels(y, X.shape[0]))
        self.penalty: Penalty = make_penalty(penalty, alpha)
        self.learning_rate = check_number(learning_rate, "learning_rate", low=0, low_open=True)
        self.tol = check_number(tol, "tol", low=0)
        self.optimizer = make_optimizer(optimizer, self.learning_rate)
        if isinstance(self.optimizer, Newton):
            if not self.penalty.smooth:
                raise ValueError(
                    "optimizer 'newton' needs a smooth objective and the L1 penalty has no "
                    "Hessian; use penalty 'l2' or 'none', or a gradient optimizer with L1"
                )
            if batch_size is not None:
                raise ValueError(f"optimizer 'newton' uses every sample; got batch_size={batch_size}")
        if batch_size is None:
            batch_size = self.optimizer.default_batch_size
        if batch_size is not None:
            batch_size = check_number(batch_size, "batch_size", low=1, integer=True)
        self.batch_size = None if batch_size is None or batch_size >= X.shape[0] else batch_size
        if not isinstance(fit_intercept, bool | np.bool_):
            raise TypeError(f"fit_intercept must be True or False, got {fit_intercept!r}")
        self.fit_intercept = bool(fit_intercept)
        self.rng = np.random.default_rng(check_random_state(random_state))

        n, d = X.shape
        self.n_features = d
        self._XT = _ones_transposed(X, self.fit_intercept)
        self._y = y
        self._y_half = 0.5 - y  # σ(z) − y = ½·tanh(z/2) + (½ − y)
        self._y_pos = y == 1.0
        self._mask = np.ones(self._XT.shape[0])  # 1 on w, 0 on b: the intercept is never penalised
        if self.fit_intercept:
            self._mask[-1] = 0.0
        self._test = None
        if (X_test is None) != (y_test is None):
            raise ValueError("X_test and y_test go together: give both or neither")
        if X_test is not None and len(X_test) > 0:
            Xt = check_X(X_test, name="X_test")
            if Xt.shape[1] != d:
                raise ValueError(f"X_test has {Xt.shape[1]} features but X has {d}")
            yt = check_labels(y_test, Xt.shape[0], name="y_test")
            yt = np.asarray(yt, dtype=np.float64)
            if not np.isin(yt, (0.0, 1.0)).all():
                raise ValueError("y_test must hold the labels 0 and 1")
            self._test = (_ones_transposed(Xt, self.fit_intercept), yt, yt == 1.0)

        self.theta = np.zeros(self._XT.shape[0])  # θ = (w, b), starting at 0: p = ½ everywhere
        if warm_start is not None:  # continue from given weights (the seed's train() does)
            w0, b0 = warm_start
            self.theta[:d] = np.asarray(w0, dtype=np.float64).reshape(d)
            if self.fit_intercept:
                self.theta[-1] = float(b0)
        self.epoch = 0
        self.status = RUNNING
        self.message = "not trained yet"
        self.suggested_learning_rate: float | None = None
        self._block = int(max(1, min(256, _BLOCK_CELLS // n)))
        self._alloc(256)
        self._theta[0] = self.theta
        self._scored = 0  # rows 0.._scored-1 have losses and accuracies
        self._best = (np.inf, 0)  # lowest objective so far and its epoch
        self._rises = 0
        self._score(0, 0)
        if self.status == RUNNING and self._gn[0] <= self.tol:
            self._converged(0)

    # -- storage ---------------------------------------------------------------------------------
    def _alloc(self, rows: int) -> None:
        """Grow the per-epoch arrays to `rows` rows (doubling, so appends stay amortised O(1))."""
        k = self._XT.shape[0]
        old = getattr(self, "_theta", None)
        names = ("_loss", "_obj", "_gn", "_acc", "_tloss", "_tacc")
        new = {m: np.full(rows, np.nan) for m in names}
        theta = np.zeros((rows, k))
        if old is not None:
            m = old.shape[0]
            theta[:m] = old
            for name in names:
                new[name][:m] = getattr(self, name)
        self._theta = theta
        for name in names:
            setattr(self, name, new[name])

    @property
    def history(self) -> History:
        """The record of epochs 0..epoch (views, not copies: treat them as read-only)."""
        E = self.epoch + 1
        W = self._theta[:E]
        d = self.n_features
        has_test = self._test is not None
        return History(
            w=W[:, :d],
            b=W[:, d] if self.fit_intercept else np.zeros(E),
            train_loss=self._loss[:E],
            objective=self._obj[:E],
            grad_norm=self._gn[:E],
            train_acc=self._acc[:E],
            test_loss=self._tloss[:E] if has_test else None,
            test_acc=self._tacc[:E] if has_test else None,
        )

    @property
    def w(self) -> np.ndarray:
        """The current weights."""
        return self.theta[: self.n_features].copy()

    @property
    def b(self) -> float:
        """The current intercept."""
        return float(self.theta[-1]) if self.fit_intercept else 0.0

    # -- training ----------------------------------------------------------------------------------
    def step(self) -> "Trainer":
        """Advance one epoch (or nothing, once the run has converged or diverged)."""
        return self.run(1)

    def run(self, epochs: int) -> "Trainer":
        """Advance up to `epochs` epochs; stops early on convergence or divergence. Returns self."""
        epochs = check_number(epochs, "epochs", low=1, integer=True)
        target = self.epoch + epochs
        if target + 1 > self._theta.shape[0]:
            self._alloc(max(target + 1, 2 * self._theta.shape[0]))
        while self.status == RUNNING and self.epoch < target:
            first = self.epoch
            k = min(self._block, target - first)
            stalled, Z = False, None
            with np.errstate(all="ignore"):  # a diverging run may overflow; _score judges it
                if isinstance(self.optimizer, Newton):
                    stalled, Z = self._newton_block(k, final=first + k >= target)
                elif self.batch_size is None:
                    Z = self._full_batch_block(k, final=first + k >= target)
                else:
                    self._minibatch_block(k)
            if Z is None:  # score every epoch not yet scored, with fresh logits
                self._score(self._scored, self.epoch)
            else:  # the loop's own logits cover epochs first..first+len(Z)−1
                self._score(self._scored, first + len(Z) - 1, Z[self._scored - first :])
            if self.status == RUNNING and self._gn[self.epoch] <= self.tol:
                self._converged(self.epoch)
            elif self.status == RUNNING and stalled:
                self._stop(self.epoch, CONVERGED)
                self.message = (
                    f"stopped at epoch {self.epoch}: no Newton step lowers the loss any more "
                    f"(gradient norm {self._gn[self.epoch]:.1e}), the optimum to machine precision"
                )
        if self.status == RUNNING:
            self._set_running_message()
        self._Z = self._r = self._A = None  # scratch space: not kept (nor pickled) between runs
        return self

    def _smooth_grad(
        self,
        XT: np.ndarray,
        y_half: np.ndarray,
        z: np.ndarray,
        r: np.ndarray,
        c: np.ndarray | None = None,
    ) -> np.ndarray:
        """g = X₁ᵀ(p − y)/n + ∇R(w) for a smooth R; with L1 only the data term (the prox does R).

        z and r are scratch arrays of length n, written in place: at a million rows, reusing them
        instead of allocating 8 MB twice an epoch saves the page faults. z keeps the logits.
        With c = X₁ᵀ(½ − y)/n precomputed (full batch), p − y = ½·tanh(z/2) + (½ − y) splits into
        g = ½·X₁ᵀtanh(z/2)/n + c: two passes over z (halve, tanh) instead of four.
        """
        n = y_half.size
        np.matmul(self.theta, XT, out=z)  # z = X₁θ
        if c is None:
            g = XT @ residual(z, y_half, out=r)  # X₁ᵀ(p − y)
            g /= n
        else:
            np.multiply(z, 0.5, out=r)
            g = XT @ np.tanh(r, out=r)  # X₁ᵀ tanh(z/2)
            g *= 0.5 / n
            g += c
        if self.penalty.smooth and self.penalty.alpha > 0:
            g += self.penalty.grad(self.theta) * self._mask
        return g

    def _apply(self, g: np.ndarray) -> None:
        """One optimizer step, then the proximal step of a non-smooth penalty on w."""
        eta = self.optimizer.step(self.theta, g)
        if not self.penalty.smooth and self.penalty.alpha > 0:
            w = self.theta[: self.n_features]
            self.penalty.prox(w, eta if np.ndim(eta) == 0 else eta[: self.n_features])

    def _full_batch_block(self, k: int, final: bool) -> np.ndarray:
        """Up to k full-batch epochs; returns the logits it computed, one row per epoch from the first.

        Those rows are reused to score the epochs. Mid-run the last epoch is left for the next
        block, which computes its logits anyway; the `final` block evaluates it without stepping.
        """
        self._scratch()
        if getattr(self, "_c", None) is None:
            self._c = self._XT @ self._y_half / self._XT.shape[1]  # X₁ᵀ(½ − y)/n
        tol2 = self.tol * self.tol
        for i in range(k + final):
            e = self.epoch
            g = g_smooth = self._smooth_grad(self._XT, self._y_half, self._Z[i], self._r, self._c)
            if not self.penalty.smooth:
                g = self._optimality(self.theta[:, None], g[:, None])[:, 0]
            gg = float(g @ g)
            self._gn[e] = math.sqrt(gg)
            if gg <= tol2 or i == k:  # θ_e is optimal to tolerance, or the run's last epoch
                return self._Z[: i + 1]
            self._apply(g_smooth)
            self.epoch = e + 1
            self._theta[e + 1] = self.theta
        return self._Z[:k]

    def _minibatch_block(self, k: int) -> None:
        """k epochs of mini-batch steps, each epoch over a fresh shuffle of the training set."""
        n, B = self._XT.shape[1], self.batch_size
        z, r = np.empty(B), np.empty(B)
        for _ in range(k):
            order = self.rng.permutation(n)
            for s in range(0, n, B):
                idx = order[s : s + B]
                m = idx.size
                self._apply(self._smooth_grad(self._XT[:, idx], self._y_half[idx], z[:m], r[:m]))
            self.epoch += 1
            self._theta[self.epoch] = self.theta

    def _optimality(self, Theta: np.ndarray, G: np.ndarray) -> np.ndarray:
        """∇J for each column of G (the smooth part's gradient at the columns of Θ, (d+1, m)).

        With a smooth penalty G already holds ∇R; with L1 the w rows become the smallest
        subgradient, which is zero exactly at the optimum. b's row is never penalised.
        """
        if self.penalty.smooth or self.penalty.alpha == 0:
            return G
        d = self.n_features
        out = G.copy()
        out[:d] = self.penalty.min_norm_subgradient(Theta[:d], G[:d])
        return out

    def _newton_block(self, k: int, final: bool) -> tuple[bool, np.ndarray]:
        """Up to k Newton iterations with Armijo backtracking.

        Returns whether no step helps any more, and the logits it computed, one row per epoch from
        the first, which score the epochs (as in _full_batch_block). The accepted step's logits
        and objective, computed by the line search, start the next iteration.
        """
        XT, n = self._XT, self._XT.shape[1]
        alpha_I = np.diag(self.penalty.curvature() * self._mask)  # ∇²R: α·I on w for L2, 0 on b
        Z = self._scratch()
        XS = np.empty_like(XT)  # X₁ᵀS^½, rewritten every iteration
        J = self._objective(self.theta, out=Z[0])
        for i in range(k + final):
            e = self.epoch
            z = Z[i]  # the logits of θ_e
            self._loss[e] = J - float(self.penalty.value(self.theta * self._mask))  # scored already
            t = np.tanh(0.5 * z)  # tanh(z/2)
            r = 0.5 * t + self._y_half  # p − y
            g = XT @ r / n + alpha_I @ self.theta  # ∇J
            gn = float(np.sqrt(g @ g))
            self._gn[e] = gn
            if gn <= self.tol or i == k:
                return False, Z[: i + 1]
            t *= t
            np.subtract(1.0, t, out=t)
            np.sqrt(t, out=t)
            t *= 0.5  # √(p(1 − p)) = ½·√(1 − tanh²(z/2))
            XS = np.multiply(XT, t, out=XS)  # X₁ᵀS^½
            H = XS @ XS.T / n + alpha_I  # X₁ᵀSX₁/n + α·I_w; A·Aᵀ is symmetric: BLAS does half
            delta = Newton.direction(g, H)
            slope = float(g @ delta)  # the objective's decrease rate along −Δ
            step = 1.0
            for _ in range(40):
                candidate = self.theta - step * delta
                J_new = self._objective(candidate, out=Z[i + 1])
                # Armijo; or a decrease below J's rounding, where the full step is taken as is
                if J_new <= J - 1e-4 * step * slope or slope <= 1e-13 * max(1.0, abs(J)):
                    break
                step *= 0.5
            else:  # no step decreases J: the optimum to machine precision
                return True, Z[: i + 1]
            self.theta, J = candidate, J_new
            self.epoch = e + 1
            self._theta[e + 1] = self.theta
        return False, Z[:k]

    def _scratch(self) -> np.ndarray:
        """Rows for the logits of one block of epochs (and the residual's buffer), reused per run."""
        n = self._XT.shape[1]
        if getattr(self, "_Z", None) is None or self._Z.shape[0] < self._block + 1:
            self._Z, self._r = np.empty((self._block + 1, n)), np.empty(n)
            self._A = np.empty_like(self._Z)  # bce_rows' work space
        return self._Z

    def _objective(self, theta: np.ndarray, out: np.ndarray | None = None) -> float:
        """J(θ); the logits z = X₁θ are left in `out` when given."""
        z = np.matmul(theta, self._XT, out=out)
        return float(bce_rows(z, self._y)) + float(self.penalty.value(theta * self._mask))

    # -- scoring and stopping --------------------------------------------------------------------
    def _score(self, first: int, last: int, Z: np.ndarray | None = None) -> None:
        """Losses, accuracies and missing gradient norms of epochs first..last, in one block.

        Z (k, n) holds their logits when the training loop already computed them.
        """
        lo = first
        if lo > last:
            return
        Th = self._theta[lo : last + 1]  # (k, d+1)
        finite = np.isfinite(Th).all(axis=1)
        Th = np.where(finite[:, None], Th, 0.0)  # scored as zeros, then discarded below
        W = Th * self._mask
        if Z is None or not finite.all():
            Z = Th @ self._XT  # (k, n): every epoch's logits in one product
        n = Z.shape[1]
        todo = np.isnan(self._loss[lo : last + 1])  # Newton's line search scored its epochs already
        if todo.all():
            A = self._A[: len(Z)] if getattr(self, "_A", None) is not None and Z.base is self._Z else None
            self._loss[lo : last + 1] = bce_rows(Z, self._y, out=A)
        elif todo.any():
            self._loss[lo + np.flatnonzero(todo)] = bce_rows(Z[todo], self._y)
        self._obj[lo : last + 1] = self._loss[lo : last + 1] + self.penalty.value(W)
        self._acc[lo : last + 1] = np.count_nonzero((Z > 0) == self._y_pos, axis=1) / n
        missing = np.flatnonzero(np.isnan(self._gn[lo : last + 1]))
        if missing.size:  # gradients the loop did not compute (mini-batches)
            R = residual(Z[missing], self._y_half)  # p − y, (m, n)
            G = self._XT @ R.T / n  # (d+1, m): X₁ᵀ(p − y)/n for each epoch
            if self.penalty.smooth:
                G += self.penalty.grad(W[missing].T)
            G = self._optimality(Th[missing].T, G)
            self._gn[lo + missing] = np.sqrt((G * G).sum(axis=0))
        if self._test is not None:
            XtT, yt, yt_pos = self._test
            Zt = Th @ XtT
            self._tloss[lo : last + 1] = bce_rows(Zt, yt)
            self._tacc[lo : last + 1] = np.count_nonzero((Zt > 0) == yt_pos, axis=1) / yt.size
        self._scored = last + 1
        self._judge(lo, last, finite)

    def _judge(self, lo: int, last: int, finite: np.ndarray) -> None:
        """Stop at the first epoch in lo..last that diverged or converged (checked as arrays)."""
        J = self._obj[lo : last + 1]
        k = J.size
        bad = ~(finite & np.isfinite(J))
        J_safe = np.where(bad, np.inf, J)
        best = np.minimum.accumulate(np.concatenate([[self._best[0]], J_safe]))
        before = best[:-1]  # the lowest objective before each epoch
        exploded = J_safe > before + np.maximum(1.0, before)
        previous = np.concatenate([[self._obj[lo - 1] if lo else np.inf], J_safe[:-1]])
        rise = J_safe > previous + 1e-12 * np.maximum(1.0, np.abs(previous))  # not rounding noise
        # length of the run of rises ending at each epoch, carrying the previous block's run
        i = np.arange(k)
        last_flat = np.maximum.accumulate(np.where(rise, -1, i))
        rises = np.where(last_flat < 0, i + 1 + self._rises, i - last_flat)
        plain_gd = type(self.optimizer).__name__ == "GD" and self.batch_size is None
        climbing = rises >= _RISES if plain_gd else np.zeros(k, dtype=bool)
        converged = self._gn[lo : last + 1] <= self.tol
        events = np.flatnonzero(bad | exploded | climbing | converged)
        if events.size == 0:
            self._rises = int(rises[-1])
            self._best = self._best if best[-1] >= self._best[0] else (best[-1], lo + int(np.argmin(J)))
            return None
        j = int(events[0])
        e = lo + j
        if bad[j]:
            return self._diverged(e - 1, f"the loss stopped being a finite number at epoch {e}")
        if exploded[j] or climbing[j]:
            J_best = before[j]
            e_best = self._best[1] if J_best >= self._best[0] else lo + int(np.argmin(J_safe[:j]))
            return self._diverged(e, self._rose(J_best, J[j], e - e_best))
        return self._converged(e)

    def _converged(self, e: int) -> None:
        self._stop(e, CONVERGED)
        self.message = (
            f"converged at epoch {e}: the gradient norm {self._gn[e]:.1e} is within "
            f"the tolerance {self.tol:g}"
        )

    def _rose(self, J_best: float, J: float, epochs: int) -> str:
        return f"the loss rose from {J_best:.2f} to {J:.2f} in {epochs} epoch{'s' * (epochs != 1)}"

    def _diverged(self, keep: int, why: str) -> None:
        """Stop with status 'diverged'; keep epochs 0..keep, all finite."""
        self._stop(max(keep, 0), DIVERGED)
        if isinstance(self.optimizer, Newton):
            self.message = f"Newton's method diverged: {why}; add an L2 penalty (α > 0)"
            return
        lr = self.learning_rate
        self.suggested_learning_rate = float(f"{lr / 10:.2g}")  # a round number, ten times smaller
        self.message = (
            f"learning rate {_fmt(lr)} is too large: {why}; try {_fmt(self.suggested_learning_rate)} or lower"
        )

    def _stop(self, e: int, status: str) -> None:
        self.status = status
        self.epoch = e
        self._scored = e + 1
        self.theta = self._theta[e].copy()

    def _set_running_message(self) -> None:
        gn = self._gn[self.epoch]
        more = (
            "more epochs" if isinstance(self.optimizer, Newton) else "more epochs or a larger learning rate"
        )
        self.message = (
            f"ran {self.epoch} epochs; the gradient norm is {gn:.1e} (tolerance {self.tol:g}): "
            f"{more} would go further"
            if self.epoch
            else "not trained yet"
        )
