// Logistic Regression Playground player, part 2 of 10: the layers that change every frame.
//
// Each is a data URL that the Plotly figures show as a layout image, because Plotly.js 4 redraws
// a layout image alone when its source changes (under a millisecond), where restyling a heatmap,
// a contour or a shape recalculates the whole figure. Per frame: the probability field as a
// GRID x GRID PNG, the p = 0.5 line (K ≥ 3 classes: the boundaries where the two most probable
// classes tie) and the misclassified marks as SVG, the loss chart's epoch cursor as SVG.

const rgba = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

function hexToRgb(hex, fallback) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(hex || "").trim());
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : fallback;
}

function mix(a, b, t) {
  return [0, 1, 2].map((k) => Math.round(a[k] * (1 - t) + b[k] * t));
}

// An SVG as a data URL, escaped only where a URL needs it: "%" and "#" (a "#" would end the URL's
// data), and whatever is not printable ASCII. The rest (spaces, quotes, < and >) stays as it is, so the
// URL is as long as the SVG, not a third longer: less to build, to set and to decode per frame (with
// thousands of points the marks run to tens of kB), and the same picture once decoded.
const URL_UNSAFE = /[^\x20-\x22\x24\x26-\x7e]/gu;
const svgUrl = (body, viewBox) =>
  "data:image/svg+xml," +
  `<svg xmlns='http://www.w3.org/2000/svg' viewBox='${viewBox}' preserveAspectRatio='none'>${body}</svg>`.replace(
    URL_UNSAFE,
    encodeURIComponent,
  );

const BLANK_SVG = svgUrl("", "0 0 1 1");

// ------------------------------------------------------------------ the probability field

// 256 colours from p = 0 to 1: the background tinted towards the class colour, more strongly the
// surer the model; discretized, two flat tints split at p = 0.5. Opaque, so the PNG needs no alpha.
// K ≥ 3 classes: 256 colours per class k, for the nodes where k is the most probable class, from
// p_k = 1/K (all classes tie: the background) to 1 (full tint), the same curve as two classes'
// |2p − 1| = (p_max − ½) / (1 − ½); discretized, one flat tint per class.
function fieldLut(theme, classes, discretize, K = 2) {
  if (K > 2) return fieldLutK(theme, classes, discretize, K);
  const lut = new Uint32Array(256);
  const u8 = new Uint8Array(lut.buffer);
  const maxA = theme.isDark ? 0.42 : 0.5;
  for (let i = 0; i < 256; i++) {
    const p = (i + 0.5) / 256;
    const c = classes[p >= 0.5 ? 1 : 0];
    const a = discretize ? (theme.isDark ? 0.34 : 0.36) : maxA * Math.pow(Math.abs(2 * p - 1), 0.85);
    const rgb = mix(theme.bg, c, a);
    u8.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  }
  return lut;
}

function fieldLutK(theme, classes, discretize, K) {
  const lut = new Uint32Array(256 * K);
  const u8 = new Uint8Array(lut.buffer);
  const maxA = theme.isDark ? 0.42 : 0.5;
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < 256; i++) {
      const t = (i + 0.5) / 256; // (p_max − 1/K) / (1 − 1/K)
      const a = discretize ? (theme.isDark ? 0.34 : 0.36) : maxA * Math.pow(t, 0.85);
      const rgb = mix(theme.bg, classes[k], a);
      u8.set([rgb[0], rgb[1], rgb[2], 255], (k * 256 + i) * 4);
    }
  }
  return lut;
}

