// Logistic Regression Playground player, part 3 of 10: Plotly.js and the two figures.
//
// Plotly.js is the installed plotly package's bundle, served by the app (playground/ui/plotly_js.py)
// and loaded once per page with a <script> tag. Both figures are ordinary Plotly figures — zoom, pan,
// hover, legend toggles, the modebar's PNG download — whose per-frame parts are layout images
// (player_layers.js), replaced by one Plotly.relayout per figure and frame.

const GRID = 100; // field nodes per axis: a 100 x 100 PNG per frame

// the boundary's margins, from the type sizes: left, the y ticks and title; below, the x ticks, the x
// title and two legend rows (46 and 84 px at 12/13 px type). Presentation mode, with the width of a
// whole screen and 16/18 px type, has the legend in a column on the right instead, so the plot area
// keeps its height. Narrow (a phone), room above for the modebar, which a touch screen always
// shows (there is no hover to reveal it), so that it does not cover the field. Three classes or more
// get a third legend row (C: the classes of the points shown): iris's three species' names already
// fill the first row, and the x axis's title must not sit on its tick labels.
const LEGEND_COLUMN = 150;
const NARROW_MODEBAR = 28;
const B_MIN_WIDTH = 370; // px: narrower, the legend would need a third row
const NARROW_PLOT = 460; // px: the boundary's plot area at most, stacked (player_layout.js: measure)

function boundaryMargin(theme, narrow, C = 2) {
  if (theme.present) {
    // room above for half of the top tick label, which Plotly would otherwise drop
    return { l: 10 + 3 * theme.tick, r: LEGEND_COLUMN, t: 12, b: Math.round(8 + 1.5 * theme.tick + 1.6 * theme.size) };
  }
  const rows = C > 2 ? 1.5 * theme.size : 0;
  return { l: 10 + 3 * theme.tick, r: 8, t: narrow ? NARROW_MODEBAR : 8, b: Math.round(6 + 6 * theme.size + rows) };
}

// ------------------------------------------------------------------ loading Plotly.js

// One load per page, shared by every player instance (and kept across reruns): window.Plotly once
// the bundle has run. spec = {url, source}: url is the static file; source, the bundle's text, comes
// only when the server cannot serve the file or the browser asked for it with askForSource()
// (once per page: when the file would not load, or there is neither a URL nor a text).
function loadPlotly(spec, askForSource) {
  const L = (window.__lrpPlotly = window.__lrpPlotly || { state: "idle", asked: false, waiters: [] });
  const settle = () => {
    L.state = "ready";
    for (const w of L.waiters.splice(0)) w(window.Plotly);
  };
  const ask = () => {
    if (L.asked) return;
    L.asked = true;
    askForSource();
  };
  const inject = (src, onFail) => {
    L.state = "loading";
    const el = document.createElement("script");
    el.src = src;
    el.async = true;
    el.onload = () => (window.Plotly ? settle() : onFail());
    el.onerror = onFail;
    document.head.appendChild(el);
  };
  const failed = () => (L.state = "failed");
  if (window.Plotly && L.state !== "ready") settle();
  if (L.state === "idle" || L.state === "failed") {
    spec = spec || {};
    if (typeof spec.source === "string" && spec.source) {
      inject(URL.createObjectURL(new Blob([spec.source], { type: "text/javascript" })), failed);
    } else if (spec.url && L.state === "idle") {
      inject(new URL(spec.url, document.baseURI).href, () => {
        failed();
        ask();
      });
    } else {
      ask();
    }
  }
  return new Promise((resolve) => (L.state === "ready" ? resolve(window.Plotly) : L.waiters.push(resolve)));
}

// Plotly.js writes its CSS (modebar, hover, drag cursors) into document.head, which does not reach
// into the component's shadow root: copy its rules into a <style> of our own after each plot.
function plotlyCss() {
  let text = "";
  for (const el of document.head.querySelectorAll("style[id^='plotly.js-style']")) {
    const rules = el.sheet ? el.sheet.cssRules : [];
    for (const r of rules) text += r.cssText + "\n";
  }
  return text;
}

