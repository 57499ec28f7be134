"""Tests for lr.trainer: stepping, the per-epoch history (recomputed independently), convergence,
divergence with its advice, deterministic shuffles and input checks."""

import dataclasses

import numpy as np
import pytest

import lr
from lr.trainer import History, Trainer

HISTORY_FIELDS = ["w", "b", "train_loss", "objective", "grad_norm", "train_acc"]


@pytest.fixture(scope="module")
def data():
    """Unbalanced (30 % class 1), overlapping, standardised: a well-posed non-separable problem."""
    X, y = lr.make_dataset("linear", 200, noise=0.7, balance=0.3, random_state=0)
    return lr.StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def split(data):
    X, y = data
    return lr.train_test_split(X, y, test_size=0.3, random_state=0)


def reference_record(X, y, w, b, penalty, alpha):
    """Loss, objective, accuracy and (sub)gradient norm of one model, from scratch."""
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z)
    R = {"none": 0.0, "l2": 0.5 * alpha * w @ w, "l1": alpha * np.abs(w).sum()}[penalty]
    acc = np.mean((z > 0) == (y == 1))
    r = 1.0 / (1.0 + np.exp(-z)) - y
    gw, gb = X.T @ r / len(y), r.mean()
    if penalty == "l2":
        gw = gw + alpha * w
    elif penalty == "l1":
        soft = np.sign(gw) * np.maximum(np.abs(gw) - alpha, 0.0)
        gw = np.where(w != 0, gw + alpha * np.sign(w), soft)
    return loss, loss + R, acc, np.sqrt(gw @ gw + gb * gb)


# ---------------------------------------------------------------- start and stepping


def test_initial_state(data):
    X, y = data
    tr = Trainer(X, y, alpha=0.1)
    assert tr.epoch == 0
    assert tr.status == "running"
    assert tr.message == "not trained yet"
    assert tr.suggested_learning_rate is None
    h = tr.history
    assert isinstance(h, History)
    assert h.n_epochs == 0
    np.testing.assert_array_equal(h.w, np.zeros((1, 2)))
    np.testing.assert_array_equal(h.b, [0.0])
    assert h.train_loss[0] == pytest.approx(np.log(2.0), rel=1e-15)
    assert h.objective[0] == pytest.approx(np.log(2.0), rel=1e-15)
    assert h.train_acc[0] == pytest.approx(np.mean(y == 0))  # z = 0 everywhere predicts class 0
    assert h.train_acc[0] == pytest.approx(0.7)
    assert h.grad_norm[0] == pytest.approx(reference_record(X, y, np.zeros(2), 0.0, "l2", 0.1)[3], rel=1e-12)
    assert h.test_loss is None and h.test_acc is None
    np.testing.assert_array_equal(tr.w, [0.0, 0.0])
    assert tr.b == 0.0


def test_step_advances_one_epoch(data):
    X, y = data
    tr = Trainer(X, y, alpha=0.01, learning_rate=0.5, tol=0.0)
    for e in range(1, 6):
        assert tr.step() is tr
        assert tr.epoch == e
        h = tr.history
        assert h.n_epochs == e
        for field in HISTORY_FIELDS:
            assert getattr(h, field).shape[0] == e + 1
        assert h.train_loss[e] < h.train_loss[e - 1]
    assert tr.status == "running"
    assert tr.message.startswith("ran 5 epochs")


@pytest.mark.parametrize("epochs", [1, 7, 255, 256, 257, 600])
def test_history_has_one_row_per_epoch_plus_the_start(data, split, epochs):
    X_train, X_test, y_train, y_test = split
    tr = Trainer(X_train, y_train, alpha=0.01, learning_rate=0.1, tol=0.0, X_test=X_test, y_test=y_test)
    assert tr.run(epochs) is tr
    h = tr.history
    assert tr.epoch == h.n_epochs == epochs
    assert h.w.shape == (epochs + 1, 2)
    for field in [*HISTORY_FIELDS, "test_loss", "test_acc"]:
        arr = getattr(h, field)
        assert arr.shape[0] == epochs + 1, field
        assert np.isfinite(arr).all(), field
    np.testing.assert_array_equal(h.w[0], 0.0)
    assert h.b[0] == 0.0
    assert h.train_loss[0] == pytest.approx(np.log(2.0), rel=1e-15)
    np.testing.assert_array_equal(h.w[-1], tr.w)
    assert h.b[-1] == tr.b


