"""The maths page's parts: each formula beside the lr code that computes it, and why it is so.

NumPy and lr only: app_pages/maths.py renders parts() (formula left, source right), and
tests/test_maths_parts.py checks that every part's code runs when a model of two classes, or of
three, is fitted, that no formula on the training path is missing, and that each formula of the
softmax (K ≥ 3 classes) computed as written equals what its code returns. Each optimizer's part
comes from lr's registry when the page is drawn, so a new optimizer appears here by itself.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from lr import functional
from lr.objective import Objective, SoftmaxObjective
from lr.optimizers import GD, OPTIMIZERS, Newton, Optimizer
from lr.penalties import L1, L2


@dataclass(frozen=True)
class Part:
    """A formula (LaTeX), the lr functions that compute it (their source is shown), and why.

    optimizers / penalties: the fits that run this code (None: every fit), for the test; softmax:
    True for a part of the K-class model only (three or more classes), False for the two-class
    sigmoid model only, None for both.
    """

    formula: str
    code: tuple[Callable, ...]
    why: str
    optimizers: tuple[str, ...] | None = None
    penalties: tuple[str, ...] | None = None
    softmax: bool | None = None


# A statement's end in a formula: a comma or colon at the top level followed by a wide space
# (\quad, or one or more "\ "), as in "v ← βv + g,\ \ θ ← θ − ηv".
_STATEMENT_END = re.compile(r"([,:])\s*(?:\\quad|(?:\\ )+)\s*")


def display_lines(formula: str) -> str:
    """`formula` with one statement a line, centred, so that no line is wider than a narrow column.

    A displayed formula never wraps (KaTeX scrolls it instead, out of sight and out of keyboard
    reach), so the break goes where the reader pauses anyway: after a comma or colon at the top level
    (outside braces), where the source puts a wide space. A formula with lines of its own
    (`aligned`) or one statement is returned as it is.
    """
    if r"\begin" in formula:
        return formula
    lines, depth, start = [], 0, 0
    for i, char in enumerate(formula):
        if char in "{}" and (i == 0 or formula[i - 1] != "\\"):
            depth += 1 if char == "{" else -1
        elif depth == 0 and char in ",:" and (m := _STATEMENT_END.match(formula, i)):
            lines.append(formula[start : i + 1])
            start = m.end()
    if not lines:
        return formula
    lines.append(formula[start:])
    return r"\begin{gathered}" + r"\\".join(lines) + r"\end{gathered}"


def step_code(optimizer: type[Optimizer]) -> tuple[Callable, ...]:
    """An optimizer's own step: its mini-batch epoch and update rule, its update rule, or its step."""
    if optimizer.uses_batches:
        return (optimizer.epoch, optimizer.update)
    return (optimizer.update,) if hasattr(optimizer, "update") else (optimizer.step,)


def _why(optimizer: type[Optimizer]) -> str:
    return (optimizer.__doc__ or optimizer.label).strip().splitlines()[0]


def _optimizers(capability: str, has: bool = True) -> tuple[str, ...]:
    """The registered optimizers with (or without) a capability."""
    return tuple(name for name, cls in OPTIMIZERS.items() if bool(getattr(cls, capability)) == has)


def parts() -> list[Part]:
    """Every part, in reading order; the optimizers' read from the registry at call time, so one
    registered after import shows too."""
    return [*_model_parts(), *_method_parts(), *softmax_parts()]


