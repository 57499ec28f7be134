"""The exact optimum J* of a run's objective, so that a run's distance to it, J − J*, can be drawn.

On a log axis J − J* shows each optimizer's textbook shape: a straight line for gradient descent and
momentum (linear convergence), Adam's plateau, Newton's quadratic plunge. That needs J* to rounding,
not to a solver's tolerance, so it is computed here on the run's own lr.Objective:

- smooth J (no penalty, L2): Newton's method with Armijo backtracking (lr.optimizers.Newton's
  direction and line search), until the Newton decrement λ² = gᵀH⁻¹g says J is within rounding of
  its minimum (near the optimum J − J* ≈ λ²/2);
- L1: proximal Newton (Lee, Sun & Saunders 2014; glmnet's scheme): each step minimises the data
  term's quadratic model plus α‖w‖₁ exactly (coordinate descent, then the linear system on the
  support it finds), with a backtracking line search on J. Once the support settles, each step is a
  Newton step on it, so this too converges quadratically.

Without a penalty, separable data have no minimum: J → 0 as the weights grow without bound. J* is
then that infimum, 0, and `Optimum.attained` is False.

K ≥ 3 classes (lr's SoftmaxObjective, Θ of shape (K, d+1)): the same two methods on Θ flattened row by
row. softmax(z + c·1) = softmax(z), so J is flat along the objective's null directions (adding one
vector to every class's row, in the coordinates no L2 holds): the Hessian is singular there by design.
Newton's solve takes the minimum-norm step (lr.optimizers.Newton.direction with the null basis), so J*
is reached at the centred optimum, Σₖ Θₖ = 0 where nothing else fixes it. With L1 the data term is
flat along a weight's null direction but α‖W‖₁ is not, unless the classes' signs of that weight
balance (as many + as −): proximal Newton's solve on a support treats that case the same way.
"""

import math
from dataclasses import dataclass, replace

import numpy as np

from lr.objective import Objective
from lr.optimizers import Newton, StalledError

from .settings import Settings

ROUNDING = 1e-15  # relative: a J − J* below ROUNDING·|J*| is rounding, not distance
MAX_ITERATIONS = 100  # Newton needs ten or so; separable data without a penalty use them all
SEPARABLE = 1e-13  # J below this without a penalty: the data are separable and J* is the infimum 0

# Settings that do not change the objective, only the path to its optimum
PATH_FIELDS = ("optimizer", "learning_rate", "epochs", "batch_size")


@dataclass(frozen=True)
class Optimum:
    """J* of one objective and where it is."""

    value: float  # J* = min J(θ); the infimum 0 when the minimum is not attained
    theta: np.ndarray  # the minimiser θ* = (w, b), Θ* (K, d+1) for K classes (the last iterate if none)
    attained: bool  # False: separable data without a penalty, J → 0 only as ‖w‖ → ∞
    exact: bool  # J* to rounding; False when the iterations ran out first (L1 with a tiny α, say)
    iterations: int
    optimality: float  # ‖smallest subgradient of J at θ‖: 0 at the optimum
    method: str  # "Newton" or "proximal Newton"


def objective_settings(settings: Settings) -> Settings:
    """The settings with the fields that do not change J (the optimizer's) at their defaults:
    runs that differ only in how they descend share one objective, and one J*."""
    defaults = Settings()
    changes = {name: getattr(defaults, name) for name in PATH_FIELDS}
    if settings.penalty == "none":
        changes["alpha"] = defaults.alpha  # no penalty: α plays no part
    return replace(settings, **changes)


def find_optimum(objective: Objective, max_iterations: int = MAX_ITERATIONS) -> Optimum:
    """J* of `objective` to rounding: Newton for a smooth J, proximal Newton for L1."""
    if not objective.penalty.smooth and objective.penalty.alpha > 0:
        return _proximal_newton(objective, max_iterations)
    return _newton(objective, max_iterations)


def distance(J: np.ndarray, optimum: Optimum) -> np.ndarray:
    """J − J* per epoch, NaN where it is below rounding (a log axis cannot show 0 or less)."""
    gap = np.asarray(J, dtype=float) - optimum.value
    floor = ROUNDING * abs(optimum.value)
    return np.where(gap > floor, gap, np.nan)


