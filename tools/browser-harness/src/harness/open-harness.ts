import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureSharedBundle } from '../bundle/build';
import { launchChromium } from '../chromium/launch';
import { harnessRoot, packageDir } from '../paths';
import { startStaticServer, type StaticRoutes } from '../server/static-server';
import { collectPageProblems, formatProblems, type PageProblem } from './page-errors';
import { harnessPageHtml } from './page-html';

/** Options of {@link openHarness}. */
export interface HarnessOptions {
  /** Plugin id → its built `dist` folder; served at `/plugins/<id>/` (so `/plugins/<id>/module.js`) and at
   * `/public/plugins/<id>/`. */
  plugins?: Record<string, string>;
  /** Extra files by URL path, e.g. `{ '/fixtures/module.js': 'define([...], ...)' }`. */
  files?: Record<string, string | Uint8Array>;
  /** Grafana theme for `harness.render` and the page background; default dark. */
  theme?: 'dark' | 'light';
  /** Browser viewport; default 1280×800. */
  viewport?: { width: number; height: number };
  /** Chromium binary; default /usr/bin/chromium. */
  executablePath?: string;
  /** Where {@link Harness.screenshot} writes; default tools/browser-harness/screenshots (git-ignored). */
  screenshotDir?: string;
}

/** An open harness: a Chromium page on the harness page, with `window.harness` ready. */
export interface Harness {
  page: Page;
  context: BrowserContext;
  /** e.g. `http://127.0.0.1:41234`; plugin files are under `${baseUrl}/plugins/<id>/`. */
  baseUrl: string;
  /** Live list of page errors, console errors and failed requests since opening (or the last clear). */
  problems: PageProblem[];
  /** Throws an error listing every collected problem, if there is any. */
  assertNoProblems(): void;
  /** Forgets the problems collected so far (e.g. after a step that fails on purpose). */
  clearProblems(): void;
  /** Saves a full-page PNG as `<screenshotDir>/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser, the server and removes the browser's profile. Safe to call twice. */
  close(): Promise<void>;
}

function routesFor(bundlePath: string, options: HarnessOptions): StaticRoutes {
  const systemjs = join(packageDir('systemjs') ?? join(harnessRoot, 'missing-systemjs'), 'dist');
  const grafanaUi = packageDir('@grafana/ui') ?? join(harnessRoot, 'missing-grafana-ui');
  const files: StaticRoutes['files'] = {
    '/index.html': harnessPageHtml(),
    '/shared.js': { file: bundlePath },
    '/systemjs/system.js': { file: join(systemjs, 'system.js') },
    '/systemjs/extras/amd.js': { file: join(systemjs, 'extras', 'amd.js') },
    ...options.files,
  };
  // Where Grafana serves @grafana/ui's icons (Icon fetches `public/build/img/icons/<set>/<name>.svg`).
  const mounts: StaticRoutes['mounts'] = { '/public/build/img/': join(grafanaUi, 'dist', 'public', 'img') };
  for (const [id, folder] of Object.entries(options.plugins ?? {})) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id)) throw new Error(`browser-harness: invalid plugin id "${id}"`);
    if (!existsSync(folder)) {
      throw new Error(
        `browser-harness: folder of plugin "${id}" not found: ${resolve(folder)} (build the plugin first)`,
      );
    }
    mounts[`/plugins/${id}/`] = resolve(folder);
    // Also where Grafana itself serves plugin files, for code that builds asset URLs from that path.
    mounts[`/public/plugins/${id}/`] = resolve(folder);
  }
  // Grafana's Inter web fonts are not in any npm package: answer empty so the system font is used quietly.
  return { files, mounts, empty: ['/public/fonts/'] };
}

/**
 * Serves the harness page, the shared modules, SystemJS and the given plugin folders on 127.0.0.1,
 * launches Chromium on it and waits until `window.harness` is ready.
 */
export async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
  const bundle = await ensureSharedBundle();
  const server = await startStaticServer(routesFor(bundle.path, options));
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await chromium?.close();
    await server.close();
  };
  try {
    chromium = await launchChromium({ executablePath: options.executablePath, viewport: options.viewport });
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    const problems = collectPageProblems(page);
    await page.goto(`${server.baseUrl}/?theme=${options.theme ?? 'dark'}`);
    const ready = await page.evaluate(() => Boolean((window as { harness?: { ready?: boolean } }).harness?.ready));
    if (!ready) throw new Error(`browser-harness: the harness page did not start:\n${formatProblems(problems)}`);
    const screenshotDir = options.screenshotDir ?? join(harnessRoot, 'screenshots');
    return {
      page,
      context: chromium.context,
      baseUrl: server.baseUrl,
      problems,
      assertNoProblems() {
        if (problems.length > 0)
          throw new Error(`browser-harness: the page had problems:\n${formatProblems(problems)}`);
      },
      clearProblems() {
        problems.length = 0;
      },
      async screenshot(name) {
        await mkdir(screenshotDir, { recursive: true });
        const path = join(screenshotDir, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
