// The integration test runs core's server (Fastify, MongoDB driver) inside jsdom, because @grafana/runtime
// only loads with a DOM; jsdom hides Node's setImmediate, which those libraries use.
if (typeof setImmediate === 'undefined') {
  const { setImmediate: nodeSetImmediate, clearImmediate: nodeClearImmediate } =
    jest.requireActual<typeof import('node:timers')>('node:timers');
  Object.assign(globalThis, { setImmediate: nodeSetImmediate, clearImmediate: nodeClearImmediate });
}

// jsdom has no layout. Grafana's comboboxes size themselves with a canvas's measureText (text is measured
// as 7 px per character) and show only the options their virtual list finds room for (every element is
// given a 120 px box, as Grafana's own Combobox tests do).
if (typeof HTMLCanvasElement !== 'undefined') {
  const measuring = { font: '', measureText: (text: string) => ({ width: text.length * 7 }) };
  HTMLCanvasElement.prototype.getContext = (() => measuring) as unknown as HTMLCanvasElement['getContext'];
  const box = { width: 120, height: 120, top: 0, left: 0, bottom: 120, right: 120, x: 0, y: 0 };
  Element.prototype.getBoundingClientRect = () => ({ ...box, toJSON: () => box }) as DOMRect;
  for (const size of ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight'] as const) {
    Object.defineProperty(HTMLElement.prototype, size, { configurable: true, get: () => 120 });
  }
}
