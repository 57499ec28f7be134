"""What a change costs in a worker, by part: the run, the player's payload and the advice (with its
trial runs), over the heavy load mix's random walk of settings (bench_load.py's controls, "any").

    python benchmarks/bench_advice.py [--changes 300] [--seed 1]

One process, one BLAS thread, CPU time per change (time.process_time), as `played.play` spends it:
run_experiment, pack(build_payload), advise. Also counts how the runs ended, how many changes got
advice, and how many trial runs the advice started (`advice._trial`, wrapped to count and time them).
"""

import argparse
import collections
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as in a worker (playground/worker.py)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import bench_load  # noqa: E402
from bench_support import cpu_model  # noqa: E402

from playground import advice  # noqa: E402
from playground.experiment import run_experiment  # noqa: E402
from playground.payload import build_payload, pack  # noqa: E402
from playground.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--changes", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1, help="the random walk's seed")
    args = ap.parse_args()

    spent: collections.Counter = collections.Counter()
    counts: collections.Counter = collections.Counter()
    trial = advice._trial

    def counted_trial(settings: Settings, points: object) -> object:
        t = time.process_time()
        out = trial(settings, points)
        spent["trial runs (first chunk or whole)"] += time.process_time() - t
        counts["trial runs"] += 1
        return out

    advice._trial = counted_trial
    rng = random.Random(args.seed)
    s = Settings(seed=7)
    run_experiment(Settings(n_samples=50, epochs=10))  # first-use imports and allocations
    for _ in range(args.changes):
        _, name, options, _ = rng.choice(bench_load.CONTROLS)
        s = replace(s, **{name: bench_load.next_value(options, getattr(s, name), "any", rng)})
        t0 = time.process_time()
        exp = run_experiment(s)
        t1 = time.process_time()
        pack(build_payload(exp))
        t2 = time.process_time()
        given = advice.advise(exp)
        t3 = time.process_time()
        spent["run"] += t1 - t0
        spent["payload"] += t2 - t1
        spent["advice (with its trials)"] += t3 - t2
        counts[f"ended {exp.trainer.status}" + (", unsettled" if exp.trainer.unsettled else "")] += 1
        counts["got advice"] += given is not None
    print(
        f"CPU: {cpu_model()}; load average {os.getloadavg()[0]:.2f}; {args.changes} changes, seed {args.seed}"
    )
    for part, seconds in spent.items():
        print(f"  {part}: {1000 * seconds / args.changes:.1f} ms a change")
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
