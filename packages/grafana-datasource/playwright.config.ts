import { dirname, join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import type { PluginOptions } from '@grafana/plugin-e2e';

/**
 * End-to-end specs (tests/) against a running Grafana that has this plugin and the provisioned LogCAS
 * datasource and dashboards (GRAFANA_URL). Always Debian's Chromium: Playwright never downloads a browser.
 */
const grafanaUrl = process.env.GRAFANA_URL;
if (!grafanaUrl) {
  throw new Error(
    'Set GRAFANA_URL (e.g. http://localhost:3000) to a Grafana with the LogCAS plugin to run the e2e specs',
  );
}

const user = process.env.GRAFANA_USER ?? 'admin';
const password = process.env.GRAFANA_PASSWORD ?? 'admin';
const launchOptions = { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' };
const pluginE2eAuth = join(dirname(require.resolve('@grafana/plugin-e2e')), 'auth');

export default defineConfig<PluginOptions>({
  testDir: './tests',
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60000,
  use: {
    baseURL: grafanaUrl,
    trace: 'retain-on-failure',
    launchOptions,
    user: { user, password },
    grafanaAPICredentials: { user, password },
    provisioningRootDir: join(__dirname, '../../provisioning'),
  },
  projects: [
    // Logs in once (plugin-e2e's own setup) and stores the session in playwright/.auth/<user>.json.
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/], use: { launchOptions } },
    {
      name: 'run-tests',
      use: { ...devices['Desktop Chrome'], launchOptions, storageState: `playwright/.auth/${user}.json` },
      dependencies: ['auth'],
    },
  ],
});