// ------------------------------------------------------------------ theme

// Streamlit's theme, read from its --st-* variables (Plotly does not see CSS variables), and the
// type sizes of playground/palette.py (size: titles, legends, hover; tick: tick labels).
function readTheme(root, probe, pal) {
  const cs = getComputedStyle(root);
  const color = (name, fallback) => {
    const v = (cs.getPropertyValue(name) || "").trim();
    if (!v || v === "unset") return fallback;
    probe.fillStyle = "#010203";
    probe.fillStyle = v;
    const c = probe.fillStyle;
    if (c === "#010203" && v.toLowerCase() !== "#010203") return fallback;
    if (c[0] === "#") return hexToRgb(c, fallback);
    const m = c.match(/[\d.]+/g);
    return m ? [Number(m[0]), Number(m[1]), Number(m[2])] : fallback;
  };
  const bg = color("--st-background-color", [255, 255, 255]);
  const isDark = (0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]) / 255 < 0.5;
  let font = (cs.getPropertyValue("--st-font") || "").trim();
  if (!font || font === "unset") font = '"Source Sans Pro", "Source Sans", sans-serif';
  // presentation mode: type for a shared screen, every label at least 16 px
  const present = root.classList.contains("lrp-present");
  return {
    bg,
    isDark,
    text: color("--st-text-color", isDark ? [250, 250, 250] : [49, 51, 63]),
    primary: color("--st-primary-color", [255, 75, 75]),
    font,
    present,
    size: present ? 18 : num(pal.font_size, 13),
    tick: present ? 16 : num(pal.tick_font_size, 12),
    manyPoints: num(pal.many_points, Infinity), // WebGL above this many points
  };
}

function axisStyle(theme) {
  return {
    showline: true,
    mirror: true,
    linecolor: rgba(theme.text, 0.45),
    ticks: "outside",
    ticklen: 4,
    tickcolor: rgba(theme.text, 0.45),
    tickfont: { size: theme.tick, color: rgba(theme.text, 0.85) },
    title: { font: { size: theme.size, color: rgba(theme.text, 0.9) } },
    zeroline: false,
    automargin: false,
  };
}

// size: {w, h, narrow}. Narrow (a phone: player_layout.js, narrow()), a one-finger drag on a chart
// scrolls the page: with a dragmode Plotly calls preventDefault on touchstart and touchmove over its plot
// area, so a chart that fills a phone's width would catch every scroll that starts on it. The
// modebar's zoom and pan stay, to be chosen.
function baseLayout(theme, size) {
  return {
    width: size.w,
    height: size.h,
    // the page's own background, so that a downloaded PNG looks like the screen
    paper_bgcolor: rgba(theme.bg),
    plot_bgcolor: rgba(theme.bg),
    font: { family: theme.font, size: theme.size, color: rgba(theme.text) },
    hoverlabel: {
      bgcolor: rgba(theme.bg),
      bordercolor: rgba(theme.text, 0.35),
      font: { family: theme.font, size: theme.size, color: rgba(theme.text) },
    },
    modebar: { bgcolor: "rgba(0,0,0,0)", color: rgba(theme.text, 0.45), activecolor: rgba(theme.primary) },
    dragmode: size.narrow ? false : "zoom",
  };
}

// narrow: no zoom-in and zoom-out buttons, so that the loss chart's modebar fits beside its legend
function plotConfig(filename, narrow) {
  return {
    displaylogo: false,
    showSendToCloud: false, // Plotly.js 4 offers to upload the chart to Plotly's cloud: not from here
    showTips: false, // no "double-click to zoom back out" notice over the page's numbers
    typesetMath: false, // text is text: $…$ in a visitor's class name is not typeset
    responsive: false,
    doubleClick: "reset",
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", ...(narrow ? ["zoomIn2d", "zoomOut2d"] : [])],
    scrollZoom: false, // a wheel or a two-finger swipe over a chart scrolls the page
    toImageButtonOptions: { format: "png", filename, scale: 2 },
  };
}

