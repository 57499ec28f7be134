"""The one objective every part of lr minimises, with its gradient and Hessian: each formula once.

Over θ = (w, b), the intercept last (absent when fit_intercept=False), and X₁ = [X | 1]:

    J(θ) = (1/n) Σ_i ℓ(z_i, y_i) + R(w),   z = X₁θ,   ℓ(z, y) = log(1 + e^z) − y·z
    ∇J   = X₁ᵀ(p − y)/n + ∇R(w),            p = σ(z)
    ∇²J  = X₁ᵀSX₁/n + ∇²R(w),               S = diag(p(1 − p))

R acts on w only: the intercept is never penalised. This is scikit-learn's LogisticRegression
objective with C = 1/(n·α), and the layout of its LinearModelLoss. The optimizers, the trainer's
scoring, the gradient check and the estimator all call this class.

Written for speed, because the fast paths are the implementation: X₁ᵀ is stored transposed,
(d+1, n), so both z = θX₁ᵀ and X₁ᵀr read memory in order; scratch arrays of length n are reused
(at 10^6 rows a fresh 8 MB array costs about 1 ms of page faults).
"""

import numpy as np

from ._validation import check_binary01, check_labels, check_X
from .functional import bce_from_logits, residual, sqrt_curvature
from .penalties import Penalty, make_penalty

_HESSIAN_BLOCK = 16384  # samples per block of the Hessian: X₁ᵀS^½ of a block fits in the CPU's cache
# up to this many parameters λ_max(X₁ᵀX₁) comes exactly from the (d+1)² Gram matrix, which costs
# about (d+1)/2 epochs; beyond, power iteration costs one epoch per iteration
_GRAM_PARAMS = 128


