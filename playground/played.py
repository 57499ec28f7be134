"""What the Playground shows of a run, made from the settings alone (a worker process can make it)."""

from dataclasses import dataclass

from .advice import Advice, advise
from .drawing import Drawing
from .experiment import run_experiment
from .memory import unmap_large_blocks_when_freed
from .payload import Packed, build_payload, pack
from .points import Points
from .settings import Settings


@dataclass(frozen=True)
class Played:
    """What the Playground shows of a run: the player's data and, for a run that went wrong, the
    cause with a fix that was tried first."""

    run: Packed
    advice: Advice | None


def play(settings: Settings, points: Points | None, drawing: Drawing | None) -> Played:
    """Train the run and keep what the Playground shows of it."""
    exp = run_experiment(settings, points)
    return Played(pack(build_payload(exp, drawing=drawing)), advise(exp, points))


def start_worker() -> None:
    """A worker process's first steps: glibc told to unmap large blocks when freed, and one small run,
    so that the first-use allocations (NumPy's, the trainer's) are made before a visitor's run."""
    unmap_large_blocks_when_freed()
    play(Settings(n_samples=50, epochs=10), None, None)
