// `npm run package`: a platform-specific VSIX (e.g. searchr2-studio-linux-x64-0.1.0.vsix) with the
// production bundle, the trainer's sources and this platform's onnxruntime-node binaries, then a
// check that code-server installs it offline and that the native module loads from the install.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/codeServer.mjs';
import { npmCommand, sh, step, StepError } from './lib/run.mjs';
import { stagePackage } from './lib/stage.mjs';
import { verifyVsix } from './verify-vsix.mjs';

process.chdir(repoRoot);
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const platform = process.platform;
const arch = process.arch;
const target = `${platform}-${arch}`; // vsce's target names match Node's for the common platforms
const stageDir = join(repoRoot, 'out', 'vsix-stage');
const vsix = join(repoRoot, `${name}-${target}-${version}.vsix`);

try {
  await step('production build', () => sh(npmCommand, ['run', '--silent', 'build', '--', '--production']));
  await step(`stage files (onnxruntime-node for ${target} only)`, () => {
    if (!stagePackage(repoRoot, stageDir, { platform, arch }))
      throw new Error(`no onnxruntime binaries for ${target}`);
  });
  await step(`vsce package --target ${target}`, () =>
    sh(
      join(repoRoot, 'node_modules', '.bin', 'vsce'),
      [
        'package',
        '--no-dependencies',
        '--target',
        target,
        '--allow-missing-repository',
        // No repository URL to rewrite the README's relative image links against: keep them relative.
        '--no-rewrite-relative-links',
        '--out',
        vsix,
      ],
      { cwd: stageDir },
    ),
  );
  if (!process.argv.includes('--no-verify')) {
    await step('install the VSIX in code-server (offline) and load onnxruntime-node from it', () =>
      verifyVsix(vsix, { platform, arch }),
    );
  }
  console.log(`packaged ${vsix}`);
} catch (error) {
  console.error(`\npackage failed: ${error instanceof StepError ? error.message : String(error)}`);
  process.exit(1);
}