// A GRID x GRID PNG of p = σ(z), one pixel per grid node, top row = largest x2. K ≥ 3 classes
// (zGrid holds K scores per node): the most probable class k's colour, shaded by its p_k =
// 1 / Σ_j e^{z_j − z_k}, pale where the classes compete.
function createFieldEncoder(grid) {
  const canvas = document.createElement("canvas");
  canvas.width = grid;
  canvas.height = grid;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(grid, grid);
  const pix = new Uint32Array(img.data.buffer);
  return (zGrid, lut, K = 2) => {
    if (K > 2) {
      const scale = 256 / (1 - 1 / K);
      for (let j = 0; j < grid; j++) {
        const row = (grid - 1 - j) * grid;
        for (let i = 0, o = j * grid * K; i < grid; i++, o += K) {
          const k = argmaxAt(zGrid, o, K);
          const top = zGrid[o + k];
          let sum = 0;
          for (let c = 0; c < K; c++) sum += Math.exp(zGrid[o + c] - top);
          const t = ((1 / sum - 1 / K) * scale) | 0;
          pix[row + i] = lut[k * 256 + (t < 0 ? 0 : t > 255 ? 255 : t)];
        }
      }
      ctx.putImageData(img, 0, 0);
      return canvas.toDataURL("image/png");
    }
    for (let j = 0; j < grid; j++) {
      const row = (grid - 1 - j) * grid;
      for (let i = 0; i < grid; i++) {
        const p = sigmoid(zGrid[j * grid + i]);
        pix[row + i] = lut[Math.min(255, (p * 256) | 0)];
      }
    }
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL("image/png");
  };
}

// ------------------------------------------------------------------ the p = 0.5 line

// Marching squares on z (threshold 0, linear interpolation): the segments of z = 0 as an SVG path
// in grid units, x = column, y = grid − 1 − row (so up is larger x2).
function contourPath(zGrid, grid) {
  const top = grid - 1;
  const parts = [];
  const xs = [0, 0, 0, 0];
  const ys = [0, 0, 0, 0];
  const zs = [0, 0, 0, 0];
  const f = (v) => Math.round(v * 100) / 100;
  for (let j = 0; j < grid - 1; j++) {
    for (let i = 0; i < grid - 1; i++) {
      zs[0] = zGrid[j * grid + i];
      zs[1] = zGrid[j * grid + i + 1];
      zs[2] = zGrid[(j + 1) * grid + i + 1];
      zs[3] = zGrid[(j + 1) * grid + i];
      const in0 = zs[0] > 0;
      if (in0 === zs[1] > 0 && in0 === zs[2] > 0 && in0 === zs[3] > 0) continue;
      xs[0] = i;
      ys[0] = j;
      xs[1] = i + 1;
      ys[1] = j;
      xs[2] = i + 1;
      ys[2] = j + 1;
      xs[3] = i;
      ys[3] = j + 1;
      const cross = []; // where z changes sign along the cell's edges, in edge order
      for (let a = 0; a < 4; a++) {
        const b = (a + 1) & 3;
        if (zs[a] > 0 !== zs[b] > 0) {
          const t = zs[a] / (zs[a] - zs[b]);
          cross.push([f(xs[a] + t * (xs[b] - xs[a])), f(top - (ys[a] + t * (ys[b] - ys[a]))), zs[a] > 0]);
        }
      }
      if (cross.length === 2) {
        parts.push(`M${cross[0][0]} ${cross[0][1]}L${cross[1][0]} ${cross[1][1]}`);
      } else {
        // a saddle: the centre's sign decides which crossings pair up
        const centreIn = zs[0] + zs[1] + zs[2] + zs[3] >= 0;
        const first = centreIn === cross[0][2] ? 0 : 1;
        for (const p of [first, first + 2]) {
          const A = cross[p];
          const B = cross[(p + 1) & 3];
          parts.push(`M${A[0]} ${A[1]}L${B[0]} ${B[1]}`);
        }
      }
    }
  }
  return parts.join("");
}

// K ≥ 3 classes: where the two most probable classes a and b tie, z_a = z_b above every other z_c.
// In each cell whose corners do not all predict one class, for each pair (a, b) of the classes its
// corners predict, marching squares on z_a − z_b gives a segment; the segment keeps only the part
// where no third class c scores higher (z_c − z_a is taken as linear along it), so the lines of
// three classes meet in one point instead of crossing. Returns one SVG path per pair, keyed "a-b",
// in grid units as contourPath.
const PREDICTED = { of: new Uint8Array(0) }; // boundaryPaths' class per node, reused frame after frame

function boundaryPaths(zGrid, grid, K) {
  const paths = new Map();
  if (PREDICTED.of.length !== grid * grid) PREDICTED.of = new Uint8Array(grid * grid);
  const predicted = PREDICTED.of;
  for (let n = 0; n < grid * grid; n++) predicted[n] = argmaxAt(zGrid, n * K, K);
  for (let j = 0; j < grid - 1; j++) {
    for (let i = 0, n = j * grid; i < grid - 1; i++, n++) {
      const c = predicted[n];
      if (c === predicted[n + 1] && c === predicted[n + grid + 1] && c === predicted[n + grid]) continue;
      cellBoundaries(zGrid, grid, K, i, j, predicted, paths);
    }
  }
  return paths;
}

