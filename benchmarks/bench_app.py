"""App benchmarks: the playground in a real browser and on the server, against plain Streamlit.

    python benchmarks/bench_app.py           # the full run (7 repetitions, about four minutes)
    python benchmarks/bench_app.py --quick   # 3 repetitions, 2 s of playback: a smoke test (~2 min)
    python benchmarks/bench_app.py --classes --reference main   # playback only: K = 5 beside two classes

With --classes only benchmark 2's playback probe runs: two classes (the default run) and K = 5
softmax classes at degree 3 (?dataset=blobs&n_classes=5), each at 300 and 5000 points, from one
server; with --reference REVISION the same four runs also from a second server running that git
revision's app (extracted with git archive to a temporary directory), all interleaved in one run.
It writes benchmarks/results_app_classes.md.

1. Time to first chart on a warm server: page.goto → the player's first decision boundary, against
   a bare Streamlit page with one small Plotly chart (benchmarks/bare_page.py), and against the same
   app serving the plotly package's full plotly.min.js (4.8 MB) instead of the player's build of
   Plotly.js (1.3 MB: playground/plotly_bundle.py), from a third server.
2. Playback: boundary updates and distinct epochs per second after Play, with no rerun and no new
   element, at 300 and at 5000 points; the main thread's time per update; how fast a click on Pause
   stops playback. Against the Streamlit-only alternative, an st.fragment(run_every=0.05)
   redrawing a Plotly heatmap (benchmarks/bare_page.py?mode=fragment).
3. Server time of the rerun after a changed control (learning rate, dataset, polynomial degree),
   each to a value not yet cached, with Streamlit's AppTest in-process; and, in the browser, the
   end-to-end latency of a degree change.
4. The offline player file (playground/offline.py) of the default run: its size with the player's
   build of Plotly.js and with the full bundle.

Both servers are real `streamlit run` processes on free loopback ports, the browser is Debian's
Chromium (tests/browser_support.py). Contenders are measured in one run, interleaved (A, B, A, B,
...), and each figure is the median of the repetitions. The table is printed and written to
benchmarks/results_app.md.
"""

import argparse
import contextlib
import datetime
import gc
import io
import itertools
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_support import app_commit, cpu_model, write_results  # noqa: E402
from bench_trainer import load_average  # noqa: E402
from browser_support import CHROMIUM, launch, streamlit_process, streamlit_server  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

APP = ROOT / "app.py"
# The app with the plotly package's full plotly.min.js in place of the player's build: a script beside
# app.py (st.Page paths are relative to the main script's folder), written for the run and removed.
FULL_APP = ROOT / "_bench_app_full_plotly_js.py"
FULL_APP_SOURCE = '''"""Benchmark only (bench_app.py): app.py with the plotly package's plotly.min.js."""
import runpy
from pathlib import Path

import plotly

from playground.ui import plotly_js

FULL = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
if plotly_js.bundle() != FULL:
    plotly_js.bundle = lambda: FULL
    for cached in (plotly_js.file_name, plotly_js.static_url, plotly_js.source):
        cached.cache_clear()
runpy.run_path(str(Path(__file__).with_name("app.py")), run_name="__main__")
'''
CONTROL_NAMES = ("learning rate", "dataset", "polynomial degree")
BARE = ROOT / "benchmarks" / "bare_page.py"
RESULTS = ROOT / "benchmarks" / "results_app.md"
RESULTS_CLASSES = ROOT / "benchmarks" / "results_app_classes.md"
CLASSES_QUERY = "dataset=blobs&n_classes=5&degree=3"  # --classes: K = 5 softmax classes, cubic features
VIEWPORT = {"width": 1280, "height": 720}
SAMPLE_S = 3.0  # playback sampling window
BIG = 5000  # points of the large playback run (the Samples slider's maximum)
TIMEOUT_MS = 60_000

# -- in-page JavaScript ----------------------------------------------------------------------------------
# The player lives in a shadow root (Custom Component v2), so page scripts search open shadow roots.
DEEP_JS = """
function __deep(sel, root) {
  root = root || document;
  let hit = root.querySelector(sel);
  if (hit) return hit;
  for (const e of root.querySelectorAll('*')) {
    if (e.shadowRoot) { hit = __deep(sel, e.shadowRoot); if (hit) return hit; }
  }
  return null;
}
function __deepAll(sel, root) {
  root = root || document;
  let out = [...root.querySelectorAll(sel)];
  for (const e of root.querySelectorAll('*')) {
    if (e.shadowRoot) out = out.concat(__deepAll(sel, e.shadowRoot));
  }
  return out;
}
function __statusVisible() {
  const w = document.querySelector('[data-testid="stStatusWidget"]');
  if (!w) return false;
  const r = w.getBoundingClientRect();
  const cs = getComputedStyle(w);
  return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
}
function __counts() {
  const n = (sel) => __deepAll(sel).length;
  return {canvas: n('canvas'), 'Plotly div': n('.js-plotly-plot'),
          stPlotlyChart: n('[data-testid="stPlotlyChart"]'), iframe: n('iframe'),
          '.lrp-root': n('.lrp-root')};
}
"""

# Installed in every fresh context before any page script: each animation frame from navigation
# start, note the first time each chart condition holds (performance.now() = ms since navigation).
MARKS_JS = (
    DEEP_JS
    + """
(() => {
  const marks = (window.__marks = {done: false});
  const t0 = performance.now();
  function poll() {
    const now = performance.now();
    const root = __deep('.lrp-root');
    if (root && marks.lrpRoot === undefined) marks.lrpRoot = now;
    if (window.Plotly && marks.plotlyJs === undefined) marks.plotlyJs = now;  // the player's Plotly.js ran
    if (root && Number(root.dataset.frames) >= 1 && root.querySelector('.lrp-boundary.js-plotly-plot')) {
      marks.lrpChart = now; marks.done = true; return;
    }
    const svg = document.querySelector('[data-testid="stPlotlyChart"] .main-svg');
    if (svg && marks.plotlySvg === undefined) {
      const r = svg.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) marks.plotlySvg = now;
    }
    const point = document.querySelector('[data-testid="stPlotlyChart"] .scatterlayer .point');
    if (marks.plotlySvg !== undefined && point) {
      marks.plotlyPoints = now; marks.done = true; return;
    }
    if (now - t0 > 60000) { marks.done = true; return; }
    requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
})();
"""
)