// ------------------------------------------------------------------ the decision boundary

// Trace order, for the points' C classes (run.kp: 2 for two classes): 0 the field's hover (an
// invisible heatmap); 1 to 2C the points (train class 0 … C − 1, then test class 0 … C − 1), out of
// the legend; then legend entries only: the C classes' colours, train and test (each switches its
// C point traces: legendgroup), the marks and the line (each switches its layout image). Two
// classes: field 0, points 1-4, classes 5-6, marks 9, line 10.
function boundaryTraces(C) {
  const points = Array.from({ length: 2 * C }, (_, k) => 1 + k);
  return {
    field: 0,
    points, // train class k at points[k], test class k at points[C + k]
    classes: Array.from({ length: C }, (_, k) => 1 + 2 * C + k),
    marks: 3 * C + 3,
    line: 3 * C + 4,
  };
}

// the indices of the points of each point trace
function pointGroups(run) {
  const C = run.kp;
  const groups = Array.from({ length: 2 * C }, () => []);
  for (let i = 0; i < run.n; i++) groups[C * run.pt[i] + run.py[i]].push(i);
  return groups;
}

// each class's probability, one line each: p(name) = %{customdata[k]:.3f} (K ≥ 3 classes)
function classLines(run, what) {
  return Array.from({ length: run.K }, (_, k) => `p(${run.cn[k]}) = %{${what}[${k}]:.3f}`).join("<br>");
}

function pointHover(run, cls, split, withP) {
  const p = !withP ? "" : run.K > 2 ? `<br>${classLines(run, "customdata")}` : `<br>p(${run.cn[1]}) = %{customdata:.3f}`;
  return `<b>${run.cn[cls]}</b> · ${split}${p}<br>${run.nx1} = %{x:.2f}, ${run.nx2} = %{y:.2f}<extra></extra>`;
}

function fieldHover(run, on) {
  if (!on) return "";
  const where = `${run.nx1} = %{x:.2f}, ${run.nx2} = %{y:.2f}<extra>field</extra>`;
  if (run.K > 2) return `${classLines(run, "customdata")}<br>${where}`;
  return `p(${run.cn[1]}) = %{customdata[0]:.3f}<br>z = %{customdata[1]:.2f}<br>` + where;
}

// hoverinfo and hovertemplate of the field and the point traces: with the values (paused), or
// while playing without them (the field then has no hover); a restyle without recalculation
function hoverStyle(run, withValues) {
  const C = run.kp;
  const points = Array.from({ length: 2 * C }, (_, k) => k);
  return {
    hoverinfo: [withValues ? "all" : "skip", ...points.map(() => "all")],
    hovertemplate: [
      fieldHover(run, withValues),
      ...points.map((k) => pointHover(run, k % C, k >= C ? "test" : "train", withValues)),
    ],
  };
}

function boundaryImages(run, sources) {
  const [x1min, x1max, x2min, x2max] = run.bounds;
  const cw = (x1max - x1min) / (run.grid - 1);
  const ch = (x2max - x2min) / (run.grid - 1);
  const common = { xanchor: "left", yanchor: "top", sizing: "stretch", opacity: 1 };
  // Plotly keys an image by its geometry: the three must differ or two would share one <image>
  return [
    // the field: one pixel per grid node, so it reaches half a cell beyond the outer nodes
    { ...common, source: sources[0], xref: "x", yref: "y", x: x1min - cw / 2, y: x2max + ch / 2,
      sizex: x1max - x1min + cw, sizey: x2max - x2min + ch, layer: "below" },
    // the p = 0.5 line, in grid units: the outer nodes are the bounds
    { ...common, source: sources[1], xref: "x", yref: "y", x: x1min, y: x2max,
      sizex: x1max - x1min, sizey: x2max - x2min, layer: "below", visible: sources[4] !== false },
    // the marks, in the plot area's pixels, above the points (also above WebGL points)
    { ...common, source: sources[2], xref: "x domain", yref: "y domain", x: 0, y: 1,
      sizex: 1, sizey: 1, layer: "above", visible: sources[3] !== false },
  ];
}

