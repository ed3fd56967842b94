/**
 * Types of what the harness page exposes as `window.harness`, for code inside `page.evaluate(...)`.
 * Importing the harness (`tools/browser-harness/src`) brings the `Window.harness` declaration along.
 */
import type * as ReactModule from 'react';
import type * as GrafanaData from '@grafana/data';
import type * as GrafanaRuntime from '@grafana/runtime';
import type * as GrafanaUi from '@grafana/ui';

export type ThemeMode = 'dark' | 'light';

/** Options of `window.harness.render`. */
export interface RenderOptions {
  /** Element or CSS selector to render into; default `#root`. */
  container?: Element | string;
  /** Grafana theme given through ThemeContext; default the harness's theme (dark unless opened with light). */
  theme?: ThemeMode;
}

/** The shared modules as plugins receive them, by their AMD names. */
export type SharedModules = {
  react: typeof ReactModule;
  '@grafana/data': typeof GrafanaData;
  '@grafana/runtime': typeof GrafanaRuntime;
  '@grafana/ui': typeof GrafanaUi;
} & Record<string, unknown>;

/** `window.harness` inside the harness page. */
export interface PageHarness {
  /** Every shared module by name: the very instances a plugin's `define([...])` receives. */
  shared: SharedModules;
  /** System.import of a module URL (e.g. `/plugins/<id>/module.js`); resolves to the module's exports. */
  load<T = Record<string, unknown>>(url: string): Promise<T>;
  /** Renders an element inside Grafana's ThemeContext (synchronously: the DOM is ready on return). */
  render(element: ReactModule.ReactElement, options?: RenderOptions): void;
  /** Renders a component with props inside Grafana's ThemeContext. */
  render<P extends object>(component: ReactModule.ComponentType<P>, props: P, options?: RenderOptions): void;
  /** Unmounts what `render` put into a container (default `#root`). */
  unmount(container?: Element | string): void;
  /** Grafana's theme object for a mode (default the harness's theme). */
  theme(mode?: ThemeMode): GrafanaData.GrafanaTheme2;
  ready: true;
}

declare global {
  interface Window {
    harness: PageHarness;
  }
}
