"""The one objective every part of lr minimises, with its gradient and Hessian: each formula once.

Over θ = (w, b), the intercept last (absent when fit_intercept=False), and X₁ = [X | 1]:

    J(θ) = (1/n) Σ_i ℓ(z_i, y_i) + R(w),   z = X₁θ,   ℓ(z, y) = log(1 + e^z) − y·z
    ∇J   = X₁ᵀ(p − y)/n + ∇R(w),            p = σ(z)
    ∇²J  = X₁ᵀSX₁/n + ∇²R(w),               S = diag(p(1 − p))

For K ≥ 3 classes (`SoftmaxObjective`, which `Objective` becomes when y holds three or more
classes) θ becomes Θ (K, d+1), one row (wₖ, bₖ) per class, Z = ΘX₁ᵀ (K, n), P = softmax over the
classes, Y the one-hot labels (K, n), and the same three lines read

    J(Θ) = (1/n) Σ_i [logsumexp(z_i) − z_{i,y_i}] + R(W)
    ∇J   = (P − Y)X₁/n + ∇R(W)                            (K, d+1): row k is X₁ᵀ(pₖ − yₖ)/n
    ∇²J  = Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x₁ᵢx₁ᵢᵀ / n + ∇²R   ((K(d+1))², θ flattened row by row)

R acts on w only: the intercept is never penalised. This is scikit-learn's LogisticRegression
objective with C = 1/(n·α), and the layout of its LinearModelLoss. The optimizers, the trainer's
scoring, the gradient check and the estimator all call this class.

Written for speed, because the fast paths are the implementation: X₁ᵀ is stored transposed,
(d+1, n), so both z = θX₁ᵀ and X₁ᵀr read memory in order; scratch arrays of length n are reused (a
fresh one costs page faults: benchmarks/README.md, Figures in the code).
"""

import numpy as np

from ._validation import check_binary01, check_class_codes, check_labels, check_X, count_classes
from .functional import bce_from_logits, residual, softmax_logsumexp, sqrt_curvature
from .penalties import Penalty, make_penalty

_HESSIAN_BLOCK = 16384  # samples per block of the Hessian: X₁ᵀS^½ of a block fits in the CPU's cache
# up to this many parameters λ_max(X₁ᵀX₁) comes exactly from the (d+1)² Gram matrix, which costs
# about (d+1)/2 epochs; beyond, power iteration costs one epoch per iteration
_GRAM_PARAMS = 128


