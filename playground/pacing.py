"""The player's clock: how long each epoch of a recorded run stays on screen at 1× speed.

Why not a constant rate: gradient descent moves the weights most in its first epochs, so a constant
rate that plays a 500-epoch run in 8 s shows the first 20 epochs, where the boundary finds its place,
in a third of a second. Why not a log-time axis: it assumes the run is front-loaded, which momentum
(slow to build speed), a learning rate that oscillates, or Newton's few long steps are not.

So each epoch's share of the playback time follows the length of its step in weight space,
‖θ_{e+1} − θ_e‖ (θ = (w, b) on the standardised features the model sees): the time goes where the
weights, and with them the boundary, move. Two guards keep it watchable: a fifth of the time is
spread evenly over the epochs (a long flat tail still plays, never stalls at zero time), and no step
takes more than `MAX_SHARE` of the run (a diverging run's last, exploding step does not eat the
clock). On the default run the first 20 epochs then take about a quarter of the time, 2.6 s at 1×.
"""

import numpy as np

EVEN = 0.2  # the share of the time spread evenly over the epochs
MAX_SHARE = 0.12  # at most this share for one step (or 2/E for short runs, where 1/E already exceeds it)
MIN_SECONDS, MAX_SECONDS = 3.0, 10.0
SECONDS_PER_EPOCH = 0.5  # short runs: half a second an epoch at 1×, between the two bounds


def duration(n_epochs: int) -> float:
    """Seconds a run of n_epochs takes at 1× (Newton's 8 epochs: 4 s; 20 or more epochs: 10 s)."""
    return float(np.clip(SECONDS_PER_EPOCH * n_epochs, MIN_SECONDS, MAX_SECONDS))


def step_lengths(w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """‖θ_{e+1} − θ_e‖ for each of the E steps of a history (w: (E + 1, d), b: (E + 1,); for K classes
    w: (E + 1, K, d), b: (E + 1, K), and θ is all K rows: the Frobenius norm of the step)."""
    rows = len(w)
    theta = np.column_stack(
        [np.asarray(w, dtype=float).reshape(rows, -1), np.asarray(b, dtype=float).reshape(rows, -1)]
    )
    with np.errstate(over="ignore", invalid="ignore"):
        steps = np.diff(theta, axis=0)
        scale = np.abs(steps).max(axis=1, initial=0.0)  # the norm of a step of 1e300 does not overflow
        safe = np.where(scale > 0, scale, 1.0)
        lengths = scale * np.linalg.norm(steps / safe[:, None], axis=1)
    lengths[~np.isfinite(lengths)] = np.finfo(float).max
    return lengths


def shares(lengths: np.ndarray) -> np.ndarray:
    """Each step's share of the playback time (they sum to 1)."""
    E = len(lengths)
    if E == 0:
        return np.zeros(0)
    cap = max(MAX_SHARE, 2.0 / E)
    total = lengths.sum()
    moved = lengths / total if np.isfinite(total) and total > 0 else np.full(E, 1.0 / E)
    base = EVEN / E + (1 - EVEN) * moved
    capped = np.zeros(E, dtype=bool)
    while True:  # cap the longest steps; the others share what is left in proportion (≤ E rounds)
        share = np.where(capped, cap, base * (1 - cap * capped.sum()) / base[~capped].sum())
        over = ~capped & (share > cap)
        if not over.any():
            return share
        capped |= over


def timeline(w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """When epoch e is reached at 1× speed, in seconds: E + 1 times from 0 to duration(E)."""
    share = shares(step_lengths(w, b))
    return np.concatenate([[0.0], np.cumsum(share) * duration(len(share))])
