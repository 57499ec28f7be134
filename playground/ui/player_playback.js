// Logistic Regression Playground player, part 7 of 10: rendering, playback and its clock, reports.
//
// Playback runs on requestAnimationFrame along the run's timeline (run.T: the time at 1×, in ms, at
// which each epoch shows): the position is where the timeline is at ms0 + (now - t0) × the speed.
// What is shown goes to the page in one report ({run_id, epoch, playing}) when playback stops.

const AUTOPLAY_DELAY_MS = 700; // on landing, epoch 0 shows this long before playback starts
const BRISK_MS = 4000; // a run made by changing a control plays in at most this long

function render(p) {
  const { s, root } = p;
  if (!s.run || !s.theme) return;
  updateText(p);
  if (plotted(p, "loss")) drawCursor(p);
  if (plotted(p, "boundary")) {
    drawBoundary(p);
    s.frames++;
    root.dataset.frames = String(s.frames);
    root.dataset.position = String(Math.round(s.pos * 1000) / 1000); // the boundary drawn (epoch + tween)
    if (!s.playing) scheduleHover(p);
  }
  if (s.stale.boundary || s.stale.loss) plot(p);
}

function requestRender(p) {
  const { s } = p;
  if (s.playing || s.pending) return;
  s.pending = requestAnimationFrame(() => {
    s.pending = 0;
    render(p);
  });
}

// one value, so that the page never reads an epoch of one report with the play state of another
function report(p, playing = false) {
  const { s } = p;
  s.serverPlaying = playing;
  if (typeof s.setStateValue === "function") {
    // `drawing`: the drawing tools are open, so the page holds its status line to one height
    s.setStateValue("shown", { run_id: s.run.runId, epoch: s.epoch, playing, drawing: !!s.draw.on });
  }
}

function tick(p) {
  const { s } = p;
  s.raf = 0;
  if (!s.playing) return;
  const run = s.run;
  const pos = positionAt(run.T, s.ms0 + (performance.now() - s.t0) * s.mult * s.boost);
  if (pos >= run.E) {
    s.pos = s.epoch = run.E;
    s.playing = false;
    render(p);
    syncControls(p);
    announce(p);
    report(p);
    return;
  }
  s.pos = pos;
  s.epoch = Math.floor(pos);
  render(p);
  s.raf = requestAnimationFrame(() => tick(p));
}

function play(p, boost = 1) {
  const { s } = p;
  cancelAutoplay(p);
  if (!s.run || s.run.E === 0 || s.playing) return;
  if (s.draw.on) setDrawMode(p, false); // watching, not drawing: a pending drawing is sent now
  if (s.epoch >= s.run.E) s.pos = s.epoch = 0;
  s.playing = true;
  s.boost = boost;
  if (!s.serverPlaying) report(p, true); // the page's downloads of one epoch wait (one rerun, not per frame)
  s.t0 = performance.now();
  s.ms0 = timeAt(s.run.T, s.pos);
  if (s.pending) {
    cancelAnimationFrame(s.pending);
    s.pending = 0;
  }
  clearTimeout(s.hoverTimer);
  syncControls(p);
  setHoverMode(p, "playing");
  render(p);
  s.raf = requestAnimationFrame(() => tick(p));
}

function stop(p) {
  const { s } = p;
  s.playing = false;
  s.boost = 1;
  if (s.raf) cancelAnimationFrame(s.raf);
  s.raf = 0;
  s.pos = s.epoch; // paused, the player shows a recorded epoch
  if (s.run) syncControls(p);
}

function pause(p) {
  const { s } = p;
  cancelAutoplay(p);
  if (!s.playing) return;
  stop(p);
  render(p);
  announce(p);
  report(p);
}

function goTo(p, e, doReport) {
  const { s } = p;
  cancelAutoplay(p);
  if (!s.run) return;
  if (s.playing) stop(p);
  s.pos = s.epoch = clamp(Math.round(e), 0, s.run.E);
  syncControls(p);
  render(p);
  if (doReport) {
    announce(p);
    report(p);
  }
}

// the landing run plays once, shortly after both charts are drawn, unless the visitor acts first
// or their system asks for reduced motion
function startAutoplay(p) {
  const { s } = p;
  s.autoplay = false;
  clearTimeout(s.autoTimer);
  s.autoTimer = setTimeout(() => {
    s.autoTimer = 0;
    // briskly: the whole run in at most BRISK_MS at the chosen speed
    const boost = s.brisk ? Math.max(1, s.run.T[s.run.E] / (s.mult * BRISK_MS)) : 1;
    if (!s.playing && !s.draw.on) play(p, boost);
  }, AUTOPLAY_DELAY_MS);
}

function cancelAutoplay(p) {
  const { s } = p;
  s.autoplay = false;
  clearTimeout(s.autoTimer);
  s.autoTimer = 0;
}
