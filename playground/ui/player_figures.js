// Logistic Regression Playground player, part 5 of 10: the two figures, their hover and their events.
//
// Plotly.react draws a figure when it is stale (a new run, theme, size or view option); a frame
// only replaces the layout images' sources (the field, the line, the marks, the cursor): setSources.

const HOVER_DELAY_MS = 150; // paused this long, the hover values catch up with the shown epoch

function syncCss(p) {
  const { el } = p;
  const text = plotlyCss();
  if (el.css.textContent !== text) el.css.textContent = text;
}

function listen(p, which) {
  const { s, el } = p;
  s.listening[which] = true;
  if (which === "boundary") {
    el.gdB.on("plotly_relayout", (ev) => onRelayout(p, ev));
    el.gdB.on("plotly_restyle", () => onBoundaryRestyle(p));
    // the class colours in the legend are a key, not a switch
    const keyOnly = (ev) => !(ev && boundaryTraces(s.run.kp).classes.includes(ev.curveNumber));
    el.gdB.on("plotly_legendclick", keyOnly);
    el.gdB.on("plotly_legenddoubleclick", keyOnly);
  } else {
    el.gdL.on("plotly_relayout", (ev) => onRelayout(p, ev));
    el.gdL.on("plotly_click", (ev) => {
      const x = ev && ev.xvals && ev.xvals.length ? ev.xvals[0] : ev && ev.points && ev.points[0] && ev.points[0].x;
      if (Number.isFinite(Number(x))) goTo(p, Number(x), true);
    });
  }
}

// Plotly.react one stale figure at a time, the boundary first, each drawn as soon as it is
// plotted (the loss chart waits for the boundary's first frame to be painted). A new figure's
// hover says less until refreshHover gives it the epoch's values, off this first-paint path.
function plot(p) {
  const { s, el } = p;
  if (!s.P || !s.run || !s.theme || s.plotting || !resize(p)) return;
  const which = s.stale.boundary ? "boundary" : s.stale.loss ? "loss" : null;
  if (!which) return;
  s.stale[which] = false;
  syncCss(p); // Plotly's global rules exist once it has loaded: the modebar starts out hidden
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
      if (first) listen(p, which);
      syncCss(p);
      render(p);
      if (s.stale.boundary || s.stale.loss) requestAnimationFrame(() => setTimeout(() => plot(p), 0));
      else if (s.autoplay) startAutoplay(p);
    },
    (err) => {
      s.plotting = null;
      throw err;
    },
  );
}

function plotted(p, which) {
  const { s } = p;
  return s.P && !s.plotting && !s.stale[which] && s.listening[which];
}

// the boundary's plot area: pixels of data coordinates, for the marks
function boundaryView(p) {
  const { el } = p;
  const fl = el.gdB._fullLayout;
  const xa = fl.xaxis;
  const ya = fl.yaxis;
  return {
    W: Math.round(xa._length),
    H: Math.round(ya._length),
    x: (v) => xa.c2p(v),
    y: (v) => ya.c2p(v),
    splits: shownSplits(p),
    key: [xa.range, ya.range, xa._length, ya._length].join(),
  };
}

// whether the train and the test points are shown (their legend entries switch them)
function shownSplits(p) {
  const { s, el } = p;
  const tr = el.gdB.data;
  const points = boundaryTraces(s.run.kp).points;
  return [tr[points[0]].visible !== "legendonly", tr[points[s.run.kp]].visible !== "legendonly"];
}

// the scores' buffers sized for the run's score functions and points (a drawing changes the points)
function zBuffers(s) {
  const run = s.run;
  if (s.zGrid.length !== run.grid * run.grid * run.S) s.zGrid = new Float64Array(run.grid * run.grid * run.S);
  if (s.zPts.length !== run.n * run.S) s.zPts = new Float64Array(run.n * run.S);
}

// the field's colours for the theme, the palette, the view (applyView drops them when one changes)
// and the run's number of classes
function fieldColours(s) {
  if (!s.lut || s.lutK !== s.run.K) {
    s.lut = fieldLut(s.theme, s.classes, s.discretize, s.run.K);
    s.lutK = s.run.K;
  }
  return s.lut;
}

const sameList = (a, b) => !!b && a.length === b.length && a.every((v, i) => v === b[i]);

