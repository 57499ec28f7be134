// Logistic Regression Playground player, part 9 of 10: drawing the data on the boundary chart.

const DRAW_DEBOUNCE_MS = 400; // a burst of clicks is one retrain: sent this long after the last
const MAX_DRAWN = 5000; // points in a drawing (playground/drawing.py: MAX_POINTS)
const UNDO_DEPTH = 200;
const HIT_PX = 9; // a click this close to a drawn point removes it
const SAME_CLICK_MS = 300; // two clicks this close in time and place are one press (see onBoundaryClick)
const DRAW_CLASSES = 6; // classes 0 to 5 (playground/drawing.py: MAX_CLASSES)
// class k's colour in words and as RGB, until the payload's palette gives it (playground/palette.py:
// CLASS_COLOR_NAMES and CLASS_COLORS; a test checks they agree)
const DRAW_COLOR_NAMES = ["blue", "orange", "green", "vermillion", "purple", "sky blue"];
const DRAW_COLORS = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [213, 94, 0],
  [204, 121, 167],
  [86, 180, 233],
];

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
    s.drawEqHeight = 0; // the equation line takes its own height again
    s.width = 0;
  }
  d.on = on;
  syncDraw(p);
  s.stale.boundary = true; // no zoom box and no hover while drawing
  requestRender(p);
  report(p); // the page's status line keeps one height while drawing (app_pages/playground.py)
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

// Whether a click can be placed: the boundary has been plotted once, so its axes map the pointer. Not
// only when no figure is on its way (`plotted`): a click made while a retrained run is drawn would be
// lost. The axes' frame stays put while drawing, and so does the plot area (legendClasses,
// fitEquation), so the mapping is the one under the pointer.
function drawable(p) {
  const { s, el } = p;
  const fl = el.gdB._fullLayout;
  return !!(s.P && s.listening.boundary && fl && fl.xaxis && fl.yaxis);
}

// a click on the boundary's plot area while drawing: remove the drawn point under it, or add one
function onBoundaryClick(p, ev) {
  const { s, el } = p;
  const d = s.draw;
  if (!d.on || !d.pts || !drawable(p) || ev.button !== 0) return;
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
  // one press, one edit: on a touch screen Plotly.js sends a click of its own beside the browser's,
  // and the second would remove the point the first placed
  const last = s.lastClick;
  s.lastClick = { t: ev.timeStamp, x: ev.clientX, y: ev.clientY };
  if (last && ev.timeStamp - last.t < SAME_CLICK_MS && Math.hypot(ev.clientX - last.x, ev.clientY - last.y) < 3) return;
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

// The classes of the drawing (or of the run's points before drawing starts): 0 .. K − 1 up to the
// highest one drawn, at least 2, as playground/drawing.py counts them (an empty class among them too).
function drawnClasses(p) {
  const { s } = p;
  let top = 1;
  if (s.draw.pts) for (const q of s.draw.pts) top = Math.max(top, q[2]);
  else if (s.run) for (let i = 0; i < s.run.n; i++) top = Math.max(top, s.run.py[i]);
  return Math.min(DRAW_CLASSES, top + 1);
}

// The picker offers the classes drawn and the next one (a third class beside two), up to six, and
// always the class picked.
function offeredClasses(p) {
  return Math.min(DRAW_CLASSES, Math.max(drawnClasses(p) + 1, p.s.draw.cls + 1));
}

function className(run, k) {
  return (run && run.cnText[k]) ?? String(k);
}

function pickClass(p, k, focus) {
  const { s, el } = p;
  if (!(k >= 0 && k < offeredClasses(p))) return;
  s.draw.cls = k;
  syncDraw(p);
  if (focus) el.classes[k].focus();
}

// While drawing, the keys 0 to 5 pick the class of new points (the number on its button), and the
// arrows move the pick within the class picker when it has the focus (a radio group). Returns whether
// the key was taken.
function drawKey(p, ev, control) {
  const { s, el } = p;
  if (!s.draw.on || ev.ctrlKey || ev.metaKey) return false;
  const k = ev.key;
  const tag = control ? control.tagName : "";
  if (/^[0-5]$/.test(k) && tag !== "INPUT" && tag !== "SELECT" && Number(k) < offeredClasses(p)) {
    ev.preventDefault();
    pickClass(p, Number(k), el.classes.includes(control));
    return true;
  }
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[k];
  if (step && control && el.classes.includes(control)) {
    ev.preventDefault();
    const n = offeredClasses(p);
    pickClass(p, (s.draw.cls + step + n) % n, true);
    return true;
  }
  return false;
}

// "3 in class 0 · 4 in class 1" for two classes; with more, "9 points: 3 · 3 · 3", the counts in the
// picker's order (in words in the title), so that six classes' tools still fit one line at 1280 px
function drawnCounts(p) {
  const { s } = p;
  const K = drawnClasses(p);
  const counts = new Array(K).fill(0);
  for (const q of s.draw.pts) counts[q[2]]++;
  const words = counts.map((c, k) => `${c} in class ${className(s.run, k)}`).join(" · ");
  if (K === 2) return [words, words];
  return [`${s.draw.pts.length} points: ${counts.join(" · ")}`, words];
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
  const offered = offeredClasses(p);
  // the hints give way to the class buttons: with four or more offered the line has no room for both
  const [hint, more] = el.drawbar.querySelectorAll(".lrp-drawhint");
  setText(hint, offered <= 4 ? "Click the chart to add a point of" : "Add points of");
  more.hidden = offered > 3;
  el.classes.forEach((b, k) => {
    b.hidden = k >= offered;
    b.style.display = k >= offered ? "none" : ""; // player.css gives .lrp-cls a display of its own
    b.setAttribute("aria-checked", d.cls === k ? "true" : "false");
    b.tabIndex = d.cls === k ? 0 : -1; // one stop in the tab order: the arrows move within the group
    b.querySelector(".lrp-swatch").style.color = rgba(s.classes[k] || DRAW_COLORS[k]);
    const name = className(run, k);
    setText(b.querySelector(".lrp-clsname"), name);
    const words = `class ${k} (${DRAW_COLOR_NAMES[k]})`;
    b.setAttribute("aria-label", name === String(k) ? words : `${words}: ${name}`);
    b.title = `New points are of class ${name} (key ${k})`;
  });
  el.undo.disabled = !d.undo.length;
  el.clear.disabled = !d.pts || !d.pts.length;
  if (d.on && d.pts && run) {
    const full = d.pts.length >= MAX_DRAWN ? ` (at most ${MAX_DRAWN})` : "";
    // said here, where the visitor looks, not in a toast over the chart: the split went to 0
    const tested = d.pts.some((p) => p[3]);
    const split = tested ? "" : " · all train";
    const [shown, words] = drawnCounts(p);
    setText(el.drawCount, `${shown}${full}${split}`);
    el.drawCount.setAttribute("aria-label", `${words}${full}${split}`);
    el.drawCount.title =
      (shown === words ? "" : `${words}. `) +
      (tested
        ? "Points of the drawing held out for testing are drawn hollow"
        : "Every point you place trains the model (Test split 0); raise the split in the sidebar to test some");
  }
}