// boundaryPaths' segments in the cell whose lower left node is (i, j), added to paths
function cellBoundaries(zGrid, grid, K, i, j, predicted, paths) {
  const n = j * grid + i;
  const corner = [n, n + 1, n + grid + 1, n + grid]; // in edge order
  const cls = corner.map((c) => predicted[c]);
  const xs = [0, 1, 1, 0];
  const ys = [0, 0, 1, 1];
  const D = [0, 0, 0, 0];
  const top = grid - 1;
  const f = (v) => Math.round(v * 100) / 100;
  for (let a = 0; a < K; a++) {
    if (!cls.includes(a)) continue;
    for (let b = a + 1; b < K; b++) {
      if (!cls.includes(b)) continue;
      for (let q = 0; q < 4; q++) D[q] = zGrid[corner[q] * K + a] - zGrid[corner[q] * K + b];
      // where z_a − z_b changes sign along the edges: [edge start, fraction t along it]
      const ends = [];
      for (let q = 0; q < 4; q++) {
        const r = (q + 1) & 3;
        if (D[q] > 0 !== D[r] > 0) ends.push([q, D[q] / (D[q] - D[r])]);
      }
      if (ends.length < 2) continue;
      let pairs;
      if (ends.length === 2) pairs = [[ends[0], ends[1]]];
      else {
        // a saddle: the centre's sign decides which crossings pair up
        const centreIn = D[0] + D[1] + D[2] + D[3] >= 0;
        const first = centreIn === D[ends[0][0]] > 0 ? 0 : 1;
        pairs = [first, first + 2].map((p) => [ends[p], ends[(p + 1) & 3]]);
      }
      for (const [A, B] of pairs) {
        // z at each end of the segment, by the edge's linear interpolation; keep s ∈ [lo, hi] of
        // the segment where z_c ≤ z_a for every other class c
        let lo = 0;
        let hi = 1;
        for (let c = 0; c < K && lo <= hi; c++) {
          if (c === a || c === b) continue;
          const gA = edgeZ(zGrid, corner, A, K, c) - edgeZ(zGrid, corner, A, K, a);
          const gB = edgeZ(zGrid, corner, B, K, c) - edgeZ(zGrid, corner, B, K, a);
          if (gA > 0 && gB > 0) hi = -1;
          else if (gA > 0) lo = Math.max(lo, gA / (gA - gB));
          else if (gB > 0) hi = Math.min(hi, gA / (gA - gB));
        }
        if (!(hi > lo)) continue;
        const ax = xs[A[0]] + A[1] * (xs[(A[0] + 1) & 3] - xs[A[0]]);
        const ay = ys[A[0]] + A[1] * (ys[(A[0] + 1) & 3] - ys[A[0]]);
        const bx = xs[B[0]] + B[1] * (xs[(B[0] + 1) & 3] - xs[B[0]]);
        const by = ys[B[0]] + B[1] * (ys[(B[0] + 1) & 3] - ys[B[0]]);
        const x0 = i + ax + lo * (bx - ax);
        const y0 = j + ay + lo * (by - ay);
        const x1 = i + ax + hi * (bx - ax);
        const y1 = j + ay + hi * (by - ay);
        const key = `${a}-${b}`;
        paths.set(key, (paths.get(key) || "") + `M${f(x0)} ${f(top - y0)}L${f(x1)} ${f(top - y1)}`);
      }
    }
  }
}

// z_c where a segment ends, [edge start q, fraction t]: linear between the edge's two corners
function edgeZ(zGrid, corner, end, K, c) {
  const q = end[0];
  const t = end[1];
  return zGrid[corner[q] * K + c] * (1 - t) + zGrid[corner[(q + 1) & 3] * K + c] * t;
}

// The line with a halo in the background colour, so it reads over the field and the points.
// Stroke widths are in screen pixels whatever the zoom (vector-effect: non-scaling-stroke).
function lineSvg(path, grid, theme) {
  const s = "fill='none' stroke-linecap='round' stroke-linejoin='round' vector-effect='non-scaling-stroke'";
  const body = path
    ? `<path d='${path}' ${s} stroke='${rgba(theme.bg, 0.55)}' stroke-width='5'/>` +
      `<path d='${path}' ${s} stroke='${rgba(theme.text, 0.95)}' stroke-width='2.6'/>`
    : "";
  return svgUrl(body, `0 0 ${grid - 1} ${grid - 1}`);
}

