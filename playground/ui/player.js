// Logistic Regression Playground: client-side player for a recorded training run.
//
// The server records every epoch's weights once; this module replays them in the
// browser with requestAnimationFrame. Nothing talks to Python while playing: the
// epoch is reported with setStateValue only when the visitor pauses, steps, scrubs
// (on release), resets, clicks the loss chart, or playback reaches the end.
//
// The default export runs again whenever `data` or the theme changes. One-time
// setup is keyed by parentElement; a new run_id restarts at start_epoch, the same
// run_id keeps the visitor's epoch and play state.

const INSTANCES = new WeakMap(); // parentElement -> player instance
const MOUNTS = new Map(); // component key -> number of times the canvases were set up
const LAST = new Map(); // component key -> { runId, epoch } (survives a DOM re-creation)

const GRID = 81; // field nodes per axis (80 x 80 cells)
const C0 = [0, 114, 178]; // #0072B2  class 0
const C1 = [230, 159, 0]; // #E69F00  class 1
const LOSS_COLOR = "#D55E00";
const ACC_COLOR = "#009E73";
const MINUS = "\u2212";

// ---------------------------------------------------------------- helpers

function clamp(v, lo, hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
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

function num(v, dflt) {
  const x = Number(v);
  return Number.isFinite(x) ? x : dflt;
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

function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

function niceTicks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, count);
  const out = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return out;
}

function tickLabel(t) {
  const s = String(Number(t.toPrecision(6)));
  return s.startsWith("-") ? MINUS + s.slice(1) : s;
}

function logTicks(lo, hi) {
  const k0 = Math.floor(Math.log10(lo));
  const k1 = Math.ceil(Math.log10(hi));
  const decades = Math.log10(hi / lo);
  const mants = decades < 1.2 ? [1, 2, 3, 5, 7] : decades < 3 ? [1, 2, 5] : [1];
  let out = [];
  for (let k = k0; k <= k1; k++) {
    for (const m of mants) {
      const v = m * Math.pow(10, k);
      if (v >= lo * 0.9999 && v <= hi * 1.0001) out.push(v);
    }
  }
  if (decades >= 3 && out.length > 7) {
    const step = Math.ceil(out.length / 6);
    out = out.filter((_, i) => i % step === 0);
  }
  if (out.length < 2) out = niceTicks(lo, hi, 3).filter((v) => v > 0);
  return out;
}

function logTickLabel(v) {
  if (v >= 1e4 || v < 1e-3) {
    const k = Math.round(Math.log10(v));
    if (Math.abs(v - Math.pow(10, k)) < 1e-9 * v) return "1e" + k;
    return v.toExponential(0).replace("e+", "e");
  }
  return String(Number(v.toPrecision(3)));
}

// ---------------------------------------------------------------- the player

