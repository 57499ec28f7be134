"""Optimizers: each owns its step; one registry, OPTIMIZERS, holds their names and capabilities.

The protocol the trainer calls, with θ = (w, b) moved in place and `objective` an lr.Objective:

    step(objective, theta, g, z=None, *, J=None, z_next=None, trace=None) -> float | None
        One update from g = ∇f(θ), the gradient of the objective's smooth part; for a full batch
        also z = X₁θ (its logits) and J(θ) when known. Returns J at the new θ when the step had to
        evaluate it (Newton's line search), its logits then left in z_next; else None.
    epoch(objective, theta, trace=None)          (first-order optimizers)
        One mini-batch epoch: a fresh shuffle from the seeded generator, one step per batch.

With L1 the first-order methods take the proximal step (a soft threshold) after their update,
with the step size the update actually took. `trace`, a dict or None, records the numbers a step
used (None in training: the loop then does nothing extra), so θ_next = θ − trace["step"], then
L1's threshold, reproduces the step exactly:

    the gradient (Objective.gradient)  "data_gradient", "penalty_gradient", "gradient"
    GD, SGD                            "step" = η·g
    Momentum                           "velocity" v, "step" = η·v
    Adam                               "m_hat", "v_hat", "learning_rates" η/(√v̂ + ε), "step"
    Newton                             "hessian" H, "direction" H⁻¹g, "line_search_step" t, "step" t·H⁻¹g
    L1 (Objective.prox)                "w_before_prox", "prox_step", "w_after_prox"
    a mini-batch epoch                 "steps": one such record per batch, with its "rows"

An optimizer that carries state between steps hands it out and takes it back, so a run can be
replayed from any epoch (Trainer.trace):

    state() -> dict                              copies of what the next step needs besides θ
    load_state(state)                            continue from a state() taken earlier

The capabilities are class attributes, read by the trainer and the app instead of testing types:
name (the registry key), label (the display name), formula (LaTeX of the update),
uses_learning_rate, uses_batches and default_batch_size (mini-batches unless told otherwise),
second_order (needs curvature: every sample, every epoch), smooth_only (refuses L1), monotone (a
small enough step lowers J every full-batch epoch, so rises mean the learning rate is too large),
memoryless (a full-batch step from θ depends on θ alone: no velocity, running means or shuffle, so
a replay of the step from epoch t may start at θ_t instead of at the start of the run).
Adding an optimizer is one class and one entry in OPTIMIZERS.
"""

import numpy as np

from .objective import Objective


def _copy(a: np.ndarray | None) -> np.ndarray | None:
    return None if a is None else a.copy()


class StalledError(Exception):
    """No step along the search direction lowers J: θ is optimal to machine precision."""


def _step(numerator: float, L: float) -> float:
    """numerator/L; L = 0 only when J is flat (every x₁ᵢ = 0 and α = 0): then any step stays put."""
    return float(numerator / L) if L > 0 else float(numerator)


