/** The Fastify instance type with TypeBox inference, and what routes get from the app. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Config } from '../config';
import type { DatabaseGate } from './database-gate';
import type { Store } from '../store/connection';

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RouteDeps {
  store: Store;
  config: Pick<Config, 'apiToken'>;
  /** Slots, deadlines and cancellation of every database-bound route (api/database-gate.ts). */
  gate: DatabaseGate;
}
