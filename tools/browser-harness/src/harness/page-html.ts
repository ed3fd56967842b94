/**
 * The harness page. Order matters: Grafana's boot data (read by @grafana/runtime's config when the shared
 * bundle runs), SystemJS, the shared bundle (registers the shared modules), then the AMD extra, so nothing
 * inside the shared bundle ever sees SystemJS's global `define`.
 */
export function harnessPageHtml(): string {
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>browser-harness</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="root"></div>
    <script>
      window.grafanaBootData = {
        assets: { dark: '', light: '' },
        settings: { buildInfo: { version: '13.2.2', commit: 'harness', env: 'production' } },
        user: { theme: new URLSearchParams(location.search).get('theme') === 'light' ? 'light' : 'dark' },
        navTree: [],
      };
    </script>
    <script src="/systemjs/system.js"></script>
    <script src="/shared.js"></script>
    <script src="/systemjs/extras/amd.js"></script>
  </body>
</html>
`;
}
