"""What the benchmarks share: the machine and the commit measured, written beside every figure, and
the results file. The server and the browser come from tests/browser_support.py."""

import contextlib
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    """The CPU's model name (from /proc/cpuinfo where there is one)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def app_commit(root: Path = ROOT) -> str:
    """The commit of the checkout at root, '+ local changes' if the app's code or config differs from it."""
    git = ["git", "-C", str(root)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=20
        )
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "lr", "playground", "app.py", "app_pages", ".streamlit"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    if head.returncode:
        return "not a git checkout"
    return head.stdout.strip() + (" + local changes" if dirty.stdout.strip() else "")


def write_results(path: Path, lines: list[str], errors: list[str]) -> None:
    """The results file (Markdown lines, then the first page errors if any), also printed."""
    if errors:
        lines = [*lines, f"- page errors: {errors[:5]}"]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    print(text)
