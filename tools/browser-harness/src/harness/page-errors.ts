import type { Page } from 'playwright-core';

/** Something that went wrong in the page: an uncaught error, a console.error, or a failed request. */
export interface PageProblem {
  kind: 'pageerror' | 'console' | 'http' | 'requestfailed';
  text: string;
}

/** Starts collecting problems of a page into the returned (live) array. */
export function collectPageProblems(page: Page): PageProblem[] {
  const problems: PageProblem[] = [];
  page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: error.stack ?? error.message }));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium's own line for a failed load; the 'http' and 'requestfailed' entries already name the URL.
    if (message.text().startsWith('Failed to load resource:')) return;
    const { url, lineNumber } = message.location();
    problems.push({ kind: 'console', text: url ? `${message.text()} (${url}:${lineNumber})` : message.text() });
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push({ kind: 'http', text: `${response.status()} ${response.url()}` });
  });
  page.on('requestfailed', (request) =>
    problems.push({ kind: 'requestfailed', text: `${request.failure()?.errorText ?? 'failed'} ${request.url()}` }),
  );
  return problems;
}

/** One readable block listing problems, for assertion messages. */
export function formatProblems(problems: readonly PageProblem[]): string {
  return problems.map((p, i) => `${i + 1}. [${p.kind}] ${p.text}`).join('\n');
}
