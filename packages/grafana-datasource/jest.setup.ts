// Browser APIs that jsdom lacks but Grafana's UI components call while rendering.
import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });

// The integration test runs core's server (Fastify, MongoDB driver) inside jsdom, because @grafana/runtime
// only loads with a DOM; jsdom hides Node's setImmediate, which those libraries use.
if (typeof setImmediate === 'undefined') {
  const { setImmediate: nodeSetImmediate, clearImmediate: nodeClearImmediate } =
    jest.requireActual<typeof import('node:timers')>('node:timers');
  Object.assign(globalThis, { setImmediate: nodeSetImmediate, clearImmediate: nodeClearImmediate });
}

if (typeof window !== 'undefined' && !window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!('ResizeObserver' in globalThis)) Object.assign(globalThis, { ResizeObserver: NoopResizeObserver });
if (!('IntersectionObserver' in globalThis)) Object.assign(globalThis, { IntersectionObserver: NoopResizeObserver });
