// Part a: runs the in-host suite (suite/index.ts) inside code-server's real extension host.
// code-server gives no exit code for extensionTestsPath, so the suite writes a JSON report to
// the file named by SEARCHR2_INTEGRATION_RESULT, which the extension host inherits from us.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startCodeServer } from '../../scripts/lib/codeServer.mjs';
import { waitFor } from '../../scripts/lib/processes.mjs';
import { openBrowser } from './browser';
import { buildSuite } from './buildSuite';
import { RESULT_FILE_ENV, type HostTestResult } from './suite/harness';
import { killTrainersUnder } from './trainerProcesses';
import { makeTempWorkspace } from './workspace';

export const resultsDir = join(repoRoot, 'test-results');

export async function runHostSuite(): Promise<HostTestResult[]> {
  mkdirSync(resultsDir, { recursive: true });
  const suite = await buildSuite();
  const workspace = makeTempWorkspace('host');
  const reportFile = join(workspace.root, 'report.json');
  const server = await startCodeServer({
    workspace: workspace.folder,
    logFile: join(resultsDir, 'code-server-host-suite.log'),
    env: { [RESULT_FILE_ENV]: reportFile },
  });
  const { browser, page } = await openBrowser();
  try {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url(workspace.folder, { extensionTestsPath: suite }));
    // code-server dying mid-suite fails the run now, not at the timeout.
    const died = server.exited.then(() =>
      Promise.reject(
        new Error('code-server exited during the suite: see test-results/code-server-host-suite.log'),
      ),
    );
    died.catch(() => undefined); // it also "dies" when we stop it at the end
    const reportWritten = waitFor(
      'the in-host suite to write its report',
      () => {
        if (!existsSync(reportFile)) return undefined;
        return JSON.parse(readFileSync(reportFile, 'utf8')) as { results: HostTestResult[] };
      },
      12 * 60_000,
      500,
    );
    const report = await Promise.race([reportWritten, died]).catch((error: unknown) => {
      const errors = pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : '';
      throw new Error(`${error instanceof Error ? error.message : String(error)}${errors}`);
    });
    return report.results;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    killTrainersUnder(workspace.root);
    workspace.dispose();
  }
}
