"""Load benchmark: many visitors on one `streamlit run app.py`, the server's share measured alone.

    python benchmarks/bench_load.py            # 20 sessions for 60 s, RSS until +60 s (about 3 minutes)
    python benchmarks/bench_load.py --quick    # 10 s, RSS until +20 s: a smoke test; prints only
    python benchmarks/bench_load.py --mix near --mix any --repeat 2 --malloc-stats \
        --contender before:@d89ed6c --contender after     # what wrote benchmarks/results_load.md

Each session is a light client, not a browser: asyncio + websockets speaking Streamlit's own protocol
at /_stcore/stream as the frontend does. It sends a BackMsg `rerun_script` (query string, page hash,
widget states) and reads ForwardMsgs until `script_finished`; the widget ids of the sidebar controls
come from the `new_element` deltas, by label, and the result of a change is the player's
`bidi_component` delta with a new `run_id`. A client costs a few ms of CPU per change, so the latency
it measures (control sent → script_finished with the new payload) is the server's time, queue included.

One run: a fresh server on a free loopback port; one session loads the page and leaves (the warm
baseline); N sessions connect at once, each with a seed of its own in the URL so that no two share a
run, load the page, and each changes a control about once a second (0.8-1.2 s apart, one change in
flight: the next is sent when due or, if late, as soon as the previous one answered) for `--seconds`.
A change picks the learning rate, polynomial degree, samples, noise or test split and a value that
gives a combination the session has not had, so every change trains and packs a new run: `--mix near`
moves the control up to a tenth of its range from where it is, as a visitor exploring does; `--mix
any` jumps anywhere in its range (2500 samples on average: the heavy case). Then all close; RSS is
read until +60 s, Streamlit's /_stcore/metrics says what st.cache_data holds, `--malloc-stats` asks
the server's glibc malloc through gdb (malloc_stats, then malloc_trim(0)). Last, one session alone
makes the same kind of changes for 20 s: the server's own time per change, without a queue. A thread
reads /proc/PID/stat (utime + stime) and /proc/PID/status (VmRSS) of the server and of its worker
processes, summed, every 0.5 s.

`--contender NAME[:DIR|:@COMMIT][:KEY=VALUE...]` (repeatable) compares servers, one at a time and
interleaved (A, B, A, B, ... for `--repeat` rounds): DIR is another copy of the app, @COMMIT this
repository's commit (exported with `git archive`), KEY=VALUE an environment variable
(`MALLOC_ARENA_MAX=2`) or, with a dot in KEY, a `streamlit run` option (`runner.postScriptGC=false`).
After each contender's run the worst case the caps allow is timed in a fresh process from its code.
The table reports medians over rounds; the full run writes benchmarks/results_load.md.
"""

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_support import app_commit, cpu_model  # noqa: E402
from browser_support import streamlit_process  # noqa: E402

from playground.settings import LEARNING_RATES, LIMITS, Settings  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results_load.md"
SAMPLE_S = 0.5  # the server's CPU and RSS are read this often
AFTER_S = (5, 20, 60)  # RSS read this long after the last session closed
REPLY_TIMEOUT_S = 60  # a rerun not finished by then counts as an error
CLK_TCK = os.sysconf("SC_CLK_TCK")
RUN_ID = re.compile(rb'\\?"run_id\\?":\s*\\?"([0-9a-f]+)')  # the run's JSON is a string in the data

# The controls the sessions change: (label in the sidebar, Settings field, values, widget state kind),
# with the sliders' steps of playground/ui/controls.py. A slider's state is a list of doubles, a
# select_slider's the option as shown (learning rates are formatted with :g).
CONTROLS = [
    ("Learning rate", "learning_rate", LEARNING_RATES, "select"),
    ("Polynomial degree", "degree", list(range(LIMITS["degree"][0], LIMITS["degree"][1] + 1)), "slider"),
    ("Samples", "n_samples", list(range(LIMITS["n_samples"][0], LIMITS["n_samples"][1] + 1, 10)), "slider"),
    ("Noise", "noise", [round(0.05 * k, 2) for k in range(21)], "slider"),
    ("Test split", "test_size", [round(0.05 * k, 2) for k in range(11)], "slider"),
]
DEFAULTS = {name: getattr(Settings(), name) for _, name, _, _ in CONTROLS}
# How far one change moves a control: "near" drags it up to a tenth of its range (at least one step)
# from where it is, as a visitor exploring does; "any" jumps to any value of its range, so the
# sessions' settings spread over all of them (on average 2500 samples and degree 3.5: the heavy case).
MIXES = ("near", "any")
MIX_TEXT = {
    "near": "each change moves a control up to a tenth of its range from where it is (a visitor exploring)",
    "any": "each change sets a control to any value of its range (2500 samples on average: the heavy case)",
}


