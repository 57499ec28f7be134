// Logistic Regression Playground player, part 6 of 10: the numbers, the equation and the controls.

const SPEED_NAMES = { 0.25: "¼×", 0.5: "½×", 1: "1×", 2: "2×", 4: "4×" };

function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

const at = (a, e) => (a && e < a.length ? a[e] : null);

function updateText(p) {
  const { s, el, root } = p;
  const run = s.run;
  const e = s.epoch;
  root.dataset.epoch = String(e);
  if (el.scrub.value !== String(e)) el.scrub.value = String(e);
  if (s.textEpoch === e) return;
  s.textEpoch = e;
  setText(el.epoch, String(e));
  setText(el.scrubLabel, `${e} / ${run.E}`);
  el.scrub.setAttribute("aria-valuetext", `epoch ${e} of ${run.E}`);
  setText(el.trloss, fmtLoss(at(run.trl, e)));
  setText(el.teloss, fmtLoss(at(run.tel, e)));
  setText(el.tracc, fmtAcc(at(run.tra, e)));
  setText(el.teacc, fmtAcc(at(run.tea, e)));
  setText(el.grad, sig(at(run.gn, e), 3));
  const parts = equationParts(p, e);
  if (s.eqTable) writeTable(p, e);
  else writeEquation(p, parts);
  el.eqline.title =
    run.K > 2
      ? `Class scores at epoch ${e} in raw features: each class's probability is e^z over the sum of ` +
        `e^z of every class, and the boundaries are where the two largest scores tie: ${parts.join("; ")}`
      : `Decision boundary at epoch ${e} in raw features: ${parts[0]}`;
  if (s.last) s.last.epoch = e;
}

const EQ_LABELS = { 2: "Boundary p = 0.5:", K: "Class scores, p = softmax(z):" };

// The equation line's text at epoch e: two classes, the boundary's equation; K ≥ 3, the K score
// functions z_k.
function equationParts(p, e) {
  const run = p.s.run;
  if (run.K === 2 || run.status === "no_run") return [equationText(run, e)];
  return scoreTexts(run, e, 3);
}

// The K score functions as a table where K lines of them would wrap (fitEquation decides): "wide",
// a row per class and a column per feature; "tall" (a phone), a column per class and a row per
// feature. The class's z in its colour.
function writeTable(p, e) {
  const { s, el } = p;
  const wide = s.eqTable === "wide";
  const tall = scoreTable(s.run, e, wide ? 3 : 2);
  const rows = wide ? tall[0].map((_, j) => tall.map((row) => row[j])) : tall;
  // a table wider than the line scrolls sideways: the label says so, and the table takes the
  // keyboard's focus (arrow keys scroll it), so every feature's weight can be reached
  setText(el.eqlabel, EQ_LABELS.K + (s.eqScroll ? " (scroll the table sideways for every feature)" : ""));
  let table = el.eq.firstElementChild;
  const kind = `lrp-ztable lrp-ztable-${s.eqTable}`;
  if (!table || table.className !== kind || table.rows.length !== rows.length) {
    el.eq.textContent = "";
    table = document.createElement("table");
    table.className = kind;
    if (wide) {
      table.tabIndex = 0;
      table.setAttribute("aria-label", "Class scores: a row per class, a column per feature");
    }
    for (const row of rows) {
      const tr = table.insertRow();
      row.forEach((_, j) => {
        const cell = tr.appendChild(document.createElement(tr.rowIndex && j ? "td" : "th"));
        if (!tr.rowIndex && j) cell.scope = "col";
        else if (!j && tr.rowIndex) cell.scope = "row";
      });
    }
    el.eq.append(table);
  }
  // a class's cell: its colour's swatch beside its name in the text colour (a class colour as text
  // falls short of 4.5:1 on white: the orange is 2.3:1), as in the line's score functions
  const classOf = (i, j) => (wide ? (j === 0 && i > 0 ? i - 1 : -1) : i === 0 && j > 0 ? j - 1 : -1);
  rows.forEach((row, i) =>
    row.forEach((text, j) => {
      const cell = table.rows[i].cells[j];
      const k = classOf(i, j);
      if (k < 0) return setText(cell, text);
      if (!cell.firstElementChild) {
        cell.textContent = "";
        withSwatch(cell);
      }
      cell.firstElementChild.style.color = rgba(s.classes[k]);
      setText(cell.lastElementChild, text);
    }),
  );
}

// A class's colour swatch (hidden from screen readers: the name says the class) and a span for its
// text, put into `parent`: the score functions' boxes and the score table's class cells.
function withSwatch(parent) {
  const swatch = document.createElement("span");
  swatch.className = "lrp-zswatch";
  swatch.setAttribute("aria-hidden", "true");
  parent.append(swatch, document.createElement("span"));
}

