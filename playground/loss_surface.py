"""The loss landscape and the optimizer's path: J over a 2-D slice of weight space, θ = (w, b).

The slice is a plane through θ_t, the weights of the shown epoch, spanned by two directions d1, d2:
two named entries of θ (for degree 1 the weights of x1 and x2, b held at its value of epoch t), or
the path's two principal directions (the first two right singular vectors of θ_0..θ_E − θ_E).
A point of the path θ_s is drawn at its coordinates along d1 and d2; J under it is J(θ_s) only at
the shown epoch s = t, unless the plane holds every θ (two weights and no intercept), because the
other coordinates move along the path.

The grid is anchored on θ_t, so one of its nodes is θ_t exactly and the surface under the shown
point is the recorded J(θ_t). Its logits are affine in the plane's coordinates,
z = z_t + Δa·X₁d1 + Δc·X₁d2, so a block of k grid points costs one (k, 3)·(3, n) product and one
pass of the loss over (k, n); the number of nodes shrinks with n so the work stays bounded.

K ≥ 3 classes (softmax): θ is Θ (K, d+1) read row by row as one vector of K·(d+1) entries (class 0's
weights and intercept, then class 1's…), so a direction is any entry "w[class 2, x1]" or a principal
direction of the path in the full K·(d+1) space; the logits are (K, n) per grid node, and the
nodes shrink with n·K so the work stays bounded as for two classes.
"""

from dataclasses import dataclass

import numpy as np

from lr.objective import Objective
from lr.trainer import Trainer

from .update_numbers import entry_names, theta_names

MAX_SIDE = 80  # at most 80 × 80 evaluations of J
MAX_CELLS = 12_000_000  # grid nodes × training points × score functions (K, or 1 for two classes)
BLOCK_CELLS = 1 << 18  # cells per block: a block's logits (2 MiB) stay in cache for the loss
MARGIN = 0.15  # of the path's extent, added on each side
PCA = "pca"  # Directions.kind: the path's principal directions
WEIGHTS = "weights"  # Directions.kind: two named entries of θ


@dataclass(frozen=True)
class Directions:
    """The two directions of the slice: the path's principal directions, or entries `first` and
    `second` of θ = (w, b) (the intercept is the last entry)."""

    kind: str = WEIGHTS
    first: int = 0
    second: int = 1


@dataclass(frozen=True)
class Landscape:
    """J over the plane θ_t + Δa·d1 + Δc·d2, and the recorded path drawn in the plane's coordinates."""

    a: np.ndarray  # (m,) the grid's coordinates along d1
    c: np.ndarray  # (m,) along d2
    J: np.ndarray  # (m, m): J[j, i] at (a[i], c[j])
    path_a: np.ndarray  # (E+1,) each epoch's coordinate along d1
    path_c: np.ndarray
    path_objective: np.ndarray  # (E+1,) the recorded objective J(θ_s)
    epoch: int  # the shown epoch t: the grid node (a[i_t], c[j_t]) is θ_t
    node: tuple[int, int]  # (i_t, j_t)
    J_min: float  # the lowest J on the slice or along the path: the floor of the log scale
    titles: tuple[str, str]  # what each axis measures
    explained: tuple[float, float] | None  # the principal directions' shares of the path's spread
    held: str  # what the slice holds fixed, in words ("b keeps its value of epoch 7")
    on_surface: bool  # the plane holds every θ: each point of the path lies on the surface


def path_thetas(trainer: Trainer) -> np.ndarray:
    """θ_0..θ_E of a finished run, one row per epoch, the intercept last when fitted; for K ≥ 3
    classes Θ_s flattened row by row, K·(d+1) entries."""
    thetas = trainer.record.theta[: trainer.epoch + 1]
    return thetas.reshape(thetas.shape[0], -1)


def score_functions(objective: Objective) -> int:
    """The logits per sample: 1 for two classes (one z), K for K ≥ 3 (z_1..z_K)."""
    K = getattr(objective, "n_classes", 2)
    return K if K > 2 else 1