def next_value(options: list, current: float, mix: str, rng: random.Random) -> float:
    """A value of the control other than `current`, chosen as the mix says."""
    if mix == "any":
        return rng.choice([v for v in options if v != current])
    i = options.index(current)
    reach = max(1, len(options) // 10)
    return options[
        rng.choice([j for j in range(i - reach, i + reach + 1) if j != i and 0 <= j < len(options)])
    ]


# -- the server ------------------------------------------------------------------------------------------
@dataclass
class Contender:
    name: str
    root: Path = ROOT
    env: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    commit: str = ""  # when the app comes from `git archive` of this commit

    @classmethod
    def parse(cls, spec: str, tmp: Path) -> "Contender":
        """NAME[:DIR or :@COMMIT][:KEY=VALUE...]; @COMMIT is exported with `git archive` under tmp."""
        name, *rest = spec.split(":")
        c = cls(name)
        if rest and rest[0].startswith("@"):
            c.commit = rest.pop(0)[1:]
            c.root = tmp / name
            c.root.mkdir(parents=True)
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", c.commit], capture_output=True, check=True, timeout=60
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(c.root)], input=archive, check=True, timeout=60)
        elif rest and rest[0] and "=" not in rest[0]:
            c.root = Path(rest.pop(0)).resolve()
        elif rest and not rest[0]:
            rest.pop(0)
        for item in rest:
            key, _, value = item.partition("=")
            (c.options if "." in key else c.env)[key] = value
        return c

    def describe(self) -> str:
        if self.commit:
            parts = [f"the app at commit {self.commit} (git archive)"]
        else:
            parts = [] if self.root == ROOT else [f"the app in {self.root} ({app_commit(self.root)})"]
        parts += [f"{k}={v}" for k, v in {**self.env, **self.options}.items()]
        return ", ".join(parts) or "this checkout, default settings"


@contextlib.contextmanager
def streamlit_server(contender: Contender, timeout: float = 60):
    """`streamlit run app.py` of the contender's checkout, environment and options on a free loopback
    port (tests/browser_support.py); yields (url, pid, log file)."""
    options = tuple(arg for k, v in contender.options.items() for arg in (f"--{k}", v))
    with streamlit_process(
        contender.root / "app.py",
        cwd=contender.root,
        env=contender.env,
        options=options,
        log_name="streamlit-load",
        timeout=timeout,
    ) as (url, proc, log):
        yield url, proc.pid, log


