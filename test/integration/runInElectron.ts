// `npm run test:electron`: the same in-host suite under @vscode/test-electron, for machines
// that can download VS Code (this project's CI machines cannot: they use code-server through
// `npm run test:integration`). Needs `npm run setup` first (venv, build, demo cache).
// VSCODE_VERSION picks the VS Code build to download (default: stable).
import { runTests } from '@vscode/test-electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/codeServer.mjs';
import { buildSuite } from './buildSuite';
import { RESULT_FILE_ENV, type HostTestResult } from './suite/harness';
import { killTrainersUnder } from './trainerProcesses';
import { makeTempWorkspace } from './workspace';

async function main(): Promise<number> {
  const extensionTestsPath = await buildSuite();
  const workspace = makeTempWorkspace('electron');
  const reportFile = join(workspace.root, 'report.json');
  try {
    const exitCode = await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: { [RESULT_FILE_ENV]: reportFile },
      // Other installed extensions would only add noise and time.
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust'],
    }).catch((error: unknown) => {
      console.error(`VS Code under test failed: ${String(error)}`);
      return 1;
    });
    if (existsSync(reportFile)) {
      const { results } = JSON.parse(readFileSync(reportFile, 'utf8')) as { results: HostTestResult[] };
      const failed = results.filter((result) => !result.passed).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
    }
    return exitCode;
  } finally {
    killTrainersUnder(workspace.root);
    workspace.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
