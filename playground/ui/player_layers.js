// Logistic Regression Playground player, part 2 of 10: the layers that change every frame.
//
// Each is a data URL that the Plotly figures show as a layout image, because Plotly.js 4 redraws
// a layout image alone when its source changes (under a millisecond), where restyling a heatmap,
// a contour or a shape recalculates the whole figure. Per frame: the probability field as a
// GRID x GRID PNG, the p = 0.5 line and the misclassified marks as SVG, the loss chart's epoch
// cursor as SVG.

const rgba = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

function hexToRgb(hex, fallback) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(hex || "").trim());
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : fallback;
}

function mix(a, b, t) {
  return [0, 1, 2].map((k) => Math.round(a[k] * (1 - t) + b[k] * t));
}

const svgUrl = (body, viewBox) =>
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='${viewBox}' preserveAspectRatio='none'>${body}</svg>`,
  );

const BLANK_SVG = svgUrl("", "0 0 1 1");

// ------------------------------------------------------------------ the probability field

// 256 colours from p = 0 to 1: the background tinted towards the class colour, more strongly the
// surer the model; discretized, two flat tints split at p = 0.5. Opaque, so the PNG needs no alpha.
function fieldLut(theme, classes, discretize) {
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

// A GRID x GRID PNG of p = σ(z), one pixel per grid node, top row = largest x2.
function createFieldEncoder(grid) {
  const canvas = document.createElement("canvas");
  canvas.width = grid;
  canvas.height = grid;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(grid, grid);
  const pix = new Uint32Array(img.data.buffer);
  return (zGrid, lut) => {
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

// ------------------------------------------------------------------ misclassified marks

// A cross on every shown point on the wrong side of the boundary (class 1 iff z > 0, as lr
// predicts): `wrong` from misclassified(), drawn in the pixels of the plot area: view = {W, H,
// x(v) -> px, y(v) -> px, splits: [train shown, test shown]}. h: half the cross, px.
// The shown misclassified points, as a list of indices (consecutive epochs often share it).
function misclassified(run, zPts, splits) {
  const out = [];
  if (run.status === "no_run") return out; // nothing trained, nothing to mark
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
