"""Server time of the learning views (Update, Landscape), with Streamlit's AppTest in process.

    python benchmarks/bench_views.py           # 5 repetitions (about two minutes)
    python benchmarks/bench_views.py --quick   # 2 repetitions: a smoke test

Each repetition opens the app with a seed no earlier repetition used (that first run trains the
experiment and is not timed: the views follow a run the player already has), then times:

- open: switching to the view, its numbers not yet cached (the experiment is);
- epoch: moving its epoch slider to an epoch not yet shown (a new trace, a new slice);
- directions (Landscape): the pickers from the path's principal directions to two weights;
- cached: a rerun with nothing changed.

Cases: the default settings, and the worst case the caps allow (5000 points, degree 6, 5000 epochs
asked) for each optimizer; for the Landscape also with no test split (5000 training points, the
most grid work). A learning rate that keeps momentum and Adam running to the cap (2380 epochs) is
used, so their trace is the worst one. Wall clock and this process's CPU time are both reported:
the machines are shared, and the CPU time is what load does not inflate (multi-threaded BLAS spinning
against other processes still does). A second table times the views' own work outside Streamlit
(playground.update_numbers.epoch_update, playground.loss_surface.landscape and its figure) with every
BLAS pool limited to one thread when threadpoolctl is installed. The tables are printed and written to
benchmarks/results_views.md.
"""

import argparse
import datetime
import gc
import logging
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_support import cpu_model  # noqa: E402

APP = str(ROOT / "app.py")
RESULTS = ROOT / "benchmarks" / "results_views.md"
WORST = {"n_samples": 5000, "degree": 6, "epochs": 5000}
CASES = [
    ("update", "default (moons 300, degree 3, GD, 500 epochs)", {}),
    ("update", "worst: GD", {**WORST}),
    (
        "update",
        "worst: momentum, η = 0.01 (2380 epochs)",
        {**WORST, "optimizer": "momentum", "learning_rate": 0.01},
    ),
    (
        "update",
        "worst: Adam, η = 0.001 (2380 epochs)",
        {**WORST, "optimizer": "adam", "learning_rate": 0.001},
    ),
    ("update", "worst: SGD, B = 8 (15,000 steps)", {**WORST, "optimizer": "sgd", "batch_size": 8}),
    ("update", "worst: Newton, no penalty", {**WORST, "optimizer": "newton", "penalty": "none"}),
    ("landscape", "default (moons 300, degree 3, GD, 500 epochs)", {}),
    ("landscape", "worst: GD", {**WORST}),
    ("landscape", "worst: GD, no test split (5000 training points)", {**WORST, "test_size": 0.0}),
    ("landscape", "worst: SGD, B = 8", {**WORST, "optimizer": "sgd", "batch_size": 8}),
    # K classes: six blobs (softmax, Θ (6, 28)), the most score functions the Classes control allows
    ("update", "worst K = 6: blobs, GD", {**WORST, "dataset": "blobs", "n_classes": 6}),
    ("landscape", "worst K = 6: blobs, GD", {**WORST, "dataset": "blobs", "n_classes": 6}),
    (
        "landscape",
        "worst K = 6: blobs, GD, no test split (5000 training points)",
        {**WORST, "dataset": "blobs", "n_classes": 6, "test_size": 0.0},
    ),
]


