// The integration test runs core's server (Fastify, MongoDB driver) inside jsdom, because @grafana/runtime
// only loads with a DOM; jsdom hides Node's setImmediate, which those libraries use.
if (typeof setImmediate === 'undefined') {
  const { setImmediate: nodeSetImmediate, clearImmediate: nodeClearImmediate } =
    jest.requireActual<typeof import('node:timers')>('node:timers');
  Object.assign(globalThis, { setImmediate: nodeSetImmediate, clearImmediate: nodeClearImmediate });
}
