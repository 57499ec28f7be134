// Logistic Regression Playground player, part 4 of 4: playback, controls and the default export.
//
// The server records every epoch's weights once; this module replays them in the browser with
// requestAnimationFrame. Nothing talks to Python while playing: the epoch is reported with
// setStateValue only when the visitor pauses, steps, scrubs (on release), resets, clicks the loss
// chart, or playback reaches the end.
//
// The default export runs again whenever `data` or the theme changes. One-time setup is keyed by
// parentElement; a new run_id restarts at start_epoch, the same run_id keeps the visitor's epoch
// and play state. The two Plotly figures are created once and only updated afterwards
// (Plotly.react for a new run, a theme or a view option; Plotly.relayout of layout images per frame).

const INSTANCES = new WeakMap(); // parentElement -> player instance
const MOUNTS = new Map(); // component key -> number of times the player was set up
const LAST = new Map(); // component key -> { runId, epoch } (survives a DOM re-creation)
const HOVER_DELAY_MS = 150; // paused this long, the hover values catch up with the shown epoch

function createPlayer(root, key) {
  const q = (sel) => root.querySelector(sel);
  const el = {
    gdB: q(".lrp-boundary"),
    gdL: q(".lrp-loss"),
    main: q(".lrp-main"),
    play: q(".lrp-play"),
    playText: q(".lrp-play-text"),
    step: q(".lrp-step"),
    reset: q(".lrp-reset"),
    speed: q(".lrp-speed"),
    scrub: q(".lrp-scrub"),
    scrubLabel: q(".lrp-scrublabel"),
    epoch: q(".lrp-epoch"),
    of: q(".lrp-of"),
    badge: q(".lrp-badge"),
    epochLabel: q(".lrp-m-epoch .lrp-mlabel"),
    trloss: q(".lrp-v-trloss"),
    teloss: q(".lrp-v-teloss"),
    tracc: q(".lrp-v-tracc"),
    teacc: q(".lrp-v-teacc"),
    grad: q(".lrp-v-grad"),
    eq: q(".lrp-eq"),
    eqline: q(".lrp-eqline"),
    css: document.createElement("style"),
  };
  el.css.className = "lrp-plotly-css";
  root.appendChild(el.css);

  const mounts = (MOUNTS.get(key) || 0) + 1;
  MOUNTS.set(key, mounts);
  root.dataset.mounts = String(mounts);

  const probe = document.createElement("canvas").getContext("2d");
  const encodeField = createFieldEncoder(GRID);

  const s = {
    P: null, // window.Plotly once loaded
    run: null,
    epoch: 0,
    playing: false,
    mult: 1,
    t0: 0,
    e0: 0,
    raf: 0,
    pending: 0,
    frames: 0,
    discretize: false,
    logScale: false,
    palette: null,
    classes: [
      [0, 114, 178],
      [230, 159, 0],
    ],
    theme: null,
    themeSig: "",
    lut: null,
    size: null, // {b: {w, h}, l: {w, h}}
    stale: { boundary: true, loss: true }, // the figure needs Plotly.react
    plotting: null, // the Plotly.react under way
    listening: { boundary: false, loss: false }, // the figure is plotted and its events are heard
    groups: null, // point indices of the boundary's four point traces
    shown: { marks: true, line: true, splits: [true, true] },
    hoverMode: "", // "paused" | "playing": what the hover templates currently say
    hoverEpoch: -1, // the epoch the hover values were computed for
    hoverTimer: 0,
    sources: ["", "", ""], // the boundary's current image sources
    marksSig: "", // the axes and theme the marks were drawn for
    marksWrong: null, // the points they mark
    cursor: "",
    textEpoch: -1,
    zGrid: new Float64Array(GRID * GRID),
    zPts: new Float64Array(0),
    setStateValue: null,
    setTriggerValue: null,
    last: null,
  };

  // ------------------------------------------------------------ sizes

  function measure() {
    const r = el.main.getBoundingClientRect();
    const W = Math.floor(r.width);
    const H = Math.floor(r.height);
    if (W < 200 || H < 150) return null;
    // the boundary's plot area square where the width allows
    const across = B_MARGIN.l + B_MARGIN.r;
    const bw = Math.min(Math.max(160, H - B_MARGIN.t - B_MARGIN.b) + across, Math.floor(W * 0.56));
    return { b: { w: bw, h: H }, l: { w: Math.max(160, W - bw - 12), h: H } };
  }

  function resize() {
    const size = measure();
    if (!size) return false;
    const same = s.size && JSON.stringify(size) === JSON.stringify(s.size);
    if (same) return true;
    const had = s.size;
    s.size = size;
    if (!had || !s.P) {
      s.stale.boundary = s.stale.loss = true;
      return true;
    }
    s.P.relayout(el.gdB, { width: size.b.w, height: size.b.h });
    s.P.relayout(el.gdL, { width: size.l.w, height: size.l.h });
    return true;
  }

  // ------------------------------------------------------------ the figures

  function syncCss() {
    const text = plotlyCss();
    if (el.css.textContent !== text) el.css.textContent = text;
  }

  function listen(which) {
    s.listening[which] = true;
    if (which === "boundary") {
      el.gdB.on("plotly_relayout", onRelayout);
      el.gdB.on("plotly_restyle", onBoundaryRestyle);
      // the class colours in the legend are a key, not a switch
      const keyOnly = (ev) => !(ev && B_CLASSES.includes(ev.curveNumber));
      el.gdB.on("plotly_legendclick", keyOnly);
      el.gdB.on("plotly_legenddoubleclick", keyOnly);
    } else {
      el.gdL.on("plotly_relayout", onRelayout);
      el.gdL.on("plotly_click", (ev) => {
        const x = ev && ev.xvals && ev.xvals.length ? ev.xvals[0] : ev && ev.points && ev.points[0] && ev.points[0].x;
        if (Number.isFinite(Number(x))) goTo(Number(x), true);
      });
    }
  }

  // Plotly.react one stale figure at a time, the boundary first, each drawn as soon as it is
  // plotted (the loss chart waits for the boundary's first frame to be painted). A new figure's
  // hover says less until refreshHover gives it the epoch's values, off this first-paint path.
  function plot() {
    if (!s.P || !s.run || !s.theme || s.plotting || !resize()) return;
    const which = s.stale.boundary ? "boundary" : s.stale.loss ? "loss" : null;
    if (!which) return;
    s.stale[which] = false;
    syncCss(); // Plotly's global rules exist once it has loaded: the modebar starts out hidden
    let job;
    if (which === "boundary") {
      const sources = [...s.sources, s.shown.marks, s.shown.line];
      const fig = boundaryFigure(s.run, s.theme, s.classes, s.size.b, s.groups, sources);
      s.hoverMode = "playing";
      s.hoverEpoch = -1;
      job = s.P.react(el.gdB, fig.data, fig.layout, fig.config);
    } else {
      const fig = lossFigure(s.run, s.theme, s.palette, s.size.l, s.logScale, s.cursor);
      job = s.P.react(el.gdL, fig.data, fig.layout, fig.config);
    }
    const first = !s.listening[which];
    s.plotting = Promise.resolve(job).then(
      () => {
        s.plotting = null;
        if (first) listen(which);
        syncCss();
        render();
        if (s.stale.boundary || s.stale.loss) requestAnimationFrame(() => setTimeout(plot, 0));
      },
      (err) => {
        s.plotting = null;
        throw err;
      },
    );
  }

  const plotted = (which) => s.P && !s.plotting && !s.stale[which] && s.listening[which];

  // the boundary's plot area: pixels of data coordinates, for the marks
  function boundaryView() {
    const fl = el.gdB._fullLayout;
    const xa = fl.xaxis;
    const ya = fl.yaxis;
    const tr = el.gdB.data;
    return {
      W: Math.round(xa._length),
      H: Math.round(ya._length),
      x: (v) => xa.c2p(v),
      y: (v) => ya.c2p(v),
      splits: [tr[B_POINTS[0]].visible !== "legendonly", tr[B_POINTS[2]].visible !== "legendonly"],
      key: [xa.range, ya.range, xa._length, ya._length].join(),
    };
  }

  const sameList = (a, b) => !!b && a.length === b.length && a.every((v, i) => v === b[i]);

  // the loss chart's plot area: the cursor's position and its dots at epoch e
  function cursorView(e) {
    const fl = el.gdL._fullLayout;
    const size = fl._size;
    const xa = fl.xaxis;
    const run = s.run;
    const panel = (ya) => ({ ya, top: ya._offset - size.t, bottom: ya._offset - size.t + ya._length });
    const loss = panel(fl.yaxis);
    const acc = panel(fl.yaxis2);
    const dots = L_CURSOR_DOTS.map(([name, kind, hollow]) => {
      const arr = run[name];
      const v = arr && e < arr.length ? arr[e] : NaN;
      const p = kind === "loss" ? loss : acc;
      let y = null;
      if (Number.isFinite(v) && !(p.ya.type === "log" && v <= 0)) {
        const px = p.top + p.ya.c2p(v);
        if (px >= p.top - 1 && px <= p.bottom + 1) y = px;
      }
      return { y, hollow, color: kind === "loss" ? s.palette.loss : s.palette.accuracy };
    });
    return { W: Math.round(size.w), H: Math.round(size.h), x: xa._offset - size.l + xa.c2p(e), panels: [loss, acc], dots };
  }

  function drawBoundary() {
    const run = s.run;
    computeZ(run, s.epoch, s.zGrid, s.zPts);
    const field = encodeField(s.zGrid, s.lut);
    const line = lineSvg(contourPath(s.zGrid, GRID), GRID, s.theme);
    const update = { "images[0].source": field, "images[1].source": line };
    s.sources[0] = field;
    s.sources[1] = line;
    if (s.shown.marks) {
      // redrawn only when other points are marked, or the axes or the theme changed
      const view = boundaryView();
      const wrong = misclassified(run, s.zPts, view.splits);
      const sig = `${view.key}|${s.themeSig}`;
      if (sig !== s.marksSig || !sameList(wrong, s.marksWrong)) {
        const h = clamp(4.3 - Math.log10(Math.max(1, run.n / 150)), 2.2, 4.5) * 0.8 + 0.6;
        s.sources[2] = update["images[2].source"] = marksSvg(run, wrong, view, s.theme, h);
        s.marksSig = sig;
        s.marksWrong = wrong;
      }
    }
    s.P.relayout(el.gdB, update);
  }

  function drawCursor() {
    s.cursor = cursorSvg(cursorView(s.epoch), s.theme);
    s.P.relayout(el.gdL, { "images[0].source": s.cursor });
  }

  // ------------------------------------------------------------ hover values

  // Hover shows p at the points and p and z on the field for the shown epoch: one restyle (a full
  // recalculation), so it is done once playback pauses, not per frame. While playing, the hover
  // says only the class and the split of a point.
  function setHoverMode(mode) {
    if (!plotted("boundary") || s.hoverMode === mode) return;
    s.hoverMode = mode;
    if (mode === "playing") s.P.restyle(el.gdB, hoverStyle(s.run, false), [B_FIELD, ...B_POINTS]);
  }

  function scheduleHover() {
    clearTimeout(s.hoverTimer);
    s.hoverTimer = setTimeout(refreshHover, HOVER_DELAY_MS);
  }

  function refreshHover() {
    s.hoverTimer = 0;
    if (s.playing || !plotted("boundary") || s.hoverEpoch === s.epoch) return;
    const run = s.run;
    computeZ(run, s.epoch, s.zGrid, s.zPts);
    const hover = hoverValues(run, s.groups, s.zGrid, s.zPts);
    s.hoverEpoch = s.epoch;
    s.hoverMode = "paused";
    const update = { ...hoverStyle(run, true), customdata: [hover.field, ...hover.points] };
    s.P.restyle(el.gdB, update, [B_FIELD, ...B_POINTS]);
  }

  // ------------------------------------------------------------ Plotly events

  // zoom, pan, reset or a new size: the marks and the cursor follow the axes (a frame's own
  // relayout of image sources is not an axis change)
  function onRelayout(ev) {
    if (Object.keys(ev || {}).some((k) => /^(xaxis|yaxis|width|height|autosize)/.test(k))) requestRender();
  }

  // a legend click: which splits, and whether the marks and the line, are shown
  function onBoundaryRestyle() {
    const tr = el.gdB.data;
    const marks = tr[B_MARKS].visible !== "legendonly";
    const line = tr[B_LINE].visible !== "legendonly";
    const splits = [tr[B_POINTS[0]].visible !== "legendonly", tr[B_POINTS[2]].visible !== "legendonly"];
    const was = s.shown;
    if (marks === was.marks && line === was.line && splits[0] === was.splits[0] && splits[1] === was.splits[1]) return;
    s.shown = { marks, line, splits };
    s.P.relayout(el.gdB, { "images[1].visible": line, "images[2].visible": marks });
    requestRender();
  }

  // ------------------------------------------------------------ text + controls

  function setText(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }

  function updateText() {
    const run = s.run;
    const e = s.epoch;
    root.dataset.epoch = String(e);
    if (el.scrub.value !== String(e)) el.scrub.value = String(e);
    if (s.textEpoch === e) return;
    s.textEpoch = e;
    setText(el.epoch, String(e));
    setText(el.scrubLabel, `${e} / ${run.E}`);
    const at = (a) => (a && e < a.length ? a[e] : null);
    setText(el.trloss, fmtLoss(at(run.trl)));
    setText(el.teloss, fmtLoss(at(run.tel)));
    setText(el.tracc, fmtAcc(at(run.tra)));
    setText(el.teacc, fmtAcc(at(run.tea)));
    setText(el.grad, sig(at(run.gn), 3));
    const eq = equationText(run, e);
    setText(el.eq, eq);
    el.eqline.title = `Decision boundary at epoch ${e} in raw features: ${eq}`;
    if (s.last) s.last.epoch = e;
  }

  function syncControls() {
    const run = s.run;
    const playing = s.playing;
    root.dataset.playing = playing ? "true" : "false";
    setText(el.playText, playing ? "Pause" : "Play");
    el.play.setAttribute("aria-label", playing ? "Pause playback" : "Play the recorded run");
    el.play.title = playing
      ? "Pause playback (space)"
      : s.epoch >= run.E
        ? "Play the recorded run from epoch 0 (space)"
        : "Play the recorded run (space)";
    el.play.setAttribute("aria-pressed", playing ? "true" : "false");
    el.play.disabled = run.E === 0;
    el.step.disabled = run.E === 0;
  }

  function syncStatic() {
    const run = s.run;
    setText(el.of, ` / ${run.E}`);
    el.scrub.max = String(run.E);
    el.scrub.setAttribute("aria-valuemax", String(run.E));
    const diverged = run.status === "diverged";
    el.badge.hidden = !diverged;
    el.badge.className = "lrp-badge" + (diverged ? " lrp-diverged" : "");
    setText(el.badge, diverged ? "diverged" : "");
    el.badge.title = diverged
      ? `Training diverged: the loss blew up, so the run stops at epoch ${run.E}, the last finite one`
      : "";
    const label =
      run.status === "converged" ? "Epoch · converged" : run.status === "max_epochs" ? "Epoch · max reached" : "Epoch";
    setText(el.epochLabel, label);
    for (const opt of el.speed.options) {
      const m = Number(opt.value);
      const eps = run.baseEps * m;
      opt.textContent = `${m}× · ${eps >= 100 ? Math.round(eps) : Number(eps.toPrecision(2))}/s`;
    }
    el.speed.title = `Playback speed in epochs per second (1× plays the ${run.E} epochs in about ${Math.round(
      run.E / run.baseEps,
    )} s)`;
  }

  // ------------------------------------------------------------ rendering + playback

  function render() {
    if (!s.run || !s.theme) return;
    updateText();
    if (plotted("loss")) drawCursor();
    if (plotted("boundary")) {
      drawBoundary();
      s.frames++;
      root.dataset.frames = String(s.frames);
      if (!s.playing) scheduleHover();
    }
    if (s.stale.boundary || s.stale.loss) plot();
  }

  function requestRender() {
    if (s.playing || s.pending) return;
    s.pending = requestAnimationFrame(() => {
      s.pending = 0;
      render();
    });
  }

  function report() {
    if (typeof s.setStateValue === "function") s.setStateValue("epoch", s.epoch);
  }

  function tick() {
    s.raf = 0;
    if (!s.playing) return;
    const now = performance.now();
    const eps = s.run.baseEps * s.mult;
    const due = s.e0 + Math.max(0, Math.floor(((now - s.t0) * eps) / 1000));
    if (due >= s.run.E) {
      s.epoch = s.run.E;
      s.playing = false;
      render();
      syncControls();
      report();
      return;
    }
    s.epoch = due;
    render();
    s.raf = requestAnimationFrame(tick);
  }

  function play() {
    if (!s.run || s.run.E === 0 || s.playing) return;
    if (s.epoch >= s.run.E) s.epoch = 0;
    s.playing = true;
    s.t0 = performance.now();
    s.e0 = s.epoch;
    if (s.pending) {
      cancelAnimationFrame(s.pending);
      s.pending = 0;
    }
    clearTimeout(s.hoverTimer);
    syncControls();
    setHoverMode("playing");
    render();
    s.raf = requestAnimationFrame(tick);
  }

  function stop() {
    s.playing = false;
    if (s.raf) cancelAnimationFrame(s.raf);
    s.raf = 0;
    if (s.run) syncControls();
  }

  function pause() {
    if (!s.playing) return;
    stop();
    render();
    report();
  }

  function goTo(e, doReport) {
    if (!s.run) return;
    if (s.playing) stop();
    s.epoch = clamp(Math.round(e), 0, s.run.E);
    syncControls();
    render();
    if (doReport) report();
  }

  // ------------------------------------------------------------ events (assigned once)

  el.play.onclick = () => (s.playing ? pause() : play());
  el.step.onclick = () => goTo(s.epoch + 1, true);
  el.reset.onclick = () => goTo(0, true);
  el.speed.onchange = () => {
    s.mult = Number(el.speed.value) || 1;
    if (s.playing) {
      s.t0 = performance.now();
      s.e0 = s.epoch;
    }
  };
  el.scrub.oninput = () => goTo(Number(el.scrub.value), false);
  el.scrub.onchange = () => goTo(Number(el.scrub.value), true);
  root.onkeydown = (ev) => {
    const tag = ev.target && ev.target.tagName;
    if (ev.key === " " || ev.code === "Space") {
      if (tag === "BUTTON" || tag === "SELECT") return;
      ev.preventDefault();
      ev.stopPropagation();
      if (s.playing) pause();
      else play();
    } else if ((ev.key === "ArrowRight" || ev.key === "ArrowLeft") && tag !== "INPUT" && tag !== "SELECT") {
      ev.preventDefault();
      goTo(s.epoch + (ev.key === "ArrowRight" ? 1 : -1), true);
    }
  };

  const ro = new ResizeObserver(() => {
    if (resize() && !s.playing) requestRender();
  });
  ro.observe(el.main);

  // ------------------------------------------------------------ API

  return {
    root,
    update(data, setStateValue, setTriggerValue) {
      s.setStateValue = setStateValue;
      s.setTriggerValue = setTriggerValue;
      // first of all: the download of Plotly.js (on a first visit) overlaps the work below
      loadPlotly(data.plotly, () => {
        if (typeof s.setTriggerValue === "function") s.setTriggerValue("plotly_needed", true);
      }).then((P) => {
        if (s.P) return;
        s.P = P;
        plot();
      });
      const pal = data.palette || {};
      s.palette = { loss: pal.loss || "#D55E00", accuracy: pal.accuracy || "#009E73" };
      const classes = (pal.classes || []).map((c, k) => hexToRgb(c, s.classes[k]));
      if (classes.length === 2 && JSON.stringify(classes) !== JSON.stringify(s.classes)) {
        s.classes = classes;
        s.stale.boundary = true;
      }
      const theme = readTheme(root, probe, pal);
      const sigT = JSON.stringify(theme);
      const disc = !!data.discretize;
      if (sigT !== s.themeSig || disc !== s.discretize || !s.lut) {
        if (sigT !== s.themeSig) s.stale.boundary = s.stale.loss = true;
        s.theme = theme;
        s.themeSig = sigT;
        s.discretize = disc;
        s.lut = fieldLut(theme, s.classes, disc);
      }
      const logS = !!data.log_scale;
      if (logS !== s.logScale) s.stale.loss = true;
      s.logScale = logS;
      if (!s.run || data.run_id !== s.run.runId) {
        stop();
        s.run = buildRun(data, GRID);
        s.zPts = new Float64Array(s.run.n);
        s.groups = pointGroups(s.run);
        s.marksSig = "";
        s.stale.boundary = s.stale.loss = true;
        s.textEpoch = -1;
        const prev = LAST.get(key);
        const start = clamp(Math.round(num(data.start_epoch, s.run.E)), 0, s.run.E);
        s.epoch = prev && prev.runId === data.run_id ? clamp(prev.epoch, 0, s.run.E) : start;
        s.last = { runId: data.run_id, epoch: s.epoch };
        LAST.set(key, s.last);
        syncStatic();
      }
      syncControls();
      if (!s.playing) render();
    },
    destroy() {
      stop();
      if (s.pending) cancelAnimationFrame(s.pending);
      s.pending = 0;
      clearTimeout(s.hoverTimer);
      ro.disconnect();
      if (s.P) {
        s.P.purge(el.gdB);
        s.P.purge(el.gdL);
      }
    },
  };
}

export default function (component) {
  const { data, key, parentElement, setStateValue, setTriggerValue } = component;
  const root = parentElement.querySelector(".lrp-root");
  if (!root || !data) return undefined;
  let inst = INSTANCES.get(parentElement);
  if (!inst || inst.root !== root) {
    if (inst) inst.destroy();
    inst = createPlayer(root, key);
    INSTANCES.set(parentElement, inst);
  }
  inst.update(data, setStateValue, setTriggerValue);
  return () => {
    inst.destroy();
    INSTANCES.delete(parentElement);
  };
}