def test_history_is_frozen(data):
    X, y = data
    h = Trainer(X, y).run(3).history
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.w = None


RECORD_CASES = [
    ("gd", "l2", 0.05, 1.0, None, 300),
    ("gd", "none", 0.0, 1.0, None, 300),
    ("gd", "l1", 0.05, 1.0, None, 300),
    ("sgd", "l2", 0.05, 0.1, 32, 40),
    ("sgd", "l1", 0.05, 0.1, 32, 40),
    ("momentum", "l2", 0.05, 0.1, None, 300),
    ("momentum", "l1", 0.05, 0.1, None, 300),
    ("adam", "l2", 0.05, 0.05, None, 300),
    ("adam", "l1", 0.05, 0.05, None, 300),
    ("newton", "l2", 0.05, 0.1, None, 10),
    ("newton", "none", 0.0, 0.1, None, 10),
]


@pytest.mark.parametrize(
    ("optimizer", "penalty", "alpha", "learning_rate", "batch_size", "epochs"), RECORD_CASES
)
def test_history_records_match_independent_recomputation(
    split, optimizer, penalty, alpha, learning_rate, batch_size, epochs
):
    X_train, X_test, y_train, y_test = split
    tr = Trainer(
        X_train,
        y_train,
        penalty=penalty,
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=learning_rate,
        batch_size=batch_size,
        tol=0.0,
        random_state=0,
        X_test=X_test,
        y_test=y_test,
    ).run(epochs)
    h = tr.history
    assert h.n_epochs >= 1
    for e in range(h.n_epochs + 1):
        w, b = h.w[e], h.b[e]
        loss, obj, acc, gn = reference_record(X_train, y_train, w, b, penalty, alpha)
        assert h.train_loss[e] == pytest.approx(loss, rel=1e-10), e
        assert h.objective[e] == pytest.approx(obj, rel=1e-10), e
        assert h.train_acc[e] == acc, e
        assert h.grad_norm[e] == pytest.approx(gn, rel=1e-7, abs=1e-12), e
        t_loss, _, t_acc, _ = reference_record(X_test, y_test, w, b, "none", 0.0)
        assert h.test_loss[e] == pytest.approx(t_loss, rel=1e-10), e
        assert h.test_acc[e] == t_acc, e


def test_test_metrics_absent_without_test_set(data):
    X, y = data
    h = Trainer(X, y).run(5).history
    assert h.test_loss is None and h.test_acc is None


def test_running_in_pieces_equals_running_at_once(data):
    X, y = data
    kw = {"alpha": 0.01, "learning_rate": 0.3, "tol": 0.0}
    whole = Trainer(X, y, **kw).run(700).history
    pieces = Trainer(X, y, **kw)
    for k in (1, 1, 3, 250, 1, 300, 144):
        pieces.run(k)
    parts = pieces.history
    assert parts.n_epochs == whole.n_epochs == 700
    for field in HISTORY_FIELDS:
        np.testing.assert_allclose(getattr(parts, field), getattr(whole, field), rtol=1e-12, atol=1e-15)


def test_fit_intercept_false(data):
    X, y = data
    tr = Trainer(X, y, alpha=0.01, fit_intercept=False, learning_rate=0.5).run(50)
    h = tr.history
    np.testing.assert_array_equal(h.b, np.zeros(51))
    assert tr.b == 0.0
    assert tr.w.shape == (2,)
    loss, *_ = reference_record(X, y, tr.w, 0.0, "l2", 0.01)
    assert h.train_loss[-1] == pytest.approx(loss, rel=1e-12)


# ---------------------------------------------------------------- convergence


@pytest.mark.parametrize("optimizer", ["gd", "newton"])
def test_converges_with_a_sentence(data, optimizer):
    X, y = data
    tr = Trainer(X, y, alpha=0.01, optimizer=optimizer, learning_rate=1.0, tol=1e-6).run(5000)
    assert tr.status == "converged"
    assert 0 < tr.epoch < 5000
    gn = tr.history.grad_norm
    assert gn[-1] <= 1e-6
    assert (gn[:-1] > 1e-6).all()  # it stopped at the first epoch within tolerance
    assert tr.message.startswith(f"converged at epoch {tr.epoch}:")
    assert "gradient norm" in tr.message and "1e-06" in tr.message
    assert tr.suggested_learning_rate is None

    before = tr.history
    snapshot = {f: getattr(before, f).copy() for f in HISTORY_FIELDS}
    epoch, message, theta = tr.epoch, tr.message, tr.theta.copy()
    assert tr.run(100) is tr
    tr.step()
    assert tr.epoch == epoch and tr.status == "converged" and tr.message == message
    np.testing.assert_array_equal(tr.theta, theta)
    for f in HISTORY_FIELDS:
        np.testing.assert_array_equal(getattr(tr.history, f), snapshot[f])


