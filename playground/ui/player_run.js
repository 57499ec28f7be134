// Logistic Regression Playground player, part 1 of 10: the recorded run and its maths.
// (playground/player_files.py joins the ten parts named in its JS_PARTS, player_run.js first and
// player.js last, into one ES module, in that order; only player.js exports. The app's component,
// player.py, and the offline page, offline.py, both run that module.)
//
// buildRun decodes the payload once per run_id and precomputes the feature map of the field grid
// and of the points, so that a frame needs only matrix-vector products (computeZ).
//
// K classes: two are the sigmoid model, one score function z = w·φ + b (p = σ(z)); K ≥ 3 are
// softmax regression, one score function per class, z_k = w_k·φ + b_k, p_k = e^{z_k} / Σ_j e^{z_j},
// the predicted class argmax_k z_k (ties to the lowest class, as np.argmax). run.S is the number of
// score functions (1 or K): the weights are (E + 1, S, d) and the scores of a grid node or a point
// sit side by side, z[i·S + k].

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

const MAX_CLASSES = 6; // playground/settings.py: MAX_CLASSES

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
  const K = clamp(Math.floor(num(data.n_classes, 2)), 2, MAX_CLASSES);
  const S = K === 2 ? 1 : K; // score functions
  const W = decodeFloats(data.weights, (E + 1) * S * d, data.weights_dtype);
  const B = decodeFloats(data.bias, (E + 1) * S, data.weights_dtype);

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
    list.push([num(P.x1[i], 0), num(P.x2[i], 0), classOf(P.y[i], K), P.test && P.test[i] ? 1 : 0]);
  }
  const arr = (a) => (Array.isArray(a) && a.length ? a.map((v) => (v == null ? NaN : Number(v))) : null);
  // the axis titles: the file's own column names, as Plotly text
  const an = Array.isArray(data.axis_names) ? data.axis_names.map(String) : [];
  const nx1 = plotlyText(an[0] || "x1");
  const nx2 = plotlyText(an[1] || "x2");
  const cn = Array.isArray(data.class_names) ? data.class_names.map(String) : [];
  // every class a point can have (a drawing may hold classes the run has not trained yet)
  const classNames = Array.from({ length: MAX_CLASSES }, (_, k) => cn[k] ?? String(k));
  const run = {
    runId: data.run_id,
    E,
    K,
    S,
    kp: K, // classes of the points shown (setPoints)
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
    wAt: new Float64Array(S * d), // the weights between two epochs (computeZ)
    bAt: new Float64Array(S),
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
    cnText: classNames,
    cn: classNames.map(plotlyText),
    T: readTimeline(data.timeline, E),
  };
  setPoints(run, list);
  return run;
}

// a point's class: a whole number below k, else class 0
function classOf(v, k) {
  const c = Number(v);
  return Number.isInteger(c) && c >= 0 && c < k ? c : 0;
}

// The run's points: [x1, x2, class, test] each; their features are computed here once. A drawn
// point may be of a class the run has not trained yet: run.kp counts the classes shown.
function setPoints(run, list) {
  const n = list.length;
  const d = run.d;
  run.n = n;
  run.kp = run.K;
  run.px1 = new Float64Array(n);
  run.px2 = new Float64Array(n);
  run.py = new Uint8Array(n);
  run.pt = new Uint8Array(n);
  run.phiPts = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const p = list[i];
    run.px1[i] = p[0];
    run.px2[i] = p[1];
    run.py[i] = classOf(p[2], MAX_CLASSES);
    if (run.py[i] >= run.kp) run.kp = run.py[i] + 1;
    run.pt[i] = p[3] ? 1 : 0;
    run.phiOf(p[0], p[1], run.phiPts, i * d);
  }
}

// z = b + φ·w at playback position pos, on the field grid (zGrid) and at the points (zPts); with
// K ≥ 3 classes z_k = b_k + φ·w_k for each class, zGrid[node·K + k]. Between two recorded epochs e
// and e + 1 the weights glide along the straight line from θ_e to θ_{e+1} (for gradient descent, the
// step itself), so slow playback moves the boundary smoothly; a whole number pos, what a paused
// player always shows, is the recorded epoch exactly.
function computeZ(run, pos, zGrid, zPts) {
  const d = run.d;
  const S = run.S;
  const e = Math.min(Math.floor(pos), run.E);
  const f = pos - e;
  let w = run.W;
  let off = e * S * d;
  let b = run.B;
  let boff = e * S;
  if (f > 0 && e < run.E) {
    const next = S * d;
    for (let k = 0; k < next; k++) run.wAt[k] = run.W[off + k] * (1 - f) + run.W[off + next + k] * f;
    for (let c = 0; c < S; c++) run.bAt[c] = run.B[boff + c] * (1 - f) + run.B[boff + S + c] * f;
    w = run.wAt;
    off = 0;
    b = run.bAt;
    boff = 0;
  }
  if (S === 1) {
    scores1(run.phiGrid, zGrid.length, d, w, off, b[boff], zGrid);
    scores1(run.phiPts, run.n, d, w, off, b[boff], zPts);
  } else {
    scoresK(run.phiGrid, run.grid * run.grid, d, S, w, off, b, boff, zGrid);
    scoresK(run.phiPts, run.n, d, S, w, off, b, boff, zPts);
  }
}

