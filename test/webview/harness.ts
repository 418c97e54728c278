// Runs the real inspector in headless Chromium: bundles webview/src with esbuild into a temp dir,
// serves it with the HTML from the REAL renderInspectorHtml (so the real CSP applies) plus a nonce'd
// stand-in for VS Code's `acquireVsCodeApi`, and opens pages on a random 127.0.0.1 port.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { renderInspectorHtml } from '../../src/panel/inspectorHtml';
import { launchChromium } from '../support/chromium';
import { InspectorPage } from './inspectorPage';
import { themeCss, vscodeApiStub, type ThemeName } from './pageStubs';

export const repoRoot = path.resolve(__dirname, '../..');

async function buildBundle(outdir: string): Promise<void> {
  // Same options as esbuild.mjs's webview build, into a private dir so parallel test files never race.
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'webview/src/main.ts')],
    outfile: path.join(outdir, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
}

function harnessHtml(origin: string, theme: ThemeName): string {
  const nonce = randomBytes(16).toString('base64');
  const html = renderInspectorHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/dist/webview.css`,
  });
  // After the CSP <meta>, so the stubs run under the same policy as the inspector itself.
  const stubs = `<style nonce="${nonce}">${themeCss[theme]}</style>\n<script nonce="${nonce}">${vscodeApiStub}</script>\n`;
  return html.replace('</head>', `${stubs}</head>`);
}

export class InspectorHarness {
  private constructor(
    private readonly browser: Browser,
    private readonly server: Server,
    private readonly outdir: string,
    readonly origin: string,
    /** Every path pages requested: a hostile <img src=x> that tried to load would show up here. */
    readonly requests: readonly string[],
  ) {}

  static async start(): Promise<InspectorHarness> {
    const outdir = await mkdtemp(path.join(tmpdir(), 'searchr2-webview-'));
    await buildBundle(outdir);
    const files: Record<string, { body: Buffer; type: string }> = {
      '/dist/webview.js': { body: await readFile(path.join(outdir, 'webview.js')), type: 'text/javascript' },
      '/dist/webview.css': { body: await readFile(path.join(outdir, 'webview.css')), type: 'text/css' },
    };
    let origin = '';
    const requests: string[] = [];
    const server = createServer((request, response) => {
      const url = request.url ?? '/';
      requests.push(url);
      const theme: ThemeName = url === '/?theme=light' ? 'light' : 'dark';
      const isPage = url === '/' || url === '/?theme=light';
      const file = isPage ? { body: Buffer.from(harnessHtml(origin, theme)), type: 'text/html' } : files[url];
      if (file === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': `${file.type}; charset=utf-8` }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    return new InspectorHarness(browser, server, outdir, origin, requests);
  }

  /** A fresh browser context (own sessionStorage, so own VS Code state) with the inspector loaded. */
  async open(viewport = { width: 1200, height: 700 }, theme: ThemeName = 'dark'): Promise<InspectorPage> {
    const context = await this.browser.newContext({ viewport });
    const page = await context.newPage();
    const inspector = new InspectorPage(
      page,
      theme === 'light' ? `${this.origin}/?theme=light` : `${this.origin}/`,
    );
    await inspector.load();
    return inspector;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.outdir, { recursive: true, force: true });
  }
}
