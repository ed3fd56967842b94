/** `GET /health`: liveness and database reachability. */
import { Type, type Static } from 'typebox';

export const HealthResponseSchema = Type.Object({
  status: Type.Enum(['ok', 'degraded']),
  database: Type.Enum(['up', 'down']),
  version: Type.String(),
});
export type HealthResponse = Static<typeof HealthResponseSchema>;
