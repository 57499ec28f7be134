// Logistic Regression Playground player, part 10 of 10: the player set up and updated, and the default export.
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
// (Plotly.react for a new run, a theme or a view option; per frame, new layout image sources:
// player_figures.js, setSources).
//
// Outside Streamlit (an exported page) the module works the same with {data, key, parentElement,
// setStateValue}: without setTriggerValue there is nobody to retrain, so the Draw button stays hidden.

const INSTANCES = new WeakMap(); // parentElement -> player instance
const MOUNTS = new Map(); // component key -> number of times the player was set up
const LAST = new Map(); // component key -> { runId, epoch } (survives a DOM re-creation)
const DRAWINGS = new Map(); // component key -> the visitor's drawing in progress (survives it too)

// The player's elements, found once in its root (player.html), and its own <style> for Plotly's rules.
function playerElements(root) {
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
    eqlabel: q(".lrp-eqlabel"),
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
  return el;
}

// The player's state: what it shows, plays and draws, and what it knows of its figures.
function playerState(draw) {
  return {
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
      [0, 158, 115],
      [213, 94, 0],
      [204, 121, 167],
      [86, 180, 233],
    ], // playground/palette.py: CLASS_COLORS, until the page sends them
    theme: null,
    themeSig: "",
    lut: null,
    lutK: 0, // the classes the field's colours were made for (player_figures.js: fieldColours)
    size: null, // {b: {w, h}, l: {w, h}}
    width: 0, // the root's width the equation line was fitted to
    drawEqHeight: 0, // while drawing, the equation line's height when drawing began (fitEquation)
    lastClick: null, // the last click on the chart while drawing: {t, x, y} (onBoundaryClick)
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
    eqTable: "", // the score functions as a table: "wide" (a row per class) or "tall" (a phone)
    zGrid: new Float64Array(GRID * GRID),
    zPts: new Float64Array(0),
    canDraw: false,
    draw, // the visitor's drawing, kept across players of one key (DRAWINGS)
    setStateValue: null,
    setTriggerValue: null,
    last: null,
  };
}

// The player `p` that parts 4 to 9 take: its root, its elements `el` and its state `s`.
function createPlayer(root, key) {
  const el = playerElements(root);
  const mounts = (MOUNTS.get(key) || 0) + 1;
  MOUNTS.set(key, mounts);
  root.dataset.mounts = String(mounts);

  const probe = document.createElement("canvas").getContext("2d");
  const encodeField = createFieldEncoder(GRID);
  if (!DRAWINGS.has(key)) {
    DRAWINGS.set(key, { on: false, cls: 1, pts: null, frame: null, rev: 0, sentRev: 0, undo: [], timer: 0 });
  }
  const s = playerState(DRAWINGS.get(key));
  const p = { root, key, el, s, probe, encodeField };

  wireControls(p);
  const unlisten = listenToPage(p);
  const onBoundaryClickP = (ev) => onBoundaryClick(p, ev);
  el.gdB.addEventListener("click", onBoundaryClickP, true);
  const ro = new ResizeObserver(() => {
    if (resize(p) && !s.playing) requestRender(p);
  });
  ro.observe(el.main);
  // the equation line was fitted in a fallback font if the page's own arrived later: fitted again
  const onFonts = () => {
    if (!s.run) return;
    s.width = 0;
    if (resize(p) && !s.playing) requestRender(p);
  };
  if (document.fonts) document.fonts.addEventListener("loadingdone", onFonts);

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
        plot(p);
      });
      applyView(p, data);
      s.serverPlaying = data.playing === true;
      const drawing = data.drawing && typeof data.drawing === "object" ? data.drawing : null;
      s.canDraw = !!drawing && typeof setTriggerValue === "function";
      if (!s.run || data.run_id !== s.run.runId) openRun(p, data, drawing);
      syncDraw(p);
      syncControls(p);
      if (!s.playing) render(p);
    },
    destroy() {
      stop(p);
      cancelAutoplay(p);
      clearTimeout(s.draw.timer); // an edit not yet sent is sent by the next instance (update)
      s.draw.timer = 0;
      if (s.pending) cancelAnimationFrame(s.pending);
      s.pending = 0;
      clearTimeout(s.hoverTimer);
      unlisten();
      el.gdB.removeEventListener("click", onBoundaryClickP, true);
      ro.disconnect();
      if (document.fonts) document.fonts.removeEventListener("loadingdone", onFonts);
      if (s.P) {
        s.P.purge(el.gdB);
        s.P.purge(el.gdL);
      }
    },
  };
}