# Playback sampler on the player's root: one sample per animation frame (time, epoch, frames,
# playing, status widget visible), element additions anywhere (document and the shadow root), and
# the two Plotly chart divs tagged so their identity can be checked afterwards.
PLAYER_SAMPLER_JS = (
    "(root) => {"
    + DEEP_JS
    + """
  const plots = [root.querySelector('.lrp-boundary'), root.querySelector('.lrp-loss')];
  plots.forEach((p) => { p.__benchTag = 'bench'; });
  const S = (window.__pb = {samples: [], added: 0, addedStatus: 0, run: true,
                            mounts0: root.dataset.mounts, counts0: __counts()});
  const onMut = (muts) => {
    for (const m of muts) for (const n of m.addedNodes) if (n.nodeType === 1) {
      S.added++;
      const status = '[data-testid="stStatusWidget"]';
      if (n.matches(status) || n.querySelector(status)) S.addedStatus++;
    }
  };
  const mos = [new MutationObserver(onMut), new MutationObserver(onMut)];
  mos[0].observe(document.body, {childList: true, subtree: true});
  mos[1].observe(root.getRootNode(), {childList: true, subtree: true});
  function loop() {
    if (!S.run) return;
    S.samples.push([performance.now(), Number(root.dataset.epoch), Number(root.dataset.frames),
                    root.dataset.playing === 'true', __statusVisible(), root.dataset.position]);
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
  window.__pbStop = () => {
    S.run = false;
    mos.forEach((m) => m.disconnect());
    const now = [root.querySelector('.lrp-boundary'), root.querySelector('.lrp-loss')];
    return {samples: S.samples, added: S.added, addedStatus: S.addedStatus, mounts0: S.mounts0,
            mounts1: root.dataset.mounts,
            samePlots: now.every((p, i) => !!p && p === plots[i] && p.__benchTag === 'bench'),
            counts0: S.counts0, counts1: __counts()};
  };
}"""
)

# The same for the fragment page: the tick in the chart title, heatmap image changes, new chart
# divs, and the identity of the Plotly div and of its Streamlit container.
FRAGMENT_SAMPLER_JS = (
    "() => {"
    + DEEP_JS
    + """
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  const box = document.querySelector('[data-testid="stPlotlyChart"]');
  if (!plot || !box) return false;  // between two renders: the caller tries again
  plot.__benchTag = 'bench';
  box.__benchTag = 'bench';
  const S = (window.__fr = {samples: [], added: 0, addedPlots: 0, run: true, counts0: __counts()});
  const mo = new MutationObserver((muts) => {
    for (const m of muts) {
      for (const n of m.addedNodes) if (n.nodeType === 1) {
        S.added++;
        if (n.matches('.js-plotly-plot, [data-testid="stPlotlyChart"]') ||
            n.querySelector('.js-plotly-plot, [data-testid="stPlotlyChart"]')) S.addedPlots++;
      }
    }
  });
  mo.observe(document.body, {childList: true, subtree: true});
  function loop() {
    if (!S.run) return;
    const t = document.querySelector('[data-testid="stPlotlyChart"] .gtitle');
    S.samples.push([performance.now(), t ? t.textContent : '', __statusVisible()]);
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
  window.__frStop = () => {
    S.run = false;
    mo.disconnect();
    const p = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const b = document.querySelector('[data-testid="stPlotlyChart"]');
    return {samples: S.samples, added: S.added, addedPlots: S.addedPlots,
            samePlot: !!p && p === plot && p.__benchTag === 'bench', sameBox: !!b && b === box,
            counts0: S.counts0, counts1: __counts()};
  };
}"""
)


# -- helpers ---------------------------------------------------------------------------------------------
def med(xs):
    return statistics.median(xs)


def ms(seconds):
    return f"{seconds * 1e3:.0f} ms"


def new_page(browser: Browser, context: BrowserContext | None = None, marks: bool = False):
    """A page in a fresh context (closed with it), or a new page in `context` (its HTTP cache warm).

    Returns (what to close, page, page errors, websocket log): the log counts the frames the page
    sends and receives on Streamlit's websocket, with the time each was seen here.
    """
    ctx = context or browser.new_context(viewport=VIEWPORT)
    if marks:
        ctx.add_init_script(MARKS_JS)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    ws = {"sent": 0, "received": 0, "sent_t": [], "received_t": []}

    def on_sent(_):
        ws["sent"] += 1
        ws["sent_t"].append(time.perf_counter())

    def on_received(_):
        ws["received"] += 1
        ws["received_t"].append(time.perf_counter())

    def on_ws(sock):
        sock.on("framesent", on_sent)
        sock.on("framereceived", on_received)

    page.on("websocket", on_ws)
    return (page if context else ctx), page, errors, ws


def wait_player(page: Page) -> None:
    page.locator(".lrp-boundary").wait_for(state="attached", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => {" + DEEP_JS + "const r = __deep('.lrp-root'); return !!r && Number(r.dataset.frames) >= 1; }",
        polling="raf",
        timeout=TIMEOUT_MS,
    )


def root_attr(page: Page, name: str) -> str:
    return page.locator(".lrp-root").get_attribute(f"data-{name}")


def wait_until(cond, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.02)


@contextlib.contextmanager
def full_plotly_app():
    """The path of the app script that serves the full plotly.min.js, for as long as it is needed."""
    FULL_APP.write_text(FULL_APP_SOURCE, encoding="utf-8")
    try:
        yield FULL_APP
    finally:
        FULL_APP.unlink(missing_ok=True)


