// Grafana's icons load SVG files over HTTP via react-inlinesvg; in jsdom an empty <svg> stands in for them.
import React from 'react';

export const cacheStore = {};

export default function InlineSVG({ src, title }: { src?: string; title?: string }) {
  return React.createElement('svg', { 'data-src': src, 'aria-label': title });
}
