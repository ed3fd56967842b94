/** A frame with no rows that says why, for queries that have nothing to show yet. Pure. */
import { createDataFrame, type DataFrame, type PreferredVisualisationType } from '@grafana/data';

/** Grafana shows the notice beside the panel's "No data"; the LogCAS timeline shows its text. */
export function emptyFrame(refId: string, hint: string, visualisation?: PreferredVisualisationType): DataFrame {
  return createDataFrame({
    refId,
    name: 'empty',
    fields: [],
    meta: { preferredVisualisationType: visualisation, notices: [{ severity: 'info', text: hint }] },
  });
}