// z[i] = b + φ_i·w for the first m rows of phi (m × d)
function scores1(phi, m, d, w, off, b, z) {
  for (let n = 0, o = 0; n < m; n++, o += d) {
    let v = b;
    for (let k = 0; k < d; k++) v += phi[o + k] * w[off + k];
    z[n] = v;
  }
}

// z[i·S + c] = b_c + φ_i·w_c for the first m rows of phi (m × d) and the S classes
function scoresK(phi, m, d, S, w, off, b, boff, z) {
  for (let n = 0, o = 0, out = 0; n < m; n++, o += d) {
    for (let c = 0, wo = off; c < S; c++, wo += d, out++) {
      let v = b[boff + c];
      for (let k = 0; k < d; k++) v += phi[o + k] * w[wo + k];
      z[out] = v;
    }
  }
}

// argmax_k of the K scores at z[o .. o + K): ties to the lowest class, as np.argmax
function argmaxAt(z, o, K) {
  let best = 0;
  let top = z[o];
  for (let k = 1; k < K; k++) {
    if (z[o + k] > top) {
      top = z[o + k];
      best = k;
    }
  }
  return best;
}

// the K probabilities p_k = e^{z_k − max z} / Σ_j e^{z_j − max z} at z[o .. o + K), into out
function softmaxAt(z, o, K, out) {
  let top = z[o];
  for (let k = 1; k < K; k++) if (z[o + k] > top) top = z[o + k];
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[k] = Math.exp(z[o + k] - top);
  for (let k = 0; k < K; k++) out[k] /= sum;
  return out;
}

// the score function c at epoch e in raw features: z = Σ (w_k / s_k)·φ_k + b − Σ w_k·m_k / s_k, its
// coefficients written to coef; returns the constant term, or null when every weight is 0
function rawScore(run, e, c, coef) {
  const d = run.d;
  const o = (e * run.S + c) * d;
  let allZero = true;
  let bRaw = run.B[e * run.S + c];
  for (let k = 0; k < d; k++) {
    const w = run.W[o + k];
    if (w !== 0) allZero = false;
    coef[k] = w / run.scale[k];
    bRaw -= (w * run.mean[k]) / run.scale[k];
  }
  return allZero ? null : bRaw;
}

// Σ coef_k·name_k + b as text, each number to `digits` significant digits
function formula(run, coef, bRaw, digits) {
  let out = "";
  const term = (c, name) => {
    if (c === 0) return;
    const mag = sig(Math.abs(c), digits);
    const body = name ? `${mag}·${name}` : mag;
    if (!out) out = (c < 0 ? MINUS : "") + body;
    else out += (c < 0 ? ` ${MINUS} ` : " + ") + body;
  };
  for (let k = 0; k < run.d; k++) term(coef[k], run.names[k]);
  term(bRaw, "");
  return out || "0";
}

// the p = 0.5 boundary at epoch e in raw features: Σ (w_k / s_k)·φ_k + b − Σ w_k·m_k / s_k = 0
function equationText(run, e) {
  if (run.status === "no_run") return "no boundary yet: nothing is trained until each class has 2 points";
  if (run.K > 2) return scoreTexts(run, e, 3).join("; ");
  const coef = new Float64Array(run.d);
  const bRaw = rawScore(run, e, 0, coef);
  if (bRaw === null) {
    if (run.B[e] === 0) return "all weights 0 (untrained): p = 0.5 everywhere, no boundary yet";
    return `all weights 0: p = ${sig(sigmoid(run.B[e]), 3)} everywhere, no boundary`;
  }
  return formula(run, coef, bRaw, 3) + " = 0";
}

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

// K ≥ 3 classes at epoch e, as a table for a narrow screen: a header ["", "z₀", …], then one row per
// feature and one for the constant, [name, the K coefficients in raw features]
function scoreTable(run, e, digits) {
  const K = run.K;
  const coef = new Float64Array(run.d);
  const rows = [["", ...Array.from({ length: K }, (_, c) => `z${SUBSCRIPTS[c]}`)]];
  for (let k = 0; k <= run.d; k++) rows.push([k < run.d ? run.names[k] : "1"]);
  for (let c = 0; c < K; c++) {
    const bRaw = rawScore(run, e, c, coef);
    for (let k = 0; k < run.d; k++) rows[1 + k].push(sig(coef[k], digits));
    rows[1 + run.d].push(sig(bRaw === null ? run.B[e * K + c] : bRaw, digits));
  }
  return rows;
}

// K ≥ 3 classes at epoch e: the K score functions "z₀ = …" in raw features (digits: significant
// digits of each number), or one sentence when every weight is 0
function scoreTexts(run, e, digits) {
  const K = run.K;
  const coef = new Float64Array(run.d);
  const out = [];
  let trained = false;
  for (let c = 0; c < K; c++) {
    const bRaw = rawScore(run, e, c, coef);
    if (bRaw !== null) trained = true;
    out.push(`z${SUBSCRIPTS[c]} = ` + (bRaw === null ? sig(run.B[e * K + c], digits) : formula(run, coef, bRaw, digits)));
  }
  if (trained) return out;
  const b = run.B.subarray(e * K, e * K + K);
  if (b.every((v) => v === b[0])) return [`all weights 0 (untrained): p = 1/${K} for every class everywhere, no boundary yet`];
  const p = softmaxAt(b, 0, K, new Float64Array(K));
  return [`all weights 0: p = (${Array.from(p, (v) => sig(v, 3)).join(", ")}) everywhere, no boundary`];
}
