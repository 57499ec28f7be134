"""Server time of the Compare and Evaluate views at the worst case the caps allow (5000 points,
degree 6, 5000 epochs asked), with Streamlit's AppTest in-process (no browser, no websocket).

    python benchmarks/bench_compare.py            # 5 repetitions
    python benchmarks/bench_compare.py --reps 3
    python benchmarks/bench_compare.py --reps 3 --classes 6   # blobs of 6 classes (softmax): Compare only

Each figure is the median over repetitions, each repetition on a fresh seed (so nothing is cached
from the one before). "Warm" reruns find the runs and J* in the cache (runs are cached by settings,
J* by objective): what a visitor waits for after a toggle, a slider or a page change. "Cold" is the
click that trains runs never made before: the trainer's own time, bounded by the caps.

Wall time and the process's CPU time are both reported: on a shared machine (the load average is
printed) other processes stretch the wall time, while the CPU time is the work the rerun itself did.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP = ROOT / "app.py"
COMPARE, EVALUATE = "app_pages/compare.py", "app_pages/evaluate.py"
WORST = {"n_samples": "5000", "degree": "6", "epochs": "5000"}


def app(seed: int, page: str | None = None, **query: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=300)
    for k, v in {**WORST, "seed": str(seed), **query}.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    check(at)
    return at


def check(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def timed(at, action=None) -> tuple[float, float]:
    """Wall and CPU seconds of one rerun (after `action`, which sets a widget or clicks)."""
    if action is not None:
        action(at)
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    t, c = time.perf_counter() - t0, time.process_time() - c0
    check(at)
    return t, c


def button(label: str):
    return lambda at: next(b for b in at.button if b.label == label).click()


def toggle(label: str, value: bool):
    return lambda at: next(t for t in at.sidebar.toggle if t.label == label).set_value(value)


def slider(label: str, value: float):
    return lambda at: next(s for s in at.main.slider if s.label == label).set_value(value)


def measure(reps: int, classes: int = 2) -> dict[str, list[tuple[float, float]]]:
    times: dict[str, list[tuple[float, float]]] = {}
    if classes > 2:  # blobs of K classes; Evaluate's threshold is a two-class control
        return measure_classes(reps, classes)

    def add(name: str, t: tuple[float, float]) -> None:
        times.setdefault(name, []).append(t)

    for rep in range(reps):
        seed = 1000 + rep
        print(f"repetition {rep + 1}/{reps}", flush=True)
        # the five optimizers, cold then warm
        at = app(seed, COMPARE)
        five = "Compare, five optimizers pinned"
        add("Compare: the five-optimizer click, runs not cached (cold)", timed(at, button("Every optimizer")))
        assert len(at.session_state["pins"]) == 5
        add(f"{five}: log loss axis on (warm)", timed(at, toggle("Log loss axis", True)))
        add(f"{five}: log epoch axis on (warm)", timed(at, toggle("Log epoch axis", True)))
        at.switch_page(EVALUATE).run()
        at.switch_page(COMPARE)
        add(f"{five}: opened from another page (warm)", timed(at))
        # four pins by hand (gradient descent at four learning rates) and the current run (Adam) unpinned
        at = app(seed, COMPARE)
        for eta in (0.1, 0.2, 0.5, 1.0):
            at.session_state["learning_rate"] = eta
            at.run()
            button("Pin this run")(at)
            at.run()
        at.session_state["optimizer"] = "adam"
        at.run()  # trains the unpinned current run (not timed)
        assert len(at.session_state["pins"]) == 4
        add("Compare, 4 pins + current run: log loss axis (warm)", timed(at, toggle("Log loss axis", True)))
        # Evaluate: the threshold and the epoch moved
        at = app(seed, EVALUATE)
        add("Evaluate: threshold moved to 0.3 (warm)", timed(at, slider("Threshold t", 0.3)))
        add("Evaluate: threshold moved to 0.8 (warm)", timed(at, slider("Threshold t", 0.8)))
        add("Evaluate: epoch moved (warm)", timed(at, slider("Epoch", 100)))
    return times


def measure_classes(reps: int, classes: int) -> dict[str, list[tuple[float, float]]]:
    """Compare's one-click comparisons on blobs of `classes` classes, cold then warm."""
    times: dict[str, list[tuple[float, float]]] = {}
    query = {"dataset": "blobs", "n_classes": str(classes)}
    for rep in range(reps):
        seed = 1000 + rep
        print(f"repetition {rep + 1}/{reps}", flush=True)
        at = app(seed, COMPARE, **query)
        name = f"Compare, {classes} classes: the five-optimizer click, runs not cached (cold)"
        times.setdefault(name, []).append(timed(at, button("Every optimizer")))
        name = f"Compare, {classes} classes, five optimizers pinned: log loss axis on (warm)"
        times.setdefault(name, []).append(timed(at, toggle("Log loss axis", True)))
        at = app(seed, COMPARE, **query)
        name = f"Compare, {classes} classes: the three-learning-rates click, runs not cached (cold)"
        times.setdefault(name, []).append(timed(at, button("Three learning rates")))
    return times


def optimum_times(reps: int, classes: int = 2) -> dict[str, list[tuple[float, float]]]:
    """J* alone (not cached) at the worst case: Newton for L2, proximal Newton for L1."""
    from dataclasses import replace

    from playground.experiment import run_experiment
    from playground.optimum import find_optimum
    from playground.settings import Settings

    out: dict[str, list[tuple[float, float]]] = {}
    base = replace(Settings(), n_samples=5000, degree=6, epochs=1)
    if classes > 2:
        base = replace(base, dataset="blobs", n_classes=classes)
    for penalty, alpha in (("l2", 1e-3), ("l1", 1e-3), ("l1", 1e-4)):
        for rep in range(reps):
            settings = replace(base, penalty=penalty, alpha=alpha, seed=rep)
            objective = run_experiment(settings).trainer.objective
            t0, c0 = time.perf_counter(), time.process_time()
            find_optimum(objective)
            what = f"J* alone, {penalty.upper()} α = {alpha:g}" + (
                f", {classes} classes" if classes > 2 else ""
            )
            out.setdefault(f"{what} (cold, not cached)", []).append(
                (time.perf_counter() - t0, time.process_time() - c0)
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--classes", type=int, default=2, help="blobs of this many classes (3-6)")
    args = parser.parse_args()
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    times = {**measure(args.reps, args.classes), **optimum_times(args.reps, args.classes)}
    print(f"\nmedian of {args.reps}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("   wall (min)       CPU")
    for name, values in times.items():
        wall, cpu = [v[0] * 1000 for v in values], [v[1] * 1000 for v in values]
        print(
            f"{statistics.median(wall):6.0f} ({min(wall):4.0f}) ms {statistics.median(cpu):5.0f} ms   {name}"
        )


if __name__ == "__main__":
    main()
