"""Tests for lr.stopping: each rule on a block of epochs, the state carried between blocks, and the
messages, whose numbers read as a person would write them."""

import numpy as np
import pytest

from lr.stopping import CONVERGED, DIVERGED, NOT_TRAINED, STUCK, Rules, loss, number


def check(rules, first, J, grad_norm=None, finite=None):
    J = np.asarray(J, dtype=float)
    grad_norm = np.ones_like(J) if grad_norm is None else np.asarray(grad_norm, dtype=float)
    finite = np.ones(J.size, dtype=bool) if finite is None else np.asarray(finite)
    return rules.check(first, J, finite, grad_norm)


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (500, "500"),
        (20.5, "20.5"),
        (0.5, "0.5"),
        (1e-05, "1e-05"),
        (1000, "1000"),
        (123456.7, "123000"),
        (1e6, "1e+06"),
    ],
)
def test_numbers_as_a_person_writes_them(x, text):
    assert number(x) == text


EXTREMES = [1e308, 1.234e180, np.inf, -np.inf, np.nan, 1e-300, -0.5, -1e200, 0.0, 123456.789]


@pytest.mark.parametrize("x", EXTREMES)
def test_extreme_numbers_stay_short_in_words_a_person_reads(x):
    for text in (number(x), loss(x)):
        assert len(text) <= 14 and "inf" not in text.replace("infinity", "") and "nan" not in text
    assert number(1.234e180) == "1.23e+180" and loss(1.234e180) == "1.23e+180"
    assert (number(np.inf), number(-np.inf), number(np.nan)) == ("infinity", "minus infinity", "not a number")
    assert loss(0.3) == "0.30" and loss(-0.5) == "-0.50" and loss(1e-300) == "1e-300"


@pytest.mark.parametrize("x", EXTREMES)
def test_every_stop_message_writes_extreme_values_in_a_few_figures(x):
    """Whatever J, the gradient norm or the step: no message prints 180 digits, "inf" or "nan"."""
    messages = []
    for learning_rate in (x, 50.0, None):
        rules = Rules(tol=1e-6, learning_rate=learning_rate, monotone=True)
        messages.append(check(rules, 0, [0.7, 0.3, x]).message if np.isfinite(x) and x > 11 else "")
        messages += [rules.rose(0.3, x, 2), rules.converged(3, abs(x)).message, rules.stalled(3, x).message]
        messages.append(rules.running(3, x, np.array([0.7, x, 0.5])))
        if np.isfinite(x) and x > 0.7:  # stuck above the start: the highest J is named
            stuck = Rules(tol=0.0, learning_rate=learning_rate, monotone=False)
            messages.append(check(stuck, 0, [0.7] + [x] * STUCK).message)
        messages.append(rules.running(3, x, np.array([0.7, 0.5, x])))
        rules.start, rules.highest = 0.69, x
        messages.append(rules.diverged(2, f"reached {loss(x)}").message)
    for message in messages:
        words = message.replace("infinity", "").replace("not a number", "")
        assert max(map(len, words.split()), default=0) <= 13, message
        assert "inf" not in words and "nan" not in words, message


def test_a_falling_loss_runs_on():
    rules = Rules(tol=1e-6, learning_rate=0.1, monotone=True)
    assert check(rules, 0, [0.7, 0.6, 0.5, 0.4]) is None
    assert (rules.start, rules.best, rules.best_epoch, rules.above) == (0.7, 0.4, 3, 0)


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
    stop = check(rules, 0, [0.7, 0.3, 2.0, 10.31])  # 10.31 > 0.3 + 10·max(1, 0.3)
    assert (stop.epoch, stop.status) == (3, DIVERGED)
    assert stop.message == (
        "learning rate 50 is too large: the log-loss rose from 0.30 to 10.31 in 2 epochs; try 5 or lower"
    )
    assert stop.suggested_learning_rate == 5


def test_a_bump_the_loss_comes_back_from_is_not_divergence():
    """Adam at η = 10 on moons: J climbs from 0.69 to 4.1 and is back below 0.69 by epoch 20."""
    J = [0.69, 2.08, 3.41, 3.39, 4.13, 3.5, 3.1] + list(np.linspace(3.0, 0.5, 14)) + [0.2] * 30
    assert check(Rules(tol=0.0, learning_rate=10.0, monotone=False), 0, J) is None


