// Logistic Regression Playground player, part 4 of 4: playback, controls, drawing and the default export.
//
// The server records every epoch's weights once; this module replays them in the browser with
// requestAnimationFrame, on the run's timeline (playground/pacing.py: more time where the weights
// move more). Nothing talks to Python while playing: what is shown ({run_id, epoch, playing}) is
// reported with setStateValue only when the visitor pauses, steps, scrubs (on release), resets,
// clicks the loss chart, or playback reaches the end, and once when playback starts (unless the
// page said it would play); drawn points are sent with setTriggerValue 400 ms after the last click.
//
// A download of one epoch (playground/ui/exports.py: its element's class st-key-lrp-epoch-N-…) is
// let through only when N is the epoch on screen: a pointerdown, Enter or Space outside the player
// while it plays pauses it first (and reports the epoch, so the next rerun offers that epoch), and a
// click on a download of another epoch is stopped before Streamlit sees it.
//
// The default export runs again whenever `data` or the theme changes. One-time setup is keyed by
// parentElement; a new run_id restarts at start_epoch, the same run_id keeps the visitor's epoch
// and play state. The two Plotly figures are created once and only updated afterwards
// (Plotly.react for a new run, a theme or a view option; Plotly.relayout of layout images per frame).
//
// Outside Streamlit (an exported page) the module works the same with {data, key, parentElement,
// setStateValue}: without setTriggerValue there is nobody to retrain, so the Draw button stays hidden.

