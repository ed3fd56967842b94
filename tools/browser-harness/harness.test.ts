/**
 * @jest-environment node
 */
// Smoke test of the browser harness: hand-written AMD modules, loaded by SystemJS in Debian's Chromium,
// must receive Grafana's shared modules and render @grafana/ui inside the theme.
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSharedBundle, openHarness, REQUIRED_SHARED_MODULES, type Harness } from './src';

// What `tsup` + an AMD wrapper produce for a panel plugin, written by hand.
const PANEL_MODULE = `define(['react', '@grafana/data', '@grafana/ui'], function (React, data, ui) {
  function HelloPanel(props) {
    return React.createElement(ui.Button, { variant: 'primary', icon: 'bolt' }, 'Hello ' + props.options.who);
  }
  return { plugin: new data.PanelPlugin(HelloPanel), HelloPanel: HelloPanel };
});`;

// Asks for every shared module and hands back what it received.
const ALL_SHARED_MODULE = `define(${JSON.stringify(REQUIRED_SHARED_MODULES)}, function () {
  return { received: Array.prototype.slice.call(arguments) };
});`;

function rawGet(url: string): Promise<number | undefined> {
  const { host, pathname } = new URL(url);
  const [hostname, port] = host.split(':');
  const path = url.slice(url.indexOf(pathname));
  return new Promise((done, fail) =>
    get({ hostname, port, path }, (response) => done(response.resume().statusCode)).on('error', fail),
  );
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries++) await new Promise((done) => setTimeout(done, 50));
}

const THROWING_MODULE = `define(['react'], function () { throw new Error('plugin exploded'); });`;

