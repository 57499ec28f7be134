// Logistic Regression Playground player, part 1 of 10: the recorded run and its maths.
// (playground/player_files.py joins the ten parts named in its JS_PARTS, player_run.js first and
// player.js last, into one ES module, in that order; only player.js exports. The app's component,
// player.py, and the offline page, offline.py, both run that module.)
//
// buildRun decodes the payload once per run_id and precomputes the feature map of the field grid
// and of the points, so that a frame needs only matrix-vector products (computeZ).

const MINUS = "\u2212";

// Visitor text (class names, a file's column names) on its way into Plotly, which reads its strings
// as pseudo-HTML: it renders <a href>, <b>, <br>, <span style> and entities, fills %{…} in hover
// templates and typesets $…$ where a page has MathJax. As entities, these characters show as
// themselves (Plotly splits the tags first, then decodes the entities of the text between them).
const PLOTLY_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;", "%": "&#37;", $: "&#36;" };

function plotlyText(text) {
  return String(text).replace(/[&<>"'%$]/g, (c) => PLOTLY_ESCAPES[c]);
}

function clamp(v, lo, hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function num(v, dflt) {
  const x = Number(v);
  return Number.isFinite(x) ? x : dflt;
}

// n little-endian floats from base64: float32, or float64 when float32 could not hold the run's
// weights faithfully (playground/payload.py: weights_dtype)
function decodeFloats(b64, n, dtype) {
  const out = new Float64Array(n);
  if (typeof b64 !== "string" || !b64) return out;
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const dv = new DataView(bytes.buffer);
  const wide = dtype === "float64";
  const size = wide ? 8 : 4;
  const m = Math.min(n, Math.floor(bytes.length / size));
  for (let i = 0; i < m; i++) out[i] = wide ? dv.getFloat64(i * 8, true) : dv.getFloat32(i * 4, true);
  return out;
}

// When each epoch is reached at 1× speed, in ms: the server's timeline (playground/pacing.py: more
// time where the weights move more), or, without one, a constant rate of max(10, E/8) epochs/s.
function readTimeline(list, E) {
  const T = new Float64Array(E + 1);
  let ok = Array.isArray(list) && list.length === E + 1;
  for (let e = 0; ok && e <= E; e++) {
    const t = Number(list[e]);
    ok = Number.isFinite(t) && t >= (e ? T[e - 1] : 0);
    T[e] = t;
  }
  if (ok && (E === 0 || T[E] > 0)) return T;
  const eps = Math.max(10, E / 8);
  for (let e = 0; e <= E; e++) T[e] = (e / eps) * 1000;
  return T;
}

// the (fractional) epoch reached after `ms` of playback at 1×: T[e] ≤ ms < T[e + 1]
function positionAt(T, ms) {
  const E = T.length - 1;
  if (ms <= 0 || E === 0) return 0;
  if (ms >= T[E]) return E;
  let lo = 0;
  let hi = E;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (T[mid] <= ms) lo = mid;
    else hi = mid;
  }
  const span = T[hi] - T[lo];
  return lo + (span > 0 ? (ms - T[lo]) / span : 0);
}

function timeAt(T, pos) {
  const e = Math.floor(pos);
  if (e >= T.length - 1) return T[T.length - 1];
  return T[e] + (pos - e) * (T[e + 1] - T[e]);
}

// significant-digit formatting with a proper minus sign
function sig(v, n) {
  if (v == null || !Number.isFinite(v)) return "—";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let s;
  if (a >= 1e5 || a < 1e-3) s = a.toExponential(n - 1).replace("e+", "e");
  else s = String(Number(a.toPrecision(n)));
  return (v < 0 ? MINUS : "") + s;
}

function fmtLoss(v) {
  if (v == null || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return sig(v, 3);
  return a.toPrecision(4);
}

function fmtAcc(v) {
  if (v == null || !Number.isFinite(v)) return "—";
  return (v * 100).toFixed(1) + "%";
}

// The run as typed arrays. grid: field nodes per axis; the nodes span `bounds` exactly.
function buildRun(data, grid) {
  const E = Math.max(0, Math.floor(num(data.n_epochs, 0)));
  const feats = data.features || {};
  const names = Array.isArray(feats.names) ? feats.names.map(String) : ["x1", "x2"];
  const d = names.length;
  const powers = [];
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const pw = (feats.powers && feats.powers[k]) || [k === 0 ? 1 : 0, k === 1 ? 1 : 0];
    powers.push([num(pw[0], 0), num(pw[1], 0)]);
    mean[k] = num(feats.mean && feats.mean[k], 0);
    const sc = num(feats.scale && feats.scale[k], 1);
    scale[k] = sc === 0 ? 1 : sc;
  }
  const W = decodeFloats(data.weights, (E + 1) * d, data.weights_dtype);
  const B = decodeFloats(data.bias, E + 1, data.weights_dtype);

  let [x1min, x1max, x2min, x2max] = (data.bounds || [0, 1, 0, 1]).map((v) => num(v, 0));
  if (!(x1max > x1min)) x1max = x1min + 1;
  if (!(x2max > x2min)) x2max = x2min + 1;

  // the standardised features of a raw point (x1, x2), written to out[off .. off + d)
  const phiOf = (x1, x2, out, off) => {
    for (let k = 0; k < d; k++) {
      const raw = Math.pow(x1, powers[k][0]) * Math.pow(x2, powers[k][1]);
      out[off + k] = (raw - mean[k]) / scale[k];
    }
  };
  const gx = new Float64Array(grid);
  const gy = new Float64Array(grid);
  for (let i = 0; i < grid; i++) {
    gx[i] = x1min + ((x1max - x1min) * i) / (grid - 1);
    gy[i] = x2min + ((x2max - x2min) * i) / (grid - 1);
  }
  const phiGrid = new Float64Array(grid * grid * d); // row j (x2 = gy[j]), column i (x1 = gx[i])
  for (let j = 0; j < grid; j++) {
    for (let i = 0; i < grid; i++) phiOf(gx[i], gy[j], phiGrid, (j * grid + i) * d);
  }
  const P = data.points || {};
  const n = Math.min((P.x1 || []).length, (P.x2 || []).length, (P.y || []).length);
  const list = [];
  for (let i = 0; i < n; i++) {
    list.push([num(P.x1[i], 0), num(P.x2[i], 0), Number(P.y[i]) === 1 ? 1 : 0, P.test && P.test[i] ? 1 : 0]);
  }
  const arr = (a) => (Array.isArray(a) && a.length ? a.map((v) => (v == null ? NaN : Number(v))) : null);
  // the axis titles: the file's own column names, as Plotly text
  const an = Array.isArray(data.axis_names) ? data.axis_names.map(String) : [];
  const nx1 = plotlyText(an[0] || "x1");
  const nx2 = plotlyText(an[1] || "x2");
  const cn = Array.isArray(data.class_names) ? data.class_names.map(String) : ["0", "1"];
  const run = {
    runId: data.run_id,
    E,
    d,
    names,
    mean,
    scale,
    W,
    B,
    bounds: [x1min, x1max, x2min, x2max],
    grid,
    gx,
    gy,
    phiGrid,
    phiOf,
    n: 0,
    px1: null,
    px2: null,
    py: null,
    pt: null,
    phiPts: null,
    wAt: new Float64Array(d), // the weights between two epochs (computeZ)
    trl: arr(data.train_loss),
    tel: arr(data.test_loss),
    tra: arr(data.train_acc),
    tea: arr(data.test_acc),
    gn: arr(data.grad_norm),
    status: String(data.status || ""),
    message: String(data.message || ""),
    nx1,
    nx2,
    // class names: as given (DOM text) and as Plotly text (legend, hover)
    cnText: [cn[0] ?? "0", cn[1] ?? "1"],
    cn: [plotlyText(cn[0] ?? "0"), plotlyText(cn[1] ?? "1")],
    T: readTimeline(data.timeline, E),
  };
  setPoints(run, list);
  return run;
}

// The run's points: [x1, x2, class, test] each; their features are computed here once.
function setPoints(run, list) {
  const n = list.length;
  const d = run.d;
  run.n = n;
  run.px1 = new Float64Array(n);
  run.px2 = new Float64Array(n);
  run.py = new Uint8Array(n);
  run.pt = new Uint8Array(n);
  run.phiPts = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const p = list[i];
    run.px1[i] = p[0];
    run.px2[i] = p[1];
    run.py[i] = p[2] ? 1 : 0;
    run.pt[i] = p[3] ? 1 : 0;
    run.phiOf(p[0], p[1], run.phiPts, i * d);
  }
}

// z = b + φ·w at playback position pos, on the field grid (zGrid) and at the points (zPts). Between
// two recorded epochs e and e + 1 the weights glide along the straight line from θ_e to θ_{e+1}
// (for gradient descent, the step itself), so slow playback moves the boundary smoothly; a whole
// number pos, what a paused player always shows, is the recorded epoch exactly.
function computeZ(run, pos, zGrid, zPts) {
  const d = run.d;
  const e = Math.min(Math.floor(pos), run.E);
  const f = pos - e;
  let w = run.W;
  let off = e * d;
  let b = run.B[e];
  if (f > 0 && e < run.E) {
    for (let k = 0; k < d; k++) run.wAt[k] = run.W[off + k] * (1 - f) + run.W[off + d + k] * f;
    b = b * (1 - f) + run.B[e + 1] * f;
    w = run.wAt;
    off = 0;
  }
  const pg = run.phiGrid;
  for (let n = 0, o = 0; n < zGrid.length; n++, o += d) {
    let z = b;
    for (let k = 0; k < d; k++) z += pg[o + k] * w[off + k];
    zGrid[n] = z;
  }
  const pp = run.phiPts;
  for (let n = 0, o = 0; n < run.n; n++, o += d) {
    let z = b;
    for (let k = 0; k < d; k++) z += pp[o + k] * w[off + k];
    zPts[n] = z;
  }
}

// the p = 0.5 boundary at epoch e in raw features: Σ (w_k / s_k)·φ_k + b − Σ w_k·m_k / s_k = 0
function equationText(run, e) {
  const d = run.d;
  let allZero = true;
  let bRaw = run.B[e];
  const coef = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const w = run.W[e * d + k];
    if (w !== 0) allZero = false;
    coef[k] = w / run.scale[k];
    bRaw -= (w * run.mean[k]) / run.scale[k];
  }
  if (run.status === "no_run") return "no boundary yet: nothing is trained until each class has 2 points";
  if (allZero) {
    if (run.B[e] === 0) return "all weights 0 (untrained): p = 0.5 everywhere, no boundary yet";
    return `all weights 0: p = ${sig(sigmoid(run.B[e]), 3)} everywhere, no boundary`;
  }
  let out = "";
  const term = (c, name) => {
    if (c === 0) return;
    const mag = sig(Math.abs(c), 3);
    const body = name ? `${mag}·${name}` : mag;
    if (!out) out = (c < 0 ? MINUS : "") + body;
    else out += (c < 0 ? ` ${MINUS} ` : " + ") + body;
  };
  for (let k = 0; k < d; k++) term(coef[k], run.names[k]);
  term(bRaw, "");
  return (out || "0") + " = 0";
}
