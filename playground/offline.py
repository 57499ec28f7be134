"""The run as one HTML file that plays offline: open it from disk in any browser, with no server and
no network, and the product's own player replays the run (boundary, loss curves, play, pause, the
scrubber, Plotly's zoom, hover and PNG download).

Everything is inline, so nothing is fetched: Plotly.js (the player's build with only the traces it
draws, 1.3 MB, the one the app serves: playground/plotly_bundle.py), the player's CSS, HTML and JS
(the very files the app's component is made of, read from playground/ui/, so the offline player
never drifts from the app's), and the run's payload
(build_payload) as JSON in a <script type="application/json"> block. A small bootstrap at the end of
the player's module stands in for Streamlit: it puts the player's HTML and CSS in a shadow root (as
Streamlit does), and calls the player's default export with the payload, setStateValue and
setTriggerValue as no-ops (there is no Python to report to) and `window.Plotly` already defined by
the inline bundle, so the player's loader finds it and asks for nothing. The page sets Streamlit's
--st-* theme variables itself, light by default and dark under `prefers-color-scheme: dark`, and
runs the player again when the system's appearance changes (as Streamlit does on a theme change).

A Content-Security-Policy in the page forbids every network request (connect, image, font, frame):
Plotly's bundle holds CDN and cloud addresses for features the player never uses, and the
policy makes sure no code path can reach them.

A run of K ≥ 3 classes is the same file: the payload carries n_classes and every class's weights
(W (E+1, K, d), b (E+1, K)), the header says "Classes K" with the classes' names.

Visitor text (class names, axis names, a file's name) is inert: the JSON escapes <, > and & as
\\u003c, \\u003e, \\u0026, so nothing in it can close the script block, and the header's text is
HTML-escaped. This module uses no Streamlit: playground/ui/exports.py offers the file for download.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

from .experiment import Experiment
from .payload import build_payload
from .player_files import player_files
from .plotly_bundle import bundle as player_build
from .settings import LABELS, Settings
from .words import acts, in_words

PRODUCT = "Logistic Regression Playground"
_ABOUT = "plays offline: the data and every epoch's weights are in this file"
MAX_NAME = 80  # a file's name in the header is cut to this many characters

# The player's one export (player.js ends with it). An inline module cannot import itself, so the
# bootstrap, appended to the same module, calls the function under this name instead.
_EXPORT = re.compile(r"^export default function\b", re.M)
_ANY_EXPORT_OR_IMPORT = re.compile(r"^\s*(export|import)\b", re.M)
_PLAYER_NAME = "lrpPlayer"
# characters that must not reach the header: controls, and bidirectional overrides that would make
# a file's name read backwards
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
_RAW_IN_JSON = re.compile("[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# No request may leave the page. The page's scripts and Plotly's styles are inline; the layout images
# are data: URLs; Plotly's PNG download draws a data: image on a canvas and saves it through a blob:
# link. WebGL points (over 1500) need eval: Plotly's regl compiles its draw calls with Function
# (without 'unsafe-eval' the browser test sees the policy refuse it on every frame).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; frame-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

# Streamlit's theme variables, the ones the player reads (player.css, readTheme in player_charts.js):
# Streamlit's light and dark themes, with the app's primary colour (.streamlit/config.toml).
_FONT = '"Source Sans Pro", "Source Sans 3", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
_CODE_FONT = '"Source Code Pro", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
THEMES = {
    "light": {
        "--st-background-color": "#ffffff",
        "--st-secondary-background-color": "#f0f2f6",
        "--st-text-color": "#31333f",
        "--st-primary-color": "#0072b2",
        "--st-border-color": "rgba(49, 51, 63, 0.2)",
        "--st-widget-border-color": "rgba(49, 51, 63, 0.2)",
        "--st-green-text-color": "#177233",
        "--st-green-background-color": "rgba(33, 195, 84, 0.1)",
    },
    "dark": {
        "--st-background-color": "#0e1117",
        "--st-secondary-background-color": "#262730",
        "--st-text-color": "#fafafa",
        "--st-primary-color": "#0072b2",
        "--st-border-color": "rgba(250, 250, 250, 0.2)",
        "--st-widget-border-color": "rgba(250, 250, 250, 0.2)",
        "--st-green-text-color": "#3dd56d",
        "--st-green-background-color": "rgba(61, 213, 109, 0.2)",
    },
}


def plotly_bundle() -> Path:
    """The player's build of plotly.js, the file the app serves (playground/plotly_bundle.py)."""
    return player_build()