// The parts into the line: one text (two classes), or one box per class with its colour's swatch,
// which wraps as a whole where the line has room for it.
function writeEquation(p, parts) {
  const { s, el } = p;
  const K = s.run.K;
  setText(el.eqlabel, EQ_LABELS[K === 2 ? 2 : "K"]);
  if (K === 2 || parts.length !== K) {
    setText(el.eq, parts.join(""));
    return;
  }
  if (el.eq.children.length !== K || !el.eq.firstElementChild.classList.contains("lrp-z")) {
    el.eq.textContent = "";
    for (let k = 0; k < K; k++) {
      const box = document.createElement("span");
      box.className = "lrp-z";
      withSwatch(box);
      el.eq.append(box);
    }
  }
  for (let k = 0; k < K; k++) {
    const box = el.eq.children[k];
    box.firstChild.style.color = rgba(s.classes[k]);
    box.title = `Class ${s.run.cnText[k]}`;
    setText(box.lastChild, parts[k]);
  }
}

// what a screen reader says when playback stops at an epoch (not while playing)
function announce(p) {
  const { s, el } = p;
  const run = s.run;
  const e = s.epoch;
  const parts = [];
  if (run.trl) parts.push(`train loss ${fmtLoss(at(run.trl, e))}`);
  if (run.tea) parts.push(`test accuracy ${fmtAcc(at(run.tea, e))}`);
  else if (run.tra) parts.push(`train accuracy ${fmtAcc(at(run.tra, e))}`);
  setText(el.sr, `Epoch ${e} of ${run.E}` + (parts.length ? `: ${parts.join(", ")}` : ""));
}

function syncControls(p) {
  const { s, el, root } = p;
  const run = s.run;
  const playing = s.playing;
  root.dataset.playing = playing ? "true" : "false";
  setText(el.playText, playing ? "Pause" : "Play");
  el.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  el.play.title = playing
    ? "Pause playback (space)"
    : s.epoch >= run.E
      ? "Play the recorded run from epoch 0 (space)"
      : "Play the recorded run (space)";
  el.play.setAttribute("aria-pressed", playing ? "true" : "false");
  el.play.disabled = run.E === 0;
  el.step.disabled = run.E === 0;
  el.end.disabled = run.E === 0;
}

const seconds = (ms) => (ms >= 10000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toPrecision(2))} s`);

function syncStatic(p) {
  const { s, el } = p;
  const run = s.run;
  setText(el.of, ` / ${run.E}`);
  el.scrub.max = String(run.E);
  el.scrub.setAttribute("aria-valuemax", String(run.E));
  const diverged = run.status === "diverged";
  el.badge.hidden = !diverged;
  el.badge.className = "lrp-badge" + (diverged ? " lrp-diverged" : "");
  setText(el.badge, diverged ? "diverged" : "");
  el.badge.title = diverged
    ? `Training diverged: the loss blew up, so the run stops at epoch ${run.E}, the last finite one`
    : "";
  // where the run stopped, said as such: "6 / 221" under it is the epoch shown of the run's 221
  const label =
    run.status === "converged"
      ? `Epoch · converged at ${run.E}`
      : run.status === "max_epochs"
        ? `Epoch · max ${run.E} reached`
        : "Epoch";
  setText(el.epochLabel, label);
  el.epochLabel.title = label;
  const total = run.T[run.E];
  for (const opt of el.speed.options) {
    const m = Number(opt.value);
    const name = SPEED_NAMES[opt.value] || `${m}×`;
    opt.textContent = run.E ? `${name} · ${seconds(total / m)}` : name;
  }
  el.speed.parentElement.title =
    `Playback speed: 1× plays these ${run.E} epochs in ${seconds(total)}, slowly where the weights move ` +
    "most (the first epochs, as a rule) and fast where they barely change";
  fitEquation(p);
}

// The buttons, the speed list and the scrubber, assigned once per player.
function wireControls(p) {
  const { s, el } = p;
  el.play.onclick = () => (s.playing ? pause(p) : play(p));
  el.step.onclick = () => goTo(p, s.epoch + 1, true);
  el.reset.onclick = () => goTo(p, 0, true);
  el.end.onclick = () => goTo(p, s.run.E, true);
  el.speed.onchange = () => {
    s.mult = Number(el.speed.value) || 1;
    s.boost = 1; // the visitor's speed, from now
    if (s.playing) {
      s.t0 = performance.now();
      s.ms0 = timeAt(s.run.T, s.pos);
    }
  };
  el.scrub.oninput = () => goTo(p, Number(el.scrub.value), false);
  el.scrub.onchange = () => goTo(p, Number(el.scrub.value), true);
  el.draw.onclick = () => setDrawMode(p, !s.draw.on);
  el.classes.forEach((b, k) => {
    b.onclick = () => {
      s.draw.cls = k;
      syncDraw(p);
    };
  });
  el.undo.onclick = () => undo(p);
  el.clear.onclick = () => {
    if (s.draw.pts && s.draw.pts.length) edit(p, []);
  };
}