def principal_directions(thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """The path's two principal directions (unit, orthogonal) and their shares of its spread.

    The SVD of D = θ_s − θ_E: the plane that holds the path best, in the least-squares sense. The
    path runs along +d1 towards the end; a path of rank < 2 is completed with the coordinate axis
    least aligned with what it has, so the plane always exists.
    """
    D = thetas - thetas[-1]
    # The eigenvectors of DᵀD (p × p) are D's right singular vectors, its eigenvalues the squared
    # singular values. Formed with einsum, not BLAS: for a tall, thin D (thousands of epochs × p)
    # a threaded SVD spends more time starting and spinning threads than computing (measured
    # 2-250 ms against 1 ms on the shared 2-core servers).
    power, V = np.linalg.eigh(np.einsum("ij,ik->jk", D, D))
    power, V = np.clip(power[::-1], 0.0, None), V[:, ::-1]  # largest first
    total = float(power.sum())
    rank = int(np.count_nonzero(power > 1e-14 * power[0])) if total > 0 else 0  # above rounding
    basis = list(V.T[: min(rank, 2)])
    axes = np.eye(D.shape[1])
    if basis:  # the axes least aligned with the path's direction first
        axes = axes[np.argsort(np.abs(basis[0]))]
    for axis in axes:  # complete the plane with axes made orthogonal to it (Gram-Schmidt)
        if len(basis) == 2:
            break
        v = axis - sum(((axis @ u) * u for u in basis), np.zeros_like(axis))
        if np.linalg.norm(v) > 1e-6:
            basis.append(v / np.linalg.norm(v))
    d1, d2 = basis
    if D[0] @ d1 > 0:  # the start at negative d1: the path runs left to right
        d1 = -d1
    if d2[np.argmax(np.abs(d2))] < 0:  # a fixed sign, so the picture does not flip between runs
        d2 = -d2
    if rank >= 2:
        return d1, d2, (float(power[0] / total), float(power[1] / total))
    return d1, d2, (float(rank), 0.0)  # all of the path along d1, or no path at all


def plane_loss(
    objective: Objective, theta: np.ndarray, d1: np.ndarray, d2: np.ndarray, offsets: np.ndarray
) -> np.ndarray:
    """J(θ + Δa·d1 + Δc·d2) for each row (Δa, Δc) of `offsets` (k, 2), in blocks.

    The logits are affine in (Δa, Δc): Z = [1, Δa, Δc]·[z; X₁d1; X₁d2], one (k, 3)·(3, n) product
    per block, then one pass of the data loss; the penalty acts on the k points' weights. At the
    offset (0, 0) the logits are X₁θ exactly (1·z + 0·u + 0·v), so J is J(θ).

    K ≥ 3 classes: θ, d1 and d2 are Θ's shape (K, d+1) or flattened; each has logits (K, n), so a
    block is one (k, 3)·(3, K·n) product and one softmax loss pass over (k, K, n).
    """
    offsets = np.asarray(offsets, dtype=float).reshape(-1, 2)
    k = offsets.shape[0]
    shape = objective.theta_shape
    theta, d1, d2 = (np.reshape(v, shape) for v in (theta, d1, d2))
    M = np.stack([objective.logits(theta), objective.logits(d1), objective.logits(d2)])  # (3, n) / (3, K, n)
    cells = M[0].shape  # one node's logits: (n,), or (K, n)
    B = np.column_stack([np.ones(k), offsets])  # (k, 3)
    out = np.empty(k)
    rows = max(1, min(k, BLOCK_CELLS // M[0].size))
    Z = np.empty((rows, M[0].size))
    work = np.empty((rows, *cells))
    M = M.reshape(3, -1)
    for start in range(0, k, rows):
        stop = min(start + rows, k)
        z = np.matmul(B[start:stop], M, out=Z[: stop - start]).reshape(stop - start, *cells)
        out[start:stop] = objective.data_loss(z, work[: stop - start])
    along = (-1,) + (1,) * len(shape)  # an offset per point, against each entry of θ (or Θ)
    Theta = theta + offsets[:, 0].reshape(along) * d1 + offsets[:, 1].reshape(along) * d2  # the points' θ
    return out + objective.penalty_value(Theta)


def side(n: int, max_side: int = MAX_SIDE, k: int = 1) -> int:
    """Grid nodes along each axis: MAX_SIDE, fewer when side² × n × k (the logits per sample: K for
    K ≥ 3 classes) would exceed MAX_CELLS."""
    return int(max(9, min(max_side, np.sqrt(MAX_CELLS / max(n * k, 1)))))


def _axis(values: np.ndarray, at: float, m: int) -> tuple[np.ndarray, int]:
    """m grid coordinates covering `values` with a margin, one of them `at` exactly; and its index."""
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (at, at)
    lo, hi = min(lo, at), max(hi, at)
    extent = hi - lo
    if extent <= 1e-9 * max(1.0, abs(at)):  # a path that does not move along this axis
        extent = max(1.0, abs(at))
        lo, hi = at - extent / 2, at + extent / 2
    lo, hi = lo - MARGIN * extent, hi + MARGIN * extent
    h = (hi - lo) / (m - 1)
    node = int(np.clip(round((at - lo) / h), 0, m - 1))
    return at + h * (np.arange(m) - node), node  # at + h·0 is `at` itself: θ_t is a node


def landscape(
    trainer: Trainer,
    epoch: int,
    directions: Directions = Directions(),
    feature_names: list[str] | tuple[str, ...] | None = None,
    max_side: int = MAX_SIDE,
) -> Landscape:
    """J on the plane through θ_epoch spanned by `directions`, with the run's path, of a finished run."""
    thetas = path_thetas(trainer)
    E = thetas.shape[0] - 1
    if isinstance(epoch, bool) or not isinstance(epoch, int | np.integer) or not 0 <= epoch <= E:
        raise ValueError(f"epoch must be from 0 to {E}, got {epoch!r}")
    epoch = int(epoch)
    p = thetas.shape[1]
    if feature_names is None:
        feature_names = [f"x{j + 1}" for j in range(trainer.n_features)]
    K = trainer.n_classes
    names = entry_names(theta_names(feature_names, trainer.fit_intercept), K, trainer.fit_intercept)
    intercepts = _intercepts(len(names), K, trainer.fit_intercept)
    explained = None
    if directions.kind == PCA:
        d1, d2, explained = principal_directions(thetas)
        origin = thetas[-1]
        titles = (
            f"direction 1 ({_share(explained[0])} of the path's spread)",
            f"direction 2 ({_share(explained[1])})",
        )
        held = f"the other directions keep their values of epoch {epoch}"
        on_surface = p == 2
    elif directions.kind == WEIGHTS:
        i, j = directions.first, directions.second
        if not (0 <= i < p and 0 <= j < p and i != j):
            raise ValueError(
                f"directions must name two different entries of θ, 0 to {p - 1}, got {i} and {j}"
            )
        d1, d2 = np.eye(p)[i], np.eye(p)[j]
        origin = np.zeros(p)
        titles = (
            _weight_title(names, i, intercepts),
            _weight_title(names, j, intercepts),
        )
        others = [k for k in range(p) if k not in (i, j)]
        held = _held(others, intercepts, names, epoch, "Θ" if K > 2 else "θ")
        on_surface = p == 2
    else:
        raise ValueError(f"directions.kind must be {PCA!r} or {WEIGHTS!r}, got {directions.kind!r}")
    path_a, path_c = (thetas - origin) @ d1, (thetas - origin) @ d2
    m = side(trainer.objective.n, max_side, score_functions(trainer.objective))
    a, i_t = _axis(path_a, float(path_a[epoch]), m)
    c, j_t = _axis(path_c, float(path_c[epoch]), m)
    A, C = np.meshgrid(a - a[i_t], c - c[j_t])  # offsets from θ_t: exactly 0 at its node
    with np.errstate(over="ignore", invalid="ignore"):
        J = plane_loss(trainer.objective, thetas[epoch], d1, d2, np.column_stack([A.ravel(), C.ravel()]))
    J = J.reshape(m, m)
    path_objective = trainer.history.objective
    finite = np.concatenate([J[np.isfinite(J)], path_objective[np.isfinite(path_objective)]])
    J_min = float(finite.min()) if finite.size else 0.0
    path = (path_a, path_c, path_objective.copy())
    return Landscape(a, c, J, *path, epoch, (i_t, j_t), J_min, titles, explained, held, on_surface)


def _share(x: float) -> str:
    """A share as a person reads it: 98%, 2.1%, 0.015%."""
    return f"{x:.0%}" if x >= 0.1 or x == 0 else f"{100 * x:.2g}%"


def _intercepts(p: int, K: int, fit_intercept: bool) -> frozenset[int]:
    """The entries of θ (of Θ flattened, for K ≥ 3 classes) that are intercepts: each row's last."""
    if not fit_intercept:
        return frozenset()
    rows = K if K > 2 else 1
    return frozenset(range(p // rows - 1, p, p // rows))


def _weight_title(names: tuple[str, ...], k: int, intercepts: frozenset[int]) -> str:
    """An axis's title: "b (intercept)", "weight of x1"; for K ≥ 3 the entry's own name, "w[class 2, x1]"."""
    if k in intercepts or names[k].startswith("w["):
        return names[k]
    return f"weight of {names[k]}"


def _held(
    others: list[int], intercepts: frozenset[int], names: tuple[str, ...], epoch: int, theta: str
) -> str:
    """What the slice holds fixed, in words: "b keeps its value of epoch 7"."""
    if not others:
        return ""
    if len(others) == 1:
        other = others[0]
        held = names[other] if other in intercepts else f"the weight of {names[other]}"
        return f"{held} keeps its value of epoch {epoch}"
    return f"the other {len(others)} entries of {theta} keep their values of epoch {epoch}"