# -- 1. time to first chart ------------------------------------------------------------------------------
def first_chart(browser: Browser, url: str) -> dict:
    """goto → first chart: wall clock in Python and, in the page, ms from navigation start."""
    ctx, page, errors, _ = new_page(browser, marks=True)
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => window.__marks && window.__marks.done", polling="raf", timeout=TIMEOUT_MS
        )
        wall = time.perf_counter() - t0
        marks = page.evaluate("() => window.__marks")
        end = marks.get("lrpChart", marks.get("plotlyPoints"))
        if end is None:
            raise RuntimeError(f"no chart within 60 s at {url}: {marks}")
        return {"wall": wall, "inpage": end / 1e3, "marks": marks, "errors": errors}
    finally:
        ctx.close()


# -- 2. playback -----------------------------------------------------------------------------------------
def window_of(samples, t_start, sample_s):
    """The samples within [t_start, t_start + sample_s]."""
    t_end = t_start + sample_s * 1e3
    win = [s for s in samples if t_start <= s[0] <= t_end]
    if not win or samples[-1][0] < t_end - 50:
        raise RuntimeError("sampling window not covered")
    return win


# Installed just before the click on Pause: the click's input time (Event.timeStamp, before any
# queueing behind a frame) and the moment the player says it stopped (data-playing = false), and
# whether the shown epoch moves afterwards.
PAUSE_JS = """(root) => {
  const btn = root.querySelector('.lrp-play');
  const P = (window.__pause = {click: null, stopped: null, epoch: null});
  btn.addEventListener('click', (ev) => { P.click = ev.timeStamp; }, {capture: true, once: true});
  const mo = new MutationObserver(() => {
    if (root.dataset.playing === 'false' && P.stopped === null) {
      P.stopped = performance.now(); P.epoch = Number(root.dataset.epoch); mo.disconnect();
    }
  });
  mo.observe(root, {attributes: true, attributeFilter: ['data-playing']});
}"""


