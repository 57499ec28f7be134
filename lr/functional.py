"""The logistic loss's numerically safe building blocks: ℓ, its first and second derivative in z.

Notation: z the logits, y ∈ {0, 1} the labels, p = σ(z) the probabilities of class 1. Per sample,

    ℓ(z, y) = log(1 + e^z) − y·z,    ∂ℓ/∂z = σ(z) − y,    ∂²ℓ/∂z² = σ(z)(1 − σ(z)).

For K ≥ 3 classes the softmax takes σ's place, over the logits z ∈ ℝᴷ of one sample:

    softmax(z)ₖ = e^(zₖ) / Σⱼ e^(zⱼ),    ℓ(z, y) = logsumexp(z) − z_y,    ∂ℓ/∂z = p − e_y,
    ∂²ℓ/∂z² = diag(p) − ppᵀ.

lr.objective.Objective puts these together with the data X and a penalty (as scikit-learn's
LinearModelLoss does with its base loss).
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


def bce_from_logits(z: np.ndarray, y: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Mean binary cross-entropy from logits, (1/n) Σ_i [log(1 + e^(z_i)) − y_i z_i], along the last axis.

    Equal to −mean(y log p + (1 − y) log(1 − p)) with p = σ(z), but it never takes log(0): a
    confident wrong prediction costs ≈ |z|, not inf. z (n,) gives one number; a block Z (k, n), the
    logits of k models, gives k numbers in one pass: how the trainer scores a block of epochs.
    log(1 + e^z) is log1pexp's max(z, 0) + log(1 + e^(−|z|)), summed with Σ max(z, 0) = (Σz + Σ|z|)/2,
    which saves a pass over the block. `out`, a work array shaped like z, is overwritten if given.
    """
    minus_abs = np.copysign(z, -1.0, out=out)  # −|z|, in one pass
    sum_positive = 0.5 * (z.sum(axis=-1) - minus_abs.sum(axis=-1))  # Σ max(z, 0) = (Σz + Σ|z|)/2
    np.exp(minus_abs, out=minus_abs)  # e^(−|z|) ∈ (0, 1]
    log_terms = np.log1p(minus_abs, out=minus_abs)
    return (sum_positive + log_terms.sum(axis=-1) - z @ y) / z.shape[-1]


def residual(z: np.ndarray, y_half: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """∂ℓ/∂z = σ(z) − y, with σ(z) = ½ + ½·tanh(z/2) and y_half = ½ − y precomputed.

    tanh is bounded, so nothing overflows; the identity needs no branch, which keeps the
    training loop to a handful of array operations.
    """
    residual = np.multiply(z, 0.5, out=out)
    np.tanh(residual, out=residual)
    residual *= 0.5
    residual += y_half  # ½·tanh(z/2) + ½ − y = σ(z) − y
    return residual


def sqrt_curvature(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """√(∂²ℓ/∂z²) = √(p(1 − p)) = 1 / (2·cosh(z/2)), from z alone.

    σ(z)·σ(−z) = 1 / (e^(z/2) + e^(−z/2))² = 1 / (4·cosh²(z/2)): one transcendental pass and no
    square root. cosh overflows to inf beyond |z| ≈ 1420, where the weight is 0 anyway.
    """
    s = np.multiply(z, 0.5, out=out)
    with np.errstate(over="ignore"):
        np.cosh(s, out=s)
    np.divide(0.5, s, out=s)
    return s


def softmax_logsumexp(
    z: np.ndarray, axis: int = -1, out: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """p = softmax(z) and logsumexp(z) = log Σₖ e^(zₖ) along `axis` (the classes), in one exp pass.

    Both from the shifted logits z − m, m = maxₖ zₖ:  e^(zₖ − m) ∈ (0, 1] and the largest is exactly
    1, so the sum s ∈ [1, K] neither overflows nor underflows and log s ≥ 0 is never log 0:

        softmax(z)ₖ = e^(zₖ − m) / s,    logsumexp(z) = m + log s.

    At z = (1000, 0, −1000) p is exactly (1, 0, 0) and logsumexp(z) exactly 1000, with no warning.
    `out`, shaped like z, receives p (z may be given as out: it is then overwritten).
    """
    m = np.max(z, axis=axis, keepdims=True)
    e = np.subtract(z, m, out=out)
    np.exp(e, out=e)  # e^(zₖ − m) ∈ (0, 1]
    s = np.sum(e, axis=axis, keepdims=True)  # s ∈ [1, K]
    e *= np.reciprocal(s)  # one division per sample, then K products: cheaper than K divisions
    logsumexp = np.log(s, out=s)
    logsumexp += m
    return e, np.squeeze(logsumexp, axis=axis)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(z)ₖ = e^(zₖ) / Σⱼ e^(zⱼ) along `axis`, computed from z − max z: never overflows."""
    return softmax_logsumexp(np.asarray(z, dtype=float), axis)[0]


def logsumexp(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """log Σₖ e^(zₖ) along `axis` = m + log Σₖ e^(zₖ − m), m = max z: finite for every finite z."""
    return softmax_logsumexp(np.asarray(z, dtype=float), axis)[1]