def _no_penalty(objective: Objective) -> bool:
    return objective.penalty.alpha == 0 or objective.penalty.name == "none"


def _optimality(objective: Objective, theta: np.ndarray, z: np.ndarray) -> float:
    return float(np.linalg.norm(objective.optimality(theta, objective.gradient(theta, z))))


def _newton(objective: Objective, max_iterations: int) -> Optimum:
    theta = np.zeros(objective.theta_shape)  # θ (d+1,), or Θ (K, d+1): centred, as J*'s minimiser
    null = objective.null_space()  # the softmax's flat directions (None for two classes)
    z = objective.logits(theta)
    z_next = np.empty_like(z)
    J = float(objective.loss(theta, z))
    converged, iterations = False, 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 (the count is reported)
        if _no_penalty(objective) and J < SEPARABLE:
            converged = True
            break  # separable: J* is the infimum 0, approached only as the weights grow without bound
        g = objective.gradient(theta, z)
        direction = Newton.direction(g, objective.hessian(theta, z), null)  # H⁻¹g (H⁺g on K classes)
        decrement = float(np.vdot(g, direction))  # λ² = gᵀH⁻¹g; near the optimum J − J* ≈ λ²/2
        if decrement <= 2 * ROUNDING * max(abs(J), 1e-300):
            converged = True
            break
        try:
            _, J = Newton.line_search(objective, theta, direction, decrement, J, z_next)
        except StalledError:  # no step lowers J: optimal to machine precision
            converged = True
            break
        z, z_next = z_next, z
    separable = _no_penalty(objective) and J < SEPARABLE
    value = 0.0 if separable else J
    optimality = _optimality(objective, theta, z)
    return Optimum(value, theta, not separable, converged, iterations, optimality, "Newton")


def _penalised(objective: Objective) -> np.ndarray:
    """Which entries of θ flattened L1 acts on: every w (of every class), never an intercept."""
    on_w = np.zeros(objective.theta_shape, dtype=bool)
    on_w[..., : objective.n_features] = True
    return on_w.reshape(-1)


def _proximal_newton(objective: Objective, max_iterations: int) -> Optimum:
    alpha, shape = objective.penalty.alpha, objective.theta_shape
    on_w, null = _penalised(objective), objective.null_space()

    def R(flat: np.ndarray) -> float:  # α‖W‖₁ of a flattened θ
        return float(objective.penalty_value(flat.reshape(shape)))

    theta = np.zeros(shape)
    flat = theta.reshape(-1)  # a view: the line search moves θ, and flat with it
    z = objective.logits(theta)
    z_next = np.empty_like(z)
    F = float(objective.loss(theta, z))
    converged, iterations = False, 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 (the count is reported)
        g = objective.gradient(theta, z).reshape(-1)  # ∇f: the data term's gradient (L1 acts by its prox)
        H = objective.hessian(theta, z)
        delta = _lasso_model_minimum(flat, g, H, alpha, on_w, null) - flat
        # the model's decrease without its quadratic term (Tseng & Yun): ≤ −δᵀHδ ≤ 0
        decrease = float(g @ delta) + R(flat + delta) - R(flat)
        if decrease >= -ROUNDING * max(abs(F), 1e-300):
            converged = True
            break
        try:  # Newton's Armijo backtracking on J along −(−δ), with slope −decrease
            _, F = Newton.line_search(objective, theta, -delta.reshape(shape), -decrease, F, z_next)
        except StalledError:  # no step lowers J: optimal to machine precision
            converged = True
            break
        z, z_next = z_next, z
    optimality = _optimality(objective, theta, z)
    return Optimum(F, theta, True, converged, iterations, optimality, "proximal Newton")


