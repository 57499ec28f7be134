"""Server time of a changed control at every K the Classes control allows: the worst case the caps
allow (5000 points, degree 6, 5000 epochs asked) for each optimizer family, trained, packed and
advised as the Playground does it (`played.play`), through a worker process as the app runs it.

The work cap counts K (settings.epoch_budget: points × weights × K score functions × epochs), so a
6-class run gets about a sixth of a two-class run's epochs; this measures whether that holds the
≈ 300 ms a change may take. Each case runs in its worker pool, warm, median of `--repeat` runs; the
worker's CPU time comes from /proc/PID/stat of the worker processes. Cases are interleaved over
`--rounds` rounds so that the machine's other load falls on all of them alike.

Run: python benchmarks/bench_worst_k.py [--rounds 2] [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground.played import play  # noqa: E402
from playground.settings import Settings, epoch_budget  # noqa: E402
from playground.ui import workers  # noqa: E402

WORST = {"n_samples": 5000, "degree": 6, "epochs": 5000}
CASES = [
    ("moons, 2 classes, GD", Settings(**WORST)),
    ("moons, 2 classes, SGD (batch 8)", Settings(optimizer="sgd", batch_size=8, **WORST)),
    *[(f"blobs, {k} classes, GD", Settings(dataset="blobs", n_classes=k, **WORST)) for k in (2, 3, 4, 5, 6)],
    (
        "blobs, 6 classes, SGD (batch 8)",
        Settings(dataset="blobs", n_classes=6, optimizer="sgd", batch_size=8, **WORST),
    ),
    (
        "blobs, 6 classes, Adam",
        Settings(dataset="blobs", n_classes=6, optimizer="adam", learning_rate=0.01, **WORST),
    ),
    ("blobs, 6 classes, Newton", Settings(dataset="blobs", n_classes=6, optimizer="newton", **WORST)),
]
TICK = os.sysconf("SC_CLK_TCK")


def worker_cpu() -> float:
    """CPU seconds used so far by this process's children (the fork server's workers included)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid = int(fields[1])
        if ppid == os.getpid() or _is_descendant(ppid):
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def _is_descendant(pid: int, depth: int = 3) -> bool:
    for _ in range(depth):
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            return False
        if pid == os.getpid():
            return True
    return False


def one(settings: Settings) -> tuple[float, float]:
    cpu0, t0 = worker_cpu(), time.perf_counter()
    workers.run(play, settings, None, None)
    return time.perf_counter() - t0, worker_cpu() - cpu0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    info = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(line.split(":")[1].strip() for line in info if line.startswith("model name"))
    load = Path("/proc/loadavg").read_text().split()[:3]
    for _, s in CASES:
        workers.run(play, s, None, None)  # warm: the pool started, first-use allocations made
    wall: dict[str, list[float]] = {name: [] for name, _ in CASES}
    used: dict[str, list[float]] = {name: [] for name, _ in CASES}
    for _ in range(args.rounds):
        for name, s in CASES:
            for _ in range(args.repeat):
                w, c = one(s)
                wall[name].append(w)
                used[name].append(c)
    print(
        f"CPU: {cpu}, {os.cpu_count()} cores; load average before: {' '.join(load)}, after: "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    print(f"median of {args.rounds} × {args.repeat} runs through a warm worker (one BLAS thread)\n")
    print("| case | epochs (cap) | wall ms | worker CPU ms |")
    print("|---|---|---|---|")
    for name, s in CASES:
        print(
            f"| {name} | {epoch_budget(s)} | {1000 * statistics.median(wall[name]):.0f} | "
            f"{1000 * statistics.median(used[name]):.0f} |"
        )


if __name__ == "__main__":
    main()
