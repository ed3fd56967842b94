/** `GET /volume`, `GET /values/:field` — the dashboard helpers. */
import type { ValuesField } from '../../contract';
import { queryValues } from '../../query/values';
import { queryVolume } from '../../query/volume';
import { ERROR_RESPONSES } from '../schemas/common';
import { ValuesParams, ValuesQuery, ValuesResponse, VolumeQuery, VolumeResponse } from '../schemas/routes';
import type { ApiApp, RouteDeps } from '../types';

export function registerSeriesRoutes(app: ApiApp, { store }: RouteDeps): void {
  app.get(
    '/volume',
    {
      schema: {
        summary: 'Log counts per level per time step',
        querystring: VolumeQuery,
        response: { 200: VolumeResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => queryVolume(store, request.query),
  );
  app.get(
    '/values/:field',
    {
      schema: {
        summary: 'Distinct values of a field in a time range, for dashboard variables',
        params: ValuesParams,
        querystring: ValuesQuery,
        response: { 200: ValuesResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => queryValues(store, request.params.field as ValuesField, request.query),
  );
}
