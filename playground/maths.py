"""The maths page's parts: each formula beside the lr code that computes it, and why it is so.

NumPy and lr only: app_pages/maths.py renders PARTS (formula left, source right), and
tests/test_maths_parts.py checks that every part's code runs when a model is fitted, and that no
formula on the training path is missing. Each optimizer's part comes from lr's registry, so a new
optimizer appears here by itself.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from lr import functional
from lr.objective import Objective
from lr.optimizers import GD, OPTIMIZERS, Newton, Optimizer
from lr.penalties import L1, L2


@dataclass(frozen=True)
class Part:
    """A formula (LaTeX), the lr functions that compute it (their source is shown), and why.

    optimizers / penalties: the fits that run this code (None: every fit), for the test.
    """

    formula: str
    code: tuple[Callable, ...]
    why: str
    optimizers: tuple[str, ...] | None = None
    penalties: tuple[str, ...] | None = None


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


FIRST_ORDER = tuple(name for name, cls in OPTIMIZERS.items() if not cls.second_order)

PARTS: list[Part] = [
    Part(
        r"\sigma(z) = \frac{1}{1 + e^{-z}}",
        (functional.sigmoid,),
        "the probability of class 1; never overflows: only e^(−|z|) is taken",
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
    ),
    Part(
        r"J(\theta) = \tfrac{1}{n}\textstyle\sum_i \ell(z_i, y_i) + R(w)",
        (Objective.loss, Objective.penalty_value),
        "what every optimizer minimises; the penalty R acts on w, never on the intercept b",
    ),
    Part(
        r"\begin{aligned}\nabla J &= \tfrac{1}{n} X_1^\top (p - y) + \nabla R(w)\\"
        r"&= \tfrac{1}{2n} X_1^\top \tanh(z/2) + \tfrac{1}{n} X_1^\top(\tfrac12 - y)\\"
        r"&\quad + \nabla R(w)"
        r"\end{aligned}",
        (Objective.gradient, Objective.data_gradient),
        "the 1/n keeps the step independent of n; the constant half is computed once, so an epoch "
        "takes one pass of tanh",
    ),
    Part(
        r"\big(J(\theta),\ \nabla J(\theta)\big)",
        (Objective.value_and_gradient,),
        "a full-batch epoch asks for both: two classes give the gradient alone (J is scored later "
        "for a block of epochs at once); K classes give J from the softmax's own exponentials",
        optimizers=tuple(name for name, cls in OPTIMIZERS.items() if not cls.uses_batches),
    ),
    Part(
        r"\hat y = 1 \iff z > 0 \ (p > \tfrac12),\quad "
        r"\text{accuracy} = \tfrac{1}{n}\textstyle\sum_i [\hat y_i = y_i]",
        (Objective.n_correct,),
        "the accuracy the player shows, from the logits the loop already has: no probability needed",
    ),
    Part(
        r"\lVert \partial J(\theta) \rVert_{\min} \le \mathrm{tol}",
        (Objective.optimality,),
        "the convergence test: the gradient's norm, or with L1 the smallest subgradient's, 0 at the optimum",
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
        optimizers=FIRST_ORDER,
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
    *(Part(cls.formula, step_code(cls), _why(cls), optimizers=(name,)) for name, cls in OPTIMIZERS.items()),
    Part(
        r"g_B = \tfrac{1}{|B|} X_B^\top (p_B - y_B),\quad p - y = \tfrac12\tanh(z/2) + (\tfrac12 - y)",
        (Objective.batch_gradient, functional.residual),
        "a mini-batch's gradient; tanh is bounded, so the residual never overflows",
        optimizers=tuple(name for name, cls in OPTIMIZERS.items() if cls.uses_batches),
    ),
    Part(
        r"H = X_1^\top S X_1 / n + \nabla^2 R,\quad S = \operatorname{diag}(p(1-p)),\ "
        r"\sqrt{p(1-p)} = \frac{1}{2\cosh(z/2)}",
        (Objective.hessian, functional.sqrt_curvature),
        "the curvature, as (X₁ᵀS^½)(X₁ᵀS^½)ᵀ: a symmetric product, half the work",
        optimizers=tuple(name for name, cls in OPTIMIZERS.items() if cls.second_order),
    ),
    Part(
        r"\nabla^2 R = \alpha I_w",
        (L2.curvature,),
        "L2's curvature on w; none on b",
        optimizers=tuple(name for name, cls in OPTIMIZERS.items() if cls.second_order),
        penalties=("l2",),
    ),
    Part(
        r"\Delta = H^{-1} g,\quad J(\theta - t\Delta) \le J(\theta) - 10^{-4}\, t\, g^\top \Delta,"
        r"\ \ t = 1, \tfrac12, \tfrac14, \dots",
        (Newton.direction, Newton.line_search, Objective.null_space),
        "Newton's direction by a solve (least squares if H is singular), its length by Armijo's test; "
        "no direction of the sigmoid model is flat by design (the softmax's is)",
        optimizers=(Newton.name,),
    ),
]