const legendOnly = (name, extra) => ({ type: "scatter", x: [null], y: [null], name, hoverinfo: "skip", ...extra });

// What hover says at one epoch: [p, z] at each field node (rows of x2), p at each point of each
// point trace; K ≥ 3 classes, the K probabilities [p_0, …, p_{K−1}] at both.
function hoverValues(run, groups, zGrid, zPts) {
  const g = run.grid;
  const field = [];
  const K = run.S;
  if (K > 1) {
    const probs = (z, i) => Array.from(softmaxAt(z, i * K, K, new Float64Array(K)));
    for (let j = 0; j < g; j++) {
      const row = new Array(g);
      for (let i = 0; i < g; i++) row[i] = probs(zGrid, j * g + i);
      field.push(row);
    }
    return { field, points: groups.map((idx) => idx.map((i) => probs(zPts, i))) };
  }
  for (let j = 0; j < g; j++) {
    const row = new Array(g);
    for (let i = 0; i < g; i++) {
      const z = zGrid[j * g + i];
      row[i] = [sigmoid(z), z];
    }
    field.push(row);
  }
  return { field, points: groups.map((idx) => idx.map((i) => sigmoid(zPts[i]))) };
}

// The figure's hover says only class and split (hoverStyle without values) until the player
// restyles it with the shown epoch's hoverValues().
// drawing: clicks add and remove points (player_draw.js), so no zoom box and no hover labels.
function boundaryFigure(run, theme, classes, size, groups, sources, drawing) {
  const hs = hoverStyle(run, false);
  const gl = run.n > theme.manyPoints; // palette.MANY_POINTS, sent in the payload's palette
  const r = clamp(4.3 - Math.log10(Math.max(1, run.n / 150)), 2.2, 4.5);
  const C = run.kp;
  const traces = [];
  const g = run.grid;
  const zero = [];
  for (let j = 0; j < g; j++) zero.push(new Array(g).fill(0));
  traces.push({
    type: "heatmap",
    x: Array.from(run.gx),
    y: Array.from(run.gy),
    z: zero, // hover reads p and z from customdata
    opacity: 0,
    showscale: false,
    showlegend: false,
    hoverinfo: hs.hoverinfo[0],
    hovertemplate: hs.hovertemplate[0],
    name: "field",
  });
  const halo = rgba(theme.isDark ? theme.text : theme.bg, 0.6);
  const trainMarker = (c) => ({ size: 2 * r, color: c, line: { color: halo, width: 0.8 } });
  const testMarker = (c) => ({ size: 2 * r + 1, color: rgba(theme.bg, 0.55), line: { color: c, width: 2 } });
  for (let k = 0; k < 2 * C; k++) {
    const test = k >= C ? 1 : 0;
    const cls = k % C;
    const idx = groups[k];
    const c = rgba(classes[cls]);
    traces.push({
      type: gl ? "scattergl" : "scatter",
      mode: "markers",
      x: idx.map((i) => run.px1[i]),
      y: idx.map((i) => run.px2[i]),
      name: `${run.cn[cls]} · ${test ? "test" : "train"}`,
      legendgroup: test ? "test" : "train",
      showlegend: false,
      marker: test ? testMarker(c) : trainMarker(c),
      hovertemplate: hs.hovertemplate[1 + k],
    });
  }
  const neutral = rgba(theme.text, 0.75);
  // the class colours: a key, not a switch (clicks on them are ignored, see player_figures.js: listen)
  for (let cls = 0; cls < C; cls++) {
    traces.push(legendOnly(run.cn[cls], { mode: "markers", legendgroup: `class${cls}`,
      marker: { symbol: "square", size: 11, color: rgba(classes[cls]), line: { width: 0 } } }));
  }
  traces.push(legendOnly("train", { mode: "markers", legendgroup: "train", marker: trainMarker(neutral) }));
  traces.push(legendOnly("test", { mode: "markers", legendgroup: "test", marker: testMarker(neutral) }));
  traces.push(legendOnly("misclassified", {
    mode: "markers",
    marker: { symbol: "x-thin-open", size: 9, color: rgba(theme.text), line: { width: 2, color: rgba(theme.text) } },
    visible: sources[3] === false ? "legendonly" : true,
  }));
  traces.push(legendOnly(run.K > 2 ? "boundaries" : "p = 0.5", {
    mode: "lines",
    line: { width: 3, color: rgba(theme.text) },
    visible: sources[4] === false ? "legendonly" : true,
  }));
  const [x1min, x1max, x2min, x2max] = run.bounds;
  const ax = axisStyle(theme);
  const layout = {
    ...baseLayout(theme, size),
    margin: boundaryMargin(theme, size.narrow, drawing ? DRAW_CLASSES : C), // as legendClasses
    xaxis: { ...ax, range: [x1min, x1max], title: { ...ax.title, text: run.nx1 }, showgrid: false },
    yaxis: { ...ax, range: [x2min, x2max], title: { ...ax.title, text: run.nx2 }, showgrid: false },
    showlegend: true,
    legend: theme.present
      ? { orientation: "v", x: 1.03, xanchor: "left", xref: "paper", y: 1, yanchor: "top", yref: "paper",
          font: { size: theme.size }, itemwidth: 30, tracegroupgap: 0 }
      : { orientation: "h", x: 0, xanchor: "left", xref: "container", y: 0, yanchor: "bottom",
          yref: "container", font: { size: theme.size }, itemwidth: 30, tracegroupgap: 0, entrywidthmode: "pixels" },
    hovermode: drawing ? false : "closest",
    dragmode: drawing || size.narrow ? false : "zoom",
    images: boundaryImages(run, sources),
    // zoom and pan survive new data (Plotly.react) as long as the points' frame is the same
    uirevision: run.bounds.join(","),
  };
  return { data: traces, layout, config: plotConfig("decision-boundary", size.narrow) };
}

