// Logistic Regression Playground player, part 1 of 5: loading Plotly.js.
//
// Also the whole module of the Playground's preloader (playground/ui/preload.py), which starts the
// download while the page is still being built, so the player finds Plotly.js loaded or on its way.

// One load per page, shared by every player instance (and kept across reruns): window.Plotly once
// the bundle has run. spec = {url, source}: url is the static file; source, the bundle's text, comes
// only when the server cannot serve the file or the browser asked for it with askForSource()
// (once per page: when the file would not load, or there is neither a URL nor a text).
function loadPlotly(spec, askForSource) {
  const L = (window.__lrpPlotly = window.__lrpPlotly || { state: "idle", asked: false, waiters: [] });
  const settle = () => {
    L.state = "ready";
    for (const w of L.waiters.splice(0)) w(window.Plotly);
  };
  const ask = () => {
    if (L.asked) return;
    L.asked = true;
    askForSource();
  };
  const inject = (src, onFail) => {
    L.state = "loading";
    const el = document.createElement("script");
    el.src = src;
    el.async = true;
    el.onload = () => (window.Plotly ? settle() : onFail());
    el.onerror = onFail;
    document.head.appendChild(el);
  };
  const failed = () => (L.state = "failed");
  if (window.Plotly && L.state !== "ready") settle();
  if (L.state === "idle" || L.state === "failed") {
    spec = spec || {};
    if (typeof spec.source === "string" && spec.source) {
      inject(URL.createObjectURL(new Blob([spec.source], { type: "text/javascript" })), failed);
    } else if (spec.url && L.state === "idle") {
      inject(new URL(spec.url, document.baseURI).href, () => {
        failed();
        ask();
      });
    } else {
      ask();
    }
  }
  return new Promise((resolve) => (L.state === "ready" ? resolve(window.Plotly) : L.waiters.push(resolve)));
}