class Objective:
    """J(θ) = (1/n) Σ ℓ(z_i, y_i) + R(w) on data X (n, d), labels y (n,) in {0, 1}.

    With a non-smooth penalty (L1), J = f + h splits into a smooth part f (the data term) and
    h = α‖w‖₁: `gradient` is ∇f, and h enters through `prox`, its proximal step.

    Labels y of three or more classes (integer codes 0..K−1, K = n_classes or max(y) + 1) make it a
    SoftmaxObjective over Θ (K, d+1); two classes stay this sigmoid model, θ (d+1,).
    """

    n_classes = 2
    _CURVATURE_BOUND = 0.25  # ℓ''(z) = p(1 − p) ≤ ¼

    def __new__(cls, X: object = None, y: object = None, *, n_classes: int | None = None, **kwargs: object):
        if cls is Objective and y is not None and count_classes(y, n_classes) >= 3:
            cls = SoftmaxObjective  # three or more classes: the softmax model, same protocol
        return super().__new__(cls)

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        penalty: str | None = "none",
        alpha: float = 0.0,
        fit_intercept: bool = True,
        n_classes: int | None = None,
    ) -> None:
        X = check_X(X)
        y = check_binary01(check_labels(y, X.shape[0]), both_classes=False)
        self._store_X(X, penalty, alpha, fit_intercept)
        self.y = y
        self.y_half = 0.5 - y  # σ(z) − y = ½·tanh(z/2) + (½ − y)
        self._positive = y == 1.0  # for the accuracy: z > 0 predicts class 1
        # the gradient's constant part X₁ᵀ(½ − y)/n, so a full-batch gradient takes one tanh pass
        self._constant = self.XT @ self.y_half / self.n
        self._scratch()

    def _store_X(self, X: np.ndarray, penalty: str | None, alpha: float, fit_intercept: bool) -> None:
        """X₁ᵀ = [X | 1]ᵀ (d+1, n), the penalty, and which coordinates it acts on."""
        if not isinstance(fit_intercept, bool | np.bool_):
            raise TypeError(f"fit_intercept must be True or False, got {fit_intercept!r}")
        self.n, self.n_features = X.shape
        self.fit_intercept = bool(fit_intercept)
        self.penalty: Penalty = make_penalty(penalty, alpha)
        self.XT = np.empty((self.n_features + self.fit_intercept, self.n))  # X₁ᵀ, built in one copy
        self.XT[: self.n_features] = X.T
        if self.fit_intercept:
            self.XT[-1] = 1.0
        self._w_mask = np.ones(self.XT.shape[0])  # 1 on w, 0 on b: the intercept is never penalised
        self._w_mask[self.n_features :] = 0.0
        self._smooth_penalty = self.penalty.smooth and self.penalty.alpha > 0
        self._prox_penalty = not self.penalty.smooth and self.penalty.alpha > 0
        self._gram_max: float | None = None  # λ_max(X₁ᵀX₁), found on first use: X₁ never changes

    def _scratch(self) -> None:
        self._X1 = self.XT.T  # X₁ (n, d+1): a view of X₁ᵀ, made once (the gradient reads it every epoch)
        self._work = np.empty(self.n)  # tanh(z/2) of a full-batch gradient
        self._XS: np.ndarray | None = None  # X₁ᵀS^½ of a block of the Hessian, allocated on first use

    def __getstate__(self) -> dict:
        """Without the scratch arrays: a pickled objective (a cached run) carries only its data."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_X1", "_work", "_XS", "_is_class")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._scratch()

    @property
    def n_params(self) -> int:
        """The length of θ: d weights, and the intercept when fitted."""
        return self.XT.shape[0]

    @property
    def theta_shape(self) -> tuple[int, ...]:
        """θ's shape: (d+1,) for two classes, (K, d+1) for K ≥ 3."""
        return (self.XT.shape[0],)

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
        return self._add_penalty_gradient(theta, g, trace)

    def _add_penalty_gradient(self, theta: np.ndarray, g: np.ndarray, trace: dict | None) -> np.ndarray:
        """g += ∇R(w); `trace` records the data part, the penalty part and their sum."""
        if trace is not None:
            trace["data_gradient"] = g.copy()
        if self._smooth_penalty or trace is not None:
            penalty_part = self.penalty_gradient(theta)
            g += penalty_part
            if trace is not None:
                trace["penalty_gradient"] = penalty_part
                trace["gradient"] = g.copy()
        return g

    def value_and_gradient(
        self, theta: np.ndarray, z: np.ndarray | None = None, *, trace: dict | None = None
    ) -> tuple[float | None, np.ndarray]:
        """(J(θ), ∇f(θ)) when one pass over the logits gives both, else (None, ∇f(θ)).

        Two classes: None, since the gradient's tanh pass does not give the loss (the trainer
        scores a block of epochs' losses together). K classes: the softmax's exponentials serve both.
        """
        return None, self.gradient(theta, z, trace=trace)

    def n_correct(self, z: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
        """How many samples the logits classify right: z > 0 predicts class 1; one count per model.

        `work`, booleans shaped like z, is scratch space (the trainer reuses it from block to block).
        """
        hits = np.greater(z, 0.0, out=work)
        return np.count_nonzero(np.equal(hits, self._positive, out=hits), axis=-1)

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
        w = theta[..., :d]  # a view: the threshold acts in place (every class's row for K classes)
        if trace is not None:
            trace["w_before_prox"] = w.copy()
            trace["prox_step"] = step if np.ndim(step) == 0 else step[..., :d].copy()
        self.penalty.prox(w, step if np.ndim(step) == 0 else step[..., :d])
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

    def hessian_vector(self, theta: np.ndarray, v: np.ndarray, z: np.ndarray | None = None) -> np.ndarray:
        """Hv = X₁ᵀS(X₁v)/n + ∇²R·v without forming H: the curvature along v, two products."""
        z = self.logits(theta) if z is None else z
        u = v @ self.XT  # X₁v: how the logits move along v
        u *= sqrt_curvature(z) ** 2  # S = p(1 − p)
        Hv = u @ self._X1
        Hv /= self.n
        Hv += self.penalty.curvature() * v * self._w_mask
        return Hv

    def null_space(self) -> np.ndarray | None:
        """Directions along which J is flat at every θ: none for the sigmoid model."""
        return None

    def smoothness(self, *, per_sample: bool = False) -> float:
        """L, the Lipschitz constant of ∇f: ‖∇f(θ) − ∇f(θ′)‖ ≤ L·‖θ − θ′‖ for every θ, θ′.

            ∇²f = X₁ᵀSX₁/n + ∇²R ≼ X₁ᵀX₁/(4n) + αI,   so   L = λ_max(X₁ᵀX₁)/(4n) + α

        because every p(1 − p) ≤ ¼ (at p = ½), whatever θ is (K classes: ½, see SoftmaxObjective);
        α for L2, nothing for L1 (its h enters by the proximal step) or no penalty. By the descent
        lemma a gradient step with η ≤ 1/L lowers f: f(θ − ηg) ≤ f(θ) − η(1 − ηL/2)‖g‖², so
        gradient descent with η = 1/L never diverges.

        per_sample: the same bound for the gradient of any mini-batch, max_i ‖x₁ᵢ‖²/4 + α, since a
        batch's λ_max(X_BᵀX_B)/|B| is at most its largest ‖x₁ᵢ‖² (scikit-learn's SAG step size).
        """
        alpha, c = self.penalty.curvature(), self._CURVATURE_BOUND
        if per_sample:
            return float(np.einsum("ji,ji->i", self.XT, self.XT).max()) * c + alpha
        return self._max_eigenvalue_gram() * c / self.n + alpha

    def _max_eigenvalue_gram(self) -> float:
        """λ_max(X₁ᵀX₁), found once per objective (the advice asks for the safe step several times:
        a Gram product each, 1 ms at 2500 × 28)."""
        if getattr(self, "_gram_max", None) is None:
            self._gram_max = self._find_max_eigenvalue_gram()
        return self._gram_max

    def _find_max_eigenvalue_gram(self) -> float:
        """λ_max(X₁ᵀX₁): exactly from the Gram matrix, or by power iteration when θ is long."""
        p = self.XT.shape[0]
        if p <= _GRAM_PARAMS:
            return float(np.linalg.eigvalsh(self.XT @ self.XT.T)[-1])
        # power iteration v ← X₁ᵀX₁v/‖·‖ from v ∝ (1, …, 1) + a fixed perturbation; the Rayleigh
        # quotient rises to λ_max. Stopped when it changes by < 10⁻⁶: gradient descent is stable
        # for η < 2/λ_max, so even an estimate within a factor 2 would not diverge.
        v = 1.0 + np.random.default_rng(0).random(p)
        v /= np.linalg.norm(v)
        estimate = 0.0
        for _ in range(500):
            u = self.XT @ (v @ self.XT)  # X₁ᵀX₁v, through X₁ᵀ only
            previous, estimate = estimate, float(v @ u)
            v = u / np.linalg.norm(u)
            if estimate - previous <= 1e-6 * estimate:
                break
        return estimate


class SoftmaxObjective(Objective):
    """J(Θ) = (1/n) Σ_i [logsumexp(z_i) − z_{i,y_i}] + R(W) for K ≥ 3 classes, Θ (K, d+1).

    Row k of Θ is class k's (wₖ, bₖ); z_i = Θx₁ᵢ ∈ ℝᴷ, P(y = k | x) = softmax(z)ₖ. The same protocol
    as the sigmoid Objective (logits, data_loss, loss, gradient, optimality, prox, hessian,
    smoothness), so every optimizer, the trainer and the gradient check take Θ through the same code.
    y: integer codes 0..K−1. The same objective as scikit-learn's multinomial LogisticRegression
    with C = 1/(n·α).

    The null direction. softmax(z + c·1) = softmax(z): adding one vector c (d+1,) to every class's
    row leaves every probability unchanged. So J is flat along Θ + 1cᵀ in each coordinate the penalty
    does not hold: the intercept always, every weight without a penalty (L2 holds the weights:
    Σₖ‖wₖ + c‖² is least at Σₖ wₖ = 0). Along those directions the Hessian is singular and the optimum
    is a set, not a point. Handled by taking the minimum-norm optimum, the one with Σₖ Θₖ = 0 (rows
    centred): the gradient always sums to zero over the classes in those coordinates (Σₖ(pₖ − yₖ) = 0),
    so gradient descent, SGD and momentum started at Θ = 0 stay centred, and Newton solves with
    H + c·NNᵀ (N = `null_space()`, c = H's mean diagonal, for its scale): invertible, equal to H off
    N, so its step is H⁺g, the minimum-norm step, and Newton's iterates stay centred too. Adam (a
    step per coordinate) and L1's threshold may move Θ along the null directions; no prediction
    depends on them (tests/test_softmax.py shows both).
    """

    _CURVATURE_BOUND = 0.5  # λ_max(diag(p) − ppᵀ) ≤ ½ (Böhning 1992): see smoothness

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        penalty: str | None = "none",
        alpha: float = 0.0,
        fit_intercept: bool = True,
        n_classes: int | None = None,
    ) -> None:
        X = check_X(X)
        y, K = check_class_codes(check_labels(y, X.shape[0]), n_classes)
        self._store_X(X, penalty, alpha, fit_intercept)
        self.n_classes = K
        self.y = y  # class codes 0..K−1
        self.Y = np.zeros((K, self.n))  # one-hot, class by class: Y[k, i] = 1 where y_i = k
        self.Y[y, np.arange(self.n)] = 1.0
        # the gradient's constant part −YX₁/n: with it, a full-batch gradient is one product of P
        self._constant = -(self.Y @ self.XT.T) / self.n
        self._scratch()

    def _scratch(self) -> None:
        self._X1 = self.XT.T
        self._work = np.empty((self.n_classes, self.n))  # P = softmax(Z) of a full-batch gradient
        self._XS = None
        self._is_class = self.Y.astype(bool)  # [y_i = k] as bytes, for the accuracy count

    @property
    def n_params(self) -> int:
        """The number of parameters, K(d+1)."""
        return self.n_classes * self.XT.shape[0]

    @property
    def theta_shape(self) -> tuple[int, ...]:
        return (self.n_classes, self.XT.shape[0])

    # -- the loss --------------------------------------------------------------------------------
    # logits: Z = ΘX₁ᵀ (K, n), or a stack (m, K, p) of m models gives (m, K, n): Objective.logits

    def _sum_picked(self, z: np.ndarray) -> np.ndarray:
        """Σ_i z_{i,y_i} = ⟨Z, Y⟩: one dot product of the flattened logits with the one-hot labels."""
        return z.reshape(*z.shape[:-2], self.Y.size) @ self.Y.reshape(-1)

    def data_loss(self, z: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
        """(1/n) Σ_i [logsumexp(z_i) − z_{i,y_i}] from the logits Z (K, n); one value per model of
        a block (m, K, n). logsumexp from z − max z: no overflow at |z| = 1000, never log 0.
        """
        if work is None and z.ndim == 2:
            work = self._work
        _, lse = softmax_logsumexp(z, axis=-2, out=work)
        return (lse.sum(axis=-1) - self._sum_picked(z)) / self.n

    def penalty_value(self, theta: np.ndarray) -> np.ndarray:
        """R(W) = Σₖ R(wₖ), the intercepts never penalised; one value per model of a stack."""
        return self.penalty.value(theta[..., : self.n_features]).sum(axis=-1)

    # -- the gradient ------------------------------------------------------------------------------
    def _data_parts(
        self, z: np.ndarray, theta: np.ndarray | None = None
    ) -> tuple[np.ndarray | None, np.ndarray]:
        """(the data loss if θ is given, (P − Y)X₁/n), from one softmax pass over the logits Z.

        The loss's Σ_i z_{i,y_i} = Σₖ Θₖ·(Σ_{i: y_i = k} x₁ᵢ) = ⟨Θ, YX₁⟩ = −n⟨Θ, constant⟩: from Θ and
        the gradient's constant, K(d+1) products instead of a pass over Z.
        """
        P, lse = softmax_logsumexp(z, axis=-2, out=self._work if z.ndim == 2 else None)
        loss = None
        if theta is not None:
            loss = lse.sum(axis=-1) / self.n + np.vdot(theta, self._constant)  # − ⟨Θ, YX₁⟩/n
        g = P @ self._X1  # PX₁ (K, d+1)
        g /= self.n
        g += self._constant  # − YX₁/n
        return loss, g

    def data_gradient(self, z: np.ndarray) -> np.ndarray:
        """(P − Y)X₁/n from the logits Z: row k is X₁ᵀ(pₖ − yₖ)/n. YX₁/n is a constant of the data,
        computed once, so what is left is one softmax pass and one product."""
        return self._data_parts(z)[1]

    def batch_gradient(self, theta: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """(P_B − Y_B)X_B/|B| on the samples `rows` only: a mini-batch's data gradient."""
        XT_batch = self.XT[:, rows]
        P, _ = softmax_logsumexp(theta @ XT_batch, axis=-2)
        P -= self.Y[:, rows]  # P − Y
        g = P @ XT_batch.T
        g /= rows.size
        return g

    def value_and_gradient(
        self, theta: np.ndarray, z: np.ndarray | None = None, *, trace: dict | None = None
    ) -> tuple[float | None, np.ndarray]:
        """(J(Θ), ∇f(Θ)): the softmax's exponentials give logsumexp too, so the loss costs one log
        per sample and a dot product, not another K exponentials."""
        loss, g = self._data_parts(self.logits(theta) if z is None else z, theta)
        g = self._add_penalty_gradient(theta, g, trace)
        return float(loss + self.penalty_value(theta)), g

    def n_correct(self, z: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
        """How many samples the logits classify right (the largest logit's class, a tie to the lowest
        class, as np.argmax); one count per model.

        With m = maxₖ zₖ: sample i is right ⇔ z_{y_i} = m and no class k < y_i has zₖ = m. So one max
        pass, then per class one comparison with m and three byte-wide operations:
        new = (zₖ = m) ∧ ¬seen (class k is the first to reach m), count new ∧ [y = k], seen ∨= (zₖ = m).
        About 7× faster than tracking the running argmax class by class (benchmarks/results_trainer.md),
        and NumPy's argmax along the class axis copies (K, n) to (n, K) first (benchmarks/README.md,
        Figures in the code). A NaN logit never equals m: that sample counts as wrong.
        `work`, booleans shaped like z, is scratch space (the trainer reuses it from block to block).
        """
        K, n = self.n_classes, self.n
        models = z.reshape(-1, K, n)  # one model (K, n) at a time: m needs only n values of scratch
        rows = np.empty((len(models), 3, n), dtype=bool) if work is None else work.reshape(-1, K, n)
        m = np.empty(n) if np.may_share_memory(z, self._work) else self._work[0]  # P's row, free here
        counts = np.empty(len(models), dtype=np.intp)
        for i, (zi, wi) in enumerate(zip(models, rows, strict=True)):
            np.max(zi, axis=0, out=m)
            reach, seen, new = wi[0], wi[1], wi[2]
            np.equal(zi[0], m, out=seen)  # class 0 is first wherever it reaches m
            count = np.count_nonzero(np.logical_and(seen, self._is_class[0], out=new))
            for k in range(1, K):
                np.equal(zi[k], m, out=reach)
                np.greater(reach, seen, out=new)  # reach ∧ ¬seen: k is the lowest class at the max
                new &= self._is_class[k]
                count += np.count_nonzero(new)
                seen |= reach
            counts[i] = count
        return counts.reshape(z.shape[:-2])[()]

    # -- the curvature ---------------------------------------------------------------------------
    def hessian(self, theta: np.ndarray, z: np.ndarray | None = None) -> np.ndarray:
        """The full (K(d+1))² Hessian, Θ flattened row by row (class k's block is rows k(d+1)…):

            H = Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x₁ᵢx₁ᵢᵀ / n + ∇²R,   block (k, l) = X₁ᵀ diag(pₖ(δₖₗ − pₗ)) X₁ / n

        formed as blockdiag(X₁ᵀ diag(pₖ) X₁) − CᵀC, C (n, K(d+1)) with rows pᵢ ⊗ x₁ᵢ, summed over
        blocks of samples so each block of C is multiplied while in cache. Singular along the null
        directions (see the class docstring): Newton adds c·NNᵀ before solving.
        """
        z = self.logits(theta) if z is None else z
        P, _ = softmax_logsumexp(z, axis=-2, out=self._work)
        K, p = self.theta_shape
        block = max(1, _HESSIAN_BLOCK // K)
        if self._XS is None:
            self._XS = np.empty((K, p, min(self.n, block)))
        H = np.zeros((K * p, K * p))
        for start in range(0, self.n, block):
            stop = min(start + block, self.n)
            XT_B = self.XT[:, start:stop]
            C = np.multiply(P[:, None, start:stop], XT_B, out=self._XS[:, :, : stop - start])  # pₖ x₁
            C = C.reshape(K * p, stop - start)
            H -= C @ C.T  # Σ_i (p_i p_iᵀ) ⊗ x₁ᵢx₁ᵢᵀ
            for k in range(K):  # + the diagonal blocks X₁ᵀ diag(pₖ) X₁
                H[k * p : (k + 1) * p, k * p : (k + 1) * p] += C[k * p : (k + 1) * p] @ XT_B.T
        H /= self.n
        w = (np.arange(K)[:, None] * p + np.arange(self.n_features)).ravel()  # every class's w
        H[w, w] += self.penalty.curvature()
        return H

    def hessian_vector(self, theta: np.ndarray, v: np.ndarray, z: np.ndarray | None = None) -> np.ndarray:
        """HV for V (K, d+1) without forming H: U = VX₁ᵀ moves the logits, and per sample
        (diag(p) − ppᵀ)u = p ⊙ (u − pᵀu), so HV = [P ⊙ (U − Σₖ PₖUₖ)]X₁/n + ∇²R·V."""
        z = self.logits(theta) if z is None else z
        P, _ = softmax_logsumexp(z, axis=-2)
        U = v @ self.XT
        U -= (P * U).sum(axis=0)  # u − pᵀu, sample by sample
        U *= P
        HV = U @ self._X1
        HV /= self.n
        HV += self.penalty.curvature() * v * self._w_mask
        return HV

    def null_space(self) -> np.ndarray | None:
        """An orthonormal basis N (K(d+1), m) of the directions J's smooth part is flat along at every
        Θ: 1ₖ ⊗ e_j/√K for the intercept and for every weight no L2 penalty holds."""
        K, p = self.theta_shape
        free = [j for j in range(p) if j >= self.n_features or self.penalty.curvature() == 0]
        N = np.zeros((K, p, len(free)))
        N[:, free, np.arange(len(free))] = 1 / np.sqrt(K)
        return N.reshape(K * p, len(free))

    def smoothness(self, *, per_sample: bool = False) -> float:
        """L = λ_max(X₁ᵀX₁)/(2n) + α (per sample: max_i ‖x₁ᵢ‖²/2 + α), the Lipschitz constant of ∇f.

        Per sample ∇²ℓ = diag(p) − ppᵀ ≼ ½(I − 11ᵀ/K) (Böhning 1992, "Multinomial logistic
        regression algorithm"), whose largest eigenvalue is ½, so ∇²f ≼ ½·I ⊗ X₁ᵀX₁/n + αI: twice
        the sigmoid's ¼, whatever Θ is. The descent lemma then gives η = 1/L as for two classes.
        """
        return super().smoothness(per_sample=per_sample)