def inline_script(code: str) -> str:
    """JavaScript made safe inside <script>…</script>: the HTML parser ends a script at `</script`
    and changes state at `<!--`. Both are rewritten with a backslash, which leaves their meaning
    unchanged inside a string, a template, a regular expression or a comment (where they can occur)."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.I)
    return code.replace("<!--", "<\\!--")


def json_script(value: object) -> str:
    """JSON for a <script type="application/json"> block: <, > and & as \\u escapes (still the same
    JSON), so no text in it, a visitor's included, can close the block or open a comment."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    # JSON allows these two raw; a few older JavaScript engines did not. And a direction override
    # raw in the file would make its source read backwards in an editor ("Trojan Source"): as \u too.
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plain(text: str, limit: int = MAX_NAME) -> str:
    """A visitor's text for the header: one line, no control or direction-override characters, cut
    to `limit` characters (HTML escaping comes after)."""
    text = _UNPRINTABLE.sub(" ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# the header's settings, in the sidebar's order; the test split shows in the number of points
_HEADER_FIELDS = (
    *("dataset", "n_classes", "n_samples", "noise", "balance", "seed", "degree", "standardize"),
    *("penalty", "alpha", "optimizer", "batch_size", "learning_rate"),
)


def classes_in_words(exp: Experiment) -> str:
    """K, and the classes' own names when they are more than their numbers 0..K−1: "3 (setosa,
    versicolor, virginica)"; each name a line of plain text, cut shorter the more there are."""
    k, names = exp.n_classes, [str(c) for c in exp.class_names]
    if names == [str(i) for i in range(k)]:
        return in_words("n_classes", k)
    limit = max(12, MAX_NAME // k)
    return f"{in_words('n_classes', k)} ({', '.join(plain(c, limit) for c in names)})"


def settings_in_words(exp: Experiment, file_name: str | None = None) -> list[tuple[str, str]]:
    """The run's settings as (label, value) pairs in the sidebar's words; settings that did not act
    on this run (the noise of a shipped dataset, α without a penalty) are left out."""
    s: Settings = exp.settings
    n_train, n_test = len(exp.y_train), len(exp.y_test)
    words: list[tuple[str, str]] = []
    for name in _HEADER_FIELDS:
        if name == "dataset" and s.upload:
            words.append((LABELS["upload"], plain(file_name) if file_name else "a CSV file"))
        elif name == "n_classes":
            if acts(s, name) or exp.n_classes > 2:  # the Classes control, or a file's or iris's K
                words.append((LABELS[name], classes_in_words(exp)))
        elif name == "n_samples":  # the points the run had, whatever made them
            words.append((LABELS[name], f"{n_train + n_test} ({n_train} train, {n_test} test)"))
        elif acts(s, name):
            words.append((LABELS[name], in_words(name, getattr(s, name))))
    ran = exp.trainer.history.n_epochs
    words.append((LABELS["epochs"], str(s.epochs) if ran == s.epochs else f"{s.epochs} asked, {ran} run"))
    return words


def _theme_css(name: str) -> str:
    return "".join(f"{k}:{v};" for k, v in THEMES[name].items())


PAGE_CSS = f"""
:root {{ color-scheme: light dark; --st-font: {_FONT}; --st-code-font: {_CODE_FONT}; {_theme_css("light")} }}
@media (prefers-color-scheme: dark) {{ :root {{ {_theme_css("dark")} }} }}
html, body {{ height: 100%; margin: 0; }}
body {{
  display: flex; flex-direction: column; gap: 8px; box-sizing: border-box; padding: 10px 16px 12px;
  background: var(--st-background-color); color: var(--st-text-color); font: 14px/1.35 var(--st-font);
}}
.page-head {{ flex: none; }}
.page-head h1 {{ margin: 0 0 2px; font-size: 20px; font-weight: 700; }}
.page-head p {{ margin: 0; font-size: 13px; }}
.page-head .settings span {{ white-space: nowrap; }}
.page-head .settings b {{ font-weight: 600; }}
.page-head .made {{ opacity: 0.72; }}
#lrp-host {{ flex: 1 1 auto; min-height: 480px; display: block; }}
noscript p {{ padding: 24px 0; }}
"""

# The bootstrap: what Streamlit gives the player's default export, supplied by the page itself.
BOOTSTRAP = f"""
// ---- the offline page's bootstrap (playground/offline.py): Streamlit's part, played by the page
{{
  // the run's JSON, as the app sends it; Plotly.js ran above, inline: the player's loader finds it
  const data = {{ run: document.getElementById("lrp-run").textContent, view: {{ plotly: {{}} }} }};
  const host = document.getElementById("lrp-host");
  const shadow = host.attachShadow({{ mode: "open" }}); // the player's HTML and CSS, as in the app
  shadow.appendChild(document.getElementById("lrp-player").content.cloneNode(true));
  const none = () => {{}}; // nothing to report to: the file has no server
  const mount = () =>
    {_PLAYER_NAME}({{
      name: "lr_player",
      data,
      key: "offline",
      parentElement: shadow,
      setStateValue: none,
      setTriggerValue: none,
    }});
  mount();
  // the system's appearance changed: run the player again, as Streamlit does on a theme change
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", mount);
}}
"""


def player_module(js: str) -> str:
    """The player's module with its default export named, and the bootstrap after it."""
    if len(_EXPORT.findall(js)) != 1 or len(_ANY_EXPORT_OR_IMPORT.findall(js)) != 1:
        raise ValueError(
            "the player's JS must have exactly one `export default function` and no other import or "
            "export at the start of a line: playground/offline.py calls that function by name"
        )
    return _EXPORT.sub(f"const {_PLAYER_NAME} = function", js) + ";\n" + BOOTSTRAP


def offline_payload(
    exp: Experiment, *, epoch: int | None = None, discretize: bool = False, log_scale: bool = False
) -> dict:
    """The player's data for the file: build_payload, opening at `epoch` (default: the last)."""
    data = build_payload(exp, discretize=discretize, log_scale=log_scale)
    if epoch is not None:
        data["start_epoch"] = max(0, min(int(epoch), data["n_epochs"]))
    return data


def offline_html(
    exp: Experiment,
    *,
    epoch: int | None = None,
    discretize: bool = False,
    log_scale: bool = False,
    file_name: str | None = None,
    made: date | None = None,
) -> str:
    """The run as one self-contained HTML page (about 1.5 MB, most of it Plotly.js).

    epoch: where the player opens (default: the run's last epoch); discretize, log_scale: the
    view toggles; file_name: the visitor's CSV file, named in the header when the run used one;
    made: the date in the header (default: today).
    """
    data = offline_payload(exp, epoch=epoch, discretize=discretize, log_scale=log_scale)
    files = player_files()
    plotly = plotly_bundle().read_text(encoding="utf-8")
    words = settings_in_words(exp, file_name)
    e = html.escape
    settings = " · ".join(f"<span><b>{e(label)}</b> {e(value)}</span>" for label, value in words)
    message = exp.trainer.message
    outcome = message[:1].upper() + message[1:] + "."
    s = exp.settings
    title = f"{PRODUCT}: {words[0][1]}, degree {s.degree}, {in_words('optimizer', s.optimizer)}"
    day = (made or date.today()).isoformat()
    if "</style" in files.css.lower() or "</template" in (files.html + files.css).lower():
        raise ValueError("the player's HTML or CSS closes the <template> or <style> that holds it")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{PRODUCT}">
<title>{e(title)}</title>
<style>{PAGE_CSS}</style>
</head>
<body>
<header class="page-head">
<h1>{PRODUCT}: a recorded training run</h1>
<p class="settings">{settings}</p>
<p class="outcome">{e(outcome)}</p>
<p class="made">{day} · made with the {PRODUCT} · {_ABOUT}</p>
</header>
<noscript><p>This page plays the run with JavaScript: allow scripts for this file to see it.</p></noscript>
<div id="lrp-host"></div>
<template id="lrp-player"><style>{files.css}</style><div class="lrp-mount">{files.html}</div></template>
<script type="application/json" id="lrp-run">{json_script(data)}</script>
<script>
{inline_script(plotly)}
</script>
<script type="module">
{inline_script(player_module(files.js))}
</script>
</body>
</html>
"""
