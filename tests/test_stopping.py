"""Tests for lr.stopping: each rule on a block of epochs, the state carried between blocks, and the
messages, whose numbers read as a person would write them."""

import numpy as np
import pytest

from lr.stopping import CONVERGED, DIVERGED, NOT_TRAINED, RISES, Rules, number


def check(rules, first, J, grad_norm=None, finite=None):
    J = np.asarray(J, dtype=float)
    grad_norm = np.ones_like(J) if grad_norm is None else np.asarray(grad_norm, dtype=float)
    finite = np.ones(J.size, dtype=bool) if finite is None else np.asarray(finite)
    return rules.check(first, J, finite, grad_norm)


@pytest.mark.parametrize(("x", "text"), [(500, "500"), (20.5, "20.5"), (0.5, "0.5"), (1e-05, "1e-05")])
def test_numbers_as_a_person_writes_them(x, text):
    assert number(x) == text


def test_a_falling_loss_runs_on():
    rules = Rules(tol=1e-6, learning_rate=0.1, monotone=True)
    assert check(rules, 0, [0.7, 0.6, 0.5, 0.4]) is None
    assert (rules.best, rules.best_epoch, rules.rises) == (0.4, 3, 0)


def test_converged_at_the_first_epoch_within_tolerance():
    rules = Rules(tol=1e-6, learning_rate=0.1, monotone=True)
    stop = check(rules, 10, [0.5, 0.4, 0.3], grad_norm=[1e-3, 1e-6, 1e-9])
    assert (stop.epoch, stop.status) == (11, CONVERGED)
    assert stop.message == "converged at epoch 11: the gradient norm 1.0e-06 is within the tolerance 1e-06"
    assert stop.suggested_learning_rate is None


def test_not_finite_keeps_the_epoch_before():
    rules = Rules(tol=0.0, learning_rate=50.0, monotone=False)
    stop = check(rules, 0, [0.7, 0.6, np.nan], finite=[True, True, True])
    assert (stop.epoch, stop.status) == (1, DIVERGED)
    assert "the loss stopped being a finite number at epoch 2" in stop.message
    stop = check(Rules(tol=0.0, learning_rate=50.0, monotone=False), 0, [0.7, 0.6, 0.5], finite=[1, 0, 1])
    assert stop.epoch == 0  # θ of epoch 1 is not finite


def test_exploded_loss_diverges_with_advice():
    rules = Rules(tol=0.0, learning_rate=50.0, monotone=False)
    stop = check(rules, 0, [0.7, 0.3, 0.9, 1.31])  # 1.31 > 0.3 + max(1, 0.3)
    assert (stop.epoch, stop.status) == (3, DIVERGED)
    assert stop.message == (
        "learning rate 50 is too large: the loss rose from 0.30 to 1.31 in 2 epochs; try 5 or lower"
    )
    assert stop.suggested_learning_rate == 5


@pytest.mark.parametrize("monotone", [True, False])
def test_rises_running_stop_only_a_monotone_optimizer(monotone):
    J = [0.5] + [0.5 + 0.01 * k for k in range(1, RISES + 1)]
    stop = check(Rules(tol=0.0, learning_rate=2.0, monotone=monotone), 0, J)
    if monotone:
        assert (stop.epoch, stop.status) == (RISES, DIVERGED)
        assert f"in {RISES} epochs" in stop.message and "try 0.2 or lower" in stop.message
    else:
        assert stop is None


def test_rounding_noise_is_not_a_rise():
    J = 0.3 + np.array([0.0, 1e-17, 2e-17, 3e-17, 4e-17, 5e-17, 6e-17])
    assert check(Rules(tol=0.0, learning_rate=1.0, monotone=True), 0, J) is None


def test_the_rules_carry_their_state_from_block_to_block():
    rules = Rules(tol=0.0, learning_rate=1.0, monotone=True)
    assert check(rules, 0, [0.5, 0.51, 0.52]) is None  # two rises
    assert rules.rises == 2
    stop = check(rules, 3, [0.53, 0.54, 0.55])  # three more: five running
    assert stop.epoch == 5
    assert "from 0.50 to 0.55 in 5 epochs" in stop.message
    rules = Rules(tol=0.0, learning_rate=1.0, monotone=False)
    check(rules, 0, [0.9, 0.2, 0.4])
    stop = check(rules, 3, [1.3])  # exploded against the best of the earlier block, at its epoch
    assert "from 0.20 to 1.30 in 2 epochs" in stop.message


def test_messages_without_a_learning_rate_and_while_running():
    newton = Rules(tol=1e-8, learning_rate=None, monotone=False)
    stop = check(newton, 0, [0.7, 5.0])
    assert stop.message.startswith("Newton's method diverged: the loss rose from 0.70 to 5.00")
    assert stop.message.endswith("add an L2 penalty (α > 0)") and stop.suggested_learning_rate is None
    assert newton.stalled(7, 3e-15).status == CONVERGED
    assert "no Newton step lowers the loss any more" in newton.stalled(7, 3e-15).message
    assert newton.running(0, 1.0) == NOT_TRAINED
    assert newton.running(3, 2e-3).endswith("(tolerance 1e-08): more epochs would go further")
    gd = Rules(tol=1e-6, learning_rate=0.1, monotone=True)
    assert gd.running(3, 2e-3).endswith("more epochs or a larger learning rate would go further")
