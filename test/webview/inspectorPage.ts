// A page with the inspector loaded, seen the way a user (and the integration tests) see it: through
// the data-testid hooks, plus the messages it posted to the (stubbed) host.
import type { Locator, Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/webviewMessages';
import type { PageGlobals } from './pageStubs';

export class InspectorPage {
  /** Text of every alert/confirm/prompt the page opened: hostile text must never open one. */
  readonly dialogs: string[] = [];

  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  async load(): Promise<void> {
    await this.page.goto(this.url);
    await this.waitForPosted((message) => message.type === 'ready');
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForPosted((message) => message.type === 'ready');
  }

  /**
   * Delivers a host message the way VS Code does: a `message` event on the webview's window.
   * It travels as JSON text and is parsed in the page: much faster than Playwright's structured
   * argument serialisation for 100k rollouts, and JSON.stringify escapes lone surrogates, so
   * invalid UTF-16 reaches the page intact instead of being repaired in transit.
   */
  async send(message: HostToWebview): Promise<void> {
    await this.page.evaluate(
      (json) => (globalThis as unknown as PageGlobals).postMessage(JSON.parse(json), '*'),
      JSON.stringify(message),
    );
  }

  /**
   * Sends a message and returns the milliseconds, measured inside the page, from posting it until an
   * element matching `selector` exists: the browser's structured clone of the message (most of it
   * for 100k rollouts) plus the inspector's own work, without the test-to-browser transport.
   */
  async sendAndTime(message: HostToWebview, selector: string): Promise<number> {
    return this.page.evaluate(
      ([json, wanted]) => (globalThis as unknown as PageGlobals).__sendAndTime(json, wanted),
      [JSON.stringify(message), selector] as const,
    );
  }

  /**
   * Waits until the element's text matches. Polls from the test side: `page.waitForFunction` with a
   * string would need eval, which the inspector's CSP rightly forbids.
   */
  async waitForText(locator: Locator, expected: string | RegExp): Promise<void> {
    const deadline = Date.now() + 5000;
    let text = '';
    while (Date.now() < deadline) {
      text = (await locator.textContent()) ?? '';
      if (typeof expected === 'string' ? text === expected : expected.test(text)) return;
      await this.page.waitForTimeout(25);
    }
    throw new Error(`text stayed ${JSON.stringify(text)}, expected ${String(expected)}`);
  }

  /** Waits until the detail shows the given rollout. */
  async waitForDetail(rolloutId: string): Promise<void> {
    await this.page.locator(`[data-testid="rollout-detail"][data-rollout-id="${rolloutId}"]`).waitFor();
  }

  /** Resolves after two animation frames: the list renders rows for a new order on the next frame. */
  async settle(): Promise<void> {
    await this.page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
  }

  /**
   * Runs `action` (a page-side expression) and resolves with the ms, measured in the page, until the
   * text of `selector` changes and matches `expected` (any change when omitted). A string, not a
   * function: tsx's helpers do not exist in the page.
   */
  async timeUntilTextChanges(selector: string, action: string, expected?: RegExp): Promise<number> {
    const wanted = expected === undefined ? 'null' : `new RegExp(${JSON.stringify(expected.source)})`;
    return this.page.evaluate(`(async () => {
      const target = document.querySelector(${JSON.stringify(selector)});
      const wanted = ${wanted};
      const before = target.textContent;
      const started = performance.now();
      ${action};
      await new Promise((resolve) => {
        const done = () => target.textContent !== before && (wanted === null || wanted.test(target.textContent));
        const poll = () => (done() ? resolve() : requestAnimationFrame(poll));
        poll();
      });
      return performance.now() - started;
    })()`);
  }

  async posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).__posted as WebviewToHost[]);
  }

  async waitForPosted(predicate: (message: WebviewToHost) => boolean): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if ((await this.posted()).some(predicate)) return;
      await this.page.waitForTimeout(25);
    }
    throw new Error('the inspector did not post the expected message');
  }

  async cspViolations(): Promise<PageGlobals['__cspViolations']> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations);
  }

  byTestId(id: string): Locator {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  get rows(): Locator {
    return this.byTestId('rollout-row');
  }

  row(rolloutId: string): Locator {
    return this.page.locator(`[data-testid="rollout-row"][data-rollout-id="${rolloutId}"]`);
  }

  get selectedRow(): Locator {
    return this.page.locator('[data-testid="rollout-row"][aria-selected="true"]');
  }

  get detail(): Locator {
    return this.byTestId('rollout-detail');
  }

  get list(): Locator {
    return this.byTestId('rollout-list');
  }

  /** Numbers read from the list scroller, for follow-tail and virtualisation checks. */
  async listScroll(): Promise<{ scrollTop: number; clientHeight: number; scrollHeight: number }> {
    return this.list.evaluate((element) => ({
      scrollTop: element.scrollTop,
      clientHeight: element.clientHeight,
      scrollHeight: element.scrollHeight,
    }));
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
