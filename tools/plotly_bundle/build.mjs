// Plotly.js for the player, with only the trace types it draws (playground/ui/player_charts.js):
// plotly.js's core (which always holds `scatter`, every layout component, hover, legend and the
// modebar's PNG download) plus `heatmap` (the field's invisible hover layer) and `scattergl` (the
// points of runs over 1500 samples). Run it through tools/build_plotly_bundle.sh.
//
// This is plotly.js's own partial-bundle recipe (its repository's tasks/custom_bundle.mjs, which the
// npm package does not ship): an index that requires lib/core and registers the chosen traces,
// bundled by esbuild with the settings of the package's esbuild-config.js, the attribute
// descriptions stripped as its tasks/compress_attributes.js does, the same licence header and the
// same UMD wrapper as its dist files. One departure: the maplibre-gl stylesheet, which the registry
// injects only when a map trace is registered (none is here), is left out.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import { glsl } from 'esbuild-plugin-glsl';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
// where the bundle goes: the repository's playground/ui/vendor/, or the folder given
const outDir = path.resolve(process.argv[2] || path.join(here, '..', '..', 'playground', 'ui', 'vendor'));

// the traces the player draws; scatter is in the core of every plotly.js bundle
export const TRACES = ['scatter', 'heatmap', 'scattergl'];

const pkgDir = path.dirname(require.resolve('plotly.js/package.json'));
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

const index = [
    "'use strict';",
    '',
    "var Plotly = require('plotly.js/lib/core');",
    '',
    'Plotly.register([',
    ...TRACES.filter((t) => t !== 'scatter').map((t) => `    require('plotly.js/lib/${t}'),`),
    ']);',
    '',
    'module.exports = Plotly;',
    '',
].join('\n');

// tasks/compress_attributes.js: the attributes' descriptions serve plotly.js's schema and docs,
// never a chart
const meta = (attr, body) => new RegExp(`\\s*${attr}: ${body},?`, 'g');
const STRIP = [
    meta('description', "'.*'"),
    meta('description', '\\[[\\s\\S]*?\\]\\.join\\([\\s\\S]*?\\)'),
    meta('requiredOpts', '\\[[\\s\\S]*?\\]'),
    meta('otherOpts', '\\[[\\s\\S]*?\\]'),
    meta('role', "'.*'"),
    meta('hrName', "'.*'"),
];
const compress = (code) => STRIP.reduce((c, r) => c.replace(r, ''), code);

const srcDir = path.join(pkgDir, 'src') + path.sep; // plotly.js's own sources, not its dependencies
const compressAttributes = {
    name: 'compress-attributes',
    setup(b) {
        b.onLoad({ filter: /\.js$/ }, (args) =>
            args.path.startsWith(srcDir)
                ? { contents: compress(readFileSync(args.path, 'utf8')), loader: 'js' }
                : undefined,
        );
    },
};
const noMapStyles = {
    name: 'no-map-styles',
    setup(b) {
        b.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => ({
            path: 'maplibre-gl.css',
            namespace: 'empty',
        }));
        b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
    },
};

// plotly.js's own licence header, taken from its dist file, with the build named in it
const distHead = readFileSync(path.join(pkgDir, 'dist', 'plotly.min.js'), 'utf8').slice(0, 1000);
const stamp = `plotly.js v${version}`;
const header =
    distHead.slice(0, distHead.indexOf('*/') + 2).replace(stamp, `${stamp} (lrp-player: ${TRACES.join(', ')} - minified)`) + '\n';
if (!header.includes('(lrp-player') || !header.includes('MIT license')) {
    throw new Error(`unexpected header in plotly.js's dist file: ${header}`);
}
const wrapperStart = [
    '(',
    ' function(root, factory) {',
    '  if (typeof module === "object" && module.exports) {',
    '   module.exports = factory();',
    '  } else {',
    '   root.moduleName = factory();',
    '  }',
    '} (typeof self !== "undefined" ? self : this, () => {',
    '',
].join('\n');
const wrapperEnd = ['', 'window.Plotly = Plotly;', 'return Plotly;', '}));', ''].join('\n');

const result = await build({
    stdin: { contents: index, resolveDir: here, sourcefile: 'index-lrp-player.js', loader: 'js' },
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    write: false,
    plugins: [
        noMapStyles,
        compressAttributes,
        InlineCSSPlugin(),
        glsl({ minify: true }),
        environmentPlugin({ NODE_DEBUG: false }),
    ],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
});
const code = header + wrapperStart + result.outputFiles[0].text + wrapperEnd;
const name = `plotly-player-${version}.min.js`;
mkdirSync(outDir, { recursive: true });
// one bundle in the folder: the one of this version
for (const f of readdirSync(outDir)) {
    if (/^plotly-player-.*\.min\.js$/.test(f) && f !== name) rmSync(path.join(outDir, f));
}
writeFileSync(path.join(outDir, name), code);
const record = {
    file: name,
    plotly_js_version: version,
    traces: TRACES,
    bytes: Buffer.byteLength(code),
    sha256: createHash('sha256').update(code).digest('hex'),
    built_by: 'tools/build_plotly_bundle.sh',
};
writeFileSync(path.join(outDir, 'plotly-player.json'), JSON.stringify(record, null, 2) + '\n');
console.log(`${name}: ${record.bytes} bytes, traces ${TRACES.join(', ')}`);
