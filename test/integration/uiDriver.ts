// Part b: what a user does, through the real workbench UI in headless Chromium: the command
// palette, the inspector webview's rows and detail, notifications and their buttons, the stop
// command; then what is left on disk and in the process table. The steps share one code-server
// window, so they run in order.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
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

  /** A notification whose message matches: a toast, or a row of the notification centre. */
  notification(message: RegExp | string): Locator {
    return this.page.locator('.notification-list-item', { hasText: message }).first();
  }

  /**
   * Waits for a notification whose message matches and returns it. The workbench shows no toast
   * for some notifications (seen with the long crash message: only the status bar's bell has it) and
   * hides others after a while; the notification centre lists them all, so it is opened when no
   * toast shows within a few seconds (it lists later ones too, as they come).
   */
  async waitForNotification(message: RegExp | string, timeoutMs: number): Promise<Locator> {
    const item = this.notification(message);
    const started = Date.now();
    let centreOpened = false;
    await waitFor(
      `a notification matching ${String(message)}`,
      async () => {
        if (await item.isVisible()) return true;
        if (!centreOpened && Date.now() - started > 3_000) {
          centreOpened = true;
          await this.runCommand('Notifications: Show Notifications');
        }
        return undefined;
      },
      timeoutMs,
      500,
    );
    return item;
  }

  /** Clicks `button` on the notification whose message matches; returns the message. */
  async clickNotificationButton(
    message: RegExp | string,
    button: string,
    timeoutMs: number,
  ): Promise<string> {
    const item = await this.waitForNotification(message, timeoutMs);
    const text = (await item.locator('.notification-list-item-message').textContent()) ?? '';
    await item.locator('.monaco-button', { hasText: button }).first().click();
    return text;
  }

  async screenshot(copyForReadme: boolean): Promise<void> {
    await this.page.screenshot({ path: screenshotPath });
    if (copyForReadme) {
      mkdirSync(join(repoRoot, 'media'), { recursive: true });
      copyFileSync(screenshotPath, readmeScreenshotPath);
    }
  }

  /**
   * On a failed step: what the window showed, for whoever reads the CI log, and beside it the
   * extension's "Search-R2" output channel (the trainer's stderr and the extension's log) as `.log`.
   */
  async captureFailure(step: string): Promise<string> {
    const file = join(resultsDir, `ui-failure-${step.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    const log = this.extensionLog();
    if (log !== undefined) copyFileSync(log, file.replace(/\.png$/, '.log'));
    return file;
  }

  /** The extension's output channel log file, in code-server's throwaway user-data folder. */
  extensionLog(): string | undefined {
    try {
      const argv = readFileSync(`/proc/${this.server.pid}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf('--user-data-dir');
      const userData = at < 0 ? undefined : argv[at + 1];
      if (userData === undefined) return undefined;
      const logs = readdirSync(join(userData, 'logs'), { recursive: true, encoding: 'utf8' });
      const found = logs.filter((path) => path.endsWith('Search-R2.log')).sort();
      return found.length === 0 ? undefined : join(userData, 'logs', found[found.length - 1]!);
    } catch {
      return undefined;
    }
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
