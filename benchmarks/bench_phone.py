"""Playback on a phone against a desktop: the player's update rate at 390×844 and at 1280×720.

    python benchmarks/bench_phone.py           # 5 repetitions at 300 points, 3 at 5000 (~3 minutes)
    python benchmarks/bench_phone.py --quick   # 2 and 1: a smoke test

On a phone (Playwright's mobile emulation: 390×844, is_mobile, has_touch, device_scale_factor 3)
the player stacks its charts at the full width of the screen, and every CSS pixel is 3×3 device
pixels, so a frame paints about 9 times the pixels of a desktop's. The same playback measurement
as bench_app.py's benchmark 2 (benchmarks/bench_app.py: playback_player; Reset, Play, sample every
animation frame for 3 s, Pause), on one `streamlit run app.py` server, the two devices interleaved
(phone, desktop, phone, ...), each in its own browser context; medians of the repetitions. The
table is printed and written to benchmarks/results_phone.md.
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_app import BIG, SAMPLE_S, playback_player, versions  # noqa: E402
from bench_support import app_commit, cpu_model, write_results  # noqa: E402
from bench_trainer import load_average  # noqa: E402
from browser_support import launch, streamlit_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results_phone.md"
DEVICES = {
    "phone 390×844 (touch, 3× pixels)": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
    "desktop 1280×720": {"viewport": {"width": 1280, "height": 720}},
}
TARGET = 40.0  # boundary updates/s at 300 points (README: the Plotly player's figure)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 and 1 repetitions: a smoke test")
    args = ap.parse_args()
    reps, big_reps = (2, 1) if args.quick else (5, 3)
    sample_s = 2.0 if args.quick else SAMPLE_S
    os.chdir(ROOT)
    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    t_start = time.perf_counter()
    load_at_start = load_average()
    results: dict[tuple[str, int], list[dict]] = {(d, n): [] for d in DEVICES for n in (300, BIG)}
    with streamlit_server() as url, sync_playwright() as p:
        browser = launch(p)
        contexts = {name: browser.new_context(**device) for name, device in DEVICES.items()}
        for ctx in contexts.values():  # warm: the server's cache, each context's HTTP cache
            playback_player(browser, ctx, url, 20_000, 1.0, e2e=False)
        for i in range(reps):
            print(f"repetition {i + 1}/{reps} ({time.perf_counter() - t_start:.0f} s) ...", flush=True)
            for name, ctx in contexts.items():
                results[name, 300].append(playback_player(browser, ctx, url, 21_000 + i, sample_s, e2e=False))
            if i < big_reps:
                for name, ctx in contexts.items():
                    results[name, BIG].append(
                        playback_player(browser, ctx, url, 23_000 + i, sample_s, n_samples=BIG, e2e=False)
                    )
        browser.close()
    total = time.perf_counter() - t_start

    def med(name: str, n: int, key: str) -> float:
        return statistics.median(r[key] for r in results[name, n])

    def each(name: str, n: int, key: str) -> str:
        return ", ".join(f"{r[key]:.1f}" for r in results[name, n])

    rows = []
    for name in DEVICES:
        for n in (300, BIG):
            updates = med(name, n, "updates")
            target = f"≥ {TARGET:g}/s" if n == 300 else "≥ 25/s"
            met = updates >= (TARGET if n == 300 else 25.0)
            rows.append(
                f"| {name} | {n} | {updates:.1f}/s ({each(name, n, 'updates')}) | "
                f"{med(name, n, 'positions'):.1f}/s | {med(name, n, 'raf'):.1f}/s | "
                f"{1e3 * med(name, n, 'busy'):.1f} ms | {target} | {'yes' if met else '**no**'} |"
            )
    errors = [e for rs in results.values() for r in rs for e in r["errors"]]
    quick = " (--quick)" if args.quick else ""
    lines = [
        "# Playback on a phone and on a desktop",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores, shared with other processes (noisy)",
        f"- app at commit {app_commit()}; {versions()}",
        f"- load average (1, 5, 15 min) at start: {load_at_start}; at the end: {load_average()}",
        f"- {reps} repetitions at 300 points, {big_reps} at {BIG}{quick}, devices interleaved, medians; "
        f"{sample_s:g} s of playback sampled each; total {total:.0f} s",
        "",
        "| device | points | boundary updates/s (each repetition) | distinct boundaries/s | "
        "animation frames/s | main thread per update | target | met |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "Updates are the player's frames (data-frames) per second while playing; each is one "
        "Plotly.relayout of the boundary's layout images (a 100×100 PNG, two SVGs). The main thread's "
        "time per update is DevTools' TaskDuration over the window, divided by the frames.",
    ]
    write_results(RESULTS, lines, errors)


if __name__ == "__main__":
    main()