// the loss chart's plot area: the cursor's position and its dots at epoch e
function cursorView(p, e) {
  const { s, el } = p;
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

function drawBoundary(p) {
  const { s, el } = p;
  const run = s.run;
  zBuffers(s);
  computeZ(run, s.pos, s.zGrid, s.zPts);
  const field = p.encodeField(s.zGrid, fieldColours(s), run.K);
  const line =
    run.K > 2
      ? boundariesSvg(boundaryPaths(s.zGrid, GRID, run.K), GRID, s.theme)
      : lineSvg(contourPath(s.zGrid, GRID), GRID, s.theme);
  const update = { "images[0].source": field, "images[1].source": line };
  s.sources[0] = field;
  s.sources[1] = line;
  if (s.shown.marks) {
    // redrawn only when other points are marked, or the axes or the theme changed
    const view = boundaryView(p);
    const wrong = misclassified(run, s.zPts, view.splits);
    const sig = `${view.key}|${s.themeSig}`;
    if (sig !== s.marksSig || !sameList(wrong, s.marksWrong)) {
      const h = clamp(4.3 - Math.log10(Math.max(1, run.n / 150)), 2.2, 4.5) * 0.8 + 0.6;
      s.sources[2] = update["images[2].source"] = marksSvg(run, wrong, view, s.theme, h);
      s.marksSig = sig;
      s.marksWrong = wrong;
    }
  }
  setSources(p, el.gdB, update);
}

function drawCursor(p) {
  const { s, el } = p;
  const fl = el.gdL._fullLayout;
  const curves = fl.xaxis && fl.yaxis && fl.yaxis2; // none for a drawing not yet trained: no cursor
  const cursor = curves ? cursorSvg(cursorView(p, s.epoch), s.theme) : BLANK_SVG;
  if (cursor === s.cursor) return;
  s.cursor = cursor;
  setSources(p, el.gdL, { "images[0].source": s.cursor });
}

// A frame's new layout image sources, {"images[i].source": url}, put on the figure directly.
// Plotly.relayout would end in the same place (a source is an "arraydraw" edit: Plotly's image
// drawing sets the <image>'s xlink:href and remembers it as _imgSrc), but first runs supplyDefaults
// over the whole figure, then rehover and redrag, and emits plotly_relayout: 1-3 ms per figure and
// frame here, more with thousands of points, for nothing a frame needs. The figure's layout and
// full layout take the sources too, so a later Plotly.react or relayout, a legend click or the
// modebar's PNG download draws the same images. Anything unexpected goes through relayout.
const XLINK = "http://www.w3.org/1999/xlink";

function setSources(p, gd, update) {
  const fl = gd._fullLayout;
  const todo = [];
  for (const [key, url] of Object.entries(update)) {
    const i = Number(/^images\[(\d+)\]\.source$/.exec(key)?.[1]);
    const full = fl && fl.images && fl.images[i];
    const own = gd.layout && gd.layout.images && gd.layout.images[i];
    const el = own && imageElement(gd, i, own);
    // shown: the element Plotly drew for it; hidden: by its own word (Plotly shows an image whose
    // visible is not given once it has a source), and none drawn
    const ok = full && full._input === own && (full.visible ? !!el : own.visible === false && !el);
    if (!ok) return void p.s.P.relayout(gd, update);
    todo.push([own, full, el, url]);
  }
  for (const [own, full, el, url] of todo) {
    own.source = full.source = url;
    if (el && el._imgSrc !== url) {
      el.setAttributeNS(XLINK, "xlink:href", url);
      el._imgSrc = url;
    }
  }
}

// The <image> Plotly drew for the figure's layout image i (own: its item of the figure's layout), or
// null. Plotly binds each to its full layout item, which knows its index and its layout item (a
// relayout leaves the drawn images bound to the full layout before it: the index and the layout item
// still hold). Found once and kept while it is on the page and still bound to that image.
const IMAGE_ELEMENTS = new WeakMap(); // gd -> Map(index -> element)

function imageElement(gd, i, own) {
  const drawn = (el) =>
    !!el && el.isConnected && !!el.__data__ && el.__data__._index === i && el.__data__._input === own;
  let known = IMAGE_ELEMENTS.get(gd);
  if (known && drawn(known.get(i))) return known.get(i);
  known = new Map();
  for (const el of gd.querySelectorAll("image")) {
    const d = el.__data__;
    if (d && Number.isInteger(d._index) && !known.has(d._index)) known.set(d._index, el);
  }
  IMAGE_ELEMENTS.set(gd, known);
  return drawn(known.get(i)) ? known.get(i) : null;
}

// ------------------------------------------------------------ hover values

// Hover shows p at the points and p and z on the field for the shown epoch: one restyle (a full
// recalculation), so it is done once playback pauses, not per frame. While playing, the hover
// says only the class and the split of a point. Drawing, there is no hover.
function setHoverMode(p, mode) {
  const { s, el } = p;
  if (!plotted(p, "boundary") || s.hoverMode === mode) return;
  s.hoverMode = mode;
  const tr = boundaryTraces(s.run.kp);
  if (mode === "playing") s.P.restyle(el.gdB, hoverStyle(s.run, false), [tr.field, ...tr.points]);
}

function scheduleHover(p) {
  const { s } = p;
  clearTimeout(s.hoverTimer);
  s.hoverTimer = setTimeout(() => refreshHover(p), HOVER_DELAY_MS);
}

function refreshHover(p) {
  const { s, el } = p;
  s.hoverTimer = 0;
  if (s.playing || s.draw.on || !plotted(p, "boundary") || s.hoverEpoch === s.epoch) return;
  const run = s.run;
  zBuffers(s);
  computeZ(run, s.epoch, s.zGrid, s.zPts);
  const hover = hoverValues(run, s.groups, s.zGrid, s.zPts);
  s.hoverEpoch = s.epoch;
  s.hoverMode = "paused";
  const update = { ...hoverStyle(run, true), customdata: [hover.field, ...hover.points] };
  const tr = boundaryTraces(run.kp);
  s.P.restyle(el.gdB, update, [tr.field, ...tr.points]);
}

// ------------------------------------------------------------ Plotly events

// zoom, pan, reset or a new size: the marks and the cursor follow the axes (a frame's own
// relayout of image sources is not an axis change)
function onRelayout(p, ev) {
  if (Object.keys(ev || {}).some((k) => /^(xaxis|yaxis|width|height|autosize)/.test(k))) requestRender(p);
}

// a legend click: which splits, and whether the marks and the line, are shown
function onBoundaryRestyle(p) {
  const { s, el } = p;
  const tr = el.gdB.data;
  const at = boundaryTraces(s.run.kp);
  const marks = tr[at.marks].visible !== "legendonly";
  const line = tr[at.line].visible !== "legendonly";
  const splits = shownSplits(p);
  const was = s.shown;
  if (marks === was.marks && line === was.line && splits[0] === was.splits[0] && splits[1] === was.splits[1]) return;
  s.shown = { marks, line, splits };
  s.P.relayout(el.gdB, { "images[1].visible": line, "images[2].visible": marks });
  requestRender(p);
}