// ------------------------------------------------------------------ loss and accuracy

const L_CURSOR_DOTS = [
  ["trl", "loss", false],
  ["tel", "loss", true],
  ["tra", "accuracy", false],
  ["tea", "accuracy", true],
];

function lossFigure(run, theme, pal, size, logScale, cursor) {
  const epochs = Array.from({ length: run.E + 1 }, (_, e) => e);
  // the curves are out of the legend: train and test entries (legendgroup) switch both panels
  const line = (arr, split, what, color, yaxis, fmt) =>
    arr && {
      type: "scatter",
      mode: "lines",
      x: epochs,
      y: arr.map((v) => (Number.isFinite(v) && !(logScale && yaxis === "y" && v <= 0) ? v : null)),
      name: `${split} ${what}`,
      legendgroup: split,
      showlegend: false,
      yaxis,
      line: { color, width: split === "test" ? 1.8 : 2.2, dash: split === "test" ? "dash" : "solid" },
      hovertemplate: `${split} ${what} %{y:${fmt}}<extra></extra>`,
    };
  const traces = [
    line(run.trl, "train", "loss", pal.loss, "y", ".4f"),
    line(run.tel, "test", "loss", pal.loss, "y", ".4f"),
    line(run.tra, "train", "acc", pal.accuracy, "y2", ".1%"),
    line(run.tea, "test", "acc", pal.accuracy, "y2", ".1%"),
  ].filter(Boolean);
  if (run.gn) {
    // hover only: the gradient norm in the unified label
    traces.push({
      type: "scatter",
      mode: "lines",
      x: epochs,
      y: run.tra ? run.tra.map((v) => (Number.isFinite(v) ? v : null)) : epochs.map(() => 1),
      customdata: run.gn.map((v) => (Number.isFinite(v) ? v : null)),
      yaxis: "y2",
      name: "gradient norm",
      showlegend: false,
      line: { width: 0, color: "rgba(0,0,0,0)" },
      hovertemplate: "gradient norm %{customdata:.3g}<extra></extra>",
    });
  }
  const neutral = rgba(theme.text, 0.8);
  for (const split of run.tel ? ["train", "test"] : ["train"]) {
    traces.push(legendOnly(split, { mode: "lines", legendgroup: split,
      line: { color: neutral, width: 2, dash: split === "test" ? "dash" : "solid" } }));
  }
  let accLo = 1;
  for (const a of [run.tra, run.tea]) if (a) for (const v of a) if (Number.isFinite(v) && v < accLo) accLo = v;
  accLo = Math.min(0.9, Math.max(0, Math.floor((accLo - 0.02) * 10) / 10));
  let lossHi = 0;
  for (const a of [run.trl, run.tel]) if (a) for (const v of a) if (Number.isFinite(v) && v > lossHi) lossHi = v;
  const ax = axisStyle(theme);
  const grid = { showgrid: true, gridcolor: rgba(theme.text, 0.1) };
  const frame = (yref) => ({ type: "rect", xref: "x domain", yref: `${yref} domain`, x0: 0, x1: 1, y0: 0, y1: 1,
    line: { color: rgba(theme.text, 0.45), width: 1 }, layer: "above" });
  const layout = {
    ...baseLayout(theme, size),
    margin: { l: Math.round(22 + 3 * theme.tick), r: 10, t: Math.round(2.3 * theme.size), b: Math.round(16 + 2 * theme.size) },
    xaxis: {
      ...ax,
      ...grid,
      showline: false,
      anchor: "y2",
      range: [0, Math.max(1, run.E)],
      ...(run.E <= 10 ? { dtick: 1 } : {}), // whole epochs only
      title: { ...ax.title, text: "epoch" },
      showspikes: true,
      spikemode: "across",
      spikesnap: "cursor",
      spikedash: "dot",
      spikecolor: rgba(theme.text, 0.45),
      spikethickness: 1,
      hoverformat: "d",
      unifiedhovertitle: { text: "epoch %{x}" },
    },
    yaxis: {
      ...ax,
      ...grid,
      showline: false,
      domain: [0.4, 1],
      type: logScale ? "log" : "linear",
      title: { ...ax.title, text: logScale ? "log-loss (log scale)" : "log-loss", font: { ...ax.title.font, color: pal.loss } },
      ...(logScale ? { autorange: true } : { range: [0, lossHi > 0 ? lossHi * 1.06 : 1] }),
    },
    yaxis2: {
      ...ax,
      ...grid,
      showline: false,
      domain: [0, 0.3],
      anchor: "x",
      range: [accLo, 1.005],
      tickformat: ".0%",
      title: { ...ax.title, text: "accuracy", font: { ...ax.title.font, color: pal.accuracy } },
    },
    // the panels' frames: static shapes (a shape that moved would recalculate the figure)
    shapes: [frame("y"), frame("y2")],
    showlegend: true,
    // top left: the modebar takes the top right
    legend: { orientation: "h", x: 0, xanchor: "left", y: 1, yanchor: "bottom", font: { size: theme.size } },
    // a drawing that cannot train yet: the chart says why it is empty
    annotations:
      run.status === "no_run"
        ? [{ text: "No run yet:<br>each class needs 2 points", xref: "paper", yref: "paper", x: 0.5, y: 0.6,
            showarrow: false, font: { size: theme.size + 2, color: rgba(theme.text, 0.7) } }]
        : [],
    hovermode: "x unified",
    hoversubplots: "axis",
    clickanywhere: true,
    images: [
      // the epoch cursor, in the pixels of the plot area (both panels)
      { source: cursor, xref: "x domain", yref: "paper", x: 0, y: 1, sizex: 1, sizey: 1,
        xanchor: "left", yanchor: "top", sizing: "stretch", layer: "above" },
    ],
    uirevision: `${run.runId}|${logScale}`,
  };
  return { data: traces, layout, config: plotConfig("loss-and-accuracy", size.narrow) };
}