def process_tree(pid: int) -> list[int]:
    """pid and every process descended from it (the server's worker processes)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            ppid = int(text[text.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


class Sampler(threading.Thread):
    """Every SAMPLE_S: (time, VmRSS in MB, CPU seconds used so far, threads) of a process and its
    descendants, summed (the server trains runs in worker processes: their memory and CPU count)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, float, float, int]] = []
        self._halt = threading.Event()

    def read(self) -> tuple[float, float, float, int]:
        cpu = rss = threads = 0
        for pid in process_tree(self.pid):
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
                # utime + stime, and the same of its children that exited and were waited for
                cpu += sum(int(v) for v in fields[11:15]) / CLK_TCK
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1]) / 1024
                    elif line.startswith("Threads:"):
                        threads += int(line.split()[1])
        return time.monotonic(), rss, cpu, threads

    def by_process(self) -> list[tuple[str, float]]:
        """(what the process is, VmRSS in MB) for the server and each descendant, now."""
        out = []
        for pid in process_tree(self.pid):
            with contextlib.suppress(OSError, ValueError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                parent = int(stat[stat.rindex(")") + 2 :].split()[1])
                text = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                # a worker is forked by the fork server, whose command line it shows
                kind = (
                    "server"
                    if pid == self.pid
                    else "resource tracker"
                    if "resource_tracker" in text
                    else "fork server"
                    if parent == self.pid and "forkserver" in text
                    else "worker"
                )
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        out.append((kind, int(line.split()[1]) / 1024))
        return out

    def run(self) -> None:
        next_t = time.monotonic()
        while not self._halt.is_set():
            with contextlib.suppress(OSError):
                self.samples.append(self.read())
            next_t += SAMPLE_S
            self._halt.wait(max(0.0, next_t - time.monotonic()))

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def at(self, t: float) -> tuple[float, float, float, int]:
        """The sample nearest to monotonic time t."""
        return min(self.samples, key=lambda s: abs(s[0] - t))

    def between(self, t0: float, t1: float) -> list[tuple[float, float, float, int]]:
        return [s for s in self.samples if t0 <= s[0] <= t1]


# -- the light client ------------------------------------------------------------------------------------
class Session:
    """One visitor: a websocket to /_stcore/stream speaking Streamlit's protobuf protocol."""

    def __init__(self, url: str, query: str = "") -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.query = query  # the URL's query string: the app rewrites it (page_info_changed)
        self.page_hash = ""
        self.widgets: dict[str, str] = {}  # label → widget id, from the last run's deltas
        self.states: dict[str, WidgetState] = {}  # widget id → the state this visitor set
        self.run_id = b""
        self.ws = None
        self.errors: list[str] = []
        self.bytes = 0

    async def open(self) -> None:
        # As the browser: subprotocol "streamlit"; no compression (Streamlit's server has it off).
        self.ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], compression=None, max_size=None, open_timeout=60
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def set_widget(self, label: str, kind: str, value: float) -> None:
        state = WidgetState(id=self.widgets[label])
        if kind == "select":
            state.string_array_value.data.append(f"{value:g}")
        else:
            state.double_array_value.data.append(float(value))
        self.states[state.id] = state

    async def rerun(self) -> tuple[float, int]:
        """Ask for a rerun with the current widget states; (seconds to script_finished, messages).

        Raises RuntimeError when the run ends without a new player payload or with an exception.
        """
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.widget_states.widgets.extend(self.states.values())
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        cs.context_info.url = self.ws_url.replace("ws://", "http://").replace("/_stcore/stream", "/")
        old_run_id, new_payload, n = self.run_id, False, 0
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            data = await asyncio.wait_for(self.ws.recv(), REPLY_TIMEOUT_S)
            self.bytes += len(data)
            n += 1
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                which = el.WhichOneof("type")
                if which == "exception":
                    self.errors.append(f"{el.exception.type}: {el.exception.message}")
                elif which == "bidi_component":
                    m = RUN_ID.search(el.bidi_component.json[:4096].encode())
                    if m and m.group(1) != old_run_id:
                        self.run_id, new_payload = m.group(1), True
                else:
                    widget = getattr(el, which)
                    label = getattr(widget, "label", None)
                    if label and getattr(widget, "id", ""):
                        self.widgets[label] = widget.id
            elif kind == "script_finished":
                # 0 = finished successfully; 2 = stopped early for a newer rerun (not ours: we wait)
                if fm.script_finished == 0:
                    latency = time.perf_counter() - t0
                    if not new_payload:
                        raise RuntimeError("the run finished without a new player payload")
                    return latency, n
                if fm.script_finished == 1:
                    raise RuntimeError("the script failed to compile")


@dataclass
class ClientResult:
    load: float | None = None  # connect → first script_finished
    changes: list[tuple[float, float, str]] = field(default_factory=list)  # (sent at, latency, control)
    late: list[float] = field(default_factory=list)  # how late a change was sent (s)
    errors: list[str] = field(default_factory=list)
    closed_at: float = 0.0
    bytes: int = 0


async def visitor(url: str, seed: int, seconds: float, mix: str, everyone_loaded, loaded) -> ClientResult:
    """Open the page with a seed of its own, wait for the others, then change a control ~1/s."""
    out = ClientResult()
    rng = random.Random(seed)
    session = Session(url, f"seed={seed}")
    values = dict(DEFAULTS)
    seen = {tuple(values.values())}
    try:
        t0 = time.perf_counter()
        await session.open()
        await session.rerun()
        out.load = time.perf_counter() - t0
    except Exception as e:
        out.errors.append(f"load: {type(e).__name__}: {e}")
    loaded()
    await everyone_loaded.wait()
    try:
        if out.load is None:
            return out
        start = time.monotonic()
        due = start + rng.uniform(0, 1)  # spread the sessions over the first second
        while True:
            now = time.monotonic()
            if now < due:
                await asyncio.sleep(due - now)
            elif now - due > 0.001:
                out.late.append(now - due)
            if time.monotonic() - start >= seconds:
                break
            label, name, options, kind = rng.choice(CONTROLS)
            for _ in range(100):  # a combination this session has not had: the run is not cached
                value = next_value(options, values[name], mix, rng)
                candidate = {**values, name: value}
                if tuple(candidate.values()) not in seen:
                    break
            values = candidate
            seen.add(tuple(values.values()))
            session.set_widget(label, kind, value)
            sent = time.monotonic()
            try:
                latency, _ = await session.rerun()
                out.changes.append((sent - start, latency, label))
            except (websockets.ConnectionClosed, OSError) as e:
                out.errors.append(f"disconnected: {type(e).__name__}: {e}")
                break
            except (RuntimeError, TimeoutError) as e:
                out.errors.append(f"{label} → {value}: {type(e).__name__}: {e}")
            due += rng.uniform(0.8, 1.2)
    finally:
        out.errors += session.errors
        out.bytes = session.bytes
        with contextlib.suppress(Exception):
            await session.close()
        out.closed_at = time.monotonic()
    return out