def _model_parts() -> list[Part]:
    """The two-class model: its probability, logits, loss, gradient and penalties."""
    return [
        Part(
            r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            (functional.sigmoid,),
            "the probability of class 1; never overflows: only e^(−|z|) is taken",
            softmax=False,
        ),
        Part(
            r"z = X_1 \theta,\quad X_1 = [X \mid 1],\ \ \theta = (w, b)",
            (Objective.logits,),
            "the logits of every sample in one product; X₁ᵀ is stored transposed so memory is read in order",
        ),
        Part(
            r"\tfrac{1}{n}\textstyle\sum_i \ell(z_i, y_i),\quad \ell(z, y) = \log(1 + e^{z}) - y\,z",
            (Objective.data_loss, functional.bce_from_logits),
            "the loss from logits: a confident mistake costs |z|, never log 0; a block of epochs in one pass",
            softmax=False,
        ),
        Part(
            r"J(\theta) = \tfrac{1}{n}\textstyle\sum_i \ell(z_i, y_i) + R(w)",
            (Objective.loss, Objective.penalty_value),
            "what every optimizer minimises; the penalty R acts on w, never on the intercept b",
            softmax=False,
        ),
        Part(
            r"\begin{aligned}\nabla J &= \tfrac{1}{n} X_1^\top (p - y) + \nabla R(w)\\"
            r"&= \tfrac{1}{2n} X_1^\top \tanh(z/2) + \tfrac{1}{n} X_1^\top(\tfrac12 - y)\\"
            r"&\quad + \nabla R(w)"
            r"\end{aligned}",
            (Objective.gradient, Objective.data_gradient),
            "the 1/n keeps the step independent of n; the constant half is computed once, so an epoch "
            "takes one pass of tanh",
            softmax=False,
        ),
        Part(
            r"\big(J(\theta),\ \nabla J(\theta)\big)",
            (Objective.value_and_gradient,),
            "a full-batch epoch asks for both: two classes give the gradient alone (J is scored later "
            "for a block of epochs at once); K classes give J from the softmax's own exponentials",
            optimizers=_optimizers("uses_batches", False),
            softmax=False,
        ),
        Part(
            r"\hat y = 1 \iff z > 0 \ (p > \tfrac12),\quad "
            r"\text{accuracy} = \tfrac{1}{n}\textstyle\sum_i [\hat y_i = y_i]",
            (Objective.n_correct,),
            "the accuracy the player shows, from the logits the loop already has: no probability needed",
            softmax=False,
        ),
        Part(
            r"\lVert \partial J(\theta) \rVert_{\min} \le \mathrm{tol}",
            (Objective.optimality,),
            "the convergence test: the gradient's norm, or with L1 the smallest subgradient's, "
            "0 at the optimum",
        ),
        Part(
            r"R(w) = \tfrac{\alpha}{2}\lVert w \rVert^2,\quad \nabla R(w) = \alpha w",
            (L2.value, L2.grad, Objective.penalty_gradient),
            "ridge: shrinks every weight toward 0; its gradient is 0 on b",
            penalties=("l2",),
        ),
        Part(
            r"R(w) = \alpha \lVert w \rVert_1",
            (L1.value,),
            "lasso: sets useless weights to exactly zero",
            penalties=("l1",),
        ),
        Part(
            r"\operatorname{prox}(w) = \operatorname{sign}(w)\max(|w| - \eta\alpha, 0)",
            (GD.step, Objective.prox, L1.prox),
            "after each update, L1's proximal step with the step size the update took: exact zeros",
            optimizers=_optimizers("second_order", False),
            penalties=("l1",),
        ),
        Part(
            r"\min \lVert g + \alpha\,\partial\lVert w \rVert_1 \rVert:\ \ "
            r"g_j + \alpha\operatorname{sign}(w_j),\ "
            r"\text{or}\ \operatorname{soft}(g_j, \alpha)\ \text{at}\ w_j = 0",
            (L1.min_norm_subgradient,),
            "|w| has no derivative at 0: the smallest subgradient is what vanishes at the L1 optimum",
            penalties=("l1",),
        ),
    ]


def _method_parts() -> list[Part]:
    """The optimizers' own steps, and the pieces only some of them use (mini-batches, curvature)."""
    return [
        *(
            Part(cls.formula, step_code(cls), _why(cls), optimizers=(name,))
            for name, cls in OPTIMIZERS.items()
        ),
        Part(
            r"g_B = \tfrac{1}{|B|} X_B^\top (p_B - y_B),\quad p - y = \tfrac12\tanh(z/2) + (\tfrac12 - y)",
            (Objective.batch_gradient, functional.residual),
            "a mini-batch's gradient; tanh is bounded, so the residual never overflows",
            optimizers=_optimizers("uses_batches"),
            softmax=False,
        ),
        Part(
            r"H = X_1^\top S X_1 / n + \nabla^2 R,\quad S = \operatorname{diag}(p(1-p)),\ "
            r"\sqrt{p(1-p)} = \frac{1}{2\cosh(z/2)}",
            (Objective.hessian, functional.sqrt_curvature),
            "the curvature, as (X₁ᵀS^½)(X₁ᵀS^½)ᵀ: a symmetric product, half the work",
            optimizers=_optimizers("second_order"),
            softmax=False,
        ),
        Part(
            r"\nabla^2 R = \alpha I_w",
            (L2.curvature,),
            "L2's curvature on w; none on b",
            optimizers=_optimizers("second_order"),
            penalties=("l2",),
        ),
        Part(
            r"\Delta = H^{-1} g,\quad J(\theta - t\Delta) \le J(\theta) - 10^{-4}\, t\, g^\top \Delta,"
            r"\ \ t = 1, \tfrac12, \tfrac14, \dots",
            (Newton.direction, Newton.line_search, Objective.null_space),
            "Newton's direction by a solve (least squares if H is singular), its length by Armijo's test; "
            "no direction of the sigmoid model is flat by design (the softmax's is)",
            optimizers=(Newton.name,),
            softmax=False,
        ),
        Part(
            r"L = \lambda_{\max}(X_1^\top X_1)/(4n) + \alpha,\quad \eta = 1/L",
            (GD.auto_learning_rate, Objective.smoothness),
            "the safe step of gradient descent (the learning rate 'auto'): p(1 − p) ≤ ¼, so the slope "
            "of J never changes faster than L, and a step of 1/L cannot overshoot",
            optimizers=(GD.name,),
            softmax=False,
        ),
    ]


