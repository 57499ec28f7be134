// Logistic Regression Playground player, part 4 of 10: sizes and layout.
//
// Every function of parts 4 to 9 takes the player `p` first (player.js: createPlayer), and reads
// its state `p.s`, its elements `p.el` and its root `p.root` there: nothing else is shared.
//
// The charts' sizes come from the player's box (side by side, or stacked where it is narrow), and
// the equation line's height is fitted once per run and width, so nothing moves during playback.

const EQ_SCALES = [0.92, 0.84]; // the equation's type, smaller until it fits in two lines

// Narrow, the player's CSS stacks the charts (player.css: the container query at its end): it
// says so with the charts' flex direction, so the width that decides it is written once.
function narrow(p) {
  const { el } = p;
  return getComputedStyle(el.main).flexDirection === "column";
}

// The classes the boundary's legend makes room for: the run's; while drawing, as many as a drawing
// may have, so that a third class drawn does not add a legend row and move the chart under the pointer.
function legendClasses(p) {
  const { s } = p;
  return s.draw && s.draw.on ? DRAW_CLASSES : s.run ? s.run.kp : 2;
}

function measure(p) {
  const { s, el } = p;
  const r = el.main.getBoundingClientRect();
  const W = Math.floor(r.width);
  const stacked = narrow(p);
  const m = boundaryMargin(s.theme || { tick: 12, size: 13 }, stacked, legendClasses(p));
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

function resize(p) {
  const { s, el, root } = p;
  const width = Math.round(root.getBoundingClientRect().width);
  if (s.run && width !== s.width) fitEquation(p);
  const size = measure(p);
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
// K ≥ 3 classes: the K score functions take a line each at most (after the label's); longer, they
// become a table with a row per class (scrolled sideways where it is wider than the line: degree 6
// has 28 columns), K + 1 rows whatever the degree; on a phone, a table with a column per class.
function fitEquation(p) {
  const { s, el, root } = p;
  const run = s.run;
  s.width = Math.round(root.getBoundingClientRect().width);
  const scores = run.K > 2 && run.status !== "no_run";
  s.eqTable = scores && narrow(p) ? "tall" : "";
  s.eqScroll = false;
  const longest = () => {
    let out = [];
    const length = (parts) => parts.reduce((n, t) => n + t.length, 0);
    for (const e of [run.E, Math.floor(run.E / 2), Math.min(run.E, 1)]) {
      const parts = equationParts(p, e);
      if (length(parts) > length(out)) out = parts;
    }
    return out;
  };
  const before = s.draw.on && !s.drawEqHeight ? el.eqline.offsetHeight : 0; // drawing began: its height
  el.eqline.style.height = "";
  el.eqline.style.fontSize = el.eqline.style.lineHeight = el.eq.style.fontSize = "";
  if (s.eqTable) writeTable(p, run.E);
  else writeEquation(p, longest());
  const line = parseFloat(getComputedStyle(el.eqline).lineHeight) || 18;
  const label = parseFloat(getComputedStyle(el.eqline).fontSize) || 13.5;
  const eq = parseFloat(getComputedStyle(el.eq).fontSize) || 13;
  let natural = el.eqline.scrollHeight; // a line with x1³ in it can be a pixel or two taller
  if (!natural) {
    s.width = 0; // not laid out yet: fitted at the next resize
    return;
  }
  const lines = scores ? run.K + 1 : 2;
  if (scores && !s.eqTable && Math.round(natural / line) > lines) {
    s.eqTable = "wide";
    writeTable(p, run.E);
    const table = el.eq.firstElementChild;
    s.eqScroll = !!table && table.scrollWidth > table.clientWidth + 1;
    if (s.eqScroll) writeTable(p, run.E); // the label names the sideways scroll
    natural = el.eqline.scrollHeight;
  }
  for (const k of EQ_SCALES) {
    // shared, the type stays large; a table keeps its size
    if (Math.round(natural / line) <= lines || narrow(p) || s.present || s.eqTable) break;
    el.eqline.style.fontSize = `${label * k}px`;
    el.eqline.style.lineHeight = `${Math.round(line * k)}px`;
    el.eq.style.fontSize = `${eq * k}px`;
    natural = el.eqline.scrollHeight;
  }
  // while drawing, the line keeps the height it had when drawing began (two lines at least), and
  // scrolls: a third class's score functions would otherwise push the chart down between two clicks
  if (s.draw.on && !s.drawEqHeight) s.drawEqHeight = Math.max(before, Math.round(2 * line));
  const held = s.draw.on ? s.drawEqHeight : 0;
  const scrolls = held > 0 && natural > held + 1;
  el.eqline.style.height = `${held || natural}px`;
  el.eqline.classList.toggle("lrp-eqheld", scrolls);
  // a region that scrolls takes the keyboard's focus (the arrow keys scroll it)
  if (scrolls) el.eqline.tabIndex = 0;
  else el.eqline.removeAttribute("tabindex");
  s.textEpoch = -1; // updateText writes the shown epoch's equation back
}