async def one_visit(url: str) -> float:
    """One visitor loads the page with the default settings and leaves: the warm-up."""
    session = Session(url)
    t0 = time.perf_counter()
    await session.open()
    await session.rerun()
    t = time.perf_counter() - t0
    await session.close()
    return t


async def crowd(
    url: str, n: int, seconds: float, mix: str, seed0: int
) -> tuple[list[ClientResult], float, float]:
    """n visitors at once; returns their results and the monotonic times the changes began and ended."""
    everyone_loaded = asyncio.Event()
    count = [0]

    def loaded():
        count[0] += 1
        if count[0] == n:
            everyone_loaded.set()

    tasks = [
        asyncio.create_task(visitor(url, seed0 + i, seconds, mix, everyone_loaded, loaded)) for i in range(n)
    ]
    await everyone_loaded.wait()
    began = time.monotonic()
    results = await asyncio.gather(*tasks)
    ended = max(r.closed_at for r in results)
    return list(results), began, ended


def server_metrics(url: str) -> dict:
    """From Streamlit's /_stcore/metrics: bytes held by each st.cache_data cache, and the sessions."""
    out = {"cache_bytes": {}, "active_sessions": None}
    try:
        with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as r:
            text = r.read().decode()
    except OSError:
        return out
    for line in text.splitlines():
        m = re.match(r'cache_memory_bytes\{.*cache="([^"]+)".*\} (\S+)', line)
        if m:
            out["cache_bytes"][m.group(1).rsplit(".", 1)[-1]] = float(m.group(2))
        elif line.startswith("active_sessions "):
            out["active_sessions"] = int(float(line.split()[1]))
    return out


# -- one measurement -------------------------------------------------------------------------------------
def pct(xs: list[float], q: float) -> float:
    """The q-th percentile (0–100), linear between ranks; nan for no data."""
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


WORST_CASE = """
import json, sys, time
import playground.ui.runs  # the server's allocator settings, if the app makes any
from playground.experiment import run_experiment
from playground.settings import Settings, n_weights
out = {}
for split in ("0.25", "0.5"):
    kw = dict(n_samples=5000, degree=6, epochs=5000, test_size=float(split), optimizer="gd")
    run_experiment(Settings(**kw))  # warm
    walls, cpus = [], []
    for seed in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        exp = run_experiment(Settings(**kw, seed=seed))
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    e = int(exp.trainer.epoch)
    out[split] = {"epochs": e, "wall": sorted(walls)[2], "cpu": sorted(cpus)[2],
                  "work": e * 5000 * n_weights(Settings(**kw))}
print(json.dumps(out))
"""


WORKER_START = """
import json, statistics, time
from playground.played import play
from playground.settings import Settings
from playground.ui import workers
if not hasattr(workers, "shutdown"):
    print(json.dumps(None))
    raise SystemExit
workers.run(play, Settings(seed=999), None, None)  # the fork server started, its imports made
warm, cold = [], []
for seed in range(7):
    t0 = time.perf_counter()
    workers.run(play, Settings(seed=seed), None, None)
    warm.append(time.perf_counter() - t0)
    workers.shutdown()  # as when idle workers retire
    t0 = time.perf_counter()
    workers.run(play, Settings(seed=100 + seed), None, None)
    cold.append(time.perf_counter() - t0)
print(json.dumps({"warm": statistics.median(warm), "cold": statistics.median(cold)}))
"""


