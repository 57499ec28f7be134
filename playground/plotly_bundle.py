"""The player's Plotly.js: a custom build of plotly.js with only the trace types the player draws.

The file lives in playground/ui/vendor/ beside its record (plotly-player.json: the plotly.js version,
the traces, the size and the SHA-256 of the file), both written by tools/build_plotly_bundle.sh from
the npm package of the very plotly.js version the pinned plotly package ships. The full
plotly.min.js of that package is 4.8 MB; this one is about 1.3 MB (0.45 MB gzipped): the core
(`scatter`, every layout component, hover, legend, the modebar and its PNG download), `heatmap` (the
field's invisible hover layer) and `scattergl` (the points of runs over 1500 samples).
tests/test_plotly_js.py fails when the plotly package is upgraded without a rebuild, when the file
differs from its record, or when the player draws a trace type the bundle lacks.

No Streamlit, no plotly: the app (playground/ui/plotly_js.py) serves this file and the offline
player (playground/offline.py) inlines it. Node is needed only to rebuild it.
"""

from __future__ import annotations

import json
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "ui" / "vendor"
RECORD = VENDOR_DIR / "plotly-player.json"


def record() -> dict:
    """What the build wrote down: file, plotly_js_version, traces, bytes, sha256."""
    return json.loads(RECORD.read_text(encoding="utf-8"))


def bundle() -> Path:
    """The bundle's path."""
    return VENDOR_DIR / record()["file"]


def version() -> str:
    """The plotly.js version it was built from ('4.1.1')."""
    return record()["plotly_js_version"]
