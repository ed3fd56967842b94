import { PanelPlugin } from '@grafana/data';
import { plugin } from './module';
import { DEFAULT_OPTIONS, LEVEL_NAMES, withDefaults } from './types';

interface Added {
  kind: string;
  path: string;
  defaultValue: unknown;
  settings?: { options?: Array<{ value: string }> };
}

// Grafana's editor registry lives in the app, not in @grafana/data: record what the builder is asked for instead.
function optionsOf(): Added[] {
  const added: Added[] = [];
  const builder: Record<string, (config: Omit<Added, 'kind'>) => unknown> = {};
  for (const kind of [
    'addRadio',
    'addBooleanSwitch',
    'addNumberInput',
    'addTextInput',
    'addColorPicker',
    'addSelect',
  ]) {
    builder[kind] = (config) => {
      added.push({ kind, ...config });
      return builder;
    };
  }
  plugin.getPanelOptionsSupplier()(builder as never, { data: [] } as never);
  return added;
}

function valueAt(path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown>)[key], DEFAULT_OPTIONS);
}

describe('module', () => {
  it('exports a PanelPlugin rendering the timeline', () => {
    expect(plugin).toBeInstanceOf(PanelPlugin);
    expect(plugin.panel?.name).toBe('TimelinePanel');
  });

  it('offers every option with the default from types.ts', () => {
    const options = optionsOf();
    expect(options.map((o) => o.path)).toEqual([
      'mode',
      'laneGrouping',
      'showInfo',
      'showDebug',
      'maxMarks',
      'requestVariable',
      'requestDashboardUid',
      'rangeDashboardUid',
      'rangeSpanSeconds',
      ...LEVEL_NAMES.map((l) => `levelColors.${l}`),
    ]);
    for (const o of options) expect(o.defaultValue).toEqual(valueAt(o.path));
    expect(options.find((o) => o.path === 'mode')!.settings!.options!.map((c) => c.value)).toEqual([
      'auto',
      'request',
      'requests',
      'resource',
    ]);
    expect(options.find((o) => o.path === 'laneGrouping')!.settings!.options!.map((c) => c.value)).toEqual([
      'auto',
      'service',
      'host',
      'serviceHost',
    ]);
  });

  it('completes partial saved options with the defaults', () => {
    const options = withDefaults({ mode: 'requests', levelColors: { ERROR: '#f0f' } as never });
    expect(options.mode).toBe('requests');
    expect(options.maxMarks).toBe(5000);
    expect(options.levelColors.ERROR).toBe('#f0f');
    expect(options.levelColors.INFO).toBe('green');
  });
});
