"""The maths page shows what runs: every function it shows runs when a model is fitted (and used:
predict_proba), with the optimizer and penalty the part belongs to, and every formula on the
training path that runs is on the page. The calls are traced with sys.setprofile."""

import inspect
import sys

import pytest

import lr
from lr import functional
from lr.objective import Objective
from lr.optimizers import OPTIMIZERS
from lr.penalties import L1, L2
from playground.maths import Part, parts

PENALTIES = ("none", "l2", "l1")
FITS = [
    (name, penalty)
    for name, cls in OPTIMIZERS.items()
    for penalty in PENALTIES
    if not (cls.smooth_only and penalty == "l1")
]


def calls_during(fn) -> set:
    """The code objects of every Python function called while fn() runs."""
    seen = set()

    def profiler(frame, event, arg):
        if event == "call":
            seen.add(frame.f_code)

    sys.setprofile(profiler)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return seen


@pytest.fixture(scope="module")
def ran() -> dict:
    """(optimizer, penalty): the code that ran during a fit and a predict_proba with them."""
    X, y = lr.make_dataset("moons", 200, noise=0.3, random_state=0)
    X = lr.StandardScaler().fit_transform(lr.PolynomialFeatures(3).fit_transform(X))

    def fit_and_use(optimizer, penalty):
        model = lr.LogisticRegression(
            optimizer=optimizer,
            penalty=penalty,
            alpha=0.01,
            learning_rate=0.05 if optimizer == "adam" else 0.5,
            epochs=20,
            random_state=0,
        )
        model.fit(X, y).predict_proba(X)

    return {fit: calls_during(lambda fit=fit: fit_and_use(*fit)) for fit in FITS}


def shown_code() -> set:
    return {f.__code__ for part in parts() for f in part.code}


def own_functions(cls) -> list:
    """The public functions a class defines itself (not inherited, not dunder, not properties)."""
    return [
        f
        for name, f in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(inspect.unwrap(getattr(cls, name)))
    ]


def training_formulas() -> dict:
    """code → name: lr's formulas, i.e. functional's functions, the objective's methods, the L2 and L1
    penalties' methods (the base Penalty is 'none', R = 0) and every optimizer's methods."""
    functions = inspect.getmembers(functional, inspect.isfunction)
    functions = [f for _, f in functions if f.__module__ == "lr.functional"]
    functions += own_functions(Objective) + own_functions(L2) + own_functions(L1)
    for cls in OPTIMIZERS.values():
        for klass in cls.__mro__:
            if klass.__module__ == "lr.optimizers":  # state() and load_state() copy arrays: no formula
                functions += [f for f in own_functions(klass) if f.__name__ not in ("state", "load_state")]
    functions = [getattr(f, "__func__", f) for f in functions]
    return {f.__code__: f.__qualname__ for f in functions}


def fits_of(part: Part) -> list:
    return [
        (optimizer, penalty)
        for optimizer, penalty in FITS
        if (part.optimizers is None or optimizer in part.optimizers)
        and (part.penalties is None or penalty in part.penalties)
    ]


@pytest.mark.parametrize("part", parts(), ids=lambda p: p.code[0].__qualname__)
def test_every_function_shown_runs_in_its_fits(ran, part):
    fits = fits_of(part)
    assert fits, "a part no fit runs"
    for fit in fits:
        for code in part.code:
            assert code.__code__ in ran[fit], f"{code.__qualname__} did not run during the fit {fit}"


@pytest.mark.parametrize("fit", FITS, ids=str)
def test_no_formula_that_runs_is_missing_from_the_page(ran, fit):
    formulas = training_formulas()
    missing = sorted(formulas[code] for code in ran[fit] & formulas.keys() - shown_code())
    assert not missing, f"ran during {fit} but not on the maths page: {missing}"


def test_the_training_path_is_covered():
    """The check above means something: the objective's loss, gradient and Hessian are formulas."""
    formulas = set(training_formulas().values())
    for name in ("Objective.loss", "Objective.gradient", "Objective.hessian", "Newton.line_search"):
        assert name in formulas
    assert "Objective.n_params" not in formulas  # a property, not a formula


def test_each_optimizer_brings_its_own_part():
    for name, cls in OPTIMIZERS.items():
        (part,) = [p for p in parts() if p.optimizers == (name,) and p.formula == cls.formula]
        assert part.why and all(inspect.getsource(code) for code in part.code)


def test_every_part_has_a_formula_code_and_a_reason():
    for part in parts():
        assert part.formula and part.why and part.code
        for code in part.code:
            assert inspect.getsource(code).lstrip().startswith(("def ", "@staticmethod"))


def test_long_formulas_show_one_statement_a_line() -> None:
    """A displayed formula never wraps: the Maths page breaks it after each top-level comma or colon that
    the source follows with a wide space, never inside braces; one statement stays as it is."""
    from playground.maths import display_lines

    assert display_lines(r"v \leftarrow \beta v + g,\ \ \theta \leftarrow \theta - \eta\, v") == (
        r"\begin{gathered}v \leftarrow \beta v + g,\\\theta \leftarrow \theta - \eta\, v\end{gathered}"
    )
    assert display_lines(r"\text{for each batch } B:\ \ \theta") == (
        r"\begin{gathered}\text{for each batch } B:\\\theta\end{gathered}"
    )
    assert display_lines(r"\max(|w| - \eta\alpha, 0)") == r"\max(|w| - \eta\alpha, 0)"  # no wide space
    assert display_lines(r"\text{a,\ \ b}") == r"\text{a,\ \ b}"  # inside braces
    assert display_lines(r"\begin{aligned}a,\quad b\end{aligned}") == r"\begin{aligned}a,\quad b\end{aligned}"
    for part in parts():  # every statement of every part is kept, in order
        shown = display_lines(part.formula)
        assert shown.count(r"\\") >= part.formula.count(r"\\")