function createPlayer(root, key) {
  const q = (sel) => root.querySelector(sel);
  const el = {
    bcv: q(".lrp-boundary"),
    lcv: q(".lrp-loss"),
    bpanel: q(".lrp-bpanel"),
    lpanel: q(".lrp-lpanel"),
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
    tip: q(".lrp-tip"),
    cn0: q(".lrp-cn0"),
    cn1: q(".lrp-cn1"),
  };
  const bctx = el.bcv.getContext("2d");
  const lctx = el.lcv.getContext("2d");

  const mounts = (MOUNTS.get(key) || 0) + 1;
  MOUNTS.set(key, mounts);
  root.dataset.mounts = String(mounts);

  // off-screen helpers
  const fieldCv = document.createElement("canvas");
  fieldCv.width = GRID;
  fieldCv.height = GRID;
  const fieldCtx = fieldCv.getContext("2d");
  const fieldImg = fieldCtx.createImageData(GRID, GRID);
  const fieldPix = new Uint32Array(fieldImg.data.buffer);
  const pointsCv = document.createElement("canvas");
  const lossCv = document.createElement("canvas");
  const colorProbe = document.createElement("canvas").getContext("2d");

  const s = {
    run: null,
    epoch: 0,
    playing: false,
    mult: 1,
    t0: 0,
    e0: 0,
    raf: 0,
    pending: 0,
    frames: 0,
    hover: -1,
    discretize: false,
    logScale: false,
    theme: null,
    themeSig: "",
    dpr: 1,
    bSize: 0,
    lW: 0,
    lH: 0,
    pointsValid: false,
    lossValid: false,
    textEpoch: -1,
    zGrid: new Float64Array(GRID * GRID),
    zPts: new Float64Array(0),
    lut: new Uint32Array(256),
    setStateValue: null,
    last: null,
  };

  // ------------------------------------------------------------ theme

  function parseColor(str, fallback) {
    const v = (str || "").trim();
    if (!v || v === "unset") return fallback;
    colorProbe.fillStyle = "#010203";
    colorProbe.fillStyle = v;
    const c = colorProbe.fillStyle;
    if (c === "#010203" && v.toLowerCase() !== "#010203") return fallback;
    if (c[0] === "#") {
      return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
    }
    const m = c.match(/[\d.]+/g);
    return m ? [Number(m[0]), Number(m[1]), Number(m[2])] : fallback;
  }

  function readTheme(hint) {
    const cs = getComputedStyle(root);
    const dark = hint === "dark";
    const text = parseColor(cs.getPropertyValue("--st-text-color"), dark ? [250, 250, 250] : [49, 51, 63]);
    const bg = parseColor(cs.getPropertyValue("--st-background-color"), dark ? [14, 17, 23] : [255, 255, 255]);
    const primary = parseColor(cs.getPropertyValue("--st-primary-color"), [255, 75, 75]);
    let font = (cs.getPropertyValue("--st-font") || "").trim();
    if (!font || font === "unset") font = '"Source Sans Pro", "Source Sans", sans-serif';
    const lum = (0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]) / 255;
    return { text, bg, primary, font, isDark: lum < 0.5 };
  }

  const rgb = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

  function buildLut() {
    const t = s.theme;
    const maxA = t.isDark ? 0.42 : 0.5;
    const u8 = new Uint8Array(s.lut.buffer);
    for (let i = 0; i < 256; i++) {
      const p = (i + 0.5) / 256;
      const c = p >= 0.5 ? C1 : C0;
      const a = maxA * Math.pow(Math.abs(2 * p - 1), 0.85);
      u8[i * 4] = Math.round(t.bg[0] * (1 - a) + c[0] * a);
      u8[i * 4 + 1] = Math.round(t.bg[1] * (1 - a) + c[1] * a);
      u8[i * 4 + 2] = Math.round(t.bg[2] * (1 - a) + c[2] * a);
      u8[i * 4 + 3] = 255;
    }
  }

  // ------------------------------------------------------------ run decoding

  function buildRun(data) {
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

    const phiOf = (x1, x2, out, off) => {
      for (let k = 0; k < d; k++) {
        const raw = Math.pow(x1, powers[k][0]) * Math.pow(x2, powers[k][1]);
        out[off + k] = (raw - mean[k]) / scale[k];
      }
    };
    const phiGrid = new Float64Array(GRID * GRID * d);
    for (let j = 0; j < GRID; j++) {
      const x2 = x2min + ((x2max - x2min) * j) / (GRID - 1);
      for (let i = 0; i < GRID; i++) {
        const x1 = x1min + ((x1max - x1min) * i) / (GRID - 1);
        phiOf(x1, x2, phiGrid, (j * GRID + i) * d);
      }
    }
    const P = data.points || {};
    const n = Math.min(
      (P.x1 || []).length,
      (P.x2 || []).length,
      (P.y || []).length,
    );
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
    // raw-space name of x1 / x2
    let nx1 = "x1";
    let nx2 = "x2";
    for (let k = 0; k < d; k++) {
      if (powers[k][0] === 1 && powers[k][1] === 0) nx1 = names[k];
      if (powers[k][0] === 0 && powers[k][1] === 1) nx2 = names[k];
    }
    const cn = Array.isArray(data.class_names) ? data.class_names.map(String) : ["0", "1"];
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
      phiGrid,
      n,
      px1,
      px2,
      py,
      pt,
      phiPts,
      sx: new Float32Array(n),
      sy: new Float32Array(n),
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

  // ------------------------------------------------------------ layout

  function layout() {
    const dpr = window.devicePixelRatio || 1;
    const r = el.main.getBoundingClientRect();
    const mainW = Math.floor(r.width);
    const mainH = Math.floor(r.height);
    if (mainW < 20 || mainH < 40) return false;
    const legendH = 20;
    const bSize = Math.max(120, Math.floor(Math.min(mainH - legendH, mainW * 0.5)));
    const lW = Math.max(100, mainW - bSize - 12);
    const lH = mainH;
    if (bSize === s.bSize && lW === s.lW && lH === s.lH && dpr === s.dpr) return true;
    s.bSize = bSize;
    s.lW = lW;
    s.lH = lH;
    s.dpr = dpr;
    el.bpanel.style.width = bSize + "px";
    el.bcv.style.width = bSize + "px";
    el.bcv.style.height = bSize + "px";
    el.bcv.width = Math.round(bSize * dpr);
    el.bcv.height = Math.round(bSize * dpr);
    pointsCv.width = el.bcv.width;
    pointsCv.height = el.bcv.height;
    el.lcv.style.width = lW + "px";
    el.lcv.style.height = lH + "px";
    el.lcv.width = Math.round(lW * dpr);
    el.lcv.height = Math.round(lH * dpr);
    lossCv.width = el.lcv.width;
    lossCv.height = el.lcv.height;
    s.pointsValid = false;
    s.lossValid = false;
    return true;
  }

  // plot rectangle of the boundary canvas (css px)
  function bRect() {
    const L = 40;
    const B = 30;
    const T = 6;
    const R = 8;
    return { x: L, y: T, w: s.bSize - L - R, h: s.bSize - T - B };
  }

  // ------------------------------------------------------------ boundary panel

  function drawPointsLayer() {
    const run = s.run;
    const t = s.theme;
    const ctx = pointsCv.getContext("2d");
    const dpr = s.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pointsCv.width, pointsCv.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pr = bRect();
    const [x1min, x1max, x2min, x2max] = run.bounds;
    const fx = pr.w / (x1max - x1min);
    const fy = pr.h / (x2max - x2min);
    for (let i = 0; i < run.n; i++) {
      run.sx[i] = pr.x + (run.px1[i] - x1min) * fx;
      run.sy[i] = pr.y + pr.h - (run.px2[i] - x2min) * fy;
    }
    const r = clamp(4.3 - Math.log10(Math.max(1, run.n / 150)), 2, 4.5);
    s.pr = r;
    buildCrossSprite();
    ctx.save();
    ctx.beginPath();
    ctx.rect(pr.x, pr.y, pr.w, pr.h);
    ctx.clip();
    for (const test of [0, 1]) {
      for (const cls of [0, 1]) {
        const path = new Path2D();
        for (let i = 0; i < run.n; i++) {
          if (run.pt[i] !== test || run.py[i] !== cls) continue;
          path.moveTo(run.sx[i] + r, run.sy[i]);
          path.arc(run.sx[i], run.sy[i], r, 0, 2 * Math.PI);
        }
        const col = cls ? C1 : C0;
        if (!test) {
          ctx.fillStyle = rgb(col);
          ctx.fill(path);
          ctx.lineWidth = 0.8;
          ctx.strokeStyle = t.isDark ? rgb(t.text, 0.45) : rgb(t.bg, 0.9);
          ctx.stroke(path);
        } else {
          ctx.lineWidth = 3.4;
          ctx.strokeStyle = t.isDark ? rgb(t.text, 0.5) : rgb(t.bg, 0.85);
          ctx.stroke(path);
          ctx.lineWidth = 1.8;
          ctx.strokeStyle = rgb(col);
          ctx.stroke(path);
        }
      }
    }
    ctx.restore();

    // axes, ticks and labels
    ctx.strokeStyle = rgb(t.text, 0.45);
    ctx.lineWidth = 1;
    ctx.strokeRect(pr.x + 0.5, pr.y + 0.5, pr.w - 1, pr.h - 1);
    ctx.fillStyle = rgb(t.text, 0.8);
    ctx.font = `11px ${t.font}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const v of niceTicks(x1min, x1max, Math.max(3, Math.floor(pr.w / 70)))) {
      const x = pr.x + (v - x1min) * fx;
      ctx.fillRect(Math.round(x), pr.y + pr.h, 1, 4);
      ctx.fillText(tickLabel(v), x, pr.y + pr.h + 5);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of niceTicks(x2min, x2max, Math.max(3, Math.floor(pr.h / 60)))) {
      const y = pr.y + pr.h - (v - x2min) * fy;
      ctx.fillRect(pr.x - 4, Math.round(y), 4, 1);
      ctx.fillText(tickLabel(v), pr.x - 6, y);
    }
    ctx.font = `italic 12px ${t.font}`;
    ctx.fillStyle = rgb(t.text, 0.9);
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(run.nx1, pr.x + pr.w, s.bSize - 1);
    ctx.save();
    ctx.translate(11, pr.y);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(run.nx2, 0, 0);
    ctx.restore();
    s.pointsValid = true;
  }

  function computeZ(e) {
    const run = s.run;
    const d = run.d;
    const w = run.W;
    const off = e * d;
    const b = run.B[e];
    const zg = s.zGrid;
    const pg = run.phiGrid;
    for (let n = 0, o = 0; n < GRID * GRID; n++, o += d) {
      let z = b;
      for (let k = 0; k < d; k++) z += pg[o + k] * w[off + k];
      zg[n] = z;
    }
    if (s.zPts.length !== run.n) s.zPts = new Float64Array(run.n);
    const zp = s.zPts;
    const pp = run.phiPts;
    for (let n = 0, o = 0; n < run.n; n++, o += d) {
      let z = b;
      for (let k = 0; k < d; k++) z += pp[o + k] * w[off + k];
      zp[n] = z;
    }
  }

  // marching squares on z (threshold 0, linear interpolation); returns the contour
  // path and, when asked, the filled region z >= 0
  function march(pr, wantFill) {
    const zg = s.zGrid;
    const cw = pr.w / (GRID - 1);
    const ch = pr.h / (GRID - 1);
    const X = (i) => pr.x + i * cw;
    const Y = (j) => pr.y + pr.h - j * ch;
    const line = new Path2D();
    const fill = wantFill ? new Path2D() : null;
    const cx = [0, 0, 0, 0];
    const cy = [0, 0, 0, 0];
    const cz = [0, 0, 0, 0];
    const ins = [false, false, false, false];
    const xs = [];
    for (let j = 0; j < GRID - 1; j++) {
      let runStart = -1;
      for (let i = 0; i < GRID - 1; i++) {
        cz[0] = zg[j * GRID + i];
        cz[1] = zg[j * GRID + i + 1];
        cz[2] = zg[(j + 1) * GRID + i + 1];
        cz[3] = zg[(j + 1) * GRID + i];
        let cnt = 0;
        for (let c = 0; c < 4; c++) {
          ins[c] = cz[c] > 0;
          if (ins[c]) cnt++;
        }
        if (cnt === 4) {
          if (runStart < 0) runStart = i;
          continue;
        }
        if (fill && runStart >= 0) {
          addRect(fill, X(runStart), Y(j), X(i), Y(j + 1));
          runStart = -1;
        }
        if (cnt === 0) continue;
        cx[0] = X(i);
        cy[0] = Y(j);
        cx[1] = X(i + 1);
        cy[1] = Y(j);
        cx[2] = X(i + 1);
        cy[2] = Y(j + 1);
        cx[3] = X(i);
        cy[3] = Y(j + 1);
        xs.length = 0; // crossings: [x, y, exit, edge]
        for (let a = 0; a < 4; a++) {
          const b = (a + 1) & 3;
          if (ins[a] !== ins[b]) {
            const t = cz[a] / (cz[a] - cz[b]);
            xs.push([cx[a] + t * (cx[b] - cx[a]), cy[a] + t * (cy[b] - cy[a]), ins[a], a]);
          }
        }
        const saddle = xs.length === 4;
        const centreIn = saddle && cz[0] + cz[1] + cz[2] + cz[3] >= 0;
        // contour segments
        if (xs.length === 2) {
          line.moveTo(xs[0][0], xs[0][1]);
          line.lineTo(xs[1][0], xs[1][1]);
        } else if (saddle) {
          // inside connected: exit -> next enter; outside connected: enter -> next exit
          const startExit = xs[0][2];
          const firstPair = centreIn === startExit ? 0 : 1;
          for (const p of [firstPair, firstPair + 2]) {
            const A = xs[p];
            const Bx = xs[(p + 1) & 3];
            line.moveTo(A[0], A[1]);
            line.lineTo(Bx[0], Bx[1]);
          }
        }
        if (!fill) continue;
        if (saddle && !centreIn) {
          // two separate corner triangles
          for (let a = 0; a < 4; a++) {
            if (!ins[a]) continue;
            const nxt = xs.find((c) => c[3] === a);
            const prv = xs.find((c) => c[3] === ((a + 3) & 3));
            fill.moveTo(cx[a], cy[a]);
            fill.lineTo(nxt[0], nxt[1]);
            fill.lineTo(prv[0], prv[1]);
            fill.closePath();
          }
        } else {
          let first = true;
          let k = 0;
          for (let a = 0; a < 4; a++) {
            if (ins[a]) {
              if (first) fill.moveTo(cx[a], cy[a]);
              else fill.lineTo(cx[a], cy[a]);
              first = false;
            }
            if (k < xs.length && xs[k][3] === a) {
              if (first) fill.moveTo(xs[k][0], xs[k][1]);
              else fill.lineTo(xs[k][0], xs[k][1]);
              first = false;
              k++;
            }
          }
          fill.closePath();
        }
      }
      if (fill && runStart >= 0) addRect(fill, X(runStart), Y(j), X(GRID - 1), Y(j + 1));
    }
    return { line, fill };
  }

  // same orientation as the cell polygons (bottom-left, bottom-right, top-right, top-left)
  function addRect(path, x0, yb, x1, yt) {
    path.moveTo(x0, yb);
    path.lineTo(x1, yb);
    path.lineTo(x1, yt);
    path.lineTo(x0, yt);
    path.closePath();
  }

  function drawBoundary() {
    const run = s.run;
    const t = s.theme;
    const ctx = bctx;
    const dpr = s.dpr;
    if (!s.pointsValid) drawPointsLayer();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, el.bcv.width, el.bcv.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pr = bRect();
    computeZ(s.epoch);
    const { line, fill } = march(pr, s.discretize);

    ctx.save();
    ctx.beginPath();
    ctx.rect(pr.x, pr.y, pr.w, pr.h);
    ctx.clip();
    if (s.discretize) {
      const a = t.isDark ? 0.34 : 0.36;
      ctx.fillStyle = rgb(mix(t.bg, C0, a));
      ctx.fillRect(pr.x, pr.y, pr.w, pr.h);
      ctx.fillStyle = rgb(mix(t.bg, C1, a));
      ctx.fill(fill);
    } else {
      const zg = s.zGrid;
      const lut = s.lut;
      for (let j = 0; j < GRID; j++) {
        const row = (GRID - 1 - j) * GRID;
        for (let i = 0; i < GRID; i++) {
          const p = sigmoid(zg[j * GRID + i]);
          fieldPix[row + i] = lut[Math.min(255, (p * 256) | 0)];
        }
      }
      fieldCtx.putImageData(fieldImg, 0, 0);
      const cw = pr.w / (GRID - 1);
      const ch = pr.h / (GRID - 1);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "low";
      ctx.drawImage(fieldCv, 0, 0, GRID, GRID, pr.x - cw / 2, pr.y - ch / 2, pr.w + cw, pr.h + ch);
    }
    // the p = 0.5 line
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = 5;
    ctx.strokeStyle = rgb(t.bg, 0.55);
    ctx.stroke(line);
    ctx.lineWidth = 2.6;
    ctx.strokeStyle = rgb(t.text, 0.95);
    ctx.stroke(line);
    ctx.restore();

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(pointsCv, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    // misclassified crosses: one pre-rendered sprite blitted at whole device pixels
    const zp = s.zPts;
    const sp = s.crossSprite;
    const half = sp.width / 2;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    for (let i = 0; i < run.n; i++) {
      const pred = zp[i] > 0 ? 1 : 0; // class 1 iff z > 0, as lr predicts (z = 0 is class 0)
      if (pred === run.py[i]) continue;
      const x = run.sx[i];
      const y = run.sy[i];
      if (x < pr.x || x > pr.x + pr.w || y < pr.y || y > pr.y + pr.h) continue;
      ctx.drawImage(sp, Math.round(x * dpr - half), Math.round(y * dpr - half));
    }
  }

  function buildCrossSprite() {
    const t = s.theme;
    const dpr = s.dpr;
    const h = s.pr * 0.8 + 0.6; // half-size of the cross, css px
    const size = Math.ceil((2 * h + 4) * dpr);
    const cv = document.createElement("canvas");
    cv.width = size;
    cv.height = size;
    const c = cv.getContext("2d");
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    const m = size / dpr / 2;
    c.beginPath();
    c.moveTo(m - h, m - h);
    c.lineTo(m + h, m + h);
    c.moveTo(m - h, m + h);
    c.lineTo(m + h, m - h);
    c.lineCap = "round";
    c.lineWidth = 2.8;
    c.strokeStyle = rgb(t.bg, 0.75);
    c.stroke();
    c.lineWidth = 1.4;
    c.strokeStyle = rgb(t.text);
    c.stroke();
    s.crossSprite = cv;
  }

  function mix(a, b, t) {
    return [
      Math.round(a[0] * (1 - t) + b[0] * t),
      Math.round(a[1] * (1 - t) + b[1] * t),
      Math.round(a[2] * (1 - t) + b[2] * t),
    ];
  }

  // ------------------------------------------------------------ loss chart

  function lossGeom() {
    const L = 50;
    const R = 12;
    const T = 20;
    const Bm = 22;
    const gap = 26;
    const inner = s.lH - T - Bm - gap;
    const h1 = Math.round(inner * 0.6);
    const h2 = inner - h1;
    return {
      x: L,
      w: s.lW - L - R,
      y1: T,
      h1,
      y2: T + h1 + gap,
      h2,
    };
  }

  function lossScale() {
    const run = s.run;
    const vals = [];
    for (const a of [run.trl, run.tel]) if (a) for (const v of a) if (Number.isFinite(v)) vals.push(v);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of vals) {
      if (v > hi) hi = v;
      if (s.logScale ? v > 0 && v < lo : v < lo) lo = v;
    }
    if (!Number.isFinite(hi)) hi = 1;
    if (s.logScale) {
      if (!Number.isFinite(lo) || lo <= 0) lo = hi > 0 ? hi / 10 : 1e-3;
      if (hi <= lo * 1.0001) {
        lo /= 1.5;
        hi *= 1.5;
      }
      const l0 = Math.log10(lo);
      const l1 = Math.log10(hi);
      const pad = (l1 - l0) * 0.04;
      return {
        log: true,
        lo: Math.pow(10, l0 - pad),
        hi: Math.pow(10, l1 + pad),
        f: (v) => Math.log10(Math.max(v, 1e-300)),
      };
    }
    const top = hi > 0 ? hi * 1.06 : 1;
    return { log: false, lo: 0, hi: top, f: (v) => v };
  }

  function accScale() {
    const run = s.run;
    let lo = 1;
    for (const a of [run.tra, run.tea]) if (a) for (const v of a) if (Number.isFinite(v) && v < lo) lo = v;
    lo = Math.max(0, Math.floor((lo - 0.02) * 10) / 10);
    if (lo > 0.9) lo = 0.9;
    return { lo, hi: 1 };
  }

  function drawLossLayer() {
    const run = s.run;
    const t = s.theme;
    const ctx = lossCv.getContext("2d");
    const dpr = s.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, lossCv.width, lossCv.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const g = lossGeom();
    const E = Math.max(1, run.E);
    const X = (e) => g.x + (e / E) * g.w;
    const ls = lossScale();
    const fl0 = ls.f(ls.lo);
    const fl1 = ls.f(ls.hi);
    const Y1 = (v) => g.y1 + g.h1 - ((ls.f(v) - fl0) / (fl1 - fl0)) * g.h1;
    const as = accScale();
    const Y2 = (v) => g.y2 + g.h2 - ((v - as.lo) / (as.hi - as.lo)) * g.h2;
    s.lossMap = { g, X, Y1, Y2, ls, as };

    ctx.font = `11px ${t.font}`;
    // grids + y labels
    ctx.lineWidth = 1;
    const yTicks = ls.log ? logTicks(ls.lo, ls.hi) : niceTicks(0, ls.hi, Math.max(2, Math.floor(g.h1 / 45)));
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of yTicks) {
      const y = Math.round(Y1(v)) + 0.5;
      if (y < g.y1 - 1 || y > g.y1 + g.h1 + 1) continue;
      ctx.strokeStyle = rgb(t.text, 0.1);
      ctx.beginPath();
      ctx.moveTo(g.x, y);
      ctx.lineTo(g.x + g.w, y);
      ctx.stroke();
      ctx.fillStyle = rgb(t.text, 0.75);
      ctx.fillText(ls.log ? logTickLabel(v) : tickLabel(v), g.x - 6, y);
    }
    const accTicks = niceTicks(as.lo, as.hi, Math.max(2, Math.floor(g.h2 / 35)));
    for (const v of accTicks) {
      const y = Math.round(Y2(v)) + 0.5;
      ctx.strokeStyle = rgb(t.text, 0.1);
      ctx.beginPath();
      ctx.moveTo(g.x, y);
      ctx.lineTo(g.x + g.w, y);
      ctx.stroke();
      ctx.fillStyle = rgb(t.text, 0.75);
      ctx.fillText(Math.round(v * 100) + "%", g.x - 6, y);
    }
    // frames
    ctx.strokeStyle = rgb(t.text, 0.35);
    ctx.strokeRect(g.x + 0.5, g.y1 + 0.5, g.w - 1, g.h1 - 1);
    ctx.strokeRect(g.x + 0.5, g.y2 + 0.5, g.w - 1, g.h2 - 1);
    // x ticks (bottom only)
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = rgb(t.text, 0.75);
    for (const v of niceTicks(0, run.E, Math.max(2, Math.floor(g.w / 80)))) {
      if (v !== Math.round(v)) continue;
      const x = X(v);
      ctx.fillRect(Math.round(x), g.y2 + g.h2, 1, 4);
      ctx.fillRect(Math.round(x), g.y1 + g.h1, 1, 3);
      ctx.fillText(String(v), x, g.y2 + g.h2 + 5);
    }
    ctx.textAlign = "right";
    ctx.fillText("epoch", g.x - 6, g.y2 + g.h2 + 5);

    // titles + legends
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.font = `600 12px ${t.font}`;
    ctx.fillStyle = rgb(t.text, 0.9);
    ctx.fillText(ls.log ? "Log-loss (log scale)" : "Log-loss", g.x, g.y1 - 4);
    ctx.fillText("Accuracy", g.x, g.y2 - 4);
    legend(ctx, g.x + g.w, g.y1 - 10, LOSS_COLOR, !!run.tel);
    legend(ctx, g.x + g.w, g.y2 - 10, ACC_COLOR, !!run.tea);

    // curves
    const series = (arr, Y, color, dashed) => {
      if (!arr) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(g.x, Y === Y1 ? g.y1 : g.y2, g.w, Y === Y1 ? g.h1 : g.h2);
      ctx.clip();
      ctx.beginPath();
      let started = false;
      for (let e = 0; e <= run.E && e < arr.length; e++) {
        const v = arr[e];
        if (!Number.isFinite(v) || (Y === Y1 && ls.log && v <= 0)) {
          started = false;
          continue;
        }
        const x = X(e);
        const y = Y(v);
        if (started) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        started = true;
      }
      ctx.lineWidth = dashed ? 1.8 : 2.2;
      ctx.lineJoin = "round";
      ctx.setLineDash(dashed ? [6, 4] : []);
      ctx.strokeStyle = color;
      ctx.stroke();
      ctx.restore();
    };
    series(run.trl, Y1, LOSS_COLOR, false);
    series(run.tel, Y1, LOSS_COLOR, true);
    series(run.tra, Y2, ACC_COLOR, false);
    series(run.tea, Y2, ACC_COLOR, true);
    s.lossValid = true;
  }

  function legend(ctx, xr, y, color, hasTest) {
    const t = s.theme;
    ctx.save();
    ctx.font = `11px ${t.font}`;
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    const items = hasTest ? [["train", false], ["test", true]] : [["train", false]];
    const wLine = 18;
    let widths = 0;
    for (const [label] of items) widths += wLine + 4 + ctx.measureText(label).width + 12;
    let x = xr - widths + 12;
    for (const [label, dashed] of items) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.setLineDash(dashed ? [4, 3] : []);
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + wLine, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = rgb(t.text, 0.85);
      ctx.fillText(label, x + wLine + 4, y);
      x += wLine + 4 + ctx.measureText(label).width + 12;
    }
    ctx.restore();
  }

  function drawLoss() {
    const run = s.run;
    const t = s.theme;
    const ctx = lctx;
    const dpr = s.dpr;
    if (!s.lossValid) drawLossLayer();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, el.lcv.width, el.lcv.height);
    ctx.drawImage(lossCv, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { g, X, Y1, Y2, ls } = s.lossMap;
    // a vertical marker through both panels (loss above, accuracy below)
    const marker = (x, color, width, dash) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      ctx.moveTo(x, g.y1);
      ctx.lineTo(x, g.y1 + g.h1);
      ctx.moveTo(x, g.y2);
      ctx.lineTo(x, g.y2 + g.h2);
      ctx.stroke();
      ctx.setLineDash([]);
    };
    if (s.hover >= 0 && s.hover !== s.epoch) {
      marker(Math.round(X(s.hover)) + 0.5, rgb(t.text, 0.35), 1, [3, 3]);
    }
    const e = s.epoch;
    const x = X(e);
    marker(x, rgb(t.primary, 0.9), 1.5, []);
    const dot = (arr, Y, color, hollow, top, h) => {
      if (!arr || !Number.isFinite(arr[e])) return;
      if (Y === Y1 && ls.log && arr[e] <= 0) return;
      const y = Y(arr[e]);
      if (y < top - 1 || y > top + h + 1) return;
      ctx.beginPath();
      ctx.arc(x, y, 3.6, 0, 2 * Math.PI);
      ctx.fillStyle = hollow ? rgb(t.bg) : color;
      ctx.fill();
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = color;
      ctx.stroke();
    };
    dot(run.trl, Y1, LOSS_COLOR, false, g.y1, g.h1);
    dot(run.tel, Y1, LOSS_COLOR, true, g.y1, g.h1);
    dot(run.tra, Y2, ACC_COLOR, false, g.y2, g.h2);
    dot(run.tea, Y2, ACC_COLOR, true, g.y2, g.h2);
  }

  function epochAtX(clientX) {
    if (!s.lossMap || !s.run) return -1;
    const r = el.lcv.getBoundingClientRect();
    const { g } = s.lossMap;
    const fx = (clientX - r.left - g.x) / g.w;
    return clamp(Math.round(fx * s.run.E), 0, s.run.E);
  }

  function showTip(e, clientX, clientY) {
    const run = s.run;
    const at = (a) => (a && e < a.length ? a[e] : null);
    if (!el.tip.firstChild) {
      for (let i = 0; i < 6; i++) {
        const a = document.createElement("span");
        const b = document.createElement("span");
        a.className = "lrp-tk";
        b.className = "lrp-tv";
        el.tip.append(a, b);
      }
    }
    const rows = [
      ["Epoch", String(e)],
      ["train loss", fmtLoss(at(run.trl))],
      ["test loss", fmtLoss(at(run.tel))],
      ["train acc", fmtAcc(at(run.tra))],
      ["test acc", fmtAcc(at(run.tea))],
      ["grad norm", sig(at(run.gn), 3)],
    ];
    const cells = el.tip.children;
    rows.forEach(([k, v], i) => {
      setText(cells[2 * i], k);
      setText(cells[2 * i + 1], v);
    });
    el.tip.hidden = false;
    const pr = el.lpanel.getBoundingClientRect();
    const tw = el.tip.offsetWidth;
    const th = el.tip.offsetHeight;
    let x = clientX - pr.left + 14;
    if (x + tw > pr.width - 2) x = clientX - pr.left - tw - 14;
    let y = clientY - pr.top - th / 2;
    y = clamp(y, 2, Math.max(2, pr.height - th - 2));
    el.tip.style.left = Math.max(0, x) + "px";
    el.tip.style.top = y + "px";
  }

  // ------------------------------------------------------------ text + controls

  function equationText(e) {
    const run = s.run;
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
    const eq = equationText(e);
    setText(el.eq, eq);
    el.eqline.title = `Decision boundary at epoch ${e} in raw features: ${eq}`;
    if (s.last) s.last.epoch = e;
  }

  function syncControls() {
    const run = s.run;
    const playing = s.playing;
    root.dataset.playing = playing ? "true" : "false";
    setText(el.playText, playing ? "Pause" : "Play");
    const label = playing ? "Pause playback" : "Play the recorded run";
    el.play.setAttribute("aria-label", label);
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
    setText(el.cn0, run.cn[0]);
    setText(el.cn1, run.cn[1]);
    const diverged = run.status === "diverged";
    el.badge.hidden = !diverged;
    el.badge.className = "lrp-badge" + (diverged ? " lrp-diverged" : "");
    setText(el.badge, diverged ? "diverged" : "");
    el.badge.title = diverged
      ? `Training diverged: the loss blew up, so the run stops at epoch ${run.E}, the last finite one`
      : "";
    const st =
      run.status === "converged"
        ? "Epoch · converged"
        : run.status === "max_epochs"
          ? "Epoch · max reached"
          : "Epoch";
    setText(el.epochLabel, st);
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
    if (!layout()) return;
    drawBoundary();
    drawLoss();
    updateText();
    s.frames++;
    root.dataset.frames = String(s.frames);
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
    syncControls();
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
  el.lcv.onmousemove = (ev) => {
    const e = epochAtX(ev.clientX);
    if (e < 0) return;
    showTip(e, ev.clientX, ev.clientY);
    if (e !== s.hover) {
      s.hover = e;
      requestRender();
    }
  };
  el.lcv.onmouseleave = () => {
    el.tip.hidden = true;
    s.hover = -1;
    requestRender();
  };
  el.lcv.onclick = (ev) => {
    const e = epochAtX(ev.clientX);
    if (e >= 0) goTo(e, true);
  };
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
    if (s.playing) return; // the running loop picks up the new size on its next frame
    render();
  });
  ro.observe(el.main);

  // ------------------------------------------------------------ API

  return {
    root,
    update(data, setStateValue) {
      s.setStateValue = setStateValue;
      const theme = readTheme(data.theme);
      const sigT = JSON.stringify(theme);
      if (sigT !== s.themeSig) {
        s.theme = theme;
        s.themeSig = sigT;
        buildLut();
        s.pointsValid = false;
        s.lossValid = false;
      }
      const disc = !!data.discretize;
      const logS = !!data.log_scale;
      if (logS !== s.logScale) s.lossValid = false;
      s.discretize = disc;
      s.logScale = logS;
      if (!s.run || data.run_id !== s.run.runId) {
        stop();
        s.run = buildRun(data);
        s.pointsValid = false;
        s.lossValid = false;
        s.textEpoch = -1;
        s.hover = -1;
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
      ro.disconnect();
    },
  };
}

export default function (component) {
  const { data, key, parentElement, setStateValue } = component;
  const root = parentElement.querySelector(".lrp-root");
  if (!root || !data) return undefined;
  let inst = INSTANCES.get(parentElement);
  if (!inst || inst.root !== root) {
    if (inst) inst.destroy();
    inst = createPlayer(root, key);
    INSTANCES.set(parentElement, inst);
  }
  inst.update(data, setStateValue);
  return () => {
    inst.destroy();
    INSTANCES.delete(parentElement);
  };
}
