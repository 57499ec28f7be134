"""A step-wise trainer: advance any number of epochs, keep every epoch's model and scores.

The trainer orchestrates: the objective (lr/objective.py) computes, the optimizer
(lr/optimizers.py) steps, the record (lr/history.py) keeps, the rules (lr/stopping.py) decide.
Row e of the history is the model after e epochs (row 0 is the start, w = 0 and b = 0). The run
stops by itself when it converges or diverges, with one sentence a person can act on.

The loop is split in two because the update is sequential and scoring is not: the loop does only
what the next step needs (z, g, the update), and the losses and accuracies of a block of epochs are
computed together from its own logits (what that costs: benchmarks/README.md, Trainer).
"""

import math

import numpy as np

from ._validation import check_binary01, check_labels, check_number, check_random_state, check_X
from .history import History, Record
from .objective import Objective
from .optimizers import StalledError, optimizer_class
from .stopping import NOT_TRAINED, RUNNING, Rules, Stop

_BLOCK_CELLS = 1 << 23  # n × k cells scored at once (64 MiB of float64): bounds memory at any n
CHECKPOINT_STEPS = 64  # optimizer steps between checkpoints: `trace` replays fewer than this many


class Trainer:
    """Logistic regression trained epoch by epoch on X (n, d) and y (n,) in {0, 1}.

    Minimises J(w, b) = (1/n) Σ [log(1 + e^(z_i)) − y_i z_i] + R(w), z = Xw + b, with the named
    optimizer and penalty. `X_test`, `y_test` (optional) are scored every epoch but never trained on.
    `warm_start=(w, b)` starts from those weights instead of zeros.

    K ≥ 3 classes: y holds class codes 0..K−1 (K = n_classes, or max(y) + 1), and the same trainer
    minimises the softmax objective over Θ (K, d+1) (lr.objective.SoftmaxObjective): w (K, d), b (K,),
    and the history keeps one row per class at every epoch.
    """

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        penalty: str | None = "l2",
        alpha: float = 0.0,
        optimizer: str = "gd",
        learning_rate: float = 0.1,
        batch_size: int | None = None,
        tol: float = 1e-6,
        fit_intercept: bool = True,
        random_state: int | None = None,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        warm_start: tuple[np.ndarray, float] | None = None,
        n_classes: int | None = None,
    ) -> None:
        self._arguments = {  # to replay the run (`trace`)
            "penalty": penalty,
            "alpha": alpha,
            "optimizer": optimizer,
            "learning_rate": learning_rate,
            "batch_size": batch_size,
            "tol": tol,
            "fit_intercept": fit_intercept,
            "random_state": random_state,
        }
        # the objective checks X, y and the penalty (X once: at 10^6 rows a check costs a pass)
        self.objective = Objective(
            X, y, penalty=penalty, alpha=alpha, fit_intercept=fit_intercept, n_classes=n_classes
        )
        self.n_classes = K = self.objective.n_classes
        self._arguments["n_classes"] = K if K > 2 else n_classes
        _check_every_class(self.objective.y, K)
        self.penalty = self.objective.penalty
        self.fit_intercept = self.objective.fit_intercept
        auto = isinstance(learning_rate, str) and learning_rate == "auto"
        if isinstance(learning_rate, str) and not auto:
            raise ValueError(f"learning_rate must be a number > 0 or 'auto', got {learning_rate!r}")
        if not auto:
            learning_rate = check_number(learning_rate, "learning_rate", low=0, low_open=True)
        self.tol = check_number(tol, "tol", low=0)
        kind = optimizer_class(optimizer)  # its capabilities decide, never its type
        if kind.smooth_only and not self.penalty.smooth:
            raise ValueError(
                f"optimizer '{kind.name}' needs a smooth objective and the {self.penalty.name.upper()} "
                "penalty has no Hessian; use penalty 'l2' or 'none', or a gradient optimizer with L1"
            )
        if kind.second_order and batch_size is not None:
            raise ValueError(f"optimizer '{kind.name}' uses every sample; got batch_size={batch_size}")
        if batch_size is None:
            batch_size = kind.default_batch_size
        if batch_size is not None:
            batch_size = check_number(batch_size, "batch_size", low=1, integer=True)
        n, d = self.objective.n, self.objective.n_features
        self.batch_size = None if batch_size is None or batch_size >= n else batch_size  # None: full batch
        self.rng = np.random.default_rng(check_random_state(random_state))
        self.optimizer = kind(None if auto else learning_rate, batch_size=self.batch_size, rng=self.rng)
        if auto:  # the optimizer's own safe step on this objective (None: it takes no learning rate)
            self.optimizer.learning_rate = self.optimizer.auto_learning_rate(self.objective)
        self.learning_rate = self.optimizer.learning_rate
        self.n_features = d

        self._test = _test_objective(X_test, y_test, d, K, self.fit_intercept)  # scored, never trained on

        # θ = (w, b), or Θ (K, d+1) for K classes, starting at 0: p = 1/K everywhere
        self.theta = np.zeros(self.objective.theta_shape)
        if warm_start is not None:  # continue from given weights (the seed's train() does)
            w0, b0 = warm_start
            self.theta[..., :d] = np.asarray(w0, dtype=np.float64).reshape(self.theta[..., :d].shape)
            if self.fit_intercept:
                self.theta[..., -1] = np.asarray(b0, dtype=np.float64).reshape(self.theta.shape[:-1])

        self.rules = Rules(
            tol=self.tol,
            learning_rate=self.learning_rate if self.optimizer.uses_learning_rate else None,
            monotone=self.optimizer.monotone and self.batch_size is None,
            penalized=self.penalty.alpha > 0 and self.penalty.name != "none",
        )
        self.epoch = 0
        self.status = RUNNING
        self.message = NOT_TRAINED
        self.suggested_learning_rate: float | None = None
        self.unsettled = False  # gradient descent still raising J (too large a step to settle)
        self.record = Record(self.objective.theta_shape)
        self.record.theta[0] = self.theta
        self._block = int(max(1, min(256, _BLOCK_CELLS // (n * (K if K > 2 else 1)))))
        self._buffers: dict[str, np.ndarray] = {}  # the scoring's work arrays, made once per run
        self._scored = 0  # rows 0.._scored-1 have losses and accuracies
        # What a replay of an epoch needs besides its θ (the optimizer's state, the shuffle generator's)
        # is kept every `_checkpoint_every` epochs, about CHECKPOINT_STEPS steps apart; a memoryless
        # optimizer on full batches needs nothing but θ.
        steps = 1 if self.batch_size is None else -(-n // self.batch_size)
        memoryless = self.optimizer.memoryless and self.batch_size is None
        self._checkpoint_every = 0 if memoryless else max(1, CHECKPOINT_STEPS // steps)
        self._checkpoints: dict[int, tuple[dict, dict]] = {}
        self._checkpoint()
        self._score(0, 0)
        if self.status == RUNNING and self.record.grad_norm[0] <= self.tol:
            self._stop(self.rules.converged(0, self.record.grad_norm[0]))

    # -- the record ----------------------------------------------------------------------------------
    @property
    def history(self) -> History:
        """The record of epochs 0..epoch (views, not copies: treat them as read-only)."""
        return self.record.history(self.epoch, self.n_features, self.fit_intercept, self._test is not None)

    @property
    def w(self) -> np.ndarray:
        """The current weights: (d,), or (K, d) for K classes."""
        return self.theta[..., : self.n_features].copy()

    @property
    def b(self) -> float | np.ndarray:
        """The current intercept: a number, or (K,) for K classes."""
        if self.n_classes > 2:
            return self.theta[:, -1].copy() if self.fit_intercept else np.zeros(self.n_classes)
        return float(self.theta[-1]) if self.fit_intercept else 0.0

    # -- training ----------------------------------------------------------------------------------
    def step(self) -> "Trainer":
        """Advance one epoch (or nothing, once the run has converged or diverged)."""
        return self.run(1)

    def run(self, epochs: int) -> "Trainer":
        """Advance up to `epochs` epochs; stops early on convergence or divergence. Returns self."""
        self._advance(check_number(epochs, "epochs", low=1, integer=True))
        return self

    def trace(self, epoch: int) -> dict:
        """The numbers the step from epoch `epoch` to epoch + 1 used, found by replaying that step.

        Keys: "epoch", "theta" (θ at the start), the gradient's "data_gradient", "penalty_gradient"
        and "gradient", then the optimizer's own (see lr/optimizers.py); with mini-batches, "steps"
        holds one such record per batch, with its "rows".

        A memoryless optimizer on full batches (GD, Newton) steps from θ_epoch alone, so the replay
        starts there. The others carry state (momentum's velocity, Adam's means, the shuffle's
        generator): the replay starts at the last checkpoint, fewer than CHECKPOINT_STEPS steps back,
        from its θ and that state, and makes exactly the steps the run made.
        """
        if isinstance(epoch, bool) or not isinstance(epoch, int | np.integer) or not 0 <= epoch < self.epoch:
            raise ValueError(
                f"epoch must be an epoch this run stepped from, 0 to {self.epoch - 1}, got {epoch!r}"
            )
        epoch = int(epoch)
        objective = self.objective
        X = objective.XT[: self.n_features].T
        test = {}
        if self._test is not None:
            test = {"X_test": self._test.XT[: self.n_features].T, "y_test": self._test.y}
        every = self._checkpoint_every
        first = epoch - epoch % every if every else epoch
        start = self.record.theta[first]
        warm_start = (start[..., : self.n_features], start[..., -1] if self.fit_intercept else 0.0)
        replay = Trainer(X, objective.y, **self._arguments, **test, warm_start=warm_start)
        if every:
            optimizer_state, generator_state = self._checkpoints[first]
            replay.optimizer.load_state(optimizer_state)
            replay.rng.bit_generator.state = generator_state  # the optimizer draws from this generator
        if epoch > first:
            replay.run(epoch - first)
        record = {"epoch": epoch, "theta": replay.theta.copy()}
        replay._advance(1, trace=record)
        return record

    def _checkpoint(self) -> None:
        """Keep what a replay from this epoch needs besides θ, if this epoch is a checkpoint."""
        every = self._checkpoint_every
        if every and self.epoch % every == 0:
            self._checkpoints[self.epoch] = (self.optimizer.state(), self.rng.bit_generator.state)

    def _advance(self, epochs: int, trace: dict | None = None) -> None:
        target = self.epoch + epochs
        self.record.reserve(target + 1)
        while self.status == RUNNING and self.epoch < target:
            first = self.epoch
            k = min(self._block, target - first)
            stalled, Z = False, None
            with np.errstate(all="ignore"):  # a diverging run may overflow; the rules judge it
                if self.batch_size is None:
                    Z, stalled = self._full_batch_block(k, first + k >= target, trace)
                else:
                    self._minibatch_block(k, trace)
                if Z is None:  # score every epoch not yet scored, with fresh logits
                    self._score(self._scored, self.epoch)
                else:  # the loop's own logits cover epochs first..first+len(Z)−1
                    self._score(self._scored, first + len(Z) - 1, Z[self._scored - first :])
            grad_norm = self.record.grad_norm[self.epoch]
            if self.status == RUNNING and grad_norm <= self.tol:
                self._stop(self.rules.converged(self.epoch, grad_norm))
            elif self.status == RUNNING and stalled:
                self._stop(self.rules.stalled(self.epoch, grad_norm))
        if self.status == RUNNING:
            J = self.record.objective[: self.epoch + 1]
            self.message = self.rules.running(self.epoch, self.record.grad_norm[self.epoch], J)
            self.unsettled = self.rules.unsettled(J)
        self._buffers = {}  # scratch space: not kept (nor pickled) between runs

    def _full_batch_block(self, k: int, final: bool, trace: dict | None) -> tuple[np.ndarray, bool]:
        """Up to k full-batch epochs; returns the logits it computed, one row per epoch from the
        first (they score the epochs), and whether the optimizer stalled.

        Each epoch: z = X₁θ, g = ∇f(θ), the convergence test, then the optimizer's step. Mid-run
        the last epoch is left for the next block, which computes its logits anyway; the `final`
        block evaluates it without stepping. A step that evaluated its new θ (Newton's line search)
        leaves the logits in the next row and returns J, and the next epoch starts from them.
        """
        Z = self._scratch()
        objective, optimizer, record, theta = self.objective, self.optimizer, self.record, self.theta
        tol2 = self.tol * self.tol
        J = record.objective[self.epoch]  # J(θ) if known: scored already, or found by a line search
        J = None if math.isnan(J) else float(J)
        fresh = False  # whether Z[i] already holds X₁θ
        Z_rows = list(Z[: k + 1])  # the rows as arrays, made once per block, not twice an epoch
        for i in range(k + final):
            e = self.epoch
            z = Z_rows[i]
            if not fresh:
                objective.logits(theta, out=z)
            trace_now = trace if i == 0 else None  # a traced run makes one step
            J_free, g = objective.value_and_gradient(theta, z, trace=trace_now)
            if J_free is not None:  # the gradient's pass gave J too (K classes): no scoring pass for it
                J = record.objective[e] = J_free
            optimality = objective.optimality(theta, g)
            gg = float(np.vdot(optimality, optimality))
            record.grad_norm[e] = math.sqrt(gg)
            if gg <= tol2 or i == k:  # θ_e is optimal to tolerance, or the run's last epoch
                return Z[: i + 1], False
            try:
                J = optimizer.step(objective, theta, g, z, J=J, z_next=Z_rows[i + 1], trace=trace_now)
            except StalledError:
                return Z[: i + 1], True
            fresh = J is not None
            self.epoch = e + 1
            record.theta[e + 1] = theta
            if self._checkpoint_every:
                self._checkpoint()
            if fresh:
                record.objective[e + 1] = J
        return Z[:k], False

    def _minibatch_block(self, k: int, trace: dict | None) -> None:
        """k epochs of mini-batch steps; their gradient norms are computed when they are scored."""
        for _ in range(k):
            self.optimizer.epoch(self.objective, self.theta, trace)
            self.epoch += 1
            self.record.theta[self.epoch] = self.theta
            self._checkpoint()

    def _scratch(self, name: str = "Z", rows: int | None = None, dtype: type = float) -> np.ndarray:
        """A work array of the run, made on first use and reused by every block: "Z" the logits of a
        block of epochs (_block + 1 rows), "work" the loss's, "hits" the accuracy's (booleans), and
        "test_*" the same for the test set; the first `rows` rows of it.

        Reused, not made afresh per block: an array above glibc's 128 KiB mmap threshold is mapped
        anew at each allocation and pays a page fault per 4 KiB page on first touch (10-40 % of a
        run at thousands of points, measured in benchmarks/bench_trainer.py).
        """
        buffer = self._buffers.get(name)
        if buffer is None:
            objective = self._test if name.startswith("test") else self.objective
            shape = (self._block + 1, *objective.theta_shape[:-1], objective.n)
            buffer = self._buffers[name] = np.empty(shape, dtype=dtype)
        return buffer if rows is None else buffer[:rows]

    # -- scoring and stopping --------------------------------------------------------------------
    def _score(self, first: int, last: int, Z: np.ndarray | None = None) -> None:
        """Losses, accuracies and missing gradient norms of epochs first..last, in one block.

        Z (k, n) holds their logits when the training loop already computed them.
        """
        if first > last:
            return
        objective, record, rows = self.objective, self.record, slice(first, last + 1)
        Theta = record.theta[rows]  # (k, d+1), or (k, K, d+1) for K classes
        finite = np.isfinite(Theta.reshape(len(Theta), -1)).all(axis=1)
        Theta = np.where(finite.reshape(-1, *[1] * (Theta.ndim - 1)), Theta, 0.0)  # scored as 0, then
        # discarded by the rules
        k = len(Theta)
        if Z is None or not finite.all():  # (k, n): every epoch's logits in one product
            Z = objective.logits(Theta, out=self._scratch("Z", k))
        # J found with the gradient (a full batch: the gradient's e^(−|z|) gives it) or by Newton's
        # line search: the data term is J − R(w), no pass over the data for those epochs
        known = ~np.isnan(record.objective[rows])
        if known.any():
            data_loss = record.objective[rows] - objective.penalty_value(Theta)
            if not known.all():
                data_loss[~known] = objective.data_loss(Z[~known])
        else:
            data_loss = objective.data_loss(Z, self._scratch("work", k))
        record.train_loss[rows] = data_loss
        record.objective[rows] = objective.loss(Theta, data_loss=data_loss)
        record.train_acc[rows] = objective.n_correct(Z, self._scratch("hits", k, bool)) / objective.n
        missing = np.flatnonzero(np.isnan(record.grad_norm[rows]))
        if missing.size:  # gradients the loop did not compute (mini-batches)
            G = objective.optimality(Theta[missing], objective.gradient(Theta[missing], Z[missing]))
            record.grad_norm[first + missing] = np.sqrt((G * G).reshape(len(G), -1).sum(axis=1))
        if self._test is not None:
            Z_test = self._test.logits(Theta, out=self._scratch("test_Z", k))
            record.test_loss[rows] = self._test.data_loss(Z_test, self._scratch("test_work", k))
            hits = self._test.n_correct(Z_test, self._scratch("test_hits", k, bool))
            record.test_acc[rows] = hits / self._test.n
        self._scored = last + 1
        stop = self.rules.check(first, record.objective[rows], finite, record.grad_norm[rows])
        if stop is not None:
            self._stop(stop)

    def _stop(self, stop: Stop) -> None:
        self.unsettled = False
        self.status, self.message = stop.status, stop.message
        self.suggested_learning_rate = stop.suggested_learning_rate
        self.epoch = stop.epoch
        self._scored = stop.epoch + 1
        self.theta = self.record.theta[stop.epoch].copy()


def _check_every_class(y: np.ndarray, K: int) -> None:
    """Training needs both classes, or for K classes every class at least one sample."""
    if K == 2:
        check_binary01(y)
        return
    counts = np.bincount(y, minlength=K)
    if (counts == 0).any():
        empty = np.flatnonzero(counts == 0).tolist()
        raise ValueError(
            f"y has no sample of class {', '.join(map(str, empty))} of the {K} classes 0 to {K - 1}: "
            "every class needs at least one training sample"
        )


def _test_objective(
    X_test: np.ndarray | None, y_test: np.ndarray | None, d: int, K: int, fit_intercept: bool
) -> Objective | None:
    """The test split's objective (None without one), checked against the training data's shape."""
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test go together: give both or neither")
    if X_test is None or len(X_test) == 0:
        return None
    Xt = check_X(X_test, name="X_test")
    if Xt.shape[1] != d:
        raise ValueError(f"X_test has {Xt.shape[1]} features but X has {d}")
    yt = check_labels(y_test, Xt.shape[0], name="y_test")
    if K == 2:
        yt = check_binary01(yt, name="y_test", both_classes=False)
    return Objective(Xt, yt, fit_intercept=fit_intercept, n_classes=None if K == 2 else K)