def _in_fresh_process(contender: Contender, code: str, what: str) -> dict:
    """The JSON that `code` prints last, run in a fresh Python from the contender's app."""
    p = subprocess.run(
        [sys.executable, "-c", code],
        cwd=contender.root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(contender.root), **contender.env},
    )
    if p.returncode:
        raise RuntimeError(f"{what} failed in {contender.root}: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def worker_start(contender: Contender) -> dict | None:
    """A default run in warm workers and in workers started for it (after idle ones retired), medians
    of 7 interleaved, in a fresh process from the contender's app; None if its workers cannot retire."""
    return _in_fresh_process(contender, WORKER_START, "worker start")


def worst_case(contender: Contender) -> dict:
    """The run the caps allow at its largest, timed in a fresh process from the contender's app."""
    return _in_fresh_process(contender, WORST_CASE, "worst case")


def glibc_malloc(pid: int, log: Path, sampler: "Sampler") -> dict | None:
    """Ask the server's glibc, through gdb, what its malloc holds; then malloc_trim(0) and read RSS.

    malloc_stats() prints each arena's mapped ('system') and allocated ('in use') bytes to the
    server's stderr (its log). Memory mapped but not in use is free memory malloc kept; what
    malloc_trim(0) cannot give back is pinned by live blocks on the same pages. None without gdb.
    """
    if not shutil.which("gdb"):
        return None
    n = len(log.read_text())

    def call(expr: str) -> None:
        subprocess.run(
            ["gdb", "-p", str(pid), "-batch", "-ex", f"call (int){expr}"], capture_output=True, timeout=120
        )

    call("malloc_stats()")
    time.sleep(0.5)
    text = log.read_text()[n:]
    arenas = re.findall(r"Arena \d+:\nsystem bytes\s+=\s+(\d+)\nin use bytes\s+=\s+(\d+)", text)
    total = re.search(r"Total \(incl. mmap\):\nsystem bytes\s+=\s+(\d+)\nin use bytes\s+=\s+(\d+)", text)
    if not arenas or not total:
        return None
    rss_before = sampler.read()[1]
    call("malloc_trim(0)")
    time.sleep(0.5)
    return {
        "arenas": len(arenas),
        "system": int(total.group(1)) / 2**20,
        "in_use": int(total.group(2)) / 2**20,
        "rss_before_trim": rss_before,
        "rss_after_trim": sampler.read()[1],
    }


def measure(
    contender: Contender,
    sessions: int,
    seconds: float,
    mix: str,
    after: tuple[int, ...],
    seed0: int,
    malloc_stats: bool = False,
    solo_seconds: float = 20,
) -> dict:
    """One server: warm-up and baseline, the crowd, RSS until +max(after) s; then one session alone."""
    with streamlit_server(contender) as (url, pid, log):
        print(f"  server pid {pid} at {url}", flush=True)
        sampler = Sampler(pid)
        sampler.start()
        time.sleep(2)
        idle = sampler.read()[1]
        warm_load = asyncio.run(one_visit(url))
        warm_closed = time.monotonic()
        time.sleep(5)
        base = sampler.between(warm_closed + 3, warm_closed + 5)
        baseline = statistics.median(s[1] for s in base)
        baseline_by_process = sampler.by_process()
        before_cpu = (base[-1][2] - base[0][2]) / max(base[-1][0] - base[0][0], 1e-9)

        client_cpu0 = time.process_time()
        t_start = time.monotonic()
        results, began, closed = asyncio.run(crowd(url, sessions, seconds, mix, seed0))
        client_cpu = time.process_time() - client_cpu0
        metrics_closed = server_metrics(url)
        # +2 samples: the RSS read "at +max(after) s" must not see what the next visitor starts
        time.sleep(max(0.0, closed + max(after) + 2 * SAMPLE_S - time.monotonic()))
        metrics_after = server_metrics(url)
        after_by_process = sampler.by_process()
        malloc = glibc_malloc(pid, log, sampler) if malloc_stats else None
        # The same changes from one session alone: the server's own time per change, no queue.
        solo, solo_began, solo_closed = asyncio.run(crowd(url, 1, solo_seconds, mix, seed0 + 500))
        time.sleep(SAMPLE_S)
        sampler.stop()

    s0, s1 = sampler.at(began), sampler.at(closed)
    solo_changes = solo[0].changes
    u0, u1 = sampler.at(solo_began), sampler.at(solo_closed)
    changes = [c for r in results for c in r.changes]
    latencies = [c[1] for c in changes]
    by_control = {}
    for _, latency, label in changes:
        by_control.setdefault(label, []).append(latency)
    during = sampler.between(t_start, closed)
    after_rss = {a: sampler.at(closed + a)[1] for a in after}
    tail = sampler.between(closed, closed + max(after))
    return {
        "contender": contender.name,
        "sessions": sessions,
        "seconds": seconds,
        "idle_rss": idle,
        "warm_load": warm_load,
        "baseline": baseline,
        "before_cpu": before_cpu,
        "loads": [r.load for r in results if r.load is not None],
        "changes": len(changes),
        "rate": len(changes) / (s1[0] - s0[0]),
        "latencies": latencies,
        "by_control": by_control,
        "late": [x for r in results for x in r.late],
        "errors": [e for r in results for e in r.errors],
        "cpu_share": (s1[2] - s0[2]) / (s1[0] - s0[0]),
        "cpu_per_change": (s1[2] - s0[2]) / max(len(changes), 1),
        "after_cpu": (tail[-1][2] - tail[0][2]) / max(tail[-1][0] - tail[0][0], 1e-9),
        "peak": max(s[1] for s in during),
        "end_rss": s1[1],
        "after": after_rss,
        "threads_peak": max(s[3] for s in during),
        "threads_after": sampler.at(closed + max(after))[3],
        "client_cpu_per_change": client_cpu / max(len(changes) + len(results), 1),
        "mb_received": sum(r.bytes for r in results) / 1e6,
        "timeline": [(s[0] - closed, s[1], s[2]) for s in sampler.samples],
        "metrics_closed": metrics_closed,
        "metrics_after": metrics_after,
        "solo_latencies": [c[1] for c in solo_changes],
        # the next visitor after max(after) s without any: their page load and first change
        "next_load": solo[0].load,
        "next_first_change": solo_changes[0][1] if solo_changes else float("nan"),
        "baseline_by_process": baseline_by_process,
        "after_by_process": after_by_process,
        "solo_cpu_per_change": (u1[2] - u0[2]) / max(len(solo_changes), 1),
        "malloc": malloc,
    }


# -- report ----------------------------------------------------------------------------------------------
def versions() -> str:
    import numpy
    import streamlit

    return (
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, NumPy {numpy.__version__}, "
        f"websockets {websockets.__version__}"
    )


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def wait_for_quiet(below: float | None, timeout: float = 900) -> None:
    """Wait (up to timeout) until the 1-minute load average is below `below`: the cores are shared."""
    deadline = time.monotonic() + timeout
    while below is not None and float(loadavg().split()[0]) >= below and time.monotonic() < deadline:
        time.sleep(5)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms"


def mb(x: float) -> str:
    return f"{x:.0f} MB"


def med(xs):
    return statistics.median(xs)


def table(runs: dict[str, list[dict]], after: tuple[int, ...]) -> list[str]:
    """The Markdown table: one column per contender (and mix), medians over rounds."""
    names = [name for name, rs in runs.items() if rs]  # a partial report has empty columns
    rows = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]

    def row(label, fn):
        rows.append(f"| {label} | " + " | ".join(fn(runs[n]) for n in names) + " |")

    def m(fn, fmt):
        return lambda rs: fmt(med([fn(r) for r in rs]))

    def worst(split):
        def cell(rs):
            w = [r["worst"][split] for r in rs if r.get("worst")]
            if not w:
                return ""
            return (
                f"{med([x['epochs'] for x in w]):.0f} epochs, {ms(med([x['wall'] for x in w]))} "
                f"(CPU {ms(med([x['cpu'] for x in w]))}; {med([x['work'] for x in w]) / 1e6:.0f} M products)"
            )

        return cell

    def cache_mb(key):
        def cell(rs):
            caches = rs[0][key]["cache_bytes"]
            parts = ", ".join(
                f"{k} {med([r[key]['cache_bytes'].get(k, 0) for r in rs]) / 2**20:.0f}" for k in caches
            )
            return f"{med([sum(r[key]['cache_bytes'].values()) for r in rs]) / 2**20:.0f} MiB ({parts})"

        return cell

    n = runs[names[0]][0]["sessions"]
    row(
        f"{n} sessions: changes answered (per session per s)",
        lambda rs: (
            f"{med([r['changes'] for r in rs]):.0f} ({med([r['rate'] / r['sessions'] for r in rs]):.2f}/s)"
        ),
    )
    for q in (50, 95):
        target = " (target ≤ 1 s)" if q == 95 else ""
        row(f"{n} sessions: control → new result, p{q}{target}", m(lambda r, q=q: pct(r["latencies"], q), ms))
    row(
        f"{n} sessions: control → new result, max", m(lambda r: max(r["latencies"], default=float("nan")), ms)
    )
    row(
        "errors (exceptions, disconnects, timeouts), per round",
        lambda rs: " + ".join(str(len(r["errors"])) for r in rs),
    )
    row(f"{n} sessions: server CPU per change", m(lambda r: r["cpu_per_change"], ms))
    row(
        "server CPU before (warm, idle) / during / after, % of one core",
        lambda rs: " / ".join(
            f"{100 * med([r[k] for r in rs]):.0f}" for k in ("before_cpu", "cpu_share", "after_cpu")
        ),
    )
    row(
        "one session alone: control → new result, p50 / p95",
        lambda rs: " / ".join(ms(med([pct(r["solo_latencies"], q) for r in rs])) for q in (50, 95)),
    )
    row("one session alone: server CPU per change", m(lambda r: r["solo_cpu_per_change"], ms))
    row(
        f"the next visitor, {max(after)} s after the last left: page load / first change",
        lambda rs: " / ".join(ms(med([r[k] for r in rs])) for k in ("next_load", "next_first_change")),
    )
    row(
        f"first page load of the {n} sessions at once, p50 / max",
        lambda rs: f"{ms(med([pct(r['loads'], 50) for r in rs]))} / {ms(med([max(r['loads']) for r in rs]))}",
    )
    row("RSS: idle server, before any session", m(lambda r: r["idle_rss"], mb))
    row("RSS: warm baseline (one session loaded the page and left)", m(lambda r: r["baseline"], mb))
    row("RSS: peak during", m(lambda r: r["peak"], mb))
    row("RSS: when the last session closed", m(lambda r: r["end_rss"], mb))
    for a in after:
        row(f"RSS: +{a} s after all closed", m(lambda r, a=a: r["after"][a], mb))
    row(
        f"RSS: +{max(after)} s − warm baseline (target ≤ 50 MB)",
        m(lambda r: r["after"][max(after)] - r["baseline"], mb),
    )
    for key, when in (("baseline_by_process", "warm baseline"), ("after_by_process", f"+{max(after)} s")):
        row(f"RSS by process at {when} (MB)", lambda rs, key=key: by_process(rs[0][key]))
    row("st.cache_data held when all closed (/_stcore/metrics, MiB)", cache_mb("metrics_closed"))
    row(f"st.cache_data held at +{max(after)} s", cache_mb("metrics_after"))
    if any(r["malloc"] for rs in runs.values() for r in rs):

        def malloc(fmt):
            return lambda rs: (
                fmt([r["malloc"] for r in rs if r["malloc"]]) if any(r["malloc"] for r in rs) else ""
            )

        row(
            f"glibc malloc at +{max(after)} s (gdb, malloc_stats): arenas, MiB mapped / in use",
            malloc(
                lambda xs: (
                    f"{med([x['arenas'] for x in xs]):.0f}, {med([x['system'] for x in xs]):.0f} / "
                    f"{med([x['in_use'] for x in xs]):.0f}"
                )
            ),
        )
        row(
            "RSS before / after malloc_trim(0) (gdb)",
            malloc(
                lambda xs: " / ".join(
                    mb(med([x[k] for x in xs])) for k in ("rss_before_trim", "rss_after_trim")
                )
            ),
        )
    row(
        "server threads: peak / after",
        lambda rs: (
            f"{med([r['threads_peak'] for r in rs]):.0f} / {med([r['threads_after'] for r in rs]):.0f}"
        ),
    )
    row(
        f"client CPU per change (all {n} sessions in this process)",
        m(lambda r: r["client_cpu_per_change"], ms),
    )
    row(
        "a default run in warm workers / in workers started for it (after idle ones retired), "
        "median of 7, alone",
        lambda rs: (
            " / ".join(ms(med([r["worker_start"][k] for r in rs])) for k in ("warm", "cold"))
            if all(r.get("worker_start") for r in rs)
            else ""
        ),
    )
    for split in ("0.25", "0.5"):
        row(
            f"worst case the caps allow, test split {split}: 5000 samples, degree 6, 5000 epochs asked, GD; "
            "run_experiment alone, median of 5 (≲ 300 ms)",
            worst(split),
        )
    return rows