def cdp_busy(cdp) -> dict:
    """The renderer main thread's cumulative task and script time (s), from the DevTools protocol."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"task": metrics.get("TaskDuration", 0.0), "script": metrics.get("ScriptDuration", 0.0)}


def playback_player(
    browser: Browser,
    context: BrowserContext,
    url: str,
    seed: int,
    sample_s: float,
    n_samples: int | None = None,
    e2e: bool = True,
    query: str = "",
) -> dict:
    """Reset, Play, sample, Pause (timed); then, if e2e, time a degree change on the same page (3d).

    The URL carries a new seed, so the degree-2 run after the change is not cached on the server
    (the playback itself is the same: the default settings' 500 epochs in 10 s on the run's clock,
    which shows the first epochs slowly: about 5 epochs/s in the first seconds).
    n_samples: the points in the run (the default settings have 300). query: more of the link's
    settings (CLASSES_QUERY: five classes).
    """
    ctx, page, errors, ws = new_page(browser, context)
    try:
        link = (
            f"seed={seed}" + (f"&n_samples={n_samples}" if n_samples else "") + (f"&{query}" if query else "")
        )
        page.goto(f"{url}/?{link}", timeout=TIMEOUT_MS)
        wait_player(page)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.locator(".lrp-reset").click()
        wait_until(lambda: root_attr(page, "epoch") == "0", what="epoch 0 after Reset")
        page.wait_for_timeout(300)  # Reset reports the epoch: let that rerun finish
        page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=TIMEOUT_MS)
        page.locator(".lrp-root").evaluate(PLAYER_SAMPLER_JS)
        sent0, received0 = ws["sent"], ws["received"]
        busy0 = cdp_busy(cdp)
        page.locator(".lrp-play").click()
        page.wait_for_timeout(sample_s * 1e3 + 400)
        busy1 = cdp_busy(cdp)
        r = page.evaluate("() => window.__pbStop()")
        sent, received = ws["sent"] - sent0, ws["received"] - received0
        samples = r["samples"]
        start = next(i for i, s in enumerate(samples) if s[3])  # first frame after Play
        win = window_of(samples, samples[start][0], sample_s)
        dt = (win[-1][0] - win[0][0]) / 1e3
        all_dt = (samples[-1][0] - samples[0][0]) / 1e3
        frames = samples[-1][2] - samples[start][2]
        out = {
            "updates": (win[-1][2] - win[0][2]) / dt,
            "epochs": len({s[1] for s in win}) / dt,
            # the boundary drawn: the epoch and the tween towards the next (data-position)
            "positions": len({s[5] for s in win}) / dt,
            "raf": (len(samples) - 1) / all_dt,
            "max_gap": max(b[0] - a[0] for a, b in itertools.pairwise(win)) / 1e3,
            "busy": (busy1["task"] - busy0["task"]) / max(frames, 1),
            "script": (busy1["script"] - busy0["script"]) / max(frames, 1),
            "epoch_span": (win[0][1], win[-1][1]),
            "stopped_early": not all(s[3] for s in win),
            "status_frames": sum(s[4] for s in samples) + r["addedStatus"],
            "mounts": (r["mounts0"], r["mounts1"]),
            "same_plots": r["samePlots"],
            "added": r["added"],
            "counts": (r["counts0"], r["counts1"]),
            "ws_sent": sent,
            "ws_received": received,
            "errors": errors,
        }

        # 2e. Pause while playing: from the click's input time to data-playing = false; then the
        # epoch must stay put
        if root_attr(page, "playing") != "true":
            raise RuntimeError("playback ended before the pause could be timed")
        page.locator(".lrp-root").evaluate(PAUSE_JS)
        page.locator(".lrp-play").click()
        wait_until(lambda: root_attr(page, "playing") == "false", what="pause")
        page.wait_for_timeout(300)
        pause = page.evaluate("() => window.__pause")
        out["pause"] = (pause["stopped"] - pause["click"]) / 1e3
        out["pause_moved"] = int(root_attr(page, "epoch")) - pause["epoch"]
        page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=TIMEOUT_MS)
        if not e2e:
            return out

        # 3d. paused (one rerun), degree 3 → 2 with the keyboard, timed to the new equation
        if "x1³" not in page.locator(".lrp-eq").text_content():
            raise RuntimeError("expected a cubic boundary before the degree change")
        page.get_by_role("slider", name="Polynomial degree").focus()
        n_sent = len(ws["sent_t"])
        t0 = time.perf_counter()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            "() => {"
            + DEEP_JS
            + "const e = __deep('.lrp-eq'); return !!e && !e.textContent.includes('x1³'); }",
            polling="raf",
            timeout=TIMEOUT_MS,
        )
        t1 = time.perf_counter()
        out["e2e"] = t1 - t0
        # split by the websocket: key → rerun request sent → first answer → last answer before t1
        nan = float("nan")
        sent = ws["sent_t"][n_sent:]
        req = sent[0] if sent else nan
        answers = [t for t in ws["received_t"] if req < t <= t1]
        out["e2e_request"] = req - t0
        out["e2e_first"] = answers[0] - req if answers else nan
        out["e2e_last"] = answers[-1] - req if answers else nan
        out["e2e_render"] = t1 - answers[-1] if answers else nan
        out["e2e_messages"] = len(answers)
        return out
    finally:
        ctx.close()


def playback_fragment(browser: Browser, context: BrowserContext, url: str, sample_s: float) -> dict:
    ctx, page, errors, ws = new_page(browser, context)
    try:
        page.goto(url + "/?mode=fragment", timeout=TIMEOUT_MS)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_timeout(300)  # the fragment is already ticking: let it settle
        wait_until(lambda: page.evaluate(FRAGMENT_SAMPLER_JS) is not False, what="a Plotly div to tag")
        sent0, received0 = ws["sent"], ws["received"]
        page.wait_for_timeout(sample_s * 1e3 + 300)
        r = page.evaluate("() => window.__frStop()")
        sent, received = ws["sent"] - sent0, ws["received"] - received0
        samples = r["samples"]
        win = window_of(samples, samples[0][0], sample_s)
        dt = (win[-1][0] - win[0][0]) / 1e3
        all_dt = (samples[-1][0] - samples[0][0]) / 1e3
        ticks = [int(s[1].split()[-1]) for s in win if s[1].startswith("tick")]
        return {
            "updates": len(set(ticks)) / dt,
            "server_ticks": (ticks[-1] - ticks[0]) / dt if ticks else 0.0,
            "raf": (len(samples) - 1) / all_dt,
            "recreated": r["addedPlots"] / all_dt,
            "status_share": sum(s[2] for s in samples) / len(samples),
            "same_plot": r["samePlot"],
            "same_box": r["sameBox"],
            "added": r["added"] / all_dt,
            "added_plots": r["addedPlots"],
            "counts": (r["counts0"], r["counts1"]),
            "ws_sent": sent / all_dt,
            "ws_received": received / all_dt,
            "errors": errors,
        }
    finally:
        ctx.close()


# -- 3. server time of a rerun (AppTest, in-process) -----------------------------------------------------
def apptest_reruns(reps: int, worst_reps: int) -> dict:
    from streamlit.testing.v1 import AppTest

    from playground.experiment import run_experiment
    from playground.payload import build_payload
    from playground.settings import Settings

    def widget(at, kind, label):
        (w,) = [w for w in getattr(at.sidebar, kind) if w.label == label]
        return w

    def fresh_app(seed, **query):
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.query_params["seed"] = str(seed)
        for k, v in query.items():
            at.query_params[k] = str(v)
        at.run()  # first paint: computes this seed's default run (not timed)
        assert not at.exception, [e.message for e in at.exception]
        return at

    def timed_run(at):
        gc.collect()
        t0 = time.perf_counter()
        at.run()
        t = time.perf_counter() - t0
        assert not at.exception, [e.message for e in at.exception]
        return t

    def payload_of(at):
        (player,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith("lr_player")]
        return player.proto.json

    lrs = [0.5, 2.0, 0.2, 0.1, 0.05, 5.0, 0.02]
    datasets = ["linear", "circles", "xor", "spiral"]
    degrees = [2, 4, 5, 1, 6]
    controls = [
        ("learning rate", "select_slider", "Learning rate", "learning_rate", lrs),
        ("dataset", "selectbox", "Dataset", "dataset", datasets),
        ("polynomial degree", "slider", "Polynomial degree", "degree", degrees),
    ]
    out = {name: [] for name, *_ in controls}
    out["unchanged"] = []
    out["direct"] = {name: [] for name, *_ in controls}
    sizes = []
    for i in range(reps):
        seed = 7_000 + i  # a seed no earlier run used: every run below is computed, not cached
        at = fresh_app(seed)
        sizes.append(len(payload_of(at)))
        order = controls[i % 3 :] + controls[: i % 3]  # rotate which control goes first
        changed = {"seed": seed}
        for name, kind, label, field, values in order:
            value = values[i % len(values)]
            widget(at, kind, label).set_value(value)
            out[name].append(timed_run(at))
            changed[field] = value
            # the same computation outside Streamlit: training, then packing for the browser
            s = Settings(**changed)
            t0 = time.perf_counter()
            exp = run_experiment(s)
            t1 = time.perf_counter()
            build_payload(exp)
            t2 = time.perf_counter()
            out["direct"][name].append((t1 - t0, t2 - t1, exp.trainer.history.n_epochs))
        out["unchanged"].append(timed_run(at))

    worst = []
    worst_q = {"n_samples": 5000, "degree": 6, "epochs": 5000, "optimizer": "gd"}
    for i in range(worst_reps):
        at = fresh_app(9_000 + i, **worst_q)
        widget(at, "select_slider", "Learning rate").set_value(lrs[i % len(lrs)])
        t = timed_run(at)
        d = json.loads(json.loads(payload_of(at))["run"])  # the run travels as its JSON text
        s = Settings(seed=9_000 + i, learning_rate=lrs[i % len(lrs)], **worst_q)
        t0 = time.perf_counter()
        exp = run_experiment(s)
        t1 = time.perf_counter()
        build_payload(exp)
        t2 = time.perf_counter()
        worst.append((t, d["n_epochs"], len(payload_of(at)), t1 - t0, t2 - t1))
    out["worst"] = worst
    out["payload_bytes"] = sizes
    return out


# -- 4. the offline file ---------------------------------------------------------------------------------
def offline_sizes() -> dict:
    """Bytes of the default run's offline player file, with the player's build of Plotly.js and with
    the plotly package's full plotly.min.js in its place."""
    import plotly

    from playground import offline
    from playground.experiment import run_experiment
    from playground.settings import Settings

    full_js = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    ours_js = offline.plotly_bundle()
    text = offline.offline_html(run_experiment(Settings()))
    ours = len(text.encode())
    ours_text, full_text = (f.read_text(encoding="utf-8") for f in (ours_js, full_js))
    swapped = len(text.replace(ours_text, full_text).encode())
    return {"ours": ours, "ours_js": ours_js.stat().st_size, "full": swapped}


