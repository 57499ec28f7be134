"""The logistic model's mathematics, one formula per function.

Notation: X (n, d) inputs, y (n,) labels in {0, 1}, w (d,) weights, b the intercept,
z = Xw + b the logits, p = σ(z) the probabilities of class 1.
"""

import numpy as np


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), without overflow for any finite z.

    Written as 1 / (1 + e^(−|z|)) for z ≥ 0 and e^(−|z|) / (1 + e^(−|z|)) for z < 0,
    so the only exponent ever taken is −|z| ≤ 0: σ(±1000) is exactly 1 and 0, with no warning.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # e^(−|z|) ∈ (0, 1]
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def log1pexp(z: np.ndarray | float) -> np.ndarray:
    """log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|)): finite for every finite z."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def bce_from_logits(z: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy from logits: (1/n) Σ [log(1 + e^(z_i)) − y_i z_i].

    Equal to −mean(y log p + (1 − y) log(1 − p)) with p = σ(z), but it never takes log(0):
    a confident wrong prediction costs ≈ |z|, not inf.
    """
    return float(np.mean(log1pexp(z) - y * z))


def bce_rows(Z: np.ndarray, y: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Mean BCE of each row of Z (k, n): k models' logits scored in one pass (the trainer's history).

    Σ_i log(1 + e^(z_i)) = Σ_i max(z_i, 0) + Σ_i log(1 + e^(−|z_i|)), and Σ max(z, 0) = (Σz + Σ|z|)/2,
    which saves a pass over the k × n block. Rows, not columns: reductions along contiguous memory.
    """
    A = np.copysign(Z, -1.0, out=out)  # −|z|, in one pass (into `out`, a work array, if given)
    sum_pos = 0.5 * (Z.sum(axis=-1) - A.sum(axis=-1))  # Σ max(z, 0) = (Σz + Σ|z|)/2
    np.exp(A, out=A)  # e^(−|z|) ∈ (0, 1]
    np.log1p(A, out=A)
    return (sum_pos + A.sum(axis=-1) - Z @ y) / Z.shape[-1]


def residual(z: np.ndarray, y_half: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """r = ∂ℓ/∂z = σ(z) − y, with σ(z) = ½ + ½·tanh(z/2) and y_half = ½ − y precomputed.

    tanh is bounded, so nothing overflows; the identity needs no branch, which keeps the
    training loop to a handful of array operations.
    """
    r = np.multiply(z, 0.5, out=out)
    np.tanh(r, out=r)
    r *= 0.5
    r += y_half  # ½·tanh(z/2) + ½ − y = σ(z) − y
    return r


def gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Gradient of the mean BCE: ∂L/∂w = Xᵀ(p − y)/n, ∂L/∂b = mean(p − y).

    The 1/n makes the step size independent of the number of samples.
    """
    r = sigmoid(X @ w + b) - y  # p − y
    return X.T @ r / X.shape[0], float(r.mean())
