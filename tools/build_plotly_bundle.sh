#!/bin/sh
# Rebuild the player's Plotly.js (playground/ui/vendor/plotly-player-<version>.min.js and its record
# plotly-player.json): plotly.js's core with only the traces the player draws, built from the npm
# package of the very plotly.js version the installed plotly Python package ships.
#
# Run it from anywhere after upgrading plotly in requirements.txt (tests/test_plotly_js.py fails until
# the bundle matches), or after the player starts drawing a new trace type (add it to TRACES in
# tools/plotly_bundle/build.mjs). Needs Node 20+ and npm; the app never needs Node to run or test.
set -eu
here=$(cd "$(dirname "$0")/plotly_bundle" && pwd)
python=${PYTHON:-python}
want=$("$python" -c "import plotly.offline; print(plotly.offline.get_plotlyjs_version())")
cd "$here"
have=$(node -p "require('./package.json').dependencies['plotly.js']")
if [ "$want" != "$have" ]; then
    echo "plotly.js $have -> $want (the version the installed plotly package ships)"
    npm install --save-exact --no-audit --no-fund --ignore-scripts "plotly.js@$want"
fi
# the exact dependency tree of package-lock.json, so that a rebuild gives the same bytes
npm ci --no-audit --no-fund --ignore-scripts
node build.mjs