def by_process(processes: list[tuple[str, float]]) -> str:
    """'server 160, fork server 37, resource tracker 15, worker 35 + 36' (MB)."""
    kinds: dict[str, list[float]] = {}
    for kind, rss in processes:
        kinds.setdefault(kind, []).append(rss)
    return ", ".join(f"{kind} {' + '.join(f'{v:.0f}' for v in vs)}" for kind, vs in kinds.items())


def one_line(r: dict) -> str:
    lat = r["latencies"]
    return (
        f"{r['changes']} changes, p50 {ms(pct(lat, 50))}, p95 {ms(pct(lat, 95))}, "
        f"max {ms(max(lat, default=float('nan')))}, errors {len(r['errors'])}; server CPU "
        f"{100 * r['cpu_share']:.0f} % of a core, {ms(r['cpu_per_change'])}/change; RSS baseline "
        f"{mb(r['baseline'])}, peak {mb(r['peak'])}, after "
        + ", ".join(f"+{a} s {mb(v)}" for a, v in r["after"].items())
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    ap.add_argument("--seconds", type=float, default=60, help="how long each session changes controls")
    ap.add_argument("--quick", action="store_true", help="10 s of load, RSS until +20 s; prints only")
    ap.add_argument("--contender", action="append", default=[], help="NAME[:DIR][:KEY=VALUE...]; repeatable")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of all contenders, interleaved")
    ap.add_argument(
        "--mix",
        action="append",
        choices=MIXES,
        help="how far a change moves a control (default near; repeat the flag to measure several)",
    )
    ap.add_argument(
        "--wait-load",
        type=float,
        help="before each run, wait up to 15 min for a 1-minute load "
        "average below this (other processes share the cores)",
    )
    ap.add_argument(
        "--malloc-stats",
        action="store_true",
        help="at the end, ask the server's glibc malloc (through gdb) what it holds, then malloc_trim(0) it",
    )
    ap.add_argument("--out", type=Path, default=RESULTS, help="where the full run writes its Markdown")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_load_"))
    try:
        contenders = [Contender.parse(c, tmp) for c in args.contender] or [Contender("app")]
        run_all(args, contenders)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_all(args: argparse.Namespace, contenders: list[Contender]) -> None:
    seconds = 10 if args.quick else args.seconds
    after = AFTER_S[:2] if args.quick else AFTER_S
    mixes = args.mix or ["near"]
    column = {
        (c.name, mix): c.name if len(mixes) == 1 else f"{c.name}, {mix}" if len(contenders) > 1 else mix
        for c in contenders
        for mix in mixes
    }
    load0 = loadavg()
    t0 = time.perf_counter()
    runs: dict[str, list[dict]] = {name: [] for name in column.values()}
    loads = []
    worst: dict[str, dict] = {}
    starts: dict[str, dict | None] = {}
    solo_seconds = 5 if args.quick else 20
    for rnd in range(args.repeat):
        for mix in mixes:
            for c in contenders:
                name = column[c.name, mix]
                wait_for_quiet(args.wait_load)
                print(
                    f"round {rnd + 1}/{args.repeat}: {name} ({c.describe()}; mix {mix}), load average "
                    f"{loadavg()} ...",
                    flush=True,
                )
                loads.append(loadavg())
                r = measure(
                    c,
                    args.sessions,
                    seconds,
                    mix,
                    after,
                    10_000 + 1000 * rnd,
                    args.malloc_stats,
                    solo_seconds,
                )
                if mix == mixes[0]:
                    worst[c.name] = worst_case(c)  # once a round, after the run (the server is gone)
                    starts[c.name] = worker_start(c)
                r["worst"] = worst[c.name]
                r["worker_start"] = starts[c.name]
                r["load"] = loads[-1]
                runs[name].append(r)
                print(f"  {one_line(r)}", flush=True)
                done = sum(map(len, runs.values()))
                if not args.quick and done < args.repeat * len(column):  # keep what is measured so far
                    text = report(args, contenders, mixes, runs, after, seconds, load0, loads, t0)
                    args.out.write_text(f"(partial: {done} of {args.repeat * len(column)} runs)\n\n{text}")
    text = report(args, contenders, mixes, runs, after, seconds, load0, loads, t0)
    if not args.quick:
        args.out.write_text(text, encoding="utf-8")
    print(text)


def report(args, contenders, mixes, runs, after, seconds, load0, loads, t0) -> str:
    """The results as Markdown: header, table, then each round's details."""
    total = time.perf_counter() - t0
    lines = [
        "# Load benchmark",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores, shared with other processes (noisy)",
        f"- app at commit {app_commit(ROOT)}; {versions()}",
        f"- command: `python benchmarks/bench_load.py {' '.join(sys.argv[1:])}`",
        f"- load average (1, 5, 15 min) at the start {load0}; before each run: {'; '.join(loads)}",
        f"- {args.sessions} sessions (light websocket clients, one process) on one `streamlit run app.py` on "
        f"loopback, each changing a control about once a second for {seconds:g} s; "
        f"{args.repeat} round(s){', contenders interleaved' if len(contenders) > 1 else ''}, medians reported"
        f"{' (--quick)' if args.quick else ''}; total {total:.0f} s",
        *[f"- {c.name}: {c.describe()}" for c in contenders],
        *[f"- mix {mix}: {MIX_TEXT[mix]}" for mix in mixes],
        "",
        *table(runs, after),
        "",
    ]
    for name, rs in runs.items():
        for i, r in enumerate(rs):
            ctl = "; ".join(
                f"{label} {len(v)}: p50 {ms(pct(v, 50))}, p95 {ms(pct(v, 95))}"
                for label, v in r["by_control"].items()
            )
            rss = ", ".join(f"{t:+.0f} s {v:.0f}" for t, v, _ in r["timeline"][:: int(5 / SAMPLE_S)])
            late = r["late"]
            lines += [
                f"- {name}, round {i + 1} (load average before: {r['load']}): latency (ms) "
                + ", ".join(f"p{q} {pct(r['latencies'], q) * 1e3:.0f}" for q in (50, 90, 95, 99, 100))
                + "; "
                f"by control: {ctl}. Changes sent behind schedule (the previous answer came after the next "
                f"was due): {len(late)}, by {ms(pct(late, 50))} median. Received {r['mb_received']:.0f} MB.",
                f"  RSS (MB) every 5 s, time relative to the last session closing: {rss}",
            ]
            if r["errors"]:
                lines.append(f"  errors: {r['errors'][:5]}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