def test_converged_at_start_when_tol_is_huge(data):
    X, y = data
    tr = Trainer(X, y, tol=10.0)
    assert tr.status == "converged"
    assert tr.epoch == 0
    tr.run(10)
    assert tr.epoch == 0


def test_tol_zero_runs_every_epoch(data):
    X, y = data
    tr = Trainer(X, y, alpha=0.01, learning_rate=1.0, tol=0.0).run(400)
    assert tr.status == "running" and tr.epoch == 400


def test_rounding_noise_at_the_optimum_is_not_divergence():
    """With tol = 0 (as Logisic_Regression uses) GD reaches the optimum and then the objective
    wobbles by an ulp or two; that is not 'the loss rose', and learning rate 1 is not too large."""
    X, y = lr.make_dataset("linear", 200, noise=0.7, random_state=0)
    X = lr.StandardScaler().fit_transform(X)
    tr = Trainer(X, y, alpha=0.01, learning_rate=1.0, tol=0.0).run(1000)
    assert tr.status != "diverged", tr.message
    assert tr.epoch == 1000
    assert tr.history.grad_norm[-1] < 1e-12


# ---------------------------------------------------------------- divergence


@pytest.mark.parametrize(
    "case",
    [
        ("moons", False, 0.0, None),
        ("moons", True, 0.0, None),
        ("circles", True, 0.01, None),
        ("linear", False, 0.01, None),
        ("moons", True, 0.0, "test"),
    ],
)
def test_gd_with_learning_rate_500_diverges_with_advice(case):
    name, standardise, alpha, with_test = case
    X, y = lr.make_dataset(name, 200, noise=0.3, random_state=0)
    if standardise:
        X = lr.StandardScaler().fit_transform(X)
    test = {"X_test": X[:50], "y_test": y[:50]} if with_test else {}
    tr = Trainer(X, y, alpha=alpha, optimizer="gd", learning_rate=500, **test).run(1000)
    assert tr.status == "diverged"
    assert tr.epoch < 1000
    assert "learning rate 500 is too large" in tr.message
    assert "try 50 or lower" in tr.message
    assert tr.suggested_learning_rate == 50
    h = tr.history
    assert h.n_epochs == tr.epoch
    fields = HISTORY_FIELDS + (["test_loss", "test_acc"] if with_test else [])
    for field in fields:
        assert np.isfinite(getattr(h, field)).all(), field
    assert np.isfinite(tr.theta).all()
    np.testing.assert_array_equal(h.w[-1], tr.w)
    # nothing more happens
    epoch = tr.epoch
    tr.run(10)
    assert tr.epoch == epoch and tr.status == "diverged"


def test_gd_that_keeps_overshooting_near_the_optimum_runs_on_and_says_so():
    """η = 50 on standardised moons: J falls below its start, then rises and falls for good. That is
    a step too large to settle, not divergence: the run keeps every epoch and says so."""
    X, y = lr.make_dataset("moons", 200, noise=0.3, random_state=0)
    X = lr.StandardScaler().fit_transform(X)
    tr = Trainer(X, y, learning_rate=50).run(300)
    assert tr.status == "running" and tr.epoch == 300 and tr.unsettled
    assert "without settling" in tr.message and "a smaller learning rate would" in tr.message
    calm = Trainer(X, y, learning_rate=1).run(300)
    assert not calm.unsettled and "without settling" not in calm.message


