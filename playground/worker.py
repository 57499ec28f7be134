"""What a worker process imports: the playground's runs (NumPy, lr, the domain), never the server's script.

`playground/ui/workers.py` names this module in the fork server's preload list, so the fork server
imports NumPy, lr and the domain once and every worker is forked with them already imported. Nothing
else imports it: importing it tells this process's multiprocessing not to re-run the parent's main
script in the processes it forks.

Why: a forkserver or spawn child first re-runs its parent's `__main__` (spawn.py,
`_fixup_main_from_path`), which under `streamlit run` is app.py itself; a worker runs only
module-level functions of the playground's domain, imported by name when it unpickles them, so it
never needs the parent's main script (what the app script cost each worker: benchmarks/README.md,
Load).
"""

import multiprocessing.spawn
import os

# One BLAS thread a worker, set before NumPy loads: the pool already runs one worker per core, and a
# second BLAS thread only spins on a run's small products (benchmarks/README.md, Load).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from .played import play, start_worker  # noqa: E402 (after the BLAS threads are set)

__all__ = ["play", "start_worker"]


def _keep_own_main(_main: str) -> None:
    """In place of spawn's _fixup_main_from_path/_name: the child keeps its own `__main__`."""


# Only in this process, the fork server: the workers it forks inherit it; the server is untouched.
multiprocessing.spawn._fixup_main_from_path = _keep_own_main
multiprocessing.spawn._fixup_main_from_name = _keep_own_main

# The fork server makes one small run now, so that the modules a run imports on first use and NumPy's
# first-use setup are in place before it forks: each worker starts warm, inheriting them.
start_worker()
