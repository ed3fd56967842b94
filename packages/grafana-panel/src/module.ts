/** Plugin entry: wiring only. Options and their defaults live in types.ts. */
import { FieldConfigProperty, PanelPlugin } from '@grafana/data';
import { MAX_SPAN_SECONDS } from '@logcas/contract/constants';
import { TimelinePanel } from './components/TimelinePanel';
import { DEFAULT_OPTIONS, LEVEL_NAMES, type TimelineOptions } from './types';

// Of Grafana's field options only data links (a request bar follows its request id's first link) and the
// display name apply to a timeline; the others would show in the editor and do nothing.
const UNUSED_FIELD_OPTIONS = Object.values(FieldConfigProperty).filter(
  (property) => property !== FieldConfigProperty.Links && property !== FieldConfigProperty.DisplayName,
);

export const plugin = new PanelPlugin<TimelineOptions>(TimelinePanel)
  .useFieldConfig({ disableStandardOptions: UNUSED_FIELD_OPTIONS })
  .setPanelOptions((builder) => {
    builder
      .addRadio({
        path: 'mode',
        name: 'Mode',
        description:
          "Request: lanes of one request. Requests: many requests as bars. Resource: one resource's requests on one axis. Auto: from the data.",
        defaultValue: DEFAULT_OPTIONS.mode,
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'request', label: 'Request' },
            { value: 'requests', label: 'Requests' },
            { value: 'resource', label: 'Resource' },
          ],
        },
      })
      .addRadio({
        path: 'laneGrouping',
        name: 'Lanes',
        description:
          'How request mode splits logs into lanes. Auto: per service, split by host when it ran on several.',
        defaultValue: DEFAULT_OPTIONS.laneGrouping,
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'service', label: 'Service' },
            { value: 'host', label: 'Host' },
            { value: 'serviceHost', label: 'Service + host' },
          ],
        },
        showIf: (o) => o.mode !== 'requests' && o.mode !== 'resource',
      })
      .addBooleanSwitch({
        path: 'showInfo',
        name: 'Show INFO marks',
        description: 'Includes AUDIT.',
        defaultValue: DEFAULT_OPTIONS.showInfo,
      })
      .addBooleanSwitch({
        path: 'showDebug',
        name: 'Show DEBUG marks',
        description: 'Includes TRACE.',
        defaultValue: DEFAULT_OPTIONS.showDebug,
      })
      .addNumberInput({
        path: 'maxMarks',
        name: 'Max marks',
        description: 'Above this many visible marks, lanes are drawn as density strips.',
        defaultValue: DEFAULT_OPTIONS.maxMarks,
        settings: { min: 100, max: 200000, integer: true },
      })
      .addTextInput({
        path: 'requestVariable',
        name: 'Request variable',
        description:
          'Dashboard variable set to the request id when a request bar is clicked (without "var-"). Without it, ' +
          "a click follows the request id's data link, or opens the Request detail dashboard.",
        defaultValue: DEFAULT_OPTIONS.requestVariable,
      })
      .addTextInput({
        path: 'requestDashboardUid',
        name: 'Request detail dashboard',
        description: 'uid of the dashboard a request bar opens when neither the variable nor a data link applies.',
        defaultValue: DEFAULT_OPTIONS.requestDashboardUid,
      })
      .addTextInput({
        path: 'rangeDashboardUid',
        name: 'Range window dashboard',
        description: "uid of the dashboard the range-window button of a log's details opens.",
        defaultValue: DEFAULT_OPTIONS.rangeDashboardUid,
      })
      .addNumberInput({
        path: 'rangeSpanSeconds',
        name: 'Range window (± seconds)',
        description: `Span of the "logs around this log" link in the log details (1–${MAX_SPAN_SECONDS}).`,
        defaultValue: DEFAULT_OPTIONS.rangeSpanSeconds,
        settings: { min: 1, max: MAX_SPAN_SECONDS, integer: true },
      });
    for (const level of LEVEL_NAMES) {
      builder.addColorPicker({
        path: `levelColors.${level}`,
        name: level,
        category: ['Level colours'],
        defaultValue: DEFAULT_OPTIONS.levelColors[level],
      });
    }
  });
