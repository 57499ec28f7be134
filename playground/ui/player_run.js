// Logistic Regression Playground player, part 1 of 4: the recorded run and its maths.
// (player.py joins player_run.js, player_layers.js, player_charts.js and player.js into the
// component's one ES module, in that order; only player.js exports.)
//
// buildRun decodes the payload once per run_id and precomputes the feature map of the field grid
// and of the points, so that a frame needs only matrix-vector products (computeZ).

const MINUS = "\u2212";

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

function plotlyText(value) {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/%/g, "&#37;");
}

function decodeF32(b64, n) {
  const out = new Float64Array(n);
  if (typeof b64 !== "string" || !b64) return out;
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const dv = new DataView(bytes.buffer);
  const m = Math.min(n, bytes.length >> 2);
  for (let i = 0; i < m; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
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
  const W = decodeF32(data.weights, (E + 1) * d);
  const B = decodeF32(data.bias, E + 1);

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
  const px1 = new Float64Array(n);
  const px2 = new Float64Array(n);
  const py = new Uint8Array(n);
  const pt = new Uint8Array(n);
  const phiPts = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    px1[i] = num(P.x1[i], 0);
    px2[i] = num(P.x2[i], 0);
    py[i] = Number(P.y[i]) === 1 ? 1 : 0;
    pt[i] = P.test && P.test[i] ? 1 : 0;
    phiOf(px1[i], px2[i], phiPts, i * d);
  }
  const arr = (a) => (Array.isArray(a) && a.length ? a.map((v) => (v == null ? NaN : Number(v))) : null);
  // raw-space names of x1 and x2 (the axis titles)
  let nx1 = "x1";
  let nx2 = "x2";
  for (let k = 0; k < d; k++) {
    if (powers[k][0] === 1 && powers[k][1] === 0) nx1 = names[k];
    if (powers[k][0] === 0 && powers[k][1] === 1) nx2 = names[k];
  }
  // Class names are the visitor's text and go into Plotly strings, which read <a href>, <b>, <br>
  // as markup and %{…} as a template: escape them so they show as typed.
  const cn = (Array.isArray(data.class_names) ? data.class_names : ["0", "1"]).map(plotlyText);
  return {
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
    n,
    px1,
    px2,
    py,
    pt,
    phiPts,
    trl: arr(data.train_loss),
    tel: arr(data.test_loss),
    tra: arr(data.train_acc),
    tea: arr(data.test_acc),
    gn: arr(data.grad_norm),
    status: String(data.status || ""),
    nx1,
    nx2,
    cn: [cn[0] ?? "0", cn[1] ?? "1"],
    baseEps: Math.max(10, E / 8),
  };
}

// z = b + φ·w at epoch e, on the field grid (zGrid) and at the points (zPts)
function computeZ(run, e, zGrid, zPts) {
  const d = run.d;
  const w = run.W;
  const off = e * d;
  const b = run.B[e];
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
