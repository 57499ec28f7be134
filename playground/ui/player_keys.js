// Logistic Regression Playground player, part 8 of 10: the keyboard anywhere on the page, and the
// page's downloads of one epoch.

// With more than one player on a page, the keys outside every player go to the one the visitor last
// clicked or focused (at first, the first one set up).
const KEYS = { current: null };
const EPOCH_DOWNLOAD = /(?:^|\s)st-key-lrp-epoch-(\d+)-/; // a download of epoch N (exports.py)
// Focus in one of these outside the player: the key belongs to it (typing, a slider's arrows, a
// focused button's Space), not to playback.
const OWN_KEYS =
  "input, textarea, select, button, a[href], [contenteditable=''], [contenteditable='true'], " +
  "[role=slider], [role=combobox], [role=listbox], [role=option], [role=radio], [role=radiogroup], " +
  "[role=tab], [role=menu], [role=menuitem], [role=spinbutton], [role=switch], [role=checkbox], " +
  "[role=button], [role=textbox], [role=dialog]";

// Space plays and pauses, ←/→ step, Home and End jump, wherever the focus is on the page, except
// in a control that takes the key itself (a text box, a slider, a select, a focused button).
function onKey(p, ev) {
  const { s, root } = p;
  if (!s.run || ev.defaultPrevented || ev.altKey || ev.isComposing || !root.isConnected) return;
  const path = ev.composedPath ? ev.composedPath() : [ev.target];
  const target = path[0] && path[0].closest ? path[0] : null;
  const inPlayer = path.includes(root);
  if (!inPlayer) {
    if (path.some((n) => n instanceof Element && n.classList.contains("lrp-root"))) return; // another player's
    if (KEYS.current && KEYS.current !== root && KEYS.current.isConnected) return;
  }
  const control = target ? target.closest(OWN_KEYS) : null;
  if (control && !inPlayer) return;
  const tag = control ? control.tagName : "";
  const k = ev.key;
  if (ev.ctrlKey || ev.metaKey) {
    if (!ev.shiftKey && (k === "z" || k === "Z") && s.draw.on && s.draw.undo.length) {
      ev.preventDefault();
      undo(p);
    }
    return;
  }
  if (drawKey(p, ev, control)) return; // the class of new points (player_draw.js)
  if (k === " " || ev.code === "Space") {
    if (control) return; // a focused button of the player: Space presses it
    ev.preventDefault();
    if (s.playing) pause(p);
    else play(p);
  } else if (k === "ArrowRight" || k === "ArrowLeft" || k === "Home" || k === "End") {
    if (tag === "INPUT" || tag === "SELECT") return; // the scrubber and the speed list move themselves
    // the wide score table, focused: ←/→ scroll it sideways (player_text.js: writeTable)
    if ((k === "ArrowRight" || k === "ArrowLeft") && target && target.closest(".lrp-ztable-wide")) return;
    ev.preventDefault();
    const to = k === "Home" ? 0 : k === "End" ? s.run.E : s.epoch + (k === "ArrowRight" ? 1 : -1);
    goTo(p, to, true);
  }
}

// A download of one epoch saves the epoch on screen, or nothing: what the visitor does outside the
// player while it plays pauses it first (before the download's own handlers, in the capture phase),
// and a click on a download of another epoch stops there (the rerun after the report offers the
// epoch on screen). Enter clicks on keydown, Space on keyup: both end in a click, checked here.
function outside(p, ev) {
  const { s, root } = p;
  return root.isConnected && s.run && !(ev.composedPath ? ev.composedPath() : []).includes(root);
}
function onOutsidePointer(p, ev) {
  const { s } = p;
  if (s.playing && outside(p, ev)) pause(p);
}
function onOutsideKey(p, ev) {
  const { s } = p;
  const target = ev.composedPath ? ev.composedPath()[0] : ev.target;
  const control = target && target.closest ? target.closest(OWN_KEYS) : null;
  if (s.playing && control && (ev.key === "Enter" || ev.key === " ") && outside(p, ev)) pause(p);
}
function onOutsideClick(p, ev) {
  const { s } = p;
  if (!outside(p, ev)) return;
  const target = ev.composedPath ? ev.composedPath()[0] : ev.target;
  let saves = null;
  for (let n = target; n && n !== document && !saves; n = n.parentElement) {
    saves = typeof n.className === "string" ? n.className.match(EPOCH_DOWNLOAD) : null;
  }
  if (!saves) return;
  if (s.playing) pause(p);
  if (Number(saves[1]) !== s.epoch) {
    ev.preventDefault();
    ev.stopPropagation();
    ev.stopImmediatePropagation();
  }
}

// The player's listeners on the page and on its root, set up once; returns what removes them.
function listenToPage(p) {
  const { root } = p;
  const listeners = [
    [document, "keydown", (ev) => onKey(p, ev), false],
    [document, "pointerdown", (ev) => onOutsidePointer(p, ev), true],
    [document, "keydown", (ev) => onOutsideKey(p, ev), true],
    [document, "click", (ev) => onOutsideClick(p, ev), true],
  ];
  const claimKeys = () => (KEYS.current = root);
  if (!KEYS.current || !KEYS.current.isConnected) claimKeys();
  listeners.push([root, "pointerdown", claimKeys, false], [root, "focusin", claimKeys, false]);
  for (const [target, type, fn, capture] of listeners) target.addEventListener(type, fn, capture);
  return () => {
    for (const [target, type, fn, capture] of listeners) target.removeEventListener(type, fn, capture);
    if (KEYS.current === root) KEYS.current = null;
  };
}