// K ≥ 3 classes: boundaryPaths' lines in the same style, one path per pair of classes (data-pair
// "a-b"), every halo below every line
function boundariesSvg(paths, grid, theme) {
  const s = "fill='none' stroke-linecap='round' stroke-linejoin='round' vector-effect='non-scaling-stroke'";
  let halos = "";
  let lines = "";
  for (const [pair, d] of paths) {
    halos += `<path d='${d}' ${s} stroke='${rgba(theme.bg, 0.55)}' stroke-width='5'/>`;
    lines += `<path data-pair='${pair}' d='${d}' ${s} stroke='${rgba(theme.text, 0.95)}' stroke-width='2.6'/>`;
  }
  return svgUrl(halos + lines, `0 0 ${grid - 1} ${grid - 1}`);
}

// ------------------------------------------------------------------ misclassified marks

// A cross on every shown point on the wrong side of the boundary (class 1 iff z > 0, as lr
// predicts; K ≥ 3 classes, the class argmax_k z_k): `wrong` from misclassified(), drawn in the
// pixels of the plot area: view = {W, H,
// x(v) -> px, y(v) -> px, splits: [train shown, test shown]}. h: half the cross, px.
// The shown misclassified points, as a list of indices (consecutive epochs often share it).
function misclassified(run, zPts, splits) {
  const out = [];
  if (run.status === "no_run") return out; // nothing trained, nothing to mark
  const K = run.S;
  if (K > 1) {
    for (let i = 0; i < run.n; i++) {
      if (splits[run.pt[i]] && argmaxAt(zPts, i * K, K) !== run.py[i]) out.push(i);
    }
    return out;
  }
  for (let i = 0; i < run.n; i++) {
    if (splits[run.pt[i]] && (zPts[i] > 0 ? 1 : 0) !== run.py[i]) out.push(i);
  }
  return out;
}

function marksSvg(run, wrong, view, theme, h) {
  const parts = [];
  const w = 2 * h;
  for (const i of wrong) {
    const X = view.x(run.px1[i]);
    const Y = view.y(run.px2[i]);
    if (!(X >= -h && X <= view.W + h && Y >= -h && Y <= view.H + h)) continue;
    parts.push(`M${(X - h).toFixed(1)} ${(Y - h).toFixed(1)}l${w} ${w}m0 ${-w}l${-w} ${w}`);
  }
  const d = parts.join("");
  const s = "fill='none' stroke-linecap='round'";
  const width = h < 3.5 ? 1.1 : 1.5; // thinner among thousands of small points
  const body = d
    ? `<path d='${d}' ${s} stroke='${rgba(theme.bg, 0.75)}' stroke-width='${2 * width}'/>` +
      `<path d='${d}' ${s} stroke='${rgba(theme.text)}' stroke-width='${width}'/>`
    : "";
  return svgUrl(body, `0 0 ${view.W} ${view.H}`);
}

// ------------------------------------------------------------------ the loss chart's epoch cursor

// A vertical line through both panels at the shown epoch, with a dot on each curve (test hollow),
// in the pixels of the figure's plot area: view = {W, H, x(e), panels: [{top, bottom}], dots:
// [{y (px) or null, color, hollow}]}.
function cursorSvg(view, theme) {
  const X = view.x.toFixed(1);
  let body = "";
  for (const p of view.panels) {
    body += `<path d='M${X} ${p.top.toFixed(1)}V${p.bottom.toFixed(1)}' stroke='${rgba(theme.primary, 0.9)}' stroke-width='1.5'/>`;
  }
  for (const dot of view.dots) {
    if (dot.y == null) continue;
    const fill = dot.hollow ? rgba(theme.bg) : dot.color;
    body += `<circle cx='${X}' cy='${dot.y.toFixed(1)}' r='3.8' fill='${fill}' stroke='${dot.color}' stroke-width='1.8'/>`;
  }
  return svgUrl(body, `0 0 ${view.W} ${view.H}`);
}
