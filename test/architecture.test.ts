/**
 * Rules about the repository itself: imports only point down and never form a cycle between folders of
 * packages/core/src, production code (scripts/ included) never imports test code (.dependency-cruiser.cjs),
 * and the repository explains itself — no comment or doc cites an outside specification instead of docs/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..');
const SOURCES = [
  'packages/contract/src',
  'packages/core/src',
  'packages/grafana-datasource/src',
  'packages/grafana-panel/src',
  'tools/browser-harness/src',
  'scripts',
];

test('imports follow .dependency-cruiser.cjs: layers point down, no folder cycle, no test code in production', () => {
  const cruise = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
      ...SOURCES,
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  expect(`${cruise.stdout}${cruise.stderr}`).toContain('no dependency violations found');
  expect(cruise.status).toBe(0);
});

test('no file cites an outside specification (SPEC §n, STYLE habit n): cite docs/ or nothing', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((file) => /\.(ts|tsx|js|cjs|mjs|md|json|ya?ml|sh)$/.test(file) || file === 'Dockerfile');
  const citing = /SPEC §|STYLE habit/;
  // This file names the patterns it looks for.
  const offenders = files.filter(
    (file) => file !== 'test/architecture.test.ts' && citing.test(readFileSync(join(REPO, file), 'utf8')),
  );
  expect(offenders).toEqual([]);
});
