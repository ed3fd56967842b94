/**
 * Runs inside the harness page, bundled into the shared script right after the shared modules.
 * It registers every shared module in SystemJS the way Grafana does (a `package:` URL plus an import-map
 * entry), then exposes `window.harness` for tests. It takes the modules as arguments, so the harness uses
 * the very same React and @grafana/* instances a plugin receives.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- shared modules are untyped here on purpose */

import type { PageHarness, RenderOptions, ThemeMode } from '../harness/page-api';

type Modules = Record<string, any>;

interface SystemLike {
  set(id: string, ns: object): unknown;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<any>;
}

// Grafana's own prefix: a URL-looking id SystemJS accepts in its registry.
const PREFIX = 'package:';

/** The SystemJS namespace for a shared module: AMD consumers get `default` (the module itself). */
function toNamespace(value: any): object {
  const named = value !== null && (typeof value === 'object' || typeof value === 'function') ? { ...value } : {};
  return { ...named, default: value, __useDefault: true };
}

function registerShared(system: SystemLike, modules: Modules): void {
  const imports: Record<string, string> = {};
  for (const [name, value] of Object.entries(modules)) {
    system.set(PREFIX + name, toNamespace(value));
    imports[name] = PREFIX + name;
  }
  system.addImportMap({ imports });
}

function pageTheme(): ThemeMode {
  return new URLSearchParams(window.location.search).get('theme') === 'light' ? 'light' : 'dark';
}

/** Installs the shared modules into SystemJS and `window.harness` into the page. */
export function installHarness(modules: Modules): void {
  const w = window as any;
  const system: SystemLike | undefined = w.System;
  if (!system || typeof system.addImportMap !== 'function') {
    throw new Error('browser-harness: SystemJS (system.js) must be loaded before the shared bundle');
  }
  registerShared(system, modules);

  const React = modules['react'];
  const { flushSync } = modules['react-dom'];
  const { createRoot } = modules['react-dom/client'];
  const { createTheme, ThemeContext } = modules['@grafana/data'];
  const { GlobalStyles } = modules['@grafana/ui'];
  const runtime = modules['@grafana/runtime'];
  const roots = new Map<Element, any>();
  const themes: Partial<Record<ThemeMode, any>> = {};

  const themeOf = (mode: ThemeMode): any => (themes[mode] ??= createTheme({ colors: { mode } }));
  const applyTheme = (mode: ThemeMode): void => {
    const theme = themeOf(mode);
    // Components that read config.theme2 instead of the context must see the same theme.
    if (runtime?.config) runtime.config.theme2 = theme;
    document.body.style.background = theme.colors.background.canvas;
    document.body.style.color = theme.colors.text.primary;
  };
  applyTheme(pageTheme());

  const resolveContainer = (target: Element | string | undefined): Element => {
    const found =
      typeof target === 'string' ? document.querySelector(target) : (target ?? document.getElementById('root'));
    if (!found) throw new Error(`browser-harness: render container not found: ${String(target)}`);
    return found;
  };

  const harness = {
    shared: modules,
    async load(url: string): Promise<any> {
      const ns = await system.import(url);
      return ns && ns.__useDefault ? ns.default : ns;
    },
    theme: (mode: ThemeMode = pageTheme()): any => themeOf(mode),
    // flushSync: the DOM is ready when render returns; rendering again into a container updates it.
    render(what: any, propsOrOptions?: any, maybeOptions?: RenderOptions): void {
      const isElement = React.isValidElement(what);
      const props = isElement ? undefined : propsOrOptions;
      const options: RenderOptions = (isElement ? propsOrOptions : maybeOptions) ?? {};
      const mode = options.theme ?? pageTheme();
      applyTheme(mode);
      const element = isElement ? what : React.createElement(what, props ?? {});
      const container = resolveContainer(options.container);
      let root = roots.get(container);
      if (!root) {
        root = createRoot(container);
        roots.set(container, root);
      }
      const tree = React.createElement(
        ThemeContext.Provider,
        { value: themeOf(mode) },
        GlobalStyles ? React.createElement(GlobalStyles) : null,
        element,
      );
      flushSync(() => root.render(tree));
    },
    unmount(target?: Element | string): void {
      const container = resolveContainer(target);
      const root = roots.get(container);
      if (root) flushSync(() => root.unmount());
      roots.delete(container);
    },
    ready: true as const,
  };
  w.harness = harness as unknown as PageHarness;
}
