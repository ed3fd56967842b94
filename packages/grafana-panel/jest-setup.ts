// jsdom has no canvas (it only logs "not implemented"); the panel skips painting when there is no context and
// tests read the computed draw list from data attributes.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];

// rc-drawer (under Grafana's Drawer) measures the scrollbar with a pseudo-element style, which jsdom lacks.
const computedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => computedStyle(element);
