"""The seed project's usage example (its README) still runs with lr.Logisic_Regression."""

import re

import numpy as np
import pytest

import lr
from lr import Logisic_Regression

LOSS_LINE = re.compile(r"^epoch (\d+): loss (\d+\.\d+)$")


@pytest.fixture
def seeded_global_rng():
    """The example draws from np.random's global state: seed it, and put it back afterwards."""
    state = np.random.get_state()
    np.random.seed(0)
    yield
    np.random.set_state(state)


def _loss_lines(out):
    lines = [LOSS_LINE.match(line) for line in out.splitlines()]
    return [(int(m[1]), float(m[2])) for m in lines if m]


def test_readme_usage_example(capsys, seeded_global_rng):
    # ---- the README's example, verbatim but for the import ----
    # Training data
    X = np.random.randn(5, 4)
    y = np.array([[1], [0], [0], [1], [0]])

    # Initialize model
    model = Logisic_Regression(X, y)

    # Train
    model.train(epoch=1200, lr=0.01, show_loss=True)

    # Test
    X_test = np.random.randn(2, 4)
    y_pred = model.predict(X_test)

    print("Predicted probabilities:", y_pred)
    # ---- end of the example ----

    out = capsys.readouterr().out
    losses = _loss_lines(out)
    assert len(losses) >= 3, out  # loss lines are printed while training
    epochs = [e for e, _ in losses]
    assert epochs[0] == 0 and epochs[-1] == 1200
    assert epochs == sorted(epochs)
    values = [v for _, v in losses]
    assert values[0] == pytest.approx(np.log(2), abs=1e-6)
    assert np.all(np.diff(values) < 0)  # it learns
    assert "Predicted probabilities:" in out
    assert out.index("Predicted probabilities:") > out.index("epoch 1200")

    assert isinstance(y_pred, np.ndarray)
    assert y_pred.shape == (2, 1)
    assert ((y_pred >= 0) & (y_pred <= 1)).all()
    np.testing.assert_allclose(y_pred, 1 / (1 + np.exp(-(X_test @ model.W + model.b))), rtol=1e-12)
    assert model.W.shape == (4, 1)
    assert model.loss() == pytest.approx(values[-1], abs=1e-6)


def test_show_loss_false_prints_nothing(capsys, seeded_global_rng):
    X = np.random.randn(5, 4)
    y = np.array([[1], [0], [0], [1], [0]])
    Logisic_Regression(X, y).train(epoch=50, lr=0.01)
    assert capsys.readouterr().out == ""


def test_learns_a_separable_toy_set(capsys):
    X, y = lr.make_dataset("linear", 60, noise=0.1, random_state=0)
    model = Logisic_Regression(X, y.reshape(-1, 1))
    model.train(epoch=500, lr=0.1, show_loss=True)
    printed = [v for _, v in _loss_lines(capsys.readouterr().out)]
    assert np.all(np.diff(printed) < 0)
    losses = np.asarray(model.losses)
    assert losses.shape == (501,)
    assert losses[0] == pytest.approx(np.log(2))
    assert np.all(np.diff(losses) < 0)  # the loss falls every epoch
    assert losses[-1] < 0.05
    assert model.loss() == pytest.approx(losses[-1], rel=1e-12)
    p = model.predict(X)
    assert p.shape == (60, 1)
    np.testing.assert_array_equal((p[:, 0] > 0.5).astype(int), y)


def test_seed_class_uses_plain_unpenalised_gradient_descent():
    """Same answer as LogisticRegression(penalty='none', optimizer='gd') after the same epochs."""
    X, y = lr.make_dataset("moons", 80, noise=0.3, random_state=1)
    seed = Logisic_Regression(X, y.reshape(-1, 1))
    seed.train(epoch=200, lr=0.5)
    ref = lr.LogisticRegression(penalty="none", optimizer="gd", learning_rate=0.5, epochs=200, tol=0.0)
    ref.fit(X, y)
    np.testing.assert_allclose(seed.W[:, 0], ref.coef_[0], rtol=1e-12)
    assert seed.b == pytest.approx(ref.intercept_[0], rel=1e-12)
    np.testing.assert_allclose(seed.predict(X)[:, 0], ref.predict_proba(X)[:, 1], rtol=1e-12)
