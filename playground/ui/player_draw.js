// Logistic Regression Playground player, part 9 of 10: drawing the data on the boundary chart.

const DRAW_DEBOUNCE_MS = 400; // a burst of clicks is one retrain: sent this long after the last
const MAX_DRAWN = 5000; // points in a drawing (playground/drawing.py: MAX_POINTS)
const UNDO_DEPTH = 200;
const HIT_PX = 9; // a click this close to a drawn point removes it

// The drawing in progress: [x1, x2, class, test] per point on the chart's frame. Edits show at
// once (the points are replaced in the run, whose weights stay until the retrained run arrives);
// DRAW_DEBOUNCE_MS after the last edit, the points go to the server in one trigger.
function runPoints(p) {
  const { s } = p;
  const run = s.run;
  const out = [];
  for (let i = 0; i < run.n; i++) out.push([run.px1[i], run.px2[i], run.py[i], run.pt[i]]);
  return out;
}

// the drawing becomes the run's points (its undo history kept when it is the same drawing, retrained)
function takeRunPoints(p, keepUndo) {
  const { s } = p;
  const d = s.draw;
  if (!keepUndo) d.undo = [];
  d.pts = runPoints(p);
  d.frame = s.run.bounds.slice();
}

function setDrawMode(p, on) {
  const { s } = p;
  const d = s.draw;
  if (on === d.on || (on && !s.canDraw)) return;
  if (on) {
    cancelAutoplay(p);
    if (s.playing) pause(p);
    if (!d.pts) takeRunPoints(p); // start from the points on the chart; Clear empties it
  } else {
    sendDrawing(p);
  }
  d.on = on;
  syncDraw(p);
  s.stale.boundary = true; // no zoom box and no hover while drawing
  requestRender(p);
}

function showDrawn(p) {
  const { s } = p;
  setPoints(s.run, s.draw.pts);
  s.zPts = new Float64Array(s.run.n);
  s.groups = pointGroups(s.run);
  s.marksSig = "";
  s.marksWrong = null;
  s.hoverEpoch = -1;
  s.stale.boundary = true;
  requestRender(p);
}

function edit(p, next) {
  const { s } = p;
  const d = s.draw;
  d.undo.push(d.pts);
  if (d.undo.length > UNDO_DEPTH) d.undo.shift();
  d.pts = next;
  changed(p);
}

function undo(p) {
  const { s } = p;
  const d = s.draw;
  if (!d.undo.length) return;
  d.pts = d.undo.pop();
  changed(p);
}

function changed(p) {
  const { s } = p;
  const d = s.draw;
  d.rev++;
  showDrawn(p);
  syncDraw(p);
  clearTimeout(d.timer);
  d.timer = setTimeout(() => sendDrawing(p), DRAW_DEBOUNCE_MS);
}

function sendDrawing(p) {
  const { s } = p;
  const d = s.draw;
  clearTimeout(d.timer);
  d.timer = 0;
  if (!d.pts || d.sentRev === d.rev || typeof s.setTriggerValue !== "function") return;
  d.sentRev = d.rev;
  s.setTriggerValue("drawing", {
    rev: d.rev,
    frame: d.frame,
    x1: d.pts.map((p) => p[0]),
    x2: d.pts.map((p) => p[1]),
    y: d.pts.map((p) => p[2]),
  });
}

// a click on the boundary's plot area while drawing: remove the drawn point under it, or add one
function onBoundaryClick(p, ev) {
  const { s, el } = p;
  const d = s.draw;
  if (!d.on || !d.pts || !plotted(p, "boundary") || ev.button !== 0) return;
  if (ev.target && ev.target.closest && ev.target.closest(".modebar, .legend")) return;
  const fl = el.gdB._fullLayout;
  const xa = fl.xaxis;
  const ya = fl.yaxis;
  const box = el.gdB.getBoundingClientRect();
  const px = ev.clientX - box.left - xa._offset;
  const py = ev.clientY - box.top - ya._offset;
  if (!(px >= 0 && py >= 0 && px <= xa._length && py <= ya._length)) return;
  ev.preventDefault();
  ev.stopPropagation();
  let hit = -1;
  let best = HIT_PX * HIT_PX;
  d.pts.forEach((p, i) => {
    const dx = xa.c2p(p[0]) - px;
    const dy = ya.c2p(p[1]) - py;
    const dist = dx * dx + dy * dy;
    if (dist <= best) {
      best = dist;
      hit = i;
    }
  });
  if (hit >= 0) {
    edit(
      p,
      d.pts.filter((_, i) => i !== hit),
    );
  } else if (d.pts.length < MAX_DRAWN) {
    const [x1lo, x1hi, x2lo, x2hi] = d.frame;
    const x = clamp(xa.p2c(px), x1lo, x1hi);
    const y = clamp(ya.p2c(py), x2lo, x2hi);
    edit(p, [...d.pts, [x, y, d.cls, 0]]);
  }
}

function syncDraw(p) {
  const { s, el, root } = p;
  const d = s.draw;
  const run = s.run;
  el.draw.hidden = !s.canDraw;
  el.draw.setAttribute("aria-pressed", d.on ? "true" : "false");
  setText(el.draw, d.on ? "Done drawing" : "Draw");
  el.drawbar.hidden = !d.on;
  root.dataset.drawing = d.on ? "true" : "false";
  el.classes.forEach((b, k) => {
    b.setAttribute("aria-checked", d.cls === k ? "true" : "false");
    b.querySelector(".lrp-swatch").style.color = rgba(s.classes[k]);
    setText(b.querySelector(".lrp-clsname"), run ? run.cnText[k] : String(k));
    b.title = `New points are of class ${run ? run.cnText[k] : k}`;
  });
  el.undo.disabled = !d.undo.length;
  el.clear.disabled = !d.pts || !d.pts.length;
  if (d.on && d.pts && run) {
    let ones = 0;
    for (const p of d.pts) ones += p[2] ? 1 : 0;
    const full = d.pts.length >= MAX_DRAWN ? ` (at most ${MAX_DRAWN})` : "";
    const names = run.cnText;
    // said here, where the visitor looks, not in a toast over the chart: the split went to 0
    const tested = d.pts.some((p) => p[3]);
    const split = tested ? "" : " · all train";
    setText(el.drawCount, `${d.pts.length - ones} in class ${names[0]} · ${ones} in class ${names[1]}${full}${split}`);
    el.drawCount.title = tested
      ? "Points of the drawing held out for testing are drawn hollow"
      : "Every point you place trains the model (Test split 0); raise the split in the sidebar to test some";
  }
}