// The page's view of the run: the player's height, presentation mode, the palette, the theme, the
// field's colour steps and the loss chart's scale; a change that needs a new figure marks it stale.
function applyView(p, data) {
  const { s, root } = p;
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
  // one colour per class, up to six (the defaults stand in for any the page does not send)
  const sent = Array.isArray(pal.classes) ? pal.classes.slice(0, s.classes.length) : [];
  const classes = s.classes.map((c, k) => (k < sent.length ? hexToRgb(sent[k], c) : c));
  if (sent.length >= 2 && JSON.stringify(classes) !== JSON.stringify(s.classes)) {
    s.classes = classes;
    s.stale.boundary = true;
    s.lut = null; // the field's colours are made again (fieldColours)
  }
  const theme = readTheme(root, p.probe, pal);
  const sigT = JSON.stringify(theme);
  const disc = !!data.discretize;
  if (sigT !== s.themeSig || disc !== s.discretize) s.lut = null;
  if (sigT !== s.themeSig) s.stale.boundary = s.stale.loss = true;
  s.theme = theme;
  s.themeSig = sigT;
  s.discretize = disc;
  const logS = !!data.log_scale;
  if (logS !== s.logScale) s.stale.loss = true;
  s.logScale = logS;
}

// A new run_id: the run decoded, the drawing reconciled with it, and the epoch it opens at (the
// visitor's epoch for a run they saw already, else start_epoch), playing or not.
function openRun(p, data, drawing) {
  const { s } = p;
  stop(p);
  s.run = buildRun(data, GRID);
  const d = s.draw;
  if (drawing && drawing.active) {
    // the drawing is the data: take its points, unless newer edits are on their way
    const rev = Math.max(0, Math.floor(num(drawing.rev, 0)));
    if (d.pts && d.rev > rev) setPoints(s.run, d.pts);
    else {
      takeRunPoints(p, !!d.pts);
      d.rev = Math.max(d.rev, rev);
      d.sentRev = d.rev;
    }
  } else if (!d.timer) {
    d.pts = null; // generated data (again): drawing starts from its points
    d.undo = [];
    if (!s.canDraw) d.on = false;
  }
  if (d.on && !d.pts) takeRunPoints(p);
  if (s.run.status === "no_run" && s.canDraw) d.on = true; // a drawing short of points: go on drawing
  s.zPts = new Float64Array(s.run.n);
  s.groups = pointGroups(s.run);
  s.marksSig = "";
  s.stale.boundary = s.stale.loss = true;
  s.textEpoch = -1;
  const prev = LAST.get(p.key);
  const start = clamp(Math.round(num(data.start_epoch, s.run.E)), 0, s.run.E);
  const known = prev && prev.runId === data.run_id;
  s.pos = s.epoch = known ? clamp(prev.epoch, 0, s.run.E) : start;
  s.last = { runId: data.run_id, epoch: s.epoch };
  LAST.set(p.key, s.last);
  if (d.pts && d.rev > d.sentRev && !d.timer && s.canDraw) d.timer = setTimeout(() => sendDrawing(p), DRAW_DEBOUNCE_MS);
  const still = typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
  s.autoplay = !known && data.autoplay === true && s.run.E > 0 && !still && !s.draw.on;
  s.brisk = data.brisk === true;
  // a changed run that cannot play (drawing, reduced motion) shows its trained end at once
  if (!known && data.autoplay === true && !s.autoplay && s.brisk) s.pos = s.epoch = s.run.E;
  syncStatic(p);
  // the page believes it plays, or shows another epoch: one report puts it right
  if (!known && s.serverPlaying && !s.autoplay) report(p);
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