@pytest.mark.parametrize(("learning_rate", "suggested"), [(30, "3"), (20.5, "2"), (500, "50"), (1000, "100")])
def test_divergence_message_writes_numbers_as_a_person_would(learning_rate, suggested):
    """The message repeats the learning rate the user set (500, not 5e+02; 20.5, not 20) and
    suggests about a tenth of it, rounded to a friendly number."""
    X, y = lr.make_dataset("circles", 200, noise=0.3, random_state=0)
    tr = Trainer(X, y, learning_rate=learning_rate).run(500)
    assert tr.status == "diverged"
    assert tr.suggested_learning_rate == float(suggested)
    assert f"try {suggested} or lower" in tr.message
    assert f"learning rate {learning_rate:g} is too large" in tr.message


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
def test_other_optimizers_also_stop_when_the_loss_explodes(optimizer):
    """SGD and momentum at η = 50 on unscaled moons: J passes 11 within 5 epochs."""
    X, y = lr.make_dataset("moons", 200, noise=0.3, random_state=0)
    tr = Trainer(X, y, alpha=0.01, optimizer=optimizer, learning_rate=50, random_state=0).run(500)
    assert tr.status == "diverged"
    assert "try 5 or lower" in tr.message
    for field in HISTORY_FIELDS:
        assert np.isfinite(getattr(tr.history, field)).all()


# ---------------------------------------------------------------- shuffling


def _sgd_history(X, y, seed):
    return (
        Trainer(X, y, alpha=0.01, optimizer="sgd", learning_rate=0.1, tol=0.0, random_state=seed)
        .run(20)
        .history
    )


def test_sgd_shuffles_deterministically(data):
    X, y = data
    a, b, c = _sgd_history(X, y, 7), _sgd_history(X, y, 7), _sgd_history(X, y, 8)
    for field in HISTORY_FIELDS:
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.w, c.w)
    assert not np.array_equal(a.train_loss, c.train_loss)


def test_sgd_uses_mini_batches(data):
    """A different batch size gives a different path; batch_size ≥ n is plain full-batch GD."""
    X, y = data
    kw = {"alpha": 0.01, "learning_rate": 0.1, "tol": 0.0, "random_state": 0}
    gd = Trainer(X, y, optimizer="gd", **kw).run(10).history
    sgd32 = Trainer(X, y, optimizer="sgd", **kw).run(10).history
    sgd_all = Trainer(X, y, optimizer="sgd", batch_size=len(y), **kw).run(10).history
    np.testing.assert_allclose(sgd_all.w, gd.w, rtol=1e-12)
    assert np.abs(sgd32.w - gd.w).max() > 1e-3
    # 200 samples in batches of 32: 7 steps an epoch, so SGD is far ahead of GD after one epoch
    assert sgd32.train_loss[1] < gd.train_loss[1]


# ---------------------------------------------------------------- Newton and the 'none' penalty


def test_penalty_none_ignores_alpha_for_every_optimizer(data):
    """penalty='none' has R(w) = 0 whatever α says: Newton must agree with GD and with α = 0."""
    X, y = data
    ref = Trainer(X, y, penalty="none", alpha=0.0, optimizer="newton", tol=1e-10).run(50)
    newton = Trainer(X, y, penalty="none", alpha=1.0, optimizer="newton", tol=1e-10).run(50)
    gd = Trainer(X, y, penalty="none", alpha=1.0, optimizer="gd", learning_rate=1.0, tol=1e-9).run(5000)
    np.testing.assert_allclose(gd.w, ref.w, atol=1e-6)
    np.testing.assert_allclose(newton.w, ref.w, atol=1e-6)
    assert newton.b == pytest.approx(ref.b, abs=1e-6)


# ---------------------------------------------------------------- input checks


def test_bad_arguments(data):
    X, y = data
    with pytest.raises(ValueError, match="learning_rate"):
        Trainer(X, y, learning_rate=0)
    with pytest.raises(ValueError, match="learning_rate"):
        Trainer(X, y, learning_rate=-0.1)
    with pytest.raises(ValueError, match="tol"):
        Trainer(X, y, tol=-1.0)
    with pytest.raises(ValueError, match="batch_size"):
        Trainer(X, y, optimizer="sgd", batch_size=0)
    with pytest.raises(TypeError, match="batch_size"):
        Trainer(X, y, optimizer="sgd", batch_size=2.5)
    with pytest.raises(ValueError, match="batch_size"):
        Trainer(X, y, optimizer="newton", batch_size=16)
    with pytest.raises(ValueError, match="optimizer"):
        Trainer(X, y, optimizer="lbfgs")
    with pytest.raises(ValueError, match="penalty"):
        Trainer(X, y, penalty="elasticnet")
    with pytest.raises(ValueError, match="alpha"):
        Trainer(X, y, alpha=-1.0)
    with pytest.raises(ValueError, match="0 and 1"):
        Trainer(X, np.where(y == 1, 1, -1))
    with pytest.raises(ValueError, match="one class"):
        Trainer(X, np.zeros_like(y))
    with pytest.raises(ValueError, match=r"X_test has 3 features but X has 2"):
        Trainer(X, y, X_test=np.ones((4, 3)), y_test=np.ones(4))
    with pytest.raises(ValueError, match="y_test"):
        Trainer(X, y, X_test=np.ones((4, 2)), y_test=np.full(4, 2.0))