describe('browser harness', () => {
  let harness: Harness;
  let pluginDir: string;

  beforeAll(async () => {
    pluginDir = await mkdtemp(join(tmpdir(), 'harness-plugin-'));
    await writeFile(join(pluginDir, 'module.js'), PANEL_MODULE);
    await writeFile(join(pluginDir, 'plugin.json'), JSON.stringify({ id: 'hello-panel', type: 'panel' }));
    harness = await openHarness({
      plugins: { 'hello-panel': pluginDir },
      files: { '/fixtures/all-shared.js': ALL_SHARED_MODULE, '/fixtures/throwing.js': THROWING_MODULE },
    });
  });

  afterAll(async () => {
    await harness?.close();
    await rm(pluginDir, { recursive: true, force: true });
  });

  afterEach(() => harness.clearProblems());

  it('loads a plugin module whose PanelPlugin is an instance of the shared PanelPlugin class', async () => {
    const result = await harness.page.evaluate(async () => {
      const loaded = await window.harness.load<{ plugin: unknown }>('/plugins/hello-panel/module.js');
      const { PanelPlugin } = window.harness.shared['@grafana/data'];
      return { isPanelPlugin: loaded.plugin instanceof PanelPlugin, className: loaded.plugin?.constructor.name };
    });
    expect(result).toEqual({ isPanelPlugin: true, className: 'PanelPlugin' });
    harness.assertNoProblems();
  });

  it("renders the plugin's panel with @grafana/ui inside Grafana's dark theme", async () => {
    await harness.page.evaluate(async () => {
      const loaded = await window.harness.load<{ HelloPanel: (props: { options: { who: string } }) => never }>(
        '/plugins/hello-panel/module.js',
      );
      window.harness.render(loaded.HelloPanel, { options: { who: 'operator' } });
    });
    const button = harness.page.getByRole('button', { name: 'Hello operator' });
    await expect(button.textContent()).resolves.toBe('Hello operator');
    // The primary Button takes its colour from the theme given through ThemeContext.
    const colours = await button.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = window.harness.theme('dark').colors.primary.main;
      document.body.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return { actual: getComputedStyle(el).backgroundColor, expected };
    });
    expect(colours.actual).toBe(colours.expected);
    const shot = await harness.screenshot('harness-smoke-dark');
    expect(existsSync(shot)).toBe(true);
    harness.assertNoProblems();
  });

  it('renders in the light theme when asked', async () => {
    const isLight = await harness.page.evaluate(() => {
      const { Button, useTheme2 } = window.harness.shared['@grafana/ui'];
      const React = window.harness.shared.react;
      function ThemeName() {
        return React.createElement(Button, null, `theme:${useTheme2().name}`);
      }
      window.harness.render(React.createElement(ThemeName), { theme: 'light' });
      return window.harness.theme('light').isLight;
    });
    expect(isLight).toBe(true);
    await expect(harness.page.getByRole('button').textContent()).resolves.toBe('theme:Light');
    await harness.screenshot('harness-smoke-light');
    harness.assertNoProblems();
  });

  it('gives an AMD module the same instance of every shared module the page holds', async () => {
    const report = await harness.page.evaluate(
      async (names) => {
        const loaded = await window.harness.load<{ received: unknown[] }>('/fixtures/all-shared.js');
        return names.map((name, i) => ({ name, same: loaded.received[i] === window.harness.shared[name] }));
      },
      [...REQUIRED_SHARED_MODULES],
    );
    expect(report.filter((entry) => !entry.same)).toEqual([]);
    const kinds = await harness.page.evaluate(async () => {
      const { received } = await window.harness.load<{ received: Record<string, unknown>[] }>(
        '/fixtures/all-shared.js',
      );
      const [react, , , jsxRuntime, , , , , rxjs, , , lodash, moment] = received as Record<string, unknown>[];
      return {
        createElement: typeof react?.createElement,
        jsx: typeof jsxRuntime?.jsx,
        of: typeof rxjs?.of,
        lodash: typeof lodash,
        moment: typeof moment,
      };
    });
    expect(kinds).toEqual({
      createElement: 'function',
      jsx: 'function',
      of: 'function',
      lodash: 'function',
      moment: 'function',
    });
  });

  it('reports a module that throws as a rejected load', async () => {
    const message = await harness.page.evaluate(() =>
      window.harness.load('/fixtures/throwing.js').then(
        () => 'loaded',
        (error: Error) => error.message,
      ),
    );
    expect(message).toContain('plugin exploded');
  });

  it('collects console errors and failed requests as problems', async () => {
    await harness.page.evaluate(async () => {
      console.error('something broke');
      await fetch('/plugins/hello-panel/missing.js');
    });
    await waitFor(() => harness.problems.length >= 2);
    expect(harness.problems.map((p) => p.kind).sort()).toEqual(['console', 'http']);
    expect(() => harness.assertNoProblems()).toThrow(/something broke/);
  });

  it('serves only files inside a plugin folder', async () => {
    const inside = await fetch(`${harness.baseUrl}/plugins/hello-panel/plugin.json`);
    expect(await inside.json()).toEqual({ id: 'hello-panel', type: 'panel' });
    // A raw request path, because fetch would normalise the `..` segments away before sending.
    const escaping = await rawGet(`${harness.baseUrl}/plugins/hello-panel/..%2f..%2f..%2fetc%2fhostname`);
    expect(escaping).toBe(404);
    const grafanaPath = await fetch(`${harness.baseUrl}/public/plugins/hello-panel/plugin.json`);
    expect(grafanaPath.status).toBe(200);
  });

  it('reuses the cached shared bundle', async () => {
    const bundle = await ensureSharedBundle();
    expect(bundle.built).toBe(false);
    expect(existsSync(bundle.path)).toBe(true);
    expect(bundle.modules).toEqual(expect.arrayContaining([...REQUIRED_SHARED_MODULES]));
  });
});

describe('openHarness with bad options', () => {
  it('names a plugin folder that does not exist', async () => {
    await expect(openHarness({ plugins: { 'gone-panel': '/nonexistent/dist' } })).rejects.toThrow(
      'folder of plugin "gone-panel" not found: /nonexistent/dist',
    );
  });

  it('names the package to install', async () => {
    await expect(openHarness({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      "install Debian's chromium: apt-get install chromium",
    );
  });
});
