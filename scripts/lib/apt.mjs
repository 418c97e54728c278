// Debian packages the project needs on a fresh machine: chromium (webview and UI tests),
// ripgrep (code-server's search), libkrb5-dev + pkg-config + g++ + make (code-server's native
// modules compile from source, see OFFLINE-TOOLING.md) and python3-venv (the trainer's venv).
import { spawnSync } from 'node:child_process';
import { sh } from './run.mjs';

export const debianPackages = [
  'chromium',
  'ripgrep',
  'libkrb5-dev',
  'pkg-config',
  'g++',
  'make',
  'python3-venv',
];

function installed(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs what is missing (as root), or says exactly what to install and fails (otherwise). */
export async function ensureDebianPackages() {
  if (spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log(
      `    not a Debian system: make sure these (or their equivalents) are installed: ${debianPackages.join(' ')}`,
    );
    return;
  }
  const missing = debianPackages.filter((pkg) => !installed(pkg));
  if (missing.length === 0) {
    console.log('    all present');
    return;
  }
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}.\n  Install them, then rerun: sudo sh -c '${command}'`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`    installing ${missing.join(' ')}`);
  await sh('apt-get', ['update'], { env });
  await sh('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}
