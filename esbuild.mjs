// Builds the two bundles: the extension host (Node, CommonJS) and the inspector webview (browser).
// Type checking is a separate step (`npm run typecheck`): esbuild only strips types.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // vscode is provided by the host; onnxruntime-node is a native module shipped beside the bundle.
    external: ['vscode', 'onnxruntime-node'],
    sourcemap: !production,
    minify: production,
  },
  {
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log('esbuild: built dist/extension.js and dist/webview.js');
}