def softmax_parts() -> list[Part]:
    """The K-class model's parts (three or more classes): softmax regression, the same protocol over
    Θ (K, d+1), one row (w_k, b_k) per class."""
    return [
        Part(
            r"p_k = \frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{z_k - m}}{\sum_j e^{z_j - m}},\quad "
            r"m = \max_j z_j",
            (functional.softmax_logsumexp, functional.softmax),
            "the probability of class k; subtracting the largest logit first keeps every exponent ≤ 0: "
            "no overflow at z = 1000, and the same exponentials give logsumexp = m + log Σⱼ e^(zⱼ − m)",
            softmax=True,
        ),
        Part(
            r"\begin{aligned}J(\Theta) &= -\tfrac{1}{n}\textstyle\sum_i \log p_{i, y_i} + R(W)\\"
            r"&= \tfrac{1}{n}\textstyle\sum_i \big[\operatorname{logsumexp}(z_i) - z_{i, y_i}\big]\\"
            r"&\quad + \textstyle\sum_k R(w_k)\end{aligned}",
            (
                Objective.loss,
                SoftmaxObjective.data_loss,
                SoftmaxObjective._sum_picked,
                SoftmaxObjective.penalty_value,
            ),
            "the cross-entropy, from the logits z_i = Θx₁ᵢ: log p is never taken, so a confident mistake "
            "costs about its margin, never log 0; the intercepts b_k are not penalised",
            softmax=True,
        ),
        Part(
            r"\begin{aligned}\nabla_\Theta J &= \tfrac{1}{n} (P - Y)^\top X_1 + \nabla R(W)\\"
            r"&= \tfrac{1}{n} P^\top X_1 - \tfrac{1}{n} Y^\top X_1 + \nabla R(W)\end{aligned}",
            (SoftmaxObjective.data_gradient, SoftmaxObjective._data_parts, Objective.gradient),
            "P (n×K) the probabilities, Y the one-hot labels; row k is X₁ᵀ(p_k − y_k)/n, the sigmoid's "
            "gradient class by class. lr keeps P as K×n, so Pᵀ's product reads P @ X₁; YᵀX₁/n is computed "
            "once, so an epoch is one softmax pass and one product",
            softmax=True,
        ),
        Part(
            r"\begin{aligned}J &= \tfrac{1}{n}\textstyle\sum_i \operatorname{logsumexp}(z_i)\\"
            r"&\quad - \tfrac{1}{n} \langle \Theta, Y^\top X_1 \rangle + R(W)\end{aligned}",
            (SoftmaxObjective.value_and_gradient,),
            "a full-batch epoch's J from the gradient's own exponentials: one log per sample and one dot "
            "product with the constant YᵀX₁, not K more exponentials",
            optimizers=_optimizers("uses_batches", False),
            softmax=True,
        ),
        Part(
            r"\hat y = \operatorname{argmax}_k z_k,\quad "
            r"\text{accuracy} = \tfrac{1}{n}\textstyle\sum_i [\hat y_i = y_i]",
            (SoftmaxObjective.n_correct,),
            "the predicted class is the largest logit's (the largest p_k, since softmax keeps the order); "
            "a tie goes to the lowest class, as np.argmax",
            softmax=True,
        ),
        Part(
            r"g_B = \tfrac{1}{|B|} (P_B - Y_B)^\top X_B",
            (SoftmaxObjective.batch_gradient,),
            "a mini-batch's gradient: the same formula on the batch's rows",
            optimizers=_optimizers("uses_batches"),
            softmax=True,
        ),
        Part(
            r"\begin{aligned}H &= \tfrac{1}{n}\textstyle\sum_i "
            r"\big(\operatorname{diag}(p_i) - p_i p_i^\top\big)\\"
            r"&\quad \otimes x_{1i} x_{1i}^\top + \nabla^2 R\end{aligned}",
            (SoftmaxObjective.hessian,),
            "the K(d+1)² curvature, block (k, l) = X₁ᵀdiag(p_k(δ_kl − p_l))X₁/n; singular along the "
            "directions every class shares (below)",
            optimizers=_optimizers("second_order"),
            softmax=True,
        ),
        Part(
            r"\Delta = (H + c\,NN^\top)^{-1} g = H^{+} g,\quad "
            r"N = \big[\mathbf{1}_K \otimes e_j / \sqrt{K}\big]",
            (SoftmaxObjective.null_space, Newton.direction),
            "softmax(z + c·1) = softmax(z): adding one vector to every class's row changes no "
            "probability, so H is singular along N; Newton takes the minimum-norm step, and Θ stays "
            "centred (Σ_k Θ_k = 0 where no penalty decides)",
            optimizers=(Newton.name,),
            softmax=True,
        ),
        Part(
            r"L = \lambda_{\max}(X_1^\top X_1)/(2n) + \alpha,\quad \eta = 1/L",
            (SoftmaxObjective.smoothness, GD.auto_learning_rate),
            "Böhning's bound: diag(p) − ppᵀ ≼ ½·I for every p, twice the sigmoid's ¼, so the safe step "
            "of gradient descent (the learning rate 'auto') is half the two-class one on the same points",
            optimizers=(GD.name,),
            softmax=True,
        ),
    ]