const INSTANCES = new WeakMap(); // parentElement -> player instance
const MOUNTS = new Map(); // component key -> number of times the player was set up
const LAST = new Map(); // component key -> { runId, epoch } (survives a DOM re-creation)
const DRAWINGS = new Map(); // component key -> the visitor's drawing in progress (survives it too)
// With more than one player on a page, the keys outside every player go to the one the visitor last
// clicked or focused (at first, the first one set up).
const KEYS = { current: null };
const HOVER_DELAY_MS = 150; // paused this long, the hover values catch up with the shown epoch
const DRAW_DEBOUNCE_MS = 400; // a burst of clicks is one retrain: sent this long after the last
const AUTOPLAY_DELAY_MS = 700; // on landing, epoch 0 shows this long before playback starts
const EQ_SCALES = [0.92, 0.84]; // the equation's type, smaller until it fits in two lines
const BRISK_MS = 4000; // a run made by changing a control plays in at most this long
const EPOCH_DOWNLOAD = /(?:^|\s)st-key-lrp-epoch-(\d+)-/; // a download of epoch N (exports.py)
const MAX_DRAWN = 5000; // points in a drawing (playground/drawing.py: MAX_POINTS)
const UNDO_DEPTH = 200;
const HIT_PX = 9; // a click this close to a drawn point removes it
const SPEED_NAMES = { 0.25: "¼×", 0.5: "½×", 1: "1×", 2: "2×", 4: "4×" };
// Focus in one of these outside the player: the key belongs to it (typing, a slider's arrows, a
// focused button's Space), not to playback.
const OWN_KEYS =
  "input, textarea, select, button, a[href], [contenteditable=''], [contenteditable='true'], " +
  "[role=slider], [role=combobox], [role=listbox], [role=option], [role=radio], [role=radiogroup], " +
  "[role=tab], [role=menu], [role=menuitem], [role=spinbutton], [role=switch], [role=checkbox], " +
  "[role=button], [role=textbox], [role=dialog]";

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
    end: q(".lrp-end"),
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
    draw: q(".lrp-draw"),
    drawbar: q(".lrp-drawbar"),
    classes: [...root.querySelectorAll(".lrp-cls")],
    undo: q(".lrp-undo"),
    clear: q(".lrp-clear"),
    drawCount: q(".lrp-drawcount"),
    sr: q(".lrp-sr"),
    css: document.createElement("style"),
  };
  el.css.className = "lrp-plotly-css";
  root.appendChild(el.css);

  const mounts = (MOUNTS.get(key) || 0) + 1;
  MOUNTS.set(key, mounts);
  root.dataset.mounts = String(mounts);

  const probe = document.createElement("canvas").getContext("2d");
  const encodeField = createFieldEncoder(GRID);
  if (!DRAWINGS.has(key)) {
    DRAWINGS.set(key, { on: false, cls: 1, pts: null, frame: null, rev: 0, sentRev: 0, undo: [], timer: 0 });
  }

  const s = {
    P: null, // window.Plotly once loaded
    run: null,
    epoch: 0, // the recorded epoch shown in the numbers
    pos: 0, // the playback position (epoch + fraction while playing; = epoch when paused)
    playing: false,
    mult: 1,
    boost: 1, // a brisk autoplay's extra speed (1 once the visitor touches playback)
    brisk: false, // this run opened to play briskly (a changed control)
    serverPlaying: false, // what the page last believed: the player plays (its downloads wait)
    t0: 0, // performance.now() when playback (re)started
    ms0: 0, // the timeline's time at t0, in ms at 1×
    raf: 0,
    pending: 0,
    frames: 0,
    discretize: false,
    logScale: false,
    present: false,
    palette: null,
    classes: [
      [0, 114, 178],
      [230, 159, 0],
    ],
    theme: null,
    themeSig: "",
    lut: null,
    size: null, // {b: {w, h}, l: {w, h}}
    width: 0, // the root's width the equation line was fitted to
    stale: { boundary: true, loss: true }, // the figure needs Plotly.react
    plotting: null, // the Plotly.react under way
    listening: { boundary: false, loss: false }, // the figure is plotted and its events are heard
    groups: null, // point indices of the boundary's four point traces
    shown: { marks: true, line: true, splits: [true, true] },
    hoverMode: "", // "paused" | "playing": what the hover templates currently say
    hoverEpoch: -1, // the epoch the hover values were computed for
    hoverTimer: 0,
    autoplay: false, // play once both charts are drawn (the landing run)
    autoTimer: 0,
    sources: ["", "", ""], // the boundary's current image sources
    marksSig: "", // the axes and theme the marks were drawn for
    marksWrong: null, // the points they mark
    cursor: "",
    textEpoch: -1,
    zGrid: new Float64Array(GRID * GRID),
    zPts: new Float64Array(0),
    canDraw: false,
    draw: DRAWINGS.get(key),
    setStateValue: null,
    setTriggerValue: null,
    last: null,
  };

  // ------------------------------------------------------------ sizes

  // Narrow, the player's CSS stacks the charts (player.css: the container query at its end): it
  // says so with the charts' flex direction, so the width that decides it is written once.
  const narrow = () => getComputedStyle(el.main).flexDirection === "column";

  function measure() {
    const r = el.main.getBoundingClientRect();
    const W = Math.floor(r.width);
    const stacked = narrow();
    const m = boundaryMargin(s.theme || { tick: 12, size: 13 }, stacked);
    if (stacked) {
      // stacked: both charts at the full width, the boundary's plot area square up to NARROW_PLOT px,
      // the loss chart about ¾ as high as it is wide; the player grows to hold them (the page scrolls)
      if (W < 200) return null;
      const plot = Math.min(W - m.l - m.r, NARROW_PLOT);
      const lossH = clamp(Math.round(0.75 * W), 240, 360);
      return { b: { w: W, h: plot + m.t + m.b, narrow: true }, l: { w: W, h: lossH, narrow: true } };
    }
    const H = Math.floor(r.height);
    if (W < 200 || H < 150) return null;
    // the boundary's plot area square where the width allows, and wide enough for its legend's two rows
    const bw = Math.min(Math.max(B_MIN_WIDTH, H - m.t - m.b + m.l + m.r), Math.floor(W * 0.56));
    return { b: { w: bw, h: H }, l: { w: Math.max(160, W - bw - 12), h: H } };
  }

  function resize() {
    const width = Math.round(root.getBoundingClientRect().width);
    if (s.run && width !== s.width) fitEquation();
    const size = measure();
    if (!size) return false;
    const same = s.size && JSON.stringify(size) === JSON.stringify(s.size);
    if (same) return true;
    const had = s.size;
    s.size = size;
    // stacked, the charts' boxes take the figures' heights at once (before Plotly.js has drawn
    // them), so the page below does not jump; side by side, .lrp-main gives them their height
    el.gdB.style.height = size.b.narrow ? `${size.b.h}px` : "";
    el.gdL.style.height = size.l.narrow ? `${size.l.h}px` : "";
    if (!had || !s.P || !!had.b.narrow !== !!size.b.narrow) {
      s.stale.boundary = s.stale.loss = true; // a new layout: drag mode, modebar, sizes
      return true;
    }
    s.P.relayout(el.gdB, { width: size.b.w, height: size.b.h });
    s.P.relayout(el.gdL, { width: size.l.w, height: size.l.h });
    return true;
  }

  // The equation line's height, set once per run and width from its longest text, so the charts
  // below never change size during playback. The equation shows whole: one that needs more than two
  // lines (degree 6 has 28 terms) is set in a smaller type, step by step down to EQ_SCALES' last, and
  // takes the lines it needs beyond that (the charts give up the height; narrow, the page scrolls).
  function fitEquation() {
    const run = s.run;
    s.width = Math.round(root.getBoundingClientRect().width);
    let longest = "";
    for (const e of [run.E, Math.floor(run.E / 2), Math.min(run.E, 1)]) {
      const text = equationText(run, e);
      if (text.length > longest.length) longest = text;
    }
    el.eqline.style.height = "";
    el.eqline.style.fontSize = el.eqline.style.lineHeight = el.eq.style.fontSize = "";
    el.eq.textContent = longest;
    const line = parseFloat(getComputedStyle(el.eqline).lineHeight) || 18;
    const label = parseFloat(getComputedStyle(el.eqline).fontSize) || 13.5;
    const eq = parseFloat(getComputedStyle(el.eq).fontSize) || 13;
    let natural = el.eqline.scrollHeight; // a line with x1³ in it can be a pixel or two taller
    if (!natural) {
      s.width = 0; // not laid out yet: fitted at the next resize
      return;
    }
    for (const k of EQ_SCALES) {
      if (Math.round(natural / line) <= 2 || narrow() || s.present) break; // shared, the type stays large
      el.eqline.style.fontSize = `${label * k}px`;
      el.eqline.style.lineHeight = `${Math.round(line * k)}px`;
      el.eq.style.fontSize = `${eq * k}px`;
      natural = el.eqline.scrollHeight;
    }
    el.eqline.style.height = `${natural}px`;
    s.textEpoch = -1; // updateText writes the shown epoch's equation back
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
      const fig = boundaryFigure(s.run, s.theme, s.classes, s.size.b, s.groups, sources, s.draw.on);
      s.hoverMode = "playing";
      s.hoverEpoch = -1;
      job = s.P.react(el.gdB, fig.data, fig.layout, fig.config);
    } else {
      if (s.run.E === 0) s.cursor = BLANK_SVG;
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
        else if (s.autoplay) startAutoplay();
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
    computeZ(run, s.pos, s.zGrid, s.zPts);
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
    const fl = el.gdL._fullLayout;
    const curves = fl.xaxis && fl.yaxis && fl.yaxis2; // none for a drawing not yet trained: no cursor
    const cursor = curves ? cursorSvg(cursorView(s.epoch), s.theme) : BLANK_SVG;
    if (cursor === s.cursor) return;
    s.cursor = cursor;
    s.P.relayout(el.gdL, { "images[0].source": s.cursor });
  }

  // ------------------------------------------------------------ hover values

  // Hover shows p at the points and p and z on the field for the shown epoch: one restyle (a full
  // recalculation), so it is done once playback pauses, not per frame. While playing, the hover
  // says only the class and the split of a point. Drawing, there is no hover.
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
    if (s.playing || s.draw.on || !plotted("boundary") || s.hoverEpoch === s.epoch) return;
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

  const at = (a, e) => (a && e < a.length ? a[e] : null);

  function updateText() {
    const run = s.run;
    const e = s.epoch;
    root.dataset.epoch = String(e);
    if (el.scrub.value !== String(e)) el.scrub.value = String(e);
    if (s.textEpoch === e) return;
    s.textEpoch = e;
    setText(el.epoch, String(e));
    setText(el.scrubLabel, `${e} / ${run.E}`);
    el.scrub.setAttribute("aria-valuetext", `epoch ${e} of ${run.E}`);
    setText(el.trloss, fmtLoss(at(run.trl, e)));
    setText(el.teloss, fmtLoss(at(run.tel, e)));
    setText(el.tracc, fmtAcc(at(run.tra, e)));
    setText(el.teacc, fmtAcc(at(run.tea, e)));
    setText(el.grad, sig(at(run.gn, e), 3));
    const eq = equationText(run, e);
    setText(el.eq, eq);
    el.eqline.title = `Decision boundary at epoch ${e} in raw features: ${eq}`;
    if (s.last) s.last.epoch = e;
  }

  // what a screen reader says when playback stops at an epoch (not while playing)
  function announce() {
    const run = s.run;
    const e = s.epoch;
    const parts = [];
    if (run.trl) parts.push(`train loss ${fmtLoss(at(run.trl, e))}`);
    if (run.tea) parts.push(`test accuracy ${fmtAcc(at(run.tea, e))}`);
    else if (run.tra) parts.push(`train accuracy ${fmtAcc(at(run.tra, e))}`);
    setText(el.sr, `Epoch ${e} of ${run.E}` + (parts.length ? `: ${parts.join(", ")}` : ""));
  }

  function syncControls() {
    const run = s.run;
    const playing = s.playing;
    root.dataset.playing = playing ? "true" : "false";
    setText(el.playText, playing ? "Pause" : "Play");
    el.play.setAttribute("aria-label", playing ? "Pause" : "Play");
    el.play.title = playing
      ? "Pause playback (space)"
      : s.epoch >= run.E
        ? "Play the recorded run from epoch 0 (space)"
        : "Play the recorded run (space)";
    el.play.setAttribute("aria-pressed", playing ? "true" : "false");
    el.play.disabled = run.E === 0;
    el.step.disabled = run.E === 0;
    el.end.disabled = run.E === 0;
  }

  const seconds = (ms) => (ms >= 10000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toPrecision(2))} s`);

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
    // where the run stopped, said as such: "6 / 221" under it is the epoch shown of the run's 221
    const label =
      run.status === "converged"
        ? `Epoch · converged at ${run.E}`
        : run.status === "max_epochs"
          ? `Epoch · max ${run.E} reached`
          : "Epoch";
    setText(el.epochLabel, label);
    el.epochLabel.title = label;
    const total = run.T[run.E];
    for (const opt of el.speed.options) {
      const m = Number(opt.value);
      const name = SPEED_NAMES[opt.value] || `${m}×`;
      opt.textContent = run.E ? `${name} · ${seconds(total / m)}` : name;
    }
    el.speed.parentElement.title =
      `Playback speed: 1× plays these ${run.E} epochs in ${seconds(total)}, slowly where the weights move ` +
      "most (the first epochs, as a rule) and fast where they barely change";
    fitEquation();
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
      root.dataset.position = String(Math.round(s.pos * 1000) / 1000); // the boundary drawn (epoch + tween)
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

  // one value, so that the page never reads an epoch of one report with the play state of another
  function report(playing = false) {
    s.serverPlaying = playing;
    if (typeof s.setStateValue === "function") {
      s.setStateValue("shown", { run_id: s.run.runId, epoch: s.epoch, playing });
    }
  }

  function tick() {
    s.raf = 0;
    if (!s.playing) return;
    const run = s.run;
    const pos = positionAt(run.T, s.ms0 + (performance.now() - s.t0) * s.mult * s.boost);
    if (pos >= run.E) {
      s.pos = s.epoch = run.E;
      s.playing = false;
      render();
      syncControls();
      announce();
      report();
      return;
    }
    s.pos = pos;
    s.epoch = Math.floor(pos);
    render();
    s.raf = requestAnimationFrame(tick);
  }

  function play(boost = 1) {
    cancelAutoplay();
    if (!s.run || s.run.E === 0 || s.playing) return;
    if (s.draw.on) setDrawMode(false); // watching, not drawing: a pending drawing is sent now
    if (s.epoch >= s.run.E) s.pos = s.epoch = 0;
    s.playing = true;
    s.boost = boost;
    if (!s.serverPlaying) report(true); // the page's downloads of one epoch wait (one rerun, not per frame)
    s.t0 = performance.now();
    s.ms0 = timeAt(s.run.T, s.pos);
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
    s.boost = 1;
    if (s.raf) cancelAnimationFrame(s.raf);
    s.raf = 0;
    s.pos = s.epoch; // paused, the player shows a recorded epoch
    if (s.run) syncControls();
  }

  function pause() {
    cancelAutoplay();
    if (!s.playing) return;
    stop();
    render();
    announce();
    report();
  }

  function goTo(e, doReport) {
    cancelAutoplay();
    if (!s.run) return;
    if (s.playing) stop();
    s.pos = s.epoch = clamp(Math.round(e), 0, s.run.E);
    syncControls();
    render();
    if (doReport) {
      announce();
      report();
    }
  }

  // the landing run plays once, shortly after both charts are drawn, unless the visitor acts first
  // or their system asks for reduced motion
  function startAutoplay() {
    s.autoplay = false;
    clearTimeout(s.autoTimer);
    s.autoTimer = setTimeout(() => {
      s.autoTimer = 0;
      // briskly: the whole run in at most BRISK_MS at the chosen speed
      const boost = s.brisk ? Math.max(1, s.run.T[s.run.E] / (s.mult * BRISK_MS)) : 1;
      if (!s.playing && !s.draw.on) play(boost);
    }, AUTOPLAY_DELAY_MS);
  }

  function cancelAutoplay() {
    s.autoplay = false;
    clearTimeout(s.autoTimer);
    s.autoTimer = 0;
  }

  // ------------------------------------------------------------ keyboard, anywhere on the page

  // Space plays and pauses, ←/→ step, Home and End jump, wherever the focus is on the page, except
  // in a control that takes the key itself (a text box, a slider, a select, a focused button).
  function onKey(ev) {
    if (!s.run || ev.defaultPrevented || ev.altKey || ev.isComposing || !root.isConnected) return;
    const path = ev.composedPath ? ev.composedPath() : [ev.target];
    const target = path[0] && path[0].closest ? path[0] : null;
    const inPlayer = path.includes(root);
    if (!inPlayer) {
      if (path.some((n) => n instanceof Element && n.classList.contains("lrp-root"))) return; // another player's
      if (KEYS.current && KEYS.current !== root && KEYS.current.isConnected) return;
    }
    const control = target ? target.closest(OWN_KEYS) : null;
    if (control && !inPlayer) return;
    const tag = control ? control.tagName : "";
    const k = ev.key;
    if (ev.ctrlKey || ev.metaKey) {
      if (!ev.shiftKey && (k === "z" || k === "Z") && s.draw.on && s.draw.undo.length) {
        ev.preventDefault();
        undo();
      }
      return;
    }
    if (k === " " || ev.code === "Space") {
      if (control) return; // a focused button of the player: Space presses it
      ev.preventDefault();
      if (s.playing) pause();
      else play();
    } else if (k === "ArrowRight" || k === "ArrowLeft" || k === "Home" || k === "End") {
      if (tag === "INPUT" || tag === "SELECT") return; // the scrubber and the speed list move themselves
      ev.preventDefault();
      const to = k === "Home" ? 0 : k === "End" ? s.run.E : s.epoch + (k === "ArrowRight" ? 1 : -1);
      goTo(to, true);
    }
  }
  document.addEventListener("keydown", onKey);

  // A download of one epoch saves the epoch on screen, or nothing: what the visitor does outside the
  // player while it plays pauses it first (before the download's own handlers, in the capture phase),
  // and a click on a download of another epoch stops there (the rerun after the report offers the
  // epoch on screen). Enter clicks on keydown, Space on keyup: both end in a click, checked here.
  const outside = (ev) => root.isConnected && s.run && !(ev.composedPath ? ev.composedPath() : []).includes(root);
  function onOutsidePointer(ev) {
    if (s.playing && outside(ev)) pause();
  }
  function onOutsideKey(ev) {
    const target = ev.composedPath ? ev.composedPath()[0] : ev.target;
    const control = target && target.closest ? target.closest(OWN_KEYS) : null;
    if (s.playing && control && (ev.key === "Enter" || ev.key === " ") && outside(ev)) pause();
  }
  function onOutsideClick(ev) {
    if (!outside(ev)) return;
    const target = ev.composedPath ? ev.composedPath()[0] : ev.target;
    let saves = null;
    for (let n = target; n && n !== document && !saves; n = n.parentElement) {
      saves = typeof n.className === "string" ? n.className.match(EPOCH_DOWNLOAD) : null;
    }
    if (!saves) return;
    if (s.playing) pause();
    if (Number(saves[1]) !== s.epoch) {
      ev.preventDefault();
      ev.stopPropagation();
      ev.stopImmediatePropagation();
    }
  }
  document.addEventListener("pointerdown", onOutsidePointer, true);
  document.addEventListener("keydown", onOutsideKey, true);
  document.addEventListener("click", onOutsideClick, true);
  const claimKeys = () => (KEYS.current = root);
  if (!KEYS.current || !KEYS.current.isConnected) claimKeys();
  root.addEventListener("pointerdown", claimKeys);
  root.addEventListener("focusin", claimKeys);

  // ------------------------------------------------------------ drawing

  // The drawing in progress: [x1, x2, class, test] per point on the chart's frame. Edits show at
  // once (the points are replaced in the run, whose weights stay until the retrained run arrives);
  // DRAW_DEBOUNCE_MS after the last edit, the points go to the server in one trigger.
  function runPoints() {
    const run = s.run;
    const out = [];
    for (let i = 0; i < run.n; i++) out.push([run.px1[i], run.px2[i], run.py[i], run.pt[i]]);
    return out;
  }

  // the drawing becomes the run's points (its undo history kept when it is the same drawing, retrained)
  function takeRunPoints(keepUndo) {
    const d = s.draw;
    if (!keepUndo) d.undo = [];
    d.pts = runPoints();
    d.frame = s.run.bounds.slice();
  }

  function setDrawMode(on) {
    const d = s.draw;
    if (on === d.on || (on && !s.canDraw)) return;
    if (on) {
      cancelAutoplay();
      if (s.playing) pause();
      if (!d.pts) takeRunPoints(); // start from the points on the chart; Clear empties it
    } else {
      sendDrawing();
    }
    d.on = on;
    syncDraw();
    s.stale.boundary = true; // no zoom box and no hover while drawing
    requestRender();
  }

  function showDrawn() {
    setPoints(s.run, s.draw.pts);
    s.zPts = new Float64Array(s.run.n);
    s.groups = pointGroups(s.run);
    s.marksSig = "";
    s.marksWrong = null;
    s.hoverEpoch = -1;
    s.stale.boundary = true;
    requestRender();
  }

  function edit(next) {
    const d = s.draw;
    d.undo.push(d.pts);
    if (d.undo.length > UNDO_DEPTH) d.undo.shift();
    d.pts = next;
    changed();
  }

  function undo() {
    const d = s.draw;
    if (!d.undo.length) return;
    d.pts = d.undo.pop();
    changed();
  }

  function changed() {
    const d = s.draw;
    d.rev++;
    showDrawn();
    syncDraw();
    clearTimeout(d.timer);
    d.timer = setTimeout(sendDrawing, DRAW_DEBOUNCE_MS);
  }

  function sendDrawing() {
    const d = s.draw;
    clearTimeout(d.timer);
    d.timer = 0;
    if (!d.pts || d.sentRev === d.rev || typeof s.setTriggerValue !== "function") return;
    d.sentRev = d.rev;
    s.setTriggerValue("drawing", {
      rev: d.rev,
      frame: d.frame,
      x1: d.pts.map((p) => p[0]),
      x2: d.pts.map((p) => p[1]),
      y: d.pts.map((p) => p[2]),
    });
  }

  // a click on the boundary's plot area while drawing: remove the drawn point under it, or add one
  function onBoundaryClick(ev) {
    const d = s.draw;
    if (!d.on || !d.pts || !plotted("boundary") || ev.button !== 0) return;
    if (ev.target && ev.target.closest && ev.target.closest(".modebar, .legend")) return;
    const fl = el.gdB._fullLayout;
    const xa = fl.xaxis;
    const ya = fl.yaxis;
    const box = el.gdB.getBoundingClientRect();
    const px = ev.clientX - box.left - xa._offset;
    const py = ev.clientY - box.top - ya._offset;
    if (!(px >= 0 && py >= 0 && px <= xa._length && py <= ya._length)) return;
    ev.preventDefault();
    ev.stopPropagation();
    let hit = -1;
    let best = HIT_PX * HIT_PX;
    d.pts.forEach((p, i) => {
      const dx = xa.c2p(p[0]) - px;
      const dy = ya.c2p(p[1]) - py;
      const dist = dx * dx + dy * dy;
      if (dist <= best) {
        best = dist;
        hit = i;
      }
    });
    if (hit >= 0) {
      edit(d.pts.filter((_, i) => i !== hit));
    } else if (d.pts.length < MAX_DRAWN) {
      const [x1lo, x1hi, x2lo, x2hi] = d.frame;
      const x = clamp(xa.p2c(px), x1lo, x1hi);
      const y = clamp(ya.p2c(py), x2lo, x2hi);
      edit([...d.pts, [x, y, d.cls, 0]]);
    }
  }
  el.gdB.addEventListener("click", onBoundaryClick, true);

  function syncDraw() {
    const d = s.draw;
    const run = s.run;
    el.draw.hidden = !s.canDraw;
    el.draw.setAttribute("aria-pressed", d.on ? "true" : "false");
    setText(el.draw, d.on ? "Done drawing" : "Draw");
    el.drawbar.hidden = !d.on;
    root.dataset.drawing = d.on ? "true" : "false";
    el.classes.forEach((b, k) => {
      b.setAttribute("aria-checked", d.cls === k ? "true" : "false");
      b.querySelector(".lrp-swatch").style.color = rgba(s.classes[k]);
      setText(b.querySelector(".lrp-clsname"), run ? run.cnText[k] : String(k));
      b.title = `New points are of class ${run ? run.cnText[k] : k}`;
    });
    el.undo.disabled = !d.undo.length;
    el.clear.disabled = !d.pts || !d.pts.length;
    if (d.on && d.pts && run) {
      let ones = 0;
      for (const p of d.pts) ones += p[2] ? 1 : 0;
      const full = d.pts.length >= MAX_DRAWN ? ` (at most ${MAX_DRAWN})` : "";
      const names = run.cnText;
      // said here, where the visitor looks, not in a toast over the chart: the split went to 0
      const tested = d.pts.some((p) => p[3]);
      const split = tested ? "" : " · all train";
      setText(el.drawCount, `${d.pts.length - ones} in class ${names[0]} · ${ones} in class ${names[1]}${full}${split}`);
      el.drawCount.title = tested
        ? "Points of the drawing held out for testing are drawn hollow"
        : "Every point you place trains the model (Test split 0); raise the split in the sidebar to test some";
    }
  }

  // ------------------------------------------------------------ events (assigned once)

  el.play.onclick = () => (s.playing ? pause() : play());
  el.step.onclick = () => goTo(s.epoch + 1, true);
  el.reset.onclick = () => goTo(0, true);
  el.end.onclick = () => goTo(s.run.E, true);
  el.speed.onchange = () => {
    s.mult = Number(el.speed.value) || 1;
    s.boost = 1; // the visitor's speed, from now
    if (s.playing) {
      s.t0 = performance.now();
      s.ms0 = timeAt(s.run.T, s.pos);
    }
  };
  el.scrub.oninput = () => goTo(Number(el.scrub.value), false);
  el.scrub.onchange = () => goTo(Number(el.scrub.value), true);
  el.draw.onclick = () => setDrawMode(!s.draw.on);
  el.classes.forEach((b, k) => {
    b.onclick = () => {
      s.draw.cls = k;
      syncDraw();
    };
  });
  el.undo.onclick = undo;
  el.clear.onclick = () => {
    if (s.draw.pts && s.draw.pts.length) edit([]);
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
      // the player's height where its charts sit side by side (narrow, it takes what it needs)
      const height = Number(data.height);
      if (Number.isFinite(height) && height > 0) root.style.setProperty("--lrp-height", `${Math.round(height)}px`);
      const present = !!data.present;
      if (present !== s.present) {
        s.present = present;
        root.classList.toggle("lrp-present", present);
        s.width = 0; // the equation line is fitted again at its new type size
      }
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
      s.serverPlaying = data.playing === true;
      const drawing = data.drawing && typeof data.drawing === "object" ? data.drawing : null;
      s.canDraw = !!drawing && typeof setTriggerValue === "function";
      if (!s.run || data.run_id !== s.run.runId) {
        stop();
        s.run = buildRun(data, GRID);
        const d = s.draw;
        if (drawing && drawing.active) {
          // the drawing is the data: take its points, unless newer edits are on their way
          const rev = Math.max(0, Math.floor(num(drawing.rev, 0)));
          if (d.pts && d.rev > rev) setPoints(s.run, d.pts);
          else {
            takeRunPoints(!!d.pts);
            d.rev = Math.max(d.rev, rev);
            d.sentRev = d.rev;
          }
        } else if (!d.timer) {
          d.pts = null; // generated data (again): drawing starts from its points
          d.undo = [];
          if (!s.canDraw) d.on = false;
        }
        if (d.on && !d.pts) takeRunPoints();
        if (s.run.status === "no_run" && s.canDraw) d.on = true; // a drawing short of points: go on drawing
        s.zPts = new Float64Array(s.run.n);
        s.groups = pointGroups(s.run);
        s.marksSig = "";
        s.stale.boundary = s.stale.loss = true;
        s.textEpoch = -1;
        const prev = LAST.get(key);
        const start = clamp(Math.round(num(data.start_epoch, s.run.E)), 0, s.run.E);
        const known = prev && prev.runId === data.run_id;
        s.pos = s.epoch = known ? clamp(prev.epoch, 0, s.run.E) : start;
        s.last = { runId: data.run_id, epoch: s.epoch };
        LAST.set(key, s.last);
        if (d.pts && d.rev > d.sentRev && !d.timer && s.canDraw) d.timer = setTimeout(sendDrawing, DRAW_DEBOUNCE_MS);
        const still = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
        s.autoplay = !known && data.autoplay === true && s.run.E > 0 && !still && !s.draw.on;
        s.brisk = data.brisk === true;
        // a changed run that cannot play (drawing, reduced motion) shows its trained end at once
        if (!known && data.autoplay === true && !s.autoplay && s.brisk) s.pos = s.epoch = s.run.E;
        syncStatic();
        // the page believes it plays, or shows another epoch: one report puts it right
        if (!known && s.serverPlaying && !s.autoplay) report();
      }
      syncDraw();
      syncControls();
      if (!s.playing) render();
    },
    destroy() {
      stop();
      cancelAutoplay();
      clearTimeout(s.draw.timer); // an edit not yet sent is sent by the next instance (update)
      s.draw.timer = 0;
      if (s.pending) cancelAnimationFrame(s.pending);
      s.pending = 0;
      clearTimeout(s.hoverTimer);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onOutsidePointer, true);
      document.removeEventListener("keydown", onOutsideKey, true);
      document.removeEventListener("click", onOutsideClick, true);
      root.removeEventListener("pointerdown", claimKeys);
      root.removeEventListener("focusin", claimKeys);
      if (KEYS.current === root) KEYS.current = null;
      el.gdB.removeEventListener("click", onBoundaryClick, true);
      ro.disconnect();
      if (s.P) {
        s.P.purge(el.gdB);
        s.P.purge(el.gdL);
      }
    },
  };
}

// The run arrives as JSON text (playground/ui/player.py), the same text on every rerun of one run:
// parsed once, and the page's view options laid over it.
const PARSED = { text: null, run: null };
function runData(sent) {
  if (!sent || typeof sent.run !== "string") return null;
  if (sent.run !== PARSED.text) {
    PARSED.run = JSON.parse(sent.run);
    PARSED.text = sent.run;
  }
  return { ...PARSED.run, ...sent.view };
}

export default function (component) {
  const { key, parentElement, setStateValue, setTriggerValue } = component;
  const data = runData(component.data);
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