# -- report ----------------------------------------------------------------------------------------------


def versions() -> str:
    import numpy
    import playwright
    import plotly
    import streamlit

    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20)
        chromium = chromium.stdout.strip().replace("Chromium ", "").split(" ")[0]
    except (OSError, subprocess.TimeoutExpired):
        chromium = "?"
    pw = getattr(playwright, "__version__", None)
    if pw is None:
        from importlib.metadata import version

        pw = version("playwright")
    return (
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"Plotly {plotly.__version__}, "
        f"NumPy {numpy.__version__}, Playwright {pw}, Chromium {chromium} (headless, --disable-gpu)"
    )


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


@contextlib.contextmanager
def revision_checkout(revision: str):
    """The app of git revision `revision`, extracted to a temporary directory (no worktree)."""
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-app-ref-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", revision], capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", revision],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        yield Path(tmp), commit


def playback_classes(reps: int, sample_s: float, reference: str | None) -> None:
    """Benchmark 2's playback probe only: two classes and K = 5 classes (degree 3), 300 and 5000 points,
    and with a reference revision its two-class runs, interleaved, each contender in its own context."""
    t_start = time.perf_counter()
    load_at_start = load_average()
    runs = {  # name: (server, query, points)
        "two classes, 300": ("ours", "", None),
        "K = 5, 300": ("ours", CLASSES_QUERY, None),
        f"two classes, {BIG}": ("ours", "", BIG),
        f"K = 5, {BIG}": ("ours", CLASSES_QUERY, BIG),
    }
    if reference:
        runs["reference: two classes, 300"] = ("ref", "", None)
        runs[f"reference: two classes, {BIG}"] = ("ref", "", BIG)
        runs["reference: K = 5, 300"] = ("ref", CLASSES_QUERY, None)
        runs[f"reference: K = 5, {BIG}"] = ("ref", CLASSES_QUERY, BIG)
    results = {name: [] for name in runs}
    with contextlib.ExitStack() as stack:
        servers = {"ours": stack.enter_context(streamlit_server(APP))}
        ref_commit = ""
        if reference:
            folder, ref_commit = stack.enter_context(revision_checkout(reference))
            url, _, _ = stack.enter_context(
                streamlit_process(folder / "app.py", cwd=folder, log_name="bench-ref")
            )
            servers["ref"] = url
        p = stack.enter_context(sync_playwright())
        browser = launch(p)
        contexts = {name: browser.new_context(viewport=VIEWPORT) for name in runs}
        print("warming ...", flush=True)
        for u in servers.values():
            first_chart(browser, u)
        names = list(runs)
        for i in range(reps):
            print(f"repetition {i + 1}/{reps} ({time.perf_counter() - t_start:.0f} s) ...", flush=True)
            for name in names[i % len(names) :] + names[: i % len(names)]:  # the order turns
                server, query, n = runs[name]
                r = playback_player(
                    browser, contexts[name], servers[server], 11_000 + i, sample_s, n, e2e=False, query=query
                )
                results[name].append(r)
        browser.close()
    total = time.perf_counter() - t_start
    errors = [e for rs in results.values() for r in rs for e in r["errors"]]
    targets = {"K = 5, 300": 40, f"K = 5, {BIG}": 25, "two classes, 300": 40, f"two classes, {BIG}": 25}
    rows = []
    for name, rs in results.items():
        upd = med([r["updates"] for r in rs])
        target = targets.get(name)
        each = ", ".join(f"{r['updates']:.1f}" for r in rs)
        rows.append(
            f"| {name} | {upd:.1f}/s | {med([r['busy'] for r in rs]) * 1e3:.1f} ms | "
            f"{med([r['script'] for r in rs]) * 1e3:.1f} ms | {ms(med([r['max_gap'] for r in rs]))} | "
            f"{each} | " + (f"≥ {target}/s | {yes(upd >= target)} |" if target else "(reference) | |")
        )
    ratios = []
    if reference:
        for kind in ("two classes", "K = 5"):
            for n in ("300", str(BIG)):
                ours = med([r["updates"] for r in results[f"{kind}, {n}"]])
                ref = med([r["updates"] for r in results[f"reference: {kind}, {n}"]])
                ratios.append(f"{kind} at {n} points: {ours / ref:.2f}× the reference's updates/s")
    busy = max(float(load_at_start.split(",")[0]), os.getloadavg()[0]) > (os.cpu_count() or 1)
    lines = [
        "# App benchmark 2, playback with K classes (`bench_app.py --classes`)",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores, shared with other processes (noisy)",
        f"- app at commit {app_commit()}"
        + (f"; reference: {reference} = {ref_commit}" if reference else "")
        + f"; {versions()}",
        f"- load average (1, 5, 15 min) at start: {load_at_start}; at the end: {load_average()}"
        + (
            " (**busy**: more runnable processes than cores; figures slower and noisier than when quiet)"
            if busy
            else ""
        ),
        f"- {reps} repetitions, {sample_s:g} s of playback after Play each, contenders interleaved (the "
        "order "
        f"turns each repetition), medians reported; K = 5 is ?{CLASSES_QUERY} (five score functions of "
        f"nine cubic features); total {total:.0f} s",
        "",
        "| run | boundary updates/s | main thread busy per update | script per update | longest gap | "
        "updates/s per repetition | target | met |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        *(f"- {r}" for r in ratios),
    ]
    write_results(RESULTS_CLASSES, lines, errors)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 repetitions: a smoke test")
    ap.add_argument("--classes", action="store_true", help="playback only: K = 5 classes beside two")
    ap.add_argument("--repeat", type=int, default=0, help="repetitions (--classes: default 5)")
    ap.add_argument("--reference", help="--classes: a git revision whose playback runs beside")
    args = ap.parse_args()
    if args.classes:
        os.chdir(ROOT)
        warnings.filterwarnings("ignore")
        logging.getLogger("streamlit").setLevel(logging.ERROR)
        playback_classes(
            args.repeat or (3 if args.quick else 5), 2.0 if args.quick else SAMPLE_S, args.reference
        )
        return
    reps = 3 if args.quick else 7
    worst_reps = 1 if args.quick else 3
    sample_s = 2.0 if args.quick else SAMPLE_S  # --quick must stay under a minute
    os.chdir(ROOT)
    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    t_start = time.perf_counter()
    load_at_start = load_average()
    busy_start = os.getloadavg()[0]

    # 3. server time, in-process, before any server runs (nothing else of ours competes for the CPU)
    print("AppTest reruns ...", flush=True)
    server = apptest_reruns(reps, worst_reps)
    print(f"  {time.perf_counter() - t_start:.0f} s", flush=True)

    offline = offline_sizes()

    first = {"ours": [], "bare": [], "full": []}
    play = {"ours": [], "fragment": [], "big": [], "full": [], "big_full": []}
    with contextlib.ExitStack() as stack:
        full_app = stack.enter_context(full_plotly_app())
        with ThreadPoolExecutor(3) as pool:  # start the three servers at once
            servers = [streamlit_server(APP), streamlit_server(BARE), streamlit_server(full_app)]
            url, burl, furl = pool.map(stack.enter_context, servers)
        p = stack.enter_context(sync_playwright())
        browser = launch(p)
        # playback pages need no cold start: one context per contender, its HTTP cache kept
        ctx_ours = browser.new_context(viewport=VIEWPORT)
        ctx_fragment = browser.new_context(viewport=VIEWPORT)
        ctx_full = browser.new_context(viewport=VIEWPORT)
        print("warming the three servers ...", flush=True)
        for u in (url, burl, furl):
            first_chart(browser, u)
        for i in range(reps):
            print(f"repetition {i + 1}/{reps} ({time.perf_counter() - t_start:.0f} s) ...", flush=True)
            # the order of the three first loads turns each repetition: none always follows another
            order = [("ours", url), ("bare", burl), ("full", furl)]
            for name, u in order[i % 3 :] + order[: i % 3]:
                first[name].append(first_chart(browser, u))
            play["ours"].append(playback_player(browser, ctx_ours, url, 11_000 + i, sample_s))  # A, then 3d
            play["fragment"].append(playback_fragment(browser, ctx_fragment, burl, sample_s))  # B
            play["full"].append(playback_player(browser, ctx_full, furl, 11_000 + i, sample_s, e2e=False))
            play["big"].append(  # A at 5000 points
                playback_player(browser, ctx_ours, url, 13_000 + i, sample_s, n_samples=BIG, e2e=False)
            )
            play["big_full"].append(
                playback_player(browser, ctx_full, furl, 13_000 + i, sample_s, n_samples=BIG, e2e=False)
            )
        browser.close()
    total = time.perf_counter() - t_start

    everything = [r for results in (*first.values(), *play.values()) for r in results]
    errors = [e for r in everything for e in r["errors"]]

    # -- table
    fo = med([r["wall"] for r in first["ours"]])
    fb = med([r["wall"] for r in first["bare"]])
    ff = med([r["wall"] for r in first["full"]])
    io = med([r["inpage"] for r in first["ours"]])
    ib = med([r["inpage"] for r in first["bare"]])
    i_full = med([r["inpage"] for r in first["full"]])
    root_at = med([r["marks"]["lrpRoot"] for r in first["ours"]]) / 1e3
    root_full = med([r["marks"]["lrpRoot"] for r in first["full"]]) / 1e3
    pjs_at = med([r["marks"]["plotlyJs"] for r in first["ours"]]) / 1e3
    pjs_full = med([r["marks"]["plotlyJs"] for r in first["full"]]) / 1e3
    svg_at = med([r["marks"]["plotlySvg"] for r in first["bare"]]) / 1e3
    po, pf, pg = play["ours"], play["fragment"], play["big"]
    upd_o = med([r["updates"] for r in po])
    upd_g = med([r["updates"] for r in pg])
    upd_full = med([r["updates"] for r in play["full"]])
    upd_big_full = med([r["updates"] for r in play["big_full"]])
    pauses = [r["pause"] for r in po + pg]
    ep_o = med([r["epochs"] for r in po])
    pos_o = med([r["positions"] for r in po])
    upd_f = med([r["updates"] for r in pf])
    one_element = all(
        r["mounts"][0] == r["mounts"][1] and r["same_plots"] and r["status_frames"] == 0 and r["added"] == 0
        for r in po + pg
    )
    status_o = sum(r["status_frames"] > 0 for r in po + pg)

    def busy(results):
        task = med([r["busy"] for r in results]) * 1e3
        script = med([r["script"] for r in results]) * 1e3
        return f"{task:.1f} ms busy, {script:.1f} ms script, gap {ms(med([r['max_gap'] for r in results]))}"

    pf_raf = med([r["raf"] for r in pf])
    rows = [
        (
            "1. time to first chart, warm server: page.goto → first drawn chart (wall clock); the "
            "player's first boundary is its first interactive Plotly figure (nothing is drawn before)",
            f"playground, data-frames ≥ 1 on the Plotly boundary: {ms(fo)}",
            f"bare page, one 20-point Plotly scatter drawn: {ms(fb)}",
            f"{fo / fb:.2f}",
            "interactive ≤ 1.25; first boundary seen ≤ 1.0",
            f"{yes(fo / fb <= 1.25)}; {yes(fo / fb <= 1.0)}",
        ),
        (
            "1a. the same app serving the plotly package's full plotly.min.js (4.8 MB) instead of the "
            "player's build (1.3 MB), a third server in the same run",
            f"full bundle: {ms(ff)} (the player's build: {fo / ff:.2f}× this)",
            f"bare page: {ms(fb)}",
            f"{ff / fb:.2f}",
            "(reference)",
            "",
        ),
        (
            "1b. same, in the page: navigation start → first animation frame showing the chart",
            f"player's build {ms(io)} (.lrp-root attached at {ms(root_at)}, window.Plotly at {ms(pjs_at)}); "
            f"full bundle {ms(i_full)} (.lrp-root at {ms(root_full)}, window.Plotly at {ms(pjs_full)})",
            f"{ms(ib)} (.main-svg visible at {ms(svg_at)})",
            f"{io / ib:.2f} (full: {i_full / ib:.2f})",
            "(info)",
            "",
        ),
        (
            f"2. playback, {sample_s:g} s after Play: boundary updates per second (data-frames)",
            f"{upd_o:.1f}/s",
            f"st.fragment(run_every=0.05) + st.plotly_chart 50×50 heatmap: {upd_f:.1f} ticks shown/s",
            f"{upd_o / upd_f:.1f}" if upd_f else "",
            "≥ 40/s",
            yes(upd_o >= 40),
        ),
        (
            f"2a. the same with {BIG} points (?n_samples={BIG}; WebGL points)",
            f"{upd_g:.1f}/s (distinct epochs {med([r['epochs'] for r in pg]):.1f}/s)",
            "",
            "",
            "≥ 25/s",
            yes(upd_g >= 25),
        ),
        (
            "2f. playback with the full plotly.min.js (the third server), 300 and 5000 points: the "
            "player's build must not slow it",
            f"player's build {upd_o:.1f}/s and {upd_g:.1f}/s",
            f"full bundle {upd_full:.1f}/s and {upd_big_full:.1f}/s",
            f"{upd_o / upd_full:.2f} and {upd_g / upd_big_full:.2f}",
            "≥ 40/s and ≥ 25/s",
            yes(upd_o >= 40 and upd_g >= 25),
        ),
        (
            "2b. distinct boundaries (playback positions, data-position) shown per second, read every "
            "animation frame",
            f"{pos_o:.1f}/s (distinct epochs {ep_o:.1f}/s: the clock is slow at the start; animation "
            f"frames {med([r['raf'] for r in po]):.1f}/s)",
            f"{upd_f:.1f}/s of {med([r['server_ticks'] for r in pf]):.1f} server ticks/s "
            f"(animation frames {pf_raf:.1f}/s)",
            "",
            "≥ 20/s",
            yes(pos_o >= 20),
        ),
        (
            "2c. one element: same mounts, same two Plotly divs, no element added, no status widget, "
            f"no rerun (300 and {BIG} points)",
            f"same mounts {sum(r['mounts'][0] == r['mounts'][1] for r in po + pg)}/{2 * reps}, "
            f"same Plotly divs {sum(r['same_plots'] for r in po + pg)}/{2 * reps}, "
            f"elements added {max(r['added'] for r in po + pg)} (max), "
            f"status widget seen in {status_o}/{2 * reps}; "
            f"websocket messages sent {max(r['ws_sent'] for r in po + pg)}, "
            f"received {max(r['ws_received'] for r in po + pg)} (max)",
            f"same Plotly div {sum(r['same_plot'] for r in pf)}/{reps}: re-created "
            f"{med([r['recreated'] for r in pf]):.1f}/s, "
            f"elements added {med([r['added'] for r in pf]):.0f}/s, "
            f"status widget in {100 * med([r['status_share'] for r in pf]):.0f} % of frames; "
            f"websocket {med([r['ws_sent'] for r in pf]):.1f} sent/s, "
            f"{med([r['ws_received'] for r in pf]):.1f} received/s",
            "",
            "one element",
            yes(one_element),
        ),
        (
            "2d. the page's main thread while playing, per update (DevTools TaskDuration / ScriptDuration); "
            "longest gap between animation frames",
            f"300 points: {busy(po)}; {BIG} points: {busy(pg)}",
            "",
            "",
            "(info)",
            "",
        ),
        (
            "2e. Pause while playing: the click's input time → the player stopped (data-playing false); "
            "epochs moved afterwards",
            f"300 points {ms(med([r['pause'] for r in po]))}, "
            f"{BIG} points {ms(med([r['pause'] for r in pg]))}; "
            f"worst {ms(max(pauses))}; moved {max(abs(r['pause_moved']) for r in po + pg)} (max)",
            "",
            "",
            "≤ 100 ms",
            yes(max(pauses) <= 0.1 and all(r["pause_moved"] == 0 for r in po + pg)),
        ),
    ]
    for name in CONTROL_NAMES:
        t = med(server[name])
        train = med([d[0] for d in server["direct"][name]])
        pack = med([d[1] for d in server["direct"][name]])
        rows.append(
            (
                f"3. server time of the rerun after a changed {name}, not yet cached (AppTest)",
                f"{ms(t)} (outside Streamlit, same settings: training {ms(train)}, payload {ms(pack)})",
                "",
                "",
                "≤ 300 ms",
                yes(t <= 0.3),
            )
        )
    worst = server["worst"]
    e2e = [r["e2e"] for r in po]
    e2e_req = [r["e2e_request"] for r in po]
    rows += [
        ("3b. rerun with nothing changed (cached run)", ms(med(server["unchanged"])), "", "", "(info)", ""),
        (
            "3c. worst case: 5000 samples, degree 6, 5000 epochs, GD; learning rate changed",
            f"{ms(med([w[0] for w in worst]))} (epochs run {', '.join(str(w[1]) for w in worst)}; "
            f"payload {med([w[2] for w in worst]) / 1e6:.2f} MB of JSON; outside Streamlit: training "
            f"{ms(med([w[3] for w in worst]))}, payload {ms(med([w[4] for w in worst]))})",
            "",
            "",
            "(info)",
            "",
        ),
        (
            "3d. end to end in the browser: degree 3 → 2 (ArrowLeft) until .lrp-eq has no x1³",
            f"{ms(med(e2e))}: key → rerun request sent {ms(med(e2e_req))}, → first answer "
            f"{ms(med([r['e2e_first'] for r in po]))}, → last answer {ms(med([r['e2e_last'] for r in po]))} "
            f"({med([r['e2e_messages'] for r in po]):.0f} messages), → equation changed "
            f"{ms(med([r['e2e_render'] for r in po]))}",
            "",
            "",
            "(info)",
            "",
        ),
    ]

    rows.append(
        (
            "4. the offline player file (playground/offline.py), default run",
            f"{offline['ours'] / 1e6:.2f} MB (Plotly.js {offline['ours_js'] / 1e6:.2f} MB)",
            f"with the full plotly.min.js: {offline['full'] / 1e6:.2f} MB",
            f"{offline['ours'] / offline['full']:.2f}",
            "≤ 2 MB",
            yes(offline["ours"] <= 2e6),
        )
    )

    def fmt_list(xs):
        return ", ".join(f"{x * 1e3:.0f}" for x in sorted(xs))

    def floats(results, key):
        return ", ".join(f"{r[key]:.1f}" for r in results)

    def counts(c):
        return ", ".join(f"{k} {v}" for k, v in c.items())

    quick = " (--quick)" if args.quick else ""
    lines = [
        "# App benchmarks",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores, shared with other processes (noisy)",
        f"- app at commit {app_commit()}; {versions()}",
        f"- load average (1, 5, 15 min) at start: {load_at_start}; at the end: {load_average()}"
        + (
            f" (**busy**: more runnable processes than its {os.cpu_count()} cores; every figure is slower "
            "and noisier than on a quiet machine, the ratios of contenders measured side by side less so)"
            if max(busy_start, os.getloadavg()[0]) > (os.cpu_count() or 1)
            else ""
        ),
        f"- {reps} repetitions{quick}, contenders interleaved (A, B, A, B, ...), medians reported; "
        "a fresh browser context at 1280×720 for every first-chart load, a new page (a new Streamlit "
        f"session) in one context per contender for playback; total {total:.0f} s",
        "",
        "| benchmark | playground (median) | reference (median) | ratio | target | met |",
        "|---|---|---|---|---|---|",
        *[f"| {' | '.join(r)} |" for r in rows],
        "",
        f"- 1 per repetition, sorted (ms): playground {fmt_list([r['wall'] for r in first['ours']])}; "
        f"bare {fmt_list([r['wall'] for r in first['bare']])}; "
        f"playground with the full bundle {fmt_list([r['wall'] for r in first['full']])}. The order of "
        "the three loads turns each repetition. Each server served one full page load "
        "before timing, so the playground's default run is in st.cache_data; a fresh context has an "
        "empty HTTP cache, so both pages load Streamlit's frontend bundle each time. The playground's "
        f"payload for the default settings is {med(server['payload_bytes']) / 1e3:.0f} kB of JSON.",
        f"- 2 playground per repetition: updates/s {floats(po, 'updates')}; distinct boundaries/s "
        f"{floats(po, 'positions')}; distinct epochs/s {floats(po, 'epochs')}; epochs in the window "
        f"{', '.join(f'{a}→{b}' for a, b in (r['epoch_span'] for r in po))}; elements before → after "
        f"(first repetition): {counts(po[0]['counts'][0])} → {counts(po[0]['counts'][1])}. "
        f"Fragment per repetition: ticks shown/s {floats(pf, 'updates')}; Plotly div re-created/s "
        f"{floats(pf, 'recreated')}; elements before → after: {counts(pf[0]['counts'][0])} → "
        f"{counts(pf[0]['counts'][1])}. The page's own sampler (one requestAnimationFrame callback and "
        "MutationObservers) runs in both.",
        f"- 2a per repetition: updates/s {floats(pg, 'updates')}; epochs in the window "
        f"{', '.join(f'{a}→{b}' for a, b in (r['epoch_span'] for r in pg))}. 2e per repetition (ms): "
        f"300 points {fmt_list([r['pause'] for r in po])}; "
        f"{BIG} points {fmt_list([r['pause'] for r in pg])}. "
        "The browser has no GPU (--disable-gpu): WebGL runs in software.",
        f"- 2f per repetition, full bundle: updates/s {floats(play['full'], 'updates')} (300 points), "
        f"{floats(play['big_full'], 'updates')} ({BIG} points).",
        "- 3 per repetition (ms): "
        + "; ".join(f"{name} {fmt_list(server[name])}" for name in (*CONTROL_NAMES, "unchanged"))
        + f"; worst case {fmt_list([w[0] for w in worst])}. Each repetition opens the app with a new "
        "seed in the URL (that first run is not timed), then changes the three controls in turn (order "
        "rotated), each to a value no earlier run used, so every timed rerun trains and packs a new run. "
        "AppTest runs the script in this process: no websocket, no browser.",
        f"- 3d per repetition (ms): {fmt_list(e2e)}; on the playback page after a pause, with a new seed "
        "in the URL, so the degree-2 run is computed, not cached.",
    ]
    ended = sum(r["stopped_early"] for r in po + pg)
    if ended:
        lines.append(f"- 2: playback reached the run's end inside the window in {ended}/{reps} repetitions.")
    write_results(RESULTS, lines, errors)


if __name__ == "__main__":
    main()
