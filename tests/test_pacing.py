"""The player's clock (playground/pacing.py): time goes where the weights move, within bounds."""

from dataclasses import replace

import numpy as np
import pytest

from playground import pacing
from playground.experiment import run_experiment
from playground.settings import Settings


def history(settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    h = run_experiment(settings).trainer.history
    return h.w, h.b


def test_the_default_run_shows_its_first_epochs_slowly() -> None:
    t = pacing.timeline(*history(Settings()))
    assert len(t) == 501 and t[0] == 0 and t[-1] == pytest.approx(pacing.MAX_SECONDS)
    assert np.all(np.diff(t) > 0)  # every epoch is on screen for some time
    # the constant rate before this change showed epochs 0-20 in 20 / 62.5 = 0.32 s
    assert t[20] > 2.0  # where the boundary finds its place: about a quarter of the run
    assert t[1] > 0.5  # the first step, the largest, is seen
    assert t[-1] - t[-101] < 0.1 * t[-1]  # the last 100 epochs, where little moves, go by quickly
    # at ¼ speed the first 20 epochs play at no more than 2.5 epochs a second
    assert 20 / (4 * t[20]) < 2.5


def test_time_follows_the_step_lengths() -> None:
    lengths = np.array([2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0] * 6)
    share = pacing.shares(lengths)
    assert share.sum() == pytest.approx(1)
    assert share[0] > share[1] > share[5] > 0  # longer steps take longer, a still one still shows
    assert share[5] == pytest.approx(pacing.EVEN / len(lengths))


def test_no_step_takes_over_the_clock() -> None:
    lengths = np.geomspace(1, 1e12, 30)  # a diverging run: each step ten times longer
    share = pacing.shares(lengths)
    assert share.sum() == pytest.approx(1)
    assert share.max() <= pacing.MAX_SHARE + 1e-12
    assert np.all(np.diff(share) >= -1e-12)  # still longest where the weights move most


def test_short_runs_take_half_a_second_an_epoch_within_bounds() -> None:
    assert pacing.duration(1) == pacing.MIN_SECONDS
    assert pacing.duration(8) == 4.0
    assert pacing.duration(5000) == pacing.MAX_SECONDS
    t = pacing.timeline(*history(replace(Settings(), optimizer="newton")))
    assert t[-1] == pytest.approx(pacing.duration(len(t) - 1))
    assert np.diff(t).max() <= 2 / (len(t) - 1) * t[-1] + 1e-9


def test_weights_that_do_not_move_play_evenly() -> None:
    w, b = np.zeros((11, 3)), np.zeros(11)
    np.testing.assert_allclose(np.diff(pacing.timeline(w, b)), pacing.duration(10) / 10)
    assert pacing.timeline(w[:1], b[:1]).tolist() == [0.0]  # no epochs: nothing to play


def test_huge_steps_do_not_overflow() -> None:
    w = np.array([[0.0, 0.0], [1e300, -1e300], [1e300, 1e300], [1e308, 1e308]])
    with np.errstate(all="raise"):
        t = pacing.timeline(w, np.zeros(4))
    assert np.isfinite(t).all() and np.all(np.diff(t) > 0)