class Objective:
    """J(θ) = (1/n) Σ ℓ(z_i, y_i) + R(w) on data X (n, d), labels y (n,) in {0, 1}.

    With a non-smooth penalty (L1), J = f + h splits into a smooth part f (the data term) and
    h = α‖w‖₁: `gradient` is ∇f, and h enters through `prox`, its proximal step.
    """

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        penalty: str | None = "none",
        alpha: float = 0.0,
        fit_intercept: bool = True,
    ) -> None:
        X = check_X(X)
        y = check_binary01(check_labels(y, X.shape[0]), both_classes=False)
        if not isinstance(fit_intercept, bool | np.bool_):
            raise TypeError(f"fit_intercept must be True or False, got {fit_intercept!r}")
        self.n, self.n_features = X.shape
        self.fit_intercept = bool(fit_intercept)
        self.penalty: Penalty = make_penalty(penalty, alpha)
        self.y = y
        self.y_half = 0.5 - y  # σ(z) − y = ½·tanh(z/2) + (½ − y)
        self.XT = np.empty((self.n_features + self.fit_intercept, self.n))  # X₁ᵀ, built in one copy
        self.XT[: self.n_features] = X.T
        if self.fit_intercept:
            self.XT[-1] = 1.0
        # the gradient's constant part X₁ᵀ(½ − y)/n, so a full-batch gradient takes one tanh pass
        self._constant = self.XT @ self.y_half / self.n
        self._w_mask = np.ones(self.n_params)  # 1 on w, 0 on b: the intercept is never penalised
        self._w_mask[self.n_features :] = 0.0
        self._smooth_penalty = self.penalty.smooth and self.penalty.alpha > 0
        self._prox_penalty = not self.penalty.smooth and self.penalty.alpha > 0
        self._scratch()

    def _scratch(self) -> None:
        self._X1 = self.XT.T  # X₁ (n, d+1): a view of X₁ᵀ, made once (the gradient reads it every epoch)
        self._work = np.empty(self.n)  # tanh(z/2) of a full-batch gradient
        self._XS: np.ndarray | None = None  # X₁ᵀS^½ of a block of the Hessian, allocated on first use

    def __getstate__(self) -> dict:
        """Without the scratch arrays: a pickled objective (a cached run) carries only its data."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_X1", "_work", "_XS")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._scratch()

    @property
    def n_params(self) -> int:
        """The length of θ: d weights, and the intercept when fitted."""
        return self.XT.shape[0]

    # -- the loss --------------------------------------------------------------------------------
    def logits(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """z = X₁θ, computed as θX₁ᵀ; θ (p,) gives (n,), a stack Θ (k, p) gives (k, n)."""
        return np.matmul(theta, self.XT, out=out)

    def data_loss(self, z: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
        """(1/n) Σ ℓ(z_i, y_i) from the logits; one value per row of a block Z (k, n).

        `work`, shaped like z, is scratch space (overwritten), reused by the trainer; one model's
        loss (Newton's line search) uses the objective's own.
        """
        if work is None and z.ndim == 1:
            work = self._work
        return bce_from_logits(z, self.y, out=work)

    def penalty_value(self, theta: np.ndarray) -> np.ndarray:
        """R(w): the penalty of the weights, never of the intercept; one value per row of a stack."""
        return self.penalty.value(theta[..., : self.n_features])

    def loss(
        self, theta: np.ndarray, z: np.ndarray | None = None, data_loss: np.ndarray | None = None
    ) -> np.ndarray:
        """J(θ) = (1/n) Σ ℓ(z_i, y_i) + R(w): the objective value.

        z = X₁θ and the data term are computed unless given (the trainer's scorer has both).
        """
        if data_loss is None:
            data_loss = self.data_loss(self.logits(theta) if z is None else z)
        return data_loss + self.penalty_value(theta)

    def smooth_loss(self, theta: np.ndarray) -> np.ndarray:
        """f(θ), J without a non-smooth penalty (for L1 the data term alone): what `gradient` derives."""
        data_loss = self.data_loss(self.logits(theta))
        return data_loss if self._prox_penalty else data_loss + self.penalty_value(theta)

    # -- the gradient ------------------------------------------------------------------------------
    def data_gradient(self, z: np.ndarray) -> np.ndarray:
        """X₁ᵀ(p − y)/n from the logits z of every sample (one row of the result per row of z).

        p − y = ½·tanh(z/2) + (½ − y) splits the product: X₁ᵀ(p − y)/n = ½·X₁ᵀtanh(z/2)/n + X₁ᵀ(½ − y)/n,
        and the second term is a constant of the data, computed once. What is left is one pass of
        tanh over z and one product. The 1/n makes the step size independent of n.
        """
        tanh = np.multiply(z, 0.5, out=self._work if z.ndim == 1 else None)
        np.tanh(tanh, out=tanh)  # tanh(z/2) = 2p − 1, bounded: nothing overflows
        g = tanh @ self._X1  # X₁ᵀ tanh(z/2)
        g *= 0.5 / self.n
        g += self._constant
        return g

    def batch_gradient(self, theta: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """X_Bᵀ(p_B − y_B)/|B| on the samples `rows` only: a mini-batch's data gradient.

        The constant split of `data_gradient` would cost a product per batch, so here the residual
        p − y = ½·tanh(z/2) + (½ − y) is formed directly.
        """
        XT_batch = self.XT[:, rows]  # one copy, read twice
        z = theta @ XT_batch
        p_minus_y = residual(z, self.y_half[rows], out=z)  # in z's memory: z is not needed again
        g = XT_batch @ p_minus_y
        g /= rows.size
        return g

    def penalty_gradient(self, theta: np.ndarray) -> np.ndarray:
        """∇R(w) of a smooth penalty (α·w for L2), 0 on the intercept; 0 for L1, which acts by `prox`."""
        if not self._smooth_penalty:
            return np.zeros_like(theta)
        return self.penalty.grad(theta) * self._w_mask  # the mask takes b out: two passes over θ, not four

    def gradient(
        self,
        theta: np.ndarray,
        z: np.ndarray | None = None,
        *,
        rows: np.ndarray | None = None,
        trace: dict | None = None,
    ) -> np.ndarray:
        """g = ∇f(θ) = X₁ᵀ(p − y)/n + ∇R(w): the data part plus the penalty part.

        From the logits z = X₁θ of every sample when given (computed otherwise), or on the
        mini-batch `rows`. θ may be a stack (k, p) with z (k, n). `trace` records both parts.
        """
        if rows is not None:
            g = self.batch_gradient(theta, rows)
        else:
            g = self.data_gradient(self.logits(theta) if z is None else z)
        if trace is not None:
            trace["data_gradient"] = g.copy()
        if self._smooth_penalty or trace is not None:
            penalty_part = self.penalty_gradient(theta)
            g += penalty_part
            if trace is not None:
                trace["penalty_gradient"] = penalty_part
                trace["gradient"] = g.copy()
        return g

    def optimality(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The smallest element of ∂J(θ), given g = ∇f(θ): zero exactly at the optimum.

        g itself for a smooth J; with L1, each weight's smallest subgradient (the intercept's row
        is unpenalised). Its norm is the trainer's convergence test.
        """
        if not self._prox_penalty:
            return g
        d = self.n_features
        out = g.copy()
        out[..., :d] = self.penalty.min_norm_subgradient(theta[..., :d], g[..., :d])
        return out

    def prox(self, theta: np.ndarray, step: float | np.ndarray, trace: dict | None = None) -> np.ndarray:
        """w ← argmin_v R(v) + ‖v − w‖²/(2·step), in place: L1's soft threshold; nothing for a smooth R.

        `step` is the step size the optimizer just took (one per coordinate for Adam).
        """
        if not self._prox_penalty:
            return theta
        d = self.n_features
        w = theta[:d]
        if trace is not None:
            trace["w_before_prox"] = w.copy()
            trace["prox_step"] = step if np.ndim(step) == 0 else step[:d].copy()
        self.penalty.prox(w, step if np.ndim(step) == 0 else step[:d])
        if trace is not None:
            trace["w_after_prox"] = w.copy()
        return theta

    # -- the curvature ---------------------------------------------------------------------------
    def hessian(self, theta: np.ndarray, z: np.ndarray | None = None) -> np.ndarray:
        """H = X₁ᵀSX₁/n + ∇²R(w), S = diag(p(1 − p)), from the logits z = X₁θ when given.

        Formed as A·Aᵀ with A = X₁ᵀS^½: a product of a matrix with its own transpose, which BLAS
        computes as a symmetric rank-k update, half the work of X₁ᵀ(S·X₁); summed over blocks of
        samples, so each block of A is multiplied while it is in cache instead of written to memory
        and read back. ∇²R = α·I on w for L2.
        """
        z = self.logits(theta) if z is None else z
        sqrt_S = sqrt_curvature(z, out=self._work)  # √(p(1 − p)), the diagonal of S^½
        if self._XS is None:
            self._XS = np.empty((self.n_params, min(self.n, _HESSIAN_BLOCK)))
        H = np.zeros((self.n_params, self.n_params))
        for start in range(0, self.n, _HESSIAN_BLOCK):  # Σ over blocks of samples of A_B·A_Bᵀ
            stop = min(start + _HESSIAN_BLOCK, self.n)
            XS = np.multiply(self.XT[:, start:stop], sqrt_S[start:stop], out=self._XS[:, : stop - start])
            H += XS @ XS.T  # A_B = X₁ᵀS^½ of the block, still in cache for its product
        H /= self.n
        d = self.n_features
        H[range(d), range(d)] += self.penalty.curvature()
        return H

    def smoothness(self, *, per_sample: bool = False) -> float:
        """L, the Lipschitz constant of ∇f: ‖∇f(θ) − ∇f(θ′)‖ ≤ L·‖θ − θ′‖ for every θ, θ′.

            ∇²f = X₁ᵀSX₁/n + ∇²R ≼ X₁ᵀX₁/(4n) + αI,   so   L = λ_max(X₁ᵀX₁)/(4n) + α

        because every p(1 − p) ≤ ¼ (at p = ½), whatever θ is; α for L2, nothing for L1 (its h enters
        by the proximal step) or no penalty. By the descent lemma a gradient step with η ≤ 1/L lowers
        f: f(θ − ηg) ≤ f(θ) − η(1 − ηL/2)‖g‖², so gradient descent with η = 1/L never diverges.

        per_sample: the same bound for the gradient of any mini-batch, max_i ‖x₁ᵢ‖²/4 + α, since a
        batch's λ_max(X_BᵀX_B)/|B| is at most its largest ‖x₁ᵢ‖² (scikit-learn's SAG step size).
        """
        alpha = self.penalty.curvature()
        if per_sample:
            return float(np.einsum("ji,ji->i", self.XT, self.XT).max()) / 4 + alpha
        return self._max_eigenvalue_gram() / (4 * self.n) + alpha

    def _max_eigenvalue_gram(self) -> float:
        """λ_max(X₁ᵀX₁): exactly from the Gram matrix, or by power iteration when θ is long."""
        if self.n_params <= _GRAM_PARAMS:
            return float(np.linalg.eigvalsh(self.XT @ self.XT.T)[-1])
        # power iteration v ← X₁ᵀX₁v/‖·‖ from v ∝ (1, …, 1) + a fixed perturbation; the Rayleigh
        # quotient rises to λ_max. Stopped when it changes by < 10⁻⁶: gradient descent is stable
        # for η < 2/λ_max, so even an estimate within a factor 2 would not diverge.
        v = 1.0 + np.random.default_rng(0).random(self.n_params)
        v /= np.linalg.norm(v)
        estimate = 0.0
        for _ in range(500):
            u = self.XT @ (v @ self.XT)  # X₁ᵀX₁v, through X₁ᵀ only
            previous, estimate = estimate, float(v @ u)
            v = u / np.linalg.norm(u)
            if estimate - previous <= 1e-6 * estimate:
                break
        return estimate