@pytest.mark.parametrize("monotone", [True, False])
def test_stuck_above_the_start_for_STUCK_epochs_diverges(monotone):
    J = [0.69] + [1.9, 1.5, 1.2, 0.8, 0.75] * (STUCK // 5 + 1)
    stop = check(Rules(tol=0.0, learning_rate=100.0, monotone=monotone), 0, J)
    assert (stop.epoch, stop.status) == (STUCK, DIVERGED)
    assert stop.message == (
        f"learning rate 100 is too large: after {STUCK} epochs the log-loss is still above its start, "
        "0.69 (it reached 1.90); try 10 or lower"
    )


def test_a_penalised_run_names_its_objective():
    rules = Rules(tol=0.0, learning_rate=50.0, monotone=False, penalized=True)
    assert "J (log-loss + penalty) rose from 0.70 to 20.00" in check(rules, 0, [0.7, 20.0]).message


def test_rounding_noise_near_the_start_is_not_being_stuck():
    J = 0.3 + np.zeros(STUCK + 5)
    J[1::2] += 1e-17  # at the start, to rounding: a run that has not moved has not diverged
    assert check(Rules(tol=0.0, learning_rate=1.0, monotone=True), 0, J) is None


def test_the_rules_carry_their_state_from_block_to_block():
    rules = Rules(tol=0.0, learning_rate=1.0, monotone=True)
    half = STUCK // 2
    assert check(rules, 0, [0.5] + [0.9] * half) is None
    assert rules.above == half
    stop = check(rules, half + 1, [0.9] * STUCK)  # stuck across the two blocks
    assert stop.epoch == STUCK and "still above its start, 0.50" in stop.message
    rules = Rules(tol=0.0, learning_rate=1.0, monotone=False)
    check(rules, 0, [0.9, 0.2, 0.4])
    stop = check(rules, 3, [10.3])  # exploded against the best of the earlier block, at its epoch
    assert "from 0.20 to 10.30 in 2 epochs" in stop.message


def test_gradient_descent_that_does_not_settle_says_so():
    J = np.concatenate([np.linspace(0.69, 0.2, 20), 0.2 + 0.01 * (np.arange(60) % 2)])
    gd = Rules(tol=1e-6, learning_rate=20.0, monotone=True)
    assert gd.running(79, 1e-2, J).startswith(
        "ran 79 epochs without settling: the log-loss rose in 25 of the last 50; the step is too large"
    )
    adam = Rules(tol=1e-6, learning_rate=20.0, monotone=False)  # its rises are part of its path
    assert adam.running(79, 1e-2, J).startswith("ran 79 epochs; the gradient norm")


def test_messages_without_a_learning_rate_and_while_running():
    newton = Rules(tol=1e-8, learning_rate=None, monotone=False)
    stop = check(newton, 0, [0.7, 50.0])
    assert stop.message.startswith("Newton's method diverged: the log-loss rose from 0.70 to 50.00")
    assert stop.message.endswith("add an L2 penalty (α > 0)") and stop.suggested_learning_rate is None
    assert newton.stalled(7, 3e-15).status == CONVERGED
    assert "no Newton step lowers the loss any more" in newton.stalled(7, 3e-15).message
    assert newton.running(0, 1.0) == NOT_TRAINED
    assert newton.running(3, 2e-3, np.array([0.7, 0.5, 0.4, 0.3])).endswith(
        "(tolerance 1e-08): the log-loss still falls, more epochs would go further"
    )


def test_an_unfinished_run_says_only_what_its_loss_shows():
    """Still falling: more epochs would go further. Rising and falling (mini-batch noise, Adam): that
    is what it says, not "a larger learning rate would go further" (the Playground tries one)."""
    falling = np.linspace(0.7, 0.3, 40)
    for monotone, learning_rate in ((True, 0.1), (False, 0.1), (False, None)):
        rules = Rules(tol=1e-6, learning_rate=learning_rate, monotone=monotone)
        text = rules.running(39, 2e-3, falling)
        assert text.endswith("the log-loss still falls, more epochs would go further")
        assert "larger learning rate" not in text
    noisy = np.concatenate([np.linspace(0.7, 0.2, 20), 0.2 + 0.3 * (np.arange(30) % 3 == 0)])
    sgd = Rules(tol=1e-6, learning_rate=5.0, monotone=False)
    assert sgd.running(49, 9e-2, noisy).endswith(
        "the log-loss rose in 10 of the last 49 epochs and hovers at 0.20"
    )
    assert sgd.running(49, 9e-2, np.append(noisy[:-1], 0.5)).endswith("ends at 0.50, above its lowest, 0.20")
