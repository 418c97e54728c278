// extensionTestsPath must point at JavaScript: bundle the in-host suite (vscode stays external,
// the extension host provides it). Fast enough (~0.1 s) to run before every integration run.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/codeServer.mjs';

export const suiteBundle = join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js');

export async function buildSuite(): Promise<string> {
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'integration', 'suite', 'index.ts')],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return suiteBundle;
}