def test_bad_epochs(data):
    X, y = data
    tr = Trainer(X, y)
    with pytest.raises(ValueError, match="epochs"):
        tr.run(0)
    with pytest.raises(ValueError, match="epochs"):
        tr.run(-3)
    with pytest.raises(TypeError, match="epochs"):
        tr.run(2.5)
    assert tr.epoch == 0


@pytest.mark.parametrize(
    ("seed", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("7", TypeError)]
)
def test_one_seed_rule_for_data_split_and_trainer(data, seed, error):
    """None or a non-negative integer, with the same message as make_dataset and train_test_split."""
    X, y = data
    message = f"random_state must be None or a non-negative integer, got {seed!r}"
    for call in (
        lambda: Trainer(X, y, optimizer="sgd", random_state=seed),
        lambda: lr.make_dataset("moons", 50, random_state=seed),
        lambda: lr.train_test_split(X, y, random_state=seed),
    ):
        with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
            call()
    Trainer(X, y, random_state=np.int64(3))  # NumPy's integers are integers


# ---------------------------------------------------------------- the trainer asks, it never tests types


def test_a_new_optimizer_is_one_class_and_one_registry_entry(data, monkeypatch):
    """Half-step gradient descent, registered: the trainer runs it from its capabilities alone."""
    from lr import optimizers

    class HalfStep(optimizers.GD):
        """Gradient descent at half the learning rate."""

        name = "half"
        label = "Half-step GD"
        formula = r"\theta \leftarrow \theta - \tfrac{\eta}{2} g"

        def update(self, theta, g, trace=None):
            theta -= 0.5 * self.learning_rate * g
            return 0.5 * self.learning_rate

    monkeypatch.setitem(optimizers.OPTIMIZERS, "half", HalfStep)
    X, y = data
    half = Trainer(X, y, alpha=0.01, optimizer="half", learning_rate=0.4, tol=0.0).run(30)
    gd = Trainer(X, y, alpha=0.01, optimizer="gd", learning_rate=0.2, tol=0.0).run(30)
    np.testing.assert_allclose(half.history.w, gd.history.w, rtol=1e-12)
    diverged = Trainer(X, y, optimizer="half", learning_rate=1e4).run(100)
    assert diverged.status == "diverged" and "learning rate 10000 is too large" in diverged.message


@pytest.mark.parametrize("optimizer", ["gd", "sgd"])
def test_scoring_reuses_its_arrays_from_block_to_block(split, optimizer, monkeypatch):
    """The scoring's temporaries (logits, loss work space, accuracy booleans, for the training and
    the test set) are made once per run and reused by every block, not allocated per block (where
    each large allocation pays its page faults afresh)."""
    Xtr, Xte, ytr, yte = split
    trainer = Trainer(Xtr, ytr, optimizer=optimizer, learning_rate=0.1, tol=0.0, X_test=Xte, y_test=yte)
    seen = {}

    def spy(owner, method, name):
        original = getattr(owner, method)

        def wrapper(*args, **kwargs):
            given = kwargs.get("out", args[1] if len(args) > 1 else None)
            seen.setdefault(name, []).append(None if given is None else given.base)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, method, wrapper)

    spy(trainer._test, "logits", "test logits")
    spy(trainer._test, "data_loss", "test loss")
    spy(trainer._test, "n_correct", "test accuracy")
    spy(trainer.objective, "n_correct", "accuracy")
    if optimizer == "sgd":
        spy(trainer.objective, "data_loss", "loss")
    trainer.run(4 * trainer._block)
    for name, buffers in seen.items():
        assert len(buffers) >= 4, name
        assert buffers[0] is not None, f"{name}: a fresh array per block"
        assert all(b is buffers[0] for b in buffers), f"{name}: not the same array in every block"
    assert trainer._buffers == {}  # released when the run returns: not kept between runs
