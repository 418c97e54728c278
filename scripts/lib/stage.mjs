// Builds the folder a VSIX is made from. `vsce package --no-dependencies` never takes the
// project's node_modules, and onnxruntime-node ships every platform (288 MB unpacked): so we
// copy just its runtime and this platform's binaries to dist/node_modules/, where Node's
// resolution from dist/extension.js finds it first. Everything else is filtered later by the
// .vscodeignore allowlist.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const rootEntries = ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'dist', 'media', 'trainer'];

export function stagePackage(repoRoot, stageDir, { platform, arch }) {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  for (const entry of rootEntries) {
    const from = join(repoRoot, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(stageDir, entry), {
      recursive: true,
      // Not shipped: source maps (a dev build may have left them), Python bytecode, build metadata.
      filter: (src) =>
        !src.endsWith('.map') &&
        !src.split(sep).some((part) => part === '__pycache__' || part.endsWith('.egg-info')),
    });
  }
  const modules = join(stageDir, 'dist', 'node_modules');
  // The native binding, only `bin/napi-v*/<platform>/<arch>/`, and its one runtime dependency.
  const ort = join(repoRoot, 'node_modules', 'onnxruntime-node');
  cpSync(ort, join(modules, 'onnxruntime-node'), {
    recursive: true,
    filter: (src) => keepOnnxruntimeFile(relative(ort, src), platform, arch),
  });
  cpSync(join(repoRoot, 'node_modules', 'onnxruntime-common'), join(modules, 'onnxruntime-common'), {
    recursive: true,
  });
  return readdirSync(join(modules, 'onnxruntime-node', 'bin')).length > 0;
}

function keepOnnxruntimeFile(path, platform, arch) {
  const parts = path.split(sep).filter(Boolean);
  if (parts.length === 0) return true;
  if (parts[0] === 'script' || parts[0] === 'lib') return false; // the download installer and TS sources
  if (path.endsWith('.map')) return false;
  if (parts[0] !== 'bin') return true;
  // bin/napi-vN/<platform>/<arch>/...
  if (parts.length >= 3 && parts[2] !== platform) return false;
  if (parts.length >= 4 && parts[3] !== arch) return false;
  return true;
}