class Optimizer:
    """The registry's fields with their defaults, and the protocol (see the module docstring)."""

    name = ""
    label = ""
    in_sentence = ""  # the name inside a sentence: "gradient descent", "Adam", "Newton's method"
    summary = ""  # what its epoch does in a few words (the sidebar's help)
    formula = ""
    formula_k = ""  # the rule for K ≥ 3 classes where it is more than θ read as Θ (Newton's Hessian)
    step_symbol = ""  # what the update subtracts, in the formula's symbols: "η·g"
    quantities: tuple[tuple[str, str, str], ...] = ()  # its own trace keys: (key, symbol, caption)
    safe_step = ""  # auto_learning_rate's step as a symbol, "1/L"; "" when it takes none
    safe_step_why = ""  # why that step does not overshoot, with {L} and {safe} to fill in
    full_batch = ""  # the registry name it acts as when one batch holds every point ("": itself)
    uses_learning_rate = True
    uses_batches = False
    default_batch_size: int | None = None  # None: the whole training set every step
    second_order = False
    smooth_only = False
    monotone = False
    memoryless = False  # unless told otherwise, an optimizer may carry state from step to step

    def __init__(
        self,
        learning_rate: float | None = None,
        *,
        batch_size: int | None = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.rng = np.random.default_rng() if rng is None else rng

    def step(
        self,
        objective: Objective,
        theta: np.ndarray,
        g: np.ndarray,
        z: np.ndarray | None = None,
        *,
        J: float | None = None,
        z_next: np.ndarray | None = None,
        trace: dict | None = None,
    ) -> float | None:
        raise NotImplementedError

    def auto_learning_rate(self, objective: Objective) -> float | None:
        """The step `learning_rate="auto"` takes on this objective; None when the step needs none."""
        return None

    def state(self) -> dict:
        """What the next step needs besides θ, copied: nothing for a memoryless optimizer."""
        return {}

    def load_state(self, state: dict) -> None:
        """Continue from a state() taken earlier."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate!r})"


class GD(Optimizer):
    """Gradient descent: a step of size η against the gradient, θ ← θ − η·g."""

    name = "gd"
    label = "Gradient descent"
    in_sentence = "gradient descent"
    summary = "one step an epoch against the full gradient"
    formula = r"\theta \leftarrow \theta - \eta\, g"
    step_symbol = "η·g"
    safe_step = "1/L"
    safe_step_why = (
        "the slope of the loss changes by up to L = {L} per unit step, and gradient descent "
        "cannot overshoot with η ≤ 1/L = {safe}"
    )
    monotone = True  # with η < 2/L every full-batch step lowers J
    memoryless = True  # θ ← θ − η·g(θ): nothing but θ carries over

    def auto_learning_rate(self, objective: Objective) -> float | None:
        """η = 1/L, L = λ_max(X₁ᵀX₁)/(4n) + α: every step lowers J, at any scale of the data."""
        return _step(1.0, objective.smoothness())

    def update(self, theta: np.ndarray, g: np.ndarray, trace: dict | None = None) -> float | np.ndarray:
        """θ ← θ − η·g; returns the step size taken, for the proximal step."""
        step = self.learning_rate * g
        theta -= step
        if trace is not None:
            trace["step"] = step
        return self.learning_rate

    def step(
        self,
        objective: Objective,
        theta: np.ndarray,
        g: np.ndarray,
        z: np.ndarray | None = None,
        *,
        J: float | None = None,
        z_next: np.ndarray | None = None,
        trace: dict | None = None,
    ) -> None:
        """The update, then the penalty's proximal step with the step size the update took."""
        objective.prox(theta, self.update(theta, g, trace), trace)

    def epoch(self, objective: Objective, theta: np.ndarray, trace: dict | None = None) -> None:
        """One pass over a fresh shuffle of the samples, one step per mini-batch of batch_size rows.

        trace["steps"] gets one record per step: its rows, its gradient's parts and its update.
        """
        order = self.rng.permutation(objective.n)
        for start in range(0, objective.n, self.batch_size):
            rows = order[start : start + self.batch_size]
            record = None if trace is None else {"rows": rows}
            g = objective.gradient(theta, rows=rows, trace=record)  # g_B: the batch's gradient
            self.step(objective, theta, g, trace=record)
            if trace is not None:
                trace.setdefault("steps", []).append(record)


class SGD(GD):
    """Mini-batch SGD: many cheap, noisy steps an epoch, each from the gradient of a batch B.

    The batches are a fresh shuffle of the training set every epoch, drawn from a seeded generator.
    """

    name = "sgd"
    label = "Mini-batch SGD"
    in_sentence = "mini-batch SGD"
    summary = "many cheap, noisy steps, one per batch"
    formula = r"\text{for each batch } B:\ \ \theta \leftarrow \theta - \eta\, g_B"
    safe_step = "1/L_max"
    safe_step_why = (
        "no batch's step overshoots that batch's loss with η ≤ 1/L_max = {safe}, L_max "
        "the curvature of the steepest single point"
    )
    full_batch = "gd"  # one batch of every point: gradient descent, and its safe step
    uses_batches = True
    default_batch_size = 32
    monotone = False  # a batch's gradient is noisy: J may rise for an epoch without anything wrong
    memoryless = False  # each epoch's shuffle comes from the run's generator, in its state of that epoch

    def auto_learning_rate(self, objective: Objective) -> float | None:
        """η = 1/L_max, L_max = max_i ‖x₁ᵢ‖²/4 + α: no batch's step can overshoot that batch's loss.

        A batch's gradient has Lipschitz constant λ_max(X_BᵀX_B)/(4|B|) + α ≤ L_max, so each step
        lowers the loss of the batch it was computed on; the step scikit-learn's SAG takes. The
        full-batch 1/L, or Gower et al. 2019's expected smoothness, sometimes diverged where 1/L_max
        did not (benchmarks/README.md, Figures in the code).
        """
        if self.batch_size is None:  # every step sees every sample: gradient descent
            return _step(1.0, objective.smoothness())
        return _step(1.0, objective.smoothness(per_sample=True))


class Momentum(GD):
    """Heavy-ball momentum: a velocity that accumulates past gradients, v ← β·v + g, θ ← θ − η·v (β = 0.9)."""

    name = "momentum"
    label = "Momentum"
    in_sentence = "momentum"
    summary = "a velocity that gathers speed, and overshoots"
    formula = r"v \leftarrow \beta v + g,\ \ \theta \leftarrow \theta - \eta\, v"
    step_symbol = "η·v"
    quantities = (("velocity", "v", "momentum's velocity after this step, v ← β·v + g"),)
    safe_step = "1/L"
    safe_step_why = (
        "the velocity adds up to 1/(1 − β) = 10 steps, and the heavy ball stays stable with η ≤ 1/L = {safe}"
    )
    monotone = False  # the heavy ball overshoots and comes back: rises are part of its path
    memoryless = False  # v carries every past gradient

    def __init__(self, learning_rate: float | None = None, beta: float = 0.9, **kwargs: object) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta = beta
        self.v: np.ndarray | None = None

    def auto_learning_rate(self, objective: Objective) -> float | None:
        """η = 1/L, as gradient descent: on J's quadratic model the heavy ball is stable for every
        curvature λ with 0 < ηλ < 2(1 + β), and here ηλ ≤ 1. Not monotone: it overshoots and
        returns, faster than GD on ill-conditioned data. (The global guarantee for non-quadratic J,
        Ghadimi et al. 2015, asks η < 2(1 − β)/L = 0.2/L: GD's speed again.)
        """
        return _step(1.0, objective.smoothness())

    def state(self) -> dict:
        return {"v": _copy(self.v)}

    def load_state(self, state: dict) -> None:
        self.v = _copy(state["v"])

    def update(self, theta: np.ndarray, g: np.ndarray, trace: dict | None = None) -> float | np.ndarray:
        """v ← β·v + g, θ ← θ − η·v; returns the effective step size η/(1 − β)."""
        if self.v is None:
            self.v = np.zeros_like(theta)
        self.v *= self.beta
        self.v += g  # v ← β·v + g
        step = self.learning_rate * self.v
        theta -= step  # θ ← θ − η·v
        if trace is not None:
            trace["velocity"] = self.v.copy()
            trace["step"] = step
        # v settles at g/(1 − β), so each step moves η/(1 − β) along g: the proximal step must
        # threshold with that step, or L1 would end at the optimum of α(1 − β) instead of α
        return self.learning_rate / (1.0 - self.beta)


class Adam(GD):
    """Adam: one step size per weight, from running means of the gradient and of its square.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),
    θ ← θ − η·m̂/(√v̂ + ε)   (β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
    """

    name = "adam"
    label = "Adam"
    in_sentence = "Adam"
    summary = "a step size per weight, from running means of g and g²"
    formula = (
        r"m \leftarrow \beta_1 m + (1-\beta_1) g,\ \ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ \ "
        r"\theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}"
    )
    step_symbol = "η·m̂/(√v̂+ε)"
    quantities = (
        ("m_hat", "m̂", "Adam's running mean of g, bias-corrected"),
        ("v_hat", "v̂", "Adam's running mean of g², bias-corrected"),
        ("learning_rates", "η/(√v̂+ε)", "this weight's own step size"),
    )
    safe_step = "1/(2√L)"
    safe_step_why = (
        "Adam moves each weight by about η a step whatever the gradient's size, so its "
        "safe step is a length, 1/(2√L) = {safe}"
    )
    monotone = False  # per-weight steps are not a descent direction of J at every epoch
    memoryless = False  # m, v and the step count t carry over

    def __init__(
        self,
        learning_rate: float | None = None,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        **kwargs: object,
    ) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None
        self.t = 0

    def auto_learning_rate(self, objective: Objective) -> float | None:
        """η = 1/(2√L) = 1/√(λ_max(X₁ᵀX₁)/n + 4α): a length in the weights' units.

        Adam moves each weight by about η per step whatever the gradient's size, so 1/L (units of
        1/x²) means nothing to it and a fixed 0.001 assumes features of scale 1. √(λ_max/n) is the
        rows' RMS length along their principal direction; a step of η along it moves the logits by
        about 1, so raw data of any scale trains (benchmarks/README.md, Figures in the code).
        """
        return _step(0.5, np.sqrt(objective.smoothness()))

    def state(self) -> dict:
        return {"m": _copy(self.m), "v": _copy(self.v), "t": self.t}

    def load_state(self, state: dict) -> None:
        self.m, self.v, self.t = _copy(state["m"]), _copy(state["v"]), state["t"]

    def update(self, theta: np.ndarray, g: np.ndarray, trace: dict | None = None) -> float | np.ndarray:
        """The Adam update; returns the step size of each weight, η/(√v̂ + ε)."""
        if self.m is None:
            self.m, self.v = np.zeros_like(theta), np.zeros_like(theta)
        self.t += 1
        self.m += (1 - self.beta1) * (g - self.m)  # m ← β₁m + (1−β₁)g
        self.v += (1 - self.beta2) * (g * g - self.v)  # v ← β₂v + (1−β₂)g²
        m_hat = self.m / (1 - self.beta1**self.t)
        v_hat = self.v / (1 - self.beta2**self.t)
        # one step size per weight: the proximal step thresholds each weight with its own
        learning_rates = self.learning_rate / (np.sqrt(v_hat) + self.eps)
        step = learning_rates * m_hat
        theta -= step  # θ ← θ − η·m̂/(√v̂ + ε)
        if trace is not None:
            trace.update(m_hat=m_hat, v_hat=v_hat, learning_rates=learning_rates, step=step)
        return learning_rates


class Newton(Optimizer):
    """Newton's method (IRLS): the curvature sets the step, so a few epochs reach the optimum.

    θ ← θ − t·H⁻¹g,  H = X₁ᵀSX₁/n + α·I_w,  S = diag(p(1 − p)), where I_w is the identity on w only
    (b is not penalised). For K classes the same step on Θ flattened, with the (K(d+1))² Hessian of
    lr.objective.SoftmaxObjective and its minimum-norm solve (`direction`). t starts at 1 and is
    halved until J falls enough (Armijo), so near the optimum every epoch is a full Newton step and
    convergence is quadratic. It needs a smooth J: L1 has no Hessian. The learning rate is not used.
    """

    name = "newton"
    label = "Newton (IRLS)"
    in_sentence = "Newton's method"
    summary = "uses curvature, needs few epochs and no learning rate"
    formula = r"\theta \leftarrow \theta - t\, H^{-1} g,\ \ H = X_1^\top S X_1 / n + \alpha I_w"
    formula_k = (
        r"\Theta \leftarrow \Theta - t\, H^{+} g,\ \ H = \tfrac{1}{n}\textstyle\sum_i "
        r"\big(\operatorname{diag}(p_i) - p_i p_i^\top\big) \otimes x_{1i} x_{1i}^\top + \alpha I_W"
    )
    step_symbol = "t·H⁻¹g"
    quantities = (("direction", "H⁻¹g", "the Newton direction: the gradient divided by the curvature"),)
    uses_learning_rate = False
    second_order = True
    smooth_only = True
    monotone = False  # its line search refuses every rise: the rises rule has nothing to catch
    memoryless = True  # H, g and the line search all start from θ

    def step(
        self,
        objective: Objective,
        theta: np.ndarray,
        g: np.ndarray,
        z: np.ndarray | None = None,
        *,
        J: float | None = None,
        z_next: np.ndarray | None = None,
        trace: dict | None = None,
    ) -> float:
        """One Newton step from θ with gradient g and logits z; returns J at the new θ.

        The accepted candidate's logits are left in z_next and its J is returned, so the next
        epoch starts from them instead of recomputing them. Raises StalledError when no step helps.
        """
        z = objective.logits(theta) if z is None else z
        H = objective.hessian(theta, z)
        direction = self.direction(g, H, objective.null_space())  # Δ = H⁻¹g (H⁺g for K classes)
        J = float(objective.loss(theta, z)) if J is None else J
        slope = float(np.vdot(g, direction))  # gᵀΔ, over every entry of θ (of Θ for K classes)
        t, J_new = self.line_search(objective, theta, direction, slope, J, z_next, trace)
        if trace is not None:
            trace.update(hessian=H, direction=direction, line_search_step=t)
        return J_new

    @staticmethod
    def direction(g: np.ndarray, H: np.ndarray, null: np.ndarray | None = None) -> np.ndarray:
        """Δ = H⁻¹g; least squares when H is singular (separable data without a penalty).

        For K classes g is Θ's gradient (K, d+1) and H its (K(d+1))² Hessian, Θ flattened row by
        row. `null`, an orthonormal basis N of directions J is flat along (the softmax's: adding one
        vector to every class's row), makes H singular by design: H + c·NNᵀ is invertible and equal
        to H off N, and g ⊥ N, so the solve gives H⁺g, the minimum-norm step, which stays off N.
        """
        shape = g.shape
        g = g.reshape(-1)
        if null is not None and null.size:
            H = H + (np.trace(H) / len(H)) * (null @ null.T)  # c·NNᵀ, c on H's own scale
        try:
            direction = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            direction = np.linalg.lstsq(H, g, rcond=None)[0]
        return direction.reshape(shape)

    @staticmethod
    def line_search(
        objective: Objective,
        theta: np.ndarray,
        direction: np.ndarray,
        slope: float,
        J: float,
        z_next: np.ndarray | None = None,
        trace: dict | None = None,
    ) -> tuple[float, float]:
        """Armijo backtracking: θ ← θ − t·Δ for the first t in 1, ½, ¼, … with J(θ − tΔ) ≤ J − 10⁻⁴·t·gᵀΔ.

        slope = gᵀΔ is J's rate of decrease along −Δ. Returns (t, J(θ − tΔ)); θ is moved in place.
        """
        t = 1.0
        for _ in range(40):
            step = t * direction
            candidate = theta - step
            J_new = float(objective.loss(candidate, objective.logits(candidate, out=z_next)))
            # Armijo; or a decrease below J's rounding, where the full step is taken as it is
            if J_new <= J - 1e-4 * t * slope or slope <= 1e-13 * max(1.0, abs(J)):
                theta[:] = candidate
                if trace is not None:
                    trace["step"] = step
                return t, J_new
            t *= 0.5
        raise StalledError("no step along the Newton direction lowers the objective")


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (GD, SGD, Momentum, Adam, Newton)}


def optimizer_class(optimizer: str) -> type[Optimizer]:
    """The registry's class named `optimizer` ('gd', 'sgd', 'momentum', 'adam', 'newton'; any case)."""
    if not isinstance(optimizer, str) or optimizer.lower() not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}, got {optimizer!r}")
    return OPTIMIZERS[optimizer.lower()]


def make_optimizer(
    optimizer: str,
    learning_rate: float | None = None,
    *,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
) -> Optimizer:
    """The optimizer named `optimizer`, ready to step."""
    return optimizer_class(optimizer)(learning_rate, batch_size=batch_size, rng=rng)
