"""The worst case the caps allow, trained, packed and advised in a worker, with one BLAS thread a
worker (playground/worker.py's default) against two, interleaved in fresh processes.

Run: python benchmarks/bench_worker_threads.py [--rounds 2] [--repeat 7]
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CPUINFO, LOADAVG = Path("/proc/cpuinfo"), Path("/proc/loadavg")
CHILD = """
import statistics, time
from playground.played import play
from playground.settings import Settings
from playground.ui import workers
worst = Settings(n_samples=5000, degree=6, epochs=5000)
workers.run(play, worst, None, None)  # the pool started and warm
times = []
for _ in range({repeat}):
    start = time.perf_counter()
    workers.run(play, worst, None, None)
    times.append(time.perf_counter() - start)
print(f"{{1000 * statistics.median(times):.0f}}")
"""


def median_ms(threads: str | None, repeat: int) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if threads is not None:  # the worker keeps a value it inherits (os.environ.setdefault)
        env["OPENBLAS_NUM_THREADS"] = threads
    code = CHILD.format(repeat=repeat)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    return out.stdout.strip() or out.stderr.strip()[-200:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in CPUINFO.read_text().splitlines() if "model name" in line),
        "?",
    )
    print(f"CPU {cpu}, {os.cpu_count()} cores")
    for round_ in range(1, args.rounds + 1):
        one, two = median_ms(None, args.repeat), median_ms("2", args.repeat)
        load = " ".join(LOADAVG.read_text().split()[:3])
        print(
            f"round {round_}: one BLAS thread {one} ms, two {two} ms (medians of {args.repeat}; load {load})"
        )


if __name__ == "__main__":
    main()