def timed(at) -> tuple[float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert not at.exception, [e.message for e in at.exception]
    return wall, cpu


def measure(page: str, query: dict, seed: int) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["seed"] = str(seed)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()  # the run itself, as the Playground computed it: not timed
    assert not at.exception, [e.message for e in at.exception]
    at.switch_page(f"app_pages/{page}.py")
    out = {"open": timed(at)}
    (slider,) = [s for s in at.main.slider if s.label == "Epoch"]
    out["n_epochs"] = int(slider.max)
    slider.set_value(int(slider.max) * 2 // 3)
    out["epoch"] = timed(at)
    if page == "landscape":
        (kind,) = at.main.radio
        kind.set_value("weights" if kind.value == "pca" else "pca")
        out["directions"] = timed(at)
    out["cached"] = timed(at)
    return out


def own_work(reps: int, cases: list = CASES) -> list[tuple[str, float, float]]:
    """The views' numbers and figures outside Streamlit, worst cases: (what, wall, CPU) medians."""
    from playground.experiment import run_experiment
    from playground.loss_surface import PCA, WEIGHTS, Directions, landscape
    from playground.settings import Settings
    from playground.update_numbers import epoch_update
    from playground.viz.landscape_figures import landscape_figure
    from playground.viz.update_figures import update_figure, update_matrix_figure

    def clock(fn) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(reps):
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        return statistics.median(walls), statistics.median(cpus)

    out = []
    for page, case, query in cases:
        if "worst" not in case:
            continue
        name = f"{page} {case}"
        exp = run_experiment(Settings(**query))
        E = exp.trainer.epoch
        if name.startswith("update"):
            eu = epoch_update(exp, E - 1)
            wall, cpu = clock(lambda exp=exp, E=E: epoch_update(exp, E - 1))
            out.append((f"Update, {name[7:]}: epoch_update at epoch E − 1", wall, cpu))
            if eu.n_classes > 2:  # the step as a matrix, one row per class
                labels = tuple(f"class {k}" for k in range(eu.n_classes))
                figure = lambda eu=eu, labels=labels: update_matrix_figure(  # noqa: E731
                    eu.names, eu.updates[-1], labels, 0
                )
            else:
                figure = lambda eu=eu: update_figure(eu.names, eu.updates[-1], eu.n_features)  # noqa: E731
            wall, cpu = clock(lambda figure=figure: figure().to_json())
            out.append((f"Update, {name[7:]}: its figure, built and serialised", wall, cpu))
        else:
            names = exp.poly.get_feature_names_out()
            for directions in (Directions(PCA), Directions(WEIGHTS, 0, 1)):
                wall, cpu = clock(
                    lambda exp=exp, E=E, d=directions, f=names: landscape(exp.trainer, 2 * E // 3, d, f)
                )
                out.append((f"Landscape, {name[10:]}: landscape(), {directions.kind}", wall, cpu))
            ls = landscape(exp.trainer, 2 * E // 3, Directions(PCA), names)
            wall, cpu = clock(lambda ls=ls: landscape_figure(ls).to_json())
            out.append((f"Landscape, {name[10:]}: its figure, built and serialised", wall, cpu))
    return out


def ms(x: float) -> str:
    return f"{1000 * x:.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 repetitions: a smoke test")
    ap.add_argument("--match", default="", help="only the cases whose name holds this text, e.g. 'K = 6'")
    args = ap.parse_args()
    reps = 2 if args.quick else 5
    os.chdir(ROOT)
    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    load_before = os.getloadavg()
    results = []
    cases = [case for case in CASES if args.match in f"{case[0]} {case[1]}"]
    for c, (page, name, query) in enumerate(CASES):
        if (page, name, query) not in cases:
            continue
        runs = [measure(page, query, 20_000 + 100 * c + i) for i in range(reps)]
        results.append((page, name, runs))
        print(f"{page:9} {name}: open {ms(statistics.median(r['open'][0] for r in runs))}", flush=True)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it, BLAS keeps its default threads
        threadpool_limits, threads = None, "BLAS threads as configured (threadpoolctl is not installed)"
    else:
        threads = "every BLAS pool limited to one thread (threadpoolctl)"
    if threadpool_limits is None:
        own = own_work(reps, cases)
    else:
        with threadpool_limits(1):
            own = own_work(reps, cases)
    load_after = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    import numpy
    import streamlit

    lines = [
        "# Learning views: server time",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores, shared with other processes (noisy)",
        f"- load average before / after: {', '.join(f'{x:.1f}' for x in load_before)} / "
        f"{', '.join(f'{x:.1f}' for x in load_after)}",
        f"- app at commit {commit}; Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"NumPy {numpy.__version__}",
        f"- {reps} repetitions, each with a new seed; medians, wall clock (this process's CPU time in "
        f"brackets); total {time.perf_counter() - t0:.0f} s",
        "",
        "| view | case | epochs | open | epoch moved | directions changed | cached rerun | target |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def cell(runs: list[dict], key: str) -> str:
        if key not in runs[0]:
            return ""
        wall = statistics.median(r[key][0] for r in runs)
        cpu = statistics.median(r[key][1] for r in runs)
        return f"{ms(wall)} ({ms(cpu)})"

    for page, name, runs in results:
        epochs = sorted({r["n_epochs"] for r in runs})
        lines.append(
            f"| {page.capitalize()} | {name} | {', '.join(map(str, epochs))} | {cell(runs, 'open')} | "
            f"{cell(runs, 'epoch')} | {cell(runs, 'directions')} | {cell(runs, 'cached')} | ≤ 300 ms |"
        )
    lines += [
        "",
        f"The views' own work outside Streamlit, worst cases, {threads}; medians of {reps}:",
        "",
        "| what | wall | CPU |",
        "|---|---|---|",
        *[f"| {what} | {ms(wall)} | {ms(cpu)} |" for what, wall, cpu in own],
        "",
        "Per repetition, wall clock (ms), open / epoch moved:",
        "",
    ]
    for page, name, runs in results:
        opened = ", ".join(f"{1000 * r['open'][0]:.0f}" for r in runs)
        moved = ", ".join(f"{1000 * r['epoch'][0]:.0f}" for r in runs)
        lines.append(f"- {page} {name}: {opened} / {moved}")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.quick and not args.match:  # the whole table only
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