def _lasso_model_minimum(
    theta: np.ndarray,
    g: np.ndarray,
    H: np.ndarray,
    alpha: float,
    on_w: np.ndarray,
    null: np.ndarray | None = None,
    sweeps: int = 40,
) -> np.ndarray:
    """argmin_u q(u) = gᵀ(u − θ) + ½(u − θ)ᵀH(u − θ) + α‖u_w‖₁, u_w the entries `on_w` marks (the
    intercepts are unpenalised); θ flattened, `null` the objective's flat directions.

    On a support with fixed signs q is quadratic and its minimum solves one linear system (`_polish`);
    that is the answer when the signs hold and the optimality conditions off the support too. θ's own
    support is tried first (late in the descent it no longer changes); otherwise cyclic coordinate
    descent looks for the support, polished every few sweeps. An inexact answer after `sweeps` still
    lowers q, and the outer iteration goes on from it.
    """
    polished = _polish(theta, g, H, alpha, on_w, theta, null)
    if polished is not None:
        return polished
    p = theta.size
    curvature = np.maximum(np.diag(H), 1e-12 * max(float(np.diag(H).max()), 1e-300)).tolist()
    penalised = on_w.tolist()
    u = theta.copy()
    H_delta = np.zeros(p)  # H(u − θ), kept up to date
    for sweep in range(1, sweeps + 1):
        largest = 0.0
        for j in range(p):
            # q as a function of u_j alone: c·(u_j − θ_j) + ½·H_jj·(u_j − θ_j)² (+ α|u_j| on w)
            c = g[j] + H_delta[j] - curvature[j] * (u[j] - theta[j])
            target = theta[j] - c / curvature[j]
            if penalised[j]:  # soft threshold at α/H_jj, on Python floats: this loop runs p times a sweep
                target = math.copysign(max(abs(target) - alpha / curvature[j], 0.0), target) + 0.0
            change = target - u[j]
            if change != 0.0:
                H_delta += H[:, j] * change
                u[j] = target
                largest = max(largest, abs(change))
        done = largest <= 1e-15 * (1.0 + float(np.abs(u).max()))
        if done or sweep % 5 == 0:
            polished = _polish(theta, g, H, alpha, on_w, u, null)
            if polished is not None:
                return polished
        if done:
            break
    return u


def _polish(
    theta: np.ndarray,
    g: np.ndarray,
    H: np.ndarray,
    alpha: float,
    on_w: np.ndarray,
    u: np.ndarray,
    null: np.ndarray | None = None,
) -> np.ndarray | None:
    """The minimum of q on u's support with u's signs, or None when it is not q's minimum:

        H_AA(v_A − θ_A) = −(g_A + α·s_A) + H_AN·θ_N,  v_N = 0   (A the support, N the rest),

    accepted when v keeps the signs s on A and |∂q/∂v_j| ≤ α on N.

    K classes: H_AA is singular along every null direction n that lies inside A (the intercepts', and
    a weight's when every class uses it). q is flat along n only if nᵀs = 0, the classes' signs of that
    weight balance; otherwise q has no minimum with these signs (None). When they balance, the
    minimum-norm solve (Newton.direction with those directions) gives one minimum of the flat set.
    """
    w = np.flatnonzero(on_w)
    support = np.union1d(w[u[w] != 0], np.flatnonzero(~on_w))  # the intercepts are free
    off = np.setdiff1d(np.arange(u.size), support)
    signs = np.zeros(u.size)
    signs[w] = np.sign(u[w])
    flat_in_A = None
    if null is not None and null.size:
        inside = ~np.any(null[off] != 0, axis=0)  # the null directions that lie inside the support
        flat_in_A = null[np.ix_(support, np.flatnonzero(inside))]
        if np.any(np.abs(flat_in_A.T @ signs[support]) > 1e-12):
            return None  # α‖w‖₁ slopes along a flat direction of f: no minimum with these signs
    delta = np.zeros(u.size)
    delta[off] = -theta[off]  # off the support v = 0
    rhs = -(g[support] + alpha * signs[support]) - H[np.ix_(support, off)] @ delta[off]
    delta[support] = Newton.direction(rhs, H[np.ix_(support, support)], flat_in_A)
    polished = theta + delta
    polished[off] = 0.0
    on_A = support[on_w[support]]
    if np.any(np.sign(polished[on_A]) != signs[on_A]):
        return None
    if off.size and np.any(np.abs(g[off] + H[off] @ delta) > alpha * (1 + 1e-9)):
        return None
    return polished
