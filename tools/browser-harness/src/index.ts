// Public entry of the browser harness: load Grafana plugin AMD modules in Debian's Chromium through SystemJS.
export { openHarness } from './harness/open-harness';
export type { Harness, HarnessOptions } from './harness/open-harness';
export type { PageProblem } from './harness/page-errors';
export { ensureSharedBundle } from './bundle/build';
export type { SharedBundle } from './bundle/build';
export { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium/launch';
export { REQUIRED_SHARED_MODULES, OPTIONAL_SHARED_MODULES } from './bundle/shared-modules';
export type { PageHarness, RenderOptions, SharedModules, ThemeMode } from './harness/page-api';
