// Proves a VSIX is installable where it matters: `code-server --install-extension` offline into
// a throwaway extensions folder, the expected files present, no other platform's binaries, and
// onnxruntime-node loading (native binding included) from the installed copy.
// Run alone: `node scripts/verify-vsix.mjs <file.vsix>`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry } from './lib/codeServer.mjs';

export async function verifyVsix(vsix, { platform = process.platform, arch = process.arch } = {}) {
  if (!existsSync(codeServerEntry)) throw new Error('code-server is not installed: run `npm run setup`');
  const scratch = mkdtempSync(join(tmpdir(), 'searchr2-vsix-'));
  try {
    const extensionsDir = join(scratch, 'extensions');
    execFileSync(
      process.execPath,
      [
        codeServerEntry,
        '--user-data-dir',
        join(scratch, 'user-data'),
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        vsix,
      ],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
          XDG_DATA_HOME: join(scratch, 'xdg-data'),
        },
      },
    );
    const installed = readdirSync(extensionsDir).find((entry) =>
      entry.startsWith('searchr2.searchr2-studio'),
    );
    if (!installed) throw new Error(`nothing installed in ${extensionsDir}`);
    const root = join(extensionsDir, installed);
    // vsce ships LICENSE as LICENSE.txt.
    for (const file of [
      'package.json',
      'dist/extension.js',
      'dist/webview.js',
      'LICENSE.txt',
      'trainer/pyproject.toml',
    ]) {
      if (!existsSync(join(root, file))) throw new Error(`the installed extension lacks ${file}`);
    }
    const ortBin = join(root, 'dist', 'node_modules', 'onnxruntime-node', 'bin');
    for (const napi of readdirSync(ortBin)) {
      const platforms = readdirSync(join(ortBin, napi));
      if (platforms.join() !== platform)
        throw new Error(`unexpected onnxruntime platforms in ${napi}: ${platforms.join(', ')}`);
      const arches = readdirSync(join(ortBin, napi, platform));
      if (arches.join() !== arch)
        throw new Error(`unexpected onnxruntime architectures: ${arches.join(', ')}`);
    }
    // Resolve it the way dist/extension.js does, and run an inference-free call into the binding.
    const probe = `const ort = require(require.resolve('onnxruntime-node', { paths: [${JSON.stringify(join(root, 'dist'))}] })); if (typeof ort.InferenceSession?.create !== 'function') throw new Error('no InferenceSession'); console.log('onnxruntime-node loads from the installed extension');`;
    execFileSync(process.execPath, ['-e', probe], { stdio: 'inherit' });
    console.log(`    installed as ${installed}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const vsix = process.argv[2];
  if (!vsix) {
    console.error('usage: node scripts/verify-vsix.mjs <file.vsix>');
    process.exit(2);
  }
  await verifyVsix(resolve(vsix));
}
