// Part b: what a user does, through the real workbench UI in headless Chromium: the command
// palette, the inspector webview's rows and detail, the stop command; then what is left on disk
// and in the process table. The steps share one code-server window, so they run in order.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { repoRoot, startCodeServer, type CodeServer } from '../../scripts/lib/codeServer.mjs';
import { waitFor } from '../../scripts/lib/processes.mjs';
import { openBrowser } from './browser';
import { resultsDir } from './hostSuite';
import { killTrainersUnder, trainerProcessesUnder } from './trainerProcesses';
import { makeTempWorkspace, type TempWorkspace } from './workspace';

export const screenshotPath = join(resultsDir, 'inspector.png');
export const readmeScreenshotPath = join(repoRoot, 'media', 'screenshot-inspector.png');

export class UiSession {
  private constructor(
    readonly workspace: TempWorkspace,
    readonly server: CodeServer,
    readonly page: Page,
    private readonly closeBrowser: () => Promise<void>,
  ) {}

  static async open(): Promise<UiSession> {
    mkdirSync(resultsDir, { recursive: true });
    const workspace = makeTempWorkspace('ui');
    const server = await startCodeServer({
      workspace: workspace.folder,
      logFile: join(resultsDir, 'code-server-ui.log'),
    });
    const { browser, page } = await openBrowser();
    const session = new UiSession(workspace, server, page, () => browser.close());
    await page.goto(server.url(workspace.folder));
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    return session;
  }

  /** The inspector's own document, two iframes deep inside the workbench. */
  get webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /**
   * F1, type `>Category: Title`, Enter. The palette lists commands once, when it opens: while the
   * extension's contributions are still loading it lacks ours, so close it and try again.
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await waitFor(
      `"${title}" in the command palette`,
      async () => {
        // Early keystrokes can land before the workbench has focus: F1 until the palette shows.
        if (!(await input.isVisible())) await this.page.keyboard.press('F1');
        await input.waitFor({ timeout: 2_000 });
        await input.fill(`>${title}`);
        if (
          await row.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          )
        )
          return true;
        await this.page.keyboard.press('Escape');
        return undefined;
      },
      120_000,
      500,
    );
    await input.press('Enter');
  }

  async screenshot(copyForReadme: boolean): Promise<void> {
    await this.page.screenshot({ path: screenshotPath });
    if (copyForReadme) {
      mkdirSync(join(repoRoot, 'media'), { recursive: true });
      copyFileSync(screenshotPath, readmeScreenshotPath);
    }
  }

  /** On a failed step: what the window showed, for whoever reads the CI log. */
  async captureFailure(step: string): Promise<string> {
    const file = join(resultsDir, `ui-failure-${step.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    return file;
  }

  /** The run folder the extension created under <workspace>/.searchr2/runs/. */
  runDir(): string | undefined {
    const runs = join(this.workspace.folder, '.searchr2', 'runs');
    if (!existsSync(runs)) return undefined;
    const dirs = readdirSync(runs)
      .map((name) => join(runs, name))
      .filter((path) => statSync(path).isDirectory());
    return dirs.length === 1 ? dirs[0] : undefined;
  }

  trainers() {
    return trainerProcessesUnder(this.workspace.root);
  }

  async close(): Promise<void> {
    await this.closeBrowser().catch(() => undefined);
    await this.server.stop();
    killTrainersUnder(this.workspace.root);
    this.workspace.dispose();
  }
}

export { waitFor };
