/**
 * What Grafana's plugin catalog shows of both plugins: plugin.json's listing fields, the README (rendered
 * on the plugin page, where a relative image link resolves against the page, not the plugin folder) and the
 * CHANGELOG (the page's "Changelog" tab).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, REPO } from './files';

interface PluginJson {
  id: string;
  type: string;
  category?: string;
  info: { links: Array<{ name: string; url: string }>; screenshots: Array<{ name: string; path: string }> };
}

const PLUGINS = ['packages/grafana-datasource', 'packages/grafana-panel'];

describe.each(PLUGINS)('%s', (dir) => {
  const plugin = readJson<PluginJson>(join(dir, 'src/plugin.json'));
  const readme = readFileSync(join(REPO, dir, 'README.md'), 'utf8');

  it('lists links Grafana can open and screenshots that exist', () => {
    expect(plugin.info.links.length).toBeGreaterThan(0);
    for (const link of plugin.info.links) {
      expect(link.name).not.toBe('');
      expect(link.url).toMatch(/^(https:\/\/|\/)/);
    }
    expect(plugin.info.screenshots.length).toBeGreaterThan(0);
    for (const shot of plugin.info.screenshots) expect(existsSync(join(REPO, dir, shot.path))).toBe(true);
  });

  it('links images in its README absolutely, to files the plugin ships', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    const prefix = `/public/plugins/${plugin.id}/`;
    for (const image of images) {
      expect(image.startsWith(prefix)).toBe(true);
      expect(existsSync(join(REPO, dir, image.slice(prefix.length)))).toBe(true);
    }
  });

  it("names Grafana's real setting for unsigned plugins, and only that one", () => {
    expect(readme).toContain('GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS');
    expect(readme).not.toMatch(/GF_PLUGINS_ALLOW_UNSIGNED_PLUGINS/);
  });

  it('has a CHANGELOG whose newest entry is the package version', () => {
    const changelog = readFileSync(join(REPO, dir, 'CHANGELOG.md'), 'utf8');
    const version = readJson<{ version: string }>(join(dir, 'package.json')).version;
    expect(changelog.match(/^## (\S+)/m)?.[1]).toBe(version);
  });
});

test('the datasource is listed under logging', () => {
  expect(readJson<PluginJson>('packages/grafana-datasource/src/plugin.json').category).toBe('logging');
});
